"""Receivers of Django's sign-in signals: every sign-in, failure, lockout and sign-out is written to
the security log. Connected once by ``EnterprisesConfig.ready`` (:func:`connect`)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.http import HttpRequest

from enterprises.models import SecurityEvent
from enterprises.security import otp
from enterprises.security.events import record
from enterprises.security.middleware import mark_seen


def connect() -> None:
    """Connect the receivers (idempotent: each has a dispatch uid)."""
    user_logged_in.connect(_logged_in, dispatch_uid="qilian-security-login")
    user_login_failed.connect(_login_failed, dispatch_uid="qilian-security-login-failed")
    user_logged_out.connect(_logged_out, dispatch_uid="qilian-security-logout")


def _logged_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    record(SecurityEvent.Kind.LOGIN_SUCCESS, request, user=user)
    if request is not None and hasattr(request, "session"):
        otp.remember_requirement(request, user)
        mark_seen(request)


def _login_failed(sender: Any, credentials: dict, request: HttpRequest | None = None, **kwargs: Any) -> None:
    request = getattr(request, "_request", request)  # a DRF request wraps the HttpRequest
    locked = bool(getattr(request, "axes_locked_out", False))
    record(SecurityEvent.Kind.LOCKED_OUT if locked else SecurityEvent.Kind.LOGIN_FAILURE, request,
           username=str(credentials.get("username", "") or ""), user=None)


def _logged_out(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record(SecurityEvent.Kind.LOGOUT, request, user=user)
