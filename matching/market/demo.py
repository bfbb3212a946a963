"""Demo data for 找服务、找机构 and 找活动: more Hunan institutions beside the eight of ``seed_demo``
(law and accounting firms, testing centres, technology-transfer offices of universities, training
and consulting), 2–4 services each, about 20 enterprises' service requests, the engine's
matches, a few enterprise interests, and about eight platform events (培训, 政策宣讲 …).

All names marked “演示” are fictitious demo data; universities appear by name with generic,
illustrative services. Deterministic: the same seed gives the same data.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.utils import timezone

from enterprises.demo import DEMO_EMAIL_DOMAIN
from enterprises.demo.codes import UsccFactory
from enterprises.demo.people import mobile, person_name
from enterprises.models import Membership, Organization, ProviderProfile, Region, User
from matching.engine.matcher import match_need
from matching.engine.models import Match
from matching.engine.registry import get_domain
from matching.engine.text import search_text
from matching.market.catalog import OFFERINGS, PROVIDERS, REQUESTS
from matching.market.models import ServiceOffering, ServiceRequest
from matching.market.services import match_interest, offering_text
from matching.market.spec import offering_text_model

VERIFIED = Organization.Verification.VERIFIED
LABELS = {"law": "法律服务", "accounting": "财税会计", "testing": "检验检测与认证", "tech_transfer": "技术转移",
          "training": "培训", "university": "高校院所", "consulting": "管理咨询", "other": "其他"}


class ServicesDemo:
    def __init__(self, seed: int = 2026) -> None:
        self.rnd = random.Random(seed)
        self.now = timezone.now()

    def _region(self, adcode: str) -> str:
        """The adcode if loaded, else its prefecture's."""
        return adcode if Region.objects.filter(pk=adcode).exists() else adcode[:4] + "00"

    def providers(self) -> list[Organization]:
        """The catalog's institutions (new ones created with an owner), plus seed_demo's providers."""
        usccs = UsccFactory(self.rnd, set(Organization.objects.values_list("uscc", flat=True)))
        existing = set(Organization.objects.filter(kind="provider").values_list("name", flat=True))
        for i, (name, category, adcode, prefix, description) in enumerate(PROVIDERS, start=1):
            if name in existing:
                continue
            contact = person_name(self.rnd)
            owner = User.objects.create(username=f"svcprov{i:02d}", kind=User.Kind.PROVIDER,
                                        email=f"svcprov{i:02d}@{DEMO_EMAIL_DOMAIN}", last_name=contact[:1],
                                        first_name=contact[1:], password="!demo-unusable")
            org = Organization.objects.create(
                kind="provider", name=name, uscc=usccs.make(adcode[:4] + "00", prefix),
                region_id=self._region(adcode), contact_name=contact, contact_phone=mobile(self.rnd),
                contact_email=f"svcprov{i:02d}@{DEMO_EMAIL_DOMAIN}", verification=VERIFIED, verified_at=self.now)
            Membership.objects.create(user=owner, organization=org, role="owner")
            ProviderProfile.objects.create(organization=org, category=category, description=description)
        return list(Organization.objects.filter(kind="provider", verification=VERIFIED)
                    .select_related("provider_profile", "region").order_by("id"))

    def offerings(self, providers: list[Organization]) -> list[ServiceOffering]:
        """2–4 services per institution from its category's catalog, served locally or province-wide."""
        items = []
        for org in providers:
            category = org.provider_profile.category
            rows = OFFERINGS.get(category) or OFFERINGS["other"]
            for title, description, low, high, days in self.rnd.sample(rows, min(len(rows), self.rnd.randint(2, 4))):
                city = org.region.adcode[:4] + "00"
                regions = self.rnd.choice([[], ["430000"], [city]])
                item = ServiceOffering(provider=org, category=category, title=title, description=description,
                                       price_min=low, price_max=high, response_days=days, regions=regions)
                item.search_text = offering_text(item, org.name)
                items.append(item)
        return ServiceOffering.objects.bulk_create(items)

    def requests(self) -> list[ServiceRequest]:
        """About 20 requests from verified enterprises; the demo enterprise posts two (testing, accounting)."""
        demo = Organization.objects.filter(memberships__user__username="demo_enterprise").first()
        firms = list(Organization.objects.filter(kind="enterprise", verification=VERIFIED)
                     .exclude(pk=demo.pk if demo else None).order_by("id").values_list("id", flat=True)[:300])
        reqs = []
        for i, (category, title, description, budget) in enumerate(REQUESTS):
            firm_id = demo.pk if demo and i < 2 else self.rnd.choice(firms) if firms else None
            if firm_id is None:
                continue
            reqs.append(ServiceRequest(
                enterprise_id=firm_id, category=category, title=title, description=description, budget_max=budget,
                needed_by=(self.now + timedelta(days=self.rnd.randint(20, 120))).date(),
                search_text=search_text(title, LABELS[category], description)))
        return ServiceRequest.objects.bulk_create(reqs)

    def advance(self, reqs: list[ServiceRequest]) -> int:
        """Enterprises say “有意向” to their best service in one request of three (the demo
        enterprise to the demo provider when matched), so the provider's 服务商机 shows contacts."""
        owners = dict(Membership.objects.filter(role="owner", organization__kind="enterprise")
                      .values_list("organization_id", "user_id"))
        demo_provider = Organization.objects.filter(memberships__user__username="demo_provider").first()
        moved = 0
        for i, req in enumerate(reqs):
            matches = list(Match.objects.filter(domain="services", need_id=req.pk, retired_at=None).order_by("rank"))
            target = next((m for m in matches if demo_provider and m.offer_org_id == demo_provider.pk), None)
            target = target or (matches[0] if matches and i % 3 == 0 else None)
            if target is None or req.enterprise_id not in owners:
                continue
            match_interest(actor=User.objects.get(pk=owners[req.enterprise_id]), match_id=target.pk)
            moved += 1
        return moved

    def build(self) -> dict[str, int]:
        counts = {"providers": 0, "offerings": 0, "requests": 0, "matches": 0, "interested": 0}
        if not ServiceOffering.objects.exists():
            providers = self.providers()
            offerings = self.offerings(providers)
            reqs = self.requests()
            offering_text_model(refresh=True)
            spec = get_domain("services")
            for req in reqs:
                match_need(spec, req.pk)
            counts.update(providers=len(providers), offerings=len(offerings), requests=len(reqs),
                          matches=Match.objects.filter(domain="services", retired_at=None).count(),
                          interested=self.advance(reqs))
        return counts


def seed_services(*, seed: int = 2026) -> dict[str, int]:
    """Create the services demo (after ``seed_demo``); skipped when offerings exist, so running it
    again changes nothing."""
    return ServicesDemo(seed).build()

