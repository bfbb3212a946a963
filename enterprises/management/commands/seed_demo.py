"""``manage.py seed_demo``: a believable, deterministic Hunan demo world with one login per role."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.db.models import ProtectedError

from enterprises.demo import DEMO_PASSWORD
from enterprises.demo.world import ROLE_LABELS, DemoSummary, DemoWorld, demo_exists, demo_logins, reset_demo


class Command(BaseCommand):
    help = (
        "生成湖南演示数据：银行、服务机构、产业链企业（默认200家）、人才及各角色演示账号。"
        "已存在演示数据时仅打印账号，加 --reset 重新生成。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", type=int, default=200, help="已认证企业数量（默认200）")
        parser.add_argument("--seed", type=int, default=2026, help="随机种子（默认2026），相同种子生成相同数据")
        parser.add_argument("--talents", type=int, default=100, help="人才数量（默认100）")
        parser.add_argument("--pending", type=int, default=5, help="待审核企业数量（默认5）")
        parser.add_argument("--reset", action="store_true", help="删除已有演示数据后重新生成")

    def handle(self, *args: Any, **options: Any) -> None:
        """Create the demo world in one transaction, or print the logins if it already exists."""
        if options["scale"] < 1 or options["talents"] < 1 or options["pending"] < 0:
            raise CommandError("--scale 和 --talents 至少为1，--pending 不能为负数。")
        started = time.perf_counter()
        with transaction.atomic():
            if demo_exists() and not options["reset"]:
                self.stdout.write("演示数据已存在（检测到 demo_operator），未做修改；如需重建请加 --reset。")
                self.print_logins(demo_logins())
                return
            if options["reset"]:
                try:
                    orgs, users = reset_demo()
                except ProtectedError as exc:
                    raise CommandError(f"演示数据被其他记录引用，无法删除：{exc}；可改用 manage.py flush。") from exc
                self.stdout.write(f"已删除演示机构 {orgs} 个、演示用户 {users} 个。")
            world = DemoWorld(options["scale"], options["seed"], options["talents"], options["pending"])
            summary = world.build()
        self.print_summary(summary, options["seed"], time.perf_counter() - started)

    def print_summary(self, summary: DemoSummary, seed: int, elapsed: float) -> None:
        """Counts created, then the logins."""
        self.stdout.write(self.style.SUCCESS(f"演示数据已生成（随机种子 {seed}，用时 {elapsed:.1f} 秒）："))
        self.stdout.write(f"  银行 {summary.banks} 家，网点 {summary.branches} 个；服务机构 {summary.providers} 家")
        self.stdout.write(f"  已认证企业 {summary.enterprises} 家（其中白名单 {summary.whitelisted} 家）")
        self.stdout.write(f"  待审核企业 {summary.pending} 家")
        self.stdout.write(f"  人才 {summary.talents} 人")
        self.print_logins(summary.logins)

    def print_logins(self, logins: dict[str, str]) -> None:
        """One line per demo login with the shared password."""
        self.stdout.write(f"演示账号（密码均为 {DEMO_PASSWORD}）：")
        for username, label in ROLE_LABELS.items():
            if username in logins:
                self.stdout.write(f"  {label}  {username:<16} {logins[username]}")
