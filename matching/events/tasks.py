"""Celery tasks of matchmaking events: thin, named, on the ``matching`` queue, ids as arguments."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError

TRANSIENT = (OperationalError, ConnectionError, TimeoutError)

__all__ = ["schedule_event"]


@shared_task(name="matching.schedule_event", queue="matching", acks_late=True, autoretry_for=TRANSIENT,
             retry_backoff=True, retry_backoff_max=120, max_retries=5, time_limit=300, soft_time_limit=240)
def schedule_event(event_id: int, version: int) -> str:
    """Generate (or regenerate) an event's 1:1 meetings from supply match scores.

    ``version`` is the event's ``schedule_version`` when the job was requested: a job that is no
    longer the newest, or whose event was locked or deleted meanwhile, writes nothing and
    returns ``stale``. A redelivered message (worker killed mid-job) runs again and replaces the
    meetings in one transaction, so the result is the same. Returns the job's final status.
    """
    from matching.events.services import event_schedule_execute

    return event_schedule_execute(event_id=event_id, version=version)
