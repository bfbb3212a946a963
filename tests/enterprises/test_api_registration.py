"""Registration, token auth and the error shape (shared/API.md)."""

from __future__ import annotations

import pytest

from enterprises.models import EnterpriseProfile, Membership, Organization, TalentProfile, User
from tests import factories

pytestmark = pytest.mark.django_db


def payload(**org) -> dict:
    organization = {"name": "株洲精密液压件有限公司", "uscc": factories.make_uscc(), "region": "430200", **org}
    return {"username": "zz_hydraulic", "password": "Hunan-2026-secure", "email": "boss@zzhy.cn",
            "kind": "enterprise", "organization": organization}


def nothing_written() -> bool:
    return not (User.objects.exists() or Organization.objects.exists() or Membership.objects.exists())


class TestRegister:
    def test_enterprise_registers_pending_with_owner_and_profile(self, api):
        response = api.post("/api/v1/register/", payload(), format="json")

        assert response.status_code == 201, response.json()
        body = response.json()
        assert body["kind"] == "enterprise"
        assert body["membership"]["role"] == "owner"
        assert body["membership"]["organization"]["verification"] == "pending"
        assert body["membership"]["organization"]["region"] == "430200"
        org = Organization.objects.get()
        assert EnterpriseProfile.objects.filter(organization=org).exists()

    def test_talent_registers_without_organization(self, api):
        response = api.post("/api/v1/register/", {"username": "li_welder", "password": "Hunan-2026-secure",
                                                   "kind": "talent"}, format="json")
        assert response.status_code == 201
        assert response.json()["membership"] is None
        assert TalentProfile.objects.filter(user__username="li_welder", visibility="hidden").exists()

    @pytest.mark.parametrize(
        ("uscc", "fragment"),
        [("9143020000000000", "应为18位"), ("91430200MA4L1234X0", "校验位错误"), ("91430200MA4L1234I5", "格式不正确")],
    )
    def test_invalid_uscc_gets_a_specific_chinese_message_and_writes_nothing(self, api, uscc, fragment):
        response = api.post("/api/v1/register/", payload(uscc=uscc), format="json")

        assert response.status_code == 400
        error = response.json()["error"]
        assert error["code"] == "validation_error"
        assert fragment in error["fields"]["uscc"][0]
        assert nothing_written()

    def test_duplicate_uscc_is_refused(self, api):
        existing = factories.OrganizationFactory()
        response = api.post("/api/v1/register/", payload(uscc=existing.uscc), format="json")

        assert response.status_code == 400
        assert "已注册" in response.json()["error"]["fields"]["uscc"][0]
        assert Organization.objects.count() == 1
        assert not User.objects.filter(username="zz_hydraulic").exists()

    def test_unknown_region_code_is_refused(self, api):
        response = api.post("/api/v1/register/", payload(region="999999"), format="json")
        assert response.status_code == 400
        assert "999999" in response.json()["error"]["fields"]["region"][0]
        assert nothing_written()

    def test_all_problems_are_reported_at_once(self, api):
        data = payload(uscc="123", region="", name="")
        data["password"] = "123"
        response = api.post("/api/v1/register/", data, format="json")
        fields = response.json()["error"]["fields"]
        assert {"uscc", "password", "name"} <= set(fields)

    def test_english_messages_when_asked(self, api):
        response = api.post("/api/v1/register/", payload(uscc="123"), format="json", HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 400
        message = response.json()["error"]["fields"]["uscc"][0]
        assert "18" in message
        assert not any("\u4e00" <= ch <= "\u9fff" for ch in message), message

    def test_operator_kind_cannot_be_self_registered(self, api):
        response = api.post("/api/v1/register/", {"username": "sneaky", "password": "Hunan-2026-secure",
                                                   "kind": "operator"}, format="json")
        assert response.status_code == 400
        assert "kind" in response.json()["error"]["fields"]


class TestToken:
    def test_token_for_good_credentials_and_use_it(self, api, enterprise_user):
        response = api.post("/api/v1/auth/token/", {"username": enterprise_user.username,
                                                    "password": factories.PASSWORD}, format="json")
        assert response.status_code == 200
        token = response.json()["token"]
        api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        me = api.get("/api/v1/me/")
        assert me.status_code == 200
        assert me.json()["username"] == enterprise_user.username

    def test_bad_password_is_400_with_chinese_message(self, api, enterprise_user):
        response = api.post("/api/v1/auth/token/", {"username": enterprise_user.username, "password": "nope"},
                            format="json")
        assert response.status_code == 400
        assert "无法使用提供的认证信息登录" in response.json()["error"]["message"]

    def test_no_credentials_is_401_in_the_error_shape(self, api):
        response = api.get("/api/v1/me/")
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "not_authenticated"

    def test_invalid_token_is_401(self, api):
        api.credentials(HTTP_AUTHORIZATION="Token deadbeef")
        response = api.get("/api/v1/me/")
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "authentication_failed"

    def test_superuser_created_the_django_way_can_use_the_api(self, api, monkeypatch):
        from django.core.management import call_command

        monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "Operator-2026-pass")
        call_command("createsuperuser", "--no-input", "--username", "ops", "--email", "ops@qilian.cn")
        from enterprises.models import User
        from tests.conftest import totp_code, totp_device

        device = totp_device(User.objects.get(username="ops"))  # operators must use a second factor
        token = api.post("/api/v1/auth/token/", {"username": "ops", "password": "Operator-2026-pass",
                                                 "otp_token": totp_code(device)}, format="json").json()["token"]
        api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        me = api.get("/api/v1/me/").json()
        assert me["kind"] == "operator"
        assert me["is_operator"] is True
        assert api.get("/api/v1/backoffice/organizations/").status_code == 200
