"""Processes the benchmark starts and always stops: Celery workers (``-c 1``, queue ``matching``)
and gunicorn. Each runs in its own session so the whole process group is stopped; an ``atexit``
hook and SIGTERM/SIGINT handlers stop whatever is still running when the command exits."""

from __future__ import annotations

import atexit
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psutil
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
_running: list[subprocess.Popen] = []


def _stop_all(*_args: object) -> None:
    for proc in list(_running):
        stop(proc)


atexit.register(_stop_all)


def install_signal_handlers() -> None:
    """Stop child processes on SIGTERM / SIGINT, then exit."""
    def handler(signum: int, _frame: object) -> None:
        _stop_all()
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, handler)
    signal.signal(signal.SIGINT, handler)


def _spawn(args: list[str], log: Path, env: dict[str, str] | None = None) -> subprocess.Popen:
    log.parent.mkdir(parents=True, exist_ok=True)
    out = open(log, "a")  # noqa: SIM115  (the child owns it; closed when we exit)
    proc = subprocess.Popen(args, cwd=ROOT, env={**os.environ, **(env or {})}, stdout=out, stderr=subprocess.STDOUT,
                            start_new_session=True)
    _running.append(proc)
    return proc


def stop(proc: subprocess.Popen) -> None:
    """SIGTERM the process group, SIGKILL after 20 s."""
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
        except ProcessLookupError:
            pass
    if proc in _running:
        _running.remove(proc)


def start_workers(count: int, log: Path) -> list[subprocess.Popen]:
    """``count`` worker processes of one pool process each on the ``matching`` queue; returns
    once every one answers a ping."""
    from config.celery import app

    procs = [_spawn([sys.executable, "-m", "celery", "-A", "config", "worker", "-Q", "matching", "-c", "1",
                     "-l", "warning", "--without-gossip", "--without-mingle", "--prefetch-multiplier", "1",
                     "-n", f"bench{i}-{os.getpid()}@%h"], log) for i in range(count)]
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if any(p.poll() is not None for p in procs):
            raise RuntimeError(f"celery worker exited early, see {log}")
        replies = app.control.inspect(timeout=1.0).ping() or {}
        if sum(1 for name in replies if name.startswith("bench")) >= count:
            return procs
    raise RuntimeError("celery workers did not answer a ping within 90 s")


def tree_rss_mb(proc: subprocess.Popen) -> float:
    """Resident memory of a process and its children (the worker and its pool process), MiB."""
    try:
        root = psutil.Process(proc.pid)
        procs = [root, *root.children(recursive=True)]
        return sum(p.memory_info().rss for p in procs) / 2**20
    except psutil.NoSuchProcess:
        return 0.0


def start_gunicorn(port: int, workers: int, log: Path, env: dict[str, str] | None = None) -> subprocess.Popen:
    """gunicorn on 127.0.0.1:``port``; returns once it answers."""
    proc = _spawn([str(Path(sys.executable).with_name("gunicorn")), "config.wsgi", "--workers", str(workers),
                   "--bind", f"127.0.0.1:{port}", "--log-level", "warning"], log,
                  {"DJANGO_DEBUG": "false", **(env or {})})
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"gunicorn exited early, see {log}")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)
            return proc
        except Exception:  # not up yet
            time.sleep(0.5)
    raise RuntimeError("gunicorn did not answer within 60 s")
