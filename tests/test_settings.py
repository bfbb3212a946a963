"""Configuration: production refuses to start without its environment and passes check --deploy."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROD_ENV = {
    "SECRET_KEY": "x" * 64 + "-production-secret-for-the-check",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/qilian",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "ALLOWED_HOSTS": "qilian.example.cn",
}


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    # The browser tests allow Django's sync calls under Playwright's loop; production never does.
    dropped = {*PROD_ENV, "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    base = {k: v for k, v in os.environ.items() if k not in dropped}
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, capture_output=True, text=True,
                          env={**base, "DJANGO_SETTINGS_MODULE": "config.settings.production", **env}, timeout=120)


def test_production_refuses_to_start_without_its_environment():
    result = _manage("check", env={})
    assert result.returncode != 0
    for name in PROD_ENV:
        assert name in result.stderr


def test_production_passes_check_deploy_without_warnings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PROD_ENV)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "WARNING" not in result.stderr + result.stdout
