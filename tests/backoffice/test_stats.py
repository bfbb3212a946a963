"""Statistics: computed by a job into snapshots, equal to hand-computed totals on a small world."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db.models import F
from django.utils import timezone

from backoffice.models import StatsSnapshot
from backoffice.selectors_stats import public_figures, stats_section
from backoffice.services.stats import KEYS, stats_compute
from enterprises.models import ChainSegment, IndustrialChain, Organization, Region
from matching.engine.matcher import match_need
from matching.engine.registry import get_domain
from matching.engine.transitions import match_transition
from matching.financing.selectors import median_response_hours
from matching.financing.services import matches_escalate_overdue
from matching.models import FinancingRequest, Match
from tests import factories

pytestmark = pytest.mark.django_db
W = Decimal(10_000)


@dataclass
class World:
    bank_a: Organization
    bank_b: Organization
    chain_zz: IndustrialChain
    chain_cs: IndustrialChain
    requests: dict[str, FinancingRequest]


def _match(request: FinancingRequest, bank: Organization) -> Match:
    return Match.objects.get(domain="financing", need_id=request.pk, offer_org=bank)


def _bank(name: str) -> Organization:
    org = factories.bank().membership.organization
    org.name = name
    org.save(update_fields=["name"])
    return org


def build_world() -> World:
    """Two banks with a 50万–500万 product each; two firms (株洲 on one chain, 长沙 on another).

    r1 300万 株洲: A interested → contacted → succeeded (granted 260万); B's match expires.
    r2 100万 株洲: B interested → contacted, answered 5 h after its deadline (a breach);
                   A interested, never answered, escalated (a breach).
    r3 200万 长沙: A interested → declined by the bank (on time).
    r4 900万 长沙: above every product, unmatched.   r5 80万 长沙: withdrawn, never counted.
    """
    bank_a, bank_b = (_bank(name) for name in ("湘江银行", "麓山银行"))
    factories.product(bank_a)
    factories.product(bank_b)
    seg_zz = ChainSegment.objects.order_by("id").first()
    seg_cs = ChainSegment.objects.exclude(chain_id=seg_zz.chain_id).order_by("id").first()
    zz = factories.enterprise().membership.organization
    cs = factories.enterprise(region=Region.objects.get(pk="430100")).membership.organization
    zz.enterprise_profile.chain_segments.add(seg_zz)
    cs.enterprise_profile.chain_segments.add(seg_cs)
    r = {
        "r1": factories.loan_request(zz, amount=300 * W),
        "r2": factories.loan_request(zz, amount=100 * W),
        "r3": factories.loan_request(cs, amount=200 * W),
        "r4": factories.loan_request(cs, amount=900 * W),
    }
    factories.loan_request(cs, amount=80 * W, status="withdrawn")
    spec = get_domain("financing")
    for request in r.values():
        match_need(spec, request.pk)

    def move(match: Match, *steps: str, **kwargs) -> None:
        for to in steps:
            side = "need" if to == "interested" else "offer"
            match_transition(match_id=match.pk, actor=None, to=to, side=side,
                             **(kwargs if to in ("succeeded", "declined") else {}))

    move(_match(r["r1"], bank_a), "interested", "contacted", "succeeded",
         outcome={"amount": "2600000.00", "rate": "3.80", "term": 12})
    late = _match(r["r2"], bank_b)
    move(late, "interested", "contacted")
    Match.objects.filter(pk=late.pk).update(responded_at=F("due_at") + timedelta(hours=5))
    overdue = _match(r["r2"], bank_a)
    move(overdue, "interested")
    Match.objects.filter(pk=overdue.pk).update(due_at=timezone.now() - timedelta(hours=1))
    assert matches_escalate_overdue() == 1
    move(_match(r["r3"], bank_a), "interested", "declined", decline_reason="collateral")
    return World(bank_a, bank_b, seg_zz.chain, seg_cs.chain, r)


@pytest.fixture
def world() -> World:
    return build_world()


def test_the_world_is_what_the_story_says(world):
    assert Match.objects.filter(domain="financing").count() == 6  # r1–r3 × 2 banks; r4 none
    assert FinancingRequest.objects.get(pk=world.requests["r1"].pk).status == "funded"
    assert _match(world.requests["r1"], world.bank_b).status == "expired"


def test_totals_equal_hand_computed_figures(world):
    stats_compute()
    totals = StatsSnapshot.objects.get(key="financing.totals").data
    assert totals == {
        "requests": 4, "requested_amount": "15000000.00", "requested_yi": "0.15",
        "matched_requests": 3, "funded_requests": 1, "granted_amount": "2600000.00", "granted_yi": "0.03",
        "matches": 6, "median_response_hours": median_response_hours(),
    }


def test_breakdowns_by_chain_city_and_month(world):
    stats_compute()
    by_city = {row["label"]: row for row in StatsSnapshot.objects.get(key="financing.by_city").data["rows"]}
    assert by_city == {
        "株洲市": {"label": "株洲市", "requests": 2, "requested": "4000000.00", "matched": 2, "funded": 1,
                "granted": "2600000.00"},
        "长沙市": {"label": "长沙市", "requests": 2, "requested": "11000000.00", "matched": 1, "funded": 0,
                "granted": "0.00"},
    }
    by_chain = {row["label"]: row for row in StatsSnapshot.objects.get(key="financing.by_chain").data["rows"]}
    assert by_chain[world.chain_zz.name]["requested"] == "4000000.00"
    assert by_chain[world.chain_cs.name]["requests"] == 2 and by_chain[world.chain_cs.name]["matched"] == 1
    month = timezone.localtime().strftime("%Y-%m")
    assert StatsSnapshot.objects.get(key="financing.by_month").data["rows"] == [
        {"label": month, "requests": 4, "requested": "15000000.00", "matched": 3, "funded": 1,
         "granted": "2600000.00"}]


def test_the_funnel_counts_a_request_at_each_step_any_of_its_matches_reached(world):
    stats_compute()
    funnel = StatsSnapshot.objects.get(key="financing.funnel").data["rows"]
    # posted r1–r4; matched r1–r3; interested r1–r3; contacted r1, r2; funded r1
    assert funnel == [{"step": "posted", "requests": 4}, {"step": "matched", "requests": 3},
                      {"step": "interested", "requests": 3}, {"step": "contacted", "requests": 2},
                      {"step": "funded", "requests": 1}]


def test_a_contacted_match_that_is_later_declined_still_counts_as_contacted(world):
    match_transition(match_id=_match(world.requests["r2"], world.bank_b).pk, actor=None, to="declined",
                     side="offer", decline_reason="credit")
    stats_compute()
    funnel = {r["step"]: r["requests"] for r in StatsSnapshot.objects.get(key="financing.funnel").data["rows"]}
    assert funnel["contacted"] == 2


def test_bank_scorecard(world):
    stats_compute()
    rows = {r["bank"]: r for r in StatsSnapshot.objects.get(key="financing.banks").data["rows"]}
    a, b = rows["湘江银行"], rows["麓山银行"]
    assert (a["matches"], a["interested"], a["answered"], a["on_time"], a["breaches"]) == (3, 3, 2, 2, 1)
    assert (a["loans"], a["granted_amount"]) == (1, "2600000.00")
    assert a["on_time_share"] == round(2 / 3, 4)  # bank_track_records: on time ÷ matches with a clock
    assert a["median_response_hours"] == median_response_hours(bank_id=world.bank_a.pk)
    assert (b["matches"], b["interested"], b["answered"], b["on_time"], b["breaches"]) == (3, 1, 1, 0, 1)
    assert (b["loans"], b["granted_amount"], b["on_time_share"]) == (0, "0.00", 0.0)
    assert b["median_response_hours"] == median_response_hours(bank_id=world.bank_b.pk) > 48
    assert list(rows) == ["湘江银行", "麓山银行"]  # most granted first


def test_domains_section_is_generic_and_fills_zeros_for_domains_not_built_yet(world):
    stats_compute()
    rows = {r["domain"]: r for r in StatsSnapshot.objects.get(key="domains").data["rows"]}
    assert set(rows) == {"financing", "supply", "talent", "services", "policy"}
    fin = rows["financing"]
    assert (fin["posted"], fin["matched"], fin["succeeded"]) == (3, 6, 1)
    assert fin["by_status"]["expired"] == 1 and fin["by_status"]["declined"] == 1
    assert sum(fin["by_status"].values()) == 6
    assert rows["talent"] == {"domain": "talent", "posted": 0, "matched": 0, "succeeded": 0,
                              "by_status": dict.fromkeys(fin["by_status"], 0)}


def test_public_figures_read_the_snapshot_and_fall_back_to_computing(world):
    factories.enterprise(verification="pending")  # not served yet: not counted
    live = public_figures()
    assert live["computed_at"] is None and not StatsSnapshot.objects.exists()
    assert (live["enterprises"], live["loans_granted"], live["matches"]) == (2, 1, 6)
    assert live["granted_amount"] == Decimal("2600000.00") and live["granted_yi"] == "0.03"

    computed_at = stats_compute()
    factories.enterprise()  # after the snapshot: shows at the next computation
    figures = public_figures()
    assert figures["computed_at"] == computed_at and figures["enterprises"] == 2
    stats_compute()
    assert public_figures()["enterprises"] == 3


def test_compute_upserts_one_row_per_key_and_recompute_moves_computed_at(world):
    first = stats_compute()
    assert set(StatsSnapshot.objects.values_list("key", flat=True)) == set(KEYS)
    assert set(StatsSnapshot.objects.values_list("computed_at", flat=True)) == {first}
    factories.loan_request(world.requests["r4"].enterprise, amount=50 * W)
    second = stats_compute()
    assert second > first and StatsSnapshot.objects.count() == len(KEYS)
    assert stats_section(key="financing.totals")[0]["requests"] == 5


def test_an_empty_platform_gives_zeros():
    stats_compute()
    totals = StatsSnapshot.objects.get(key="financing.totals").data
    assert (totals["requests"], totals["granted_yi"], totals["median_response_hours"]) == (0, "0.00", None)
    assert StatsSnapshot.objects.get(key="financing.funnel").data["rows"][0] == {"step": "posted", "requests": 0}
    assert StatsSnapshot.objects.get(key="financing.banks").data["rows"] == []


def test_the_task_is_named_queued_late_acked_and_time_limited(world):
    from backoffice.tasks.stats import compute_stats

    assert compute_stats.name == "backoffice.compute_stats" and compute_stats.queue == "default"
    assert compute_stats.acks_late and compute_stats.time_limit and compute_stats.soft_time_limit
    result = compute_stats.delay()  # eager in tests
    assert result.get() == StatsSnapshot.objects.get(key="public").computed_at.isoformat()
