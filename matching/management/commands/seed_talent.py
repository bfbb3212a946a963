"""``manage.py seed_talent``: demo job postings, matchable demo talents and talent matches."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from matching.talent.models import JobPosting


class Command(BaseCommand):
    help = "生成找人才演示数据（招聘职位、可匹配的人才档案、匹配结果）；已存在招聘职位时跳过。需先运行 seed_demo。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args: Any, **options: Any) -> None:
        """Create the talent demo in one transaction, unless postings already exist."""
        from matching.talent.demo import seed_talent

        if JobPosting.objects.exists():
            self.stdout.write("找人才演示数据已存在，跳过。")
            return
        started = time.monotonic()
        with transaction.atomic():
            counts = seed_talent(seed=options["seed"])
        self.stdout.write(self.style.SUCCESS(
            f"找人才演示数据：招聘职位 {counts['jobs']} 个，人才 {counts['talents']} 位，匹配 {counts['matches']} 条"
            f"（其中 {counts['interested']} 条企业已表达意向），用时 {time.monotonic() - started:.1f} 秒。"))
