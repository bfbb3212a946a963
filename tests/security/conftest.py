"""Helpers of the security tests: sign in through the real form from a chosen address."""

from __future__ import annotations

import pytest
from django.test import Client

from tests import factories

UA = "Mozilla/5.0 (QilianTest) Chrome/130"


def browser(ip: str = "203.0.113.7") -> Client:
    """A browser client coming from ``ip`` with a recognizable user agent."""
    return Client(REMOTE_ADDR=ip, HTTP_USER_AGENT=UA)


def form_login(client: Client, username: str, password: str = factories.PASSWORD):
    return client.post("/login/", {"username": username, "password": password})


@pytest.fixture
def low_limits(settings):
    """Small lockout limits so tests stay short: 3 per user name, 6 per address."""
    settings.AXES_FAILURE_LIMIT = 3
    settings.QILIAN_LOGIN_IP_FAILURE_LIMIT = 6
    return settings
