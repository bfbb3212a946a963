"""PostgreSQL drops the worker's connection in the middle of a match run: the task is retried
and the run completes once, with no duplicate match."""

from __future__ import annotations

import zlib
from decimal import Decimal

import psycopg
import pytest
from django.db import connection, transaction
from django.db.models import Count

from matching.models import FinancingRequest, Match, MatchRun
from tests import factories
from tests.conftest import _test_database_url
from tests.faults.conftest import wait_for

pytestmark = pytest.mark.worker


def _waiting_backend(holder_pid: int) -> int | None:
    """The backend (other than ours) blocked on an advisory lock: the worker, mid-run."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> %s "
                       "AND pid <> pg_backend_pid() AND wait_event_type = 'Lock' AND wait_event = 'advisory'",
                       [holder_pid])
        row = cursor.fetchone()
    return row[0] if row else None


def test_terminated_worker_connection_is_retried_and_the_run_completes_once(real_worker):
    ent = factories.enterprise().membership.organization
    # one match per bank: 4 banks' products
    products = {factories.product(factories.bank().membership.organization,
                                   rate_min=Decimal("3.0") + Decimal(i) / 10).pk for i in range(4)}
    loan = factories.loan_request(ent)

    # Hold the per-need lock the engine takes, so the worker's run stops halfway (claimed, inside
    # its transaction) where the test can cut its connection.
    holder = psycopg.connect(_test_database_url())
    try:
        holder.execute("SELECT pg_advisory_xact_lock(%s, %s)", [zlib.crc32(b"financing") & 0x7FFFFFFF, loan.pk])
        with transaction.atomic():
            from matching.engine.runs import run_create

            run = run_create(domain="financing", scope="need", target_id=loan.pk)
        pid = None

        def blocked() -> bool:
            nonlocal pid
            pid = _waiting_backend(holder.info.backend_pid)
            return pid is not None

        assert wait_for(blocked, timeout=30, interval=0.1), "the worker never reached the engine"
        assert MatchRun.objects.get(pk=run.pk).status == "running"
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
            assert cursor.fetchone()[0] is True
    finally:
        holder.rollback()  # releases the lock for the retried attempt
        holder.close()

    assert wait_for(lambda: MatchRun.objects.get(pk=run.pk).status == "succeeded", timeout=60, interval=0.3)
    finished = MatchRun.objects.get(pk=run.pk)
    assert finished.attempts == 2  # the cut attempt, then the retry
    assert finished.kept == len(products) and finished.error == ""
    rows = Match.objects.filter(domain="financing", need_id=loan.pk)
    assert set(rows.values_list("offer_id", flat=True)) == products
    assert not rows.values("offer_id").annotate(n=Count("id")).filter(n__gt=1).exists()  # no duplicates
    assert FinancingRequest.objects.get(pk=loan.pk).status == "matched"
