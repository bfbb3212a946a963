"""Match runs: create (queued after commit), claim by conditional update, execute, fan out."""

from __future__ import annotations

import logging
import zlib
from datetime import timedelta

from django.contrib.postgres.fields import ArrayField
from django.db import connection, transaction
from django.db.models import F, Func, IntegerField, Value
from django.utils import timezone

from config.queueing import enqueue_on_commit
from matching.engine.matcher import Counts, match_needs
from matching.engine.models import MatchRun
from matching.engine.registry import get_domain
from matching.engine.tasks import run_chunk, run_match

logger = logging.getLogger(__name__)
CHUNK_SIZE = 500
MAX_ATTEMPTS = 5


def run_create(*, domain: str, scope: str, target_id: int | None = None) -> MatchRun:
    """Record a run and queue it once the surrounding transaction commits.

    ``scope`` is ``need``, ``offer`` or ``domain`` (with ``target_id`` for the first two).
    """
    get_domain(domain)  # unknown domains fail here, not in the worker
    run = MatchRun.objects.create(domain=domain, scope=scope, target_id=target_id,
                                  engine_version=get_domain(domain).version)
    enqueue_on_commit(run_match, run.pk)
    return run


def _claim(run_id: int) -> bool:
    """queued|running → running, counting the attempt. A redelivered run (its worker died) is
    claimed again; a finished one is not."""
    return bool(
        MatchRun.objects.filter(pk=run_id, status__in=[MatchRun.Status.QUEUED, MatchRun.Status.RUNNING],
                                attempts__lt=MAX_ATTEMPTS)
        .update(status=MatchRun.Status.RUNNING, attempts=F("attempts") + 1, started_at=timezone.now(), error="")
    )


def _try_run_lock(run_id: int) -> bool:
    """A session-level advisory lock: held while one worker executes the run; released by
    PostgreSQL if that worker dies."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [zlib.crc32(b"run") & 0x7FFFFFFF, run_id])
        return bool(cursor.fetchone()[0])


def _release_run_lock(run_id: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [zlib.crc32(b"run") & 0x7FFFFFFF, run_id])


def _finish(run_id: int, counts: Counts | None, error: str = "") -> None:
    values = {"status": MatchRun.Status.FAILED if error else MatchRun.Status.SUCCEEDED,
              "finished_at": timezone.now(), "error": error[:5000]}
    if counts is not None:
        values.update(candidates=counts.candidates, scored=counts.scored, kept=counts.kept, retired=counts.retired)
    MatchRun.objects.filter(pk=run_id, status=MatchRun.Status.RUNNING).update(**values)


def run_execute(*, run_id: int) -> str:
    """Execute a run. Returns its status afterwards; a run already finished or being executed by
    another worker is left alone. Engine errors mark the run failed (operators can retry)."""
    run = MatchRun.objects.filter(pk=run_id).first()
    if run is None:
        logger.warning("run_execute: run %s no longer exists", run_id)
        return "missing"
    if not _try_run_lock(run_id):
        return run.status
    try:
        if not _claim(run_id):
            return MatchRun.objects.get(pk=run_id).status
        spec = get_domain(run.domain)
        try:
            if run.scope == MatchRun.Scope.DOMAIN:
                _fan_out(run)
                return MatchRun.Status.RUNNING
            need_ids = [run.target_id] if run.scope == MatchRun.Scope.NEED else spec.needs_for_offer(run.target_id)
            counts = Counts()
            for start in range(0, len(need_ids), CHUNK_SIZE):  # one transaction per chunk of needs
                counts += match_needs(spec, need_ids[start:start + CHUNK_SIZE], run_id=run.pk)
        except Exception as exc:  # recorded on the run for operators; transient DB errors retry the task
            from django.db import OperationalError

            if isinstance(exc, OperationalError):
                raise
            logger.exception("match run %s failed", run_id)
            _finish(run_id, None, error=f"{type(exc).__name__}: {exc}")
            return MatchRun.Status.FAILED
        _finish(run_id, counts)
        return MatchRun.Status.SUCCEEDED
    finally:
        _release_run_lock(run_id)


def _fan_out(run: MatchRun) -> None:
    """Split a domain rematch into chunks of ``CHUNK_SIZE`` needs, one task each; the last chunk
    to finish (counted once each, by index) finishes the run — a chord without a result backend."""
    spec = get_domain(run.domain)
    need_ids = spec.active_need_ids()
    chunks = [need_ids[i:i + CHUNK_SIZE] for i in range(0, len(need_ids), CHUNK_SIZE)]
    MatchRun.objects.filter(pk=run.pk).update(chunks_total=len(chunks), chunks_done=0, chunks_counted=[],
                                              candidates=0, scored=0, kept=0, retired=0)
    if not chunks:
        _finish(run.pk, Counts())
        return
    for index, chunk in enumerate(chunks):
        run_chunk.delay(run.pk, chunk, index)


def run_chunk_execute(*, run_id: int, need_ids: list[int], index: int | None = None) -> int:
    """Match a chunk of needs (one engine call on the run's offer snapshot), add its counts to
    the run once — a redelivered chunk (its worker died after writing) rewrites the same matches
    but is not counted again — and finish the run after the last chunk. Returns the needs done."""
    run = MatchRun.objects.filter(pk=run_id).first()
    if run is None or run.status != MatchRun.Status.RUNNING:
        return 0
    spec = get_domain(run.domain)
    try:
        counts = match_needs(spec, need_ids, run_id=run_id, snapshot=True)
    except Exception as exc:  # a broken chunk fails the run (operators retry it) instead of leaving it running
        from django.db import OperationalError

        if isinstance(exc, OperationalError):
            raise
        logger.exception("match run %s: chunk failed", run_id)
        _finish(run_id, None, error=f"{type(exc).__name__}: {exc}")
        return 0
    with transaction.atomic():
        runs = MatchRun.objects.filter(pk=run_id)
        if index is not None:
            runs = runs.exclude(chunks_counted__contains=[index])
        runs.update(
            chunks_done=F("chunks_done") + 1, candidates=F("candidates") + counts.candidates,
            scored=F("scored") + counts.scored, kept=F("kept") + counts.kept, retired=F("retired") + counts.retired,
            chunks_counted=Func(F("chunks_counted"), Value(index if index is not None else -1),
                                function="array_append", output_field=ArrayField(IntegerField())),
        )
        MatchRun.objects.filter(pk=run_id, status=MatchRun.Status.RUNNING, chunks_done__gte=F("chunks_total")).update(
            status=MatchRun.Status.SUCCEEDED, finished_at=timezone.now()
        )
    return len(need_ids)


def run_retry(*, run_id: int) -> MatchRun:
    """Operators: queue a failed run again."""
    with transaction.atomic():
        updated = MatchRun.objects.filter(pk=run_id, status=MatchRun.Status.FAILED).update(
            status=MatchRun.Status.QUEUED, attempts=0, error="", finished_at=None)
        run = MatchRun.objects.get(pk=run_id)
        if updated:
            enqueue_on_commit(run_match, run.pk)
    return run


def runs_requeue_stale(*, older_than: timedelta = timedelta(minutes=2),
                       running_for: timedelta = timedelta(minutes=15)) -> int:
    """Queue again runs still ``queued`` after ``older_than`` (their message was lost, e.g. the
    broker was down when they were saved), and need/offer runs ``running`` for longer than
    ``running_for`` (past every task time limit: their worker died and the broker lost the
    message; one still executing holds the run's advisory lock, so the new message does nothing).
    Returns how many were re-queued."""
    from django.db.models import Q

    now = timezone.now()
    stale = list(MatchRun.objects.filter(
        Q(status=MatchRun.Status.QUEUED, created_at__lt=now - older_than)
        | Q(status=MatchRun.Status.RUNNING, started_at__lt=now - running_for, attempts__lt=MAX_ATTEMPTS,
            scope__in=[MatchRun.Scope.NEED, MatchRun.Scope.OFFER])).values_list("pk", flat=True))
    for run_id in stale:
        run_match.delay(run_id)
    return len(stale)
