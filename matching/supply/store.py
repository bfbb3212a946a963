"""Supply's offer store: every active capability in column arrays (see ``matching.engine.offerstore``).

Candidates of a sourcing need, without touching the database:

1. class blocking — the capabilities filed under the need's GB/T 4754 class or its group
   (``matching.supply.categories.Taxonomy``: a product group counts as its class);
2. text candidates — capabilities whose text is similar enough to the need's whatever their
   class, read from the query tokens' postings;
3. the hard rules as boolean masks over those rows only (verified supplier, not the buyer,
   certifications, capacity, regions served, distance, lead time before the need's date).

The same rules as ``SupplyDomain.candidate_offers`` (SQL), which tests compare it with. How well
each candidate answers the need (its fit) is ``matching.supply.fit``'s to say.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from enterprises.models import ChainSegment
from matching.engine.offerstore import Store, any_of, blocks, membership, rows_of
from matching.engine.registry import Frame
from matching.engine.text import tokens
from matching.engine.tfidf import TextModel, remember
from matching.supply.attributes import Attributes
from matching.supply.categories import Taxonomy
from matching.supply.chains import POSITIONS, ChainNotes, chain_segments, haversine_km
from matching.supply.models import SupplyCapability

LEVELS = ["none", "innovative", "provincial", "national"]
NO_CHAIN = 99


class Codes:
    """Strings (categories, units, city codes) as small integers, for fast vector comparisons."""

    def __init__(self) -> None:
        self.codes: dict[str, int] = {}

    def code(self, value: str | None) -> int:
        return self.codes.setdefault(value or "", len(self.codes))

    def find(self, value: str | None) -> int:
        """The value's code, or -1 when no offer has it."""
        return self.codes.get(value or "", -1)
FIELDS = ("id", "enterprise_id", "category_id", "search_text", "lead_time_days", "sample_ability",
          "certifications", "capacity_per_month", "unit", "regions_served", "enterprise__verification",
          "enterprise__region__adcode", "enterprise__region__level", "enterprise__region__parent_id",
          "enterprise__region__name", "enterprise__region__parent__name", "enterprise__region__lat",
          "enterprise__region__lon", "enterprise__enterprise_profile__whitelist_batch_id",
          "enterprise__enterprise_profile__specialized_level", "title", "description", "materials", "processes",
          "specs")
#: A month's capacity serves a quantity up to this many times larger (delivered over a few months).
CAPACITY_SHARE = 3
#: A capability's text must be at least this similar to a need's to be a candidate outside its class.
TEXT_CANDIDATE = 0.08


class SupplyStore(Store):
    """Active capabilities (of verified and unverified suppliers: IDF counts every active
    capability, the ``verified`` column is a hard rule) with their blocking and text indexes."""

    model = SupplyCapability

    def __init__(self) -> None:
        super().__init__()
        self.codes, self.places = Codes(), Places()
        self.taxonomy = Taxonomy.load()
        rows = list(self.query().iterator(chunk_size=5000))
        self.text = TextModel(r[3] for r in rows)
        remember("supply", self.text)  # the same corpus as capability_text_model's
        self.chain_col = {c: j for j, c in enumerate(sorted(set(ChainSegment.objects.values_list("chain_id",
                                                                                             flat=True))))}
        self.segments = chain_segments(None)
        self.cols = self._columns(rows)
        self._index()

    def query(self):
        return SupplyCapability.objects.filter(active=True).order_by("id").values_list(*FIELDS)

    # ---- building ----------------------------------------------------------------------------

    def _columns(self, rows: list[tuple]) -> dict[str, Any]:
        n = len(rows)
        matrix, norm = self.text.matrix([r[3] for r in rows])
        title_matrix, title_norm = self.text.matrix([" ".join(tokens(r[20])) for r in rows])
        serves_all, serves = membership([r[9] for r in rows], n)
        _none, certs = membership([r[6] for r in rows], n)
        adcode = [r[11] or "000000" for r in rows]
        enterprise = np.array([r[1] for r in rows], dtype=np.int64)
        code = self.codes.code
        return {
            "id": np.array([r[0] for r in rows], dtype=np.int64), "enterprise": enterprise,
            "category": np.array([code(r[2]) for r in rows], dtype=np.int32),
            "category_code": np.array([r[2] for r in rows], dtype=object), "search_text": np.array(
                [r[3] for r in rows], dtype=object),
            "lead": np.array([np.nan if r[4] is None else r[4] for r in rows], dtype=float),
            "sample": np.array([bool(r[5]) for r in rows], dtype=bool), "certs": certs,
            "capacity": np.array([np.nan if r[7] is None else float(r[7]) for r in rows], dtype=float),
            "unit": np.array([code(r[8]) for r in rows], dtype=np.int32), "serves_all": serves_all, "serves": serves,
            "verified": np.array([r[10] == "verified" for r in rows], dtype=bool),
            "pre4": np.array([int(a[:4]) for a in adcode], dtype=np.int32),
            "pre2": np.array([int(a[:2]) for a in adcode], dtype=np.int32),
            "city": np.array([code(r[13] if r[12] == "county" else r[11]) for r in rows], dtype=np.int32),
            "city_name": np.array([r[15] if r[12] == "county" else r[14] for r in rows], dtype=object),
            "place": np.array([self.places.place(r[16], r[17]) for r in rows], dtype=np.int32),
            "whitelisted": np.array([r[18] is not None for r in rows], dtype=bool),
            "level_rank": np.array([LEVELS.index(r[19] or "none") for r in rows], dtype=float),
            "minpos": self._minpos(enterprise), "matrix": matrix, "norm": norm, "title_matrix": title_matrix,
            "title_norm": title_norm,
            **self._classes([r[2] for r in rows]), "title": np.array([r[20] for r in rows], dtype=object),
            "attributes": np.array([Attributes.of(r[20], r[21], r[22], r[23], r[24]) for r in rows], dtype=object),
        }

    def _classes(self, categories: list[str]) -> dict[str, np.ndarray]:
        """Each row's GB/T 4754 division, group and class (as small integers; 0 where it has none)."""
        places = [self.taxonomy.place(c) for c in categories]
        code = self.codes.code
        return {name: np.array([code(p[i]) if p[i] else 0 for p in places], dtype=np.int32)
                for i, name in enumerate(("division", "group", "class"))}

    def _minpos(self, enterprise: np.ndarray) -> np.ndarray:
        """Per row and chain: the supplier's most upstream position in that chain (NO_CHAIN if none)."""
        out = np.full((len(enterprise), max(len(self.chain_col), 1)), NO_CHAIN, dtype=np.int8)
        by_org: dict[int, list[tuple[int, int]]] = {}
        for org, segs in self.segments.items():
            by_org[org] = [(self.chain_col[c], POSITIONS[p]) for c, _cn, _sn, p in segs if c in self.chain_col]
        for i, org in enumerate(enterprise.tolist()):
            for j, p in by_org.get(org, ()):
                if p < out[i, j]:
                    out[i, j] = p
        return out

    def _index(self) -> None:
        self.size = len(self.cols["id"])
        self.by_class = blocks(self.cols["class"])
        self.by_group = blocks(self.cols["group"])
        self.postings = self.cols["matrix"].tocsc()
        self.title_postings = self.cols["title_matrix"].tocsc()
        self.row_of = {int(i): r for r, i in enumerate(self.cols["id"].tolist())}

    # ---- candidates --------------------------------------------------------------------------

    def candidates(self, need: dict, threshold: float = TEXT_CANDIDATE) -> tuple[np.ndarray, np.ndarray]:
        """(rows of the need's class and group, and of any class when their text is at least
        ``threshold`` similar, that pass every hard rule; their text similarity), rows ascending
        by offer id. The similarity of every capability comes from one pass over the query
        tokens' postings; only the candidates are then filtered and scored."""
        c, code = self.cols, self.codes.find
        cos = self.text.cosines(need["tokens"], self.postings, c["norm"])
        tag = np.zeros(self.size, dtype=bool)
        tag[self.text_candidates(cos, threshold)] = True
        if need["group"]:
            tag[rows_of(self.by_group, [code(need["group"])])] = True
        if need["class"]:
            tag[rows_of(self.by_class, [code(need["class"])])] = True
        rows = np.flatnonzero(tag)
        ok = self.hard(need, rows)
        return rows[ok], cos[rows[ok]]

    @staticmethod
    def text_candidates(cos: np.ndarray, threshold: float) -> np.ndarray:
        """Rows similar enough to be candidates whatever their class."""
        return np.flatnonzero(cos >= threshold)

    def hard(self, need: dict, rows: np.ndarray) -> np.ndarray:
        """Which of ``rows`` pass the need's hard rules (verified supplier, not the buyer,
        certifications, capacity, regions served, distance)."""
        c = self.cols
        mask = c["verified"][rows] & (c["enterprise"][rows] != need["enterprise_id"])
        for cert in need["required_certifications"]:
            mask &= any_of(c["certs"], [cert], rows)
        if need["quantity"] and need["unit"]:
            cap = c["capacity"][rows]
            unit = self.codes.find(need["unit"])
            mask &= np.isnan(cap) | (c["unit"][rows] != unit) | (cap * CAPACITY_SHARE >= float(need["quantity"]))
        named = any_of(c["serves"], need["region_codes"], rows)  # says it serves the buyer's place
        mask &= c["serves_all"][rows] | named
        if need["max_distance"] == "city":
            mask &= (c["pre4"][rows] == int(need["city_code"][:4])) | named
        elif need["max_distance"] == "province":
            mask &= (c["pre2"][rows] == int(need["city_code"][:2])) | named
        if need["days_left"] is not None:
            lead = c["lead"][rows]
            mask &= np.isnan(lead) | (lead <= need["days_left"])
        return mask

    def frame(self, need: dict, rows: np.ndarray, sims: np.ndarray) -> Frame:
        """The candidates' columns as the supply criteria read them."""
        c = self.cols
        same_city = c["city"][rows] == self.codes.find(need["city_code"])
        # distances between places (a few hundred), then one gather; an unknown place is 0 km away
        lat, lon = self.places.arrays()
        known = ~np.isnan(lat)
        km = np.zeros(len(lat))
        km[known] = haversine_km(need["lat"], need["lon"], lat[known], lon[known])
        fit = np.full(len(rows), 0.3)
        sub = c["minpos"][rows]
        for chain, _name, _seg, position in need["segments"]:
            if chain not in self.chain_col:
                continue
            col = sub[:, self.chain_col[chain]]
            fit = np.where(col < POSITIONS[position], 1.0, np.where((col < NO_CHAIN) & (fit < 0.6), 0.6, fit))
        enterprise = c["enterprise"][rows]
        code = self.codes.find
        same = {name: (c[name][rows] == code(need[name])) if need[name] else np.zeros(len(rows), dtype=bool)
                for name in ("division", "group", "class")}
        return {
            "id": c["id"][rows], "enterprise_id": enterprise, "text_sim": sims,
            "same_class": same["class"], "same_group": same["group"], "same_division": same["division"],
            "title_sim": self.text.cosines(need["title_tokens"], self.title_postings, c["title_norm"])[rows],
            "attributes": c["attributes"][rows], "title": _Rows(c["title"], rows),
            "category": _Rows(c["category_code"], rows),
            "shared_tokens": self.text.shared_tokens(need["tokens"], _Split(c["search_text"], rows)),
            "lead_time_days": c["lead"][rows], "sample_ability": c["sample"][rows],
            "whitelisted": c["whitelisted"][rows], "level_rank": c["level_rank"][rows], "same_city": same_city,
            "city_name": _Rows(c["city_name"], rows),
            "distance_km": np.where(same_city, 0.0, km[c["place"][rows]]),
            "chain_fit": fit, "chain_note": ChainNotes(need["segments"], self.segments, enterprise),
        }


class _Rows:
    """The values of ``rows`` of a column, read on access (only the kept top-k are read)."""

    def __init__(self, column: np.ndarray, rows: np.ndarray) -> None:
        self.column, self.rows = column, rows

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, i: int) -> Any:
        return self.column[self.rows[i]]


class _Split(_Rows):
    """Documents split into tokens on access."""

    def __getitem__(self, i: int) -> list[str]:
        return str(super().__getitem__(i)).split()


class Places:
    """Distinct (lat, lon) of suppliers' regions, numbered; NaN for an unknown place."""

    def __init__(self) -> None:
        self.index: dict[tuple[float, float], int] = {}

    def place(self, lat: float | None, lon: float | None) -> int:
        key = (np.nan, np.nan) if lat is None or lon is None else (float(lat), float(lon))
        if key[0] != key[0]:  # NaN never equals itself: one shared unknown place
            key = (-999.0, -999.0)
        return self.index.setdefault(key, len(self.index))

    def arrays(self) -> tuple[np.ndarray, np.ndarray]:
        coords = np.array(list(self.index) or [(-999.0, -999.0)], dtype=float)
        lat, lon = coords[:, 0].copy(), coords[:, 1].copy()
        unknown = lat == -999.0
        lat[unknown], lon[unknown] = np.nan, np.nan
        return lat, lon
