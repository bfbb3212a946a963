"""``manage.py eval_relevance``: the judged sets' relevance figures (run by ``make eval`` on a fresh database).

``--pool`` instead writes the candidates to judge (``benchmarks/judged/<domain>/pool.json``, the blind
sheet for labellers and its answer key), from the engine as it is now and the other sources.
"""

from __future__ import annotations

import json
import platform
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

RESULTS = Path(__file__).resolve().parents[3] / "benchmarks" / "results"


class Command(BaseCommand):
    help = "在全新数据库上加载评测集，运行匹配引擎并写出相关性报告（benchmarks/results/relevance.*）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--domain", action="append", default=None, help="supply (default: every judged domain)")
        parser.add_argument("--pool", action="store_true", help="write the candidate pool and the blind sheet")

    def handle(self, *args: Any, **options: Any) -> None:
        from matching.supply.catalog import JUDGED, load_world, read_world

        domains = options["domain"] or sorted(p.name for p in JUDGED.iterdir() if (p / "world.json").exists())
        if options["pool"]:
            for domain in domains:
                self._pool(domain, read_world(domain), load_world)
            return
        from matching.bench.relevance.evaluate import evaluate, write_report
        from matching.bench.report import machine
        from matching.engine.registry import get_domain

        box = machine()
        results: dict[str, Any] = {"run_at": datetime.now(UTC).isoformat(timespec="seconds"),
                                   "machine": f"{box['cpu']}, {box['cores']} cores, {box['memory_gib']} GiB, "
                                              f"Python {platform.python_version()}",
                                   "engine_versions": {}, "domains": {}}
        for domain in domains:
            world = read_world(domain)
            loaded = load_world(world)
            results["domains"][domain] = evaluate(domain, world, loaded)
            results["engine_versions"][domain] = get_domain(domain).version
            for split, figures in results["domains"][domain].items():
                self.stdout.write(f"{domain} {split}: nDCG@10 {figures['ndcg_at_10']} (BM25 "
                                  f"{figures['bm25']['ndcg_at_10']}, BM25 under the rules "
                                  f"{figures['bm25_rules']['ndcg_at_10']}, ceiling "
                                  f"{figures['ndcg_ceiling_under_rules']}), P@3 {figures['precision_at_3']}, "
                                  f"irrelevant above relevant {figures['irrelevant_above_relevant']}, "
                                  f"duplicates/need {figures['duplicates_per_need']}, coverage {figures['coverage']}")
        write_report(results, RESULTS)
        self.stdout.write(self.style.SUCCESS(f"写出 {RESULTS / 'relevance.json'} 与 relevance.md"))

    def _pool(self, domain: str, world: dict, load_world: Any) -> None:
        from matching.bench.relevance.pool import blind_sheet, build_pool
        from matching.supply.catalog import JUDGED

        pools = build_pool(world, load_world(world))
        sheet = blind_sheet(world, pools)
        folder = JUDGED / domain
        (folder / "pool.json").write_text(json.dumps(pools, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        (folder / "answer_key.json").write_text(json.dumps(sheet["answer_key"], ensure_ascii=False, indent=1) + "\n",
                                                encoding="utf-8")
        (folder / "sheet.json").write_text(json.dumps(sheet["needs"], ensure_ascii=False, indent=1) + "\n",
                                           encoding="utf-8")
        sizes = [len(p) for p in pools.values()]
        self.stdout.write(f"{domain}: {len(pools)} needs, {sum(sizes)} pairs, {min(sizes)}–{max(sizes)} per need")
