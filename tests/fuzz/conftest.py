"""The fuzzed API's world: an enterprise with a matched loan request and a supply need, a bank, tokens."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import TestCase

from tests import factories


@pytest.fixture
def fuzz_world(db) -> dict[str, Any]:
    """Token keys of an enterprise owner and a bank user who share a loan request (matched), and an operator."""
    from enterprises.security.tokens import token_create
    from matching.financing.services import request_save

    owner = factories.enterprise()
    bank = factories.bank()
    factories.product(bank.membership.organization)
    with TestCase.captureOnCommitCallbacks(execute=True):
        request_save(actor=owner, data={"amount": Decimal("3000000"), "term": 12, "collateral": [],
                                        "purpose": "working_capital", "max_rate": Decimal("4.50"),
                                        "urgency": "normal"})
    factories.sourcing_need(owner.membership.organization)
    factories.capability(factories.enterprise().membership.organization)
    operator = factories.OperatorFactory()
    users = (("enterprise", owner), ("bank", bank), ("operator", operator))
    return {role: token_create(user=user, name="fuzz")[1] for role, user in users}


@pytest.fixture
def wsgi_in_test_transaction() -> Iterator[None]:
    """Call Django's WSGI handler inside the test's transaction: like Django's test client, do not
    let the request signals close the connection (that would abort the test transaction)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(db, wsgi_in_test_transaction):
    import schemathesis

    from config.wsgi import application

    return schemathesis.openapi.from_wsgi("/api/schema/", application)
