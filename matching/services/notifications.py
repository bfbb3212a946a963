"""In-app notifications, mirrored by email after commit."""

from __future__ import annotations

from collections.abc import Iterable

from config.queueing import enqueue_on_commit
from enterprises.models import Membership, User
from matching.models import Notification


def organization_user_ids(organization_ids: Iterable[int]) -> list[int]:
    """Active members of the organizations."""
    return list(
        Membership.objects.filter(organization_id__in=set(organization_ids), user__is_active=True)
        .order_by("user_id").values_list("user_id", flat=True)
    )


def operator_user_ids() -> list[int]:
    return list(User.objects.filter(is_staff=True, is_active=True).order_by("id").values_list("id", flat=True))


def notify(*, user_ids: Iterable[int], kind: str, title: str, body: str = "", link: str = "") -> int:
    """Create one notification per user (bulk) and queue their emails after commit.

    Returns how many notifications were created. Safe to call inside a transaction: nothing is
    sent if it rolls back.
    """
    ids = sorted(set(user_ids))
    if not ids:
        return 0
    created = Notification.objects.bulk_create(
        [Notification(user_id=uid, kind=kind, title=title[:200], body=body, link=link[:255]) for uid in ids]
    )
    from matching.tasks import send_notification_emails

    enqueue_on_commit(send_notification_emails, [n.pk for n in created])
    return len(created)


def notifications_mark_read(*, user: User, notification_id: int | None = None) -> int:
    """Mark one (or, without an id, all) of the user's notifications read; returns how many."""
    from django.utils import timezone

    qs = Notification.objects.filter(user=user, read_at=None)
    if notification_id is not None:
        qs = qs.filter(pk=notification_id)
    return qs.update(read_at=timezone.now())
