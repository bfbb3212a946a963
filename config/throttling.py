"""API rate limits: per client (token, else user, else address) and per address.

Rates come from ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]`` (``user``/``anon`` for clients,
``ip`` for addresses), set from the environment in config/settings/base.py. A refused request
is a 429 in the error shape with a ``Retry-After`` header (config.api.exception_handler).
"""

from __future__ import annotations

from typing import Any

from rest_framework.throttling import SimpleRateThrottle

from config.client_ip import client_ip


def _ident(request: Any) -> str:
    return client_ip(getattr(request, "_request", request)) or "unknown"


class ClientRateThrottle(SimpleRateThrottle):
    """One budget per API token (each of a bank's systems separately), per session user, or per
    anonymous address."""

    scope = "user"

    def allow_request(self, request: Any, view: Any) -> bool:
        self.scope = "user" if request.user and request.user.is_authenticated else "anon"
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request: Any, view: Any) -> str:
        auth = getattr(request, "auth", None)
        if getattr(auth, "pk", None) is not None and hasattr(auth, "key_hash"):
            ident = f"token:{auth.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user:{request.user.pk}"
        else:
            ident = f"ip:{_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}

    def get_ident(self, request: Any) -> str:
        return _ident(request)


class IPRateThrottle(SimpleRateThrottle):
    """One budget per client address, whoever is signed in."""

    scope = "ip"

    def get_cache_key(self, request: Any, view: Any) -> str:
        return self.cache_format % {"scope": self.scope, "ident": _ident(request)}

    def get_ident(self, request: Any) -> str:
        return _ident(request)
