"""Statistics after outcomes equal hand-computed totals."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from enterprises.models import ChainSegment, Organization
from matching.engine.matcher import match_need
from matching.engine.registry import get_domain
from matching.engine.transitions import match_transition
from matching.financing.selectors import financing_breakdown, financing_totals, median_response_hours
from matching.models import FinancingRequest, Match
from tests import factories

pytestmark = pytest.mark.django_db
spec = get_domain("financing")


def grant(request: FinancingRequest, amount: str) -> None:
    match = Match.objects.filter(need_id=request.pk).order_by("-score").first()
    for to in ("interested", "contacted"):
        match_transition(match_id=match.pk, actor=None, to=to, side="need" if to == "interested" else "offer")
    match_transition(match_id=match.pk, actor=None, to="succeeded", side="offer",
                     outcome={"amount": amount, "rate": "3.80", "term": 12})


def test_totals_and_breakdowns_by_chain_and_city():
    bank = factories.bank().membership.organization
    factories.product(bank)  # 50万–500万
    seg1 = ChainSegment.objects.order_by("id").first()
    seg2 = ChainSegment.objects.exclude(chain_id=seg1.chain_id).order_by("id").first()
    zz = factories.enterprise().membership.organization  # 株洲 430200
    cs = factories.enterprise(region=Organization._meta.get_field("region").related_model.objects.get(
        pk="430100")).membership.organization
    zz.enterprise_profile.chain_segments.add(seg1)
    cs.enterprise_profile.chain_segments.add(seg2)
    r1 = factories.loan_request(zz, amount=Decimal("3000000"))
    r2 = factories.loan_request(zz, amount=Decimal("1000000"))
    r3 = factories.loan_request(cs, amount=Decimal("9000000"))  # above every product: unmatched
    factories.loan_request(cs, amount=Decimal("800000"), status="withdrawn")  # never counted
    for r in (r1, r2, r3):
        match_need(spec, r.pk)
    grant(r1, "2500000.00")

    totals = financing_totals()
    assert totals["requests"] == 3
    assert totals["requested_amount"] == Decimal("13000000")
    assert totals["matched_requests"] == 2 and totals["funded_requests"] == 1
    assert totals["granted_amount"] == Decimal("2500000.00")

    by_city = {row["label"]: row for row in financing_breakdown(by="city")}
    assert by_city["株洲市"]["requests"] == 2 and by_city["株洲市"]["requested"] == Decimal("4000000")
    assert by_city["株洲市"]["granted"] == Decimal("2500000.00") and by_city["株洲市"]["funded"] == 1
    assert by_city["长沙市"] == {"label": "长沙市", "requests": 1, "requested": Decimal("9000000"), "matched": 0,
                              "funded": 0, "granted": Decimal(0)}
    by_chain = {row["label"]: row for row in financing_breakdown(by="chain")}
    assert by_chain[seg1.chain.name]["requested"] == Decimal("4000000")
    assert by_chain[seg2.chain.name]["requests"] == 1
    month = timezone.localtime().strftime("%Y-%m")
    assert financing_breakdown(by="month") == [{"label": month, "requests": 3, "requested": Decimal("13000000"),
                                               "matched": 2, "funded": 1, "granted": Decimal("2500000.00")}]


def test_median_response_time():
    bank = factories.bank().membership.organization
    factories.product(bank)
    now = timezone.now()
    for hours in (2, 10, 30):
        request = factories.loan_request(factories.enterprise().membership.organization)
        match_need(spec, request.pk)
        Match.objects.filter(need_id=request.pk).update(interested_at=now - timedelta(hours=hours),
                                                         responded_at=now)
    assert median_response_hours() == 10.0
    assert median_response_hours(bank_id=bank.pk) == 10.0
