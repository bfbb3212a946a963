"""Each financing soft criterion moves the right way, and every score stays within 0–100."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from matching.engine.registry import weighted_total
from matching.financing.spec import CRITERIA, _amount_fit, _preference, _rate_fit, _speed

PRODUCT = {"rate_min": np.array([3.0]), "rate_max": np.array([5.0]), "amount_min": np.array([5e5]),
           "amount_max": np.array([5e6]), "approval_days": np.array([7.0]), "whitelist_only": np.array([False]),
           "min_level_rank": np.array([0]), "chains": [[]], "industries": [[]], "track": np.array([0.5]),
           "track_n": np.array([0.0]), "track_rate": np.array([0.0])}


def need(**kw):
    return {"max_rate": Decimal("4.0"), "amount": Decimal("1581139"), "urgency": "normal", "whitelisted": False,
            "level": "none", "chain_ids": [], "industry": "", **kw}


@given(st.decimals(min_value=0, max_value=36, places=2), st.decimals(min_value=0, max_value=5, places=2))
def test_rate_fit_never_falls_as_the_acceptable_rate_rises(cap, more):
    low = _rate_fit(need(max_rate=cap), PRODUCT)[0]
    high = _rate_fit(need(max_rate=cap + more), PRODUCT)[0]
    assert high >= low


@given(st.integers(1, 365), st.integers(0, 100))
def test_faster_approval_never_scores_lower(days, slower_by):
    fast = {**PRODUCT, "approval_days": np.array([float(days)])}
    slow = {**PRODUCT, "approval_days": np.array([float(days + slower_by)])}
    for urgency in ("low", "normal", "high"):
        assert _speed(need(urgency=urgency), fast)[0] >= _speed(need(urgency=urgency), slow)[0]


def test_amount_fit_is_best_at_the_centre_of_the_range_and_falls_towards_the_edges():
    centre = _amount_fit(need(amount=Decimal("1581139")), PRODUCT)[0]  # geometric centre of 50万–500万
    mid = _amount_fit(need(amount=Decimal("3000000")), PRODUCT)[0]
    edge = _amount_fit(need(amount=Decimal("5000000")), PRODUCT)[0]
    assert centre > mid > edge


def test_white_list_and_specialized_level_never_lower_the_preference():
    order = [need(), need(level="innovative"), need(level="provincial"), need(level="national", whitelisted=True)]
    values = [_preference(n, PRODUCT)[0] for n in order]
    assert values == sorted(values)


@given(st.decimals(min_value=0, max_value=36, places=2), st.integers(1, 365),
       st.sampled_from(["low", "normal", "high"]))
def test_total_score_is_always_between_0_and_100(cap, days, urgency):
    fr = {**PRODUCT, "approval_days": np.array([float(days)])}
    total, points = weighted_total(CRITERIA, need(max_rate=cap, urgency=urgency), fr, 1)
    assert 0 <= total[0] <= 100
    assert abs(sum(p[0] for p in points.values()) - total[0]) < 0.05
