"""Login throttling and lockout (per user name and per address), password rules, idle sessions."""

from __future__ import annotations

import time

import pytest

from enterprises.models import SecurityEvent
from enterprises.security.middleware import SEEN_KEY
from tests import factories
from tests.security.conftest import browser, form_login

pytestmark = pytest.mark.django_db


def test_user_locked_after_repeated_failures_even_with_the_right_password(low_limits):
    user = factories.enterprise()
    client = browser()
    for _ in range(2):
        assert form_login(client, user.username, "wrong-password").status_code == 200
    third = form_login(client, user.username, "wrong-password")
    assert third.status_code == 429
    assert "登录失败次数过多" in third.content.decode()
    assert int(third["Retry-After"]) == 15 * 60
    # the right password does not help during the cool-off, from another address either
    again = form_login(browser("198.51.100.9"), user.username)
    assert again.status_code == 429
    assert "_auth_user_id" not in again.wsgi_request.session
    assert SecurityEvent.objects.filter(kind="locked_out", username=user.username).exists()


def test_lock_ends_after_the_cool_off(low_limits):
    from axes.models import AccessAttempt
    from django.utils import timezone

    user = factories.enterprise()
    client = browser()
    for _ in range(3):
        form_login(client, user.username, "wrong-password")
    AccessAttempt.objects.update(attempt_time=timezone.now() - low_limits.AXES_COOLOFF_TIME * 2)
    assert form_login(client, user.username).status_code == 302


def test_address_locked_after_failures_over_many_user_names_but_not_a_colleague_elsewhere(low_limits):
    colleague = factories.enterprise()
    office = browser("192.0.2.50")
    for i in range(6):  # password spraying: one try per user name, all from one address
        form_login(office, f"nobody{i}", "Password-123")
    locked = form_login(office, colleague.username)
    assert locked.status_code == 429
    assert form_login(browser("192.0.2.51"), colleague.username).status_code == 302


def test_one_persons_typos_do_not_lock_colleagues_behind_the_same_nat(low_limits):
    typo, colleague = factories.enterprise(), factories.enterprise()
    office = browser("192.0.2.60")
    for _ in range(3):
        form_login(office, typo.username, "wrong-password")
    assert form_login(office, typo.username).status_code == 429
    assert form_login(browser("192.0.2.60"), colleague.username).status_code == 302


def test_success_resets_the_failure_count(low_limits):
    user = factories.enterprise()
    client = browser()
    for _ in range(2):
        form_login(client, user.username, "wrong-password")
    assert form_login(client, user.username).status_code == 302
    other = browser()
    for _ in range(2):
        assert form_login(other, user.username, "wrong-password").status_code == 200
    assert form_login(other, user.username).status_code == 302


def test_api_token_endpoint_locks_out_in_the_error_shape(api, low_limits):
    user = factories.enterprise()
    for _ in range(2):
        response = api.post("/api/v1/auth/token/", {"username": user.username, "password": "nope"}, format="json")
        assert response.status_code == 400
    response = api.post("/api/v1/auth/token/", {"username": user.username, "password": "nope"}, format="json")
    assert response.status_code == 429
    body = response.json()["error"]
    assert body["code"] == "locked_out" and "登录失败次数过多" in body["message"] and body["fields"] == {}
    assert response["Retry-After"] == str(15 * 60)
    good = api.post("/api/v1/auth/token/", {"username": user.username, "password": factories.PASSWORD},
                    format="json")
    assert good.status_code == 429 and "token" not in good.json()


@pytest.mark.parametrize("password, message", [
    ("password123", "这个密码太常见了"),
    ("12345678901", "密码只包含数字"),
    ("Ab1!x", "密码太短，至少需要 8 个字符"),
])
def test_registration_refuses_weak_passwords_in_chinese(client, api, password, message):
    form = client.post("/register/", {"kind": "talent", "username": "weakling", "email": "w@example.cn",
                                      "password1": password, "password2": password})
    assert message in form.content.decode()
    response = api.post("/api/v1/register/", {"username": "weakling", "password": password, "kind": "talent",
                                              "email": "w@example.cn"}, format="json")
    assert response.status_code == 400
    assert any(message in m for m in response.json()["error"]["fields"]["password"])


def test_idle_session_is_signed_out_with_a_note(client, settings):
    settings.QILIAN_SESSION_IDLE_TIMEOUT = 60
    user = factories.enterprise()
    client.force_login(user)
    assert client.get("/dashboard/").status_code == 200
    session = client.session
    session[SEEN_KEY] = int(time.time()) - 61
    session.save()
    response = client.get("/dashboard/", follow=True)
    assert response.redirect_chain[0][0].startswith("/login/")
    assert "由于长时间未操作，您已自动退出" in response.content.decode()
    assert SecurityEvent.objects.filter(kind="session_expired", user=user).exists()


def test_activity_keeps_the_session_alive(client, settings):
    settings.QILIAN_SESSION_IDLE_TIMEOUT = 120
    user = factories.enterprise()
    client.force_login(user)
    session = client.session
    session[SEEN_KEY] = int(time.time()) - 119
    session.save()
    assert client.get("/dashboard/").status_code == 200  # within the limit: the clock restarts
    assert client.session[SEEN_KEY] >= int(time.time()) - 2
    assert client.get("/dashboard/").status_code == 200
