"""The demo 产业链对接会: 工程机械 in 长沙 next month, ~20 firms in both roles, a generated schedule."""

from __future__ import annotations

from collections import Counter

import pytest
from django.core.management import call_command
from django.utils import timezone

from matching.management.commands.seed_events import next_month
from matching.models import MatchmakingEvent, Meeting

pytestmark = pytest.mark.django_db


def test_demo_event_with_a_schedule_and_idempotent():
    call_command("seed_demo", "--scale", "200", "--talents", "5", "--pending", "1")
    call_command("seed_events")

    event = MatchmakingEvent.objects.get()
    assert (event.chain.slug, event.city_id, event.slot_count, event.tables, event.meeting_cap) == (
        "construction-machinery", "430100", 6, 8, 4)
    assert event.date == next_month(timezone.localdate())
    roles = Counter(event.registrations.values_list("role", flat=True))
    assert sum(roles.values()) >= 16 and roles["buyer"] + roles["both"] >= 4 and roles["supplier"] >= 4
    assert event.status == "scheduled" and event.schedule_status == "succeeded"
    meetings = Meeting.objects.filter(event=event)
    assert meetings.count() >= 10 and meetings.filter(match__isnull=False).exists()
    load = Counter([m.buyer_id for m in meetings] + [m.supplier_id for m in meetings])
    assert max(load.values()) <= 4

    call_command("seed_events")  # a second run changes nothing
    assert MatchmakingEvent.objects.count() == 1 and Meeting.objects.filter(event=event).count() == meetings.count()


def test_next_month_keeps_the_day_or_takes_the_last():
    import datetime as dt

    assert next_month(dt.date(2026, 1, 31)) == dt.date(2026, 2, 28)
    assert next_month(dt.date(2026, 12, 5)) == dt.date(2027, 1, 5)
