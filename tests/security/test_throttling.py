"""API rate limits per token and per address: 429 in the error shape with Retry-After."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from enterprises.security.tokens import token_create
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def rates(settings):
    """``rates(user="3/min")``: lower some rates for this test (DRF reads them at import time)."""
    from rest_framework.throttling import SimpleRateThrottle

    original = SimpleRateThrottle.THROTTLE_RATES

    def set_rates(**rates: str) -> None:
        base = {"anon": "1000/min", "user": "1000/min", "ip": "1000/min", "auth": "1000/min"}
        SimpleRateThrottle.THROTTLE_RATES = {**base, **rates}

    yield set_rates
    SimpleRateThrottle.THROTTLE_RATES = original


def _client(key: str, ip: str = "203.0.113.20") -> APIClient:
    client = APIClient(REMOTE_ADDR=ip)
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_per_token_limit_answers_429_in_the_error_shape_with_retry_after(rates):
    rates(user="3/min")
    user = factories.bank()
    _t, key_a = token_create(user=user, name="信贷系统")
    _t, key_b = token_create(user=user, name="风控系统")
    a = _client(key_a)
    for _ in range(3):
        assert a.get("/api/v1/me/").status_code == 200
    refused = a.get("/api/v1/me/")
    assert refused.status_code == 429
    error = refused.json()["error"]
    assert error["code"] == "throttled" and "请求过于频繁" in error["message"] and error["fields"] == {}
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert _client(key_b).get("/api/v1/me/").status_code == 200  # each system has its own budget


def test_per_address_limit_covers_every_client_from_it(rates):
    rates(ip="4/min")
    keys = [token_create(user=factories.enterprise(), name="ERP")[1] for _ in range(3)]
    statuses = [_client(keys[i % 3], ip="192.0.2.99").get("/api/v1/me/").status_code for i in range(5)]
    assert statuses == [200, 200, 200, 200, 429]
    assert _client(keys[0], ip="192.0.2.100").get("/api/v1/me/").status_code == 200


def test_anonymous_limit_per_address(rates):
    rates(anon="2/min")
    client = APIClient(REMOTE_ADDR="192.0.2.7")
    assert [client.get("/api/v1/regions/").status_code for _ in range(2)] == [200, 200]
    third = APIClient(REMOTE_ADDR="192.0.2.7").get("/api/v1/regions/")
    assert third.status_code == 429 and "Retry-After" in third
    assert APIClient(REMOTE_ADDR="192.0.2.8").get("/api/v1/regions/").status_code == 200
