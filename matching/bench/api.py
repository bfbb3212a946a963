"""Measure 5: the API and a portal page under a bounded locust run (16 users) against gunicorn
(3 workers) on 127.0.0.1, with the bench database and Redis. locust runs as its own process."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore

from enterprises.models import User
from matching.bench import procs

LOCUSTFILE = Path(settings.BASE_DIR) / "benchmarks" / "locustfile.py"


def _session(user: User) -> str:
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


def _token(user: User) -> str:
    try:  # the project's named, hashed API tokens
        from enterprises.security.tokens import token_create
    except ImportError:  # DRF's plain tokens
        from rest_framework.authtoken.models import Token

        return Token.objects.get_or_create(user=user)[0].key
    return token_create(user=user, name=f"bench-{time.time_ns()}")[1]


def credentials() -> dict[str, str]:
    """API tokens and a portal session for the demo enterprise and the demo bank."""
    ent, bank = User.objects.get(username="demo_enterprise"), User.objects.get(username="demo_bank")
    return {"QILIAN_ENT_TOKEN": _token(ent), "QILIAN_BANK_TOKEN": _token(bank), "QILIAN_ENT_SESSION": _session(ent)}


#: Rate limits are lifted for the load test: it measures serving capacity, 16 clients from one
#: address; the limits themselves are tested in the test suite.
UNTHROTTLED = {"QILIAN_THROTTLE_ANON": "1000000/min", "QILIAN_THROTTLE_USER": "1000000/min",
               "QILIAN_THROTTLE_IP": "1000000/min"}


def run_locust(out_dir: Path, *, users: int = 16, seconds: int = 30, port: int = 8765,
               gunicorn_workers: int = 3) -> dict:
    """Start gunicorn, run locust headless for ``seconds``, stop both; per request name:
    p50/p95/p99 (ms), requests/s, requests and errors."""
    out_dir.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, **credentials()}
    web = procs.start_gunicorn(port, gunicorn_workers, out_dir / "gunicorn.log", UNTHROTTLED)
    prefix = out_dir / "locust"
    try:
        subprocess.run([str(Path(sys.executable).with_name("locust")), "-f", str(LOCUSTFILE), "--headless",
                        "-u", str(users), "-r", str(users), "-t", f"{seconds}s", "--stop-timeout", "5",
                        "--host", f"http://127.0.0.1:{port}", "--csv", str(prefix), "--only-summary"],
                       env=env, check=False, timeout=seconds + 120, stdout=subprocess.DEVNULL,
                       stderr=open(out_dir / "locust.log", "w"))  # noqa: SIM115
    finally:
        procs.stop(web)
    return parse_stats(Path(f"{prefix}_stats.csv"))


def parse_stats(path: Path) -> dict:
    out: dict[str, dict] = {}
    if not path.exists():
        return out
    with open(path, newline="") as fh:
        for row in csv.DictReader(fh):
            name = "all" if row["Name"] == "Aggregated" else row["Name"]
            out[name] = {"p50_ms": float(row["50%"]), "p95_ms": float(row["95%"]), "p99_ms": float(row["99%"]),
                         "rps": round(float(row["Requests/s"]), 1), "requests": int(row["Request Count"]),
                         "errors": int(row["Failure Count"])}
    return out
