"""The security log: one ``SecurityEvent`` row and one ``qilian.security`` log line per event.

Sign-ins (success, failure, lockout), sign-outs, idle-session expiry, second-factor checks,
token changes and refused requests (401, and 403/404 of signed-in users) are recorded with
who, what, when (UTC), the client address and its user agent.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import timezone

from enterprises.models import SecurityEvent

log = logging.getLogger("qilian.security")


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address: REMOTE_ADDR, or the X-Forwarded-For entry added by the first of the
    ``QILIAN_TRUSTED_PROXIES`` proxies in front of the app (never a client-supplied header otherwise)."""
    if request is None:
        return None
    meta = getattr(request, "META", {}) or {}
    proxies = getattr(settings, "QILIAN_TRUSTED_PROXIES", 0)
    if proxies:
        forwarded = [part.strip() for part in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies] or None
    return meta.get("REMOTE_ADDR") or None


def record(kind: str, request: HttpRequest | None = None, *, user: Any = None, username: str = "",
           status_code: int | None = None, detail: str = "") -> SecurityEvent:
    """Write one security event (row + log line). ``user`` defaults to the request's signed-in user."""
    if user is None and request is not None:
        candidate = getattr(request, "user", None)
        if candidate is not None and candidate.is_authenticated:
            user = candidate
    if user is not None and not username:
        username = user.get_username()
    meta = getattr(request, "META", {}) or {}
    event = SecurityEvent.objects.create(
        kind=kind,
        user=user if user is not None and user.pk else None,
        username=(username or "")[:150],
        ip_address=client_ip(request),
        user_agent=(meta.get("HTTP_USER_AGENT") or "")[:255],
        method=(getattr(request, "method", "") or "")[:8],
        path=(getattr(request, "path", "") or "")[:255],
        status_code=status_code,
        detail=detail[:255],
    )
    log.info(
        "%s user=%s ip=%s status=%s path=%s at=%s ua=%s %s",
        kind, event.username or "-", event.ip_address or "-", status_code or "-", event.path or "-",
        timezone.now().astimezone(dt.UTC).isoformat(), event.user_agent or "-", detail,
    )
    return event


@receiver(user_logged_in, dispatch_uid="qilian-security-login")
def _logged_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    from enterprises.security import otp
    from enterprises.security.middleware import mark_seen

    record(SecurityEvent.Kind.LOGIN_SUCCESS, request, user=user)
    if request is not None and hasattr(request, "session"):
        otp.remember_requirement(request, user)
        mark_seen(request)


@receiver(user_login_failed, dispatch_uid="qilian-security-login-failed")
def _login_failed(sender: Any, credentials: dict, request: HttpRequest | None = None, **kwargs: Any) -> None:
    request = getattr(request, "_request", request)  # a DRF request wraps the HttpRequest
    locked = bool(getattr(request, "axes_locked_out", False))
    record(SecurityEvent.Kind.LOCKED_OUT if locked else SecurityEvent.Kind.LOGIN_FAILURE, request,
           username=str(credentials.get("username", "") or ""), user=None)


@receiver(user_logged_out, dispatch_uid="qilian-security-logout")
def _logged_out(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record(SecurityEvent.Kind.LOGOUT, request, user=user)


def security_events(*, who: str = "", kind: str = "") -> Any:
    """Operators' view of the security log, newest first; filter by user name or address, and kind."""
    from django.db.models import Q

    qs = SecurityEvent.objects.all()
    if who:
        qs = qs.filter(Q(username__icontains=who) | Q(ip_address__startswith=who) if _looks_like_ip(who)
                       else Q(username__icontains=who))
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("-at", "-id")


def _looks_like_ip(text: str) -> bool:
    return all(ch in "0123456789abcdefABCDEF.:" for ch in text)
