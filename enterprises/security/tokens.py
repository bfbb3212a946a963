"""API tokens: named, several per user, revocable, with a last-used time. Only a SHA-256 of
each key is stored; the key is returned once, by :func:`token_create`."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from enterprises.models import ApiToken, SecurityEvent, User
from enterprises.security.events import record

KEY_PREFIX = "ql_"
#: ``last_used_at`` is written at most once per this interval per token (no write per request).
LAST_USED_RESOLUTION = timedelta(minutes=1)
DEFAULT_NAME = "default"


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def tokens_for(*, viewer: User) -> QuerySet[ApiToken]:
    """The viewer's own active tokens, newest first."""
    if not viewer.is_authenticated:
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user=viewer, revoked_at__isnull=True)


def token_create(*, user: User, name: str, request: HttpRequest | None = None) -> tuple[ApiToken, str]:
    """Create a named token for the user; returns it with its key (shown only now)."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": [_("请填写令牌名称。")]})
    if len(name) > 64:
        raise ValidationError({"name": [_("令牌名称不能超过 64 个字符。")]})
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        if ApiToken.objects.select_for_update().filter(user=user, name=name, revoked_at__isnull=True).exists():
            raise ValidationError({"name": [_("已有同名的有效令牌，请换一个名称。")]})
        token = ApiToken.objects.create(user=user, name=name, prefix=key[:11], key_hash=hash_key(key))
    record(SecurityEvent.Kind.TOKEN_CREATED, request, user=user, detail=f"{name} {token.prefix}")
    return token, key


def token_rotate_default(*, user: User, request: HttpRequest | None = None) -> tuple[ApiToken, str]:
    """``POST /auth/token/``: a new token named "default", replacing (revoking) the previous one."""
    with transaction.atomic():
        for old in ApiToken.objects.select_for_update().filter(user=user, name=DEFAULT_NAME, revoked_at__isnull=True):
            _revoke(old, request)
        return token_create(user=user, name=DEFAULT_NAME, request=request)


def token_revoke(*, viewer: User, token_id: int, request: HttpRequest | None = None) -> ApiToken:
    """Revoke one of the viewer's own tokens; another user's (or an unknown) token is a 404."""
    with transaction.atomic():
        token = tokens_for(viewer=viewer).select_for_update().filter(pk=token_id).first()
        if token is None:
            raise Http404(_("未找到该对象，或您无权访问。"))
        _revoke(token, request)
    return token


def _revoke(token: ApiToken, request: HttpRequest | None) -> None:
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    record(SecurityEvent.Kind.TOKEN_REVOKED, request, user=token.user, detail=f"{token.name} {token.prefix}")


def authenticate_key(key: str) -> ApiToken | None:
    """The active token with this key (its user joined), or ``None``."""
    return (ApiToken.objects.select_related("user").filter(key_hash=hash_key(key), revoked_at__isnull=True)
            .first())


def touch(token: ApiToken, ip: str | None) -> None:
    """Record use, at most once per minute per token (one conditional UPDATE)."""
    now = timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < LAST_USED_RESOLUTION:
        return
    cutoff = now - LAST_USED_RESOLUTION
    ApiToken.objects.filter(pk=token.pk).filter(Q(last_used_at__isnull=True) | Q(last_used_at__lt=cutoff)).update(
        last_used_at=now, last_used_ip=ip
    )
    token.last_used_at = now
