"""What users feel, per ranked list (``../shared/RELEVANCE.md``): nDCG@10 with gains 2^grade − 1,
precision@3 (grade ≥ 2 relevant), irrelevant-above-relevant pairs, duplicate organizations,
coverage; unjudged candidates count as grade 0 and are listed so they can be judged next time.

Gains are counted per organization, as users read the list: a supplier is as relevant as its best
judged offer, and the same supplier shown again further down adds nothing (so a list cannot gain
by repeating one firm, and the ideal list holds each firm once). A duplicate is still counted.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

RELEVANT = 2


def dcg(grades: Sequence[int]) -> float:
    return sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(grades))


def org_grades(qrels: dict[str, int], org_of: dict[str, str]) -> dict[str, int]:
    """Each organization's grade for the need: its best judged offer's."""
    out: dict[str, int] = {}
    for candidate, grade in qrels.items():
        org = org_of[candidate]
        out[org] = max(out.get(org, 0), grade)
    return out


def gains(ranked: Sequence[str], qrels: dict[str, int], org_of: dict[str, str]) -> list[int]:
    """The grade each position adds: the candidate's, or 0 when its organization came earlier."""
    seen: set[str] = set()
    out = []
    for candidate in ranked:
        org = org_of[candidate]
        out.append(0 if org in seen else qrels.get(candidate, 0))
        seen.add(org)
    return out


def ndcg_at(ranked: Sequence[str], qrels: dict[str, int], org_of: dict[str, str], k: int = 10) -> float:
    """nDCG@k of a ranked list of candidate keys against the need's judged grades, per organization."""
    ideal = dcg(sorted(org_grades(qrels, org_of).values(), reverse=True)[:k])
    if ideal == 0:
        return 1.0 if not ranked else 0.0
    return dcg(gains(ranked[:k], qrels, org_of)) / ideal


def precision_at(ranked: Sequence[str], qrels: dict[str, int], org_of: dict[str, str], k: int = 3) -> float:
    """Share of the first k positions holding a relevant supplier (grade ≥ 2, each firm once); out of
    k, or out of the relevant firms the need has when it has fewer than k."""
    relevant_total = sum(1 for g in org_grades(qrels, org_of).values() if g >= RELEVANT)
    denominator = min(k, relevant_total) if relevant_total else k
    hits = sum(1 for g in gains(ranked[:k], qrels, org_of) if g >= RELEVANT)
    return min(hits, denominator) / denominator if denominator else 0.0


def irrelevant_above_relevant(ranked: Sequence[str], qrels: dict[str, int], k: int = 10) -> int:
    """Pairs (a, b) in the top k where a grade-0 candidate ranks above a grade ≥ 2 one."""
    count, zeros = 0, 0
    for c in ranked[:k]:
        g = qrels.get(c)
        if g == 0:
            zeros += 1
        elif g is not None and g >= RELEVANT:
            count += zeros
    return count


@dataclass
class Summary:
    """Figures over the needs of one split."""

    needs: int = 0
    ndcg: list[float] = field(default_factory=list)
    precision: list[float] = field(default_factory=list)
    inversions: int = 0
    duplicates: int = 0
    uncovered: int = 0
    top3_relevant: int = 0
    unjudged: list[tuple[str, str]] = field(default_factory=list)

    def add(self, need: str, ranked: Sequence[str], org_of: dict[str, str], qrels: dict[str, int],
            k: int = 10) -> None:
        top = list(ranked[:k])
        owners = [org_of[c] for c in top]
        self.needs += 1
        self.ndcg.append(ndcg_at(top, qrels, org_of, k))
        self.precision.append(precision_at(top, qrels, org_of))
        self.inversions += irrelevant_above_relevant(top, qrels, k)
        self.duplicates += len(owners) - len(set(owners))
        if not any(qrels.get(c, 0) >= RELEVANT for c in top):
            self.uncovered += 1
        if len(top) >= 3 and len(set(owners[:3])) == 3 and all(qrels.get(c, 0) >= RELEVANT for c in top[:3]):
            self.top3_relevant += 1
        self.unjudged += [(need, c) for c in top if c not in qrels]

    def figures(self) -> dict[str, float | int]:
        n = max(self.needs, 1)
        return {
            "needs": self.needs,
            "ndcg_at_10": round(sum(self.ndcg) / n, 4),
            "precision_at_3": round(sum(self.precision) / n, 4),
            "irrelevant_above_relevant": self.inversions,
            "duplicates_per_need": round(self.duplicates / n, 4),
            "coverage": round(1 - self.uncovered / n, 4),
            "needs_without_relevant_in_top10": self.uncovered,
            "needs_top3_all_relevant": self.top3_relevant,
            "unjudged_in_top10": len(self.unjudged),
        }
