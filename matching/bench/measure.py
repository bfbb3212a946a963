"""Measurements 1, 2 and 6 of issue 7 (plus the text candidate query): in-task time of one need,
save → visible through a real worker, a full domain rematch on 1 and 2 worker processes with
their peak memory. Each function returns plain dicts for the report."""

from __future__ import annotations

import random
import threading
import time
from pathlib import Path

import numpy as np
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection, transaction
from django.utils import timezone

from matching.bench import procs
from matching.engine.matcher import match_need
from matching.engine.models import Match, MatchRun
from matching.engine.registry import get_domain
from matching.engine.runs import CHUNK_SIZE, run_create
from matching.financing.models import FinancingRequest
from matching.supply.models import SourcingNeed, SupplyCapability
from matching.supply.spec import capability_text_model
from matching.supply.store import TEXT_CANDIDATE


def pct(values: list[float]) -> dict[str, float]:
    """p50 / p95 / p99 / mean of ``values`` (milliseconds), rounded."""
    if not values:
        return {"p50": 0.0, "p95": 0.0, "p99": 0.0, "mean": 0.0, "n": 0}
    a = np.array(values)
    return {"p50": round(float(np.percentile(a, 50)), 2), "p95": round(float(np.percentile(a, 95)), 2),
            "p99": round(float(np.percentile(a, 99)), 2), "mean": round(float(a.mean()), 2), "n": len(values)}


def reset_matches() -> None:
    """Empty the match tables (bench database only) so every rematch does the same work."""
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE matching_match, matching_notification, matching_matchtransition CASCADE")
        cursor.execute("UPDATE matching_matchrun SET status = 'failed' WHERE status IN ('queued', 'running')")


def purge_queues() -> None:
    from config.celery import app

    app.control.purge()


def incremental(domain: str, need_ids: list[int]) -> dict:
    """In-task time of ``match_need`` (candidates, scoring, upsert, retire, hooks) per need."""
    spec = get_domain(domain)
    capability_text_model()
    if need_ids:
        match_need(spec, need_ids[0])  # warm caches, as a running worker has them
    times = []
    for need_id in need_ids:
        t0 = time.perf_counter()
        match_need(spec, need_id)
        times.append((time.perf_counter() - t0) * 1000)
    return pct(times)


def save_to_visible(domain: str, need_ids: list[int], timeout_s: float = 30.0) -> dict:
    """Through a real worker (already running and warm, idle queue): save a need and queue its run
    in one transaction, then wait until its matches are stored; milliseconds from save to visible."""
    model = {"financing": FinancingRequest, "supply": SourcingNeed}[domain]
    times, lost = [], 0
    # the first one is not timed: a worker that just started is still loading its offer stores
    for n, need_id in enumerate(need_ids[:1] + need_ids):
        t0 = time.perf_counter()
        with transaction.atomic():
            model.objects.filter(pk=need_id).update(updated_at=timezone.now())
            run = run_create(domain=domain, scope=MatchRun.Scope.NEED, target_id=need_id)
        deadline = time.monotonic() + timeout_s
        while not MatchRun.objects.filter(pk=run.pk, status=MatchRun.Status.SUCCEEDED).exists():
            if time.monotonic() > deadline:
                lost += 1
                break
            time.sleep(0.002)
        else:
            if n:
                times.append((time.perf_counter() - t0) * 1000)
    return {**pct(times), "timeouts": lost}


class MemorySampler(threading.Thread):
    """Peak resident memory of each worker (its process tree), sampled every 0.5 s."""

    def __init__(self, workers: list) -> None:
        super().__init__(daemon=True)
        self.workers, self.peak, self.done = workers, 0.0, threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.5):
            self.peak = max([self.peak, *(procs.tree_rss_mb(w) for w in self.workers)])


def full_rematch(domain: str, workers: int, budget_s: float, log: Path, offers: int) -> dict:
    """A domain rematch fanned out to ``workers`` worker processes, from empty match tables.

    Stops at ``budget_s``: an unfinished run is cancelled and its wall time extrapolated from the
    chunks done (reported as such)."""
    reset_matches()
    purge_queues()
    started = procs.start_workers(workers, log)
    sampler = MemorySampler(started)
    sampler.start()
    try:
        t0 = time.perf_counter()
        with transaction.atomic():
            run = run_create(domain=domain, scope=MatchRun.Scope.DOMAIN)
        status, row = "queued", None
        while True:
            time.sleep(0.5)
            row = MatchRun.objects.values("status", "chunks_done", "chunks_total", "candidates", "scored", "kept",
                                          "retired").get(pk=run.pk)
            status = row["status"]
            if status in (MatchRun.Status.SUCCEEDED, MatchRun.Status.FAILED):
                break
            if time.perf_counter() - t0 > budget_s:
                MatchRun.objects.filter(pk=run.pk).update(status=MatchRun.Status.FAILED, error="bench budget",
                                                          finished_at=timezone.now())
                purge_queues()
                break
        wall = time.perf_counter() - t0
    finally:
        sampler.done.set()
        for w in started:
            procs.stop(w)
    needs = len(get_domain(domain).active_need_ids())
    finished = status == MatchRun.Status.SUCCEEDED
    # progress finer than chunks: needs whose matches this run has written (needs left with no
    # match are not counted, so the extrapolation errs on the slow side)
    done = needs if finished else max(row["chunks_done"] * CHUNK_SIZE,
                                      Match.objects.filter(run_id=run.pk).values("need_id").distinct().count())
    return {
        "workers": workers, "completed": finished, "status": status, "wall_s": round(wall, 1),
        "wall_s_extrapolated": round(wall if finished else wall * needs / max(done, 1), 1),
        "needs_done": done, "chunks_done": row["chunks_done"], "chunks_total": row["chunks_total"], "needs": needs,
        "pairs_considered": needs * offers, "pairs_scored": row["scored"], "rows_written": row["kept"] + row["retired"],
        "needs_per_s": round(done / wall, 1) if wall else 0.0, "worker_peak_mb": round(sampler.peak, 1),
    }


def text_query(need_ids: list[int]) -> dict:
    """The Chinese text candidate queries of supply alone: the GIN tsvector AND query of the
    2 rarest tokens (the offer → needs direction), and the engine's text candidates in the offer
    store: every capability's cosine from the query tokens' postings, cut at the threshold."""
    spec = get_domain("supply")
    text = capability_text_model()
    store = spec.context(None)
    sql_ms, index_ms, rows, index_rows = [], [], [], []
    for need_id in need_ids:
        need = spec.need(need_id)
        if need is None:
            continue
        words = text.selective(need["tokens"])
        if words:
            t0 = time.perf_counter()
            found = list(SupplyCapability.objects.annotate(sv=SearchVector("search_text", config="simple"))
                         .filter(sv=SearchQuery(" & ".join(words), search_type="raw", config="simple"))
                         .values_list("id", flat=True))
            sql_ms.append((time.perf_counter() - t0) * 1000)
            rows.append(len(found))
        t0 = time.perf_counter()
        cos = store.text.cosines(need["tokens"], store.postings, store.cols["norm"])
        index_rows.append(int((cos >= TEXT_CANDIDATE).sum()))
        index_ms.append((time.perf_counter() - t0) * 1000)
    return {"tsvector_and_query_ms": {**pct(sql_ms), "rows_mean": round(float(np.mean(rows)), 1) if rows else 0},
            "tfidf_index_ms": {**pct(index_ms), "rows_mean": round(float(np.mean(index_rows)), 1) if index_rows else 0}}


def sample(ids: list[int], n: int, seed: int) -> list[int]:
    return ids if len(ids) <= n else sorted(random.Random(seed).sample(ids, n))

