"""The schedule job through a real Celery worker (Redis broker, the ``matching`` queue)."""

from __future__ import annotations

import time

import pytest

from matching.models import MatchmakingEvent, Meeting
from tests import factories
from tests.factories.events import make_event, match_between, register

pytestmark = pytest.mark.worker


def test_operator_starts_the_schedule_and_a_worker_builds_it(real_worker, as_user):
    operator = factories.OperatorFactory()
    buyer, supplier = factories.enterprise(), factories.enterprise()
    match_between(buyer, supplier)
    event = make_event(operator)
    register(buyer, event, "buyer")
    register(supplier, event, "supplier")

    response = as_user(operator).post(f"/api/v1/backoffice/events/{event.pk}/schedule/")
    assert response.status_code == 202 and response.json()["schedule_status"] == "queued"

    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and MatchmakingEvent.objects.get(pk=event.pk).schedule_status != "succeeded":
        time.sleep(0.2)
    event.refresh_from_db()
    assert event.schedule_status == "succeeded" and event.status == "scheduled"
    assert Meeting.objects.filter(event=event, buyer=buyer.membership.organization).count() == 1
