"""``manage.py seed_supply``: demo capabilities, sourcing needs and supply matches."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from matching.supply.models import SupplyCapability


class Command(BaseCommand):
    help = "生成找配套演示数据（配套能力、采购需求、匹配结果）；已存在配套能力时跳过。需先运行 seed_demo。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args: Any, **options: Any) -> None:
        """Create the supply demo in one transaction, unless capabilities already exist."""
        from matching.supply.demo import seed_supply

        if SupplyCapability.objects.exists():
            self.stdout.write("找配套演示数据已存在，跳过。")
            return
        with transaction.atomic():
            counts = seed_supply(seed=options["seed"])
        self.stdout.write(self.style.SUCCESS(
            f"找配套演示数据：配套企业 {counts['firms']} 家，配套能力 {counts['capabilities']} 项，"
            f"采购需求 {counts['needs']} 条，"
            f"匹配 {counts['matches']} 条（其中 {counts['interested']} 条已有意向）。"))
