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

import math
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

import numpy as np
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import BooleanField, Q, QuerySet, Subquery
from django.db.models.expressions import RawSQL

from enterprises.models import ChainSegment, EnterpriseProfile, IndustrialChain, Organization
from matching.domains.base import Criterion, DomainSpec, Frame, Parties, register
from matching.models import Match, ProductCategory, SourcingNeed, SupplyCapability
from matching.textsim import (
    SharedTokens,
    fit_for_run,
    idf_weights,
    selective_tokens,
    similarities,
    text_candidates,
)

POSITIONS = {"upstream": 0, "midstream": 1, "downstream": 2}
POSITION_LABEL = {"upstream": "上游", "midstream": "中游", "downstream": "下游"}
TEXT_THRESHOLD = 0.2
SIBLING_TEXT = 0.1
LEVELS = ["none", "innovative", "provincial", "national"]
OPEN = (SourcingNeed.Status.OPEN, SourcingNeed.Status.MATCHED)


def category_family(code: str) -> tuple[list[str], list[str]]:
    """``(close, related)`` in one query: *close* is the category, its parent and its children;
    *related* adds its siblings (which count only with some text in common)."""
    parent = ProductCategory.objects.filter(pk=code).values("parent_id")
    rows = list(ProductCategory.objects.filter(
        Q(pk=code) | Q(parent_id=code) | Q(pk__in=Subquery(parent)) | Q(parent_id__in=Subquery(parent)),
    ).values_list("code", "parent_id"))
    own_parent = next((p for c, p in rows if c == code), None)
    close = sorted(c for c, p in rows if c in (code, own_parent) or p == code)
    related = sorted({c for c, _p in rows} | {code})
    return close or [code], related


def haversine_km(lat1: float, lon1: float, lat2: np.ndarray, lon2: np.ndarray) -> np.ndarray:
    r = 6371.0
    p1, p2 = math.radians(lat1), np.radians(lat2)
    dphi, dlmb = p2 - p1, np.radians(lon2) - math.radians(lon1)
    a = np.sin(dphi / 2) ** 2 + math.cos(p1) * np.cos(p2) * np.sin(dlmb / 2) ** 2
    return 2 * r * np.arcsin(np.sqrt(np.clip(a, 0, 1)))


#: Every enterprise's chain segments, loaded once per chunk of a domain rematch (``batch``).
_segment_cache: dict[int, list[tuple[int, str, str, str]]] | None = None


def _segments(enterprise_ids: set[int] | None) -> dict[int, list[tuple[int, str, str, str]]]:
    """Chain segments per enterprise (all enterprises when ``enterprise_ids`` is None)."""
    if _segment_cache is not None and enterprise_ids is not None:
        return {e: _segment_cache[e] for e in enterprise_ids if e in _segment_cache}
    out: dict[int, list[tuple[int, str, str, str]]] = {}
    if enterprise_ids is not None and not enterprise_ids:
        return out
    # one array parameter instead of thousands of placeholders; ChainSegment's own ordering
    link, profile = EnterpriseProfile.chain_segments.through._meta.db_table, EnterpriseProfile._meta.db_table
    segment, chain = ChainSegment._meta.db_table, IndustrialChain._meta.db_table
    where = "" if enterprise_ids is None else "WHERE p.organization_id = ANY(%s)"
    with connection.cursor() as cursor:
        cursor.execute(f"""SELECT p.organization_id, s.chain_id, c.name, s.name, s.position
                           FROM {link} l JOIN {profile} p ON p.id = l.enterpriseprofile_id
                           JOIN {segment} s ON s.id = l.chainsegment_id JOIN {chain} c ON c.id = s.chain_id
                           {where} ORDER BY s.chain_id, s."order", s.id""",
                       [] if enterprise_ids is None else [list(enterprise_ids)])
        rows = cursor.fetchall()
    for org_id, chain_id, chain_name, seg_name, position in rows:
        out.setdefault(org_id, []).append((chain_id, chain_name, seg_name, position))
    return out


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


def _chain_fit(buyer: list[tuple], supplier: list[tuple]) -> tuple[float, str]:
    """1.0 when a supplier segment is upstream of a buyer segment in the same chain; 0.6 in the
    same chain; 0.3 otherwise — with the Chinese line that says which."""
    best, note = 0.3, "产业链位置: 不在同一产业链"
    for chain_id, chain_name, seg_name, position in supplier:
        for b_chain, _b_name, _b_seg, b_position in buyer:
            if chain_id != b_chain:
                continue
            if POSITIONS[position] < POSITIONS[b_position]:
                return 1.0, f"{POSITION_LABEL[position]}: {chain_name}-{seg_name}"
            if best < 0.6:
                best, note = 0.6, f"同链配套: {chain_name}-{seg_name}"
    return best, note


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

    def need(self, need_id: int) -> dict | None:
        need = (SourcingNeed.objects.select_related("enterprise__region__parent", "category")
                .filter(pk=need_id).first())
        if need is None or need.status not in OPEN or not need.enterprise.is_verified:
            return None
        region = need.enterprise.region
        city_code, city_name = _city(region)
        city = region.parent if region.level == "county" and region.parent else region
        return {
            "id": need.pk, "enterprise_id": need.enterprise_id, "category": need.category_id,
            **dict(zip(("close", "related"), category_family(need.category_id), strict=True)),
            "tokens": need.search_text.split(),
            "required_certifications": list(need.required_certifications), "quantity": need.quantity,
            "unit": need.unit, "needed_by": need.needed_by, "max_distance": need.max_distance,
            "region_codes": [region.adcode, city_code, region.adcode[:2] + "0000"], "city_code": city_code,
            "city_name": city_name, "lat": city.lat or region.lat or 0.0, "lon": city.lon or region.lon or 0.0,
            "segments": _segments({need.enterprise_id}).get(need.enterprise_id, []),
        }

    def candidate_offers(self, need: dict) -> QuerySet:
        idf, default = idf_weights()
        qs = SupplyCapability.objects.filter(active=True, enterprise__verification=Organization.Verification.VERIFIED)
        qs = qs.exclude(enterprise_id=need["enterprise_id"])
        text_ids = text_candidates(need["tokens"], need["related"], TEXT_THRESHOLD, SIBLING_TEXT)
        # every arm indexable (category b-tree, primary key, GIN tsvector): a BitmapOr, no scan
        related = Q(category_id__in=need["close"]) | Q(RawSQL(f'"{SupplyCapability._meta.db_table}"."id" = ANY(%s)',
                                                              [text_ids], output_field=BooleanField()))
        words = selective_tokens(need["tokens"], idf, default)
        if words:  # capabilities saved since the text index was fitted
            qs = qs.annotate(sv=SearchVector("search_text", config="simple"))
            related |= Q(sv=SearchQuery(" & ".join(words), search_type="raw", config="simple"))
        qs = qs.filter(related)
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

    def load_frame(self, qs: QuerySet, need: dict) -> Frame:
        """Candidate columns as arrays; drops cross-category candidates under the text threshold."""
        cols = ("id", "enterprise_id", "category_id", "search_text", "lead_time_days", "sample_ability",
                "enterprise__region_id", "enterprise__region__level", "enterprise__region__parent_id",
                "enterprise__region__name", "enterprise__region__parent__name", "enterprise__region__lat",
                "enterprise__region__lon", "enterprise__enterprise_profile__whitelist_batch_id",
                "enterprise__enterprise_profile__specialized_level")
        rows = list(qs.order_by("id").values_list(*cols))
        idf, default = idf_weights()
        docs = [r[3].split() for r in rows]
        sims = similarities(need["tokens"], [r[0] for r in rows], docs, idf, default)
        close, related = set(need["close"]), set(need["related"])
        keep = [i for i, r in enumerate(rows)
                if r[2] in close or (r[2] in related and sims[i] >= SIBLING_TEXT) or sims[i] >= TEXT_THRESHOLD]
        rows = [rows[i] for i in keep]
        sims = sims[keep] if keep else np.zeros(0)
        shared = SharedTokens(need["tokens"], [docs[i] for i in keep], idf, default)
        segments = _segments({r[1] for r in rows})
        fr: Frame = {
            "id": np.array([r[0] for r in rows], dtype=np.int64),
            "enterprise_id": np.array([r[1] for r in rows], dtype=np.int64),
            "text_sim": sims, "shared_tokens": shared,
            "lead_time_days": np.array([np.nan if r[4] is None else r[4] for r in rows], dtype=float),
            "sample_ability": np.array([bool(r[5]) for r in rows], dtype=bool),
            "whitelisted": np.array([r[13] is not None for r in rows], dtype=bool),
            "level_rank": np.array([LEVELS.index(r[14] or "none") for r in rows], dtype=float),
        }
        city_codes = [r[8] if r[7] == "county" else r[6] for r in rows]
        fr["same_city"] = np.array([c == need["city_code"] for c in city_codes], dtype=bool)
        fr["city_name"] = [r[10] if r[7] == "county" else r[9] for r in rows]
        lat = np.array([r[11] if r[11] is not None else need["lat"] for r in rows], dtype=float)
        lon = np.array([r[12] if r[12] is not None else need["lon"] for r in rows], dtype=float)
        fr["distance_km"] = np.where(fr["same_city"], 0.0, haversine_km(need["lat"], need["lon"], lat, lon))
        fits, notes = [], []
        for r in rows:
            fit, note = _chain_fit(need["segments"], segments.get(r[1], []))
            fits.append(fit)
            notes.append(note)
        fr["chain_fit"], fr["chain_note"] = np.array(fits, dtype=float), notes
        return fr

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
        idf, default = idf_weights()
        words = selective_tokens(cap.search_text.split(), idf, default)
        q = Q(category_id__in=category_family(cap.category_id)[1])
        qs = SourcingNeed.objects.filter(status__in=OPEN, enterprise__verification="verified")
        if words:
            qs = qs.annotate(sv=SearchVector("search_text", config="simple"))
            q |= Q(sv=SearchQuery(" & ".join(words), search_type="raw", config="simple"))
        return sorted(current | set(qs.filter(q).exclude(enterprise_id=cap.enterprise_id).values_list("id", flat=True)))

    @contextmanager
    def batch(self, run_id: int) -> Iterator[None]:
        """A chunk of a domain rematch: the TF-IDF model and text index are fitted once per run
        (per worker process) and reused by every later chunk of the same run; the enterprises'
        chain segments are read once per chunk instead of twice per need."""
        global _segment_cache
        fit_for_run(run_id)
        _segment_cache = _segments(None)
        try:
            yield
        finally:
            _segment_cache = None

    def active_need_ids(self) -> list[int]:
        return list(SourcingNeed.objects.filter(status__in=OPEN, enterprise__verification="verified")
                    .order_by("id").values_list("id", flat=True))

    def after_match(self, need: dict, new_offer_ids: list[int], kept: int) -> None:
        from matching.services.supply import need_after_match

        need_after_match(need_id=need["id"], new_capability_ids=new_offer_ids, kept=kept)

    def on_transition(self, **kwargs: Any) -> None:
        from matching.services.supply import on_transition

        on_transition(**kwargs)


register(SupplyDomain())
