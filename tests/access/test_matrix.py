"""Access control, proven exhaustively: every route × method × role × ownership case of the URL conf
answers what ``tests/access/matrix.py`` says (see its docstring to add a row for a new endpoint).

To draft rows (observed answers, to be REVIEWED against the view's selector before pasting):
    ACCESS_MATRIX_DRAFT=/tmp/rows.py pytest tests/access/test_matrix.py -k draft
(only routes without a row; ACCESS_MATRIX_DRAFT_ALL=1 for every route).
"""

from __future__ import annotations

import os
import pprint
from typing import Any

import pytest

from tests.access.expect import ROLE_REFUSALS, compact, expected
from tests.access.guess import guess_ids
from tests.access.matrix import MATRIX
from tests.access.routes import Route, all_routes, ask
from tests.access.world import ROLES

pytestmark = pytest.mark.django_db
#: Answers that cannot tell an existing object from a missing one: the "no object" case is not asked.
NO_LEAK_ANSWERS = (401, 404, 405, "login")


def _observe(route: Route, ids: dict[str, str], world: dict, clients: dict, method: str, role: str,
             missing: bool) -> int | str:
    client = clients["api" if route.is_api else "portal"][role]
    values = None if missing else {name: world["ids"][key] for name, key in ids.items()}
    body = MATRIX.get(route.pattern, {}).get("body", {}).get(method)
    if body:
        body = {k: world["ids"][v[1:]] if isinstance(v, str) and v.startswith("@") else v for k, v in body.items()}
    return ask(client, method, route.url(values), is_api=route.is_api, body=body)


def test_every_route_of_the_url_conf_has_a_row_and_every_row_a_route():
    routes = all_routes()
    missing = sorted(set(routes) - set(MATRIX))
    assert not missing, f"routes without a row in tests/access/matrix.py (draft them, see its docstring): {missing}"
    stale = sorted(set(MATRIX) - set(routes))
    assert not stale, f"rows for routes that no longer exist: {stale}"
    for pattern, route in routes.items():
        row = MATRIX[pattern]
        assert set(route.methods()) <= set(row), f"{pattern}: methods without expected answers"
        assert set(row.get("ids", {})) == set(route.kwargs), f"{pattern}: ids must name every URL kwarg"
        for method in route.methods():
            assert "*" in row[method] or set(ROLES) <= set(row[method]), f"{pattern} {method}: a role lacks an answer"


def test_a_refusal_by_role_never_depends_on_the_object():
    """403 on an existing object but 404 on a missing id would reveal that the id exists."""
    for pattern, row in MATRIX.items():
        if not row.get("ids"):
            continue
        for method in (m for m in row if m.isupper()):
            for role in set(ROLES) - set(row.get("sees", ())):
                if expected(row, method, role) == 403:
                    assert expected(row, method, role, missing=True) == 403, (pattern, method, role)


@pytest.mark.parametrize("pattern", sorted(MATRIX))
def test_route(pattern: str, world: dict, clients: dict):
    route = all_routes().get(pattern)
    if route is None:
        pytest.fail(f"{pattern} is in the matrix but not in the URL conf")
    row = MATRIX[pattern]
    ids = row.get("ids", {})
    wrong = []
    for method in route.methods():
        for role in ROLES:
            got = _observe(route, ids, world, clients, method, role, False)
            want = expected(row, method, role)
            if got != want:
                wrong.append(f"{method} as {role}: {got}, expected {want}")
            if not ids or got in NO_LEAK_ANSWERS:
                continue
            got_missing = _observe(route, ids, world, clients, method, role, True)
            want = expected(row, method, role, missing=True)
            if got_missing != want:
                wrong.append(f"{method} as {role} (no such object): {got_missing}, expected {want}")
            if got == 403 and got_missing != 403 and role not in row.get("sees", ()):
                wrong.append(f"{method} as {role}: 403 on the object but {got_missing} without it (existence leak)")
    assert not wrong, f"{pattern}:\n  " + "\n  ".join(wrong)


@pytest.mark.skipif(not os.environ.get("ACCESS_MATRIX_DRAFT"), reason="drafting rows on demand only")
def test_draft_rows(world: dict, clients: dict):
    """Write the observed answers of routes without a row (all with ACCESS_MATRIX_DRAFT_ALL=1) as rows."""
    todo = {p: r for p, r in all_routes().items() if os.environ.get("ACCESS_MATRIX_DRAFT_ALL") or p not in MATRIX}
    rows: dict[str, dict[str, Any]] = {}
    for pattern, route in todo.items():
        ids = MATRIX.get(pattern, {}).get("ids") or guess_ids(pattern)
        row: dict[str, Any] = {"ids": ids} if ids else {}
        if "?" in ids.values():
            rows[pattern] = {**row, "TODO": "name the world object of each kwarg (tests/access/guess.py)"}
            continue
        for method in route.methods():
            row[method] = compact({role: _observe(route, ids, world, clients, method, role, False) for role in ROLES})
            if ids:
                deviations = {}
                for role in (r for r in ROLES if row[method].get(r, row[method]["*"]) not in NO_LEAK_ANSWERS):
                    got = _observe(route, ids, world, clients, method, role, True)
                    if got != expected(row, method, role, missing=True):
                        deviations[role] = got
                if deviations:
                    row.setdefault("missing", {})[method] = deviations
        rows[pattern] = row
    with open(os.environ["ACCESS_MATRIX_DRAFT"], "w") as out:
        for pattern, row in rows.items():
            out.write(f"    {pattern!r}: {pprint.pformat(row, width=110, sort_dicts=False)},\n")
    assert ROLE_REFUSALS  # the draft is for a human to review; nothing to assert here
