"""Helpers of the matchmaking-event tests (no tests here): events, matched firms, registrations."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from enterprises.models import IndustrialChain, Region, User
from matching.models import Match, MatchmakingEvent
from tests import factories


def event_data(**overrides: Any) -> dict[str, Any]:
    """Service input for an open event in 长沙 on the 工程机械 chain, 30 days from today."""
    day = timezone.localdate() + dt.timedelta(days=30)
    data = {
        "title": "工程机械产业链配套对接会", "chain": IndustrialChain.objects.get(slug="construction-machinery"),
        "city": Region.objects.get(pk="430100"), "date": day, "venue": "长沙国际会议中心, 3 号厅; 东门",
        "start_time": dt.time(9, 0), "slot_count": 3, "meeting_minutes": 20, "break_minutes": 5, "tables": 2,
        "meeting_cap": 2, "status": "open",
        "registration_deadline": timezone.make_aware(dt.datetime.combine(day - dt.timedelta(days=3), dt.time(18))),
    }
    data.update(overrides)
    return data


def make_event(operator: User | None = None, **overrides: Any) -> MatchmakingEvent:
    from matching.events.services import event_create

    return event_create(actor=operator or factories.OperatorFactory(), data=event_data(**overrides))


def match_between(buyer: User, supplier: User, **need_kwargs: Any) -> Match:
    """A sourcing need of the buyer matched (by the real engine) to the supplier's capability."""
    from matching.engine.matcher import match_need
    from matching.engine.registry import get_domain
    from matching.models import ProductCategory
    from matching.supply.categories import load_taxonomy

    if not ProductCategory.objects.filter(pk="hydraulics").exists():  # flushed by a transactional test
        load_taxonomy()

    need = factories.sourcing_need(buyer.membership.organization, **need_kwargs)
    factories.capability(supplier.membership.organization)
    match_need(get_domain("supply"), need.pk)
    return Match.objects.get(domain="supply", need_id=need.pk, offer_org=supplier.membership.organization)


def register(user: User, event: MatchmakingEvent, role: str, **prefs: Any):
    from matching.events.services import registration_create

    return registration_create(actor=user, event_id=event.pk, role=role, **prefs)


def schedule_now(event: MatchmakingEvent, operator: User, commit) -> MatchmakingEvent:
    """Request the schedule and run the (eager) Celery job that the commit queues."""
    from matching.events.services import event_schedule_request

    with commit(execute=True):
        event_schedule_request(actor=operator, event_id=event.pk)
    event.refresh_from_db()
    return event


def move_event_to(event: MatchmakingEvent, day: dt.date) -> None:
    MatchmakingEvent.objects.filter(pk=event.pk).update(date=day)
    event.refresh_from_db()
