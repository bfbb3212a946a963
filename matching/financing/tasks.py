"""Celery tasks of 找资金: thin, named, ids as arguments; the services do the work."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="matching.escalate_overdue", queue="default", acks_late=True, time_limit=120,
             soft_time_limit=100)
def escalate_overdue() -> int:
    """Escalate interested matches whose bank has not answered in time (beat, every 15 min)."""
    from matching.financing.services import matches_escalate_overdue

    return matches_escalate_overdue()
