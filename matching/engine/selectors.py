"""Read side of the engine: matches and notifications, each scoped to the viewer."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from enterprises.models import User
from enterprises.permissions import membership_of
from matching.engine.models import Match, Notification


def viewer_org_id(viewer: User) -> int | None:
    """The viewer's organization id, or None (a talent, an operator, an anonymous user)."""
    membership = membership_of(viewer)
    return membership.organization_id if membership else None


def not_found() -> Http404:
    """The one answer for what does not exist and what is not the viewer's (nothing revealed)."""
    return Http404(_("未找到该对象，或您无权访问。"))


def matches_for_viewer(*, viewer: User, domain: str | None = None, include_retired: bool = False) -> QuerySet[Match]:
    """Matches the viewer is a party to (their organization or themselves on either side)."""
    org_id = viewer_org_id(viewer)
    q = Q(need_user=viewer) | Q(offer_user=viewer)
    if org_id:
        q |= Q(need_org_id=org_id) | Q(offer_org_id=org_id)
    qs = Match.objects.filter(q)
    if domain:
        qs = qs.filter(domain=domain)
    if not include_retired:
        qs = qs.filter(retired_at=None)
    return qs.select_related("need_org", "offer_org").order_by("-score", "offer_id", "id")


def match_get(*, viewer: User, match_id: int) -> Match:
    """One match the viewer is party to (retired ones too); 404 otherwise."""
    match = matches_for_viewer(viewer=viewer, include_retired=True).filter(pk=match_id).first()
    if match is None:
        raise not_found()
    return match


def notifications_for_viewer(*, viewer: User) -> QuerySet[Notification]:
    return Notification.objects.filter(user=viewer).order_by("-created_at", "-id")


def unread_count(*, viewer: User) -> int:
    return Notification.objects.filter(user=viewer, read_at=None).count() if viewer.is_authenticated else 0
