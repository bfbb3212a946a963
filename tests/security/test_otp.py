"""Two-factor authentication: required for bank staff and operators, optional for enterprises."""

from __future__ import annotations

import base64
import re

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from enterprises.models import SecurityEvent
from tests import factories
from tests.conftest import totp_code, totp_device
from tests.security.conftest import browser, form_login

pytestmark = pytest.mark.django_db


def _enrol(client) -> list[str]:
    """Read the key from the enrolment page like a phone would scan it, type the code; the backup codes."""
    page = client.get("/account/2fa/setup/").content.decode()
    assert 'src="data:image/svg+xml;base64,' in page  # the QR code is rendered here, inline
    secret = re.search(r'id="otp-secret">([A-Z2-7]+)<', page).group(1)
    code = f"{TOTP(base64.b32decode(secret + '=' * (-len(secret) % 8))).token():06d}"
    done = client.post("/account/2fa/setup/", {"code": code, "next": "/dashboard/"})
    assert done.status_code == 200
    return re.findall(r"<li>([a-z0-9]{8})</li>", done.content.decode())


@pytest.mark.parametrize("make_user", [factories.bank, factories.OperatorFactory], ids=["bank", "operator"])
def test_bank_staff_and_operators_must_enrol_before_any_page(make_user):
    user = make_user()
    client = browser()
    response = form_login(client, user.username)
    assert response.status_code == 302
    for url in ("/dashboard/", "/account/tokens/", "/backoffice/"):
        page = client.get(url)
        assert page.status_code == 302 and page["Location"].startswith("/account/2fa/verify/?next=")
    assert client.get("/account/2fa/verify/")["Location"].startswith("/account/2fa/setup/")
    codes = _enrol(client)
    assert len(codes) == 10
    assert client.get("/dashboard/").status_code == 200
    assert TOTPDevice.objects.get(user=user).confirmed
    assert SecurityEvent.objects.filter(kind="otp_enrolled", user=user).exists()


def test_the_page_api_answers_nothing_before_the_second_factor():
    user = factories.bank()
    totp_device(user)
    client = browser()
    form_login(client, user.username)
    me = client.get("/api/v1/me/")
    assert me.status_code in (401, 403)
    assert "username" not in me.json() and me.json()["error"]["code"] in ("not_authenticated", "permission_denied")
    assert client.get("/api/v1/bank/queue/").status_code in (401, 403)


def test_enrolled_bank_user_verifies_with_a_real_code_then_sees_pages_and_api():
    user = factories.bank()
    device = totp_device(user)
    client = browser()
    form_login(client, user.username)
    # an enrolled user cannot enrol a second authenticator to get around the code
    assert client.get("/account/2fa/setup/")["Location"].startswith("/account/2fa/verify/")
    wrong = client.post("/account/2fa/verify/", {"code": "000000", "next": "/bank/queue/"})
    assert "验证码错误或已过期" in wrong.content.decode()
    assert SecurityEvent.objects.filter(kind="otp_failure", user=user).exists()
    device.throttle_reset()
    ok = client.post("/account/2fa/verify/", {"code": totp_code(device), "next": "/bank/queue/"})
    assert ok.status_code == 302 and ok["Location"] == "/bank/queue/"
    assert client.get("/bank/queue/").status_code == 200
    assert client.get("/api/v1/me/").json()["username"] == user.username


def test_backup_code_works_once():
    user = factories.OperatorFactory()
    client = browser()
    form_login(client, user.username)
    codes = _enrol(client)
    client.post("/logout/")
    form_login(client, user.username)
    ok = client.post("/account/2fa/verify/", {"code": codes[0], "next": "/backoffice/"})
    assert ok.status_code == 302 and ok["Location"] == "/backoffice/"
    assert StaticToken.objects.filter(device__user=user).count() == 9
    client.post("/logout/")
    form_login(client, user.username)
    again = client.post("/account/2fa/verify/", {"code": codes[0], "next": "/backoffice/"})
    assert again.status_code == 200 and "验证码错误或已过期" in again.content.decode()
    assert client.get("/backoffice/").status_code == 302


def test_optional_for_enterprises_and_then_enforced_once_enrolled():
    user = factories.enterprise()
    client = browser()
    form_login(client, user.username)
    assert client.get("/dashboard/").status_code == 200  # no second factor needed
    assert "启用两步验证" in client.get("/account/security/").content.decode()
    _enrol(client)
    client.post("/logout/")
    form_login(client, user.username)
    assert client.get("/dashboard/")["Location"].startswith("/account/2fa/verify/")
    client.post("/account/2fa/verify/", {"code": totp_code(TOTPDevice.objects.get(user=user))})
    # and it can be turned off again (not so for banks)
    assert client.post("/account/2fa/disable/").status_code == 302
    assert not TOTPDevice.objects.filter(user=user).exists()


def test_bank_staff_cannot_turn_it_off(client):
    user = factories.bank()
    client.force_login(user)
    client.post("/account/2fa/disable/")
    assert TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def test_api_token_exchange_needs_the_code_for_bank_staff(api):
    user = factories.bank()
    url = "/api/v1/auth/token/"
    refused = api.post(url, {"username": user.username, "password": factories.PASSWORD}, format="json")
    assert refused.status_code == 403 and "两步验证" in refused.json()["error"]["message"]
    device = totp_device(user)
    missing = api.post(url, {"username": user.username, "password": factories.PASSWORD}, format="json")
    assert missing.status_code == 400 and "otp_token" in missing.json()["error"]["fields"]
    ok = api.post(url, {"username": user.username, "password": factories.PASSWORD, "otp_token": totp_code(device)},
                  format="json")
    assert ok.status_code == 200 and ok.json()["token"].startswith("ql_")
