"""Account-security pages: two-factor enrolment and verification, backup codes, API tokens."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp.plugins.otp_static.models import StaticToken

from enterprises.forms_security import EnrolForm, OTPCodeForm, TokenCreateForm
from enterprises.security import otp, tokens
from enterprises.views.common import add_service_errors, safe_next


def _next(request: HttpRequest) -> str:
    return safe_next(request, reverse("portal:dashboard"))


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """账号安全: second-factor state, backup codes left, link to the API tokens."""
    user = request.user
    return render(request, "enterprises/security/security.html", {
        "must_use_otp": otp.must_use_otp(user),
        "enrolled": otp.has_device(user),
        "backup_left": StaticToken.objects.filter(device__user=user).count(),
        "token_count": tokens.tokens_for(viewer=user).count(),
    })


@login_required
@require_http_methods(["GET", "POST"])
def otp_verify(request: HttpRequest) -> HttpResponse:
    """The second step of signing in: a code from the authenticator or a backup code."""
    user = request.user
    if otp.is_verified(user) or not otp.session_requires_otp(request):
        return redirect(_next(request))
    if not otp.has_device(user):
        return redirect(f"{reverse('account:otp_setup')}?{request.GET.urlencode()}")
    form = OTPCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if otp.verify(request, form.cleaned_data["code"]):
            return redirect(_next(request))
        form.add_error("code", _("验证码错误或已过期，请重试。"))
    return render(request, "enterprises/security/otp_verify.html", {"form": form, "next": _next(request)})


@login_required
@require_http_methods(["GET", "POST"])
def otp_setup(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app: QR code (inline image, rendered here), key, first code."""
    user = request.user
    if otp.has_device(user):
        target = "account:security" if otp.is_verified(user) else "account:otp_verify"
        return redirect(f"{reverse(target)}?{request.GET.urlencode()}")
    device = otp.pending_device(user)
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = otp.confirm_enrolment(request, device, form.cleaned_data["code"])
        if codes is not None:
            messages.success(request, _("两步验证已启用。"))
            return render(request, "enterprises/security/backup_codes.html", {"codes": codes, "next": _next(request)})
        form.add_error("code", _("验证码不正确，请确认手机时间准确后重试。"))
    return render(request, "enterprises/security/otp_setup.html", {
        "form": form, "qr": otp.qr_data_uri(device), "secret": otp.secret_base32(device),
        "must_use_otp": otp.must_use_otp(user), "next": _next(request),
    })


@login_required
@require_POST
def backup_codes(request: HttpRequest) -> HttpResponse:
    """New backup codes (the old ones stop working), shown once."""
    if not otp.has_device(request.user):
        return redirect("account:security")
    codes = otp.new_backup_codes(request.user)
    return render(request, "enterprises/security/backup_codes.html",
                  {"codes": codes, "next": reverse("account:security")})


@login_required
@require_http_methods(["GET", "POST"])
def otp_disable(request: HttpRequest) -> HttpResponse:
    """Turn the optional second factor off (not possible for bank staff and operators)."""
    if otp.must_use_otp(request.user):
        messages.error(request, _("银行和运营人员必须使用两步验证，不能关闭。"))
        return redirect("account:security")
    if request.method == "POST":
        otp.disable(request)
        messages.success(request, _("两步验证已关闭。"))
        return redirect("account:security")
    return render(request, "enterprises/security/otp_disable.html")


@login_required
@require_http_methods(["GET", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    """我的 API 令牌: list, create with a name (the key is shown once)."""
    form = TokenCreateForm(request.POST or None)
    created = key = None
    if request.method == "POST" and form.is_valid():
        try:
            created, key = tokens.token_create(user=request.user, name=form.cleaned_data["name"], request=request)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            form = TokenCreateForm()
    return render(request, "enterprises/security/tokens.html", {
        "form": form, "tokens": tokens.tokens_for(viewer=request.user), "created": created, "key": key,
    })


@login_required
@require_http_methods(["GET", "POST"])
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm, then revoke one of the user's own tokens (another user's: 404)."""
    token = tokens.tokens_for(viewer=request.user).filter(pk=pk).first()
    if request.method == "POST":
        tokens.token_revoke(viewer=request.user, token_id=pk, request=request)
        messages.success(request, _("令牌已撤销，使用它的系统将无法再访问。"))
        return redirect("account:tokens")
    if token is None:
        raise Http404(_("未找到该对象，或您无权访问。"))
    return render(request, "enterprises/security/token_revoke.html", {"token": token})
