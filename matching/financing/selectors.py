"""Read-side queries of 找资金; each that returns tenant data takes the viewer."""

from __future__ import annotations

from decimal import Decimal
from statistics import median
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, When
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from enterprises.models import ChainSegment, EnterpriseProfile, IndustrialChain, Organization, User
from enterprises.permissions import is_operator, membership_of
from matching.engine.models import Match, MatchStatus
from matching.engine.registry import get_domain
from matching.engine.selectors import not_found, viewer_org_id
from matching.financing.eligibility import rule_failures
from matching.financing.models import Consent, DataAccessLog, FinancingProduct, FinancingRequest


def bank_track_records(*, bank_ids: set[int]) -> dict[int, tuple[int, float, float]]:
    """Per bank: (interested matches, share answered on time, score 0–1). One query."""
    if not bank_ids:
        return {}
    rows = (Match.objects.filter(domain="financing", offer_org_id__in=bank_ids, due_at__isnull=False)
            .values("offer_org_id")
            .annotate(n=Count("id"), on_time=Count("id", filter=Q(responded_at__lte=F("due_at")))))
    out: dict[int, tuple[int, float, float]] = {}
    for row in rows:
        n, share = row["n"], (row["on_time"] / row["n"] if row["n"] else 0.0)
        out[row["offer_org_id"]] = (n, share, share if n >= 3 else 0.5)
    return out


def products_by_id(ids: set[int]) -> dict[int, FinancingProduct]:
    return {p.pk: p for p in FinancingProduct.objects.filter(pk__in=ids).select_related("bank")}


def product_names(ids: set[int]) -> list[tuple[int, str, str]]:
    """``(id, product name, bank name)`` of these products — without their region, chain and
    industry lists, which a list of matches does not show."""
    if not ids:
        return []
    return list(FinancingProduct.objects.filter(pk__in=ids).values_list("id", "name", "bank__name"))


# ---- financing: enterprise side ----------------------------------------------------------------

def requests_for_viewer(*, viewer: User) -> QuerySet[FinancingRequest]:
    """The viewer enterprise's own loan requests, with match counts."""
    org_id = viewer_org_id(viewer)
    membership = membership_of(viewer)
    if not org_id or membership.organization.kind != Organization.Kind.ENTERPRISE:
        return FinancingRequest.objects.none()
    counts = (Match.objects.filter(domain="financing", need_id=OuterRef("pk"), retired_at=None)
              .order_by().values("need_id").annotate(c=Count("id")).values("c"))
    return (FinancingRequest.objects.filter(enterprise_id=org_id)
            .annotate(match_count=Coalesce(Subquery(counts, output_field=IntegerField()), 0))
            .order_by("-id"))


def request_get(*, viewer: User, request_id: int) -> FinancingRequest:
    request = requests_for_viewer(viewer=viewer).filter(pk=request_id).first()
    if request is None:
        raise not_found()
    return request


def request_matches(*, request: FinancingRequest) -> list[dict[str, Any]]:
    """A request's active matches with their products and consent state (enterprise view)."""
    matches = list(Match.objects.filter(domain="financing", need_id=request.pk, retired_at=None)
                   .select_related("offer_org").order_by("-score", "offer_id"))
    products = products_by_id({m.offer_id for m in matches})
    consents = {c.bank_id: c for c in Consent.objects.filter(request=request, withdrawn_at=None)}
    return [{"match": m, "product": products.get(m.offer_id), "consent": consents.get(m.offer_org_id)}
            for m in matches]


def near_misses(*, request: FinancingRequest, limit: int = 5) -> list[dict[str, Any]]:
    """Active products that fail exactly one hard rule for this request, with what it would take."""
    need = get_domain("financing").need(request.pk)
    if need is None:
        return []
    matched = set(Match.objects.filter(domain="financing", need_id=request.pk, retired_at=None)
                  .values_list("offer_id", flat=True))
    out = []
    for product in (FinancingProduct.objects.filter(active=True, bank__verification="verified")
                    .exclude(pk__in=matched).select_related("bank").order_by("id")[:500]):
        failures = rule_failures(need, product)
        if len(failures) == 1:
            out.append({"product": product, "missing": failures[0]})
    return out[:limit]


def consents_for_viewer(*, viewer: User) -> QuerySet[Consent]:
    org_id = viewer_org_id(viewer)
    return (Consent.objects.filter(request__enterprise_id=org_id).select_related("bank", "request")
            if org_id else Consent.objects.none())


# ---- financing: bank side -----------------------------------------------------------------------

def bank_queue(*, viewer: User, filters: dict[str, Any] | None = None) -> QuerySet[Match]:
    """Matched requests for the viewer's bank (active matches), filterable and sortable.

    Filters: ``chain`` (id), ``city`` (adcode), ``amount_min``/``amount_max`` (yuan), ``status``,
    ``overdue`` (true), ``ordering`` (``-score``, ``due_at``, ``-created_at``, ``amount``).
    """
    org_id = viewer_org_id(viewer)
    if not org_id or membership_of(viewer).organization.kind != Organization.Kind.BANK:
        return Match.objects.none()
    f = filters or {}
    qs = Match.objects.filter(domain="financing", offer_org_id=org_id, retired_at=None)
    requests = FinancingRequest.objects.all()
    if f.get("city"):
        requests = requests.filter(Q(enterprise__region_id=f["city"]) | Q(enterprise__region__parent_id=f["city"]))
    if f.get("chain"):
        requests = requests.filter(enterprise__enterprise_profile__chain_segments__chain_id=f["chain"])
    if f.get("amount_min"):
        requests = requests.filter(amount__gte=Decimal(str(f["amount_min"])))
    if f.get("amount_max"):
        requests = requests.filter(amount__lte=Decimal(str(f["amount_max"])))
    if any(f.get(k) for k in ("city", "chain", "amount_min", "amount_max")):
        qs = qs.filter(need_id__in=requests.values("id"))
    if f.get("status"):
        qs = qs.filter(status=f["status"])
    if str(f.get("overdue", "")).lower() in ("1", "true", "yes"):
        qs = qs.filter(status=MatchStatus.INTERESTED, due_at__lt=timezone.now())
    ordering = {"-score": ("-score", "id"), "due_at": ("due_at", "id"), "-created_at": ("-created_at", "-id"),
                "amount": ("request_amount", "id"), "-amount": ("-request_amount", "id")}.get(
        f.get("ordering") or "-score", ("-score", "id"))
    amount = FinancingRequest.objects.filter(pk=OuterRef("need_id")).values("amount")[:1]
    # no select_related: its joins ran over every active match before the sort and limit (the
    # queue's readers take the request's city from anonymized_summaries, not from need_org)
    return qs.annotate(request_amount=Subquery(amount)).order_by(*ordering)


def bank_can_see_request(*, viewer: User, request_id: int) -> FinancingRequest:
    """A request the viewer's bank is matched with, or that sits in a chain it leads; else 404."""
    org_id = viewer_org_id(viewer)
    if not org_id:
        raise not_found()
    matched = Match.objects.filter(domain="financing", need_id=request_id, offer_org_id=org_id).exists()
    led = IndustrialChain.objects.filter(lead_bank_id=org_id,
                                         segments__enterprises__organization__financing_requests=request_id).exists()
    request = FinancingRequest.objects.select_related("enterprise__region__parent").filter(pk=request_id).first()
    if request is None or not (matched or led):
        raise not_found()
    return request


def has_consent(*, bank_id: int, request_id: int) -> bool:
    return Consent.objects.filter(request_id=request_id, bank_id=bank_id, withdrawn_at=None).exists()


def anonymized_summaries(request_ids: set[int]) -> dict[int, dict[str, Any]]:
    """What any matched bank may see of requests before consent (no name, USCC, contacts or
    address): city, chains, industry, size class, flags, and the loan's terms. Three queries,
    of the shown columns only (a queue page asks for twenty of these on every load)."""
    requests = list(FinancingRequest.objects.filter(pk__in=request_ids).values(
        "id", "enterprise_id", "amount", "term", "purpose", "collateral", "max_rate", "urgency", "status",
        "created_at", "enterprise__region__adcode", "enterprise__region__name", "enterprise__region__level",
        "enterprise__region__parent__adcode", "enterprise__region__parent__name"))
    org_ids = {r["enterprise_id"] for r in requests}
    profiles = {p["organization_id"]: p for p in EnterpriseProfile.objects.filter(organization_id__in=org_ids).values(
        "organization_id", "industry__name", "size_class", "whitelist_batch_id", "specialized_level")}
    chains: dict[int, set[str]] = {}
    for org_id, name in ChainSegment.objects.filter(enterprises__organization_id__in=org_ids).values_list(
            "enterprises__organization_id", "chain__name"):
        chains.setdefault(org_id, set()).add(name)
    out = {}
    for r in requests:
        county = r["enterprise__region__level"] == "county" and r["enterprise__region__parent__adcode"]
        city = "enterprise__region__parent__" if county else "enterprise__region__"
        profile = profiles.get(r["enterprise_id"])
        out[r["id"]] = {
            "id": r["id"], "city": r[city + "name"], "city_code": r[city + "adcode"],
            "chains": sorted(chains.get(r["enterprise_id"], ())) if profile else [],
            "industry": (profile["industry__name"] or "") if profile else "",
            "size_class": profile["size_class"] if profile else "",
            "whitelisted": bool(profile and profile["whitelist_batch_id"]),
            "specialized_level": profile["specialized_level"] if profile else "none",
            "amount": f"{r['amount']:.2f}", "term": r["term"], "purpose": r["purpose"],
            "collateral": r["collateral"], "max_rate": f"{r['max_rate']:.2f}" if r["max_rate"] else None,
            "urgency": r["urgency"], "status": r["status"], "created_at": r["created_at"].isoformat(),
        }
    return out


def consented_request_ids(*, bank_id: int, request_ids: set[int]) -> set[int]:
    return set(Consent.objects.filter(bank_id=bank_id, request_id__in=request_ids, withdrawn_at=None)
               .values_list("request_id", flat=True))


def request_view_for_bank(*, viewer: User, request_id: int, via: str = "web") -> dict[str, Any]:
    """What a bank may see of a request: always the anonymized summary; with the enterprise's
    active consent also its name, USCC, contacts and profile — each such view is logged."""
    request = bank_can_see_request(viewer=viewer, request_id=request_id)
    summary = anonymized_summaries({request.pk})[request.pk]
    bank_id = viewer_org_id(viewer)
    consented = bool(consented_request_ids(bank_id=bank_id, request_ids={request.pk}))
    identity = None
    if consented:
        org = request.enterprise
        profile = EnterpriseProfile.objects.filter(organization=org).first()
        identity = {
            "name": org.name, "uscc": org.uscc, "address": org.address, "contact_name": org.contact_name,
            "contact_phone": org.contact_phone, "contact_email": org.contact_email,
            "employees": profile.employees if profile else None,
            "annual_revenue": f"{profile.annual_revenue:.2f}" if profile and profile.annual_revenue else None,
            "credit_rating": profile.credit_rating if profile else "",
            "founded_year": profile.founded_year if profile else None,
            "certifications": profile.certifications if profile else [],
            "products": profile.products if profile else "",
        }
        DataAccessLog.objects.create(viewer=viewer, viewer_org_id=bank_id, subject_org=org, request=request,
                                     what="financing_request_identity", via=via)
    matches = list(Match.objects.filter(domain="financing", need_id=request.pk, offer_org_id=bank_id)
                   .order_by("retired_at", "-score", "offer_id"))
    return {"summary": summary, "consented": consented, "identity": identity,
            "match": matches[0] if matches else None, "matches": matches}


def bank_dashboard(*, viewer: User) -> dict[str, Any]:
    """A bank's figures: its queue by status, response times, granted totals, its led chains' demand."""
    org_id = viewer_org_id(viewer)
    mine = Match.objects.filter(domain="financing", offer_org_id=org_id)
    by_status = dict(mine.filter(retired_at=None).values_list("status").annotate(n=Count("id")))
    granted = FinancingRequest.objects.filter(
        pk__in=mine.filter(status=MatchStatus.SUCCEEDED).values("need_id")).aggregate(total=Sum("granted_amount"))
    led = list(IndustrialChain.objects.filter(lead_bank_id=org_id).annotate(
        open_requests=Count("segments__enterprises__organization__financing_requests",
                            filter=Q(segments__enterprises__organization__financing_requests__status__in=[
                                "open", "matched", "in_progress"]), distinct=True),
    ).order_by("order", "id"))
    return {"by_status": by_status, "granted_total": granted["total"] or Decimal(0),
            "median_response_hours": median_response_hours(bank_id=org_id), "led_chains": led,
            "overdue": mine.filter(status=MatchStatus.INTERESTED, due_at__lt=timezone.now()).count()}


def products_for_viewer(*, viewer: User) -> QuerySet[FinancingProduct]:
    """The viewer bank's own products (operators: all)."""
    if is_operator(viewer):
        return FinancingProduct.objects.select_related("bank").order_by("id")
    org_id = viewer_org_id(viewer)
    membership = membership_of(viewer)
    if not org_id or membership.organization.kind != Organization.Kind.BANK:
        return FinancingProduct.objects.none()
    return FinancingProduct.objects.filter(bank_id=org_id).select_related("bank").order_by("id")


# ---- statistics ---------------------------------------------------------------------------------

def financing_totals() -> dict[str, Any]:
    """Platform financing totals for the home page: requests, amounts requested and granted."""
    reqs = FinancingRequest.objects.exclude(status=FinancingRequest.Status.WITHDRAWN)
    agg = reqs.aggregate(n=Count("id"), requested=Sum("amount"),
                         funded=Count("id", filter=Q(status=FinancingRequest.Status.FUNDED)),
                         granted=Sum("granted_amount"))
    matched = reqs.filter(Exists(Match.objects.filter(domain="financing", need_id=OuterRef("pk")))).count()
    return {"requests": agg["n"], "requested_amount": agg["requested"] or Decimal(0), "matched_requests": matched,
            "funded_requests": agg["funded"], "granted_amount": agg["granted"] or Decimal(0),
            "matches": Match.objects.filter(retired_at=None).count()}


def financing_breakdown(*, by: str) -> list[dict[str, Any]]:
    """Requests, amounts requested and granted, matched and funded counts, grouped ``by``
    ``chain``, ``city`` (prefecture level) or ``month`` (Beijing time, of posting).

    A request counts once in each chain its enterprise sits in (so chain rows may add up to more
    than the total); withdrawn requests are left out.
    """
    if by not in ("chain", "city", "month"):
        raise ValueError(by)
    reqs = FinancingRequest.objects.exclude(status=FinancingRequest.Status.WITHDRAWN).annotate(
        has_match=Exists(Match.objects.filter(domain="financing", need_id=OuterRef("pk"))))
    if by == "chain":
        pairs = reqs.values_list("id", "enterprise__enterprise_profile__chain_segments__chain__name")
    elif by == "city":
        pairs = reqs.values_list("id", Case(When(enterprise__region__level="county",
                                                 then=F("enterprise__region__parent__name")),
                                            default=F("enterprise__region__name")))
    else:
        pairs = reqs.values_list("id", TruncMonth("created_at", tzinfo=ZoneInfo("Asia/Shanghai")))
    labels: dict[Any, set[int]] = {}
    for rid, label in pairs:
        if label is not None:
            labels.setdefault(label.strftime("%Y-%m") if by == "month" else label, set()).add(rid)
    facts = {r[0]: r[1:] for r in reqs.values_list("id", "amount", "granted_amount", "status", "has_match")}
    rows = []
    for label in sorted(labels):
        ids = labels[label]
        rows.append({
            "label": label, "requests": len(ids),
            "requested": sum((facts[i][0] for i in ids), Decimal(0)),
            "matched": sum(1 for i in ids if facts[i][3]),
            "funded": sum(1 for i in ids if facts[i][2] == FinancingRequest.Status.FUNDED),
            "granted": sum((facts[i][1] or Decimal(0) for i in ids), Decimal(0)),
        })
    return rows


def median_response_hours(*, bank_id: int | None = None) -> float | None:
    """Median hours from an enterprise's interest to the bank's answer (answered matches)."""
    qs = Match.objects.filter(domain="financing", responded_at__isnull=False, interested_at__isnull=False)
    if bank_id is not None:
        qs = qs.filter(offer_org_id=bank_id)
    hours = [(answered - asked).total_seconds() / 3600
             for answered, asked in qs.values_list("responded_at", "interested_at")[:10_000]]
    return round(median(hours), 1) if hours else None


