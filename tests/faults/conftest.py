"""Fault-injection fixtures: a Redis server of our own that tests stop and start, and a real
Celery worker pointed at it (the shared Redis and PostgreSQL are never touched)."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import Worker, _test_database_url, _wait_until_idle

SPARE_REDIS_PORT = int(os.environ.get("QILIAN_FAULT_REDIS_PORT", "6390"))


def wait_for(predicate, timeout: float, interval: float = 0.1) -> bool:
    """Poll ``predicate`` until it is true or ``timeout`` seconds have passed."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return False


class SpareRedis:
    """A throw-away ``redis-server`` (no persistence) on its own port: the outage under test."""

    def __init__(self, port: int, workdir: Path) -> None:
        self.port = port
        self.workdir = workdir
        self.pidfile = workdir / f"redis-{port}.pid"
        self.url = f"redis://127.0.0.1:{port}/0"

    def _cli(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(["redis-cli", "-h", "127.0.0.1", "-p", str(self.port), *args],
                              capture_output=True, text=True, timeout=10)

    def is_up(self) -> bool:
        try:
            return self._cli("ping").stdout.strip() == "PONG"
        except subprocess.TimeoutExpired:
            return False

    def start(self) -> None:
        if self.is_up():
            return
        subprocess.run(["redis-server", "--bind", "127.0.0.1", "--port", str(self.port), "--save", "",
                        "--appendonly", "no", "--maxmemory-policy", "noeviction", "--daemonize", "yes",
                        "--pidfile", str(self.pidfile), "--dir", str(self.workdir),
                        "--logfile", str(self.workdir / f"redis-{self.port}.log")], check=True, timeout=10)
        if not wait_for(self.is_up, timeout=10):
            raise RuntimeError(f"redis-server on port {self.port} did not start")

    def stop(self) -> None:
        """Shut it down without saving: every message it held is gone, as in a crash."""
        if self.is_up():
            self._cli("shutdown", "nosave")
        if not wait_for(lambda: not self.is_up(), timeout=10):
            raise RuntimeError(f"redis-server on port {self.port} did not stop")


@pytest.fixture(scope="session")
def spare_redis(tmp_path_factory) -> Iterator[SpareRedis]:
    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed")
    server = SpareRedis(SPARE_REDIS_PORT, tmp_path_factory.mktemp("spare-redis"))
    server.start()
    yield server
    server.stop()


@contextmanager
def broker(url: str) -> Iterator[None]:
    """Point this process's Celery app (publishing, control, results) at ``url`` for a while."""
    from config.celery import app

    def reset() -> None:
        app._pool = None
        app.amqp._producer_pool = None
        app._backend_cache = None
        app._local.__dict__.pop("backend", None)

    saved = (app.conf.broker_url, app.conf.result_backend, app.conf.task_always_eager)
    app.conf.broker_url, app.conf.result_backend, app.conf.task_always_eager = url, url, False
    reset()
    try:
        yield
    finally:
        app.conf.broker_url, app.conf.result_backend, app.conf.task_always_eager = saved
        reset()


@pytest.fixture
def spare_worker(spare_redis, committed_reference_data, django_db_blocker, worker_mail_dir) -> Iterator[Worker]:
    """A real ``celery worker`` on the test database whose broker is the spare Redis."""
    spare_redis.start()
    with django_db_blocker.unblock():
        db_url = _test_database_url()
    worker = Worker({**os.environ, "DATABASE_URL": db_url, "REDIS_URL": spare_redis.url,
                     "DJANGO_SETTINGS_MODULE": "config.settings.test",
                     "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
                     "EMAIL_FILE_PATH": str(worker_mail_dir)})
    with broker(spare_redis.url):
        from config.celery import app

        app.control.purge()
        worker.start()
        try:
            yield worker
        finally:
            spare_redis.start()
            _wait_until_idle(app, timeout=30)
            worker.stop()
            worker.log.close()
