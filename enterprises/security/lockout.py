"""Login lockout (django-axes): per user name and per client address, with a Chinese answer.

A user name is locked after ``AXES_FAILURE_LIMIT`` failures (from any address) within
``AXES_COOLOFF_TIME``; an address after ``QILIAN_LOGIN_IP_FAILURE_LIMIT`` failures over all user
names. Many staff of one bank share an address behind a NAT, so the address limit is much higher
than the user limit: one person's typos never lock their colleagues out, while password spraying
from one address still stops. A successful sign-in clears that user name's failures.
"""

from __future__ import annotations

import math
from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import messages
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from enterprises.forms import LoginForm


class LockoutBackend(AxesStandaloneBackend):
    """Axes' check before the password backend. Internal calls without a request (management
    commands) are not web sign-ins and are left to the password backend."""

    def authenticate(self, request: HttpRequest | None, username: str | None = None,  # type: ignore[override]
                     password: str | None = None, **kwargs: Any) -> None:
        if request is None:
            return None
        return super().authenticate(getattr(request, "_request", request), username, password, **kwargs)


def _failures(**filters: Any) -> int:
    return AccessAttempt.objects.filter(**filters).aggregate(n=Sum("failures_since_start"))["n"] or 0


class QilianAxesHandler(AxesDatabaseHandler):
    """Different limits per user name and per address (see the module docstring)."""

    def get_failures(self, request: HttpRequest, credentials: dict | None = None) -> int:
        threshold = get_cool_off_threshold(request)
        limit = settings.AXES_FAILURE_LIMIT
        username = get_client_username(request, credentials)
        by_user = _failures(username=username, attempt_time__gte=threshold) if username else 0
        ip = getattr(request, "axes_ip_address", None)
        by_ip = _failures(ip_address=ip, attempt_time__gte=threshold) if ip else 0
        if by_ip >= settings.QILIAN_LOGIN_IP_FAILURE_LIMIT:
            return max(by_user, limit)
        return by_user

    def reset_user_attempts(self, request: HttpRequest, credentials: dict | None = None) -> int:
        username = get_client_username(request, credentials)
        if not username:
            return 0
        count, _ = AccessAttempt.objects.filter(username=username).delete()
        return count


def lockout_message() -> str:
    minutes = max(1, math.ceil(get_cool_off().total_seconds() / 60))
    return _("登录失败次数过多，账号或当前网络已被暂时锁定，请 %(minutes)d 分钟后再试。") % {"minutes": minutes}


def lockout_response(request: HttpRequest, original_response: HttpResponse | None = None,
                     credentials: dict | None = None) -> HttpResponse:
    """429 with ``Retry-After``: the error shape for the API, the sign-in page with the message otherwise."""
    message = lockout_message()
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse(
            {"error": {"code": "locked_out", "message": message, "fields": {}}}, status=429
        )
    else:
        messages.error(request, message)
        form = LoginForm(request, initial={"username": (credentials or {}).get("username", "")})
        response = render(request, "enterprises/public/login.html",
                          {"form": form, "next": request.POST.get("next", "")}, status=429)
    response["Retry-After"] = str(int(get_cool_off().total_seconds()))
    return response
