"""The naive baseline (measure 4): pure Python over model instances, every (need, offer) pair.

What a first version would do per sourcing need: load every capability as a model instance
(with its enterprise, region and profile), check each hard rule, compute the fit and each
preference in Python, place the score in its fit band, sort, keep one per supplier. Same rules as
the supply domain; no SQL filtering, no numpy, no pruning.
Run on a few needs within a time budget and extrapolated to pairs per second.
"""

from __future__ import annotations

import math
import time

from matching.engine.registry import get_domain
from matching.engine.text import tokens
from matching.supply import fit
from matching.supply.attributes import Attributes
from matching.supply.categories import Taxonomy
from matching.supply.chains import chain_fit, chain_segments
from matching.supply.models import SupplyCapability
from matching.supply.spec import LEVELS, capability_text_model
from matching.supply.store import CAPACITY_SHARE, TEXT_CANDIDATE


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * 6371.0 * math.asin(math.sqrt(min(max(a, 0.0), 1.0)))


def _hard(need: dict, cap: SupplyCapability) -> bool:
    """Every hard rule of the pair, in Python."""
    org = cap.enterprise
    if org.pk == need["enterprise_id"] or not cap.active or org.verification != "verified":
        return False
    if not set(need["required_certifications"]) <= set(cap.certifications):
        return False
    if need["quantity"] and need["unit"] and cap.capacity_per_month is not None and cap.unit == need["unit"] \
            and cap.capacity_per_month * CAPACITY_SHARE < need["quantity"]:
        return False
    named = bool(set(cap.regions_served) & set(need["region_codes"]))
    if cap.regions_served and not named:
        return False
    region = org.region
    if need["max_distance"] == "city" and not region.adcode.startswith(need["city_code"][:4]) and not named:
        return False
    if need["max_distance"] == "province" and not region.adcode.startswith(need["city_code"][:2]) and not named:
        return False
    return not (need["days_left"] is not None and cap.lead_time_days is not None
                and cap.lead_time_days > need["days_left"])


def _fit(need: dict, cap: SupplyCapability, sim: float, title_sim: float, taxonomy: Taxonomy) -> float:
    """Text evidence amplified by the class relation, then material, process and specification."""
    relation, _code = taxonomy.relation(need["category"], cap.category_id)
    if relation not in ("class", "group") and sim < TEXT_CANDIDATE:
        return 0.0
    text = min(max((sim + fit.TITLE_WEIGHT * title_sim) / fit.TEXT_FULL, 0.0), 1.0)
    value = (1 - fit.ATTRIBUTE_SHARE) * min(1.0, text * (1 + fit.BOOST[relation]))
    same_kind = False
    if value > 0:
        offer = Attributes.of(cap.title, cap.description, cap.materials, cap.processes, cap.specs)
        material, process, spec = need["attributes"].against(offer)
        value *= (fit.MATERIAL_CONFLICT if material < 0 else 1.0) * (fit.PROCESS_CONFLICT if process < 0 else 1.0)
        agreeing = (fit.MATERIAL_WEIGHT * max(material, 0) + fit.PROCESS_WEIGHT * max(process, 0)
                    + fit.SPEC_WEIGHT * spec)
        value += fit.ATTRIBUTE_SHARE * agreeing * min(text / fit.GATE, 1.0)
        same_kind = max(material, process) > 0 and min(material, process) >= 0
    kin = relation == "class" and sim > 0
    if kin and same_kind:
        value = max(value, fit.SAME_KIND)
    if value < fit.BANDS[0]:
        return fit.KIN if kin else 0.0
    return min(value, 1.0)


def _preferences(need: dict, cap: SupplyCapability, segments: list) -> float:
    region, org = cap.enterprise.region, cap.enterprise
    city = region.parent if region.level == "county" and region.parent else region
    same_city = city.adcode == need["city_code"]
    km = 0.0 if same_city else _km(need["lat"], need["lon"], region.lat or need["lat"], region.lon or need["lon"])
    distance = 1.0 if same_city else math.exp(-km / 300.0) * 0.9
    chain = chain_fit(need["segments"], segments)[0]
    if need["days_left"] is None:
        lead = 0.6
    elif cap.lead_time_days is None:
        lead = 0.5
    else:
        lead = 1.0 if cap.lead_time_days <= need["days_left"] else need["days_left"] / max(cap.lead_time_days, 1)
    profile = getattr(org, "enterprise_profile", None)
    cred = (0.4 + 0.2 * bool(profile and profile.whitelist_batch_id)
            + 0.1 * LEVELS.index((profile.specialized_level if profile else "none") or "none")
            + 0.1 * cap.sample_ability)
    parts = ((distance, 35), (chain, 25), (lead, 20), (cred, 20))
    return sum(round(min(max(v, 0.0), 1.0) * w, 2) for v, w in parts)


def _score(fit_value: float, preference: float, spec) -> tuple[int, float]:
    """(band, score) of one pair, as ``matching.engine.ranking.fit_scores`` places it."""
    lows = [spec.fit_floor, *[b for b in sorted(spec.fit_bands) if b > spec.fit_floor]]
    band = max(i for i, low in enumerate(lows) if fit_value >= low)
    lo, hi = lows[band], (lows[band + 1] if band + 1 < len(lows) else 1.0)
    share = spec.preference_share
    composite = fit_value * (1 - share + share * min(max(preference / 100, 0.0), 1.0))
    bottom = lo * (1 - share)
    position = min(max((composite - bottom) / (hi - bottom), 0.0), 1.0)
    return band, round(100 * (lo + (hi - lo) * position), 2)


def naive_top(need: dict, k: int = 10) -> tuple[list[tuple[int, float]], int]:
    """Load every capability as an instance and judge every pair — hard rules, fit, preferences,
    bands, one per supplier; (top k, pairs looked at)."""
    spec = get_domain("supply")
    text = capability_text_model()
    taxonomy = Taxonomy.load()
    caps = list(SupplyCapability.objects.select_related("enterprise__region__parent",
                                                         "enterprise__enterprise_profile"))
    segments = chain_segments({c.enterprise_id for c in caps})
    scored = []
    for cap in caps:
        if not _hard(need, cap):
            continue
        sim = float(text.cosine(need["tokens"], [cap.search_text.split()])[0][0])
        title_sim = float(text.cosine(need["title_tokens"], [tokens(cap.title)])[0][0])
        value = _fit(need, cap, sim, title_sim, taxonomy)
        if value < spec.fit_floor or value <= 0:
            continue
        band, score = _score(value, _preferences(need, cap, segments.get(cap.enterprise_id, [])), spec)
        scored.append((band, score, cap.pk, cap.enterprise_id))
    scored.sort(key=lambda p: (-p[0], -p[1], p[2]))
    best, seen = [], set()
    for _band, score, pk, org in scored:
        if org not in seen:
            seen.add(org)
            best.append((pk, score))
    return best[:k], len(caps)


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
