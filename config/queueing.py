"""Queue a Celery task once the current transaction commits, without failing the request if
the broker is down (the saved row stays ``queued`` and the beat sweep re-queues it)."""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction

logger = logging.getLogger(__name__)


def enqueue_on_commit(task: Any, *args: Any) -> None:
    """``task.delay(*args)`` after commit; a broker error is logged, not raised (match runs
    stay ``queued`` and ``matching.requeue_stale_runs`` sends them again)."""

    def send() -> None:
        try:
            task.delay(*args)
        except Exception:  # the broker is unreachable: the sweep picks the work up later
            logger.exception("could not queue %s%s", task.name, args)

    transaction.on_commit(send)
