"""Supply chain (找配套, 就近配套): sourcing needs against suppliers' capabilities.

Hard rules: category compatible (same, parent or child category; a sibling category with a text
similarity of at least ``SIBLING_TEXT`` — generic words such as 适配 or 检测报告 alone do not make
a sibling a supplier; or, across categories, text similarity over ``TEXT_THRESHOLD``), every
required certification held, monthly capacity ≥ quantity where both are known in the same
unit, the supplier serves the buyer's region and lies within the buyer's distance (same city /
province / anywhere), supplier ≠ buyer.
Soft criteria: text similarity (TF-IDF cosine on jieba tokens), distance (haversine between
region coordinates), chain adjacency (supplier upstream of the buyer in the same chain), lead
time against the needed-by date, and the supplier's credibility.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

import numpy as np
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db.models import Q, QuerySet, prefetch_related_objects

from enterprises.models import Organization
from matching.engine.models import Match
from matching.engine.offerstore import store_for
from matching.engine.registry import Criterion, DomainSpec, Frame, Parties
from matching.engine.selectors import viewer_org_id
from matching.engine.tfidf import TextModel, corpus_model
from matching.supply.chains import chain_segments
from matching.supply.models import ProductCategory, SourcingNeed, SupplyCapability
from matching.supply.services import contact_for, needs_after_match, on_transition
from matching.supply.store import LEVELS, SupplyStore  # noqa: F401  (LEVELS: re-exported)


def capability_text_model(*, refresh: bool = False) -> TextModel:
    """The TF-IDF model of every active capability's text (the offer store hands over the one it
    fits; ``refresh`` refits now, e.g. after demo data or a test wrote capabilities)."""
    return corpus_model("supply", lambda: SupplyCapability.objects.filter(active=True).order_by("id")
                        .values_list("search_text", flat=True).iterator(chunk_size=5000), refresh=refresh)


TEXT_THRESHOLD = 0.2
SIBLING_TEXT = 0.1
OPEN = (SourcingNeed.Status.OPEN, SourcingNeed.Status.MATCHED)


def category_families() -> Callable[[str], tuple[list[str], list[str]]]:
    """A function ``code → (close, related)`` over one read of the category table: *close* is
    the category, its parent and its children; *related* adds its siblings (which count only
    with some text in common)."""
    parent = dict(ProductCategory.objects.values_list("code", "parent_id"))
    children: dict[str, list[str]] = {}
    for code, up in parent.items():
        if up:
            children.setdefault(up, []).append(code)

    def family(code: str) -> tuple[list[str], list[str]]:
        if code not in parent:
            return [code], [code]
        up = parent[code]
        close = {code, *children.get(code, ()), *([up] if up else ())}
        return sorted(close), sorted(close | set(children.get(up, ()) if up else ()))

    return family


def category_family(code: str) -> tuple[list[str], list[str]]:
    """``(close, related)`` of one category (see ``category_families``)."""
    return category_families()(code)


def _city(region) -> tuple[str, str]:
    city = region.parent if region.level == "county" and region.parent else region
    return city.adcode, city.name


# ---- soft criteria ---------------------------------------------------------------------------

def _text(need: dict, fr: Frame) -> np.ndarray:
    return fr["text_sim"]


def _distance(need: dict, fr: Frame) -> np.ndarray:
    return np.where(fr["same_city"], 1.0, np.exp(-fr["distance_km"] / 300.0) * 0.9)


def _chain(need: dict, fr: Frame) -> np.ndarray:
    return fr["chain_fit"]


def _lead(need: dict, fr: Frame) -> np.ndarray:
    if not need["needed_by"]:
        return np.full(len(fr["id"]), 0.6)
    days_left = max((need["needed_by"] - date.today()).days, 0)
    lead = fr["lead_time_days"]
    known = ~np.isnan(lead)
    fit = np.where(lead <= days_left, 1.0, days_left / np.maximum(lead, 1.0))
    return np.where(known, fit, 0.5)


def _cred(need: dict, fr: Frame) -> np.ndarray:
    return 0.4 + 0.2 * fr["whitelisted"] + 0.1 * fr["level_rank"] + 0.1 * fr["sample_ability"]


def _x_text(need, fr, i, v):
    shared = list(fr["shared_tokens"][i][:4])
    return f"产品描述相似度 {v:.2f}" + (f": {'、'.join(shared)}" if shared else "")


def _x_distance(need, fr, i, v):
    km = fr["distance_km"][i]
    if fr["same_city"][i]:
        return f"同在{need['city_name']}, 距离 {km:.0f} km"
    return f"距离 {km:.0f} km（{fr['city_name'][i]}）"


def _x_chain(need, fr, i, v):
    return fr["chain_note"][i]


def _x_lead(need, fr, i, v):
    lead = fr["lead_time_days"][i]
    if np.isnan(lead):
        return "交期: 供应方未填写"
    if not need["needed_by"]:
        return f"交期: 常规 {int(lead)} 天"
    return f"交期: 常规 {int(lead)} 天, 距需求日期 {max((need['needed_by'] - date.today()).days, 0)} 天"


def _x_cred(need, fr, i, v):
    tags = [t for t, on in (("白名单企业", fr["whitelisted"][i]), ("可打样", fr["sample_ability"][i])) if on]
    certs = "、".join(need["required_certifications"])
    base = f"具备 {certs} 认证" if certs else "已通过平台认证"
    return base + (f"; {'、'.join(tags)}" if tags else "")


CRITERIA = (
    Criterion("text", "文本相似度", 30, _text, _x_text),
    Criterion("distance", "距离", 25, _distance, _x_distance),
    Criterion("chain", "产业链位置", 20, _chain, _x_chain),
    Criterion("lead_time", "交期", 15, _lead, _x_lead),
    Criterion("credibility", "供应方资质", 10, _cred, _x_cred),
)


class SupplyDomain(DomainSpec):
    name = "supply"
    version = "supply-1"
    criteria = CRITERIA

    def needs_bulk(self, need_ids: Iterable[int]) -> dict[int, dict]:
        needs = [n for n in SourcingNeed.objects.select_related("enterprise__region__parent")
                 .filter(pk__in=list(need_ids), status__in=OPEN) if n.enterprise.is_verified]
        family = category_families()
        segments = chain_segments({n.enterprise_id for n in needs})
        return {n.pk: self._facts(n, family, segments) for n in needs}

    @staticmethod
    def _facts(need: SourcingNeed, family: Callable, segments: dict) -> dict:
        region = need.enterprise.region
        city_code, city_name = _city(region)
        city = region.parent if region.level == "county" and region.parent else region
        return {
            "id": need.pk, "enterprise_id": need.enterprise_id, "category": need.category_id, "title": need.title,
            **dict(zip(("close", "related"), family(need.category_id), strict=True)),
            "tokens": need.search_text.split(),
            "required_certifications": list(need.required_certifications), "quantity": need.quantity,
            "unit": need.unit, "needed_by": need.needed_by, "max_distance": need.max_distance,
            "region_codes": [region.adcode, city_code, region.adcode[:2] + "0000"], "city_code": city_code,
            "city_name": city_name, "lat": city.lat or region.lat or 0.0, "lon": city.lon or region.lon or 0.0,
            "segments": segments.get(need.enterprise_id, []),
        }

    def candidate_offers(self, need: dict) -> QuerySet:
        """The need-specific hard rules in SQL, before the category/text rule (tests check the
        store agrees with it)."""
        qs = SupplyCapability.objects.filter(active=True, enterprise__verification=Organization.Verification.VERIFIED)
        qs = qs.exclude(enterprise_id=need["enterprise_id"])
        if need["required_certifications"]:
            qs = qs.filter(certifications__contains=need["required_certifications"])
        if need["quantity"] and need["unit"]:
            qs = qs.filter(Q(capacity_per_month__isnull=True) | ~Q(unit=need["unit"])
                           | Q(capacity_per_month__gte=need["quantity"]))
        qs = qs.filter(Q(regions_served=[]) | Q(regions_served__overlap=need["region_codes"]))
        if need["max_distance"] == "city":
            qs = qs.filter(enterprise__region__adcode__startswith=need["city_code"][:4])
        elif need["max_distance"] == "province":
            qs = qs.filter(enterprise__region__adcode__startswith=need["city_code"][:2])
        return qs

    def context(self, run_id: int | None) -> SupplyStore:
        return store_for(self.name, SupplyStore, run_id=run_id)  # type: ignore[return-value]

    def frame(self, need: dict, ctx: Any = None) -> Frame:
        """Candidates from the store: category family and text candidates, hard rules, then the
        category/text rule (a cross-category offer needs ``TEXT_THRESHOLD``)."""
        store = ctx or self.context(None)
        rows, sims = store.candidates(need, TEXT_THRESHOLD, SIBLING_TEXT)
        return store.frame(need, rows, sims)

    def live_offer_ids(self, offer_ids: list[int]) -> set[int]:
        return set(SupplyCapability.objects.filter(pk__in=offer_ids, active=True,
                                                   enterprise__verification=Organization.Verification.VERIFIED)
                   .values_list("id", flat=True))

    def offer_parties(self, need: dict, frame: Frame, rows: np.ndarray) -> list[Parties]:
        return [Parties(need_org=need["enterprise_id"], offer_org=int(frame["enterprise_id"][i])) for i in rows]

    def extras(self, need: dict, frame: Frame, row: int) -> dict[str, Any]:
        return {"distance_km": round(float(frame["distance_km"][row]), 1)}

    def needs_for_offer(self, offer_id: int) -> list[int]:
        current = set(Match.objects.filter(domain=self.name, offer_id=offer_id, retired_at=None)
                      .values_list("need_id", flat=True))
        cap = SupplyCapability.objects.filter(pk=offer_id).first()
        if cap is None or not cap.active:
            return sorted(current)
        words = capability_text_model().selective(cap.search_text.split())
        q = Q(category_id__in=category_family(cap.category_id)[1])
        qs = SourcingNeed.objects.filter(status__in=OPEN, enterprise__verification="verified")
        if words:
            qs = qs.annotate(sv=SearchVector("search_text", config="simple"))
            q |= Q(sv=SearchQuery(" & ".join(words), search_type="raw", config="simple"))
        return sorted(current | set(qs.filter(q).exclude(enterprise_id=cap.enterprise_id).values_list("id", flat=True)))

    def active_need_ids(self) -> list[int]:
        return list(SourcingNeed.objects.filter(status__in=OPEN, enterprise__verification="verified")
                    .order_by("id").values_list("id", flat=True))

    def present(self, matches: list[Any], *, viewer: Any, via: str = "web") -> dict[int, dict[str, Any]]:
        """Each match's capability as "firm·capability", and the other side's contact once both
        sides are interested."""
        prefetch_related_objects(matches, "need_org", "offer_org")
        names = {cid: f"{firm}·{title}" for cid, title, firm in SupplyCapability.objects.filter(
            pk__in={m.offer_id for m in matches}).values_list("id", "title", "enterprise__name")}
        org_id = viewer_org_id(viewer) if viewer is not None else None
        return {m.pk: {"offer_name": names.get(m.offer_id, ""), "contact": contact_for(m, viewer_org_id=org_id)}
                for m in matches}

    def after_match_many(self, results: list[tuple[dict, list[int], int]]) -> None:
        needs_after_match(results)

    def on_transition(self, **kwargs: Any) -> None:
        on_transition(**kwargs)


