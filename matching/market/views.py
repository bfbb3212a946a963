"""找服务、找机构 pages (namespace ``services``).

Anyone browses the directory of verified institutions. A provider keeps its services (我的服务)
and works the enterprises' requests it was matched with (服务商机): the enterprise's contact
appears once the enterprise said “有意向”. An enterprise posts service requests and sees its
ranked services with every reason.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from config.exceptions import ApplicationError
from enterprises.models import Organization, Region
from enterprises.permissions import membership_of
from enterprises.views.common import submit
from matching.common.formatting import money
from matching.common.views import (
    enterprise_required,
    listing,
    member_of,
    own_organization,
    publish_refusal,
    report_refusal,
)
from matching.engine import selectors as engine_selectors
from matching.engine.models import DeclineReason, MatchStatus
from matching.engine.transitions import match_transition
from matching.market import selectors as sel
from matching.market import services as svc
from matching.market.forms import DirectoryFilterForm, OfferingForm, ServiceRequestForm
from matching.market.models import ServiceOffering, ServiceRequest

provider_required = member_of(Organization.Kind.PROVIDER)
PAGE_SIZE = 12
EDITABLE = (ServiceRequest.Status.OPEN, ServiceRequest.Status.MATCHED)


def _page(request: HttpRequest, items: object) -> object:
    return Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))


def _yuan(value: int) -> str:
    """Small sums in 元, larger ones in 万元 (``5000 元``, ``2 万元``); ¥ in English."""
    if value < 10000 and (translation.get_language() or "zh-hans").startswith("zh"):
        return f"{value} 元"
    return money(value)


def price_text(offering: ServiceOffering) -> str:
    """A service's price as people read it: range, “起”, or 面议."""
    low, high = offering.price_min, offering.price_max
    if low is None and high is None:
        return _("价格面议")
    if high is None:
        return _("%(p)s 起") % {"p": _yuan(low)}
    if low is None or low == high:
        return _yuan(high)
    return f"{_yuan(low)} – {_yuan(high)}"


def with_prices(offerings: list[ServiceOffering | None]) -> None:
    for offering in offerings:
        if offering is not None:
            offering.price_text = price_text(offering)


# ---------------------------------------------------------------- public: 找机构

@require_GET
def directory(request: HttpRequest) -> HttpResponse:
    """Verified institutions with their active services; filters: category, city (with its counties), keyword."""
    form = DirectoryFilterForm(request.GET or None)
    values = form.cleaned_data if form.is_valid() else {}
    try:
        providers = sel.provider_directory(category=values.get("category", ""), city=values.get("city", ""),
                                           q=values.get("q", ""))
    except ValidationError:
        providers = sel.provider_directory()
    page = _page(request, providers)
    with_prices([o for provider in page.object_list for o in provider.active_offerings])
    query = request.GET.copy()
    query.pop("page", None)
    filtered = bool(values and any(values.values()))
    return render(request, "matching/market/directory.html",
                  {"form": form, "page": page, "query": query.urlencode(), "filtered": filtered})


@require_GET
def provider_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One institution: its profile, city and active services; enterprises get “发起需求”."""
    provider = sel.provider_public_get(pk)
    codes = {code for o in provider.active_offerings for code in o.regions}
    names = dict(Region.objects.filter(pk__in=codes).values_list("adcode", "name")) if codes else {}
    with_prices(provider.active_offerings)
    for offering in provider.active_offerings:
        offering.regions_text = listing([names.get(code, code) for code in offering.regions])
    membership = membership_of(request.user)
    is_enterprise = bool(membership and membership.organization.kind == Organization.Kind.ENTERPRISE)
    return render(request, "matching/market/provider_detail.html",
                  {"provider": provider, "is_enterprise": is_enterprise})


# ---------------------------------------------------------------- provider: 我的服务, 服务商机

@provider_required
@require_GET
def offering_list(request: HttpRequest) -> HttpResponse:
    offerings = list(sel.offerings_for_viewer(viewer=request.user))
    with_prices(offerings)
    return render(request, "matching/market/offering_list.html",
                  {"offerings": offerings, "refusal": publish_refusal(own_organization(request))})


@provider_required
@require_http_methods(["GET", "POST"])
def offering_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Publish a service (no ``pk``) or edit one; matched against open requests in the background."""
    offering = sel.offerings_for_viewer(viewer=request.user).filter(pk=pk).first() if pk is not None else None
    if pk is not None and offering is None:
        raise Http404(_("未找到该服务产品。"))
    refusal, status = publish_refusal(own_organization(request)), 200
    if request.method == "POST":
        form = OfferingForm(request.POST)
        try:
            if submit(request, form, lambda: svc.offering_save(actor=request.user, data=form.service_data(),
                                                                offering_id=offering.pk if offering else None),
                      success=_("服务已保存，系统正在为您匹配企业需求。")):
                return redirect("services:offering_list")
        except PermissionDenied as exc:
            refusal, status = str(exc), 403
    else:
        form = OfferingForm(initial=OfferingForm.initial_from(offering) if offering else None)
    return render(request, "matching/market/offering_form.html",
                  {"form": form, "offering": offering, "refusal": refusal}, status=status)


@provider_required
@require_POST
def offering_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        svc.offering_deactivate(actor=request.user, offering_id=pk)
    except PermissionDenied as exc:
        report_refusal(request, exc)
    else:
        messages.success(request, _("服务已下架，不再出现在找机构和匹配推荐中。"))
    return redirect("services:offering_list")


@provider_required
@require_GET
def opportunities(request: HttpRequest) -> HttpResponse:
    """Requests matched with the institution's services; contacts after the enterprise's interest."""
    org_id = own_organization(request).pk
    rows = [{"match": m, "contact": svc.contact_for(m, viewer_org_id=org_id)}
            for m in sel.provider_opportunities(viewer=request.user)]
    return render(request, "matching/market/opportunities.html",
                  {"rows": rows, "decline_reasons": DeclineReason.choices})


@provider_required
@require_POST
def opportunity_move(request: HttpRequest, match_id: int) -> HttpResponse:
    """The provider's answer: 已联系 (interested → contacted), 成功对接 (→ succeeded) or 婉拒 (declined)."""
    match = engine_selectors.match_get(viewer=request.user, match_id=match_id)
    if match.domain != "services" or match.offer_org_id != own_organization(request).pk:
        raise Http404(_("未找到该匹配。"))
    to = request.POST.get("to", "")
    if to not in (MatchStatus.CONTACTED, MatchStatus.SUCCEEDED, MatchStatus.DECLINED):
        raise Http404(_("未找到该操作。"))
    try:
        match_transition(match_id=match.pk, actor=request.user, to=to,
                         decline_reason=request.POST.get("decline_reason", ""),
                         reason=request.POST.get("reason", "")[:500],
                         outcome={"note": request.POST.get("note", "")[:200]})
    except (ApplicationError, PermissionDenied, ValidationError) as exc:
        if isinstance(exc, ValidationError):
            messages.error(request, "；".join(exc.messages))
        else:
            report_refusal(request, exc)
    else:
        messages.success(request, _("状态已更新为“%(s)s”。") % {"s": MatchStatus(to).label})
    return redirect(f"{reverse('services:opportunities')}#match-{match.pk}")


# ---------------------------------------------------------------- enterprise: 服务需求

def _own_request(request: HttpRequest, pk: int) -> ServiceRequest:
    req = sel.service_requests_for_viewer(viewer=request.user).filter(pk=pk).first()
    if req is None:
        raise Http404(_("未找到该服务需求。"))
    return req


@enterprise_required
@require_GET
def request_list(request: HttpRequest) -> HttpResponse:
    return render(request, "matching/market/request_list.html",
                  {"requests": list(sel.service_requests_for_viewer(viewer=request.user)),
                   "refusal": publish_refusal(own_organization(request))})


@enterprise_required
@require_http_methods(["GET", "POST"])
def request_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Post a service request (no ``pk``; ``?category=&provider=`` preselect) or edit an open one."""
    req = _own_request(request, pk) if pk is not None else None
    if req is not None and req.status not in EDITABLE:
        messages.warning(request, _("该需求已“%(s)s”，不能再修改。") % {"s": req.get_status_display()})
        return redirect("services:service_request_detail", req.pk)
    refusal, status = publish_refusal(own_organization(request)), 200
    if request.method == "POST":
        form = ServiceRequestForm(request.POST)
        saved: list[ServiceRequest] = []
        try:
            if submit(request, form, lambda: saved.append(svc.request_save(
                    actor=request.user, data=form.service_data(), request_id=req.pk if req else None)),
                    success=_("服务需求已发布，系统正在为您匹配服务机构。") if req is None
                    else _("服务需求已更新，系统正在重新匹配。")):
                return redirect("services:service_request_detail", saved[0].pk)
        except PermissionDenied as exc:
            refusal, status = str(exc), 403
    else:
        initial = ServiceRequestForm.initial_from(req) if req else {"category": request.GET.get("category", "")}
        form = ServiceRequestForm(initial=initial)
    return render(request, "matching/market/request_form.html",
                  {"form": form, "req": req, "refusal": refusal}, status=status)


@enterprise_required
@require_GET
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The request and its ranked services with reasons; the “有意向” button per service."""
    req = _own_request(request, pk)
    org_id = own_organization(request).pk
    matches = sel.request_matches(viewer=request.user, request_id=req.pk)
    with_prices([m.offering for m in matches])
    rows = [{"match": m, "contact": svc.contact_for(m, viewer_org_id=org_id),
             "can_interest": req.status in EDITABLE and m.status in (MatchStatus.SUGGESTED, MatchStatus.VIEWED)}
            for m in matches]
    return render(request, "matching/market/request_detail.html",
                  {"req": req, "rows": rows, "editable": req.status in EDITABLE})


@enterprise_required
@require_POST
def request_close(request: HttpRequest, pk: int) -> HttpResponse:
    req = _own_request(request, pk)
    svc.request_close(actor=request.user, request_id=req.pk)
    messages.success(request, _("服务需求已关闭，不再向服务机构推荐。"))
    return redirect("services:service_request_detail", req.pk)


@enterprise_required
@require_POST
def request_interest(request: HttpRequest, pk: int, match_id: int) -> HttpResponse:
    """The enterprise's “有意向”: the provider is told and may now see the enterprise's contact."""
    req = _own_request(request, pk)
    match = engine_selectors.match_get(viewer=request.user, match_id=match_id)
    if match.domain != "services" or match.need_id != req.pk:
        raise Http404(_("未找到该匹配。"))
    try:
        svc.match_interest(actor=request.user, match_id=match.pk)
    except (ApplicationError, PermissionDenied) as exc:
        report_refusal(request, exc)
    else:
        messages.success(request, _("已表达意向：服务机构会收到通知，并可以看到贵单位的联系方式。"))
    return redirect(f"{reverse('services:service_request_detail', args=[req.pk])}#match-{match.pk}")
