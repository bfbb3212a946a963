"""``manage.py seed_financing``: demo financing products, lead banks and loan requests."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from matching.financing.models import FinancingProduct


class Command(BaseCommand):
    help = "生成找资金演示数据（金融产品、主办银行、各阶段融资需求）；已存在时跳过。需先运行 seed_demo。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--requests", type=int, default=40)
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args: Any, **options: Any) -> None:
        """Create the financing demo in one transaction, unless products already exist."""
        from matching.financing.demo import seed_financing

        if FinancingProduct.objects.exists():
            self.stdout.write("找资金演示数据已存在，跳过。")
            return
        with transaction.atomic():
            counts = seed_financing(seed=options["seed"], requests=options["requests"])
        self.stdout.write(self.style.SUCCESS(
            f"找资金演示数据：产品 {counts['products']} 个，融资需求 {counts['requests']} 笔，"
            f"匹配 {counts['matches']} 条。"))
