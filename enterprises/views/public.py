"""Pages anyone can see: registration, sign-in and sign-out (the front page is matching.portal's)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from enterprises import services
from enterprises.forms import ORG_KINDS, LoginForm, RegisterForm
from enterprises.views.common import add_service_errors


@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    """Sign up as an enterprise, bank, service provider (with the organization) or talent."""
    if request.user.is_authenticated:
        return redirect("portal:dashboard")
    form = RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.account_register(**form.service_kwargs())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            if user.kind in ORG_KINDS:
                messages.success(request, _("注册成功，等待平台审核。"))
            else:
                messages.success(request, _("注册成功，请完善您的个人档案。"))
            return redirect("portal:dashboard")
    return render(request, "enterprises/public/register.html", {"form": form})


class LoginView(auth_views.LoginView):
    template_name = "enterprises/public/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """POST only (Django's default); then back to the home page with a note."""

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        messages.info(request, _("您已安全退出。"))
        return response
