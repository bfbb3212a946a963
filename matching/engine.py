"""The engine: candidates → score in bulk → top-k → persist idempotently → after-match hooks.

Domain-agnostic: everything domain-specific comes from a ``DomainSpec``. One need's matches are
replaced in one transaction holding a per-need advisory lock, with one upsert statement and one
retire statement, so concurrent runs for the same need serialize and a rerun gives the same rows.
Ties are broken by offer id: the same data always gives the same matches in the same order.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass

import numpy as np
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from matching.domains.base import DomainSpec
from matching.models import MatchStatus

RETIRABLE = (MatchStatus.SUGGESTED, MatchStatus.VIEWED)


@dataclass
class Counts:
    candidates: int = 0
    scored: int = 0
    kept: int = 0
    retired: int = 0

    def __iadd__(self, other: Counts) -> Counts:
        self.candidates += other.candidates
        self.scored += other.scored
        self.kept += other.kept
        self.retired += other.retired
        return self


def _lock(domain: str, need_id: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)",
                       [zlib.crc32(domain.encode()) & 0x7FFFFFFF, need_id % 2_147_483_647])


_UPSERT = """
INSERT INTO matching_match (domain, need_id, offer_id, need_org_id, offer_org_id, need_user_id, offer_user_id,
    score, breakdown, explanation, rank, engine_version, run_id, lead_bank, status, outcome, decline_reason,
    decline_note, retired_reason, created_at, updated_at)
SELECT %(domain)s, %(need_id)s, u.offer_id, u.need_org, u.offer_org, u.need_user, u.offer_user, u.score::numeric,
    u.breakdown::jsonb, u.explanation::jsonb, u.rank, %(version)s, %(run_id)s, u.lead_bank, 'suggested', '{}'::jsonb,
    '', '', '', %(now)s, %(now)s
FROM unnest(%(offer_id)s::bigint[], %(need_org)s::bigint[], %(offer_org)s::bigint[], %(need_user)s::bigint[],
            %(offer_user)s::bigint[], %(score)s::text[], %(breakdown)s::text[], %(explanation)s::text[],
            %(rank)s::int[], %(lead_bank)s::bool[])
     AS u(offer_id, need_org, offer_org, need_user, offer_user, score, breakdown, explanation, rank, lead_bank)
ON CONFLICT (domain, need_id, offer_id) DO UPDATE SET
    score = EXCLUDED.score, breakdown = EXCLUDED.breakdown, explanation = EXCLUDED.explanation,
    rank = EXCLUDED.rank, engine_version = EXCLUDED.engine_version, run_id = EXCLUDED.run_id,
    lead_bank = EXCLUDED.lead_bank, need_org_id = EXCLUDED.need_org_id, offer_org_id = EXCLUDED.offer_org_id,
    need_user_id = EXCLUDED.need_user_id, offer_user_id = EXCLUDED.offer_user_id,
    retired_at = NULL, retired_reason = '', updated_at = EXCLUDED.updated_at
RETURNING offer_id, (xmax = 0) AS inserted
"""

_RETIRE = """
UPDATE matching_match SET retired_at = %(now)s, retired_reason = %(reason)s, updated_at = %(now)s
WHERE domain = %(domain)s AND need_id = %(need_id)s AND retired_at IS NULL
  AND status = ANY(%(retirable)s) AND NOT (offer_id = ANY(%(keep)s::bigint[]))
"""


def retire(domain: str, need_id: int, keep: list[int], reason: str) -> int:
    """Retire the need's open matches whose offer is not in ``keep``; matches already being
    worked on (interested and beyond) are left alone. Returns how many were retired."""
    with connection.cursor() as cursor:
        cursor.execute(_RETIRE, {"now": timezone.now(), "reason": reason, "domain": domain, "need_id": need_id,
                                 "retirable": list(map(str, RETIRABLE)), "keep": keep})
        return cursor.rowcount


def match_need(spec: DomainSpec, need_id: int, *, run_id: int | None = None, top_k: int | None = None) -> Counts:
    """Recompute one need's matches and store them. Idempotent; safe to run concurrently.

    A need that is no longer matchable (closed, withdrawn, its organization unverified) has its
    open matches retired. Side effects (status, notifications) come from ``spec.after_match``
    inside the same transaction; emails are queued after commit.
    """
    k = top_k or settings.QILIAN_MATCH_TOP_K
    with transaction.atomic():
        _lock(spec.name, need_id)
        need = spec.need(need_id)
        if need is None:
            return Counts(retired=retire(spec.name, need_id, [], "需求已关闭或暂不可匹配"))
        frame = spec.load_frame(spec.candidate_offers(need), need)
        size = len(frame["id"])
        total, points = spec.score(need, frame, size)
        order = np.lexsort((frame["id"], -total))[:k] if size else np.array([], dtype=int)
        rows = _rows(spec, need, frame, total, points, order)
        new_ids: list[int] = []
        if rows["offer_id"]:
            with connection.cursor() as cursor:
                cursor.execute(_UPSERT, {**rows, "domain": spec.name, "need_id": need_id, "version": spec.version,
                                         "run_id": run_id, "now": timezone.now()})
                new_ids = sorted(offer_id for offer_id, inserted in cursor.fetchall() if inserted)
        retired = retire(spec.name, need_id, rows["offer_id"], "不再满足条件或排名未进入前列")
        spec.after_match(need, new_ids, len(order))
    return Counts(candidates=size, scored=size, kept=len(order), retired=retired)


def _rows(spec: DomainSpec, need: dict, frame, total: np.ndarray, points: dict, order: np.ndarray) -> dict:
    parties = spec.offer_parties(need, frame, order)
    rows: dict[str, list] = {key: [] for key in ("offer_id", "need_org", "offer_org", "need_user", "offer_user",
                                                 "score", "breakdown", "explanation", "rank", "lead_bank")}
    for rank, (i, party) in enumerate(zip(order, parties, strict=True), start=1):
        breakdown = {c.name: float(points[c.name][i]) for c in spec.criteria}
        explanation = [c.explain(need, frame, int(i), breakdown[c.name] / c.weight) for c in spec.criteria]
        breakdown.update(spec.extras(need, frame, int(i)))
        rows["offer_id"].append(int(frame["id"][i]))
        rows["need_org"].append(party.need_org)
        rows["offer_org"].append(party.offer_org)
        rows["need_user"].append(party.need_user)
        rows["offer_user"].append(party.offer_user)
        rows["score"].append(f"{total[i]:.2f}")
        rows["breakdown"].append(json.dumps(breakdown, ensure_ascii=False))
        rows["explanation"].append(json.dumps(explanation, ensure_ascii=False))
        rows["rank"].append(rank)
        rows["lead_bank"].append(bool(spec.flags(need, frame, int(i)).get("lead_bank", False)))
    return rows
