"""Financing (找资金): loan requests (needs) against banks' products (offers).

Hard rules (SQL filters): amount and term inside the product's ranges; the product covers the
enterprise's region; white-list, 专精特新, credit rating, years and revenue eligibility; the
collateral the enterprise can offer is accepted. Soft criteria: rate fit, amount fit,
chain/industry targeting, white-list and 专精特新 preference, approval speed vs urgency, and
the bank's track record.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

import numpy as np
from django.db.models import Q, QuerySet

from enterprises.models import EnterpriseProfile, Organization
from enterprises.models.profiles import CreditRating, SpecializedLevel
from matching.common.formatting import rate, wan
from matching.engine.offerstore import store_for
from matching.engine.registry import Criterion, DomainSpec, Frame, Parties
from matching.financing.store import FinancingStore
from matching.models import Collateral, FinancingProduct, FinancingRequest, Urgency

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


# ---- soft criteria (vectorized over the candidate frame) ---------------------------------------

def _rate_fit(need: dict, fr: Frame) -> np.ndarray:
    lo, hi = fr["rate_min"], fr["rate_max"]
    if need["max_rate"] is None:
        return 1.0 - np.clip(lo / 12.0, 0, 1) * 0.5  # no ceiling given: cheaper is better
    cap = float(need["max_rate"])
    span = np.where(hi > lo, hi - lo, 1.0)
    covered = np.where(hi > lo, (np.minimum(cap, hi) - lo) / span, (cap >= lo).astype(float))
    return np.clip(covered, 0, 1)


def _amount_fit(need: dict, fr: Frame) -> np.ndarray:
    lo, hi = np.log(fr["amount_min"]), np.log(fr["amount_max"])
    a = math.log(float(need["amount"]))
    pos = np.where(hi > lo, (a - lo) / np.where(hi > lo, hi - lo, 1.0), 0.5)
    return 1.0 - np.abs(2 * np.clip(pos, 0, 1) - 1) * 0.5


def _targeting(need: dict, fr: Frame) -> np.ndarray:
    chains, industry = set(need["chain_ids"]), need["industry"]
    out = []
    for c_list, i_list in zip(fr["chains"], fr["industries"], strict=True):
        if c_list and chains & set(c_list):
            out.append(1.0)
        elif i_list and industry and any(industry.startswith(code) or code.startswith(industry) for code in i_list):
            out.append(0.8)
        elif not c_list and not i_list:
            out.append(0.5)
        else:
            out.append(0.2)
    return np.array(out)


def _preference(need: dict, fr: Frame) -> np.ndarray:
    targeted = fr["whitelist_only"] | (fr["min_level_rank"] > 0)
    bonus = 0.5 * float(need["whitelisted"]) + 0.5 * LEVELS.index(need["level"]) / 3
    return np.where(targeted, 0.5 + 0.5 * bonus, 0.4 + 0.3 * bonus)


def _speed(need: dict, fr: Frame) -> np.ndarray:
    target = URGENCY_DAYS.get(need["urgency"], 7)
    days = np.maximum(fr["approval_days"], 1)
    return np.where(days <= target, 1.0, target / days)


def _track(need: dict, fr: Frame) -> np.ndarray:
    return fr["track"]


def _x_rate(need, fr, i, v):
    cap = f"可接受 ≤ {rate(need['max_rate'])}" if need["max_rate"] is not None else "未设上限"
    return f"利率匹配: {cap}, 产品 {rate(fr['rate_min'][i])}–{rate(fr['rate_max'][i])}"


def _x_amount(need, fr, i, v):
    return f"额度匹配: 申请 {wan(need['amount'])}, 产品 {wan(fr['amount_min'][i])}–{wan(fr['amount_max'][i])}"


def _x_target(need, fr, i, v):
    if v >= 1.0:
        return "定向支持: 产品面向本企业所在产业链"
    if v >= 0.8:
        return "定向支持: 产品面向本企业所属行业"
    return "定向支持: 通用产品" if v >= 0.5 else "定向支持: 产品主要面向其他产业链或行业"


def _x_pref(need, fr, i, v):
    tags = [t for t, on in (("白名单企业", need["whitelisted"]), (SpecializedLevel(need["level"]).label,
                                                                need["level"] != "none")) if on]
    return f"政策偏好: {'、'.join(map(str, tags)) if tags else '无白名单或专精特新标识'}"


def _x_speed(need, fr, i, v):
    return f"审批时效: 一般 {int(fr['approval_days'][i])} 天, 需求紧急程度「{Urgency(need['urgency']).label}」"


def _x_track(need, fr, i, v):
    n = int(fr["track_n"][i])
    if n < 3:
        return "银行响应记录: 样本不足, 按平均水平计"
    return f"银行响应记录: 近期 {n} 笔意向中按时答复率 {fr['track_rate'][i]:.0%}"


CRITERIA = (
    Criterion("rate", "利率匹配", 25, _rate_fit, _x_rate),
    Criterion("amount", "额度匹配", 20, _amount_fit, _x_amount),
    Criterion("targeting", "定向支持", 20, _targeting, _x_target),
    Criterion("preference", "政策偏好", 10, _preference, _x_pref),
    Criterion("speed", "审批时效", 15, _speed, _x_speed),
    Criterion("track_record", "银行响应记录", 10, _track, _x_track),
)


class FinancingDomain(DomainSpec):
    name = "financing"
    version = "financing-1"
    criteria = CRITERIA

    def needs_bulk(self, need_ids: Iterable[int]) -> dict[int, dict]:
        rows = list(FinancingRequest.objects.filter(
            pk__in=list(need_ids), status__in=MATCHABLE_STATUSES,
            enterprise__verification=Organization.Verification.VERIFIED,
        ).values("id", "amount", "term", "collateral", "max_rate", "urgency", "status", "enterprise_id"))
        facts = enterprise_facts(r["enterprise_id"] for r in rows)
        return {r["id"]: {**r, **facts[r["enterprise_id"]]} for r in rows}

    def candidate_offers(self, need: dict) -> QuerySet:
        """The hard rules in SQL (near-miss analysis; tests check the store agrees with it)."""
        return FinancingProduct.objects.filter(
            eligibility_filter(need, need["amount"], need["term"], need["collateral"]),
            active=True, bank__verification=Organization.Verification.VERIFIED,
        )

    def context(self, run_id: int | None) -> FinancingStore:
        return store_for(self.name, FinancingStore, run_id=run_id)  # type: ignore[return-value]

    def frame(self, need: dict, ctx: Any = None) -> Frame:
        store = ctx or self.context(None)
        return store.frame(need, store.candidates(need))

    def live_offer_ids(self, offer_ids: list[int]) -> set[int]:
        return set(FinancingProduct.objects.filter(pk__in=offer_ids, active=True,
                                                   bank__verification=Organization.Verification.VERIFIED)
                   .values_list("id", flat=True))

    def offer_parties(self, need: dict, frame: Frame, rows: np.ndarray) -> list[Parties]:
        return [Parties(need_org=need["enterprise_id"], offer_org=int(frame["bank_id"][i])) for i in rows]

    def flags(self, need: dict, frame: Frame, row: int) -> dict[str, Any]:
        return {"lead_bank": int(frame["bank_id"][row]) in need["lead_bank_ids"]}

    def needs_for_offer(self, offer_id: int) -> list[int]:
        product = FinancingProduct.objects.filter(pk=offer_id).first()
        from matching.models import Match

        current = set(Match.objects.filter(domain=self.name, offer_id=offer_id, retired_at=None)
                      .values_list("need_id", flat=True))
        if product is None or not product.active:
            return sorted(current)
        fitting = FinancingRequest.objects.filter(
            status__in=MATCHABLE_STATUSES, enterprise__verification=Organization.Verification.VERIFIED,
            amount__gte=product.amount_min, amount__lte=product.amount_max,
            term__gte=product.term_min, term__lte=product.term_max,
        ).values_list("id", flat=True)
        return sorted(current | set(fitting))

    def active_need_ids(self) -> list[int]:
        return list(FinancingRequest.objects.filter(
            status__in=MATCHABLE_STATUSES, enterprise__verification=Organization.Verification.VERIFIED,
        ).order_by("id").values_list("id", flat=True))

    def present(self, matches: list[Any], *, viewer: Any, via: str = "web") -> dict[int, dict[str, Any]]:
        """Each match's product as "bank·product"; a bank's identity rules live in the bank views."""
        from matching.financing.selectors import product_names

        names = {pid: f"{bank}·{name}" for pid, name, bank in product_names({m.offer_id for m in matches})}
        return {m.pk: {"offer_name": names.get(m.offer_id, "")} for m in matches}

    def after_match_many(self, results: list[tuple[dict, list[int], int]]) -> None:
        from matching.financing.services import requests_after_match

        requests_after_match(results)

    def on_transition(self, **kwargs: Any) -> None:
        from matching.financing.services import on_transition

        on_transition(**kwargs)


