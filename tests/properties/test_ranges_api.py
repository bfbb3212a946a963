"""Min/max ranges posted over the API (loan product amounts, terms and rates; sourcing budgets;
job salaries): any numbers give 201 or a 400 in the standard error shape — never a 500 — and
nothing with min > max is ever stored."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.cache import cache
from hypothesis import given, settings
from hypothesis import strategies as st

from tests import factories
from tests.properties import DB_PROFILE

pytestmark = pytest.mark.django_db

money = st.decimals(min_value=Decimal("-1e13"), max_value=Decimal("1e13"), places=2, allow_nan=False,
                    allow_infinity=False)
rates = st.decimals(min_value=Decimal("-50"), max_value=Decimal("1000"), places=2, allow_nan=False,
                    allow_infinity=False)
terms = st.integers(-10, 20_000)


def _post(client, path: str, payload: dict):
    cache.clear()  # throttle counters: hundreds of examples in `make soak`
    response = client.post(path, payload, format="json")
    assert response.status_code in (201, 400), (response.status_code, response.content[:500])
    if response.status_code == 400:
        error = response.json()["error"]
        assert error["code"] and error["message"] and error["fields"]
        assert all(isinstance(m, str) and m for ms in error["fields"].values() for m in ms)
    return response


@pytest.fixture
def bank_client(as_user):
    return as_user(factories.bank())


@pytest.fixture
def firm_client(as_user):
    return as_user(factories.enterprise())


@settings(DB_PROFILE)
@given(money, money, terms, terms, rates, rates)
def test_loan_product_ranges(bank_client, amount_min, amount_max, term_min, term_max, rate_min, rate_max):
    payload = {"name": "流动资金贷", "type": "credit", "amount_min": str(amount_min), "amount_max": str(amount_max),
               "term_min": term_min, "term_max": term_max, "rate_min": str(rate_min), "rate_max": str(rate_max)}
    response = _post(bank_client, "/api/v1/financing/products/", payload)
    fields = response.json()["error"]["fields"] if response.status_code == 400 else {}
    if response.status_code == 201:
        body = response.json()
        assert Decimal(body["amount_min"]) <= Decimal(body["amount_max"])
        assert body["term_min"] <= body["term_max"] and Decimal(body["rate_min"]) <= Decimal(body["rate_max"])
    # Each field passes its type check (the serializer answers those first): then the service
    # names the inverted range.
    typed = (all(abs(v) < Decimal("1e12") for v in (amount_min, amount_max))
             and all(0 <= t <= 10_000 for t in (term_min, term_max))
             and all(abs(r) < 1000 for r in (rate_min, rate_max)))
    if typed and 0 < amount_max < amount_min <= Decimal("1e10"):
        assert "amount_max" in fields
    if typed and 1 <= term_max < term_min <= 360:
        assert "term_max" in fields
    if typed and 0 <= rate_max < rate_min <= 36:
        assert "rate_max" in fields


@settings(DB_PROFILE)
@given(st.one_of(st.none(), money), st.one_of(st.none(), money))
def test_sourcing_budget_range(firm_client, budget_min, budget_max):
    payload = {"category": "hydraulics", "title": "采购液压油缸", "quantity": "100", "unit": "件",
               "max_distance": "province", "budget_min": None if budget_min is None else str(budget_min),
               "budget_max": None if budget_max is None else str(budget_max)}
    response = _post(firm_client, "/api/v1/supply/needs/", payload)
    if response.status_code == 201 and budget_min is not None and budget_max is not None:
        assert Decimal(response.json()["budget_min"]) <= Decimal(response.json()["budget_max"])
    if budget_min is not None and budget_max is not None and 0 <= budget_max < budget_min < Decimal("1e11"):
        # both within the field's 12 digits of yuan: the service names the inverted range
        assert response.status_code == 400 and "budget_max" in response.json()["error"]["fields"]


@settings(DB_PROFILE)
@given(st.integers(-20_000_000, 20_000_000), st.integers(-20_000_000, 20_000_000))
def test_job_salary_range(firm_client, salary_min, salary_max):
    payload = {"title": "数控车床操作工", "city": "430100", "salary_min": salary_min, "salary_max": salary_max,
               "headcount": 2}
    response = _post(firm_client, "/api/v1/talent/jobs/", payload)
    if response.status_code == 201:
        assert 0 <= response.json()["salary_min"] <= response.json()["salary_max"]
    if 0 <= salary_max < salary_min <= 10_000_000:
        assert response.status_code == 400 and "salary_max" in response.json()["error"]["fields"]
