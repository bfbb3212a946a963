"""Background work goes through a real Celery worker process over Redis."""

from __future__ import annotations

import os
import time

import pytest

from tests import factories

pytestmark = pytest.mark.worker


def test_ping_round_trip_through_a_real_worker(real_worker):
    """Given a worker on the test broker, when the health task is queued, another process answers it."""
    from config.celery import ping

    result = ping.delay("你好").get(timeout=30)

    assert result["token"] == "你好"
    assert result["pid"] != str(os.getpid())  # answered by the worker process, not in-process


def test_verification_email_is_sent_by_the_worker_after_commit(real_worker, as_user, mail_dir):
    """Given a pending enterprise, when an operator approves it over the API,
    then the worker (reading the committed row) emails the owner."""
    owner = factories.enterprise(verification="pending", name="湘潭电机配套有限公司")
    org = owner.membership.organization
    operator = factories.OperatorFactory()

    response = as_user(operator).post(f"/api/v1/backoffice/organizations/{org.pk}/verify/",
                                      {"decision": "approve"}, format="json")
    assert response.status_code == 200

    deadline = time.monotonic() + 20
    sent = ""
    while time.monotonic() < deadline and owner.email not in sent:
        time.sleep(0.2)
        sent = "".join(p.read_text(errors="replace") for p in mail_dir.glob("*.log"))
    assert owner.email in sent
    assert "贵单位已通过认证" in sent
