"""recall@10 of the engine's pruned top-10 against the exhaustive top-10, and the share of offers
the engine scores per need (measure 3 of issue 7)."""

from __future__ import annotations

import random
import time
from dataclasses import asdict, dataclass, field

import numpy as np

from matching.bench.exhaustive import reference_for, top_k
from matching.engine.ranking import rank_candidates
from matching.engine.registry import get_domain

TIE = 0.005  # scores are rounded to 2 places: an offer scoring the 10th score is a tie, not a miss


@dataclass
class RecallResult:
    domain: str
    needs: int = 0
    offers: int = 0
    recall_at_10: float = 1.0
    min_recall: float = 1.0
    offers_scored_share: float = 0.0
    max_scored_share: float = 0.0
    pruned_ms_per_need: float = 0.0
    exhaustive_ms_per_need: float = 0.0
    misses: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


def sample_need_ids(domain: str, n: int, seed: int) -> list[int]:
    """``n`` active needs chosen with a fixed seed (all of them when there are fewer)."""
    ids = get_domain(domain).active_need_ids()
    if len(ids) <= n:
        return ids
    return sorted(random.Random(seed).sample(ids, n))


def recall_at_k(exact: list[tuple[int, float]], pruned: list[tuple[int, float]]) -> float:
    """Share of the exhaustive top-k the pruned top-k found; an offer tied with the k-th score
    counts as found."""
    if not exact:
        return 1.0
    exact_ids, floor = {i for i, _ in exact}, exact[-1][1] - TIE
    hits = sum(1 for i, s in pruned if i in exact_ids or s >= floor)
    return min(hits, len(exact)) / len(exact)


def measure_recall(domain: str, need_ids: list[int], k: int = 10) -> RecallResult:
    """Pruned (``spec.frame`` on the offer store → ``score``, as in the engine, without the
    writes) against the exhaustive reference, need by need."""
    spec = get_domain(domain)
    ref = reference_for(spec)
    ctx = spec.context(None)
    out = RecallResult(domain=domain, offers=ref.size)
    recalls, shares, t_pruned, t_exact = [], [], 0.0, 0.0
    for need_id in need_ids:
        need = spec.need(need_id)
        if need is None:
            continue
        t0 = time.perf_counter()
        frame = spec.frame(need, ctx)
        order, ranked = rank_candidates(spec, need, frame, {})
        pruned = top_k(frame["id"][order], ranked.total[order], k)
        t1 = time.perf_counter()
        exact = ref.top(need, k)
        t_exact += time.perf_counter() - t1
        t_pruned += t1 - t0
        r = recall_at_k(exact, pruned)
        recalls.append(r)
        shares.append(len(frame["id"]) / max(ref.size, 1))
        if r < 1.0 and len(out.misses) < 20:
            out.misses.append({"need": need_id, "recall": r, "exact": exact, "pruned": pruned})
    n = len(recalls)
    out.needs = n
    if n:
        out.recall_at_10 = round(float(np.mean(recalls)), 4)
        out.min_recall = round(float(np.min(recalls)), 4)
        out.offers_scored_share = round(float(np.mean(shares)), 5)
        out.max_scored_share = round(float(np.max(shares)), 5)
        out.pruned_ms_per_need = round(t_pruned / n * 1000, 2)
        out.exhaustive_ms_per_need = round(t_exact / n * 1000, 2)
    return out
