"""Supply (找配套) scores: fit first, then preferences. Whatever the candidates, a score is within
0–100; preferences (distance, chain, lead time, credibility) move it the right way with everything
else unchanged; and no preference lifts a candidate above one of a higher fit band."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.engine.ranking import fit_scores
from matching.engine.registry import weighted_total
from matching.supply import fit
from matching.supply.spec import CRITERIA
from tests.properties import PROFILE

unit = st.floats(0, 1, allow_nan=False)
km = st.floats(0, 3000, allow_nan=False)
lead_days = st.one_of(st.none(), st.integers(0, 365))
days_left = st.one_of(st.none(), st.integers(0, 365))


@st.composite
def candidates(draw) -> dict:
    lead = draw(lead_days)
    return {"id": np.array([1]), "same_city": np.array([draw(st.booleans())]),
            "distance_km": np.array([draw(km)]), "chain_fit": np.array([draw(st.sampled_from([0.3, 0.6, 1.0]))]),
            "lead_time_days": np.array([np.nan if lead is None else float(lead)]),
            "whitelisted": np.array([draw(st.booleans())]), "level_rank": np.array([float(draw(st.integers(0, 3)))]),
            "sample_ability": np.array([draw(st.booleans())])}


def need(days: int | None) -> dict:
    return {"days_left": days}


def preference(n: dict, fr: dict) -> float:
    return float(weighted_total(CRITERIA, n, fr, 1)[0][0])


def score(fit_value: float, pref: float) -> float:
    total, _band = fit_scores(np.array([fit_value]), np.array([pref]), floor=fit.FLOOR, bounds=fit.BANDS,
                              share=0.2)
    return float(total[0])


@settings(PROFILE)
@given(candidates(), days_left)
def test_preferences_are_within_0_and_100_and_are_the_sum_of_their_points(fr, days):
    scores, points = weighted_total(CRITERIA, need(days), fr, 1)
    assert 0 <= scores[0] <= 100
    assert abs(sum(p[0] for p in points.values()) - scores[0]) < 0.05
    for criterion in CRITERIA:
        assert 0 <= points[criterion.name][0] <= criterion.weight


@settings(PROFILE)
@given(st.floats(fit.FLOOR, 1, allow_nan=False), st.floats(0, 100, allow_nan=False))
def test_a_fitting_candidate_scores_within_0_and_100_near_its_fit(value, pref):
    s = score(value, pref)
    assert 0 <= s <= 100
    lows = [fit.FLOOR, *fit.BANDS]
    band = max(i for i, low in enumerate(lows) if value >= low)
    high = lows[band + 1] if band + 1 < len(lows) else 1.0
    assert 100 * lows[band] - 0.01 <= s <= 100 * high + 0.01


@settings(PROFILE)
@given(st.floats(0, fit.FLOOR - 1e-6, allow_nan=False), st.floats(0, 100, allow_nan=False))
def test_below_the_floor_is_not_a_match_whatever_the_preferences(value, pref):
    assert score(value, pref) == -np.inf


@settings(PROFILE)
@given(st.floats(fit.FLOOR, 1, allow_nan=False), st.floats(fit.FLOOR, 1, allow_nan=False),
       st.floats(0, 100, allow_nan=False), st.floats(0, 100, allow_nan=False))
def test_no_preference_lifts_a_lower_band_above_a_higher_one(a, b, pref_a, pref_b):
    lows = [fit.FLOOR, *fit.BANDS]
    band_a = max(i for i, low in enumerate(lows) if a >= low)
    band_b = max(i for i, low in enumerate(lows) if b >= low)
    if band_a > band_b:
        assert score(a, pref_a) >= score(b, pref_b)


@settings(PROFILE)
@given(st.floats(fit.FLOOR, 1, allow_nan=False), st.floats(0, 0.5, allow_nan=False),
       st.floats(0, 100, allow_nan=False), st.floats(0, 100, allow_nan=False))
def test_inside_a_band_a_better_fit_or_preference_never_scores_lower(value, more, pref, better):
    stronger = min(value + more, 1.0)
    lows = [fit.FLOOR, *fit.BANDS]
    if max(i for i, low in enumerate(lows) if value >= low) == max(i for i, low in enumerate(lows) if stronger >= low):
        assert score(stronger, pref) >= score(value, pref)
    assert score(value, max(pref, better)) >= score(value, pref)


@settings(PROFILE)
@given(candidates(), days_left, km)
def test_a_nearer_supplier_never_prefers_less(fr, days, further):
    far = {**fr, "distance_km": fr["distance_km"] + further}
    assert preference(need(days), fr) >= preference(need(days), far)
    same_city = {**fr, "same_city": np.array([True]), "distance_km": np.array([0.0])}
    assert preference(need(days), same_city) >= preference(need(days), fr)


@settings(PROFILE)
@given(candidates(), days_left)
def test_a_better_chain_position_never_prefers_less(fr, days):
    values = [preference(need(days), {**fr, "chain_fit": np.array([v])}) for v in (0.3, 0.6, 1.0)]
    assert values == sorted(values)


@settings(PROFILE)
@given(candidates(), st.integers(0, 365), st.integers(0, 365), st.integers(0, 200))
def test_a_shorter_lead_time_or_a_later_date_never_prefers_less(fr, days, lead, slower_by):
    fast = {**fr, "lead_time_days": np.array([float(lead)])}
    slow = {**fr, "lead_time_days": np.array([float(lead + slower_by)])}
    assert preference(need(days), fast) >= preference(need(days), slow)
    assert preference(need(days + slower_by), fast) >= preference(need(days), fast)


@settings(PROFILE)
@given(candidates(), days_left)
def test_white_list_level_and_samples_never_prefer_less(fr, days):
    base = preference(need(days), fr)
    assert preference(need(days), {**fr, "whitelisted": np.array([True])}) >= base
    assert preference(need(days), {**fr, "sample_ability": np.array([True])}) >= base
    assert preference(need(days), {**fr, "level_rank": np.minimum(fr["level_rank"] + 1, 3.0)}) >= base
