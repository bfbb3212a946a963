"""Financing end to end over the API: request → matches → interest → consent → answer → grant."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from enterprises.models import ChainSegment, EnterpriseProfile, IndustrialChain
from matching.financing.services import matches_escalate_overdue
from matching.models import DataAccessLog, FinancingProduct, FinancingRequest, Match, Notification
from tests import factories

pytestmark = pytest.mark.django_db
BJ = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def world(as_user, django_capture_on_commit_callbacks):
    """A verified enterprise on a chain whose lead bank is bank A; banks A and B each with a product."""
    ent = factories.enterprise(name="株洲齿轮配套有限公司", contact_phone="0731-2288", address="株洲市天元区")
    org = ent.membership.organization
    segment = ChainSegment.objects.order_by("id").first()
    org.enterprise_profile.chain_segments.add(segment)
    bank_a, bank_b = factories.bank(), factories.bank()
    IndustrialChain.objects.filter(pk=segment.chain_id).update(lead_bank=bank_a.membership.organization)
    pa = factories.product(bank_a.membership.organization, name="链易贷", chains=[segment.chain_id])
    pb = factories.product(bank_b.membership.organization, name="税易贷", rate_min=Decimal("3.5"))
    return {"ent": ent, "org": org, "bank_a": bank_a, "bank_b": bank_b, "pa": pa, "pb": pb, "chain": segment.chain,
            "api": as_user, "commit": django_capture_on_commit_callbacks}


def post_request(w, **data) -> dict:
    payload = {"amount": "3000000.00", "term": 12, "purpose": "working_capital", "max_rate": "4.50", **data}
    with w["commit"](execute=True):
        response = w["api"](w["ent"]).post("/api/v1/financing/requests/", payload, format="json")
    assert response.status_code == 201, response.json()
    return response.json()


def test_a_new_request_is_matched_and_both_sides_are_told(world):
    body = post_request(world)
    request_id = body["id"]
    matches = world["api"](world["ent"]).get("/api/v1/matches/", {"domain": "financing", "need": request_id}).json()
    assert matches["count"] == 2
    top = matches["results"][0]
    assert top["offer"] == world["pa"].pk  # targets the firm's chain and is cheaper
    assert top["lead_bank"] is True and matches["results"][1]["lead_bank"] is False
    assert any("额度匹配: 申请 300 万" in line for line in top["explanation"])
    assert FinancingRequest.objects.get(pk=request_id).status == "matched"
    kinds = set(Notification.objects.values_list("kind", flat=True))
    assert {"new_matches", "new_queue_item", "lead_bank_request"} <= kinds


def test_the_whole_journey_to_funded(world):
    request_id = post_request(world)["id"]
    ent, bank = world["api"](world["ent"]), world["api"](world["bank_a"])
    match = ent.get("/api/v1/matches/", {"need": request_id, "offer": world["pa"].pk}).json()["results"][0]

    # before consent the bank sees an anonymized summary only
    view = bank.get(f"/api/v1/bank/requests/{request_id}/").json()
    assert view["identity"] is None and view["summary"]["city"] == "株洲市"
    assert "株洲齿轮配套有限公司" not in str(view) and world["org"].uscc not in str(view)
    queue = bank.get("/api/v1/bank/queue/").json()
    assert queue["count"] == 1 and "株洲齿轮" not in str(queue)

    assert ent.post(f"/api/v1/matches/{match['id']}/transition/", {"to": "interested"}, format="json").json()[
        "due_at"]
    consent = ent.post("/api/v1/consents/", {"request": request_id, "bank": world["pa"].bank_id}, format="json")
    assert consent.status_code == 201

    view = bank.get(f"/api/v1/bank/requests/{request_id}/").json()
    assert view["identity"]["name"] == "株洲齿轮配套有限公司"
    assert view["identity"]["uscc"] == world["org"].uscc
    assert DataAccessLog.objects.filter(subject_org=world["org"], viewer=world["bank_a"]).count() == 1

    assert bank.post(f"/api/v1/matches/{match['id']}/transition/", {"to": "contacted"},
                     format="json").status_code == 200
    with world["commit"](execute=True):
        done = bank.post(f"/api/v1/matches/{match['id']}/transition/",
                         {"to": "succeeded", "outcome": {"amount": "2800000.00", "rate": "3.65", "term": 12}},
                         format="json")
    assert done.status_code == 200, done.json()
    loan = ent.get(f"/api/v1/financing/requests/{request_id}/").json()
    assert loan["status"] == "funded" and loan["granted_amount"] == "2800000.00"
    other = Match.objects.get(need_id=request_id, offer_id=world["pb"].pk)
    assert other.status == "expired"
    stats = world["api"](world["ent"]).get("/api/v1/stats/public/").json()
    assert stats["granted_amount"] == "2800000.00" and stats["funded_requests"] == 1


def test_withdrawn_consent_hides_the_identity_again(world):
    request_id = post_request(world)["id"]
    ent, bank = world["api"](world["ent"]), world["api"](world["bank_b"])
    consent = ent.post("/api/v1/consents/", {"request": request_id, "bank": world["pb"].bank_id},
                       format="json").json()
    assert bank.get(f"/api/v1/bank/requests/{request_id}/").json()["identity"]
    assert ent.delete(f"/api/v1/consents/{consent['id']}/").status_code == 204
    assert bank.get(f"/api/v1/bank/requests/{request_id}/").json()["identity"] is None


def test_consent_only_for_a_matched_bank(world):
    request_id = post_request(world)["id"]
    stranger = factories.bank().membership.organization
    response = world["api"](world["ent"]).post("/api/v1/consents/", {"request": request_id, "bank": stranger.pk},
                                               format="json")
    assert response.status_code == 400


def test_a_bank_without_a_match_or_chain_gets_404(world):
    request_id = post_request(world)["id"]
    stranger = factories.bank()
    assert world["api"](stranger).get(f"/api/v1/bank/requests/{request_id}/").status_code == 404
    assert world["api"](stranger).get("/api/v1/bank/queue/").json()["count"] == 0


def test_another_enterprise_cannot_read_the_request_or_its_matches(world):
    request_id = post_request(world)["id"]
    other = world["api"](factories.enterprise())
    assert other.get(f"/api/v1/financing/requests/{request_id}/").status_code == 404
    assert other.get("/api/v1/matches/", {"need": request_id}).json()["count"] == 0
    match_id = Match.objects.filter(need_id=request_id).first().pk
    assert other.get(f"/api/v1/matches/{match_id}/").status_code == 404
    assert other.post(f"/api/v1/matches/{match_id}/transition/", {"to": "interested"},
                      format="json").status_code == 404


def test_a_bank_cannot_edit_another_banks_product(world):
    response = world["api"](world["bank_b"]).patch(f"/api/v1/financing/products/{world['pa'].pk}/",
                                                   {"name": "劫持"}, format="json")
    assert response.status_code == 404
    assert FinancingProduct.objects.get(pk=world["pa"].pk).name == "链易贷"


@pytest.mark.parametrize(("payload", "field", "fragment"), [
    ({"amount_min": "0"}, "amount_min", "大于 0"),
    ({"amount_min": "600", "amount_max": "500"}, "amount_max", "不能低于"),
    ({"term_min": 0}, "term_min", "1–360"),
    ({"term_max": 361}, "term_max", "1–360"),
    ({"rate_max": "36.01"}, "rate_max", "0–36%"),
    ({"rate_min": "5", "rate_max": "4"}, "rate_max", "不能低于"),
])
def test_product_ranges_are_validated(world, payload, field, fragment):
    base = {"name": "新产品", "type": "credit", "amount_min": "100000", "amount_max": "1000000", "term_min": 6,
            "term_max": 12, "rate_min": "3", "rate_max": "5"}
    before = FinancingProduct.objects.count()
    response = world["api"](world["bank_a"]).post("/api/v1/financing/products/", {**base, **payload}, format="json")
    assert response.status_code == 400
    assert fragment in response.json()["error"]["fields"][field][0]
    assert FinancingProduct.objects.count() == before


@pytest.mark.parametrize(("payload", "field"), [({"amount": "0"}, "amount"), ({"amount": "-1"}, "amount"),
                                                ({"term": 0}, "term"), ({"term": 361}, "term"),
                                                ({"max_rate": "37"}, "max_rate")])
def test_request_values_are_validated(world, payload, field):
    data = {"amount": "100000", "term": 12, "purpose": "equipment", **payload}
    response = world["api"](world["ent"]).post("/api/v1/financing/requests/", data, format="json")
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]
    assert not FinancingRequest.objects.exists()


def test_unverified_enterprise_cannot_post(world, as_user):
    pending = factories.enterprise(verification="pending")
    response = as_user(pending).post("/api/v1/financing/requests/",
                                     {"amount": "100000", "term": 12, "purpose": "equipment"}, format="json")
    assert response.status_code == 403
    assert "认证" in response.json()["error"]["message"]


def test_overdue_interest_escalates_once_to_lead_bank_and_operators(world):
    operator = factories.OperatorFactory()
    request_id = post_request(world)["id"]
    match = Match.objects.get(need_id=request_id, offer_id=world["pb"].pk)
    world["api"](world["ent"]).post(f"/api/v1/matches/{match.pk}/transition/", {"to": "interested"}, format="json")
    match.refresh_from_db()
    # Friday 2026-11-27 15:00 + 2 working days = end of Tuesday 2026-12-01 (Beijing)
    friday = datetime(2026, 11, 27, 15, 0, tzinfo=BJ)
    from matching.common.workdays import add_working_days

    assert add_working_days(friday, 2) == datetime(2026, 12, 1, 23, 59, 59, tzinfo=BJ)
    Match.objects.filter(pk=match.pk).update(due_at=add_working_days(friday, 2))
    assert matches_escalate_overdue(now=datetime(2026, 12, 1, 23, 0, tzinfo=BJ)) == 0
    assert matches_escalate_overdue(now=datetime(2026, 12, 2, 9, 0, tzinfo=BJ)) == 1
    assert matches_escalate_overdue(now=datetime(2026, 12, 3, 9, 0, tzinfo=BJ)) == 0
    assert Notification.objects.filter(kind="escalation", user=operator).count() == 1
    assert Notification.objects.filter(kind="escalation", user=world["bank_a"]).count() == 1
    assert Notification.objects.filter(kind="overdue", user=world["ent"]).count() == 1


def test_holidays_count_as_non_working_days():
    from matching.common.workdays import add_working_days

    # 国庆 2026: 10-01..10-07 off; interest on 09-30 → two working days later is 10-09
    assert add_working_days(datetime(2026, 9, 30, 10, 0, tzinfo=BJ), 2).date().isoformat() == "2026-10-09"


def test_queue_and_match_list_queries_do_not_grow_with_rows(world):
    bank = world["api"](world["bank_a"])
    ent = world["api"](world["ent"])
    post_request(world)

    def count(client, url):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    q1, m1 = count(bank, "/api/v1/bank/queue/?page_size=100"), count(ent, "/api/v1/matches/?page_size=100")
    for i in range(49):
        other = factories.enterprise()
        EnterpriseProfile.objects.filter(organization=other.membership.organization).update(
            founded_year=2010 + i % 10)
        from matching.engine.matcher import match_need
        from matching.engine.registry import get_domain

        match_need(get_domain("financing"), factories.loan_request(other.membership.organization).pk)
        post_request(world, amount=f"{1000000 + i * 1000}.00")
    assert count(bank, "/api/v1/bank/queue/?page_size=100") == q1
    assert count(ent, "/api/v1/matches/?page_size=100") == m1


def test_a_declined_only_interest_puts_the_request_back_to_matched(world):
    request_id = post_request(world)["id"]
    ent, bank = world["api"](world["ent"]), world["api"](world["bank_a"])
    match = Match.objects.get(need_id=request_id, offer_id=world["pa"].pk)
    ent.post(f"/api/v1/matches/{match.pk}/transition/", {"to": "interested"}, format="json")
    assert FinancingRequest.objects.get(pk=request_id).status == "in_progress"
    bank.post(f"/api/v1/matches/{match.pk}/transition/", {"to": "declined", "decline_reason": "collateral"},
              format="json")
    assert FinancingRequest.objects.get(pk=request_id).status == "matched"
    assert match.transitions.last().side == "offer"


def test_bank_queue_sorts_by_request_amount(world):
    for amount in ("800000.00", "4000000.00", "1500000.00"):
        post_request(world, amount=amount)
    rows = world["api"](world["bank_a"]).get("/api/v1/bank/queue/", {"ordering": "amount"}).json()["results"]
    amounts = [row["request"]["amount"] for row in rows]
    assert amounts == sorted(amounts, key=float) and len(amounts) == 3
