"""Celery tasks of the parties app: thin adapters around services (convention 4)."""

from __future__ import annotations

import logging
import smtplib

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task(
    name="enterprises.notify_verification",
    queue="default",
    acks_late=True,
    autoretry_for=(smtplib.SMTPException, ConnectionError, TimeoutError),
    retry_backoff=True,
    retry_backoff_max=300,
    max_retries=5,
    time_limit=60,
    soft_time_limit=45,
)
def notify_verification(organization_id: int) -> bool:
    """Email the organization's owners the verification decision.

    Queued after the decision commits. A missing organization is logged and skipped;
    SMTP and connection errors are retried with backoff. Returns whether mail was sent.
    """
    from enterprises.models import Organization
    from enterprises.services.accounts import verification_email_send

    organization = Organization.objects.filter(pk=organization_id).first()
    if organization is None:
        logger.warning("notify_verification: organization %s no longer exists", organization_id)
        return False
    return verification_email_send(organization=organization)
