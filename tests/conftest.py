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
from django.test.client import ClientMixin
from rest_framework.test import APIClient

from tests import factories

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """Throttle counters must not leak from one test into the next."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the site's language (Chinese): a test that switched to English (a
    request with the language cookie, translation.activate) must not leak it into the next."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


def totp_device(user):
    """The user's confirmed authenticator (created on first use), as after enrolment."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="test", confirmed=True)


def totp_code(device) -> str:
    """The authenticator's current code, computed from the device key like a phone would, and not
    one the device has already accepted (a code works once per 30-second step)."""
    from django_otp.oath import TOTP

    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    while totp.t() <= device.last_t:
        if device.last_t - totp.t() < device.tolerance:  # the next step is accepted already (tolerance)
            totp.time += device.step
        else:
            time.sleep(1)
            totp.time = time.time()
    return f"{totp.token():0{device.digits}d}"


_plain_force_login = ClientMixin.force_login


def _force_login_with_second_factor(self, user, backend=None):
    """``client.force_login(user)`` means "fully signed in": for bank staff and operators that
    includes the second factor, as if they had typed a code from their authenticator."""
    _plain_force_login(self, user, backend)
    from django_otp import DEVICE_ID_SESSION_KEY

    from enterprises.security.otp import SESSION_KEY, must_use_otp

    if must_use_otp(user):
        session = self.session
        session[DEVICE_ID_SESSION_KEY] = totp_device(user).persistent_id
        session[SESSION_KEY] = True
        session.save()


ClientMixin.force_login = _force_login_with_second_factor
ClientMixin.force_login_without_second_factor = _plain_force_login


@pytest.fixture
def api() -> APIClient:
    """An anonymous API client (Chinese by default)."""
    return APIClient()


@pytest.fixture
def as_user():
    """``as_user(user)`` → an API client authenticated with a new API token of that user."""

    def make(user) -> APIClient:
        from django.utils import timezone

        from enterprises.models import ApiToken
        from enterprises.security.tokens import token_create

        client = APIClient()
        name = f"test-{ApiToken.objects.filter(user=user).count()}"
        token, key = token_create(user=user, name=name)
        # As if just used: the once-a-minute last-used write would otherwise land in the first
        # request a test measures (query counts compare a first and a later request).
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
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


class Worker:
    """A real ``celery worker`` process that tests can kill (SIGKILL) and start again."""

    VISIBILITY_TIMEOUT = 6  # seconds before Redis hands an unacknowledged task to another worker

    def __init__(self, env: dict[str, str]) -> None:
        self.env = {**env, "CELERY_VISIBILITY_TIMEOUT": str(self.VISIBILITY_TIMEOUT),
                    "CELERY_UNACKED_RESTORE_INTERVAL": "1", "CELERY_UNACKED_RESTORE_THROTTLE": "1"}
        self.proc: subprocess.Popen | None = None
        artifacts = ROOT / "test-artifacts"
        artifacts.mkdir(exist_ok=True)
        self.log_path = artifacts / "celery-worker.log"
        self.log = open(self.log_path, "a")  # noqa: SIM115  (closed by stop())

    def start(self) -> None:
        from config.celery import app

        self.proc = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "-Q", "default,matching", "-c", "2",
             "-l", "info", "--without-gossip", "--without-mingle", "-n", f"test-{os.getpid()}-{time.time_ns()}@%h"],
            cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"celery worker exited early, see {self.log_path}")
            if app.control.inspect(timeout=1.0).ping():
                return
        raise RuntimeError("celery worker did not answer a ping within 60 s")

    def kill(self) -> None:
        """SIGKILL the worker and its pool processes: no warm shutdown, no acknowledgement."""
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup, django_db_blocker, worker_mail_dir) -> Iterator[Worker]:
    """A real ``celery worker`` process on the test database and the test Redis.

    Tests that use it must commit their data (``transactional_db``) and switch the app out of
    eager mode (the ``real_worker`` fixture does both).
    """
    with django_db_blocker.unblock():
        db_url = _test_database_url()
    from config.celery import app

    app.control.purge()
    worker = Worker({
        **os.environ,
        "DATABASE_URL": db_url,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(worker_mail_dir),
    })
    worker.start()
    yield worker
    worker.stop()
    worker.log.close()


@pytest.fixture
def committed_reference_data(transactional_db) -> None:
    """Transactional tests flush the database after each test, migration data included:
    load the reference data (regions, industries, chains) again when it is missing."""
    from enterprises.models import Region
    from enterprises.reference.loader import load_all
    from matching.models import ProductCategory
    from matching.supply.categories import load_taxonomy

    if not Region.objects.exists():
        load_all()
    if not ProductCategory.objects.exists():
        load_taxonomy()


@pytest.fixture
def real_worker(celery_worker_process, committed_reference_data):
    """Send tasks to the real worker (not eager) for this test; committed data is visible to it."""
    from config.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = False
    yield celery_worker_process
    app.conf.task_always_eager = previous
    _wait_until_idle(app)


def _wait_until_idle(app, timeout: float = 60.0) -> None:
    """Let the worker finish what the test queued before the database is flushed (a TRUNCATE
    racing a task's row locks deadlocks)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        inspect = app.control.inspect(timeout=1.0)
        busy = [tasks for reply in (inspect.active() or {}, inspect.reserved() or {}) for tasks in reply.values()]
        if not any(busy):
            return
        time.sleep(0.2)
