"""Helpers shared by the domains' pages: guards by kind of organization, refusals as messages, labels."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from config.exceptions import ApplicationError
from enterprises.models import Organization
from enterprises.permissions import ensure_can_publish, membership_of


def member_of(kind: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Signed-in members of a ``kind`` organization only; anyone else gets a 404 (nothing revealed)."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            membership = membership_of(request.user)
            if membership is None or membership.organization.kind != kind:
                raise Http404(_("页面不存在。"))
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


enterprise_required = member_of(Organization.Kind.ENTERPRISE)
bank_required = member_of(Organization.Kind.BANK)


def own_organization(request: HttpRequest) -> Organization:
    """The signed-in member's organization (the guards above made sure there is one)."""
    return membership_of(request.user).organization


def publish_refusal(organization: Organization) -> str:
    """The services' own message when the organization may not publish yet, else ``""``."""
    try:
        ensure_can_publish(organization)
    except PermissionDenied as exc:
        return str(exc)
    return ""


def report_refusal(request: HttpRequest, exc: Exception) -> None:
    """A service's PermissionDenied, Conflict or other application error as an error message."""
    text = str(exc) if isinstance(exc, ApplicationError | PermissionDenied) else ""
    messages.error(request, text or _("您没有权限执行此操作。"))


def label(choices: type, value: str, default: str = "") -> str:
    """The translated label of a TextChoices value (``default`` for unknown or empty)."""
    try:
        return str(choices(value).label) if value else default
    except ValueError:
        return value or default


def listing(items: list[str]) -> str:
    """Items joined the way the language lists them (``甲、乙`` / ``A, B``)."""
    return _("、").join(str(i) for i in items)
