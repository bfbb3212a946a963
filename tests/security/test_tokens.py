"""API tokens: several named per user, shown once, revocable, last-used time, own only."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from enterprises.models import ApiToken, SecurityEvent
from tests import factories

pytestmark = pytest.mark.django_db


def _client(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_a_bank_holds_several_named_tokens_each_shown_once():
    bank = factories.bank()
    api = APIClient()
    api.force_login(bank)  # the portal session, second factor passed
    keys = {}
    for name in ("信贷系统", "风控系统"):
        response = api.post("/api/v1/auth/tokens/", {"name": name}, format="json")
        assert response.status_code == 201
        body = response.json()
        assert body["name"] == name and body["key"].startswith(body["prefix"])
        keys[name] = body["key"]
    listing = api.get("/api/v1/auth/tokens/").json()
    names = [row["name"] for row in listing["results"]]
    assert {"信贷系统", "风控系统"} <= set(names)
    assert all("key" not in row for row in listing["results"])  # never shown again
    assert not ApiToken.objects.filter(key_hash__in=keys.values()).exists()  # only hashes are stored
    for key in keys.values():
        assert _client(key).get("/api/v1/me/").json()["username"] == bank.username


def test_duplicate_active_name_is_refused_in_chinese(as_user):
    api = as_user(factories.enterprise())
    api.post("/api/v1/auth/tokens/", {"name": "ERP"}, format="json")
    again = api.post("/api/v1/auth/tokens/", {"name": "ERP"}, format="json")
    assert again.status_code == 400 and "同名" in again.json()["error"]["fields"]["name"][0]


def test_revoked_token_is_401_and_others_keep_working(as_user):
    user = factories.enterprise()
    api = as_user(user)
    first = api.post("/api/v1/auth/tokens/", {"name": "A"}, format="json").json()
    second = api.post("/api/v1/auth/tokens/", {"name": "B"}, format="json").json()
    assert api.delete(f"/api/v1/auth/tokens/{first['id']}/").status_code == 204
    refused = _client(first["key"]).get("/api/v1/me/")
    assert refused.status_code == 401 and refused.json()["error"]["code"] == "authentication_failed"
    assert _client(second["key"]).get("/api/v1/me/").status_code == 200
    assert first["id"] not in [row["id"] for row in api.get("/api/v1/auth/tokens/").json()["results"]]
    assert SecurityEvent.objects.filter(kind="token_revoked", user=user).exists()


def test_another_users_token_is_404_and_stays_valid(as_user):
    owner, other = factories.enterprise(), factories.bank()
    token = as_user(owner).post("/api/v1/auth/tokens/", {"name": "核心系统"}, format="json").json()
    response = as_user(other).delete(f"/api/v1/auth/tokens/{token['id']}/")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
    assert _client(token["key"]).get("/api/v1/me/").status_code == 200


def test_last_used_is_recorded_at_most_once_a_minute():
    from enterprises.security.tokens import token_create

    user = factories.enterprise()
    token, key = token_create(user=user, name="ERP")
    assert token.last_used_at is None
    client = _client(key)
    client.get("/api/v1/me/", REMOTE_ADDR="198.51.100.4")
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None and token.last_used_ip == "198.51.100.4"
    client.get("/api/v1/me/")
    token.refresh_from_db()
    assert token.last_used_at == first  # no write within the minute
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now() - timedelta(minutes=2))
    client.get("/api/v1/me/")
    token.refresh_from_db()
    assert token.last_used_at > first - timedelta(seconds=1)
    assert timezone.now() - token.last_used_at < timedelta(seconds=5)


def test_password_exchange_rotates_the_default_token(api):
    user = factories.enterprise()
    payload = {"username": user.username, "password": factories.PASSWORD}
    one = api.post("/api/v1/auth/token/", payload, format="json").json()["token"]
    two = api.post("/api/v1/auth/token/", payload, format="json").json()["token"]
    assert one != two
    assert _client(one).get("/api/v1/me/").status_code == 401
    assert _client(two).get("/api/v1/me/").status_code == 200
    assert ApiToken.objects.filter(user=user, name="default", revoked_at__isnull=True).count() == 1


def test_a_bank_token_cannot_mint_more_tokens(as_user):
    response = as_user(factories.bank()).post("/api/v1/auth/tokens/", {"name": "x"}, format="json")
    assert response.status_code == 403 and "两步验证" in response.json()["error"]["message"]


def test_portal_page_creates_shows_once_and_revokes_with_confirmation(client):
    user = factories.bank()
    client.force_login(user)  # password and second factor passed
    created = client.post("/account/tokens/", {"name": "信贷系统"})
    page = created.content.decode()
    token = ApiToken.objects.get(user=user, name="信贷系统")
    assert "只显示这一次" in page and token.prefix in page
    key = page.split('id="token-key">')[1].split("<")[0]
    assert _client(key).get("/api/v1/me/").status_code == 200
    listing = client.get("/account/tokens/").content.decode()
    assert "信贷系统" in listing and key not in listing and "从未使用" not in listing
    confirm = client.get(f"/account/tokens/{token.pk}/revoke/")
    assert "确定要撤销令牌" in confirm.content.decode()
    assert client.post(f"/account/tokens/{token.pk}/revoke/").status_code == 302
    assert _client(key).get("/api/v1/me/").status_code == 401


def test_portal_revoke_of_another_users_token_is_404(client):
    from enterprises.security.tokens import token_create

    token, _key = token_create(user=factories.bank(), name="ERP")
    client.force_login(factories.bank())
    assert client.get(f"/account/tokens/{token.pk}/revoke/").status_code == 404
    assert client.post(f"/account/tokens/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
