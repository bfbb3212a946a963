"""The benchmark report: ``benchmarks/results/latest.json`` + a dated copy, and ``latest.md``
(targets against what was reached), with the machine, the versions and the date."""

from __future__ import annotations

import json
import os
import platform
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

import psutil
from django.conf import settings
from django.db import connection

RESULTS = Path(settings.BASE_DIR) / "benchmarks" / "results"


def machine() -> dict:
    try:
        with open("/proc/cpuinfo") as fh:
            cpu = next(line.split(":", 1)[1].strip() for line in fh if line.startswith("model name"))
    except (OSError, StopIteration):
        cpu = platform.processor()
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gib": round(psutil.virtual_memory().total / 2**30, 1),
            "os": platform.platform(), "load_average": [round(x, 2) for x in os.getloadavg()]}


def versions() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    redis_v = ""
    try:
        import redis

        redis_v = redis.Redis.from_url(settings.REDIS_URL).info("server")["redis_version"]
    except Exception:  # reported as unknown
        redis_v = "unknown"
    pkgs = {name: version(name) for name in ("django", "celery", "numpy", "scipy", "psycopg", "jieba", "locust",
                                             "gunicorn")}
    return {"python": platform.python_version(), "postgresql": pg, "redis": redis_v, **pkgs}


def write(report: dict) -> Path:
    """Write latest.json, a dated JSON copy and latest.md; returns the JSON path."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    text = json.dumps(report, ensure_ascii=False, indent=2, default=str)
    (RESULTS / "latest.json").write_text(text + "\n")
    if not report.get("partial"):
        (RESULTS / f"{stamp}-scale{report['scale']}.json").write_text(text + "\n")
    (RESULTS / "latest.md").write_text(markdown(report))
    return RESULTS / "latest.json"


def _fmt(value: object) -> str:
    return "—" if value in (None, "") else str(value)


def markdown(r: dict) -> str:
    m, v = r["machine"], r["versions"]
    rem, api = r.get("full_rematch_s", {}), r.get("api", {})
    lines = [
        f"# Matching benchmark — scale {r['scale']:,} needs × {r['scale']:,} offers per domain", "",
        f"Measured {r['date']} on {m['cpu']} ({m['cores']} cores, {m['memory_gib']} GiB), {m['os']}; "
        f"load average at start {m['load_average']}, at end {r.get('load_average_end', '—')}.",
        f"Python {v['python']}, PostgreSQL {v['postgresql']}, Redis {v['redis']}, Django {v['django']}, "
        f"Celery {v['celery']}, numpy {v['numpy']}.", "",
    ]
    if r.get("partial"):
        lines += [f"**Incomplete run** (checkpoint {r['partial']})", ""]
    if r.get("contended"):
        lines += [f"**Measured under contention**: {r['contended']}", ""]
    inc, stv = r.get("incremental_task_ms", {}), r.get("save_to_visible_ms", {})
    lines += ["| measure | target | reached |", "|---|---|---|",
              f"| one need, in the task (financing / supply) | p95 ≤ 20 ms | p50 {_fmt(inc.get('p50'))} ms, "
              f"p95 {_fmt(inc.get('p95'))} ms (financing {inc.get('by_domain', {}).get('financing', {}).get('p95')}"
              f", supply {inc.get('by_domain', {}).get('supply', {}).get('p95')}) |",
              f"| save → matches visible, idle queue | p95 ≤ 1 s | p50 {_fmt(stv.get('p50'))} ms, "
              f"p95 {_fmt(stv.get('p95'))} ms |"]
    for domain, runs in rem.items():
        for key, run in runs.items():
            if not isinstance(run, dict):
                continue
            done = "" if run["completed"] else f" (stopped at the {run['wall_s']} s budget after " \
                f"{run.get('needs_done')}/{run['needs']} needs; extrapolated)"
            lines.append(f"| full rematch {domain}, {key.replace('_', ' ')} | ≤ 300 s (stretch 60 s) | "
                         f"{run['wall_s_extrapolated']} s{done}; {run['needs_per_s']} needs/s, "
                         f"{run['pairs_scored']:,} pairs scored, {run['rows_written']:,} rows written |")
    rec = r.get("recall", {})
    for domain, res in rec.items():
        lines.append(f"| recall@10 {domain} ({res['needs']} needs) | ≥ 0.98, ≤ 2% of offers scored | "
                     f"{res['recall_at_10']} (min {res['min_recall']}), {res['offers_scored_share'] * 100:.2f}% "
                     f"scored (max {res['max_scored_share'] * 100:.2f}%) |")
    lines.append(f"| speed-up over the naive baseline (supply) | ≥ 100× | {_fmt(r.get('speedup_vs_naive'))}× "
                 f"(engine {_fmt(r.get('engine_pairs_per_s'))} pairs/s vs naive {_fmt(r.get('naive_pairs_per_s'))}) |")
    for name in ("match_list", "bank_queue", "portal_page", "anonymous_home", "public_stats"):
        if name in api:
            a = api[name]
            lines.append(f"| API {name}, 16 users | p95 ≤ 50 ms, 0 errors | p50 {a['p50_ms']} / p95 {a['p95_ms']} / "
                         f"p99 {a['p99_ms']} ms, {a['rps']} req/s, {a['errors']} errors of {a['requests']} |")
    tq = r.get("text_query", {})
    if tq:
        lines.append(f"| Chinese text candidate query | p95 ≤ 5 ms | tsvector AND query p95 "
                     f"{tq['tsvector_and_query_ms']['p95']} ms; TF-IDF index p95 {tq['tfidf_index_ms']['p95']} ms |")
    lines.append(f"| worker peak memory, full rematch | ≤ 2048 MB | {_fmt(r.get('worker_peak_mb'))} MB |")
    lines += ["", "Queries per page or list endpoint are constant in rows: enforced by tests/test_api_contract.py "
              "(1 vs 50 rows), not measured here.", ""]
    if r.get("notes"):
        lines += ["## Notes", "", *[f"- {n}" for n in r["notes"]], ""]
    if r.get("profile"):
        lines += ["## Where the time goes (one need, in the task)", "", "```", r["profile"].rstrip(), "```", ""]
    lines += [f"Total benchmark time {r.get('bench_seconds')} s. Raw numbers: `latest.json`.", ""]
    return "\n".join(lines)
