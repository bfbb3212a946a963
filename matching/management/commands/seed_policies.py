"""``manage.py seed_policies``: ten demo Hunan policies with eligibility rules, published."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from enterprises.models import User
from matching.policies.demo import seed_policies


class Command(BaseCommand):
    help = "Create and publish the demo policies (找政策); idempotent. Run after seed_demo."

    def handle(self, *args, **options) -> None:
        staff = User.objects.filter(is_staff=True, is_active=True).order_by("id")
        actor = staff.filter(username="demo_operator").first() or staff.first()
        if actor is None:
            raise CommandError("没有可用的运营人员账号，请先运行 seed_demo。")
        counts = seed_policies(actor=actor)
        self.stdout.write(self.style.SUCCESS(
            f"policies: {counts['created']} created, {counts['published']} published, {counts['total']} in all"))
