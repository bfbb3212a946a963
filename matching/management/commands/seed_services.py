"""``manage.py seed_services``: demo institutions, services, service requests, matches and platform events."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction


class Command(BaseCommand):
    help = ("生成找服务、找机构、找活动演示数据（服务机构、服务产品、服务需求、匹配结果、平台活动）；"
            "已存在时跳过。需先运行 seed_demo。")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args: Any, **options: Any) -> None:
        """Create the services demo in one transaction; what exists already is skipped (idempotent)."""
        from matching.events.activities.demo import seed_activities
        from matching.market.demo import seed_services

        with transaction.atomic():
            counts = seed_services(seed=options["seed"])
            counts["events"] = seed_activities()
        if not counts["offerings"] and not counts["events"]:
            self.stdout.write("找服务演示数据已存在，跳过。")
            return
        self.stdout.write(self.style.SUCCESS(
            f"找服务演示数据：服务机构 {counts['providers']} 家，服务产品 {counts['offerings']} 项，"
            f"服务需求 {counts['requests']} 条，匹配 {counts['matches']} 条（其中 {counts['interested']} 条已有意向）；"
            f"平台活动 {counts['events']} 场。"))
