"""Fit first, then preferences; one match per organization.

A domain's :meth:`~matching.engine.registry.DomainSpec.fit` gives each candidate a fit in [0, 1]
and its criteria a preference total in [0, 100]. Candidates under the fit floor are dropped.
The fit floor and the domain's band bounds cut [floor, 1] into bands; the score of a candidate
is placed inside its band's own range of [0, 100], ordered there by

    composite = fit × (1 − α + α × preference / 100)        (α = preference_share)

so inside a band a stronger preference can only make up for a fit at most α weaker, and no
preference lifts a candidate above any candidate of a higher band. Scores stay comparable with
the fit: a candidate's score lies between 100 × its band's lower and upper bound.

One organization, one match: of the candidates offered by one organization (``owner_column``)
the best is kept — or, when the need already has an open match with one of its offers that the
parties are working on, that one — and the others are listed in the kept match.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

ALSO_LISTED = 5


def bands(floor: float, bounds: Sequence[float]) -> np.ndarray:
    """The lower bounds of every band, ascending, the floor first."""
    return np.array([floor, *[b for b in sorted(bounds) if b > floor]], dtype=float)


def fit_scores(fit: np.ndarray, preference: np.ndarray, *, floor: float, bounds: Sequence[float],
               share: float) -> tuple[np.ndarray, np.ndarray]:
    """(score in [0, 100] — ``-inf`` for candidates under the floor —, band index) per candidate."""
    fit = np.clip(np.asarray(fit, dtype=float), 0.0, 1.0)
    pref = np.clip(np.asarray(preference, dtype=float) / 100.0, 0.0, 1.0)
    lows = bands(floor, bounds)
    highs = np.append(lows[1:], 1.0)
    band = np.clip(np.searchsorted(lows, fit, side="right") - 1, 0, len(lows) - 1)
    lo, hi = lows[band], highs[band]
    composite = fit * (1.0 - share + share * pref)
    bottom = lo * (1.0 - share)  # the weakest composite in the band: its floor fit, no preference
    span = np.where(hi - bottom > 0, hi - bottom, 1.0)
    position = np.clip((composite - bottom) / span, 0.0, 1.0)
    score = np.round(100.0 * (lo + (hi - lo) * position), 2)
    score = np.where(fit >= floor, score, -np.inf)
    if floor <= 0:
        score = np.where(fit > 0, score, -np.inf)
    return score, band


def best_per_owner(order: np.ndarray, owners: np.ndarray | None, engaged: np.ndarray | None = None,
                   ) -> tuple[np.ndarray, dict[int, list[int]]]:
    """``order`` (rows, best first) keeping one row per owner, and, per kept row, the other rows of
    its owner (best first, at most ``ALSO_LISTED``). ``engaged`` marks rows whose match the
    parties are already working on: such a row represents its owner whatever its rank."""
    if owners is None or not len(order):
        return order, {}
    owner_of = owners[order]
    first: dict[int, int] = {}
    if engaged is not None:
        for pos in np.flatnonzero(engaged[order]).tolist():
            first.setdefault(int(owner_of[pos]), pos)
    for pos, owner in enumerate(owner_of.tolist()):
        first.setdefault(int(owner), pos)
    kept_positions = sorted(first.values())
    kept = order[kept_positions]
    kept_row = {int(owner_of[p]): int(order[p]) for p in kept_positions}
    others: dict[int, list[int]] = {}
    for pos, owner in enumerate(owner_of.tolist()):
        row = kept_row[int(owner)]
        if int(order[pos]) != row and len(others.setdefault(row, [])) < ALSO_LISTED:
            others[row].append(int(order[pos]))
    return kept, others


@dataclass
class Ranked:
    """One need's scored candidates: totals, per-criterion points, fit and band (None when the
    domain has no fit), and the other offers of each kept offer's organization."""

    total: np.ndarray
    points: dict
    fit: np.ndarray | None
    band: np.ndarray | None
    others: dict[int, list[int]]


def order_rows(ids: np.ndarray, total: np.ndarray, band: np.ndarray | None) -> np.ndarray:
    """Rows of every scored candidate (a finite total), best first: fit band, then score, then
    offer id — the same data always gives the same order."""
    rows = np.flatnonzero(np.isfinite(total))
    keys = (ids[rows], -total[rows]) if band is None else (ids[rows], -total[rows], -band[rows])
    return rows[np.lexsort(keys)]


def rank_candidates(spec: Any, need: dict, frame: dict, engaged: dict[int, int]) -> tuple[np.ndarray, Ranked]:
    """A need's candidates best first, as the engine keeps them: fit gate and bands (when the
    domain has a fit), preferences, one row per organization. ``engaged``: ``{offer id: org id}``
    of the need's matches a party already acted on (see ``matcher._engaged``)."""
    size = len(frame["id"])
    total, points = spec.score(need, frame, size)
    fit = spec.fit(need, frame)
    band = None
    if fit is not None:
        total, band = fit_scores(fit, total, floor=spec.fit_floor, bounds=spec.fit_bands,
                                 share=spec.preference_share)
    order = order_rows(frame["id"], total, band)
    others: dict[int, list[int]] = {}
    if spec.owner_column:
        owners = np.asarray(frame[spec.owner_column])
        working = None
        if engaged:
            working = np.isin(frame["id"], list(engaged))
            elsewhere = set(engaged.values()) - {int(o) for o in owners[working]}
            if elsewhere:
                order = order[~np.isin(owners[order], list(elsewhere))]
        order, others = best_per_owner(order, owners, working)
    return order, Ranked(total, points, fit, band, others)
