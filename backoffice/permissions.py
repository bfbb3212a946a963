"""Every back-office page and endpoint is for operators only (others get 404 / 403)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission

from config.api import BaseAPIView
from enterprises.permissions import is_operator


def operator_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Portal pages: 404 for anyone but an operator (the back-office's pages are not advertised)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_operator(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


class IsOperator(BasePermission):
    """API: 401 without credentials, 403 for authenticated non-operators."""

    message = _("仅平台运营人员可以访问运营后台接口。")

    def has_permission(self, request, view) -> bool:
        return is_operator(request.user)



class OperatorAPIView(BaseAPIView):
    """Base of every back-office API view: operators only; they see every tenant's data."""

    tenant_scoped = False
    permission_classes = [IsOperator]
