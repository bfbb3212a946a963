"""Celery tasks of the engine: runs, chunks, the nightly rematch, stale runs, notification emails.

Thin, named, ids as arguments; the services do the work."""

from __future__ import annotations

import logging
import smtplib

from celery import shared_task
from django.db import OperationalError

logger = logging.getLogger(__name__)

TRANSIENT = (OperationalError, ConnectionError, TimeoutError)


@shared_task(name="matching.run", queue="matching", acks_late=True, autoretry_for=TRANSIENT, retry_backoff=True,
             retry_backoff_max=120, max_retries=5, time_limit=600, soft_time_limit=540)
def run_match(run_id: int) -> str:
    """Execute a MatchRun (one need, one offer, or fan out a whole domain).

    Claimed by conditional update and an advisory lock, so a redelivered message (worker
    killed mid-run) resumes it and a duplicate does nothing. Returns the run's final status.
    """
    from matching.engine.runs import run_execute

    return run_execute(run_id=run_id)


@shared_task(name="matching.run_chunk", queue="matching", acks_late=True, autoretry_for=TRANSIENT,
             retry_backoff=True, max_retries=5, time_limit=600, soft_time_limit=540)
def run_chunk(run_id: int, need_ids: list[int], index: int | None = None) -> int:
    """Match one chunk of a domain-wide rematch and record the progress on its run (once per
    chunk ``index``, however often the message is delivered)."""
    from matching.engine.runs import run_chunk_execute

    return run_chunk_execute(run_id=run_id, need_ids=need_ids, index=index)


@shared_task(name="matching.rematch_all", queue="matching", acks_late=True, time_limit=120, soft_time_limit=100)
def rematch_all() -> list[int]:
    """Nightly: start a full rematch of every registered domain. Returns the run ids."""
    from matching.engine.registry import domain_names
    from matching.engine.runs import run_create

    return [run_create(domain=name, scope="domain").pk for name in domain_names()]


@shared_task(name="matching.requeue_stale_runs", queue="default", acks_late=True, time_limit=60,
             soft_time_limit=50)
def requeue_stale_runs() -> int:
    """Re-queue runs left queued (e.g. the broker was down when they were saved)."""
    from matching.engine.runs import runs_requeue_stale

    return runs_requeue_stale()


@shared_task(name="matching.send_notification_emails", queue="default", acks_late=True,
             autoretry_for=(smtplib.SMTPException, ConnectionError, TimeoutError), retry_backoff=True,
             max_retries=5, time_limit=120, soft_time_limit=100)
def send_notification_emails(notification_ids: list[int]) -> int:
    """Email notifications to users who have an address. Missing rows are skipped."""
    from django.core.mail import send_mass_mail

    from matching.engine.models import Notification

    rows = Notification.objects.filter(pk__in=notification_ids).exclude(user__email="").select_related("user")
    messages = [(f"【企联】{n.title}", f"{n.body}\n\n{n.link}".strip(), None, [n.user.email]) for n in rows]
    return send_mass_mail(messages, fail_silently=False) if messages else 0
