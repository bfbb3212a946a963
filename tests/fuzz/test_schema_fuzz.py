"""Fuzz the API from its own OpenAPI schema (schemathesis, in-process against the WSGI app), signed in
as an enterprise owner, as a bank user and as an operator: no 5xx anywhere, every documented answer matches the schema.

SCHEMATHESIS_MAX_EXAMPLES bounds the examples per operation and role (small in ``make test``,
larger in ``make soak``). Every example runs in a savepoint that is rolled back, so destructive
operations (deleting one's own account, revoking one's token) cannot spoil the examples after them.
"""

from __future__ import annotations

import os

import pytest
from django.core.cache import cache
from django.db import transaction
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import checks

pytestmark = pytest.mark.django_db

MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "3"))
CHECKS = [checks.not_a_server_error, checks.response_schema_conformance, checks.content_type_conformance]
#: Schema mismatches found and reported to the area's owner, not yet fixed: for these operations only
#: "no 5xx" is checked. Remove a line once its fix lands (the soak run shows whether it did).
KNOWN_SCHEMA_MISMATCHES: dict[str, str] = {}


def success_is_documented(ctx, response, case) -> bool | None:
    """A 2xx answer must be one the schema documents (error answers share one documented shape)."""
    if 200 <= response.status_code < 300:
        documented = {str(code) for code in case.operation.definition.raw.get("responses", {})}
        if str(response.status_code) not in documented and "default" not in documented:
            raise AssertionError(f"{case.method} {case.path}: {response.status_code} is not in the schema "
                                 f"({sorted(documented)})")
    return None


def _call_and_check(case, token: str) -> None:
    cache.clear()  # rate-limit counters: the fuzzer is not a flood
    with transaction.atomic():
        response = case.call(headers={"Authorization": f"Token {token}"})
        transaction.set_rollback(True)
    if f"{case.method} {case.path}" in KNOWN_SCHEMA_MISMATCHES:
        case.validate_response(response, checks=[checks.not_a_server_error])
        return
    case.validate_response(response, checks=CHECKS, additional_checks=[success_is_documented])


BOUNDED = settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, database=None,
                   phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))


def _describe(exc: BaseException) -> str:
    """One failure, or each of a group's failures, shortened (the curl line to reproduce included)."""
    parts = [str(e)[:700] for e in getattr(exc, "exceptions", [])] or [str(exc)[:1500]]
    reproduce = [line.strip() for line in str(exc).splitlines() if line.strip().startswith("curl ")]
    return "\n  - ".join([*parts, *reproduce[:1]])


def _fuzz_every_operation(api_schema, token: str) -> None:
    """Each operation of the schema with its own bounded Hypothesis run; all failures reported at once.
    (schemathesis' lazy pytest loader does not run under pytest 9, so the loop is ours.)"""
    failures = []
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 50
    for operation in operations:

        @BOUNDED
        @given(case=operation.as_strategy())
        def run(case) -> None:
            _call_and_check(case, token)

        try:
            run()
        except (Exception, BaseExceptionGroup) as exc:  # collected, reported below
            failures.append(f"{operation.label}: {_describe(exc)}")
    assert not failures, f"{len(failures)} operations failed:\n" + "\n\n".join(failures)


def test_api_as_an_enterprise(fuzz_world, api_schema):
    _fuzz_every_operation(api_schema, fuzz_world["enterprise"])


def test_api_as_a_bank(fuzz_world, api_schema):
    _fuzz_every_operation(api_schema, fuzz_world["bank"])


def test_api_as_an_operator(fuzz_world, api_schema):
    _fuzz_every_operation(api_schema, fuzz_world["operator"])
