"""Every sign-in attempt and every refused request is logged: who, what, when (UTC), from where."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from django.utils import timezone

from enterprises.models import SecurityEvent
from tests import factories
from tests.security.conftest import UA, browser, form_login

pytestmark = pytest.mark.django_db


def test_successful_and_failed_sign_ins_are_rows_and_log_lines(caplog):
    user = factories.enterprise()
    client = browser("198.51.100.23")
    with caplog.at_level(logging.INFO, logger="qilian.security"):
        form_login(client, user.username, "wrong-password")
        form_login(client, user.username)
    failure = SecurityEvent.objects.get(kind="login_failure")
    success = SecurityEvent.objects.get(kind="login_success")
    for event in (failure, success):
        assert event.username == user.username
        assert event.ip_address == "198.51.100.23"
        assert event.user_agent == UA
        assert event.path == "/login/"
        assert event.at.utcoffset() == timedelta(0)  # stored and read in UTC
        assert timezone.now() - event.at < timedelta(seconds=30)
    assert success.user == user and failure.user is None
    lines = [r.getMessage() for r in caplog.records if r.name == "qilian.security"]
    assert any(line.startswith("login_failure") and "198.51.100.23" in line and "+00:00" in line for line in lines)


def test_unknown_user_name_is_logged_too():
    form_login(browser(), "no-such-user", "whatever-123")
    assert SecurityEvent.objects.filter(kind="login_failure", username="no-such-user").exists()


def test_failed_authorization_on_pages_and_api_is_logged(client, as_user, api):
    user = factories.enterprise()
    client.force_login(user)
    client.get("/backoffice/", REMOTE_ADDR="203.0.113.5")  # operators only: 404 for others
    as_user(user).get("/api/v1/backoffice/organizations/")  # 403 on the API
    api.get("/api/v1/me/")  # 401
    events = SecurityEvent.objects.filter(kind="access_denied")
    page = events.get(path="/backoffice/")
    assert page.status_code == 404 and page.user == user and page.ip_address == "203.0.113.5"
    assert events.get(path="/api/v1/backoffice/organizations/").status_code == 403
    unauth = events.get(path="/api/v1/me/")
    assert unauth.status_code == 401 and unauth.user is None


def test_anonymous_404_is_not_logged(client):
    client.get("/no-such-page/")
    assert not SecurityEvent.objects.filter(kind="access_denied").exists()


def test_operators_read_the_log_in_the_audit_page(client):
    user = factories.enterprise()
    form_login(browser("198.51.100.77"), user.username, "wrong-password")
    client.force_login(factories.OperatorFactory())
    page = client.get("/backoffice/audit/?tab=security&who=" + user.username).content.decode()
    assert "登录失败" in page and user.username in page and "198.51.100.77" in page
    assert "时间（UTC）" in page
    only_success = client.get("/backoffice/audit/?tab=security&kind=login_success").content.decode()
    assert "198.51.100.77" not in only_success


def test_the_security_tab_is_for_operators_only(client):
    client.force_login(factories.bank())
    assert client.get("/backoffice/audit/?tab=security").status_code == 404
