"""Demo supply-chain data (找配套) a Hunan buyer would believe.

The firms, capabilities and sourcing needs are the supply world of the judged set
(``benchmarks/judged/supply/world.json``, see ``matching.supply.catalog``): real products of the
key chains with their materials, processes, grades and model numbers, written by a domain expert,
with firms at the right chain segments and for every need at least three suppliers that make the
part. Two aero-engine needs nobody in Hunan supplies (``GAPS``) fill the chain map's gap list.
Each firm gets an owner who can sign in (``supply<key>``; demo passwords are set by ``seed_demo``'s
login list only for the five demo roles). The demo enterprise (a 株洲 rail-transit supplier) buys
castings and tools and supplies brakes and gearboxes. Matches come from the engine; a few move to
the interested and mutually-interested stages. Deterministic: the same seed gives the same data.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from enterprises.demo import DEMO_EMAIL_DOMAIN
from enterprises.models import Membership, Organization, User
from enterprises.models.profiles import WhitelistBatch
from matching.engine.matcher import match_needs
from matching.engine.models import Match
from matching.engine.registry import get_domain
from matching.supply.catalog import load_capabilities, load_needs, load_world, read_world
from matching.supply.models import SourcingNeed, SupplyCapability
from matching.supply.services import match_interest, offer_text
from matching.supply.spec import capability_text_model

#: What the demo enterprise buys: (class, title, description, materials, processes, specs, quantity, unit, days).
DEMO_NEEDS = [
    ("3391", "齿轮箱壳体铸件（球墨铸铁）",
     "城轨车辆齿轮箱壳体毛坯，单重约 120kg，按图加工余量 3mm，需提供材质报告与超声探伤报告。",
     ["球墨铸铁"], ["树脂砂铸造"], ["QT450-10"], Decimal(300), "件", 75),
    ("3321", "数控车削刀片", "加工制动盘、齿轮箱壳体用 CVD 涂层车削刀片，月用量约 5000 片。",
     ["硬质合金"], ["CVD涂层"], ["CNMG120408"], Decimal(5000), "片", 30),
]
#: What it makes: (class, title, description, materials, processes, specs, capacity a month, unit, lead days, certs).
DEMO_CAPABILITIES = [
    ("3715", "轨道车辆制动盘与制动夹钳", "城轨及机车制动盘、制动夹钳单元，为主机厂配套，可按图试制。",
     ["铸钢"], ["机加工", "热处理"], [], Decimal(3000), "件", 25, ["ISO 9001", "CRCC", "EN 15085"]),
    ("3453", "城轨车辆齿轮箱", "城轨车辆齿轮箱及联轴器，齿轮精度 5 级，斜齿轮渗碳淬火磨齿。",
     ["18CrNiMo7-6"], ["渗碳淬火", "磨齿"], [], Decimal(150), "台", 45, ["ISO 9001", "CRCC"]),
]


#: The chain map's gaps (本地配套缺口): what the 株洲 aero-engine maker buys that no Hunan firm in the
#: world makes — fuel nozzles made only in 成都, and a ceramic-matrix part nobody offers yet.
GAPS: dict[str, list[dict[str, Any]]] = {
    "capabilities": [
        {"key": "g-c1", "firm": "f045", "class": "3741", "title": "航空发动机燃油喷嘴及燃油总管",
         "description": "涡轴、涡扇发动机双油路离心式燃油喷嘴与燃油总管，真空钎焊，逐件流量特性试验。",
         "materials": ["不锈钢"], "processes": ["精密机加工", "真空钎焊"], "specs": [],
         "certifications": ["AS9100", "ISO 9001"], "capacity_per_month": 400, "unit": "件", "lead_time_days": 60},
    ],
    "needs": [
        {"key": "g-n1", "firm": "f101", "class": "3741", "title": "涡轴发动机燃油喷嘴（双油路离心式）",
         "description": "燃烧室燃油喷嘴组件，需逐件流量特性试验报告，供方需具备 AS9100。首批 120 件。",
         "materials": ["不锈钢"], "processes": ["真空钎焊"], "specs": [], "quantity": 120, "unit": "件",
         "needed_in_days": 90, "max_distance": "any", "required_certifications": ["AS9100"]},
        {"key": "g-n2", "firm": "f101", "class": "3741", "title": "陶瓷基复合材料（SiC/SiC）涡轮外环",
         "description": "高压涡轮外环段，SiC/SiC 陶瓷基复合材料，化学气相渗透（CVI）工艺，试制 20 件。",
         "materials": ["碳化硅"], "processes": ["化学气相渗透"], "specs": [], "quantity": 20, "unit": "件",
         "needed_in_days": 120, "max_distance": "any", "required_certifications": []},
    ],
}


class SupplyDemo:
    """Builds the supply demo; call :meth:`build` inside ``transaction.atomic``."""

    def __init__(self, seed: int = 2026) -> None:
        self.seed = seed
        self.today = timezone.localdate()
        self.demo = Organization.objects.filter(memberships__user__username="demo_enterprise").first()

    def demo_rows(self) -> tuple[list[SupplyCapability], list[SourcingNeed]]:
        """The demo enterprise's own capabilities and needs."""
        if self.demo is None:
            return [], []
        caps = []
        for klass, title, text, materials, processes, specs, capacity, unit, lead, certs in DEMO_CAPABILITIES:
            cap = SupplyCapability(enterprise=self.demo, category_id=klass, title=title, description=text,
                                   materials=materials, processes=processes, specs=specs, capacity_per_month=capacity,
                                   unit=unit, lead_time_days=lead, certifications=certs, sample_ability=True)
            cap.search_text = offer_text(cap)
            caps.append(cap)
        needs = []
        for klass, title, text, materials, processes, specs, quantity, unit, days in DEMO_NEEDS:
            need = SourcingNeed(enterprise=self.demo, category_id=klass, title=title, description=text,
                                materials=materials, processes=processes, specs=specs, quantity=quantity, unit=unit,
                                needed_by=self.today + timedelta(days=days), max_distance="province")
            need.search_text = offer_text(need)
            needs.append(need)
        return SupplyCapability.objects.bulk_create(caps), SourcingNeed.objects.bulk_create(needs)

    def advance(self, needs: list[SourcingNeed]) -> int:
        """Buyers say “有意向” to the demo enterprise whenever it was matched (its answer waits),
        and to the best supplier of two needs in four; in one of those the supplier answers too."""
        demo_id = self.demo.pk if self.demo else None
        matches: dict[int, list[Match]] = {}
        for m in Match.objects.filter(domain="supply", need_id__in=[n.pk for n in needs], retired_at=None).order_by(
                "need_id", "rank", "offer_id"):
            matches.setdefault(m.need_id, []).append(m)
        orgs = {m.offer_org_id for found in matches.values() for m in found} | {n.enterprise_id for n in needs}
        owners = dict(Membership.objects.filter(role="owner", organization_id__in=orgs)
                      .values_list("organization_id", "user_id"))
        users, owned = User.objects.in_bulk(list(owners.values())), set(owners)
        moved = 0
        for i, need in enumerate(needs):
            found = matches.get(need.pk, [])
            to_demo = next((m for m in found if m.offer_org_id == demo_id), None)
            match = to_demo or (found[0] if found and i % 4 in (1, 2) else None)
            if need.enterprise_id == demo_id or match is None or not {need.enterprise_id, match.offer_org_id} <= owned:
                continue
            match_interest(actor=users[owners[need.enterprise_id]], match_id=match.pk)
            if i % 4 == 2 and match is not to_demo:
                match_interest(actor=users[owners[match.offer_org_id]], match_id=match.pk)
            moved += 1
        return moved

    def build(self) -> dict[str, int]:
        batch = WhitelistBatch.objects.exclude(published_at=None).order_by("-number").first()
        loaded = load_world(read_world("supply"), seed=self.seed, email_domain=DEMO_EMAIL_DOMAIN, owners=True,
                            batch=batch)
        caps, needs = self.demo_rows()
        load_capabilities(GAPS["capabilities"], loaded.firms)
        gaps = load_needs(GAPS["needs"], loaded.firms)
        capability_text_model(refresh=True)
        ids = [*loaded.needs.values(), *gaps.values(), *(n.pk for n in needs)]
        all_needs = list(SourcingNeed.objects.filter(pk__in=ids).order_by("id"))
        match_needs(get_domain("supply"), [n.pk for n in all_needs])
        moved = self.advance(all_needs)
        made = len(loaded.capabilities) + len(caps) + len(GAPS["capabilities"])
        return {"firms": len(loaded.firms), "capabilities": made,
                "needs": len(all_needs), "matches": Match.objects.filter(domain="supply", retired_at=None).count(),
                "interested": moved}


def seed_supply(*, seed: int = 2026) -> dict[str, int]:
    """Create the supply demo (``seed_demo`` first); returns counts. Not idempotent by itself:
    ``manage.py seed_supply`` skips when capabilities exist."""
    return SupplyDemo(seed).build()
