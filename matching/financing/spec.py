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
from typing import Any

import numpy as np
from django.db.models import QuerySet

from enterprises.models import Organization
from enterprises.models.profiles import SpecializedLevel
from matching.common.formatting import rate, wan
from matching.engine.models import Match
from matching.engine.offerstore import store_for
from matching.engine.registry import Criterion, DomainSpec, Frame, Parties
from matching.financing import selectors, services
from matching.financing.eligibility import (
    LEVELS,
    MATCHABLE_STATUSES,
    URGENCY_DAYS,
    eligibility_filter,
    enterprise_facts,
)
from matching.financing.models import FinancingProduct, FinancingRequest, Urgency
from matching.financing.store import FinancingStore

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
    owner_column = "bank_id"
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
        names = {pid: f"{bank}·{name}" for pid, name, bank in selectors.product_names({m.offer_id for m in matches})}
        return {m.pk: {"offer_name": names.get(m.offer_id, "")} for m in matches}

    def after_match_many(self, results: list[tuple[dict, list[int], int]]) -> None:
        services.requests_after_match(results)

    def on_transition(self, **kwargs: Any) -> None:
        services.on_transition(**kwargs)


