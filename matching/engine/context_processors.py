"""Template context for every page: the signed-in user's unread notification count."""

from __future__ import annotations

from django.http import HttpRequest

from matching.engine.selectors import unread_count


def notifications(request: HttpRequest) -> dict:
    """``unread_notifications`` for the header badge (one query, signed-in users only)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notifications": 0}
    return {"unread_notifications": unread_count(viewer=user)}
