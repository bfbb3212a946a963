"""Application errors: plain Python, raised by services, shown by pages and mapped by the API.

A service that refuses an operation for a business reason raises one of these (or Django's
``ValidationError`` / ``PermissionDenied``). Nothing here depends on the API layer: the API's
exception handler (``config.api.exception_handler``) turns an ``ApplicationError`` into the
documented error shape with its ``status_code`` and ``code``; a page shows ``str(exc)``.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy


class ApplicationError(Exception):
    """A business rule refused the operation (400 unless a subclass says otherwise)."""

    status_code = 400
    code = "error"
    default_message: str | Promise = gettext_lazy("操作未能完成。")

    def __init__(self, message: str | Promise | None = None) -> None:
        self.message = message if message is not None else self.default_message
        super().__init__(self.message)

    def __str__(self) -> str:
        return str(self.message)


class Conflict(ApplicationError):
    """An illegal state change (409): the object is not in a state that allows it."""

    status_code = 409
    code = "conflict"
    default_message = gettext_lazy("操作与当前状态冲突。")
