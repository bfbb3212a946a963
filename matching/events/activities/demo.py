"""Demo data of 找活动: the catalog's platform events (published, upcoming) and a few sign-ups."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from enterprises.models import Membership, User
from matching.events.models import PlatformEvent, PlatformEventSignup

EVENTS: tuple[tuple[str, str, str, str, int, int, str, bool, int | None, str], ...] = (
    ("training", "专精特新中小企业申报政策解读与实务培训", "湖南省中小企业服务中心（演示）", "430100", 9, 3,
     "长沙市岳麓区麓谷企业广场报告厅", False, 120, "解读专精特新中小企业认定条件、材料准备与常见问题。"),
    ("briefing", "2026 年惠企政策宣讲会（株洲站）", "株洲市工业和信息化局（演示）", "430200", 14, 2,
     "株洲市天元区政务服务中心", False, 200, "集中宣讲稳增长、技术改造、首台（套）等惠企政策，现场答疑。"),
    ("training", "高新技术企业认定与研发费用加计扣除实务", "湖南省中小企业培训学院", "430100", 20, 3,
     "长沙市天心区湖南省中小企业培训学院", False, 80, "高企认定条件、研发费用归集与加计扣除实务。"),
    ("forum", "工程机械产业链数字化转型沙龙", "长沙精益管理咨询有限公司", "430100", 25, 3,
     "长沙经开区星沙产业基地会议中心", False, 60, "链主企业与配套企业交流数字化转型经验。"),
    ("briefing", "首台（套）重大技术装备保险补偿政策宣讲", "湘潭市工业和信息化局（演示）", "430300", 30, 2,
     "湘潭市岳塘区湘潭经开区管委会", False, 100, "首台（套）认定、保险补偿申报流程与案例。"),
    ("exhibition", "轨道交通装备产业链配套展洽会", "株洲市轨道交通产业促进会（演示）", "430200", 40, 8,
     "株洲市石峰区田心轨道科技城展示中心", False, None, "整车企业与配套企业产品展示和采购洽谈。"),
    ("forum", "知识产权质押融资与专利运营论坛", "常德知识产权运营服务中心", "430700", 45, 3,
     "常德市武陵区市民之家", False, 150, "银行、评估机构与企业共话知识产权质押融资。"),
    ("training", "中小企业数字化转型线上公开课", "衡阳智造数字化服务中心", "430400", 12, 2,
     "线上直播", True, 500, "设备联网、数据采集与 MES 入门，线上直播并提供回放。"),
)


def seed_activities() -> int:
    """Create the catalog's platform events, skipping titles that exist (so running it again
    changes nothing); the demo enterprise signs up for one in three. Returns how many were made."""
    made = 0
    demo_user = User.objects.filter(username="demo_enterprise").first()
    for kind, title, organizer, city, days, hours, venue, online, capacity, description in EVENTS:
        if PlatformEvent.objects.filter(title=title).exists():
            continue
        day = timezone.localdate() + timedelta(days=days)
        starts = timezone.make_aware(datetime.combine(day, time(9, 30)))
        event = PlatformEvent.objects.create(
            kind=kind, title=title, organizer=organizer, city_id=city, starts_at=starts,
            ends_at=starts + timedelta(hours=hours), venue=venue, online=online, description=description,
            capacity=capacity, registration_deadline=starts - timedelta(days=1), status="published")
        if demo_user and made % 3 == 0:
            membership = Membership.objects.filter(user=demo_user).first()
            PlatformEventSignup.objects.create(event=event, user=demo_user,
                                               organization=membership.organization if membership else None)
        made += 1
    return made
