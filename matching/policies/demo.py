"""Demo policies (找政策) for ``manage.py seed_policies``: ten Hunan support policies with their
eligibility rules as data.

Facts come from the project's data sheet (hunan-facts.md §5): amounts are stated only where the
sheet has a source (稳增长20条 [S81], 2022 财政支持政策 [S80], 首台(套) [S85]–[S87]); elsewhere the
benefit says the standard follows the year's notice. Document numbers are left blank unless
sourced (首台(套): 工信厅联合重装〔2025〕46号). Links point at the sheet's sources.

The demo enterprise (a provincial 专精特新, high-tech, white-listed, medium-sized rail-transit
supplier in 株洲) qualifies for several and nearly misses the national 小巨人, 单项冠军, the
工程机械 chain and the 长沙 policies by one condition each.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from enterprises.models import User
from matching.policies import services as svc
from matching.policies.models import Policy

PROVINCE = "湖南省工业和信息化厅"
S80 = "http://csly.smehn.cn/Policy/Detail?id=142351"
S81 = "https://hngx.rednet.cn/content/646746/98/12290750.html"
S82 = "http://dmems.com/article/202102/202102201729186079.html"
S83 = "https://www.xiaoxiangtoutiao.com/a/dianjingzixun/caishui/2021/0827/16616.html"
S85 = "https://www.zhaozhengce.cn/Policy/Detail/21325"
S118 = "http://m.znzbw.cn/news/show-36160.html"
EQUIPMENT = ["34", "35", "37", "38", "40"]  # 通用/专用设备, 运输设备, 电气机械, 仪器仪表

POLICIES: list[dict[str, Any]] = [
    {"title": '国家级专精特新重点"小巨人"企业奖补', "issuer": "湖南省人民政府", "link": S81,
     "summary": '对新认定的国家级专精特新重点"小巨人"企业给予资金支持（湖南稳增长20条）。',
     "benefit": "3 年内最高支持 600 万元", "benefit_amount": 600,
     "rules": {"regions": ["430000"], "specialized_min": "national"}},
    {"title": '省级专精特新"小巨人"企业培育支持', "issuer": PROVINCE, "link": S82,
     "summary": '《湖南省专精特新"小巨人"企业培育计划（2021—2025年）》：省级"小巨人"称号有效期 3 年，'
                "期满复核；对培育企业在技术改造、融资对接、人才引进等方面给予支持。",
     "benefit": "纳入重点培育库，享受专项支持（标准以当年申报通知为准）",
     "rules": {"regions": ["430000"], "specialized_min": "provincial"}},
    {"title": "制造业技术改造专项资金（技改奖补）", "issuer": PROVINCE, "link": S80,
     "summary": "支持规模以上工业企业实施技术改造，延续技术改造经济贡献增量奖补。",
     "benefit": "技术改造经济贡献增量奖补（计算办法以当年申报通知为准）",
     "rules": {"regions": ["430000"], "industries": ["C"], "revenue_min": 2000, "min_years": 1}},
    {"title": "首台（套）重大技术装备保险补偿", "issuer": "工业和信息化部办公厅等",
     "document_number": "工信厅联合重装〔2025〕46号", "link": S85,
     "summary": "装备列入《首台（套）重大技术装备推广应用指导目录》（2025 年度使用 2024 年版目录）并投保的，"
                "中央财政按年度保费的 80% 给予补偿，费率上限 3%，期限不超过 3 年。",
     "benefit": "中央财政补偿 80% 年度保费（费率上限 3%，不超过 3 年）",
     "rules": {"industries": EQUIPMENT, "certifications": ["ISO 9001"]}},
    {"title": "高新技术企业认定奖励", "issuer": PROVINCE,
     "summary": "对通过认定（含重新认定）的高新技术企业给予奖励。",
     "benefit": "一次性奖励（标准以当年申报通知为准）",
     "rules": {"regions": ["430000"], "high_tech": True}},
    {"title": "产融合作白名单企业贷款贴息", "issuer": PROVINCE, "link": S80,
     "summary": "对列入湖南省产融合作制造业企业白名单的企业，新增制造业贷款按贷款市场报价利率（LPR）给予贴息。",
     "benefit": "按 LPR 给予贷款贴息（标准以当年申报通知为准）",
     "rules": {"whitelist": True, "industries": ["C"]}},
    {"title": "中小企业数字化转型补贴", "issuer": PROVINCE, "link": S80,
     "summary": '对入选"5G+工业互联网"示范工厂或数字化转型典型应用场景的中小企业给予奖补。',
     "benefit": "每个项目最高 100 万元", "benefit_amount": 100,
     "rules": {"regions": ["430000"], "size_classes": ["small", "medium"], "min_years": 2}},
    {"title": "制造业单项冠军企业奖励", "issuer": "湖南省人民政府", "link": S81,
     "summary": "对新认定的国家制造业单项冠军企业（申报主体）给予奖励（湖南稳增长20条）。",
     "benefit": "一次性奖励 100 万元", "benefit_amount": 100,
     "rules": {"regions": ["430000"], "single_champion": True}},
    {"title": "工程机械产业链配套奖励", "issuer": PROVINCE, "link": S83,
     "summary": "鼓励产业链龙头企业引进配套企业、实施补链延链项目，完善工程机械本地配套体系。",
     "benefit": "补链延链项目按实际到位资金给予奖励（标准以当年申报通知为准）",
     "rules": {"regions": ["430000"], "chains": ["construction-machinery"], "revenue_min": 500}},
    {"title": '长沙市中小企业"上云上平台"支持', "issuer": "长沙市工业和信息化局", "link": S118,
     "summary": '支持长沙市中小企业"上云上平台"，推进工业互联网应用和数字化改造。',
     "benefit": "上云服务支持（标准以当年申报通知为准）",
     "rules": {"regions": ["430100"], "size_classes": ["micro", "small", "medium"]}},
]


def seed_policies(*, actor: User) -> dict[str, int]:
    """Create the demo policies that do not exist yet (by title) and publish them; qualifying
    firms are told once (the notification is idempotent per policy and firm). Returns counts."""
    today = timezone.localdate()
    window = {"valid_from": dt.date(today.year, 1, 1), "valid_until": dt.date(today.year, 12, 31)}
    created = published = 0
    for spec in POLICIES:
        policy = Policy.objects.filter(title=spec["title"]).first()
        if policy is None:
            policy = svc.policy_create(actor=actor, data={**window, **spec})
            created += 1
        if policy.status == Policy.Status.DRAFT:
            svc.policy_publish(actor=actor, policy_id=policy.pk)
            published += 1
    return {"created": created, "published": published, "total": Policy.objects.count()}
