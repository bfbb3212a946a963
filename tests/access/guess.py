"""Which world object fills a URL's ``<kwarg>``: by the path that precedes it (first match wins).

Add a line here when a new route names an object the world does not have yet (and build that
object in ``world.py``).
"""

from __future__ import annotations

import re

GUESSES: list[tuple[str, str]] = [
    (r"(auth|account)/tokens/$", "api_token"),
    (r"talent/jobs/<int:pk>/matches/$", "talent_match"),
    (r"talent/matches/$", "talent_match"),
    (r"(api/v1/|api/v1/talent/|talent/)jobs/$", "job"),
    (r"blocks/$", "blocked_org"),
    (r"services/requests/<int:pk>/matches/$", "service_match"),
    (r"services/opportunities/$", "service_match"),
    (r"services/offerings/$", "offering"),
    (r"services/requests/$", "service_request"),
    (r"services/providers/$", "provider_org"),
    (r"activities/$", "activity"),
    (r"policies/$", "policy"),
    (r"supply/needs/<int:pk>/matches/$", "supply_match"),
    (r"supply/matches/$", "supply_match"),
    (r"api/v1/matches/$", "match"),
    (r"financing/requests/<int:pk>/matches/$", "match"),
    (r"consents/$", "consent"),
    (r"(financing|bank)/products/$", "product"),
    (r"(financing|bank)/requests/$", "request"),
    (r"notifications/$", "notification"),
    (r"branches/$", "branch"),
    (r"members/$", "membership"),
    (r"invitations/$", "invitation"),
    (r"meetings/$", "meeting"),
    (r"events/$", "event"),
    (r"(whitelist-batches|whitelist/batches)/$", "batch"),
    (r"entries/$", "entry"),
    (r"(whitelist-imports|whitelist/imports)/$", "import_job"),
    (r"chains/$", "chain"),
    (r"(match-runs|runs)/$", "run"),
    (r"supply/needs/$", "supply_need"),
    (r"capabilities/$", "capability"),
    (r"(organizations|verification)/$", "org_a"),
    (r"stats/export/$", "stats_csv"),
]


def guess_ids(pattern: str) -> dict[str, str]:
    """``{kwarg: world key}`` for every ``<kwarg>`` of the pattern ("?" when no guess fits)."""
    ids: dict[str, str] = {}
    for m in re.finditer(r"<(?:\w+:)?(\w+)>", pattern):
        before = pattern[: m.start()]
        key = "chain_slug" if m.group(0).startswith("<slug:slug") else next(
            (key for rx, key in GUESSES if re.search(rx, before)), "?")
        ids[m.group(1)] = key
    return ids
