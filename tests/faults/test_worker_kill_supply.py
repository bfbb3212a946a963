"""Soak only (``make soak`` sets QILIAN_SOAK=1): the SIGKILL-mid-rematch test of
tests/matching/test_worker_runs.py, on the supply domain (chunked, per-run TF-IDF model)."""

from __future__ import annotations

import os

import pytest
from django.db import transaction

from matching.engine.matcher import match_need
from matching.engine.registry import get_domain
from matching.models import Match, MatchRun
from tests import factories
from tests.faults.conftest import wait_for

pytestmark = [pytest.mark.worker,
              pytest.mark.skipif(not os.environ.get("QILIAN_SOAK"), reason="soak only (make soak)")]


def _snapshot() -> list[tuple]:
    return list(Match.objects.filter(domain="supply", retired_at=None).order_by("need_id", "offer_id")
                .values_list("need_id", "offer_id", "score", "rank"))


def test_killing_the_worker_mid_supply_rematch_loses_nothing(real_worker):
    from matching.engine import runs

    suppliers = [factories.enterprise().membership.organization for _ in range(8)]
    for i in range(40):
        factories.capability(suppliers[i % 8], lead_time_days=5 + i % 30, title=f"液压油缸 型号{i}")
    buyers = [factories.enterprise().membership.organization for _ in range(10)]
    need_ids = [factories.sourcing_need(buyers[i % 10], title=f"采购液压油缸 批次{i}").pk for i in range(600)]

    with transaction.atomic():
        run = runs.run_create(domain="supply", scope="domain")
    assert wait_for(lambda: Match.objects.filter(run=run).exists(), timeout=60, interval=0.02)
    real_worker.kill()
    partial = Match.objects.filter(run=run).values("need_id").distinct().count()
    assert 0 < partial < len(need_ids), "the kill should land mid-run"

    real_worker.start()
    assert wait_for(lambda: MatchRun.objects.get(pk=run.pk).status == "succeeded", timeout=180, interval=0.5)
    after = _snapshot()
    assert {n for n, *_ in after} == set(need_ids)
    assert len(after) == len({(n, o) for n, o, *_ in after})
    spec = get_domain("supply")
    for need_id in need_ids:
        match_need(spec, need_id)
    assert _snapshot() == after
