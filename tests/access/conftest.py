"""The access-control world, built once per module inside a transaction that is rolled back at its end."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction

from tests.access.world import ROLES, api_client, build_world, portal_client


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker) -> Iterator[dict[str, Any]]:
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            built = build_world()
            built["portal"] = {role: portal_client(built["users"].get(role)) for role in ROLES}
            built["api"] = {role: api_client(built["users"].get(role)) for role in ROLES}
            yield built
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def clients(world: dict[str, Any], db) -> dict[str, dict[str, Any]]:
    """``clients["api"|"portal"][role]``: token clients for /api/, signed-in browsers for pages."""
    return {"api": world["api"], "portal": world["portal"]}
