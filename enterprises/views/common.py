"""Helpers shared by the portal views: service errors onto forms, guards, safe redirects."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from enterprises.permissions import is_operator


def add_service_errors(form: forms.Form, exc: ValidationError, field_map: dict[str, str] | None = None) -> None:
    """Put a service's ``ValidationError`` onto the form, next to the fields it names.

    Keys are translated through ``field_map`` (``{"organization.uscc": "uscc"}``) and then the
    form's own ``service_fields``; keys that are not fields of the form become form-level errors.
    """
    mapping = {**getattr(form, "service_fields", {}), **(field_map or {})}
    if not hasattr(exc, "error_dict"):
        for message in exc.messages:
            form.add_error(None, message)
        return
    for key, errors in exc.message_dict.items():
        name = mapping.get(key, key)
        target = name if name in form.fields and name != NON_FIELD_ERRORS else None
        for message in errors:
            form.add_error(target, message)


def safe_next(request: HttpRequest, default: str) -> str:
    """The ``next`` parameter if it points to this site, else ``default``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def operator_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Back-office pages: operators only; everybody else gets a 404 (never revealing the page)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_operator(request.user):
            raise Http404(_("页面不存在。"))
        return view(request, *args, **kwargs)

    return wrapper


def submit(request: HttpRequest, form: forms.Form, save: Callable[[], Any], *, success: str = "") -> bool:
    """The shared POST step of a portal form: validate, call the service through ``save``, put
    its ``ValidationError`` back onto the form. Returns True once saved (with ``success`` shown as
    a message); other exceptions (``PermissionDenied``, ``Conflict``) are the caller's to map."""
    if not form.is_valid():
        return False
    try:
        save()
    except ValidationError as exc:
        add_service_errors(form, exc)
        return False
    if success:
        messages.success(request, success)
    return True
