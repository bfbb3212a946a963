"""Field level: a bank sees no enterprise identity before consent, an employer no talent contact before
acceptance — asserted on the API's JSON and on the rendered pages, and the opposite once allowed."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import TestCase

from enterprises.models import ChainSegment, IndustrialChain
from matching.engine.transitions import match_transition
from matching.financing.services import consent_grant, consent_withdraw, request_save
from matching.models import Match
from tests import factories
from tests.access.world import portal_client

pytestmark = pytest.mark.django_db

FIRM = {"name": "株洲齿轮配套有限公司", "contact_name": "李建国", "contact_phone": "0731-22880001",
        "contact_email": "lijianguo@gear.example.cn", "address": "株洲市天元区黄河南路88号"}


def _commit():
    return TestCase.captureOnCommitCallbacks(execute=True)


@pytest.fixture
def financing(as_user):
    """Enterprise A's request matched with bank B's product; L leads A's chain; no consent yet."""
    owner = factories.enterprise(**FIRM)
    org = owner.membership.organization
    segment = ChainSegment.objects.order_by("id").first()
    org.enterprise_profile.chain_segments.add(segment)
    bank, lead = factories.bank(), factories.bank()
    IndustrialChain.objects.filter(pk=segment.chain_id).update(lead_bank=lead.membership.organization)
    factories.product(bank.membership.organization)
    with _commit():
        request = request_save(actor=owner, data={"amount": Decimal("3000000"), "term": 12, "collateral": [],
                                                  "purpose": "working_capital", "max_rate": Decimal("4.50"),
                                                  "urgency": "normal"})
    match = Match.objects.get(domain="financing", need_id=request.pk)
    secrets = [*FIRM.values(), org.uscc, "齿轮配套"]
    return {"owner": owner, "org": org, "bank": bank, "lead": lead, "request": request, "match": match,
            "secrets": secrets, "api": as_user}


def _bank_views(w, user) -> dict[str, str]:
    """Everything a bank user can read about the request: API JSON and the bank's pages."""
    api, page = w["api"](user), portal_client(user)
    rid, mid = w["request"].pk, w["match"].pk
    views = {}
    for url in ("/api/v1/bank/queue/", f"/api/v1/bank/requests/{rid}/", "/api/v1/matches/?domain=financing",
                "/api/v1/notifications/"):
        response = api.get(url)
        assert response.status_code == 200, (url, response.status_code)
        views[url] = response.content.decode()
    match = api.get(f"/api/v1/matches/{mid}/")
    if match.status_code == 200:
        views[f"/api/v1/matches/{mid}/"] = match.content.decode()
    for url in ("/bank/queue/", f"/bank/requests/{rid}/", "/bank/dashboard/", "/notifications/"):
        response = page.get(url)
        assert response.status_code == 200, (url, response.status_code)
        views[url] = response.content.decode()
    return views


def _leaks(views: dict[str, str], secrets: list[str]) -> list[tuple[str, str]]:
    return [(url, secret) for url, body in views.items() for secret in secrets if secret in body]


def test_before_consent_no_bank_sees_the_enterprise_identity(financing):
    for user in (financing["bank"], financing["lead"]):
        views = _bank_views(financing, user)
        assert str(financing["request"].pk) in views[f"/api/v1/bank/requests/{financing['request'].pk}/"]
        assert _leaks(views, financing["secrets"]) == []
    # the bank sees the anonymized summary (city, amount), so the page is not just empty
    summary = financing["api"](financing["bank"]).get(f"/api/v1/bank/requests/{financing['request'].pk}/").json()
    assert summary["identity"] is None and summary["summary"]["city"] == "株洲市"


def test_after_consent_the_bank_sees_it_and_only_that_bank(financing):
    w = financing
    with _commit():
        match_transition(match_id=w["match"].pk, actor=w["owner"], to="interested")
        consent = consent_grant(actor=w["owner"], request_id=w["request"].pk,
                                bank_id=w["bank"].membership.organization_id)
    api_view = w["api"](w["bank"]).get(f"/api/v1/bank/requests/{w['request'].pk}/").json()
    assert {k: api_view["identity"][k] for k in FIRM} == FIRM and api_view["identity"]["uscc"] == w["org"].uscc
    page = portal_client(w["bank"]).get(f"/bank/requests/{w['request'].pk}/").content.decode()
    assert all(secret in page for secret in (FIRM["name"], w["org"].uscc, FIRM["contact_phone"], FIRM["address"]))
    assert _leaks(_bank_views(w, w["lead"]), w["secrets"]) == []  # the lead bank holds no consent

    consent_withdraw(actor=w["owner"], consent_id=consent.pk)
    after = w["api"](w["bank"]).get(f"/api/v1/bank/requests/{w['request'].pk}/").json()
    assert after["identity"] is None and FIRM["name"] not in str(after)


# ---- talent -------------------------------------------------------------------------------------

TALENT = {"name": "王小明", "phone": "13900000002"}


@pytest.fixture
def talent_match(as_user):
    from tests.factories import jobs as tf

    owner = factories.enterprise()
    job = tf.job(owner.membership.organization)
    profile = tf.talent(name=TALENT["name"], phone=TALENT["phone"])
    profile.user.email = "wangxiaoming@talent.example.cn"
    profile.user.save()
    match = tf.run(job)[0]
    assert match.offer_user_id == profile.user_id
    secrets = [*TALENT.values(), profile.user.email, profile.user.username]
    return {"owner": owner, "job": job, "talent": profile.user, "match": match, "secrets": secrets, "api": as_user}


def _employer_views(w) -> dict[str, str]:
    api, page = w["api"](w["owner"]), portal_client(w["owner"])
    views = {}
    for url in ("/api/v1/matches/?domain=talent", f"/api/v1/matches/{w['match'].pk}/", "/api/v1/notifications/"):
        response = api.get(url)
        assert response.status_code == 200, (url, response.status_code)
        views[url] = response.content.decode()
    for url in (f"/talent/jobs/{w['job'].pk}/", "/notifications/"):
        response = page.get(url)
        assert response.status_code == 200, (url, response.status_code)
        views[url] = response.content.decode()
    return views


def test_no_talent_contact_before_the_talent_accepts(talent_match):
    from matching.talent.services import employer_interest

    w = talent_match
    assert _leaks(_employer_views(w), w["secrets"]) == []
    employer_interest(actor=w["owner"], match_id=w["match"].pk)
    assert _leaks(_employer_views(w), w["secrets"]) == []


def test_the_talent_contact_opens_once_accepted(talent_match):
    from matching.talent.services import employer_interest, talent_accept

    w = talent_match
    employer_interest(actor=w["owner"], match_id=w["match"].pk)
    talent_accept(actor=w["talent"], match_id=w["match"].pk)
    views = _employer_views(w)
    assert TALENT["name"] in views[f"/api/v1/matches/{w['match'].pk}/"]
    assert TALENT["phone"] in views[f"/talent/jobs/{w['job'].pk}/"]
