"""API v1: the caller's own API tokens (list, create, revoke)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import authenticate
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle

from config.api import BaseAPIView, ScopedListAPIView
from enterprises.models import ApiToken, SecurityEvent
from enterprises.security import otp, tokens
from enterprises.security.events import record


class ApiTokenSerializer(serializers.ModelSerializer):
    class Meta:
        model = ApiToken
        fields = ["id", "name", "prefix", "created_at", "last_used_at"]
        read_only_fields = fields


class ApiTokenCreatedSerializer(ApiTokenSerializer):
    key = serializers.CharField(read_only=True, help_text="只在创建时返回一次")

    class Meta(ApiTokenSerializer.Meta):
        fields = [*ApiTokenSerializer.Meta.fields, "key"]
        read_only_fields = fields


class ApiTokenInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=64, label="名称")


class ApiTokenListAPI(ScopedListAPIView):
    """The caller's active tokens; POST creates a named one and returns its key once.

    Users who must use a second factor (bank staff, operators) create tokens only from a web
    session that has passed it (or with the code, through ``POST /auth/token/``), not with a token.
    """

    selector = tokens.tokens_for
    serializer_class = ApiTokenSerializer

    @extend_schema(request=ApiTokenInputSerializer, responses={201: ApiTokenCreatedSerializer})
    def post(self, request: Request) -> Response:
        data = ApiTokenInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if isinstance(request.auth, ApiToken) and otp.must_use_otp(request.user):
            raise PermissionDenied(_("银行和运营人员的新令牌须在已完成两步验证的网页中创建。"))
        token, key = tokens.token_create(user=request.user, name=data.validated_data["name"],
                                         request=request._request)
        token.key = key  # type: ignore[attr-defined]
        return Response(ApiTokenCreatedSerializer(token).data, status=status.HTTP_201_CREATED)


class ApiTokenDetailAPI(BaseAPIView):
    """DELETE revokes one of the caller's tokens (another user's answers 404)."""

    selector = tokens.tokens_for
    serializer_class = ApiTokenSerializer

    @extend_schema(responses={204: None})
    def delete(self, request: Request, pk: int, *args: Any, **kwargs: Any) -> Response:
        tokens.token_revoke(viewer=request.user, token_id=pk, request=request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class TokenInputSerializer(serializers.Serializer):
    username = serializers.CharField(label="用户名")
    password = serializers.CharField(label="密码", style={"input_type": "password"}, trim_whitespace=False)
    otp_token = serializers.CharField(
        label="动态验证码", required=False, allow_blank=True,
        help_text="启用了两步验证的账号（银行、运营人员必须启用）需填写身份验证器上的 6 位验证码",
    )


class AuthTokenAPI(BaseAPIView):
    """Exchange a username and password for an API token named "default" (a new key each time;
    the previous "default" token is revoked). Accounts with a second factor add ``otp_token``."""

    tenant_scoped = False
    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "auth"

    @extend_schema(
        request=TokenInputSerializer,
        responses={200: inline_serializer("TokenOut", {"token": serializers.CharField()})},
    )
    def post(self, request: Request) -> Response:
        data = TokenInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        user = authenticate(request._request, username=values["username"], password=values["password"])
        if user is None:
            raise ValidationError(_("无法使用提供的认证信息登录。"))
        if otp.otp_required(user):
            if not otp.has_device(user):
                raise PermissionDenied(_("该账号须使用两步验证：请先在网页端登录并绑定身份验证器，再申请 API 令牌。"))
            if not otp.check_code(user, values.get("otp_token", "")):
                record(SecurityEvent.Kind.OTP_FAILURE, request._request, user=user, detail="api token")
                raise ValidationError({"otp_token": [_("动态验证码错误或已过期。")]})
        _token, key = tokens.token_rotate_default(user=user, request=request._request)
        return Response({"token": key})
