"""The naive baseline (measure 4): pure Python over model instances, every (need, offer) pair.

What a first version would do per sourcing need: load every capability as a model instance
(with its enterprise, region and profile), check each hard rule and compute each soft criterion
in Python, sort. Same criteria as the supply domain; no SQL filtering, no numpy, no pruning.
Run on a few needs within a time budget and extrapolated to pairs per second.
"""

from __future__ import annotations

import math
import time
from datetime import date

from matching.engine.registry import get_domain
from matching.engine.tfidf import TextModel
from matching.supply.chains import chain_fit, chain_segments
from matching.supply.models import SupplyCapability
from matching.supply.spec import LEVELS, SIBLING_TEXT, TEXT_THRESHOLD, capability_text_model


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * 6371.0 * math.asin(math.sqrt(min(max(a, 0.0), 1.0)))


def _pair(need: dict, cap: SupplyCapability, segments: list, text: TextModel) -> float | None:
    """The total score of one pair, or None when a hard rule fails."""
    org = cap.enterprise
    if org.pk == need["enterprise_id"] or not cap.active or org.verification != "verified":
        return None
    if not set(need["required_certifications"]) <= set(cap.certifications):
        return None
    if need["quantity"] and need["unit"] and cap.capacity_per_month is not None and cap.unit == need["unit"] \
            and cap.capacity_per_month < need["quantity"]:
        return None
    if cap.regions_served and not set(cap.regions_served) & set(need["region_codes"]):
        return None
    region = org.region
    if need["max_distance"] == "city" and not region.adcode.startswith(need["city_code"][:4]):
        return None
    if need["max_distance"] == "province" and not region.adcode.startswith(need["city_code"][:2]):
        return None
    sim = float(text.cosine(need["tokens"], [cap.search_text.split()])[0][0])
    cat = cap.category_id
    if not (cat in need["close"] or (cat in need["related"] and sim >= SIBLING_TEXT) or sim >= TEXT_THRESHOLD):
        return None
    city = region.parent if region.level == "county" and region.parent else region
    same_city = city.adcode == need["city_code"]
    km = 0.0 if same_city else _km(need["lat"], need["lon"], region.lat or need["lat"], region.lon or need["lon"])
    distance = 1.0 if same_city else math.exp(-km / 300.0) * 0.9
    chain = chain_fit(need["segments"], segments)[0]
    if not need["needed_by"]:
        lead = 0.6
    elif cap.lead_time_days is None:
        lead = 0.5
    else:
        days_left = max((need["needed_by"] - date.today()).days, 0)
        lead = 1.0 if cap.lead_time_days <= days_left else days_left / max(cap.lead_time_days, 1)
    profile = getattr(org, "enterprise_profile", None)
    cred = (0.4 + 0.2 * bool(profile and profile.whitelist_batch_id)
            + 0.1 * LEVELS.index((profile.specialized_level if profile else "none") or "none")
            + 0.1 * cap.sample_ability)
    parts = ((sim, 30), (distance, 25), (chain, 20), (lead, 15), (cred, 10))
    return round(sum(round(min(max(v, 0.0), 1.0) * w, 2) for v, w in parts), 2)


def naive_top(need: dict, k: int = 10) -> tuple[list[tuple[int, float]], int]:
    """Load every capability as an instance and score every pair; (top k, pairs looked at)."""
    text = capability_text_model()
    caps = list(SupplyCapability.objects.select_related("enterprise__region__parent",
                                                         "enterprise__enterprise_profile"))
    segments = chain_segments({c.enterprise_id for c in caps})
    scored = []
    for cap in caps:
        total = _pair(need, cap, segments.get(cap.enterprise_id, []), text)
        if total is not None:
            scored.append((cap.pk, total))
    scored.sort(key=lambda p: (-p[1], p[0]))
    return scored[:k], len(caps)


def naive_rate(need_ids: list[int], budget_s: float = 30.0) -> dict:
    """Pairs per second of the naive baseline over as many needs as fit in ``budget_s`` (≥ 1)."""
    spec = get_domain("supply")
    capability_text_model()
    pairs, needs, t0 = 0, 0, time.perf_counter()
    for need_id in need_ids:
        need = spec.need(need_id)
        if need is None:
            continue
        pairs += naive_top(need)[1]
        needs += 1
        if time.perf_counter() - t0 > budget_s:
            break
    seconds = time.perf_counter() - t0
    return {"domain": "supply", "needs": needs, "pairs": pairs, "seconds": round(seconds, 2),
            "pairs_per_s": round(pairs / seconds, 1) if seconds else 0.0}
