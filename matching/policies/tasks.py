"""Celery tasks of policies (找政策): thin, named, ids as arguments; the services do the work."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError

TRANSIENT = (OperationalError, ConnectionError, TimeoutError)

__all__ = ["policies_notify_open", "policies_reevaluate", "policy_notify"]


@shared_task(name="matching.policy_notify", queue="matching", acks_late=True, autoretry_for=TRANSIENT,
             retry_backoff=True, retry_backoff_max=120, max_retries=5, time_limit=300, soft_time_limit=240)
def policy_notify(policy_id: int) -> int:
    """Tell every firm that qualifies for a published, open policy and was never told (once per
    policy and firm, safe to run twice). A missing or closed policy does nothing. Returns the
    number of firms told."""
    from matching.policies.services import policy_notify_qualifying

    return policy_notify_qualifying(policy_id=policy_id)


@shared_task(name="matching.policies_reevaluate", queue="matching", acks_late=True, autoretry_for=TRANSIENT,
             retry_backoff=True, retry_backoff_max=120, max_retries=5, time_limit=300, soft_time_limit=240)
def policies_reevaluate(organization_ids: list[int]) -> int:
    """After a profile change (or white-listing): re-check these firms against every open
    policy and tell them about new qualifications, never twice. Returns the notices made."""
    from matching.policies.services import policies_reevaluate_firms

    return policies_reevaluate_firms(organization_ids=organization_ids)


@shared_task(name="matching.policies_notify_open", queue="matching", acks_late=True, time_limit=600,
             soft_time_limit=540)
def policies_notify_open() -> int:
    """Daily (beat): run the once-only notification of every open policy, so firms hear of a
    policy whose window opened after it was published. Returns the number of firms told."""
    from matching.policies.models import Policy
    from matching.policies.rules import open_filter
    from matching.policies.services import policy_notify_qualifying

    ids = Policy.objects.filter(open_filter()).values_list("pk", flat=True)
    return sum(policy_notify_qualifying(policy_id=pk) for pk in ids)
