"""Redis (the Celery broker) goes down: the web keeps serving, nothing posted meanwhile is lost.

A real worker runs against a Redis server of our own (port 6390), which the test shuts down
without saving — every queued message is gone, as after a crash. Needs posted during the
outage are saved with their run ``queued``; once Redis is back, the beat sweep
(``matching.requeue_stale_runs``, sent through the broker as beat sends it) queues them again
and the worker matches them.
"""

from __future__ import annotations

import time
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from matching.models import FinancingRequest, Match, MatchRun
from tests import factories
from tests.faults.conftest import wait_for

pytestmark = pytest.mark.worker

LOAN = {"amount_wan": "300", "term": "12", "purpose": "working_capital", "purpose_detail": "采购原材料",
        "max_rate": "6.00", "urgency": "normal"}


def _run_of(request_id: int) -> MatchRun:
    return MatchRun.objects.get(domain="financing", scope="need", target_id=request_id)


def _age_queued_runs(minutes: int = 3) -> None:
    """Let the clock move on: the sweep only takes runs queued for more than two minutes."""
    MatchRun.objects.filter(status=MatchRun.Status.QUEUED).update(
        created_at=timezone.now() - timedelta(minutes=minutes))


def test_broker_outage_keeps_the_web_up_and_loses_no_run(spare_worker, spare_redis, client, as_user):
    ent = factories.enterprise()
    # one match per bank: 3 banks' products
    products = {factories.product(factories.bank().membership.organization,
                                   rate_min=Decimal("3.0") + Decimal(i) / 10).pk for i in range(3)}
    client.force_login(ent)

    spare_redis.stop()

    # the web keeps serving pages while the broker is down
    assert client.get("/").status_code == 200
    assert client.get("/financing/requests/").status_code == 200
    # a need posted through the portal is saved and answered at once (no hang on the broker)
    started = time.monotonic()
    response = client.post("/financing/requests/new/", LOAN)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert time.monotonic() - started < 5
    portal_loan = FinancingRequest.objects.get(enterprise=ent.membership.organization)
    # and one posted over the API too
    response = as_user(ent).post("/api/v1/financing/requests/",
                                 {"amount": "2000000.00", "term": 24, "purpose": "equipment"}, format="json")
    assert response.status_code == 201, response.content
    api_loan_id = response.json()["id"]
    loans = [portal_loan.pk, api_loan_id]

    time.sleep(1)  # the worker cannot have done anything: there is no message to work on
    assert [_run_of(pk).status for pk in loans] == ["queued", "queued"]
    assert not Match.objects.filter(need_id__in=loans).exists()
    assert client.get(f"/financing/requests/{portal_loan.pk}/").status_code == 200

    spare_redis.start()  # empty: the messages sent before the outage would be gone anyway
    assert not Match.objects.filter(need_id__in=loans).exists()

    _age_queued_runs()
    from matching.engine.tasks import requeue_stale_runs

    assert requeue_stale_runs.delay().get(timeout=60) == 2  # what beat sends every two minutes

    assert wait_for(lambda: all(_run_of(pk).status == "succeeded" for pk in loans), timeout=60, interval=0.3)
    for pk in loans:
        assert set(Match.objects.filter(domain="financing", need_id=pk).values_list("offer_id", flat=True)) == products
    # the enterprise sees its matches over the API
    listed = as_user(ent).get(f"/api/v1/matches/?domain=financing&need={api_loan_id}")
    assert listed.status_code == 200, listed.content
    assert {m["offer"] for m in listed.json()["results"]} == products


def test_a_sweep_finds_nothing_when_messages_got_through(spare_worker):
    """Runs whose message reached the worker are done; the sweep does not queue them twice."""
    ent = factories.enterprise().membership.organization
    bank = factories.bank().membership.organization
    factories.product(bank)
    from django.db import transaction

    from matching.engine.runs import run_create

    with transaction.atomic():
        loan = factories.loan_request(ent)
        run = run_create(domain="financing", scope="need", target_id=loan.pk)
    assert wait_for(lambda: MatchRun.objects.get(pk=run.pk).status == "succeeded", timeout=30, interval=0.2)
    _age_queued_runs()
    from matching.engine.tasks import requeue_stale_runs

    assert requeue_stale_runs.delay().get(timeout=60) == 0


@pytest.mark.django_db
def test_with_the_cache_on_the_stopped_redis_the_api_and_sign_in_still_answer(spare_redis, settings, client, as_user):
    """In production the cache (API throttle counters) is the broker's Redis: its outage must not
    turn API calls into 500s. config.cache.ResilientRedisCache serves them without the cache."""
    from django.core.cache import cache

    ent = factories.enterprise()
    client.force_login(ent)
    settings.CACHES = {"default": {"BACKEND": "config.cache.ResilientRedisCache", "LOCATION": spare_redis.url}}
    spare_redis.stop()
    try:
        started = time.monotonic()
        assert client.get("/").status_code == 200
        assert as_user(ent).get("/api/v1/matches/").status_code == 200
        signed_in = APIClient().post("/api/v1/auth/token/", {"username": ent.username, "password": factories.PASSWORD},
                                     format="json")
        assert signed_in.status_code == 200 and signed_in.json()["token"]
        assert cache.get("anything", "default") == "default" and cache.add("k", 1) is False
        assert time.monotonic() - started < 10

        # the plain Redis backend, for contrast: the same API call fails
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                       "LOCATION": spare_redis.url}}
        plain = as_user(ent)
        plain.raise_request_exception = False
        assert plain.get("/api/v1/matches/").status_code == 500
    finally:
        spare_redis.start()


@pytest.mark.django_db
def test_a_run_whose_worker_and_message_were_both_lost_is_run_again_by_the_sweep():
    """Redis restarted without persistence while the worker running the run died: the run is
    ``running`` with no message anywhere. Past every time limit the sweep queues it again."""
    from matching.engine.runs import runs_requeue_stale

    ent = factories.enterprise().membership.organization
    factories.product(factories.bank().membership.organization)
    lost, busy = (factories.loan_request(ent) for _ in range(2))
    now = timezone.now()
    orphan = MatchRun.objects.create(domain="financing", scope="need", target_id=lost.pk, status="running",
                                     attempts=1, started_at=now - timedelta(minutes=20))
    recent = MatchRun.objects.create(domain="financing", scope="need", target_id=busy.pk, status="running",
                                     attempts=1, started_at=now - timedelta(minutes=1))

    assert runs_requeue_stale() == 1  # eager here: the run executes at once

    orphan.refresh_from_db()
    assert (orphan.status, orphan.attempts, orphan.kept) == ("succeeded", 2, 1)
    assert Match.objects.filter(domain="financing", need_id=lost.pk).count() == 1
    assert MatchRun.objects.get(pk=recent.pk).status == "running"  # may still be executing: left alone
    assert not Match.objects.filter(need_id=busy.pk).exists()
