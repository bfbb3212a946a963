"""Queue a Celery task once the current transaction commits, without failing the request if
the broker is down (the saved row stays ``queued`` and the beat sweep re-queues it)."""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction

logger = logging.getLogger(__name__)


def enqueue_on_commit(task: Any, *args: Any) -> None:
    """``task.delay(*args)`` (fire and forget) after commit; a broker error is logged, not raised (match runs
    stay ``queued`` and ``matching.requeue_stale_runs`` sends them again)."""

    def send() -> None:
        try:
            # No publish retries and no result subscription: with the broker down, the request
            # answers at once instead of waiting ~20 s, and the result store's consumer is not
            # left broken ("The Celery application must be restarted") once the broker is back.
            task.apply_async(args, retry=False, ignore_result=True)
        except Exception:  # the broker is unreachable: the sweep picks the work up later
            logger.exception("could not queue %s%s", task.name, args)

    transaction.on_commit(send)
