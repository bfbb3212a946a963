"""The engine: needs → candidates → score in bulk → top-k → persist idempotently → after-match hooks.

Domain-agnostic: everything domain-specific comes from a ``DomainSpec``. A batch of needs (one,
or a rematch chunk of 500) is matched in one transaction holding per-need advisory locks, with
one upsert statement and one retire statement for the whole batch, so concurrent runs for the
same need serialize and a rerun gives the same rows. Ties are broken by offer id: the same data
always gives the same matches in the same order.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass

import numpy as np
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from matching.engine.models import Match, MatchStatus
from matching.engine.ranking import Ranked, rank_candidates
from matching.engine.registry import DomainSpec

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


def _lock(domain: str, need_ids: list[int]) -> None:
    """Transaction-scoped advisory locks on the needs, taken in id order (no deadlocks)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, n::int) FROM (SELECT n FROM unnest(%s::bigint[]) n "
                       "ORDER BY n) s", [zlib.crc32(domain.encode()) & 0x7FFFFFFF,
                                        [i % 2_147_483_647 for i in need_ids]])


_UPSERT = """
INSERT INTO matching_match (domain, need_id, offer_id, need_org_id, offer_org_id, need_user_id, offer_user_id,
    score, breakdown, explanation, rank, engine_version, run_id, lead_bank, status, outcome, decline_reason,
    decline_note, retired_reason, created_at, updated_at)
SELECT %(domain)s, u.need_id, u.offer_id, u.need_org, u.offer_org, u.need_user, u.offer_user, u.score,
    u.breakdown, u.explanation, u.rank, %(version)s, %(run_id)s, u.lead_bank, 'suggested', '{}'::jsonb,
    '', '', '', %(now)s, %(now)s
FROM json_to_recordset(%(rows)s::json) AS u(need_id bigint, offer_id bigint, need_org bigint, offer_org bigint,
    need_user bigint, offer_user bigint, score numeric, breakdown jsonb, explanation jsonb, rank int, lead_bank bool)
-- an unchanged match is left as it is (no new row version, no index writes): a nightly rematch
-- writes only what moved; run_id then names the run that last changed the match
ON CONFLICT (domain, need_id, offer_id) DO UPDATE SET
    score = EXCLUDED.score, breakdown = EXCLUDED.breakdown, explanation = EXCLUDED.explanation,
    rank = EXCLUDED.rank, engine_version = EXCLUDED.engine_version, run_id = EXCLUDED.run_id,
    lead_bank = EXCLUDED.lead_bank, need_org_id = EXCLUDED.need_org_id, offer_org_id = EXCLUDED.offer_org_id,
    need_user_id = EXCLUDED.need_user_id, offer_user_id = EXCLUDED.offer_user_id,
    retired_at = NULL, retired_reason = '', updated_at = EXCLUDED.updated_at
WHERE (matching_match.score, matching_match.rank, matching_match.breakdown, matching_match.explanation,
       matching_match.lead_bank, matching_match.engine_version, matching_match.retired_at IS NULL)
      IS DISTINCT FROM (EXCLUDED.score, EXCLUDED.rank, EXCLUDED.breakdown, EXCLUDED.explanation,
                        EXCLUDED.lead_bank, EXCLUDED.engine_version, TRUE)
RETURNING need_id, offer_id, (xmax = 0) AS inserted
"""

# driven by the needs: one index probe per need (a LATERAL on (domain, need_id)), whatever the
# table's statistics say — a rematch from empty tables outruns autovacuum, and a plan made for a
# small table would scan the domain's matches; NOT IN over a subquery: a hashed anti-join
_RETIRE = """
UPDATE matching_match m SET retired_at = %(now)s, updated_at = %(now)s,
    retired_reason = CASE WHEN m.need_id = ANY(%(closed)s::bigint[]) THEN %(closed_reason)s ELSE %(reason)s END
FROM (SELECT x.id FROM unnest(%(needs)s::bigint[]) AS n(need_id)
      CROSS JOIN LATERAL (SELECT id, offer_id FROM matching_match
                          WHERE domain = %(domain)s AND need_id = n.need_id AND retired_at IS NULL
                            AND status = ANY(%(retirable)s) OFFSET 0) x
      WHERE (n.need_id, x.offer_id) NOT IN (SELECT k.need_id, k.offer_id
                                            FROM unnest(%(keep_need)s::bigint[], %(keep_offer)s::bigint[])
                                                 AS k(need_id, offer_id))) t
WHERE m.id = t.id
"""
CLOSED_REASON = "需求已关闭或暂不可匹配"
RANKED_OUT_REASON = "不再满足条件或排名未进入前列"
SPARE = 5  # offers kept beyond k in case the live check drops some


def retire_many(domain: str, need_ids: list[int], keep: list[tuple[int, int]], closed: list[int]) -> int:
    """Retire the needs' open matches whose (need, offer) is not in ``keep`` — all of them for
    the ``closed`` needs; matches already being worked on (interested and beyond) are left
    alone. One statement. Returns how many were retired."""
    with connection.cursor() as cursor:
        cursor.execute(_RETIRE, {"now": timezone.now(), "closed": closed, "closed_reason": CLOSED_REASON,
                                 "reason": RANKED_OUT_REASON, "domain": domain, "needs": need_ids,
                                 "retirable": list(map(str, RETIRABLE)), "keep_need": [n for n, _o in keep],
                                 "keep_offer": [o for _n, o in keep]})
        return cursor.rowcount


def _engaged(domain: str, need_ids: list[int]) -> dict[int, dict[int, int]]:
    """Per need, ``{offer id: organization id}`` of its open matches that a party has acted on
    (interested and beyond, or declined): that offer keeps representing its organization, which
    gets no second match for the need (one query)."""
    out: dict[int, dict[int, int]] = {}
    for need_id, offer_id, org_id in (Match.objects.filter(domain=domain, need_id__in=need_ids, retired_at=None)
                                      .exclude(status__in=RETIRABLE).values_list("need_id", "offer_id",
                                                                                 "offer_org_id")):
        out.setdefault(need_id, {})[offer_id] = org_id
    return out


def match_need(spec: DomainSpec, need_id: int, *, run_id: int | None = None, top_k: int | None = None) -> Counts:
    """Recompute one need's matches and store them (``match_needs`` of one need)."""
    return match_needs(spec, [need_id], run_id=run_id, top_k=top_k)


def match_needs(spec: DomainSpec, need_ids: list[int], *, run_id: int | None = None, snapshot: bool = False,
                top_k: int | None = None) -> Counts:
    """Recompute the needs' matches and store them, in one transaction. Idempotent; safe to run
    concurrently (the needs are locked in id order).

    Reads: the needs (``spec.needs_bulk``), the domain's candidates and columns (``spec.frame``,
    from the offer store when the domain has one — the run's snapshot when ``snapshot``), one
    live check of the offers about to be written. Writes: one upsert for every kept match, one
    statement retiring the rest (all of a need that is no longer matchable: closed, withdrawn,
    its organization unverified). Side effects (status, notifications) come from
    ``spec.after_match_many`` inside the same transaction; emails are queued after commit.
    """
    k = top_k or settings.QILIAN_MATCH_TOP_K
    ids = sorted(set(need_ids))
    counts = Counts()
    with transaction.atomic():
        _lock(spec.name, ids)
        needs = spec.needs_bulk(ids)
        ctx = spec.context(run_id if snapshot else None) if needs else None
        engaged = _engaged(spec.name, list(needs)) if needs and spec.owner_column else {}
        picked = []
        for need_id in ids:
            if need_id not in needs:
                continue
            need = needs[need_id]
            frame = spec.frame(need, ctx)
            size = len(frame["id"])
            order, ranked = rank_candidates(spec, need, frame, engaged.get(need_id, {}))
            picked.append((need, frame, ranked, order[:k + SPARE]))
            counts.candidates += size
            counts.scored += size
        live = spec.live_offer_ids(sorted({int(f["id"][i]) for _n, f, _r, order in picked for i in order}))
        rows: list[dict] = []
        kept: dict[int, int] = {}
        for need, frame, ranked, order in picked:
            if live is not None:
                order = np.array([i for i in order if int(frame["id"][i]) in live], dtype=int)
            order = order[:k]
            kept[need["id"]] = len(order)
            _rows(spec, need, frame, ranked, order, rows)
        new: dict[int, list[int]] = {}
        if rows:
            with connection.cursor() as cursor:
                cursor.execute(_UPSERT, {"rows": json.dumps(rows, ensure_ascii=False), "domain": spec.name,
                                         "version": spec.version, "run_id": run_id, "now": timezone.now()})
                for need_id, offer_id, inserted in cursor.fetchall():
                    if inserted:
                        new.setdefault(need_id, []).append(offer_id)
        counts.kept = len(rows)
        counts.retired = retire_many(spec.name, ids, [(r["need_id"], r["offer_id"]) for r in rows],
                                     [i for i in ids if i not in needs])
        spec.after_match_many([(need, sorted(new.get(need["id"], [])), kept[need["id"]])
                               for need, *_rest in picked])
    return counts


def _rows(spec: DomainSpec, need: dict, frame, ranked: Ranked, order: np.ndarray, rows: list[dict]) -> None:
    """Append the kept matches of one need to the upsert's rows: the breakdown holds the fit (0–100)
    and its band when the domain has one, each preference's points, and the organization's other
    fitting offers (``also``); the explanation says the fit first, then the preferences."""
    parties = spec.offer_parties(need, frame, order)
    for rank, (i, party) in enumerate(zip(order, parties, strict=True), start=1):
        breakdown: dict = {}
        explanation = []
        if ranked.fit is not None:
            breakdown.update(fit=round(float(ranked.fit[i]) * 100, 2), fit_band=int(ranked.band[i]))
            explanation.append(spec.explain_fit(need, frame, int(i), float(ranked.fit[i])))
        for c in spec.criteria:
            breakdown[c.name] = float(ranked.points[c.name][i])
            explanation.append(c.explain(need, frame, int(i), breakdown[c.name] / c.weight))
        breakdown.update(spec.extras(need, frame, int(i)))
        if ranked.others.get(int(i)):
            breakdown["also"] = [int(frame["id"][j]) for j in ranked.others[int(i)]]
        rows.append({"need_id": need["id"], "offer_id": int(frame["id"][i]), "need_org": party.need_org,
                     "offer_org": party.offer_org, "need_user": party.need_user, "offer_user": party.offer_user,
                     "score": round(float(ranked.total[i]), 2), "breakdown": breakdown, "explanation": explanation,
                     "rank": rank, "lead_bank": bool(spec.flags(need, frame, int(i)).get("lead_bank", False))})
