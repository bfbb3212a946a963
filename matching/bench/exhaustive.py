"""The exhaustive reference scorer: the same hard rules and soft criteria as the engine, applied
to every (need, offer) pair with no pruning — no category blocking, no text candidate query.

Offers are loaded once into column arrays; per need the hard rules are numpy masks over all
offers, and the surviving pairs are scored by the domain's own ``spec.score`` (the same
criterion functions the engine runs), so a difference in the top-10 can only come from pruning.
Used by the benchmark and ``tests/matching/test_recall.py`` only.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse

from enterprises.models import ChainSegment, EnterpriseProfile
from matching.domains.base import DomainSpec, Frame
from matching.domains.financing import LEVELS as FIN_LEVELS
from matching.domains.financing import levels_met, ratings_met
from matching.domains.supply import LEVELS, POSITIONS, SIBLING_TEXT, TEXT_THRESHOLD, haversine_km
from matching.models import FinancingProduct, SupplyCapability
from matching.textsim import idf_weights

NO_CHAIN = 99


def _index_lists(values: list[list[str]]) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """(rows whose list is empty, value → rows holding it)."""
    empty = np.array([not v for v in values], dtype=bool)
    holders: dict[str, list[int]] = {}
    for i, vs in enumerate(values):
        for v in vs:
            holders.setdefault(str(v), []).append(i)
    return empty, {k: np.array(v, dtype=np.int64) for k, v in holders.items()}


def _any_of(size: int, holders: dict[str, np.ndarray], wanted: list[str]) -> np.ndarray:
    mask = np.zeros(size, dtype=bool)
    for w in wanted:
        if w in holders:
            mask[holders[w]] = True
    return mask


def top_k(ids: np.ndarray, total: np.ndarray, k: int = 10) -> list[tuple[int, float]]:
    """The engine's order: score descending, ties by offer id."""
    order = np.lexsort((ids, -total))[:k]
    return [(int(ids[i]), float(total[i])) for i in order]


class SupplyReference:
    """Every capability in arrays, scored against one sourcing need at a time."""

    def __init__(self, spec: DomainSpec) -> None:
        self.spec = spec
        rows = list(SupplyCapability.objects.filter(active=True, enterprise__verification="verified").order_by("id")
                    .values_list("id", "enterprise_id", "category_id", "search_text", "lead_time_days",
                                 "sample_ability", "certifications", "capacity_per_month", "unit", "regions_served",
                                 "enterprise__region__adcode", "enterprise__region__level",
                                 "enterprise__region__parent_id", "enterprise__region__lat", "enterprise__region__lon",
                                 "enterprise__enterprise_profile__whitelist_batch_id",
                                 "enterprise__enterprise_profile__specialized_level"))
        self.size = n = len(rows)
        self.id = np.array([r[0] for r in rows], dtype=np.int64)
        self.enterprise = np.array([r[1] for r in rows], dtype=np.int64)
        self.category = np.array([r[2] for r in rows], dtype=object)
        self.lead = np.array([np.nan if r[4] is None else r[4] for r in rows], dtype=float)
        self.sample = np.array([bool(r[5]) for r in rows], dtype=bool)
        _e, self.cert_holders = _index_lists([r[6] for r in rows])
        self.capacity = np.array([np.nan if r[7] is None else float(r[7]) for r in rows], dtype=float)
        self.unit = np.array([r[8] for r in rows], dtype=object)
        self.serves_all, self.serves = _index_lists([r[9] for r in rows])
        adcode = [r[10] for r in rows]
        self.pre4 = np.array([a[:4] for a in adcode], dtype=object)
        self.pre2 = np.array([a[:2] for a in adcode], dtype=object)
        self.city = np.array([r[12] if r[11] == "county" else r[10] for r in rows], dtype=object)
        self.lat = np.array([np.nan if r[13] is None else r[13] for r in rows], dtype=float)
        self.lon = np.array([np.nan if r[14] is None else r[14] for r in rows], dtype=float)
        self.whitelisted = np.array([r[15] is not None for r in rows], dtype=bool)
        self.level_rank = np.array([LEVELS.index(r[16] or "none") for r in rows], dtype=float)
        self._text([r[3].split() for r in rows])
        self._chains(n)

    def _text(self, docs: list[list[str]]) -> None:
        self.idf, self.default = idf_weights()
        self.vocab = {t: j for j, t in enumerate(sorted(self.idf))}
        indptr, indices = [0], []
        for doc in docs:
            indices += sorted({self.vocab[t] for t in set(doc) if t in self.vocab})
            indptr.append(len(indices))
        self.docs = sparse.csr_matrix((np.ones(len(indices)), indices, indptr), shape=(len(docs), len(self.vocab)))
        sq = np.array([self.idf[t] ** 2 for t in sorted(self.idf)])
        unknown = [sum(1 for t in set(doc) if t not in self.vocab) for doc in docs]
        self.dnorm = np.sqrt(self.docs @ sq + np.array(unknown) * self.default ** 2)
        self.dnorm[self.dnorm == 0] = 1.0

    def _chains(self, n: int) -> None:
        chain_ids = sorted(set(ChainSegment.objects.values_list("chain_id", flat=True)))
        self.chain_col = {c: j for j, c in enumerate(chain_ids)}
        self.minpos = np.full((n, max(len(chain_ids), 1)), NO_CHAIN, dtype=np.int8)
        row_of: dict[int, list[int]] = {}
        for i, e in enumerate(self.enterprise):
            row_of.setdefault(int(e), []).append(i)
        links = EnterpriseProfile.chain_segments.through.objects.filter(
            enterpriseprofile__organization_id__in=list(row_of)).values_list(
            "enterpriseprofile__organization_id", "chainsegment__chain_id", "chainsegment__position")
        for org, chain, position in links:
            j, p = self.chain_col[chain], POSITIONS[position]
            for i in row_of[org]:
                self.minpos[i, j] = min(self.minpos[i, j], p)

    def similarity(self, tokens: list[str]) -> np.ndarray:
        q = set(tokens)
        qnorm = float(np.sqrt(sum(self.idf.get(t, self.default) ** 2 for t in q))) or 1.0
        qvec = np.zeros(len(self.vocab))
        for t in q:
            if t in self.vocab:
                qvec[self.vocab[t]] = self.idf[t] ** 2
        return (self.docs @ qvec) / (qnorm * self.dnorm)

    def hard_rules(self, need: dict) -> np.ndarray:
        mask = self.enterprise != need["enterprise_id"]
        for cert in need["required_certifications"]:
            mask &= _any_of(self.size, self.cert_holders, [cert])
        if need["quantity"] and need["unit"]:
            mask &= np.isnan(self.capacity) | (self.unit != need["unit"]) | (self.capacity >= float(need["quantity"]))
        mask &= self.serves_all | _any_of(self.size, self.serves, need["region_codes"])
        if need["max_distance"] == "city":
            mask &= self.pre4 == need["city_code"][:4]
        elif need["max_distance"] == "province":
            mask &= self.pre2 == need["city_code"][:2]
        return mask

    def frame(self, need: dict) -> Frame:
        sims = self.similarity(need["tokens"])
        close, related = np.isin(self.category, need["close"]), np.isin(self.category, need["related"])
        text_ok = (related & (sims >= SIBLING_TEXT)) | (sims >= TEXT_THRESHOLD)
        rows = np.flatnonzero(self.hard_rules(need) & (close | text_ok))
        same_city = self.city[rows] == need["city_code"]
        lat = np.where(np.isnan(self.lat[rows]), need["lat"], self.lat[rows])
        lon = np.where(np.isnan(self.lon[rows]), need["lon"], self.lon[rows])
        fit = np.full(len(rows), 0.3)
        sub = self.minpos[rows]
        for chain, _name, _seg, position in need["segments"]:
            col = sub[:, self.chain_col[chain]]
            fit = np.where(col < POSITIONS[position], 1.0, np.where((col < NO_CHAIN) & (fit < 0.6), 0.6, fit))
        return {"id": self.id[rows], "text_sim": sims[rows], "lead_time_days": self.lead[rows],
                "sample_ability": self.sample[rows], "whitelisted": self.whitelisted[rows],
                "level_rank": self.level_rank[rows], "same_city": same_city, "chain_fit": fit,
                "distance_km": np.where(same_city, 0.0, haversine_km(need["lat"], need["lon"], lat, lon))}

    def top(self, need: dict, k: int = 10) -> list[tuple[int, float]]:
        fr = self.frame(need)
        total, _points = self.spec.score(need, fr, len(fr["id"]))
        return top_k(fr["id"], total, k)


class FinancingReference:
    """Every product in arrays, scored against one loan request at a time."""

    def __init__(self, spec: DomainSpec) -> None:
        from matching.selectors import bank_track_records

        self.spec = spec
        cols = ("id", "bank_id", "amount_min", "amount_max", "term_min", "term_max", "rate_min", "rate_max",
                "chains", "industries", "whitelist_only", "min_specialized_level", "min_credit_rating", "min_years",
                "min_revenue", "approval_days", "regions", "collateral")
        rows = list(FinancingProduct.objects.filter(active=True, bank__verification="verified").order_by("id")
                    .values_list(*cols))
        self.size = len(rows)
        c = dict(zip(cols, zip(*rows, strict=True), strict=True)) if rows else dict.fromkeys(cols, ())
        self.a = {k: np.array(c[k], dtype=float) for k in ("amount_min", "amount_max", "term_min", "term_max",
                                                           "rate_min", "rate_max", "min_years", "min_revenue",
                                                           "approval_days")}
        self.id, self.bank = np.array(c["id"], dtype=np.int64), np.array(c["bank_id"], dtype=np.int64)
        self.chains, self.industries = list(c["chains"]), list(c["industries"])
        self.whitelist_only = np.array(c["whitelist_only"], dtype=bool)
        self.level = np.array(c["min_specialized_level"], dtype=object)
        self.rating = np.array(c["min_credit_rating"], dtype=object)
        self.regions_all, self.regions = _index_lists(list(c["regions"]))
        coll = [list(v) for v in c["collateral"]]
        self.coll_open = np.array([not v or "none" in v for v in coll], dtype=bool)
        _e, self.coll = _index_lists(coll)
        records = bank_track_records(bank_ids={int(b) for b in self.bank})
        self.track = {key: np.array([records.get(int(b), (0, 0.0, 0.5))[j] for b in self.bank], dtype=float)
                      for j, key in enumerate(("track_n", "track_rate", "track"))}

    def hard_rules(self, need: dict) -> np.ndarray:
        a, amount, term = self.a, float(need["amount"]), need["term"]
        mask = (a["amount_min"] <= amount) & (a["amount_max"] >= amount) & (a["term_min"] <= term)
        mask &= a["term_max"] >= term
        mask &= self.regions_all | _any_of(self.size, self.regions, need["region_codes"])
        if not need["whitelisted"]:
            mask &= ~self.whitelist_only
        mask &= np.isin(self.level, levels_met(need["level"]))
        mask &= (self.rating == "") | np.isin(self.rating, ratings_met(need["rating"]))
        mask &= (a["min_years"] <= need["years"]) & (a["min_revenue"] <= float(need["revenue"]))
        mask &= self.coll_open | _any_of(self.size, self.coll, list(need["collateral"]))
        return mask

    def frame(self, need: dict) -> Frame:
        rows = np.flatnonzero(self.hard_rules(need))
        fr: Frame = {k: v[rows] for k, v in self.a.items()}
        fr.update({k: v[rows] for k, v in self.track.items()})
        fr.update(id=self.id[rows], bank_id=list(self.bank[rows]), whitelist_only=self.whitelist_only[rows],
                  min_level_rank=np.array([FIN_LEVELS.index(v) for v in self.level[rows]], dtype=int),
                  chains=[self.chains[i] for i in rows], industries=[self.industries[i] for i in rows])
        return fr

    def top(self, need: dict, k: int = 10) -> list[tuple[int, float]]:
        fr = self.frame(need)
        total, _points = self.spec.score(need, fr, len(fr["id"]))
        return top_k(fr["id"], total, k)


def reference_for(spec: DomainSpec) -> SupplyReference | FinancingReference:
    return {"supply": SupplyReference, "financing": FinancingReference}[spec.name](spec)
