"""Supply (找配套) scores: always within 0–100, the points add up to the total, and each
criterion moves the score the right way with everything else unchanged."""

from __future__ import annotations

import datetime as dt

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.engine.registry import weighted_total
from matching.supply.spec import CRITERIA
from tests.properties import PROFILE

unit = st.floats(0, 1, allow_nan=False)
km = st.floats(0, 3000, allow_nan=False)
lead_days = st.one_of(st.none(), st.integers(0, 365))
needed_in = st.one_of(st.none(), st.integers(0, 365))


@st.composite
def candidates(draw) -> dict:
    lead = draw(lead_days)
    return {"id": np.array([1]), "text_sim": np.array([draw(unit)]), "same_city": np.array([draw(st.booleans())]),
            "distance_km": np.array([draw(km)]), "chain_fit": np.array([draw(st.sampled_from([0.3, 0.6, 1.0]))]),
            "lead_time_days": np.array([np.nan if lead is None else float(lead)]),
            "whitelisted": np.array([draw(st.booleans())]), "level_rank": np.array([float(draw(st.integers(0, 3)))]),
            "sample_ability": np.array([draw(st.booleans())])}


def need(days: int | None) -> dict:
    return {"needed_by": None if days is None else dt.date.today() + dt.timedelta(days=days)}


def total(n: dict, fr: dict) -> float:
    return float(weighted_total(CRITERIA, n, fr, 1)[0][0])


@settings(PROFILE)
@given(candidates(), needed_in)
def test_score_is_within_0_and_100_and_is_the_sum_of_its_points(fr, days):
    scores, points = weighted_total(CRITERIA, need(days), fr, 1)
    assert 0 <= scores[0] <= 100
    assert abs(sum(p[0] for p in points.values()) - scores[0]) < 0.05
    for criterion in CRITERIA:
        assert 0 <= points[criterion.name][0] <= criterion.weight


@settings(PROFILE)
@given(candidates(), needed_in, unit)
def test_closer_text_never_scores_lower(fr, days, more):
    better = {**fr, "text_sim": np.minimum(fr["text_sim"] + more, 1.0)}
    assert total(need(days), better) >= total(need(days), fr)


@settings(PROFILE)
@given(candidates(), needed_in, km)
def test_a_nearer_supplier_never_scores_lower(fr, days, further):
    far = {**fr, "distance_km": fr["distance_km"] + further}
    assert total(need(days), fr) >= total(need(days), far)
    same_city = {**fr, "same_city": np.array([True]), "distance_km": np.array([0.0])}
    assert total(need(days), same_city) >= total(need(days), fr)


@settings(PROFILE)
@given(candidates(), needed_in)
def test_a_better_chain_position_never_scores_lower(fr, days):
    values = [total(need(days), {**fr, "chain_fit": np.array([v])}) for v in (0.3, 0.6, 1.0)]
    assert values == sorted(values)


@settings(PROFILE)
@given(candidates(), st.integers(0, 365), st.integers(0, 365), st.integers(0, 200))
def test_a_shorter_lead_time_or_a_later_date_never_scores_lower(fr, days, lead, slower_by):
    fast = {**fr, "lead_time_days": np.array([float(lead)])}
    slow = {**fr, "lead_time_days": np.array([float(lead + slower_by)])}
    assert total(need(days), fast) >= total(need(days), slow)
    assert total(need(days + slower_by), fast) >= total(need(days), fast)


@settings(PROFILE)
@given(candidates(), needed_in)
def test_white_list_level_and_samples_never_lower_the_score(fr, days):
    base = total(need(days), fr)
    assert total(need(days), {**fr, "whitelisted": np.array([True])}) >= base
    assert total(need(days), {**fr, "sample_ability": np.array([True])}) >= base
    assert total(need(days), {**fr, "level_rank": np.minimum(fr["level_rank"] + 1, 3.0)}) >= base
