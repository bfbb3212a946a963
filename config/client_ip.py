"""The client's address behind the proxies the operator trusts (lockout, rate limits, logs)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


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
