"""Read-side queries of the back-office (operators see every tenant)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from auditlog.models import LogEntry
from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet

from config.celery import app
from enterprises.models import ChainBank, IndustrialChain, Organization
from matching.financing.selectors import financing_breakdown, median_response_hours
from matching.models import DataAccessLog, FinancingRequest, MatchRun


def chains_overview() -> list[dict[str, Any]]:
    """Each chain with its lead and participating banks, open requests, granted amount and the
    lead bank's median response time. A constant number of queries."""
    chains = list(IndustrialChain.objects.select_related("lead_bank").prefetch_related(
        Prefetch("bank_roles", queryset=ChainBank.objects.filter(end_date=None).select_related("bank"),
                 to_attr="current_roles")).order_by("order", "id"))
    by_chain = {row["label"]: row for row in financing_breakdown(by="chain")}
    open_counts = dict(FinancingRequest.objects.filter(status__in=["open", "matched", "in_progress"]).values(
        "enterprise__enterprise_profile__chain_segments__chain").annotate(n=Count("id", distinct=True)).values_list(
        "enterprise__enterprise_profile__chain_segments__chain", "n"))
    leads = {c.lead_bank_id for c in chains if c.lead_bank_id}
    response = {bank_id: median_response_hours(bank_id=bank_id) for bank_id in leads}
    rows = []
    for chain in chains:
        stats = by_chain.get(chain.name, {})
        rows.append({
            "chain": chain,
            "participating": [r.bank for r in chain.current_roles if r.role == ChainBank.Role.PARTICIPATING],
            "lead_since": next((r.start_date for r in chain.current_roles if r.role == ChainBank.Role.LEAD), None),
            "open_requests": open_counts.get(chain.pk, 0),
            "requests": stats.get("requests", 0),
            "granted": stats.get("granted", Decimal(0)),
            "lead_response_hours": response.get(chain.lead_bank_id),
        })
    return rows


def chain_history(chain_id: int) -> QuerySet[ChainBank]:
    return ChainBank.objects.filter(chain_id=chain_id).select_related("bank", "assigned_by").order_by(
        "-start_date", "-id")


def verified_banks() -> QuerySet[Organization]:
    return Organization.objects.filter(kind=Organization.Kind.BANK, verification="verified").order_by("name")


def match_runs(*, domain: str = "", status: str = "") -> QuerySet[MatchRun]:
    qs = MatchRun.objects.all()
    if domain:
        qs = qs.filter(domain=domain)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-id")


def run_counts() -> dict[str, int]:
    return dict(MatchRun.objects.values_list("status").annotate(n=Count("id")))


def worker_health() -> dict[str, Any]:
    """Is a worker alive (Celery's own ping) and how long are the queues (Redis list lengths)."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return {"mode": "eager", "workers": [], "queues": {}}
    try:
        replies = app.control.inspect(timeout=1.0).ping() or {}
    except Exception as exc:  # broker unreachable: say so on the page
        return {"mode": "broker_down", "workers": [], "queues": {}, "error": str(exc)}
    queues: dict[str, int] = {}
    try:
        with app.connection_for_read() as conn:
            client = conn.default_channel.client
            for name in ("default", "matching"):
                queues[name] = int(client.llen(name))
    except Exception:  # queue lengths are a nicety; the worker list is what matters
        queues = {}
    return {"mode": "workers", "workers": sorted(replies), "queues": queues}


def audit_entries(*, actor: str = "", model: str = "", search: str = "") -> QuerySet[LogEntry]:
    """Changes recorded by django-auditlog, newest first; filter by operator (username), model and text."""
    qs = LogEntry.objects.select_related("actor", "content_type")
    if actor:
        qs = qs.filter(actor__username__icontains=actor)
    if model:
        qs = qs.filter(content_type__model=model)
    if search:
        qs = qs.filter(Q(object_repr__icontains=search) | Q(object_pk=search))
    return qs.order_by("-timestamp", "-id")


def data_access(*, viewer: str = "", subject: str = "") -> QuerySet[DataAccessLog]:
    """Who viewed identifying enterprise data, newest first."""
    qs = DataAccessLog.objects.select_related("viewer", "viewer_org", "subject_org")
    if viewer:
        qs = qs.filter(Q(viewer__username__icontains=viewer) | Q(viewer_org__name__icontains=viewer))
    if subject:
        qs = qs.filter(Q(subject_org__name__icontains=subject) | Q(subject_org__uscc__icontains=subject))
    return qs.order_by("-at", "-id")


def overview() -> dict[str, Any]:
    return {
        "pending_verifications": Organization.objects.filter(verification="pending").count(),
        "runs": run_counts(),
        "chains_without_lead": IndustrialChain.objects.filter(lead_bank__isnull=True).count(),
    }
