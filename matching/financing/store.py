"""Financing's offer store: every active product of a verified bank in column arrays (see
``matching.engine.offerstore``). A loan request's candidates are the products passing every hard rule,
evaluated as boolean masks over all products (a few vector operations on 100,000 rows): the
same rules as ``financing.eligibility_filter`` (SQL) and ``rule_failures`` (Python), which
tests compare it with."""

from __future__ import annotations

from typing import Any

import numpy as np

from matching.engine.offerstore import Store, any_of, membership
from matching.engine.registry import Frame
from matching.financing.eligibility import LEVELS, RATINGS
from matching.financing.models import FinancingProduct
from matching.financing.selectors import bank_track_records

FIELDS = ("id", "bank_id", "amount_min", "amount_max", "term_min", "term_max", "rate_min", "rate_max", "chains",
          "industries", "whitelist_only", "min_specialized_level", "min_credit_rating", "min_years", "min_revenue",
          "approval_days", "regions", "collateral")
NUMERIC = ("amount_min", "amount_max", "term_min", "term_max", "rate_min", "rate_max", "min_years", "min_revenue",
           "approval_days")


class FinancingStore(Store):
    """Active products of verified banks, with the banks' response track records."""

    model = FinancingProduct

    def __init__(self) -> None:
        super().__init__()
        rows = list(self.query().iterator(chunk_size=5000))
        self.track = _track({r[1] for r in rows})
        self.cols = self._columns(rows)

    def query(self):
        return (FinancingProduct.objects.filter(active=True, bank__verification="verified").order_by("id")
                .values_list(*FIELDS))

    def _columns(self, rows: list[tuple]) -> dict[str, Any]:
        n = len(rows)
        c = dict(zip(FIELDS, zip(*rows, strict=True), strict=True)) if rows else dict.fromkeys(FIELDS, ())
        out: dict[str, Any] = {k: np.array(c[k], dtype=float) for k in NUMERIC}
        bank = np.array(c["bank_id"], dtype=np.int64)
        coll = [list(v) for v in c["collateral"]]
        out["regions_all"], out["regions"] = membership(c["regions"], n)
        _empty, out["collateral"] = membership(coll, n)
        record = [self.track.get(int(b), (0, 0.0, 0.5)) for b in bank]
        out.update(
            id=np.array(c["id"], dtype=np.int64), bank=bank, chains=_objects(c["chains"]),
            industries=_objects(c["industries"]),
            whitelist_only=np.array(c["whitelist_only"], dtype=bool),
            level_rank=np.array([LEVELS.index(v) for v in c["min_specialized_level"]], dtype=int),
            rating=np.array([_rating_rank(v) for v in c["min_credit_rating"]], dtype=int),
            coll_open=np.array([not v or "none" in v for v in coll], dtype=bool),
            track_n=np.array([r[0] for r in record], dtype=float), track_rate=np.array([r[1] for r in record],
                                                                                      dtype=float),
            track=np.array([r[2] for r in record], dtype=float),
        )
        return out

    def _prepare(self, rows: list[tuple]) -> None:
        self.track.update(_track({r[1] for r in rows} - set(self.track)))

    def candidates(self, need: dict) -> np.ndarray:
        """Rows of the products passing every hard rule for the request, ascending by id."""
        c, amount, term = self.cols, float(need["amount"]), need["term"]
        mask = (c["amount_min"] <= amount) & (c["amount_max"] >= amount) & (c["term_min"] <= term)
        mask &= (c["term_max"] >= term) & (c["min_years"] <= need["years"])
        mask &= c["min_revenue"] <= float(need["revenue"])
        # 专精特新: the product's minimum level at or below the firm's (an unknown level counts as none)
        mask &= c["level_rank"] <= (LEVELS.index(need["level"]) if need["level"] in LEVELS else 0)
        # rating: none required, or the firm's at least as good (a firm without a rating meets none)
        firm = _rating_rank(need["rating"])
        mask &= (c["rating"] == NO_RATING) | ((firm >= 0) & (c["rating"] >= firm))
        if not need["whitelisted"]:
            mask &= ~c["whitelist_only"]
        rows = np.flatnonzero(mask)
        keep = c["regions_all"][rows] | any_of(c["regions"], need["region_codes"], rows)
        keep &= c["coll_open"][rows] | any_of(c["collateral"], list(need["collateral"]), rows)
        return rows[keep]

    def frame(self, need: dict, rows: np.ndarray) -> Frame:
        """The candidates' columns as the financing criteria read them."""
        c = self.cols
        fr: Frame = {k: c[k][rows] for k in ("amount_min", "amount_max", "rate_min", "rate_max", "approval_days",
                                             "whitelist_only", "track_n", "track_rate", "track")}
        fr.update(id=c["id"][rows], bank_id=c["bank"][rows], min_level_rank=c["level_rank"][rows],
                  chains=c["chains"][rows], industries=c["industries"][rows])
        return fr


def _track(bank_ids: set[int]) -> dict:
    return bank_track_records(bank_ids=bank_ids) if bank_ids else {}


NO_RATING, UNKNOWN_RATING = -1, -2


def _rating_rank(rating: str) -> int:
    """A credit rating's position, best first (RATINGS order); none → NO_RATING."""
    if not rating:
        return NO_RATING
    return RATINGS.index(rating) if rating in RATINGS else UNKNOWN_RATING


def _objects(values: tuple) -> np.ndarray:
    """A 1-d object array of lists (``np.array`` would make equal-length lists a 2-d array)."""
    out = np.empty(len(values), dtype=object)
    for i, v in enumerate(values):
        out[i] = v
    return out
