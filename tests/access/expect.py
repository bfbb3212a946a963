"""Reading the matrix: the expected answer of a route × method × role × ownership case."""

from __future__ import annotations

from typing import Any

#: Answers that do not depend on the object: the same whether the id exists or not.
ROLE_REFUSALS = (401, 403, 405, "login")


def expected(row: dict[str, Any], method: str, role: str, *, missing: bool = False) -> int | str:
    answers = row[method]
    answer = answers.get(role, answers.get("*"))
    if not missing:
        return answer
    override = row.get("missing", {}).get(method, {})
    if role in override or "*" in override:
        return override.get(role, override.get("*"))
    return answer if answer in ROLE_REFUSALS else 404


def compact(answers: dict[str, int | str]) -> dict[str, int | str]:
    """``{"*": most common answer, role: answer for the others}``."""
    values = list(answers.values())
    common = max(set(values), key=lambda v: (values.count(v), str(v)))
    return {"*": common, **{role: v for role, v in answers.items() if v != common}}
