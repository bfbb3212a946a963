"""``manage.py seed_events``: a demo 产业链对接会 (工程机械, 长沙, next month) with a generated schedule."""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from enterprises.models import IndustrialChain, Organization, Region, User
from matching.engine.text import search_text
from matching.events.models import EventPreference, EventRegistration, MatchmakingEvent, Meeting
from matching.supply.models import SourcingNeed, SupplyCapability

TITLE = "工程机械产业链配套对接会（长沙站）"
CHAIN, CITY = "construction-machinery", "430100"
E = MatchmakingEvent

#: what a buyer without open needs is given: (category, title, description, quantity, unit)
NEEDS = [
    ("hydraulics", "采购挖掘机液压油缸", "中型挖掘机动臂、斗杆液压油缸，缸径 120–160mm，镀铬活塞杆", "300", "件"),
    ("gears-gearboxes", "采购回转支承与回转减速机", "挖掘机回转支承、回转减速机，外径 1000–1600mm", "120", "套"),
    ("structural-parts", "结构件焊接外协", "泵车臂架、起重机吊臂焊接件，高强钢 Q690，机器人焊接", "80", "件"),
    ("engines", "采购柴油机配件", "工程机械柴油机机油泵、水泵及涡轮增压器零件", "500", "件"),
    ("castings-forgings", "采购铸锻件", "球墨铸铁壳体、合金钢锻件，单重 20–300kg", "400", "件"),
    ("chassis", "采购专用底盘与驱动桥", "工程机械专用底盘、驱动桥总成", "40", "台"),
]
#: what a supplier without active capabilities is given: (category, title, description, capacity, unit, lead days)
CAPABILITIES = [
    ("hydraulics", "工程机械液压油缸", "高压液压油缸、镀铬活塞杆，缸径 63–320mm，适配挖掘机、泵车", "2000", "件", 20),
    ("gears-gearboxes", "回转支承与减速机", "单排四点接触球式回转支承、回转减速机、行走减速机", "600", "套", 30),
    ("structural-parts", "臂架与吊臂焊接件", "泵车臂架、起重机吊臂焊接，高强钢 Q690/Q960，机器人焊接", "300", "件", 25),
    ("engines", "柴油机机油泵与水泵", "工程机械柴油机机油泵、水泵、涡轮增压器壳体与叶轮", "4000", "件", 20),
    ("castings-forgings", "精密铸锻件", "球墨铸铁件、合金钢锻件，单重 5–800kg", "3000", "件", 30),
    ("chassis", "专用底盘与驱动桥", "工程机械专用底盘、驱动桥总成", "150", "台", 45),
]


def next_month(today: dt.date) -> dt.date:
    """The same day next month (the month's last day when it is shorter)."""
    year, month = (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
    return dt.date(year, month, min(today.day, calendar.monthrange(year, month)[1]))


def _firms(position: tuple[str, ...], exclude: set[int], limit: int) -> list[Organization]:
    """Verified demo enterprises at the given chain positions, those in 长沙 first, by id."""
    qs = (Organization.objects.filter(kind="enterprise", verification="verified",
                                      enterprise_profile__chain_segments__chain__slug=CHAIN,
                                      enterprise_profile__chain_segments__position__in=position)
          .exclude(pk__in=exclude).select_related("region").distinct().order_by("id"))
    firms = list(qs[:400])
    firms.sort(key=lambda o: (not o.region_id.startswith(CITY[:4]), o.pk))
    return firms[:limit]


class Command(BaseCommand):
    help = ("生成产业链对接会演示数据（工程机械 · 长沙 · 下月，约 20 家企业报名，并生成日程）；"
            "已存在时跳过。需先运行 seed_demo。")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--buyers", type=int, default=8)
        parser.add_argument("--suppliers", type=int, default=10)
        parser.add_argument("--both", type=int, default=2)

    def handle(self, *args: Any, **options: Any) -> None:
        """Create the demo event, its registrations and missing supply data in one transaction,
        match the buyers' needs, then generate the schedule (directly, not through the queue)."""
        if E.objects.filter(title=TITLE).exists():
            self.stdout.write("对接会演示数据已存在，跳过。")
            return
        chain = IndustrialChain.objects.filter(slug=CHAIN).first()
        operator = User.objects.filter(is_staff=True, is_active=True).order_by("id").first()
        buyers = _firms(("midstream", "downstream"), set(), options["buyers"])
        n_both = options["both"] + max(0, options["buyers"] - len(buyers))  # few OEMs: suppliers that also buy
        sellers = _firms(("upstream",), {f.pk for f in buyers}, options["suppliers"] + n_both)
        if chain is None or len(buyers) + n_both < 2 or len(sellers) < 2 + n_both:
            raise CommandError("没有可用的工程机械演示企业，请先运行 seed_demo。")
        both, sellers = sellers[len(sellers) - n_both:], sellers[:len(sellers) - n_both]
        with transaction.atomic():
            self._supply(buyers + both, sellers + both)
            event = self._event(chain, operator)
            regs = self._register(event, buyers, sellers, both)
        from matching.events.services import event_schedule_execute

        E.objects.filter(pk=event.pk).update(schedule_version=F("schedule_version") + 1,
                                             schedule_status=E.ScheduleStatus.QUEUED,
                                             schedule_requested_at=timezone.now())
        event.refresh_from_db()
        status = event_schedule_execute(event_id=event.pk, version=event.schedule_version)
        meetings = Meeting.objects.filter(event=event).count()
        self.stdout.write(self.style.SUCCESS(
            f"对接会演示数据：{TITLE}（{event.date:%Y-%m-%d}），报名企业 {regs} 家，"
            f"日程 {status}，洽谈 {meetings} 场。"))

    def _supply(self, buyers: list[Organization], sellers: list[Organization]) -> None:
        """Give firms without open needs / active capabilities one each, then match every buyer need."""
        from matching.engine.matcher import match_need
        from matching.engine.registry import get_domain

        with_needs = set(SourcingNeed.objects.filter(enterprise__in=buyers, status__in=["open", "matched"])
                         .values_list("enterprise_id", flat=True))
        for i, firm in enumerate(f for f in buyers if f.pk not in with_needs):
            cat, title, text, qty, unit = NEEDS[i % len(NEEDS)]
            SourcingNeed.objects.create(enterprise=firm, category_id=cat, title=title, description=text,
                                        quantity=Decimal(qty), unit=unit, max_distance="province",
                                        search_text=search_text(title, text))
        with_caps = set(SupplyCapability.objects.filter(enterprise__in=sellers, active=True)
                        .values_list("enterprise_id", flat=True))
        rows = []
        for i, firm in enumerate(f for f in sellers if f.pk not in with_caps):
            for cat, title, text, capacity, unit, lead in (CAPABILITIES[i % len(CAPABILITIES)],
                                                           CAPABILITIES[(i + 2) % len(CAPABILITIES)]):
                rows.append(SupplyCapability(enterprise=firm, category_id=cat, title=title, description=text,
                                             capacity_per_month=Decimal(capacity), unit=unit, lead_time_days=lead,
                                             certifications=["ISO 9001"], search_text=search_text(title, text)))
        SupplyCapability.objects.bulk_create(rows)
        spec = get_domain("supply")
        for need_id in SourcingNeed.objects.filter(enterprise__in=buyers, status__in=["open", "matched"]) \
                .order_by("id").values_list("id", flat=True):
            match_need(spec, need_id)

    def _event(self, chain: IndustrialChain, operator: User | None) -> MatchmakingEvent:
        day = next_month(timezone.localdate())
        deadline = timezone.make_aware(dt.datetime.combine(day - dt.timedelta(days=3), dt.time(18, 0)))
        return E.objects.create(
            title=TITLE, chain=chain, city=Region.objects.get(pk=CITY), date=day,
            venue="长沙国际会议中心 3 号厅（长沙市开福区湘江北路三段 1500 号）",
            description="面向工程机械整机企业与本地配套企业的一对一供需洽谈：平台按配套匹配度安排洽谈，"
                        "优先照顾企业指定的洽谈对象。",
            start_time=dt.time(9, 0), slot_count=6, meeting_minutes=20, break_minutes=5, tables=8, meeting_cap=4,
            registration_deadline=deadline, status=E.Status.OPEN, created_by=operator)

    def _register(self, event: MatchmakingEvent, buyers: list[Organization], sellers: list[Organization],
                  both: list[Organization]) -> int:
        regs = [EventRegistration(event=event, organization=f, role=role)
                for group, role in ((buyers, "buyer"), (sellers, "supplier"), (both, "both")) for f in group]
        EventRegistration.objects.bulk_create(regs)
        prefs = []
        if len(buyers) >= 2 and len(sellers) >= 3:
            # the first buyer asks to meet the last supplier; the second refuses the first supplier
            prefs.append(EventPreference(registration=regs[0], target=sellers[-1], kind="requested"))
            prefs.append(EventPreference(registration=regs[1], target=sellers[0], kind="blocked"))
        EventPreference.objects.bulk_create(prefs)
        return len(regs)
