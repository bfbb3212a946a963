"""What a domain tells the engine (matching.engine is domain-agnostic)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db.models import QuerySet

#: Columns of candidate offers, loaded with ``values_list`` — one numpy array (or list) per column.
Frame = dict[str, Any]


@dataclass(frozen=True)
class Criterion:
    """A soft criterion: ``score`` maps (need, frame) to an array of values in [0, 1], one per
    candidate; ``explain`` writes the Chinese line for one candidate (row index) and its value."""

    name: str
    label: str
    weight: float
    score: Callable[[dict, Frame], np.ndarray]
    explain: Callable[[dict, Frame, int, float], str]


@dataclass(frozen=True)
class Parties:
    """Who is on each side of a candidate match (for scoping and notification)."""

    need_org: int | None
    offer_org: int | None
    need_user: int | None = None
    offer_user: int | None = None


class DomainSpec:
    """Base class of a domain. Subclasses set the attributes and implement the hooks.

    **Fit first, then preferences** (ARCHITECTURE.md, convention 13). A domain that implements
    :meth:`fit` says how well each candidate answers the need (0–1: the right product, skill or
    service); candidates under ``fit_floor`` are not matches. ``criteria`` are then preferences
    (distance, chain, lead time, track record…): they order candidates only inside a fit band
    (``fit_bands``) and move a score by at most ``preference_share`` of its fit, so a preference
    never lifts a weaker fit above a clearly stronger one (``matching.engine.ranking``). A domain
    without :meth:`fit` ranks by its criteria alone.
    """

    name: str = ""
    version: str = "1"
    criteria: Sequence[Criterion] = ()
    offer_columns: Sequence[str] = ()
    #: Candidates whose fit is below this are not matches.
    fit_floor: float = 0.0
    #: Lower bounds (ascending, above ``fit_floor``) of the fit bands preferences cannot cross.
    fit_bands: Sequence[float] = ()
    #: The most that preferences change a candidate's score, as a share of its fit.
    preference_share: float = 0.2
    #: The frame column naming each offer's organization: one match per organization and need
    #: (its best offer; the others are listed in the match). None: every offer has its own owner.
    owner_column: str | None = None

    def need(self, need_id: int) -> dict | None:
        """The need's plain values, or None when it must not be matched (closed, unverified …).
        A domain implements this or ``needs_bulk``."""
        return self.needs_bulk([need_id]).get(need_id)

    def needs_bulk(self, need_ids: Iterable[int]) -> dict[int, dict]:
        """``need`` for many needs (a domain rematch chunk): the matchable ones, by id."""
        return {i: n for i in need_ids if (n := self.need(i)) is not None}

    def context(self, run_id: int | None) -> Any:
        """What ``frame`` reads besides the need (an offer store), once per engine call; a domain
        rematch passes its run id so all its chunks on a worker share one snapshot."""
        return None

    def frame(self, need: dict, ctx: Any = None) -> Frame:
        """The candidate offers (every hard rule passed) as column arrays, ascending by id."""
        return self.load_frame(self.candidate_offers(need), need)

    def live_offer_ids(self, offer_ids: list[int]) -> set[int] | None:
        """Of ``offer_ids``, those still active and offered by a verified organization (checked
        before writing when candidates come from a store); None when candidates are read live."""
        return None

    def candidate_offers(self, need: dict) -> QuerySet:
        """Active offers that pass every hard rule for the need (filters run in PostgreSQL)."""
        raise NotImplementedError

    def load_frame(self, qs: QuerySet, need: dict) -> Frame:
        """Candidate columns as arrays (``frame["id"]`` the offer ids, in id order)."""
        raise NotImplementedError

    def offer_parties(self, need: dict, frame: Frame, rows: np.ndarray) -> list[Parties]:
        raise NotImplementedError

    def fit(self, need: dict, frame: Frame) -> np.ndarray | None:
        """How well each candidate answers the need, in [0, 1]; None: the domain ranks by its
        criteria alone (every candidate that passed the hard rules fits)."""
        return None

    def explain_fit(self, need: dict, frame: Frame, row: int, fit: float) -> str:
        """The first line of a match's explanation: why this offer answers the need."""
        return ""

    def score(self, need: dict, frame: Frame, size: int) -> tuple[np.ndarray, dict]:
        """Totals in [0, 100] and per-criterion points for every candidate. The default is the
        weighted sum; a two-sided domain (talent) combines each side's score instead."""
        return weighted_total(self.criteria, need, frame, size)

    def extras(self, need: dict, frame: Frame, row: int) -> dict[str, Any]:
        """Facts added to a match's breakdown beside the points (e.g. ``distance_km``)."""
        return {}

    def flags(self, need: dict, frame: Frame, row: int) -> dict[str, Any]:
        """Extra per-match columns (e.g. ``lead_bank``)."""
        return {}

    def needs_for_offer(self, offer_id: int) -> list[int]:
        """Needs whose matches may change when this offer is created or changed."""
        raise NotImplementedError

    def active_need_ids(self) -> list[int]:
        """Every need to match in a full rematch, in id order."""
        raise NotImplementedError

    def after_match(self, need: dict, new_offer_ids: list[int], kept: int) -> None:
        """Side effects once a need's matches are stored (status, notifications)."""

    def present(self, matches: list[Any], *, viewer: Any, via: str = "web") -> dict[int, dict[str, Any]]:
        """What the match API shows beside each of these matches (all of this domain), by match
        id: ``offer_name`` (readable), ``contact`` (the other side's, once the domain's rule
        allows it to ``viewer``) and, for talent, ``talent`` (the card) and ``job``. A domain
        that logs identifying views logs them here (``via`` is "web" or "api")."""
        return {}

    def after_match_many(self, results: list[tuple[dict, list[int], int]]) -> None:
        """``after_match`` for each (need, new offer ids, kept) of one engine call."""
        for need, new_offer_ids, kept in results:
            self.after_match(need, new_offer_ids, kept)


_REGISTRY: dict[str, DomainSpec] = {}


def register(spec: DomainSpec) -> DomainSpec:
    """Make ``spec`` the engine's domain of its name (called once per domain from the app's ``ready``)."""
    _REGISTRY[spec.name] = spec
    return spec


def get_domain(name: str) -> DomainSpec:
    """The registered domain (domains register from ``MatchingConfig.ready``)."""
    try:
        return _REGISTRY[name]
    except KeyError:
        raise LookupError(f"unknown matching domain: {name}") from None


def weighted_total(criteria: Sequence[Criterion], need: dict, frame: Frame, size: int) -> tuple[np.ndarray, dict]:
    """Per-criterion points (weight × value) and their sum, rounded to 2 places, for every candidate."""
    points: dict[str, np.ndarray] = {}
    total = np.zeros(size)
    for criterion in criteria:
        values = np.clip(np.asarray(criterion.score(need, frame), dtype=float), 0.0, 1.0)
        points[criterion.name] = np.round(values * criterion.weight, 2)
        total += points[criterion.name]
    return np.round(total, 2), points


def domain_names() -> list[str]:
    """Every registered engine domain, in registration order."""
    return list(_REGISTRY)
