"""``manage.py bench_matching --scale N``: the matching benchmark of issue 7 (see benchmarks/README.md).

Runs against the configured database, which must be a dedicated, migrated benchmark database
(its name must contain ``bench``: match tables are truncated between measurements). Starts and
stops its own Celery workers and gunicorn; writes benchmarks/results/latest.{json,md}, with the
supply world's classes against the demo's and the relevance report ``make eval`` last wrote
(``scripts/bench.sh`` runs it first).
"""

from __future__ import annotations

import cProfile
import io
import os
import pstats
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from enterprises.models import Organization
from matching.bench import measure, procs, report
from matching.engine.registry import get_domain
from matching.financing.models import FinancingProduct
from matching.supply.models import SupplyCapability

DOMAINS = ("supply", "financing")  # financing last: its matches stay for the API measurement


def analyze() -> None:
    """VACUUM ANALYZE the bench database: fresh statistics and visibility maps, as autovacuum
    keeps them in a running system (a freshly loaded world has none, and its plans would scan)."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


class Command(BaseCommand):
    help = "撮合引擎基准测试：生成规模为 N 的合成数据并测量（结果写入 benchmarks/results/）。"
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", type=int, default=100_000, help="每个领域的需求数与供给数")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--reuse-world", action="store_true", help="数据已生成时直接测量")
        parser.add_argument("--rematch-budget", type=float, default=None,
                            help="两个 worker 的全量重匹配最长秒数（默认: 规模 ≤ 20000 时 120 秒, 否则 420 秒）")
        parser.add_argument("--rematch-budget-1", type=float, default=None,
                            help="单个 worker 的全量重匹配最长秒数, 超时按进度外推（默认: 20 秒 / 150 秒）")
        parser.add_argument("--recall-sample", type=int, default=2000)
        parser.add_argument("--incremental-sample", type=int, default=200)
        parser.add_argument("--visible-sample", type=int, default=50)
        parser.add_argument("--naive-budget", type=float, default=None, help="默认: 10 秒 / 30 秒")
        parser.add_argument("--api-seconds", type=int, default=None, help="默认: 20 秒 / 30 秒")
        parser.add_argument("--skip", default="", help="逗号分隔: rematch,incremental,visible,recall,naive,api")
        parser.add_argument("--contended", default="", help="测量时机器上还有其他负载的说明")

    def say(self, text: str) -> None:
        self.stdout.write(f"[{datetime.now(UTC):%H:%M:%S}] {text}")
        self.stdout.flush()

    def handle(self, *args: Any, **o: Any) -> None:
        if "bench" not in connection.settings_dict["NAME"]:
            raise CommandError("只能在专用的基准测试数据库（名称含 bench）上运行。")
        if not settings.REDIS_URL:
            raise CommandError("需要 REDIS_URL（真实的 Celery worker）。")
        procs.install_signal_handlers()
        small = o["scale"] <= 20_000  # make bench SCALE=10000 is meant to take under 5 minutes
        for key, (small_value, large_value) in {"rematch_budget": (120.0, 420.0), "rematch_budget_1": (20.0, 150.0),
                                                "naive_budget": (10.0, 30.0), "api_seconds": (20, 30)}.items():
            if o[key] is None:
                o[key] = small_value if small else large_value
        skip = set(filter(None, o["skip"].split(",")))
        t_start = time.perf_counter()
        logs = report.RESULTS / "logs"
        started = datetime.now(UTC)
        r: dict[str, Any] = {"scale": o["scale"], "seed": o["seed"], "date": started.isoformat(timespec="seconds"),
                             "machine": report.machine(), "versions": report.versions(), "notes": []}
        self._relevance(r, started)
        self._world(o, r)
        offers = {"supply": SupplyCapability.objects.count(), "financing": FinancingProduct.objects.count()}
        steps = (("rematch", lambda: self._rematch(o, r, offers, logs)),
                 ("incremental", lambda: self._incremental(o, r)), ("visible", lambda: self._visible(o, r, logs)),
                 ("recall", lambda: self._recall(o, r)), ("naive", lambda: self._naive(o, r, offers)),
                 ("api", lambda: self._api(o, r, logs)))
        for name, step in steps:
            if name in skip:
                continue
            step()
            r["partial"] = f"after {name}"
            report.write(r)  # a checkpoint: an interrupted run still leaves what it measured
        r.pop("partial", None)
        measure.purge_queues()
        r["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
        busy = max(r["machine"]["load_average"][0], r["load_average_end"][0])
        if o["contended"] or busy > 1.0:
            r["contended"] = o["contended"] or f"load average up to {busy} on {os.cpu_count()} cores"
        r["bench_seconds"] = round(time.perf_counter() - t_start, 1)
        path = report.write(r)
        self.say(f"report: {path} and {path.with_suffix('.md')}")

    def _api(self, o: dict, r: dict, logs: Path) -> None:
        from matching.bench.api import run_locust

        analyze()  # the matches just written: plans as a live database (autovacuum) would have them
        self.say(f"API: locust, 16 users, {o['api_seconds']} s, gunicorn with 3 workers")
        r["api"] = run_locust(logs, seconds=o["api_seconds"])

    def _world(self, o: dict, r: dict) -> None:
        exists = Organization.objects.filter(kind="enterprise").exists()
        if exists and not o["reuse_world"]:
            raise CommandError("数据库中已有数据：请使用新建的基准数据库，或加 --reuse-world。")
        if not exists:
            from matching.bench.world import build_world

            self.say(f"world: {o['scale']:,} needs and offers per domain (seed {o['seed']})")
            t0 = time.perf_counter()
            build_world(o["scale"], o["seed"])
            r["world_build_s"] = round(time.perf_counter() - t0, 1)
        from matching.supply.spec import capability_text_model

        capability_text_model(refresh=True)
        analyze()
        self._classes(r)

    def _relevance(self, r: dict, started: datetime) -> None:
        rel = r["relevance"] = report.relevance(started)
        if rel.get("missing"):
            self.say(f"relevance: no report ({rel['missing']}); latest.md will say so")
            return
        stale = " — possibly stale" if report.relevance_stale(rel) else ""
        self.say(f"relevance: {rel['source']} of {rel['run_at']}{stale}")

    def _classes(self, r: dict) -> None:
        from matching.bench.world import supply_classes

        classes = r["supply_classes"] = supply_classes()
        for side, c in classes.items():
            self.say(f"supply {side}: {c['classes']} classes (demo {c['demo_classes']}), largest "
                     f"{c['largest_share']:.1%}, TV distance to the demo {c['tv_vs_demo']}")

    def _rematch(self, o: dict, r: dict, offers: dict, logs: Path) -> None:
        r["full_rematch_s"], runs = {}, {}
        for domain in DOMAINS:
            for workers in (1, 2):
                budget = o["rematch_budget"] if workers == 2 else o["rematch_budget_1"]
                self.say(f"full rematch {domain} on {workers} worker(s), budget {budget} s")
                res = measure.full_rematch(domain, workers, budget, logs / "workers.log", offers[domain])
                runs.setdefault(domain, {})[f"workers_{workers}"] = res
                self.say(f"  {res}")
        r["full_rematch_s"] = runs
        r["worker_peak_mb"] = max(run["worker_peak_mb"] for d in runs.values() for run in d.values())
        if any(not run["completed"] for d in runs.values() for run in d.values()):
            r["notes"].append("A full rematch that did not finish within --rematch-budget was stopped; its wall "
                              "time is extrapolated from the needs it had matched (wall_s_extrapolated); pairs "
                              "scored and rows written count finished chunks of 500 needs only.")

    def _incremental(self, o: dict, r: dict) -> None:
        all_ms, by = [], {}
        for domain in DOMAINS:
            ids = measure.sample(get_domain(domain).active_need_ids(), o["incremental_sample"], o["seed"])
            self.say(f"one need in the task: {domain}, {len(ids)} needs")
            res = measure.incremental(domain, ids)
            by[domain] = res
            all_ms.append(res)
        r["incremental_task_ms"] = {"p50": max(x["p50"] for x in all_ms), "p95": max(x["p95"] for x in all_ms),
                                    "by_domain": by}
        r["profile"] = self._profile(measure.sample(get_domain("supply").active_need_ids(), 30, o["seed"] + 1))

    def _profile(self, ids: list[int]) -> str:
        from matching.engine.matcher import match_need

        spec, prof = get_domain("supply"), cProfile.Profile()
        prof.enable()
        for need_id in ids:
            match_need(spec, need_id)
        prof.disable()
        out = io.StringIO()
        pstats.Stats(prof, stream=out).sort_stats("cumulative").print_stats(r"matching|psycopg/cursor|query\.py", 18)
        text = out.getvalue()
        return text[text.find("ncalls"):] if "ncalls" in text else text

    def _visible(self, o: dict, r: dict, logs: Path) -> None:
        self.say("save → visible through 1 real worker")
        measure.purge_queues()
        workers = procs.start_workers(1, logs / "workers.log")
        try:
            by = {d: measure.save_to_visible(d, measure.sample(get_domain(d).active_need_ids(), o["visible_sample"],
                                                               o["seed"] + 2)) for d in DOMAINS}
        finally:
            for w in workers:
                procs.stop(w)
        r["save_to_visible_ms"] = {"p50": max(x["p50"] for x in by.values()),
                                   "p95": max(x["p95"] for x in by.values()), "by_domain": by}

    def _recall(self, o: dict, r: dict) -> None:
        from matching.bench.recall import measure_recall, sample_need_ids

        r["recall"] = {}
        for domain in DOMAINS:
            ids = sample_need_ids(domain, o["recall_sample"], o["seed"])
            self.say(f"recall@10: {domain}, {len(ids)} needs against the exhaustive scorer")
            res = measure_recall(domain, ids).as_dict()
            res["misses"] = res["misses"][:5]
            r["recall"][domain] = res
        r["recall_at_10"] = min(x["recall_at_10"] for x in r["recall"].values())
        r["offers_scored_share"] = max(x["offers_scored_share"] for x in r["recall"].values())
        text = measure.text_query(measure.sample(get_domain("supply").active_need_ids(), 200, o["seed"] + 3))
        r["text_query"] = text

    def _naive(self, o: dict, r: dict, offers: dict) -> None:
        from matching.bench.naive import naive_rate

        self.say(f"naive baseline (supply), {o['naive_budget']} s")
        ids = measure.sample(get_domain("supply").active_need_ids(), 20, o["seed"] + 4)
        naive = naive_rate(ids, o["naive_budget"])
        r["naive"] = naive
        r["naive_pairs_per_s"] = naive["pairs_per_s"]
        mean_ms = r.get("incremental_task_ms", {}).get("by_domain", {}).get("supply", {}).get("mean")
        if mean_ms:
            r["engine_pairs_per_s"] = round(offers["supply"] / (mean_ms / 1000), 1)
            r["speedup_vs_naive"] = round(r["engine_pairs_per_s"] / max(naive["pairs_per_s"], 1e-9), 1)
            r["notes"].append("Speed-up: effective pairs per second of the engine (all offers of the domain per "
                              "need ÷ mean in-task time of one supply need, writes included) over the naive "
                              "baseline's pairs per second (instances loaded per need, every pair scored in "
                              "Python), both measured in this run.")
