"""The base API classes: authentication, tenant scoping, pagination and the error format.

Tenant scoping lives here and only here (ARCHITECTURE.md, convention 3): a view that shows
tenant data subclasses :class:`ScopedAPIView` and names a *selector* — a function
``selector(*, viewer) -> QuerySet`` that returns only what the viewer may see. The queryset
and every object lookup go through it, so another tenant's object answers 404. A view that
serves only public or self data must say so with ``tenant_scoped = False``; a test walks the
URL conf and fails on any API view that does neither.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from django.core.exceptions import ImproperlyConfigured
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, generics, status
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from config.exceptions import ApplicationError

_CODES = {
    400: "validation_error",
    401: "not_authenticated",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    415: "unsupported_media_type",
    429: "throttled",
}


def _flatten(detail: Any) -> list[str]:
    if isinstance(detail, dict):
        return [m for value in detail.values() for m in _flatten(value)]
    if isinstance(detail, list):
        return [m for value in detail for m in _flatten(value)]
    return [str(detail)]


def _fields(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """Field errors keyed by field name; nested serializers' errors by dotted path (``organization.uscc``);
    errors of a list's items under the list's own name."""
    if not isinstance(detail, dict):
        return {}
    fields: dict[str, list[str]] = {}
    for key, value in detail.items():
        if key == "non_field_errors":
            continue
        if isinstance(value, dict) and not all(str(k).isdigit() for k in value):
            fields.update(_fields(value, f"{prefix}{key}."))
        else:
            fields[f"{prefix}{key}"] = _flatten(value)
    return fields


def _api_exception(exc: ApplicationError) -> exceptions.APIException:
    """The API exception of an application error: same message, status and code."""
    api_exc = exceptions.APIException(detail=str(exc), code=exc.code)
    api_exc.status_code = exc.status_code
    return api_exc


def exception_handler(exc: Exception, context: dict) -> Response | None:
    """Render every API error as ``{"error": {"code", "message", "fields"}}`` (Chinese by default).

    An ``ApplicationError`` (``Conflict``…) raised by a service keeps its status and code;
    Django's ``ValidationError`` (raised by services) becomes a 400 with its field errors;
    Django's ``PermissionDenied`` a 403; ``Http404`` a 404.
    """
    if isinstance(exc, ApplicationError):
        exc = _api_exception(exc)
    elif isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        exc = exceptions.ValidationError(detail=detail)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(*exc.args)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(_("未找到该对象，或您无权访问。"))

    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    detail = response.data
    code = _CODES.get(response.status_code, "error")
    if isinstance(exc, exceptions.AuthenticationFailed):
        code = "authentication_failed"
    fields = _fields(detail) if response.status_code == 400 else {}
    if isinstance(exc, exceptions.Throttled):
        wait = max(1, int(exc.wait or 1))
        response["Retry-After"] = str(wait)
        message = _("请求过于频繁，请在 %(wait)d 秒后重试。") % {"wait": wait}
    elif response.status_code == 400:
        messages = _flatten(detail.get("non_field_errors", [])) if isinstance(detail, dict) else _flatten(detail)
        message = messages[0] if messages else _("提交的数据有误，请检查标出的字段。")
    else:
        message = _flatten(detail)[0] if detail else str(exc)
    response.data = {"error": {"code": code, "message": message, "fields": fields}}
    return response


def _audit_actor(request) -> None:
    """The audit log's middleware runs before DRF authenticates a token: name the actor now."""
    from auditlog.context import auditlog_value

    context = auditlog_value.get(None)
    if context is not None and context.get("actor") is None and request.user.is_authenticated:
        context["actor"] = request.user


class BaseAPIView(APIView):
    """Every API view derives from this (directly or through the generic mixins below)."""

    #: ``False`` for views that show only public reference data or the caller's own account.
    tenant_scoped: ClassVar[bool] = True
    #: ``selector(*, viewer) -> QuerySet``: what the viewer may see. Required when tenant_scoped.
    selector: ClassVar[Callable[..., QuerySet] | None] = None
    #: ``object_selector(*, viewer) -> object``: the caller's own object (``/me/`` endpoints); 404 if none.
    object_selector: ClassVar[Callable[..., Any] | None] = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.__dict__.get("queryset") is not None and cls.__dict__.get("tenant_scoped", cls.tenant_scoped):
            raise ImproperlyConfigured(
                f"{cls.__name__} sets a queryset directly; tenant-scoped views must name a selector."
            )

    def initial(self, request, *args: Any, **kwargs: Any) -> None:
        cls = type(self)
        if self.tenant_scoped and cls.selector is None and cls.object_selector is None:
            raise ImproperlyConfigured(f"{cls.__name__} is tenant-scoped but names no selector.")
        super().initial(request, *args, **kwargs)
        _audit_actor(request)
        # PostgreSQL text cannot hold NUL: a query parameter with one would reach a filter and fail (500)
        bad = sorted({key for key, values in request.query_params.lists() if any("\x00" in v for v in values)})
        if bad:
            raise exceptions.ValidationError({key: [_("参数不能包含空字符（NUL）。")] for key in bad})

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):  # schema generation has no real viewer
            model = getattr(self, "schema_model", None) or self.get_serializer_class().Meta.model  # type: ignore
            return model.objects.none()
        selector = type(self).selector
        if selector is None:
            if self.tenant_scoped:
                raise ImproperlyConfigured(f"{type(self).__name__} has no selector.")
            return super().get_queryset()  # type: ignore[misc]
        return selector(viewer=self.request.user)


    def get_object(self) -> Any:
        object_selector = type(self).object_selector
        if object_selector is not None:
            obj = object_selector(viewer=self.request.user)
            self.check_object_permissions(self.request, obj)
            return obj
        return super().get_object()  # type: ignore[misc]


class ViewerObjectAPIView(BaseAPIView, generics.GenericAPIView):
    """An endpoint about the caller's own object, found by ``object_selector`` (never by id)."""


class ScopedListAPIView(BaseAPIView, generics.ListAPIView):
    """A paginated list whose rows come from the view's selector."""


class ScopedRetrieveAPIView(BaseAPIView, generics.RetrieveAPIView):
    """One object from the selector's queryset; 404 when it is not the viewer's."""


class PublicListAPIView(BaseAPIView, generics.ListAPIView):
    """Reference data anyone may read (no tenant data)."""

    tenant_scoped = False
    authentication_classes: ClassVar[list] = []
    permission_classes: ClassVar[list] = []


class OwnListAPIView(ScopedListAPIView):
    """The caller's own rows (the selector scopes them); POST validates ``input_serializer`` and
    creates one through ``save`` (a service taking ``actor`` and ``data``) → 201."""

    input_serializer: type  # set by every subclass
    save: Callable[..., Any]

    def post(self, request, *args: Any, **kwargs: Any) -> Response:
        data = self.input_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        obj = type(self).save(actor=request.user, data=dict(data.validated_data))
        return Response(self.serializer_class(obj).data, status=status.HTTP_201_CREATED)


class OwnDetailAPIView(BaseAPIView):
    """One of the caller's own rows; another tenant's answers 404 before any validation.
    PATCH saves through ``save`` with the id passed as ``id_argument``."""

    input_serializer: type  # set by every subclass
    save: Callable[..., Any]
    id_argument: str = "id"
    #: False: PATCH leaves the refusal to the service (a party of the wrong kind gets its 403)
    owner_check_first: bool = True

    def _own(self, pk: int) -> Any:
        obj = self.get_queryset().filter(pk=pk).first()
        if obj is None:
            raise Http404
        return obj

    def get(self, request, pk: int) -> Response:
        return Response(self.serializer_class(self._own(pk)).data)

    def patch(self, request, pk: int) -> Response:
        if self.owner_check_first:
            self._own(pk)
        data = self.input_serializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        obj = type(self).save(actor=request.user, data=dict(data.validated_data), **{self.id_argument: pk})
        return Response(self.serializer_class(obj).data)
