"""Shared fixtures: API clients per role, the test database's URL, a real Celery worker."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests import factories

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """Throttle counters must not leak from one test into the next."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def api() -> APIClient:
    """An anonymous API client (Chinese by default)."""
    return APIClient()


@pytest.fixture
def as_user():
    """``as_user(user)`` → an API client authenticated with that user's token."""

    def make(user) -> APIClient:
        client = APIClient()
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return make


@pytest.fixture
def enterprise_user(db):
    return factories.enterprise()


@pytest.fixture
def operator(db):
    return factories.OperatorFactory()


def _test_database_url() -> str:
    from django.db import connection

    s = connection.settings_dict
    host = s["HOST"] or "127.0.0.1"
    if host.startswith("/"):
        host = quote(host, safe="")
    port = f":{s['PORT']}" if s["PORT"] and not host.startswith("%2F") else ""
    user = s["USER"] or "postgres"
    return f"postgres://{user}@{host}{port}/{s['NAME']}"


@pytest.fixture(scope="session")
def worker_mail_dir(tmp_path_factory) -> Path:
    """Where the worker process writes the emails it sends (Django's file backend)."""
    return tmp_path_factory.mktemp("worker-mail")


@pytest.fixture
def mail_dir(worker_mail_dir: Path) -> Path:
    for old in worker_mail_dir.glob("*"):
        old.unlink()
    return worker_mail_dir


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup, django_db_blocker, worker_mail_dir) -> Iterator[subprocess.Popen]:
    """A real ``celery worker`` process on the test database and the test Redis.

    Tests that use it must commit their data (``transactional_db``) and switch the app out of
    eager mode (the ``real_worker`` fixture does both).
    """
    with django_db_blocker.unblock():
        db_url = _test_database_url()
    env = {
        **os.environ,
        "DATABASE_URL": db_url,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(worker_mail_dir),
    }
    artifacts = ROOT / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    log = open(artifacts / "celery-worker.log", "w")  # noqa: SIM115  (closed at teardown)
    from config.celery import app

    app.control.purge()
    proc = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "-Q", "default,matching", "-c", "2",
         "-l", "info", "--without-gossip", "--without-mingle", "-n", f"test-{os.getpid()}@%h"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"celery worker exited early, see {log.name}")
        if app.control.inspect(timeout=1.0).ping():
            break
    else:
        raise RuntimeError("celery worker did not answer a ping within 60 s")
    yield proc
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
    log.close()


@pytest.fixture
def real_worker(celery_worker_process, django_db_serialized_rollback, transactional_db):
    """Send tasks to the real worker (not eager) for this test; committed data is visible to it."""
    from config.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = False
    yield celery_worker_process
    app.conf.task_always_eager = previous
