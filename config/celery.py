"""The Celery app: Redis broker, JSON only, late acks, time limits, named queues, beat schedule.

Start a worker with ``celery -A config worker -Q default,matching -l info`` and beat with
``celery -A config beat -l info --scheduler django_celery_beat.schedulers:DatabaseScheduler``.
Without REDIS_URL (the embedded default) tasks run in-process (``task_always_eager``).
"""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

app = Celery("qilian", task_cls="celery.contrib.django.task:DjangoTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="qilian.ping", queue="default", acks_late=True, time_limit=10, soft_time_limit=5)
def ping(token: str = "pong") -> dict[str, str]:
    """Health check: echo a token back with the answering worker's host name.

    No side effects; used by the operators' health view and by the worker round-trip test.
    """
    import socket

    return {"token": token, "host": socket.gethostname(), "pid": str(os.getpid())}
