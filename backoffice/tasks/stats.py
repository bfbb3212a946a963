"""Celery task of the back-office statistics: a thin adapter around ``stats_compute``."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError

__all__ = ["compute_stats"]

TRANSIENT = (OperationalError, ConnectionError, TimeoutError)


@shared_task(name="backoffice.compute_stats", queue="default", acks_late=True, autoretry_for=TRANSIENT,
             retry_backoff=True, retry_backoff_max=120, max_retries=3, time_limit=300, soft_time_limit=240)
def compute_stats() -> str:
    """Recompute the platform statistics into ``StatsSnapshot`` rows (beat: every 15 minutes;
    also queued by the operators' "recompute now" button).

    No arguments; safe to run twice (runs serialize on an advisory lock and upsert by key).
    Retries with backoff only when the database is unreachable. Returns ``computed_at`` (ISO 8601).
    """
    from backoffice.services.stats import stats_compute

    return stats_compute().isoformat()
