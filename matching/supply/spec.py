"""Supply chain (找配套, 就近配套): sourcing needs against suppliers' capabilities.

**Fit first** (``matching.supply.fit``): does the supplier make the part — its GB/T 4754 class
against the need's, text similarity, material, process and specifications. Under the fit floor a
capability is not a match; the explanation's first line says why it fits.
**Hard rules**: every required certification held, monthly capacity at least a third of the
quantity where both are known in the same unit, the supplier serves the buyer's region and lies
within the buyer's distance (same city / province / anywhere) or names the buyer's region among
those it serves, its usual lead time fits in the days left before the need's date, supplier ≠ buyer.
**Preferences**, inside a fit band only: distance (就近配套), chain adjacency (supplier upstream
of the buyer in the same chain), lead time against the needed-by date, the supplier's credibility.
One match per supplier: its best capability, the others listed in the match.
"""

from __future__ import annotations

from collections.abc import Iterable
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
from matching.engine.text import tokens as jieba_tokens
from matching.engine.tfidf import TextModel, corpus_model
from matching.supply import fit
from matching.supply.attributes import Attributes
from matching.supply.categories import Taxonomy
from matching.supply.chains import chain_segments
from matching.supply.models import SourcingNeed, SupplyCapability
from matching.supply.services import contact_for, needs_after_match, on_transition
from matching.supply.store import CAPACITY_SHARE, LEVELS, SupplyStore  # noqa: F401  (LEVELS: re-exported)


def capability_text_model(*, refresh: bool = False) -> TextModel:
    """The TF-IDF model of every active capability's text (the offer store hands over the one it
    fits; ``refresh`` refits now, e.g. after demo data or a test wrote capabilities)."""
    return corpus_model("supply", lambda: SupplyCapability.objects.filter(active=True).order_by("id")
                        .values_list("search_text", flat=True).iterator(chunk_size=5000), refresh=refresh)


OPEN = (SourcingNeed.Status.OPEN, SourcingNeed.Status.MATCHED)


def _city(region) -> tuple[str, str]:
    city = region.parent if region.level == "county" and region.parent else region
    return city.adcode, city.name


# ---- soft criteria ---------------------------------------------------------------------------

def _distance(need: dict, fr: Frame) -> np.ndarray:
    return np.where(fr["same_city"], 1.0, np.exp(-fr["distance_km"] / 300.0) * 0.9)


def _chain(need: dict, fr: Frame) -> np.ndarray:
    return fr["chain_fit"]


def _lead(need: dict, fr: Frame) -> np.ndarray:
    if need["days_left"] is None:
        return np.full(len(fr["id"]), 0.6)
    days_left = need["days_left"]
    lead = fr["lead_time_days"]
    known = ~np.isnan(lead)
    fit = np.where(lead <= days_left, 1.0, days_left / np.maximum(lead, 1.0))
    return np.where(known, fit, 0.5)


def _cred(need: dict, fr: Frame) -> np.ndarray:
    return 0.4 + 0.2 * fr["whitelisted"] + 0.1 * fr["level_rank"] + 0.1 * fr["sample_ability"]


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
    if need["days_left"] is None:
        return f"交期: 常规 {int(lead)} 天"
    return f"交期: 常规 {int(lead)} 天, 距需求日期 {need['days_left']} 天"


def _x_cred(need, fr, i, v):
    tags = [t for t, on in (("白名单企业", fr["whitelisted"][i]), ("可打样", fr["sample_ability"][i])) if on]
    certs = "、".join(need["required_certifications"])
    base = f"具备 {certs} 认证" if certs else "已通过平台认证"
    return base + (f"; {'、'.join(tags)}" if tags else "")


#: Preferences: they order suppliers that fit equally well (weights sum to 100).
CRITERIA = (
    Criterion("distance", "距离", 35, _distance, _x_distance),
    Criterion("chain", "产业链位置", 25, _chain, _x_chain),
    Criterion("lead_time", "交期", 20, _lead, _x_lead),
    Criterion("credibility", "供应方资质", 20, _cred, _x_cred),
)


class SupplyDomain(DomainSpec):
    name = "supply"
    version = "supply-2"
    owner_column = "enterprise_id"
    criteria = CRITERIA
    fit_floor = fit.FLOOR
    fit_bands = fit.BANDS

    def needs_bulk(self, need_ids: Iterable[int]) -> dict[int, dict]:
        needs = [n for n in SourcingNeed.objects.select_related("enterprise__region__parent")
                 .filter(pk__in=list(need_ids), status__in=OPEN) if n.enterprise.is_verified]
        taxonomy = Taxonomy.load()
        segments = chain_segments({n.enterprise_id for n in needs})
        return {n.pk: self._facts(n, taxonomy, segments) for n in needs}

    @staticmethod
    def _facts(need: SourcingNeed, taxonomy: Taxonomy, segments: dict) -> dict:
        region = need.enterprise.region
        city_code, city_name = _city(region)
        city = region.parent if region.level == "county" and region.parent else region
        division, group, klass = taxonomy.place(need.category_id)
        return {
            "id": need.pk, "enterprise_id": need.enterprise_id, "category": need.category_id, "title": need.title,
            "division": division, "group": group, "class": klass,
            "attributes": Attributes.of(need.title, need.description, need.materials, need.processes, need.specs),
            "days_left": max((need.needed_by - date.today()).days, 0) if need.needed_by else None,
            "tokens": need.search_text.split(), "title_tokens": jieba_tokens(need.title),
            "required_certifications": list(need.required_certifications), "quantity": need.quantity,
            "unit": need.unit, "needed_by": need.needed_by, "max_distance": need.max_distance,
            "region_codes": [region.adcode, city_code, region.adcode[:2] + "0000"], "city_code": city_code,
            "city_name": city_name, "lat": city.lat or region.lat or 0.0, "lon": city.lon or region.lon or 0.0,
            "segments": segments.get(need.enterprise_id, []),
        }

    def candidate_offers(self, need: dict) -> QuerySet:
        """The need-specific hard rules in SQL (tests check the offer store selects the same)."""
        qs = SupplyCapability.objects.filter(active=True, enterprise__verification=Organization.Verification.VERIFIED)
        qs = qs.exclude(enterprise_id=need["enterprise_id"])
        if need["required_certifications"]:
            qs = qs.filter(certifications__contains=need["required_certifications"])
        if need["quantity"] and need["unit"]:
            qs = qs.filter(Q(capacity_per_month__isnull=True) | ~Q(unit=need["unit"])
                           | Q(capacity_per_month__gte=need["quantity"] / CAPACITY_SHARE))
        named = Q(regions_served__overlap=need["region_codes"])  # says it serves the buyer's place
        qs = qs.filter(Q(regions_served=[]) | named)
        if need["max_distance"] == "city":
            qs = qs.filter(Q(enterprise__region__adcode__startswith=need["city_code"][:4]) | named)
        elif need["max_distance"] == "province":
            qs = qs.filter(Q(enterprise__region__adcode__startswith=need["city_code"][:2]) | named)
        if need["days_left"] is not None:
            qs = qs.filter(Q(lead_time_days__isnull=True) | Q(lead_time_days__lte=need["days_left"]))
        return qs

    def context(self, run_id: int | None) -> SupplyStore:
        return store_for(self.name, SupplyStore, run_id=run_id)  # type: ignore[return-value]

    def frame(self, need: dict, ctx: Any = None) -> Frame:
        """Candidates from the store: the need's class and group, and text candidates of any
        class, that pass the hard rules."""
        store = ctx or self.context(None)
        rows, sims = store.candidates(need)
        frame = store.frame(need, rows, sims)
        frame["taxonomy"] = store.taxonomy
        return frame

    def fit(self, need: dict, frame: Frame) -> np.ndarray:
        return fit.supply_fit(need, frame)

    def explain_fit(self, need: dict, frame: Frame, row: int, value: float) -> str:
        return fit.explain(need, frame, row, value, frame["taxonomy"])

    def live_offer_ids(self, offer_ids: list[int]) -> set[int]:
        return set(SupplyCapability.objects.filter(pk__in=offer_ids, active=True,
                                                   enterprise__verification=Organization.Verification.VERIFIED)
                   .values_list("id", flat=True))

    def offer_parties(self, need: dict, frame: Frame, rows: np.ndarray) -> list[Parties]:
        return [Parties(need_org=need["enterprise_id"], offer_org=int(frame["enterprise_id"][i])) for i in rows]

    def extras(self, need: dict, frame: Frame, row: int) -> dict[str, Any]:
        return {"distance_km": round(float(frame["distance_km"][row]), 1)}

    def needs_for_offer(self, offer_id: int) -> list[int]:
        """Open needs of the capability's class or group, or sharing its rarest words, and the
        needs it is matched with now."""
        current = set(Match.objects.filter(domain=self.name, offer_id=offer_id, retired_at=None)
                      .values_list("need_id", flat=True))
        cap = SupplyCapability.objects.filter(pk=offer_id).first()
        if cap is None or not cap.active:
            return sorted(current)
        taxonomy = Taxonomy.load()
        _division, group, klass = taxonomy.place(cap.category_id)
        kin = [code for code, place in taxonomy.places.items() if (group and place[1] == group)
               or (klass and place[2] == klass)] or [cap.category_id]
        words = capability_text_model().selective(cap.search_text.split())
        q = Q(category_id__in=kin)
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


