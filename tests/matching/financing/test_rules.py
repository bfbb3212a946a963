"""Financing hard rules at their boundaries, scoring monotonicity, determinism, top-k, retirement."""

from __future__ import annotations

from decimal import Decimal

import pytest

from enterprises.models import EnterpriseProfile, WhitelistBatch
from matching.engine.matcher import match_need
from matching.engine.registry import get_domain
from matching.models import Match
from tests import factories

pytestmark = pytest.mark.django_db
spec = get_domain("financing")


@pytest.fixture
def firm():
    """A verified enterprise in 株洲 (430200): 120 people, 5000万 revenue, founded 2015, rated A."""
    org = factories.enterprise().membership.organization
    EnterpriseProfile.objects.filter(organization=org).update(founded_year=2015, credit_rating="A")
    return org


@pytest.fixture
def bank():
    return factories.bank().membership.organization


def another_bank():
    """A second bank: scores of one bank's products are compared across banks (one match per bank)."""
    return factories.bank().membership.organization


def matched(request) -> list[int]:
    match_need(spec, request.pk)
    return list(Match.objects.filter(domain="financing", need_id=request.pk, retired_at=None)
                .order_by("-score", "offer_id").values_list("offer_id", flat=True))


@pytest.mark.parametrize(("amount", "ok"), [("499999.99", False), ("500000", True), ("5000000", True),
                                            ("5000000.01", False)])
def test_amount_inside_the_products_range(firm, bank, amount, ok):
    p = factories.product(bank)
    assert (p.pk in matched(factories.loan_request(firm, amount=Decimal(amount)))) is ok


@pytest.mark.parametrize(("term", "ok"), [(5, False), (6, True), (36, True), (37, False)])
def test_term_inside_the_products_range(firm, bank, term, ok):
    p = factories.product(bank)
    assert (p.pk in matched(factories.loan_request(firm, term=term))) is ok


@pytest.mark.parametrize(("regions", "ok"), [([], True), (["430200"], True), (["430000"], True),
                                             (["430100"], False), (["440000"], False)])
def test_product_must_cover_the_firms_region(firm, bank, regions, ok):
    p = factories.product(bank, regions=regions)
    assert (p.pk in matched(factories.loan_request(firm))) is ok


def test_white_list_only_products(firm, bank):
    p = factories.product(bank, whitelist_only=True)
    assert p.pk not in matched(factories.loan_request(firm))
    batch = WhitelistBatch.objects.create(number=1, title="第1批")
    EnterpriseProfile.objects.filter(organization=firm).update(whitelist_batch=batch)
    assert p.pk in matched(factories.loan_request(firm))


@pytest.mark.parametrize(("firm_level", "min_level", "ok"), [
    ("none", "innovative", False), ("innovative", "innovative", True), ("provincial", "national", False),
    ("national", "provincial", True), ("none", "none", True)])
def test_minimum_specialized_level(firm, bank, firm_level, min_level, ok):
    EnterpriseProfile.objects.filter(organization=firm).update(specialized_level=firm_level)
    p = factories.product(bank, min_specialized_level=min_level)
    assert (p.pk in matched(factories.loan_request(firm))) is ok


@pytest.mark.parametrize(("rating", "minimum", "ok"), [("A", "A", True), ("A", "AA", False), ("AAA", "BBB", True),
                                                       ("", "BBB", False), ("", "", True)])
def test_minimum_credit_rating(firm, bank, rating, minimum, ok):
    EnterpriseProfile.objects.filter(organization=firm).update(credit_rating=rating)
    p = factories.product(bank, min_credit_rating=minimum)
    assert (p.pk in matched(factories.loan_request(firm))) is ok


def test_minimum_years_and_revenue(firm, bank):
    from datetime import date

    years = date.today().year - 2015
    at_edge = factories.product(bank, min_years=years, min_revenue=Decimal("50000000"))
    over = factories.product(bank, min_years=years + 1)
    too_rich = factories.product(bank, min_revenue=Decimal("50000000.01"))
    got = matched(factories.loan_request(firm))
    assert at_edge.pk in got
    assert over.pk not in got and too_rich.pk not in got


@pytest.mark.parametrize(("accepted", "offered", "ok"), [
    (["none"], [], True), (["real_estate"], [], False), (["real_estate", "equipment"], ["equipment"], True),
    (["receivables"], ["real_estate"], False), ([], [], True)])
def test_collateral_must_be_compatible(firm, bank, accepted, offered, ok):
    p = factories.product(bank, collateral=accepted)
    assert (p.pk in matched(factories.loan_request(firm, collateral=offered))) is ok


def test_inactive_products_and_unverified_banks_are_never_matched(firm, bank):
    inactive = factories.product(bank, active=False)
    pending_bank = factories.bank(verification="pending").membership.organization
    unverified = factories.product(pending_bank)
    got = matched(factories.loan_request(firm))
    assert inactive.pk not in got and unverified.pk not in got


def test_sql_rules_agree_with_the_near_miss_explanations(firm, bank):
    """The Python rule check used for near misses says 'no failure' exactly for SQL candidates."""
    from matching.financing.eligibility import rule_failures
    from matching.models import FinancingProduct

    for kwargs in ({}, {"amount_min": Decimal("4000000")}, {"regions": ["430100"]}, {"whitelist_only": True},
                   {"min_credit_rating": "AAA"}, {"collateral": ["deposit"]}, {"term_max": 6}):
        factories.product(bank, **kwargs)
    request = factories.loan_request(firm)
    need = spec.need(request.pk)
    sql = set(spec.candidate_offers(need).values_list("id", flat=True))
    python = {p.pk for p in FinancingProduct.objects.all() if not rule_failures(need, p)}
    assert sql == python and len(sql) == 1


class TestScoring:
    def test_scores_are_within_0_100_with_a_breakdown_that_adds_up(self, firm, bank):
        factories.product(bank)
        match_need(spec, factories.loan_request(firm).pk)
        m = Match.objects.get()
        assert 0 <= m.score <= 100
        assert abs(sum(m.breakdown.values()) - float(m.score)) < 0.05
        assert set(m.breakdown) == {"rate", "amount", "targeting", "preference", "speed", "track_record"}
        assert any(line.startswith("额度匹配: 申请 300 万, 产品 50 万–500 万") for line in m.explanation)

    def test_a_cheaper_product_scores_higher_on_rate(self, firm, bank):
        cheap = factories.product(bank, rate_min=Decimal("3.00"), rate_max=Decimal("4.00"))
        dear = factories.product(another_bank(), rate_min=Decimal("4.00"), rate_max=Decimal("6.00"))
        match_need(spec, factories.loan_request(firm).pk)
        by_offer = {m.offer_id: m for m in Match.objects.all()}
        assert by_offer[cheap.pk].breakdown["rate"] > by_offer[dear.pk].breakdown["rate"]
        assert by_offer[cheap.pk].score > by_offer[dear.pk].score

    def test_faster_approval_scores_higher_for_an_urgent_request(self, firm, bank):
        fast = factories.product(bank, approval_days=2)
        slow = factories.product(another_bank(), approval_days=20)
        match_need(spec, factories.loan_request(firm, urgency="high").pk)
        by_offer = {m.offer_id: m for m in Match.objects.all()}
        assert by_offer[fast.pk].breakdown["speed"] > by_offer[slow.pk].breakdown["speed"]

    def test_targeting_the_firms_chain_scores_higher(self, firm, bank):
        segment = factories.first_segment()
        firm.enterprise_profile.chain_segments.add(segment)
        targeted = factories.product(bank, chains=[segment.chain_id])
        general = factories.product(another_bank())
        match_need(spec, factories.loan_request(firm).pk)
        by_offer = {m.offer_id: m for m in Match.objects.all()}
        assert by_offer[targeted.pk].breakdown["targeting"] > by_offer[general.pk].breakdown["targeting"]

    def test_determinism_and_ties_broken_by_offer_id(self, firm, bank):
        ids = [factories.product(another_bank()).pk for _ in range(5)]  # identical products: equal scores
        request = factories.loan_request(firm)
        first = matched(request)
        Match.objects.all().delete()
        assert matched(request) == first == sorted(ids)


class TestOneMatchPerBank:
    def test_a_bank_with_several_fitting_products_gets_one_match_listing_the_others(self, firm, bank):
        best = factories.product(bank, rate_min=Decimal("3.00"), rate_max=Decimal("3.50"))
        other = factories.product(bank, rate_min=Decimal("4.50"), rate_max=Decimal("6.00"))
        third = factories.product(bank, approval_days=30)
        request = factories.loan_request(firm)
        assert matched(request) == [best.pk]
        assert sorted(Match.objects.get(offer_id=best.pk).breakdown["also"]) == sorted([other.pk, third.pk])

    def test_the_product_a_firm_already_acted_on_keeps_representing_its_bank(self, firm, bank):
        first = factories.product(bank, rate_min=Decimal("4.00"), rate_max=Decimal("5.00"))
        request = factories.loan_request(firm)
        assert matched(request) == [first.pk]
        Match.objects.filter(offer_id=first.pk).update(status="interested")
        better = factories.product(bank, rate_min=Decimal("3.00"), rate_max=Decimal("3.50"))
        assert matched(request) == [first.pk]  # no second match of the same bank beside the one in progress
        assert Match.objects.get(offer_id=first.pk).breakdown["also"] == [better.pk]


class TestTopKAndRetirement:
    def test_only_the_top_k_are_kept(self, firm, bank, settings):
        settings.QILIAN_MATCH_TOP_K = 3
        for i in range(6):
            factories.product(another_bank(), rate_min=Decimal("3.00") + i, rate_max=Decimal("5.00") + i)
        request = factories.loan_request(firm)
        assert len(matched(request)) == 3

    def test_a_product_that_stops_qualifying_is_retired_not_deleted(self, firm, bank):
        p = factories.product(bank)
        request = factories.loan_request(firm)
        assert matched(request) == [p.pk]
        p.amount_min = Decimal("4000000")
        p.save()
        assert matched(request) == []
        m = Match.objects.get()
        assert m.retired_at is not None and m.retired_reason

    def test_rerun_gives_the_same_rows_without_duplicates(self, firm, bank):
        for _ in range(3):
            factories.product(another_bank())
        request = factories.loan_request(firm)
        matched(request)
        before = list(Match.objects.order_by("id").values_list("id", "offer_id", "score"))
        matched(request)
        assert list(Match.objects.order_by("id").values_list("id", "offer_id", "score")) == before

    def test_a_withdrawn_request_retires_its_open_matches(self, firm, bank):
        factories.product(bank)
        request = factories.loan_request(firm)
        matched(request)
        request.status = "withdrawn"
        request.save()
        assert matched(request) == []
