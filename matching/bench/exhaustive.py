"""The exhaustive reference scorer: the same hard rules and soft criteria as the engine, applied
to every (need, offer) pair with no pruning — no category blocking, no text postings.

Offers are the offer stores' columns, loaded fresh; per need the hard rules are numpy masks over
all offers (written again here, over every row, not the engine's per-candidate masks), and the
surviving pairs are ranked by the engine's own ``rank_candidates`` (fit, criteria, bands, one per
organization), so a difference in the top-10 can only come from pruning. The naive baseline
(``naive.py``: model instances, pure Python) checks this scorer in turn. Used by the benchmark
and ``tests/matching/test_recall.py`` only.
"""

from __future__ import annotations

import numpy as np

from matching.engine.ranking import rank_candidates
from matching.engine.registry import DomainSpec, Frame
from matching.financing.eligibility import LEVELS, RATINGS, levels_met, ratings_met
from matching.financing.store import NO_RATING, FinancingStore
from matching.supply.store import CAPACITY_SHARE, SupplyStore


def top_k(ids: np.ndarray, total: np.ndarray, k: int = 10) -> list[tuple[int, float]]:
    """The first ``k`` of candidates already in the engine's order (``rank_candidates``)."""
    return [(int(i), float(t)) for i, t in zip(ids[:k], total[:k], strict=True)]


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
            enough = cap * CAPACITY_SHARE >= float(need["quantity"])
            mask &= np.isnan(cap) | (c["unit"] != find(need["unit"])) | enough
        serves = np.zeros(n, dtype=bool)
        for code in need["region_codes"]:
            serves |= c["serves"].get(code, np.zeros(n, dtype=bool))
        mask &= c["serves_all"] | serves
        if need["max_distance"] == "city":
            mask &= (c["pre4"] == int(need["city_code"][:4])) | serves
        elif need["max_distance"] == "province":
            mask &= (c["pre2"] == int(need["city_code"][:2])) | serves
        if need["days_left"] is not None:
            mask &= np.isnan(c["lead"]) | (c["lead"] <= need["days_left"])
        return mask

    def frame(self, need: dict) -> Frame:
        """Every capability passing the hard rules — no class blocking, no text threshold."""
        sims = self.similarity(need["tokens"])
        rows = np.flatnonzero(self.hard_rules(need))
        frame = self.store.frame(need, rows, sims[rows])
        frame["taxonomy"] = self.store.taxonomy
        return frame

    def top(self, need: dict, k: int = 10) -> list[tuple[int, float]]:
        return top_k(*self._ranked(need), k)

    def _ranked(self, need: dict) -> tuple[np.ndarray, np.ndarray]:
        fr = self.frame(need)
        order, ranked = rank_candidates(self.spec, need, fr, {})
        return fr["id"][order], ranked.total[order]


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
        order, ranked = rank_candidates(self.spec, need, fr, {})
        return top_k(fr["id"][order], ranked.total[order], k)


def reference_for(spec: DomainSpec) -> SupplyReference | FinancingReference:
    return {"supply": SupplyReference, "financing": FinancingReference}[spec.name](spec)
