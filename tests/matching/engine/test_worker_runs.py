"""Matching through a real Celery worker: fast after save, and nothing lost when the worker dies."""

from __future__ import annotations

import time
from decimal import Decimal

import pytest

from matching.engine.matcher import match_needs
from matching.engine.registry import get_domain
from matching.models import FinancingRequest, Match, MatchRun
from tests import factories

pytestmark = pytest.mark.worker


def wait_for(predicate, timeout: float, interval: float = 0.1) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return False


def test_a_request_posted_over_the_api_has_its_matches_within_10_seconds(real_worker, as_user):
    ent = factories.enterprise()
    # one match per bank: three banks' products
    products = [factories.product(factories.bank().membership.organization, rate_min=Decimal("3.0") + Decimal(i) / 10)
                for i in range(3)]

    started = time.monotonic()
    response = as_user(ent).post("/api/v1/financing/requests/",
                                 {"amount": "2000000.00", "term": 24, "purpose": "equipment"}, format="json")
    assert response.status_code == 201
    request_id = response.json()["id"]

    assert wait_for(lambda: Match.objects.filter(need_id=request_id).count() == 3, timeout=10)
    assert time.monotonic() - started < 10
    assert wait_for(lambda: MatchRun.objects.get(scope="need", target_id=request_id).status == "succeeded", 5)
    assert MatchRun.objects.get(scope="need", target_id=request_id).kept == 3
    assert set(Match.objects.filter(need_id=request_id).values_list("offer_id", flat=True)) == {
        p.pk for p in products}


def _snapshot() -> list[tuple]:
    return list(Match.objects.filter(retired_at=None).order_by("need_id", "offer_id")
                .values_list("need_id", "offer_id", "score", "rank"))


def test_killing_the_worker_mid_run_loses_nothing_and_rerun_is_identical(real_worker, settings):
    """Given a domain rematch in progress, when the worker is SIGKILLed and started again,
    then the run completes with every need matched, no duplicates, and the same rows as a rerun."""
    from matching.engine.runs import run_create

    banks = [factories.bank().membership.organization for _ in range(4)]
    for i in range(40):
        factories.product(banks[i % 4], rate_min=Decimal("3.00") + Decimal(i % 7) / 10,
                          amount_max=Decimal(3_000_000 + 100_000 * i), approval_days=1 + i % 9)
    firms = [factories.enterprise().membership.organization for _ in range(15)]
    # three chunks of 500 needs (a chunk is written in one transaction, so the kill lands between chunks)
    need_ids = [r.pk for r in FinancingRequest.objects.bulk_create([
        FinancingRequest(enterprise=firms[i % 15], amount=Decimal(600_000 + 2_000 * i), term=6 + i % 24,
                         purpose="working_capital", collateral=[], max_rate=Decimal("4.50"), urgency="normal")
        for i in range(1200)])]

    from django.db import transaction

    with transaction.atomic():
        run = run_create(domain="financing", scope="domain")
    assert wait_for(lambda: Match.objects.filter(run=run).exists(), timeout=20, interval=0.02)
    real_worker.kill()
    partial = Match.objects.filter(run=run).values("need_id").distinct().count()
    assert 0 < partial < len(need_ids), "the kill should land mid-run"

    real_worker.start()
    assert wait_for(lambda: MatchRun.objects.get(pk=run.pk).status == "succeeded", timeout=90, interval=0.5)

    after = _snapshot()
    assert {n for n, *_ in after} == set(need_ids)  # every need matched: nothing lost
    assert len(after) == len({(n, o) for n, o, *_ in after})  # no duplicates
    spec = get_domain("financing")
    match_needs(spec, need_ids)
    assert _snapshot() == after  # the same matches as a clean rerun
    assert FinancingRequest.objects.filter(status="matched").count() == len(need_ids)
