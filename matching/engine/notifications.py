"""In-app notifications, mirrored by email after commit."""

from __future__ import annotations

import json
from collections.abc import Iterable

from django.db import connection
from django.utils import timezone

from config.queueing import enqueue_on_commit
from enterprises.models import Membership, User
from matching.engine.models import Notification
from matching.engine.tasks import send_notification_emails


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
    return notify_many([(user_ids, kind, title, body, link)])


#: (user ids, kind, title, body, link) of one notification sent to several users.
Message = tuple[Iterable[int], str, str, str, str]


def notify_many(messages: Iterable[Message]) -> int:
    """``notify`` for many messages: one insert statement (a JSON recordset, however many rows —
    a rematch chunk sends thousands) and one email task for all of them."""
    rows = [{"user_id": uid, "kind": kind, "title": str(title)[:200], "body": str(body), "link": link[:255]}
            for user_ids, kind, title, body, link in messages for uid in sorted(set(user_ids))]
    if not rows:
        return 0
    with connection.cursor() as cursor:
        cursor.execute(f"""INSERT INTO {Notification._meta.db_table} (user_id, kind, title, body, link, created_at)
                           SELECT u.user_id, u.kind, u.title, u.body, u.link, %s
                           FROM json_to_recordset(%s::json)
                                AS u(user_id bigint, kind text, title text, body text, link text)
                           RETURNING id""", [timezone.now(), json.dumps(rows, ensure_ascii=False)])
        ids = [row[0] for row in cursor.fetchall()]
    enqueue_on_commit(send_notification_emails, ids)
    return len(ids)


def members_by_organization(organization_ids: Iterable[int]) -> dict[int, list[int]]:
    """Active members of each organization, in one query."""
    out: dict[int, list[int]] = {}
    for org, user in (Membership.objects.filter(organization_id__in=set(organization_ids), user__is_active=True)
                      .order_by("user_id").values_list("organization_id", "user_id")):
        out.setdefault(org, []).append(user)
    return out


def notifications_mark_read(*, user: User, notification_id: int | None = None) -> int:
    """Mark one (or, without an id, all) of the user's notifications read; returns how many."""
    from django.utils import timezone

    qs = Notification.objects.filter(user=user, read_at=None)
    if notification_id is not None:
        qs = qs.filter(pk=notification_id)
    return qs.update(read_at=timezone.now())
