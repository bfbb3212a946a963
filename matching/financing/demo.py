"""Demo financing data: products modelled on published SME loan products (indicative terms from
shared/data/hunan-facts.md §4.2, broker-sourced), demo lead banks, and a few loan requests at
every stage so that queues, dashboards and statistics have something to show.

The lead-bank roster is demo data: no official "chain → 主办银行" list was found (facts §9.3).
"""

from __future__ import annotations

import random
from decimal import Decimal

from django.utils import timezone

from enterprises.models import EnterpriseProfile, IndustrialChain, Organization
from matching.engine.matcher import match_need
from matching.engine.models import Match, MatchStatus
from matching.engine.registry import get_domain
from matching.engine.transitions import match_transition
from matching.financing.models import Consent, FinancingProduct, FinancingRequest

W = Decimal(10_000)

# (bank name fragment, product, type, amount 万 min–max, term months, rate %, collateral, extra)
PRODUCTS = [
    ("工商银行", "经营快贷", "credit", (10, 300), (3, 12), ("3.10", "4.35"), ["none"], {}),
    ("工商银行", "专精特新小微贷", "credit", (50, 1000), (6, 36), ("3.10", "4.20"), ["none"],
     {"min_specialized_level": "innovative"}),
    ("农业银行", "纳税e贷", "credit", (10, 300), (3, 12), ("3.30", "4.50"), ["none"], {"min_years": 2}),
    ("农业银行", "科技e贷", "tech", (100, 3000), (12, 36), ("3.25", "4.60"), ["none", "guarantee"],
     {"min_years": 2, "min_revenue": 500 * W}),
    ("建设银行", "助保贷", "guarantee", (50, 2000), (6, 12), ("3.45", "5.20"), ["guarantee"], {}),
    ("建设银行", "产业链融资", "supply_chain", (100, 5000), (6, 24), ("3.30", "4.80"), ["receivables"], {}),
    ("中国银行", "中银科技贷", "tech", (100, 1500), (12, 36), ("3.20", "4.50"), ["none", "ip"],
     {"chains": ["rail-transit", "aero-engine-aerospace", "power-transmission"]}),
    ("交通银行", "链融通", "supply_chain", (200, 5000), (6, 24), ("3.15", "4.30"), ["receivables"],
     {"chains": ["construction-machinery", "rail-transit"]}),
    ("湖南银行", "白名单专享贷", "credit", (300, 5000), (12, 36), ("3.00", "4.00"), ["none"],
     {"whitelist_only": True}),
    ("长沙银行", "科创快贷", "credit", (50, 1000), (6, 24), ("3.40", "4.90"), ["none", "real_estate"],
     {"regions": ["430100"]}),
    ("长沙银行", "设备按揭贷", "mortgage", (100, 3000), (12, 60), ("3.60", "5.50"), ["equipment", "real_estate"],
     {}),
]
LEAD_BANKS = {"construction-machinery": "交通银行", "rail-transit": "中国银行", "energy-storage-materials": "建设银行",
              "nev-icv": "建设银行", "secure-computing": "工商银行", "power-transmission": "湖南银行"}


def seed_financing(*, seed: int = 2026, requests: int = 40) -> dict[str, int]:
    """Create demo products, lead banks and loan requests at several stages; returns counts."""
    rnd = random.Random(seed)
    banks = {o.name: o for o in Organization.objects.filter(kind="bank", verification="verified")}
    chains = {c.slug: c for c in IndustrialChain.objects.all()}

    def bank(fragment: str) -> Organization | None:
        return next((o for name, o in banks.items() if fragment in name), None)

    for slug, fragment in LEAD_BANKS.items():
        if slug in chains and bank(fragment):
            IndustrialChain.objects.filter(pk=chains[slug].pk).update(lead_bank=bank(fragment))
    made = 0
    for fragment, name, kind, (amin, amax), (tmin, tmax), (rmin, rmax), collateral, extra in PRODUCTS:
        owner = bank(fragment)
        if owner is None:
            continue
        extra = dict(extra)
        extra["chains"] = [chains[s].pk for s in extra.get("chains", []) if s in chains]
        FinancingProduct.objects.create(
            bank=owner, name=name, type=kind, amount_min=amin * W, amount_max=amax * W, term_min=tmin, term_max=tmax,
            rate_min=Decimal(rmin), rate_max=Decimal(rmax), collateral=collateral,
            approval_days=rnd.choice([3, 5, 7, 10, 15]),
            description=f"{name}：演示产品，条款参考公开资料，仅供演示。", **extra)
        made += 1

    firms = list(EnterpriseProfile.objects.filter(organization__verification="verified")
                 .select_related("organization").order_by("organization_id"))
    demo_firm = Organization.objects.filter(memberships__user__username="demo_enterprise").first()
    picked = ([p for p in firms if p.organization_id == demo_firm.pk] if demo_firm else []) + rnd.sample(
        firms, min(requests, len(firms)))
    spec = get_domain("financing")
    loans = []
    for i, profile in enumerate(picked[:requests]):
        loan = FinancingRequest.objects.create(
            enterprise=profile.organization, amount=Decimal(rnd.choice([50, 100, 200, 300, 500, 800, 1500])) * W,
            term=rnd.choice([6, 12, 24, 36]), purpose=rnd.choice(["working_capital", "equipment", "tech_upgrade",
                                                                   "rnd", "orders"]),
            collateral=rnd.choice([[], ["receivables"], ["equipment"], ["real_estate", "equipment"]]),
            max_rate=Decimal(rnd.choice(["3.80", "4.20", "4.50", "5.00"])), urgency=rnd.choice(["low", "normal",
                                                                                                "high"]))
        match_need(spec, loan.pk)
        loans.append(loan)
        if i == 0:
            continue  # keep the demo enterprise's own request fresh for trying the journey
        _advance(loan, stage=i % 5, rnd=rnd)
    return {"products": made, "requests": len(loans), "matches": Match.objects.count()}


def _advance(loan: FinancingRequest, *, stage: int, rnd: random.Random) -> None:
    """0: untouched; 1: interested; 2: interested + consent + contacted; 3: funded; 4: declined."""
    match = Match.objects.filter(domain="financing", need_id=loan.pk).order_by("-score", "offer_id").first()
    if match is None or stage == 0:
        return
    match_transition(match_id=match.pk, actor=None, to=MatchStatus.INTERESTED, side="need")
    if stage >= 2:
        Consent.objects.get_or_create(request=loan, bank_id=match.offer_org_id, withdrawn_at=None)
    if stage == 4:
        match_transition(match_id=match.pk, actor=None, to=MatchStatus.DECLINED, side="offer",
                         decline_reason=rnd.choice(["amount", "collateral", "credit"]), reason="演示数据")
        return
    if stage >= 2:
        match_transition(match_id=match.pk, actor=None, to=MatchStatus.CONTACTED, side="offer")
    if stage == 3:
        amount = (loan.amount * Decimal(rnd.choice(["0.8", "0.9", "1.0"]))).quantize(Decimal("0.01"))
        match_transition(match_id=match.pk, actor=None, to=MatchStatus.SUCCEEDED, side="offer",
                         outcome={"amount": str(amount), "rate": "3.65", "term": loan.term})
    Match.objects.filter(pk=match.pk).update(responded_at=timezone.now())
