"""Request-level guards: idle sessions end, the second factor comes first, refusals are logged."""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import lru_cache
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from enterprises.models import SecurityEvent
from enterprises.security import otp
from enterprises.security.events import record

SEEN_KEY = "qilian_last_seen"
#: The last-seen time is written at most this often (seconds), not on every request.
SEEN_RESOLUTION = 60


def mark_seen(request: HttpRequest) -> None:
    request.session[SEEN_KEY] = int(time.time())


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


class SessionIdleTimeoutMiddleware:
    """Sign a session out after ``QILIAN_SESSION_IDLE_TIMEOUT`` seconds without a request (sliding)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            last = request.session.get(SEEN_KEY)
            if last is not None and now - int(last) > settings.QILIAN_SESSION_IDLE_TIMEOUT:
                record(SecurityEvent.Kind.SESSION_EXPIRED, request, user=user)
                logout(request)
                if not _is_api(request):
                    messages.info(request, _("由于长时间未操作，您已自动退出，请重新登录。"))
            elif last is None or now - int(last) >= SEEN_RESOLUTION:
                request.session[SEEN_KEY] = now
        return self.get_response(request)


@lru_cache(maxsize=1)
def _exempt_prefixes() -> tuple[str, ...]:
    return (
        reverse("account:otp_verify"), reverse("account:otp_setup"), reverse("portal:logout"),
        reverse("portal:login"), "/static/", "/i18n/", "/api/", "/favicon",
    )


class SecondFactorMiddleware:
    """Users who need a second factor see only the enrol/verify pages until they pass it.

    The API is left to its authentication classes: a session that has not passed the second
    factor does not authenticate there (enterprises.security.authentication); tokens are not affected.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated and not request.path.startswith(_exempt_prefixes())
                and otp.session_requires_otp(request) and not otp.is_verified(user)):
            query = urlencode({"next": request.get_full_path()})
            return HttpResponseRedirect(f"{reverse('account:otp_verify')}?{query}")
        return self.get_response(request)


#: Browsers ask for these on their own; a missing one is not a refused request.
_NOT_LOGGED = ("/static/", "/favicon.ico", "/robots.txt", "/apple-touch-icon")


class AccessDeniedLogMiddleware:
    """Log every 401, and every 403/404 answered to a signed-in user (pages and API)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        status = response.status_code
        if (status == 401 or status in (403, 404)) and not request.path.startswith(_NOT_LOGGED):
            user = getattr(request, "user", None)
            authenticated = bool(user is not None and user.is_authenticated)
            if status == 401 or authenticated:
                record(SecurityEvent.Kind.ACCESS_DENIED, request, user=user if authenticated else None,
                       status_code=status)
        return response
