"""Run the real engine on a loaded judged world, through the real task path, and read its lists."""

from __future__ import annotations

from django.db import transaction

from matching.engine.models import Match, MatchRun
from matching.engine.offerstore import drop_stores
from matching.engine.runs import run_create
from matching.engine.tasks import run_match
from matching.engine.tfidf import forget


def rematch(domain: str) -> MatchRun:
    """A whole-domain rematch as the nightly job runs it (``matching.run`` → chunks), with every
    in-process cache dropped first so the run sees exactly the loaded world."""
    drop_stores()
    forget()
    with transaction.atomic():
        run = run_create(domain=domain, scope="domain")
    # the task itself, in-process: where the after-commit message already ran it (tasks in-process,
    # autocommit) this finds the run finished and does nothing; inside a test's transaction it runs it
    run_match.apply(args=[run.pk])
    run.refresh_from_db()
    return run


def ranked_lists(domain: str, need_ids: list[int], k: int = 10) -> dict[int, list[tuple[int, int]]]:
    """Per need, its open matches as (offer id, offering organization id) in rank order, top ``k``."""
    out: dict[int, list[tuple[int, int]]] = {n: [] for n in need_ids}
    rows = (Match.objects.filter(domain=domain, need_id__in=need_ids, retired_at=None)
            .order_by("need_id", "rank", "offer_id").values_list("need_id", "offer_id", "offer_org_id"))
    for need_id, offer_id, org_id in rows:
        if len(out[need_id]) < k:
            out[need_id].append((offer_id, org_id))
    return out
