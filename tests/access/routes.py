"""Walk the URL conf and ask one route, as one role, with one object: the matrix's mechanics."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from http.cookies import SimpleCookie
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver

#: URL prefixes outside the matrix: Django's admin (staff-only, Django's own tests cover it).
SKIPPED_PREFIXES = ("admin/",)
MISSING_ID = 987654321
_KWARG = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>")


@dataclass(frozen=True)
class Route:
    pattern: str  # e.g. "api/v1/financing/requests/<int:pk>/"
    view: Any

    @property
    def is_api(self) -> bool:
        return self.pattern.startswith("api/")

    @property
    def kwargs(self) -> list[str]:
        return [m["name"] for m in _KWARG.finditer(self.pattern)]

    def methods(self) -> list[str]:
        """The HTTP methods a class-based view implements; GET and POST for function views."""
        view_class = getattr(self.view, "view_class", None) or getattr(self.view, "cls", None)
        if view_class is None:
            return ["GET", "POST"]
        return [m.upper() for m in ("get", "post", "put", "patch", "delete") if hasattr(view_class, m)]

    def url(self, values: dict[str, Any] | None) -> str:
        """The path with each ``<kwarg>`` replaced by ``values[kwarg]`` (all missing ids when None)."""

        def fill(m: re.Match) -> str:
            if values is None:
                return str(MISSING_ID) if (m["conv"] or "str") == "int" else "no-such-thing"
            return str(values[m["name"]])

        return "/" + _KWARG.sub(fill, self.pattern)


def walk(patterns: list | None = None, prefix: str = "") -> Iterator[Route]:
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            yield from walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            path = prefix + str(entry.pattern)
            if not path.startswith(SKIPPED_PREFIXES):
                yield Route(path, entry.callback)


def all_routes() -> dict[str, Route]:
    return {route.pattern: route for route in walk()}


def outcome(response) -> int | str:
    """The status code; a redirect to the login page is ``"login"`` (what anonymous visitors get)."""
    if response.status_code == 302:
        location = response.get("Location", "")
        if location.startswith("/login/") or "/login/?" in location:
            return "login"
    return response.status_code


def ask(client, method: str, url: str, *, is_api: bool, body: dict | None = None) -> int | str:
    """One request (``body``: JSON for the API, form fields for pages; empty by default) whose writes
    are rolled back and whose cookie changes (log-out) are undone."""
    saved = {key: morsel.value for key, morsel in client.cookies.items()}
    cache.clear()  # throttle counters: one request must not be refused because of the previous ones
    call = getattr(client, method.lower())
    with transaction.atomic():
        if is_api and method != "GET":
            response = call(url, body or {}, format="json")
        else:
            response = call(url, (body or {}) if method == "POST" else None)
        transaction.set_rollback(True)
    client.cookies = SimpleCookie()
    for key, value in saved.items():
        client.cookies[key] = value
    return outcome(response)
