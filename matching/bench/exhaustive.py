"""The exhaustive reference scorer: the same hard rules and soft criteria as the engine, applied
to every (need, offer) pair with no pruning — no category blocking, no text postings.

Offers are the offer stores' columns, loaded fresh; per need the hard rules are numpy masks over
all offers (written again here, over every row, not the engine's per-candidate masks), and the
surviving pairs are scored by the domain's own ``spec.score`` (the same criterion functions the
engine runs), so a difference in the top-10 can only come from pruning. The naive baseline
(``naive.py``: model instances, pure Python) checks this scorer in turn. Used by the benchmark
and ``tests/matching/test_recall.py`` only.
"""

from __future__ import annotations

import numpy as np

from matching.engine.registry import DomainSpec, Frame
from matching.financing.eligibility import LEVELS, RATINGS, levels_met, ratings_met
from matching.financing.store import NO_RATING, FinancingStore
from matching.supply.spec import SIBLING_TEXT, TEXT_THRESHOLD
from matching.supply.store import SupplyStore


def top_k(ids: np.ndarray, total: np.ndarray, k: int = 10) -> list[tuple[int, float]]:
    """The engine's order: score descending, ties by offer id."""
    order = np.lexsort((ids, -total))[:k]
    return [(int(ids[i]), float(total[i])) for i in order]


class SupplyReference:
    """Every capability (the offer store's columns, loaded fresh), scored against one sourcing
    need at a time: the hard rules and the category/text rule over all rows, no blocking."""

    def __init__(self, spec: DomainSpec) -> None:
        self.spec, self.store = spec, SupplyStore()
        self.size = len(self.store.cols["id"])

    def similarity(self, tokens: list[str]) -> np.ndarray:
        """Every capability's cosine, as a full sparse matrix × dense vector product."""
        text = self.store.text
        return (self.store.cols["matrix"] @ text.query_vector(tokens)) / (text.norm(tokens) * self.store.cols["norm"])

    def hard_rules(self, need: dict) -> np.ndarray:
        c, n, find = self.store.cols, self.size, self.store.codes.find
        mask = c["verified"] & (c["enterprise"] != need["enterprise_id"])
        for cert in need["required_certifications"]:
            mask &= c["certs"].get(cert, np.zeros(n, dtype=bool))
        if need["quantity"] and need["unit"]:
            cap = c["capacity"]
            mask &= np.isnan(cap) | (c["unit"] != find(need["unit"])) | (cap >= float(need["quantity"]))
        serves = np.zeros(n, dtype=bool)
        for code in need["region_codes"]:
            serves |= c["serves"].get(code, np.zeros(n, dtype=bool))
        mask &= c["serves_all"] | serves
        if need["max_distance"] == "city":
            mask &= c["pre4"] == int(need["city_code"][:4])
        elif need["max_distance"] == "province":
            mask &= c["pre2"] == int(need["city_code"][:2])
        return mask

    def frame(self, need: dict) -> Frame:
        sims = self.similarity(need["tokens"])
        category, find = self.store.cols["category"], self.store.codes.find
        close = np.isin(category, [find(k) for k in need["close"]])
        related = np.isin(category, [find(k) for k in need["related"]])
        text_ok = (related & (sims >= SIBLING_TEXT)) | (sims >= TEXT_THRESHOLD)
        rows = np.flatnonzero(self.hard_rules(need) & (close | text_ok))
        return self.store.frame(need, rows, sims[rows])

    def top(self, need: dict, k: int = 10) -> list[tuple[int, float]]:
        fr = self.frame(need)
        total, _points = self.spec.score(need, fr, len(fr["id"]))
        return top_k(fr["id"], total, k)


class FinancingReference:
    """Every product (the offer store's columns, loaded fresh), scored against one loan request
    at a time: every hard rule over all rows."""

    def __init__(self, spec: DomainSpec) -> None:
        self.spec, self.store = spec, FinancingStore()
        self.size = len(self.store.cols["id"])

    def hard_rules(self, need: dict) -> np.ndarray:
        c, amount, term, n = self.store.cols, float(need["amount"]), need["term"], self.size
        mask = (c["amount_min"] <= amount) & (c["amount_max"] >= amount) & (c["term_min"] <= term)
        mask &= c["term_max"] >= term
        regions = np.zeros(n, dtype=bool)
        for code in need["region_codes"]:
            regions |= c["regions"].get(code, np.zeros(n, dtype=bool))
        mask &= c["regions_all"] | regions
        if not need["whitelisted"]:
            mask &= ~c["whitelist_only"]
        mask &= np.isin(c["level_rank"], [LEVELS.index(level) for level in levels_met(need["level"])])
        met = [RATINGS.index(r) for r in ratings_met(need["rating"])]
        mask &= (c["rating"] == NO_RATING) | np.isin(c["rating"], met)
        mask &= (c["min_years"] <= need["years"]) & (c["min_revenue"] <= float(need["revenue"]))
        accepted = np.zeros(n, dtype=bool)
        for kind in need["collateral"]:
            accepted |= c["collateral"].get(kind, np.zeros(n, dtype=bool))
        return mask & (c["coll_open"] | accepted)

    def top(self, need: dict, k: int = 10) -> list[tuple[int, float]]:
        fr = self.store.frame(need, np.flatnonzero(self.hard_rules(need)))
        total, _points = self.spec.score(need, fr, len(fr["id"]))
        return top_k(fr["id"], total, k)


def reference_for(spec: DomainSpec) -> SupplyReference | FinancingReference:
    return {"supply": SupplyReference, "financing": FinancingReference}[spec.name](spec)
