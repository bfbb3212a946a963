"""Members of one's organization: list, invite, remove (owners), and accepting an invitation."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from config.exceptions import ApplicationError
from enterprises import selectors, services
from enterprises.forms import InvitationAcceptForm, InviteForm
from enterprises.models import Invitation, Membership
from enterprises.permissions import membership_of
from enterprises.views.common import add_service_errors


def _is_owner(request: HttpRequest) -> bool:
    membership = membership_of(request.user)
    return membership is not None and membership.role == Membership.Role.OWNER


@login_required
@require_http_methods(["GET", "POST"])
def members(request: HttpRequest) -> HttpResponse:
    """Everyone sees the members; the owner also sees open invitations and can invite."""
    organization = selectors.own_organization(viewer=request.user)
    is_owner = _is_owner(request)
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.membership_invite(actor=request.user, **form.cleaned_data)
        except PermissionDenied as exc:
            messages.error(request, str(exc) or _("您没有权限执行此操作。"))
            return redirect("portal:members")
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已向 %(email)s 发送邀请。") % {"email": invitation.email})
            return redirect("portal:members")
    invitations = []
    if is_owner:
        invitations = [
            (inv, request.build_absolute_uri(reverse("portal:invitation_accept", args=[inv.token])))
            for inv in selectors.open_invitations(viewer=request.user).filter(expires_at__gt=timezone.now())
        ]
    context = {
        "organization": organization,
        "members": selectors.members_of_own_organization(viewer=request.user),
        "invitations": invitations,
        "is_owner": is_owner,
        "form": form,
    }
    return render(request, "enterprises/members/members.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def member_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks the owner to confirm; POST removes the member (and deactivates their account)."""
    target = selectors.members_of_own_organization(viewer=request.user).filter(pk=pk).first()
    if target is None:
        raise Http404(_("未找到该成员。"))
    if not _is_owner(request):
        raise PermissionDenied(_("只有本单位管理员可以管理成员。"))
    if request.method == "POST":
        try:
            services.membership_remove(actor=request.user, membership_id=target.pk)
        except (PermissionDenied, ApplicationError) as exc:
            messages.error(request, str(getattr(exc, "detail", exc)))
        else:
            messages.success(request, _("已移除成员 %(name)s。") % {"name": target.user.username})
        return redirect("portal:members")
    return render(request, "enterprises/members/member_confirm_remove.html", {"target": target})


@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """A colleague opens the emailed link, picks a username and password, and is signed in."""
    invitation = (
        Invitation.objects.select_related("organization")
        .filter(token=token, accepted_at=None, revoked_at=None, expires_at__gt=timezone.now())
        .first()
    )
    if invitation is None:
        return render(request, "enterprises/members/invitation_invalid.html", status=404)
    form = InvitationAcceptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(
                token=token, username=form.cleaned_data["username"], password=form.cleaned_data["password1"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("欢迎加入 %(org)s。") % {"org": invitation.organization.name})
            return redirect("portal:dashboard")
    return render(request, "enterprises/members/invitation_accept.html", {"form": form, "invitation": invitation})
