"""The benchmark report: ``benchmarks/results/latest.json`` + a dated copy, and ``latest.md``
(targets against what was reached), with the machine, the versions and the date; beside the speed,
the supply world's classes against the demo's and the judged-set relevance (``make eval``'s
``relevance.json``, read as it is — said to be missing or possibly stale, never made up)."""

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
RELEVANCE = RESULTS / "relevance.json"
#: What the relevance figures depend on: a file here changed after relevance.json was written
#: makes them possibly stale.
RELEVANCE_SOURCES = ("matching/engine", "matching/supply", "matching/bench/relevance",
                     "matching/management/commands/eval_relevance.py", "benchmarks/judged", "config/settings")
RELEVANCE_MEASURES = ("needs", "ndcg_at_10", "precision_at_3", "irrelevant_above_relevant", "duplicates_per_need",
                      "coverage")


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


def _shown(path: Path) -> str:
    """``path`` relative to the project when it is inside it."""
    base = Path(settings.BASE_DIR)
    return str(path.relative_to(base)) if path.is_relative_to(base) else str(path)


def changed_since(moment: float, sources: tuple[str, ...] = RELEVANCE_SOURCES) -> list[str]:
    """Files under ``sources`` (relative to the project, or absolute) modified after ``moment``."""
    out = []
    for source in sources:
        root = Path(settings.BASE_DIR) / source
        files = [root] if root.is_file() else sorted(root.rglob("*")) if root.is_dir() else []
        out += [_shown(f) for f in files if f.is_file() and "__pycache__" not in f.parts and f.stat().st_mtime > moment]
    return out


def _relevance_figures(splits: dict) -> dict:
    """Per split: the engine's figures users feel and BM25's nDCG@10 beside them."""
    return {split: {**{m: figures.get(m) for m in RELEVANCE_MEASURES},
                    "bm25_ndcg_at_10": figures.get("bm25", {}).get("ndcg_at_10")}
            for split, figures in splits.items()}


def relevance(started: datetime, path: Path = RELEVANCE, sources: tuple[str, ...] = RELEVANCE_SOURCES) -> dict:
    """The judged-set relevance report as ``make eval`` last wrote it, with when (relative to
    ``started``, the benchmark's start), for which engine versions (and the running ones), and the
    files it depends on that changed after it was written. ``{"missing": ...}`` when there is none."""
    from matching.engine.registry import get_domain

    source = _shown(path)
    if not path.exists():
        return {"missing": "no such file", "source": source}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        written = path.stat().st_mtime
    except (OSError, ValueError) as exc:
        return {"missing": f"{type(exc).__name__}: {exc}", "source": source}
    now = {}
    for domain in data.get("domains", {}):
        try:
            now[domain] = getattr(get_domain(domain), "version", "unknown")
        except LookupError:
            now[domain] = "unknown"
    changed = changed_since(written, sources)
    return {"source": source, "run_at": data.get("run_at"), "machine": data.get("machine"),
            "written_before_bench_s": round(started.timestamp() - written),
            "engine_versions": data.get("engine_versions", {}), "engine_versions_now": now,
            "changed_since": changed[:10], "changed_since_count": len(changed),
            "domains": {d: _relevance_figures(splits) for d, splits in data.get("domains", {}).items()}}


def relevance_stale(rel: dict) -> bool:
    """Whether a relevance report read by :func:`relevance` may not describe the running engine."""
    return bool(rel["changed_since_count"]) or rel["engine_versions"] != rel["engine_versions_now"]


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
    lines += _classes_row(r.get("supply_classes"))
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
    lines += relevance_section(r.get("relevance"))
    lines += classes_section(r.get("supply_classes"))
    if r.get("notes"):
        lines += ["## Notes", "", *[f"- {n}" for n in r["notes"]], ""]
    if r.get("profile"):
        lines += ["## Where the time goes (one need, in the task)", "", "```", r["profile"].rstrip(), "```", ""]
    lines += [f"Total benchmark time {r.get('bench_seconds')} s. Raw numbers: `latest.json`.", ""]
    return "\n".join(lines)


def _pct(share: float) -> str:
    return f"{share * 100:.1f}%"


def _classes_row(classes: dict | None) -> list[str]:
    """The table row beside recall: how the supply world's classes compare with the demo's."""
    if not classes:
        return []
    cap, need = classes["capabilities"], classes["needs"]
    return [f"| supply world classes (capabilities / needs) | follow the demo world's (TV distance small) | "
            f"{cap['classes']} / {need['classes']} classes (demo {cap['demo_classes']} / {need['demo_classes']}), "
            f"largest {_pct(cap['largest_share'])} / {_pct(need['largest_share'])}, "
            f"TV distance to the demo {cap['tv_vs_demo']} / {need['tv_vs_demo']} |"]


def classes_section(classes: dict | None) -> list[str]:
    """The supply world's ten largest GB/T 4754 classes per side, beside the demo world's shares."""
    if not classes:
        return []
    lines = ["## Supply world: GB/T 4754 classes", "",
             "Classes of the synthetic capabilities and needs against the demo supply world's "
             "(`benchmarks/judged/supply/world.json`), whose distribution the benchmark follows; the share of "
             "offers scored per need depends on it (a need's class and group are its candidates).", ""]
    for side in ("capabilities", "needs"):
        c = classes[side]
        lines += [f"**{side}**: {c['rows']:,} rows in {c['classes']} classes (demo: {c['demo_classes']}); largest "
                  f"class {_pct(c['largest_share'])}; total-variation distance to the demo's distribution "
                  f"{c['tv_vs_demo']}.", "", "| class | name | share | demo share |", "|---|---|---|---|",
                  *[f"| {t['class']} | {t['name']} | {_pct(t['share'])} | {_pct(t['demo_share'])} |"
                    for t in c["top"]], ""]
    return lines


def _age(seconds: int) -> str:
    if seconds < 0:
        return "after this benchmark started"
    minutes = seconds // 60
    text = f"{minutes // 60} h {minutes % 60} min" if minutes >= 60 else f"{minutes} min" if minutes else f"{seconds} s"
    return f"{text} before this benchmark started"


def _relevance_header(rel: dict) -> list[str]:
    versions = ", ".join(f"{d}: {v}" for d, v in rel["engine_versions"].items()) or "unknown"
    now = ", ".join(f"{d}: {v}" for d, v in rel["engine_versions_now"].items()) or "unknown"
    lines = [f"From `{rel['source']}`: run {rel['run_at']} on {rel['machine']}, written "
             f"{_age(rel['written_before_bench_s'])}; engine version {versions} (this benchmark's engine: {now}).", ""]
    if rel["engine_versions"] != rel["engine_versions_now"]:
        lines += ["**Stale**: the report was made with another engine version; run `make eval`.", ""]
    if rel["changed_since_count"]:
        more = rel["changed_since_count"] - len(rel["changed_since"])
        names = ", ".join(rel["changed_since"]) + (f" and {more} more" if more > 0 else "")
        lines += [f"**Possibly stale**: {rel['changed_since_count']} file(s) it depends on changed after it was "
                  f"written ({names}); run `make eval` (or `make bench` without `QILIAN_BENCH_EVAL=reuse`).", ""]
    return lines


def relevance_section(rel: dict | None) -> list[str]:
    """The judged-set relevance beside the speed: per domain and split, the engine's figures and
    BM25's nDCG@10; says so when the report is missing."""
    lines = ["## Relevance (make eval)", ""]
    if not rel or rel.get("missing"):
        why = f" ({rel['missing']})" if rel and rel.get("missing") else ""
        source = rel.get("source", "benchmarks/results/relevance.json") if rel else "benchmarks/results/relevance.json"
        return [*lines, f"**No relevance report**: `{source}` could not be read{why}. Run `make eval`; "
                "no relevance figures are shown.", ""]
    lines += _relevance_header(rel)
    lines += ["| domain | split | needs | nDCG@10 | BM25 nDCG@10 | precision@3 | irrelevant above relevant | "
              "duplicates per need | coverage |", "|---|---|---|---|---|---|---|---|---|"]
    for domain, splits in rel["domains"].items():
        for split, f in splits.items():
            lines.append(f"| {domain} | {split.replace('_', ' ')} | {_fmt(f['needs'])} | {_fmt(f['ndcg_at_10'])} | "
                         f"{_fmt(f['bm25_ndcg_at_10'])} | {_fmt(f['precision_at_3'])} | "
                         f"{_fmt(f['irrelevant_above_relevant'])} | {_fmt(f['duplicates_per_need'])} | "
                         f"{_fmt(f['coverage'])} |")
    return [*lines, "", "nDCG@10: gains 2^grade − 1, each supplier counted once; precision@3: relevant (grade ≥ 2) "
            "suppliers among the first three; irrelevant above relevant: pairs, over the split's needs, of a grade-0 "
            "candidate ranked above a grade ≥ 2 one; duplicates: the same supplier shown again, per need; coverage: "
            "share of needs with a relevant supplier in their top 10 (`matching/bench/relevance/metrics.py`). The "
            "held-out split was not used to choose the engine's constants.", ""]
