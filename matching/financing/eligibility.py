"""Financing's hard rules (eligibility): what a firm and a loan must satisfy for a product to be
offered at all — amount and term inside the product's ranges, the region covered, white-list,
专精特新, credit rating, years and revenue minimums, accepted collateral. The same rules as a SQL
filter (near misses), on the offer store's column arrays (``store``) and as Chinese lines saying
what a product would take (``rule_failures``)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Q

from enterprises.models import EnterpriseProfile, Organization
from enterprises.models.profiles import CreditRating, SpecializedLevel
from matching.common.formatting import wan
from matching.financing.models import Collateral, FinancingProduct, FinancingRequest, Urgency

LEVELS = [c.value for c in SpecializedLevel]  # ascending
RATINGS = [c.value for c in CreditRating]  # best first
URGENCY_DAYS = {Urgency.HIGH: 3, Urgency.NORMAL: 7, Urgency.LOW: 15}
MATCHABLE_STATUSES = (FinancingRequest.Status.OPEN, FinancingRequest.Status.MATCHED,
                      FinancingRequest.Status.IN_PROGRESS)


def levels_met(level: str) -> list[str]:
    """Minimum 专精特新 levels that a firm at ``level`` satisfies."""
    return LEVELS[: LEVELS.index(level) + 1] if level in LEVELS else [LEVELS[0]]


def ratings_met(rating: str) -> list[str]:
    """Minimum ratings that a firm rated ``rating`` satisfies (its own and every worse one)."""
    return RATINGS[RATINGS.index(rating):] if rating in RATINGS else []


def enterprise_facts(org_ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """The plain values financing rules read, per enterprise — three queries, no model instances."""
    orgs = list(Organization.objects.filter(pk__in=set(org_ids)).values_list(
        "id", "region_id", "region__parent_id", "region__parent__parent_id", "region__name"))
    profiles = {p[0]: p for p in EnterpriseProfile.objects.filter(organization_id__in=[o[0] for o in orgs])
                .values_list("organization_id", "industry_id", "whitelist_batch_id", "specialized_level",
                             "credit_rating", "founded_year", "annual_revenue", "size_class")}
    chains: dict[int, set[int]] = {}
    leads: dict[int, set[int]] = {}
    for org, chain, lead in EnterpriseProfile.chain_segments.through.objects.filter(
            enterpriseprofile__organization_id__in=list(profiles)).values_list(
            "enterpriseprofile__organization_id", "chainsegment__chain_id", "chainsegment__chain__lead_bank_id"):
        chains.setdefault(org, set()).add(chain)
        if lead:
            leads.setdefault(org, set()).add(lead)
    this_year = date.today().year
    out = {}
    for org_id, region, parent, grandparent, region_name in orgs:
        _o, industry, batch, level, rating, founded, revenue, size = profiles.get(org_id, (org_id, None, None, None,
                                                                                        "", None, None, ""))
        out[org_id] = {
            "enterprise_id": org_id, "region_codes": [c for c in (region, parent, grandparent) if c],
            "region_name": region_name, "chain_ids": sorted(chains.get(org_id, ())),
            "lead_bank_ids": sorted(leads.get(org_id, ())), "industry": industry or "", "whitelisted": bool(batch),
            "level": level or SpecializedLevel.NONE, "rating": rating or "",
            "years": (this_year - founded) if founded else 0,
            "revenue": revenue if revenue is not None else Decimal(0), "size_class": size or "",
        }
    return out


def eligibility_filter(facts: dict[str, Any], amount: Decimal, term: int, collateral: list[str]) -> Q:
    """Every hard rule as one Q over FinancingProduct (also used for near-miss analysis)."""
    q = Q(amount_min__lte=amount, amount_max__gte=amount, term_min__lte=term, term_max__gte=term)
    q &= Q(regions=[]) | Q(regions__overlap=facts["region_codes"])
    if not facts["whitelisted"]:
        q &= Q(whitelist_only=False)
    q &= Q(min_specialized_level__in=levels_met(facts["level"]))
    q &= Q(min_credit_rating="") | Q(min_credit_rating__in=ratings_met(facts["rating"]))
    q &= Q(min_years__lte=facts["years"]) & Q(min_revenue__lte=facts["revenue"])
    q &= Q(collateral=[]) | Q(collateral__contains=[Collateral.NONE]) | Q(collateral__overlap=collateral or ["-"])
    return q


def rule_failures(need: dict, product: FinancingProduct) -> list[str]:
    """The hard rules a product fails for a need, in Chinese — what it would take to qualify."""
    f: list[str] = []
    amount, term = need["amount"], need["term"]
    if not product.amount_min <= amount <= product.amount_max:
        f.append(f"额度需在 {wan(product.amount_min)}–{wan(product.amount_max)} 元之间, 当前申请 {wan(amount)} 元")
    if not product.term_min <= term <= product.term_max:
        f.append(f"期限需在 {product.term_min}–{product.term_max} 个月之间, 当前 {term} 个月")
    if product.regions and not set(product.regions) & set(need["region_codes"]):
        f.append(f"产品不覆盖{need['region_name']}")
    if product.whitelist_only and not need["whitelisted"]:
        f.append("仅限产融合作白名单企业")
    if product.min_specialized_level not in levels_met(need["level"]):
        f.append(f"需为{SpecializedLevel(product.min_specialized_level).label}及以上")
    if product.min_credit_rating and product.min_credit_rating not in ratings_met(need["rating"]):
        f.append(f"信用评级需 ≥ {product.min_credit_rating}, 当前 {need['rating'] or '未评级'}")
    if product.min_years > need["years"]:
        f.append(f"经营年限需 ≥ {product.min_years} 年, 当前 {need['years']} 年")
    if product.min_revenue > need["revenue"]:
        f.append(f"年营收需 ≥ {wan(product.min_revenue)}元, 当前 {wan(need['revenue'])}元")
    accepted = set(product.collateral)
    if accepted and Collateral.NONE not in accepted and not accepted & set(need["collateral"]):
        names = "、".join(str(Collateral(c).label) for c in product.collateral)
        f.append(f"需提供以下担保方式之一: {names}")
    return f
