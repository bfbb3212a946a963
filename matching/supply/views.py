"""找配套 pages for enterprise members (URL namespace ``supply``).

A buyer posts sourcing needs and sees its ranked suppliers with their reasons; a supplier keeps
its capabilities and sees the buyers' needs they were matched with. Either side says “有意向”;
the other side's contact opens only once both have (``services.supply.contact_for``). Supplier
and buyer identity (firm, city, certifications) is visible from the start: these are firms.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from config.exceptions import ApplicationError
from enterprises.models import Region
from enterprises.views.common import add_service_errors, safe_next, submit
from matching.common.formatting import money
from matching.common.views import enterprise_required, listing, own_organization, publish_refusal, report_refusal
from matching.engine import selectors as engine_selectors
from matching.engine.models import Match, MatchStatus
from matching.supply import selectors
from matching.supply import services as supply
from matching.supply.forms import UNITS, CapabilityForm, SourcingNeedForm, plain
from matching.supply.models import SourcingNeed, SupplyCapability
from matching.supply.spec import OPEN

Status = SourcingNeed.Status
ACTIVE = OPEN  # needs still looking for suppliers
MATCHING_GRACE = timedelta(minutes=1)
PAGE_SIZE = 20
BUYER_CAN_INTEREST = (MatchStatus.SUGGESTED, MatchStatus.VIEWED)
SUPPLIER_CAN_INTEREST = (MatchStatus.SUGGESTED, MatchStatus.VIEWED, MatchStatus.INTERESTED)


# ---------------------------------------------------------------- display helpers

def city_name(region: Region | None) -> str:
    """The prefecture-level name of a region (a county's parent city)."""
    if region is None:
        return ""
    return region.parent.name if region.level == Region.Level.COUNTY and region.parent_id else region.name


def need_view(need: SourcingNeed) -> SourcingNeed:
    """The need with display values attached."""
    need.quantity_text = f"{plain(need.quantity)} {need.unit}".strip() if need.quantity is not None else ""
    need.certs_text = listing(need.required_certifications)
    low, high = need.budget_min, need.budget_max
    need.budget_text = (f"{money(low)} – {money(high)}" if low is not None and high is not None
                        else _("不低于 %(m)s") % {"m": money(low)} if low is not None
                        else _("不超过 %(m)s") % {"m": money(high)} if high is not None else "")
    need.is_active = need.status in ACTIVE
    return need


def capabilities_by_id(ids: set[int]) -> dict[int, SupplyCapability]:
    """Matched capabilities with their categories, in one query (ids come from the viewer's matches)."""
    caps = SupplyCapability.objects.filter(pk__in=ids).select_related("category") if ids else []
    for cap in caps:
        cap.capacity_text = f"{plain(cap.capacity_per_month)} {cap.unit}".strip() if cap.capacity_per_month else ""
    return {c.pk: c for c in caps}


def needs_by_id(ids: set[int]) -> dict[int, SourcingNeed]:
    """Matched needs with their categories, in one query (ids come from the viewer's matches)."""
    needs = SourcingNeed.objects.filter(pk__in=ids).select_related("category") if ids else []
    return {n.pk: need_view(n) for n in needs}


def _back(url: str, match_id: int) -> HttpResponse:
    return redirect(f"{url}#match-{match_id}")


def _interest_message(request: HttpRequest, match: Match, other: str) -> None:
    if match.interested_at and match.offer_interested_at:
        messages.success(request, _("双方均已表达意向，已互相开放联系方式。"))
    else:
        messages.success(request, _("已向%(org)s表达意向；对方也表达意向后，双方可互相查看联系方式。") % {"org": other})


# ---------------------------------------------------------------- buyer: sourcing needs

def _own_need(request: HttpRequest, pk: int) -> SourcingNeed:
    need = selectors.sourcing_needs_for_viewer(viewer=request.user).filter(pk=pk).first()
    if need is None:
        raise Http404(_("未找到该采购需求。"))
    return need


@enterprise_required
@require_GET
def need_list(request: HttpRequest) -> HttpResponse:
    """Own sourcing needs, newest first, with how many suppliers each was matched with."""
    needs = [need_view(n) for n in selectors.sourcing_needs_for_viewer(viewer=request.user)]
    refusal = publish_refusal(own_organization(request))
    return render(request, "matching/supply/need_list.html", {"needs": needs, "refusal": refusal})


@enterprise_required
@require_http_methods(["GET", "POST"])
def need_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Post a new sourcing need (no ``pk``) or edit an open one; matched in the background."""
    need = _own_need(request, pk) if pk is not None else None
    refusal = publish_refusal(own_organization(request))
    status = 200
    if request.method == "POST":
        form = SourcingNeedForm(request.POST)
        if form.is_valid():
            try:
                saved = supply.need_save(actor=request.user, data=form.service_data(),
                                         need_id=need.pk if need else None)
            except ValidationError as exc:
                add_service_errors(form, exc)
            except PermissionDenied as exc:
                refusal, status = str(exc), 403
            except ApplicationError as exc:  # Conflict: fulfilled or closed
                report_refusal(request, exc)
                return redirect("supply:need_detail", need.pk)
            else:
                messages.success(request, _("采购需求已发布，系统正在为您匹配配套企业。") if need is None
                                 else _("采购需求已更新，系统正在重新匹配。"))
                return redirect("supply:need_detail", saved.pk)
    else:
        if need is not None and need.status not in ACTIVE:
            messages.warning(request, _("该需求已“%(s)s”，不能再修改。") % {"s": need.get_status_display()})
            return redirect("supply:need_detail", need.pk)
        form = SourcingNeedForm(initial=SourcingNeedForm.initial_from(need) if need else None)
    return render(request, "matching/supply/need_form.html",
                  {"form": form, "need": need, "refusal": refusal, "units": UNITS}, status=status)


def supplier_rows(request: HttpRequest, need: SourcingNeed) -> list[dict[str, Any]]:
    """The need's ranked suppliers with what the page shows and offers for each (3 queries)."""
    matches = list(engine_selectors.matches_for_viewer(viewer=request.user, domain="supply")
                   .filter(need_id=need.pk).select_related("offer_org__region__parent"))
    caps = capabilities_by_id({m.offer_id for m in matches} | {i for m in matches for i in m.breakdown.get("also", ())})
    org_id = own_organization(request).pk
    return [{
        "match": m, "capability": caps.get(m.offer_id), "city": city_name(m.offer_org.region if m.offer_org else None),
        "also": [caps[i] for i in m.breakdown.get("also", ()) if i in caps],
        "distance_km": m.breakdown.get("distance_km"), "contact": supply.contact_for(m, viewer_org_id=org_id),
        "can_interest": need.is_active and m.interested_at is None and m.status in BUYER_CAN_INTEREST,
    } for m in matches]


@enterprise_required
@require_GET
def need_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The need and its ranked suppliers: firm, city, certifications, score, every reason."""
    need = need_view(_own_need(request, pk))
    rows = supplier_rows(request, need)
    matching_now = not rows and need.is_active and timezone.now() - need.created_at < MATCHING_GRACE
    return render(request, "matching/supply/need_detail.html",
                  {"need": need, "rows": rows, "matching_now": matching_now})


@enterprise_required
@require_http_methods(["GET", "POST"])
def need_close(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation; POST closes the need (its open suggestions are retired)."""
    need = need_view(_own_need(request, pk))
    if request.method == "POST":
        try:
            supply.need_close(actor=request.user, need_id=need.pk)
        except (ApplicationError, PermissionDenied) as exc:
            report_refusal(request, exc)
        else:
            messages.success(request, _("采购需求已关闭，不再向配套企业推荐。"))
        return redirect("supply:need_detail", need.pk)
    return render(request, "matching/supply/need_confirm_close.html", {"need": need})


@enterprise_required
@require_POST
def buyer_interest(request: HttpRequest, pk: int, match_id: int) -> HttpResponse:
    """The buyer's “有意向” for one supplier of its need."""
    need = _own_need(request, pk)
    match = engine_selectors.match_get(viewer=request.user, match_id=match_id)
    if match.domain != "supply" or match.need_id != need.pk or match.need_org_id != need.enterprise_id:
        raise Http404(_("未找到该匹配。"))
    try:
        match = supply.match_interest(actor=request.user, match_id=match.pk)
    except (ApplicationError, PermissionDenied) as exc:
        report_refusal(request, exc)
    else:
        _interest_message(request, match, match.offer_org.name if match.offer_org else "")
    return _back(reverse("supply:need_detail", args=[need.pk]), match_id)


# ---------------------------------------------------------------- supplier: capabilities and buyers

@enterprise_required
@require_GET
def capability_list(request: HttpRequest) -> HttpResponse:
    """Own capabilities with the regions served and how many buyers' needs each matches."""
    caps = list(selectors.capabilities_for_viewer(viewer=request.user))
    counts = dict(engine_selectors.matches_for_viewer(viewer=request.user, domain="supply")
                  .filter(offer_id__in=[c.pk for c in caps]).order_by().values("offer_id")
                  .annotate(n=Count("id")).values_list("offer_id", "n")) if caps else {}
    codes = {code for c in caps for code in c.regions_served}
    names = dict(Region.objects.filter(pk__in=codes).values_list("adcode", "name")) if codes else {}
    for cap in caps:
        cap.match_count = counts.get(cap.pk, 0)
        cap.capacity_text = f"{plain(cap.capacity_per_month)} {cap.unit}".strip() if cap.capacity_per_month else ""
        cap.regions_text = listing(names.get(code, code) for code in cap.regions_served)
    refusal = publish_refusal(own_organization(request))
    return render(request, "matching/supply/capability_list.html", {"capabilities": caps, "refusal": refusal})


@enterprise_required
@require_http_methods(["GET", "POST"])
def capability_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Publish a capability (no ``pk``) or edit one; matched against open needs in the background."""
    cap = selectors.capabilities_for_viewer(viewer=request.user).filter(pk=pk).first() if pk is not None else None
    if pk is not None and cap is None:
        raise Http404(_("未找到该配套能力。"))
    refusal = publish_refusal(own_organization(request))
    initial = CapabilityForm.initial_from(cap) if cap else None
    status = 200
    if request.method == "POST":
        form = CapabilityForm(request.POST, initial=initial)
        try:
            if submit(request, form, lambda: supply.capability_save(
                    actor=request.user, data=form.service_data(), capability_id=cap.pk if cap else None),
                    success=_("配套能力已保存，系统正在为您匹配采购需求。")):
                return redirect("supply:capability_list")
        except PermissionDenied as exc:
            refusal, status = str(exc), 403
    else:
        form = CapabilityForm(initial=initial)
    return render(request, "matching/supply/capability_form.html",
                  {"form": form, "capability": cap, "refusal": refusal, "units": UNITS}, status=status)


@enterprise_required
@require_GET
def supplier_matches(request: HttpRequest) -> HttpResponse:
    """Buyers' needs matched to the viewer's capabilities, best first, twenty a page."""
    org = own_organization(request)
    qs = (engine_selectors.matches_for_viewer(viewer=request.user, domain="supply").filter(offer_org_id=org.pk)
          .select_related("need_org__region__parent"))
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    matches = list(page.object_list)
    needs = needs_by_id({m.need_id for m in matches})
    caps = capabilities_by_id({m.offer_id for m in matches})
    rows = []
    for m in matches:
        need = needs.get(m.need_id)
        rows.append({
            "match": m, "need": need, "capability": caps.get(m.offer_id),
            "city": city_name(m.need_org.region if m.need_org else None),
            "distance_km": m.breakdown.get("distance_km"), "contact": supply.contact_for(m, viewer_org_id=org.pk),
            "can_interest": bool(need and need.is_active and m.offer_interested_at is None
                                 and m.status in SUPPLIER_CAN_INTEREST),
        })
    return render(request, "matching/supply/supplier_matches.html", {"rows": rows, "page": page})


@enterprise_required
@require_POST
def supplier_interest(request: HttpRequest, match_id: int) -> HttpResponse:
    """The supplier's “有意向” for a buyer's need it was matched with."""
    match = engine_selectors.match_get(viewer=request.user, match_id=match_id)
    if match.domain != "supply" or match.offer_org_id != own_organization(request).pk:
        raise Http404(_("未找到该匹配。"))
    try:
        match = supply.match_interest(actor=request.user, match_id=match.pk)
    except (ApplicationError, PermissionDenied) as exc:
        report_refusal(request, exc)
    else:
        _interest_message(request, match, match.need_org.name if match.need_org else "")
    return _back(safe_next(request, reverse("supply:supplier_matches")), match_id)
