"""Pool the candidates to judge for each need of the supply world, from independent sources
(``../shared/RELEVANCE.md``): the engine's top 10, a plain BM25 baseline, random capabilities of
the same GB/T 4754 division, the nearest capabilities whatever they make, and the ones a domain
expert named when writing the world (fits and traps alike). Deduplicated, the buyer's own offers
left out, shuffled with a fixed seed: labellers never see where a candidate came from or its rank.
"""

from __future__ import annotations

import math
import random
from typing import Any

from enterprises.models import Organization
from matching.bench.relevance.bm25 import BM25, bm25_tokens
from matching.bench.relevance.runs import ranked_lists, rematch
from matching.supply.catalog import Loaded

ENGINE, BM25_NEW, SAME_DIVISION, NEAREST = 10, 3, 2, 2


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    (lat1, lon1), (lat2, lon2) = a, b
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(min(1.0, h)))


def text_of(item: dict[str, Any]) -> list[str]:
    """The tokens BM25 reads: every text field a person typed."""
    return bm25_tokens(item["title"], item.get("description") or "", " ".join(item.get("materials") or ()),
                       " ".join(item.get("processes") or ()), " ".join(item.get("specs") or ()))


def build_pool(world: dict[str, Any], loaded: Loaded, *, seed: int = 2026) -> dict[str, dict[str, list[str]]]:
    """``{need key: {candidate key: [sources]}}`` — run the engine first (a domain rematch)."""
    rng = random.Random(seed)
    caps = world["capabilities"]
    firm_of = {c["key"]: c["firm"] for c in caps}
    cap_key = loaded.capability_key()
    places = {}
    for org_id, lat, lon in Organization.objects.filter(pk__in=loaded.firms.values()).values_list(
            "id", "region__lat", "region__lon"):
        places[org_id] = (float(lat or 28.2), float(lon or 112.9))
    firm_place = {key: places[pk] for key, pk in loaded.firms.items()}
    rematch("supply")
    engine = ranked_lists("supply", list(loaded.needs.values()), k=ENGINE)
    index = BM25([text_of(c) for c in caps])
    pools: dict[str, dict[str, list[str]]] = {}
    for need in world["needs"]:
        pool: dict[str, list[str]] = {}

        def add(key: str, source: str, pool: dict[str, list[str]] = pool, need: dict = need) -> bool:
            if firm_of[key] == need["firm"]:
                return False
            fresh = key not in pool
            pool.setdefault(key, []).append(source)
            return fresh

        for offer_id, _org in engine[loaded.needs[need["key"]]]:
            add(cap_key[offer_id], "engine")
        scores = index.scores(text_of(need))
        added = 0
        for i in sorted(range(len(caps)), key=lambda i: (-scores[i], caps[i]["key"])):
            if added >= BM25_NEW or scores[i] <= 0:
                break
            added += add(caps[i]["key"], "bm25")
        division = need["class"][:2]
        same = [c["key"] for c in caps if c["class"][:2] == division and c["key"] not in pool]
        for key in rng.sample(same, min(SAME_DIVISION, len(same))):
            add(key, "random_same_division")
        here = firm_place[need["firm"]]
        near = sorted((c for c in caps if c["key"] not in pool and c["firm"] != need["firm"]),
                      key=lambda c: (_km(here, firm_place[c["firm"]]), c["key"]))
        for c in near[:NEAREST]:
            add(c["key"], "nearest")
        for key in need.get("expert_candidates") or ():
            add(key, "expert")
        pools[need["key"]] = pool
    return pools


def blind_sheet(world: dict[str, Any], pools: dict[str, dict[str, list[str]]], *, seed: int = 2026) -> dict[str, Any]:
    """What labellers see: per need, its text and its candidates in random order under opaque pair
    ids — no source, no score, no rank."""
    rng = random.Random(seed + 1)
    firms = {f["key"]: f for f in world["firms"]}
    caps = {c["key"]: c for c in world["capabilities"]}
    fields = ("class", "title", "description", "materials", "processes", "specs")

    def firm_view(key: str) -> dict[str, Any]:
        f = firms[key]
        return {"city": f["city"], "chain": f.get("chain") or "", "segment": f.get("segment") or ""}

    needs, answer_key = [], {}
    for need in world["needs"]:
        keys = sorted(pools[need["key"]])
        rng.shuffle(keys)
        rows = []
        for i, key in enumerate(keys, start=1):
            pair = f"{need['key']}-{i:02d}"
            answer_key[pair] = [need["key"], key]
            c = caps[key]
            rows.append({"pair": pair, "supplier": firm_view(c["firm"]),
                         **{f: c.get(f) for f in (*fields, "certifications", "capacity_per_month", "unit",
                                                   "lead_time_days", "regions_served")}})
        needs.append({"need": need["key"], "buyer": firm_view(need["firm"]),
                      **{f: need.get(f) for f in (*fields, "quantity", "unit", "needed_in_days", "max_distance",
                                                  "required_certifications")},
                      "candidates": rows})
    return {"needs": needs, "answer_key": answer_key}
