"""Template context shared by every portal page."""

from __future__ import annotations

from django.http import HttpRequest

from enterprises.models import Membership


def viewer(request: HttpRequest) -> dict:
    """Expose the signed-in user's organization membership (one query, cached on the request)."""
    user = getattr(request, "user", None)
    membership = None
    if user is not None and user.is_authenticated:
        membership = getattr(user, "_cached_membership", None)
        if membership is None:
            membership = Membership.objects.select_related("organization").filter(user=user).first()
            user._cached_membership = membership
    return {"viewer_membership": membership}
