"""Celery task of the white-list import: a thin adapter around ``import_run`` (convention 4)."""

from __future__ import annotations

import logging

from celery import shared_task

__all__ = ["whitelist_import", "whitelist_requeue_stale"]

logger = logging.getLogger(__name__)


@shared_task(
    name="backoffice.whitelist_import",
    queue="default",
    acks_late=True,
    soft_time_limit=600,
    time_limit=660,
)
def whitelist_import(job_id: int) -> str | None:
    """Check (dry run) or commit the white-list file of ``ImportJob`` ``job_id``.

    Queued after the job row commits. A missing or already finished job is logged and skipped;
    a job left ``running`` by a dead worker is redelivered (late ack) and starts over, which is
    safe because a commit is all-or-nothing and re-checks its rows under a lock. Progress is
    written to the job every 500 rows. Returns the job's final status.
    """
    from backoffice.services.whitelist import import_run

    job = import_run(job_id=job_id)
    if job is None:
        logger.warning("whitelist_import: job %s is missing or already finished", job_id)
        return None
    return job.status


@shared_task(name="backoffice.whitelist_requeue_stale", queue="default", acks_late=True, soft_time_limit=50,
             time_limit=60)
def whitelist_requeue_stale(minutes: int = 10) -> int:
    """Queue again the imports still ``queued`` after ``minutes`` (submitted while the broker was
    down: ``enqueue_on_commit`` logged and moved on). Meant for beat, every few minutes. A
    duplicate delivery is harmless: a finished job is skipped, and a commit checks its job's
    status under a row lock before writing. Returns how many were queued."""
    from backoffice.services.whitelist import imports_stale

    ids = imports_stale(minutes=minutes)
    for job_id in ids:
        whitelist_import.delay(job_id)
    return len(ids)
