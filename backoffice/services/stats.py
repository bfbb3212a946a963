"""Platform statistics: computed by a Celery job into ``StatsSnapshot`` rows, read by pages and the API.

Every section is a plain JSON document (money as decimal strings in yuan with two places, as
the API does); ``stats_compute`` upserts one row per section key with the time it was computed.
The read side (snapshots, charts, the home page's public figures) is
:mod:`backoffice.selectors_stats`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils import timezone

from backoffice.models import StatsSnapshot
from enterprises.models import Organization
from enterprises.selectors import public_counts
from matching.financing.selectors import (
    bank_track_records,
    financing_breakdown,
    financing_totals,
    median_response_hours,
)
from matching.models import Domain, FinancingRequest, Match, MatchStatus, MatchTransition

YI = Decimal(100_000_000)
S = MatchStatus

#: The funnel's steps, in order (labels live with the charts in ``backoffice.selectors_stats``).
FUNNEL_STEPS = ("posted", "matched", "interested", "contacted", "funded")
#: Snapshot keys written by :func:`stats_compute`.
KEYS = ("financing.totals", "financing.by_chain", "financing.by_city", "financing.by_month", "financing.funnel",
        "financing.banks", "domains", "public")
#: Arbitrary constant for ``pg_advisory_xact_lock``: one statistics computation at a time.
_LOCK_ID = 7_310_042


def _money(value: Decimal | None) -> str:
    return f"{(value or Decimal(0)):.2f}"


def _yi(value: Decimal | None) -> str:
    return f"{((value or Decimal(0)) / YI).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP)}"


def _reached_interested() -> Q:
    """A match reached *interested* if the need side ever said so (the clock started) or it sits at
    interested or beyond now."""
    return Q(interested_at__isnull=False) | Q(status__in=[S.INTERESTED, S.CONTACTED, S.SUCCEEDED])


def _reached_contacted() -> Q:
    """A match reached *contacted* if it is contacted or succeeded now, or its history shows the
    move to contacted (a contacted match may later be declined or expire)."""
    history = MatchTransition.objects.filter(match_id=OuterRef("pk"), to_status=S.CONTACTED)
    return Q(status__in=[S.CONTACTED, S.SUCCEEDED]) | Q(Exists(history))


# ---- sections ----------------------------------------------------------------------------------

def financing_totals_section() -> dict[str, Any]:
    """Requests (not withdrawn), amount requested, matched, funded, granted — counts, yuan and 亿元 —
    plus active matches (all domains) and the platform's median bank response time (hours)."""
    t = financing_totals()
    return {
        "requests": t["requests"], "requested_amount": _money(t["requested_amount"]),
        "requested_yi": _yi(t["requested_amount"]), "matched_requests": t["matched_requests"],
        "funded_requests": t["funded_requests"], "granted_amount": _money(t["granted_amount"]),
        "granted_yi": _yi(t["granted_amount"]), "matches": t["matches"],
        "median_response_hours": median_response_hours(),
    }


def financing_breakdown_section(by: str) -> dict[str, Any]:
    """``matching.financing.selectors.financing_breakdown(by=...)`` with money as decimal strings."""
    rows = [{**row, "requested": _money(row["requested"]), "granted": _money(row["granted"])}
            for row in financing_breakdown(by=by)]
    return {"rows": rows}


def financing_funnel_section() -> dict[str, Any]:
    """The conversion funnel over loan requests that were not withdrawn (the same base as the totals).

    A request counts at a step if **any** of its financing matches reached it:

    - ``posted``: every such request;
    - ``matched``: it has at least one match (also one the engine later retired);
    - ``interested``: a match where the enterprise showed interest (``interested_at`` set, or the
      status is interested, contacted or succeeded);
    - ``contacted``: a match the bank answered by contacting the firm (status contacted or
      succeeded, or a recorded move to contacted that was later declined or expired);
    - ``funded``: a match that succeeded — the bank recorded a grant (the status machine allows
      that only after contacted, so the steps never grow).

    One query; each step is a subset of the one before.
    """
    matches = Match.objects.filter(domain=Domain.FINANCING, need_id=OuterRef("pk"))
    reqs = FinancingRequest.objects.exclude(status=FinancingRequest.Status.WITHDRAWN).annotate(
        s_matched=Exists(matches),
        s_interested=Exists(matches.filter(_reached_interested())),
        s_contacted=Exists(matches.filter(_reached_contacted())),
        s_funded=Exists(matches.filter(status=S.SUCCEEDED)),
    )
    agg = reqs.aggregate(posted=Count("id"), **{step: Count("id", filter=Q(**{f"s_{step}": True}))
                                                 for step in FUNNEL_STEPS[1:]})
    return {"rows": [{"step": step, "requests": agg[step]} for step in FUNNEL_STEPS]}


def financing_banks_section() -> dict[str, Any]:
    """A scorecard per bank with financing matches, best granted first.

    - ``matches``: every match the engine made for the bank's products (retired ones included);
    - ``interested``: of those, matches that reached interested (the answer clock started);
    - ``answered``: the bank answered (contacted or declined: ``responded_at`` set);
    - ``on_time``: answered no later than ``due_at``; ``on_time_share`` is
      ``matching.financing.selectors.bank_track_records``' share (on time ÷ matches with a clock), the figure
      the matching engine ranks banks by;
    - ``breaches``: SLA breaches — escalated to the lead bank, or answered after ``due_at``;
    - ``median_response_hours``: ``matching.financing.selectors.median_response_hours(bank_id=...)``;
    - ``loans`` / ``granted_amount``: succeeded matches and the amounts granted on their requests.

    Queries: three, plus one per bank for the median.
    """
    per_bank = list(
        Match.objects.filter(domain=Domain.FINANCING, offer_org__isnull=False)
        .values("offer_org_id")
        .annotate(
            matches=Count("id"),
            interested=Count("id", filter=_reached_interested()),
            answered=Count("id", filter=Q(responded_at__isnull=False)),
            on_time=Count("id", filter=Q(responded_at__lte=F("due_at"))),
            breaches=Count("id", filter=Q(escalated_at__isnull=False) | Q(responded_at__gt=F("due_at"))),
        )
    )
    bank_ids = {row["offer_org_id"] for row in per_bank}
    names = dict(Organization.objects.filter(pk__in=bank_ids).values_list("id", "name"))
    succeeded = list(Match.objects.filter(domain=Domain.FINANCING, status=S.SUCCEEDED, offer_org_id__in=bank_ids)
                     .values_list("offer_org_id", "need_id"))
    amounts = dict(FinancingRequest.objects.filter(pk__in={need for _bank, need in succeeded})
                   .values_list("id", "granted_amount"))
    track = bank_track_records(bank_ids=bank_ids)
    rows = []
    for row in per_bank:
        bank_id = row["offer_org_id"]
        loans = [need for bank, need in succeeded if bank == bank_id]
        granted = sum((amounts.get(need) or Decimal(0) for need in loans), Decimal(0))
        rows.append({
            "bank_id": bank_id, "bank": names.get(bank_id, ""), "matches": row["matches"],
            "interested": row["interested"], "answered": row["answered"], "on_time": row["on_time"],
            "on_time_share": round(track[bank_id][1], 4) if bank_id in track else None,
            "breaches": row["breaches"], "median_response_hours": median_response_hours(bank_id=bank_id),
            "loans": len(loans), "granted_amount": _money(granted),
        })
    rows.sort(key=lambda r: (-Decimal(r["granted_amount"]), -r["matches"], r["bank"]))
    return {"rows": rows}


def domains_section() -> dict[str, Any]:
    """Needs posted, matched and succeeded in every matching domain, straight from ``Match``, so
    domains that land later (supply chain, talent, services, policies) fill in by themselves.

    - ``posted``: distinct needs the engine has matched at least once (a need with no match is
      not visible generically);
    - ``matched``: matches made (retired ones included); ``succeeded``: matches that succeeded;
    - ``by_status``: matches per status. Two queries.
    """
    totals = {row["domain"]: row for row in Match.objects.values("domain").annotate(
        posted=Count("need_id", distinct=True), matched=Count("id"),
        succeeded=Count("id", filter=Q(status=S.SUCCEEDED)))}
    by_status: dict[str, dict[str, int]] = {}
    for domain, status, n in Match.objects.values_list("domain", "status").annotate(n=Count("id")).order_by():
        by_status.setdefault(domain, {})[status] = n
    rows = []
    for domain in Domain.values:
        row = totals.get(domain, {})
        rows.append({"domain": domain, "posted": row.get("posted", 0), "matched": row.get("matched", 0),
                     "succeeded": row.get("succeeded", 0),
                     "by_status": {s: by_status.get(domain, {}).get(s, 0) for s in S.values}})
    return {"rows": rows}


def public_section(totals: dict[str, Any] | None = None) -> dict[str, Any]:
    """The home page's figures: firms served (verified enterprises), loans granted (count and
    amount) and matches made (active matches, all domains). ``totals``: a computed totals section."""
    totals = totals or financing_totals_section()
    return {"enterprises": public_counts()["enterprises"], "loans_granted": totals["funded_requests"],
            "granted_amount": totals["granted_amount"], "granted_yi": totals["granted_yi"],
            "matches": totals["matches"]}


SECTIONS: dict[str, Callable[[], dict[str, Any]]] = {
    "financing.totals": financing_totals_section,
    "financing.by_chain": lambda: financing_breakdown_section("chain"),
    "financing.by_city": lambda: financing_breakdown_section("city"),
    "financing.by_month": lambda: financing_breakdown_section("month"),
    "financing.funnel": financing_funnel_section,
    "financing.banks": financing_banks_section,
    "domains": domains_section,
    "public": public_section,
}


def section_compute(*, key: str) -> dict[str, Any]:
    """Compute one section now without storing it (read-only). Raises KeyError for an unknown key."""
    return SECTIONS[key]()


# ---- the service ---------------------------------------------------------------------------------

def stats_compute() -> datetime:
    """Compute every statistics section and upsert one ``StatsSnapshot`` row per key.

    Preconditions: none (an empty platform gives zeros and empty rows).
    Side effects: one transaction that takes a PostgreSQL advisory lock (so two runs queue up
    instead of interleaving; the later one starts reading after the earlier has written, so an
    older computation never overwrites a newer one), reads the platform's data and writes the
    rows of :data:`KEYS` (``data`` and ``computed_at``) in one upsert. All sections carry the
    same ``computed_at``, the moment the computation started. Returns it.
    Safe to run twice; read-only apart from ``StatsSnapshot``.
    """
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_ID])
        computed_at = timezone.now()
        data = {key: SECTIONS[key]() for key in KEYS if key != "public"}
        data["public"] = public_section(data["financing.totals"])
        StatsSnapshot.objects.bulk_create(
            [StatsSnapshot(key=key, data=data[key], computed_at=computed_at) for key in KEYS],
            update_conflicts=True, unique_fields=["key"], update_fields=["data", "computed_at"],
        )
    return computed_at
