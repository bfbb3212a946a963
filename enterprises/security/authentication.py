"""API authentication: named, revocable tokens (``Authorization: Token <key>``) and the portal
session — the latter only once a user who needs a second factor has passed it."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.request import Request

from config.client_ip import client_ip
from enterprises.security import otp
from enterprises.security.tokens import authenticate_key, touch


class ApiTokenAuthentication(TokenAuthentication):
    """``enterprises.ApiToken``: hashed keys, revocation, last-used time (written at most once a minute)."""

    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:  # type: ignore[override]
        token = authenticate_key(key)
        if token is None:
            raise exceptions.AuthenticationFailed(_("令牌无效或已被撤销。"))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("该账号已停用。"))
        return token.user, token

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        result = super().authenticate(request)
        if result is not None:
            touch(result[1], client_ip(request._request))
        return result


class VerifiedSessionAuthentication(SessionAuthentication):
    """The portal session, with CSRF; not for a user who still owes the second factor."""

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        result = super().authenticate(request)
        if result is None:
            return None
        django_request = request._request
        if otp.session_requires_otp(django_request) and not otp.is_verified(django_request.user):
            return None
        return result


class _VerifiedSessionScheme(OpenApiAuthenticationExtension):
    """OpenAPI: the portal session is Django's session cookie."""

    target_class = "enterprises.security.authentication.VerifiedSessionAuthentication"
    name = "cookieAuth"

    def get_security_definition(self, auto_schema: Any) -> dict:
        return {"type": "apiKey", "in": "cookie", "name": settings.SESSION_COOKIE_NAME}
