"""The security log: one ``SecurityEvent`` row and one ``qilian.security`` log line per event.

Sign-ins (success, failure, lockout), sign-outs, idle-session expiry, second-factor checks,
token changes and refused requests (401, and 403/404 of signed-in users) are recorded with
who, what, when (UTC), the client address and its user agent.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from config.client_ip import client_ip
from enterprises.models import SecurityEvent

log = logging.getLogger("qilian.security")


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
