"""The busiest read paths (the load test's mix): the public figures are cached for a minute, then
fresh; the bank queue and the match list cost the same number of queries for 1 row or a page."""

from __future__ import annotations

import re
import time
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from enterprises.models import IndustrialChain, Region
from matching.common import figures as figures
from matching.financing import selectors
from matching.models import Match
from matching.portal import selectors as portal_selectors
from tests import factories

pytestmark = pytest.mark.django_db


def _later(monkeypatch, seconds: float) -> None:
    """Move the clock the local-memory cache reads forward (its entries expire by ``time.time``)."""
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + seconds)


def _home_figure(client, label: str) -> str:
    html = client.get("/").content.decode()
    return re.search(rf"<dt>{label}</dt><dd>([^<]*)</dd>", html).group(1)


def test_public_figures_are_cached_for_a_minute_then_fresh(api, client, monkeypatch):
    factories.enterprise()
    assert api.get("/api/v1/stats/public/").json()["enterprises"] == 1
    assert _home_figure(client, "已认证企业") == "1"

    factories.enterprise()
    factories.loan_request(factories.enterprise().membership.organization)
    with CaptureQueriesContext(connection) as ctx:
        cached = api.get("/api/v1/stats/public/").json()
    assert cached["enterprises"] == 1 and cached["requests"] == 0  # served from the cache
    assert not [q for q in ctx.captured_queries if "COUNT" in q["sql"]]
    assert _home_figure(client, "已认证企业") == "1"

    _later(monkeypatch, figures.PUBLIC_FIGURES_TTL + 1)
    fresh = api.get("/api/v1/stats/public/").json()
    assert fresh["enterprises"] == 3 and fresh["requests"] == 1
    assert _home_figure(client, "已认证企业") == "3"


def test_home_page_chains_are_fresh_after_a_minute(client, monkeypatch):
    chain = IndustrialChain.objects.order_by("id").first()
    assert chain.name in client.get("/").content.decode()
    IndustrialChain.objects.filter(pk=chain.pk).update(name="新能源测试链")
    _later(monkeypatch, 61)
    assert "新能源测试链" in client.get("/").content.decode()


def test_operators_totals_are_never_cached():
    """The backoffice statistics call the selector itself: always the current figures."""
    org = factories.enterprise().membership.organization
    portal_selectors.public_figures()
    factories.loan_request(org)
    assert selectors.financing_totals()["requests"] == 1


def _queue_world(rows: int):
    """A bank with one product matched with ``rows`` requests of enterprises in counties and cities."""
    bank = factories.bank()
    product = factories.product(bank.membership.organization)
    counties = list(Region.objects.filter(level="county", parent__parent_id="430000").order_by("adcode")[:rows])
    for i in range(rows):
        org = factories.enterprise(region=counties[i] if i % 2 == 0 else factories.region("430100"))
        loan = factories.loan_request(org.membership.organization, amount=Decimal(1_000_000 + i))
        Match.objects.create(domain="financing", need_id=loan.pk, offer_id=product.pk,
                             need_org=org.membership.organization, offer_org=bank.membership.organization,
                             score=Decimal(50 + i), engine_version="test")
    return bank, counties


def _queries(client, url: str) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.json()


def test_bank_queue_costs_the_same_queries_for_one_row_or_a_page(as_user):
    bank, _ = _queue_world(1)
    client = as_user(bank)
    one, body = _queries(client, "/api/v1/bank/queue/")
    assert body["count"] == 1

    bank, counties = _queue_world(12)
    client = as_user(bank)
    many, body = _queries(client, "/api/v1/bank/queue/")
    assert body["count"] == 12 and many == one
    # the summary names the prefecture-level city of a county's enterprise, and hides who it is
    by_amount = {row["request"]["amount"]: row for row in body["results"]}
    top = by_amount["1000000.00"]
    assert top["request"]["city_code"] == counties[0].parent_id
    assert top["request"]["city"] == counties[0].parent.name
    assert top["match"]["offer_name"].endswith("·科技信用贷") and top["consented"] is False
    assert [row["match"]["score"] for row in body["results"]] == sorted(
        (row["match"]["score"] for row in body["results"]), key=Decimal, reverse=True)


def test_match_list_costs_the_same_queries_for_one_row_or_a_page(as_user):
    bank, _ = _queue_world(1)
    one, body = _queries(as_user(bank), "/api/v1/matches/?domain=financing")
    assert body["count"] == 1

    bank, _ = _queue_world(12)
    many, body = _queries(as_user(bank), "/api/v1/matches/?domain=financing")
    assert body["count"] == 12 and many == one
    assert all(row["offer_name"].endswith("·科技信用贷") for row in body["results"])


def test_supply_contacts_in_the_match_list_without_a_query_per_row(as_user):
    """Supply matches show the other side's contact once both are interested; the organizations
    are loaded for those rows in one go."""
    from django.utils import timezone

    def world(rows: int, base: int):
        buyer = factories.enterprise()
        for i in range(rows):
            supplier = factories.enterprise(contact_name=f"李{i}", contact_phone=f"0731-{i:04d}").membership
            Match.objects.create(domain="supply", need_id=base + i, offer_id=base + i,
                                 need_org=buyer.membership.organization, offer_org=supplier.organization,
                                 score=Decimal(60 + i), engine_version="test", interested_at=timezone.now(),
                                 offer_interested_at=timezone.now())
        return buyer

    one, body = _queries(as_user(world(1, 1000)), "/api/v1/matches/?domain=supply")
    assert body["results"][0]["contact"]["person"] == "李0"
    many, body = _queries(as_user(world(8, 2000)), "/api/v1/matches/?domain=supply")
    assert body["count"] == 8 and many == one
    assert {row["contact"]["phone"] for row in body["results"]} == {f"0731-{i:04d}" for i in range(8)}


def test_a_recorded_grant_clears_the_cached_public_figures(api, django_capture_on_commit_callbacks):
    from django.core.cache import cache

    api.get("/api/v1/stats/public/")
    assert cache.get(figures.PUBLIC_FIGURES_KEY) is not None
    with django_capture_on_commit_callbacks(execute=True):
        figures.public_figures_changed()  # what recording a loan outcome calls
    assert cache.get(figures.PUBLIC_FIGURES_KEY) is None
