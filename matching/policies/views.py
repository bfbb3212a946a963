"""Policy pages (找政策): public search and detail (with the viewer firm's standing), the
enterprise's 我的政策 (qualifying policies and near misses), confirming interest."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from config.exceptions import Conflict
from enterprises.models import IndustrialChain, Organization
from enterprises.permissions import membership_of
from enterprises.selectors import hunan_cities
from matching.common.views import enterprise_required, own_organization, report_refusal
from matching.policies import selectors as sel
from matching.policies import services as svc


def _viewer_firm(request: HttpRequest) -> Organization | None:
    membership = membership_of(request.user)
    if membership and membership.organization.kind == Organization.Kind.ENTERPRISE:
        return membership.organization
    return None


@require_GET
def policy_list(request: HttpRequest) -> HttpResponse:
    """Published policies with keyword, issuer, chain and city filters, 10 a page."""
    f = {k: request.GET.get(k, "").strip() for k in ("q", "issuer", "chain", "region")}
    page = Paginator(sel.policies_public(**f), 10).get_page(request.GET.get("page"))
    return render(request, "matching/policies/list.html", {
        "page_obj": page, "policies": page.object_list, "filters": f, "filtered": any(f.values()),
        "issuers": sel.issuers(), "chains": IndustrialChain.objects.order_by("order", "id"), "cities": hunan_cities(),
        "is_enterprise": _viewer_firm(request) is not None,
    })


@require_GET
def policy_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A policy, its conditions in Chinese and, for an enterprise, whether it qualifies (and why)."""
    policy = sel.policy_public_get(pk)
    firm = _viewer_firm(request)
    standing = sel.standing(firm, [policy])[0] if firm else None
    return render(request, "matching/policies/detail.html", {
        "policy": policy, "rule_lines": sel.rule_lines(policy.rules), "standing": standing,
        "open": sel.engine.is_open(policy)})


@enterprise_required
@require_GET
def my_policies(request: HttpRequest) -> HttpResponse:
    """我的政策: open policies the firm qualifies for (with the rules it meets) and near misses."""
    items = sel.eligible_for_viewer(viewer=request.user)
    return render(request, "matching/policies/mine.html", {
        "eligible": [i for i in items if i["eligible"]], "near": [i for i in items if not i["eligible"]],
        "firm": own_organization(request)})


@enterprise_required
@require_POST
def policy_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        svc.policy_confirm(actor=request.user, policy_id=pk)
    except Conflict as exc:
        report_refusal(request, exc)
    else:
        messages.success(request, _("已确认申报，平台运营人员将与贵企业联系办理。"))
    return redirect("policies:detail", pk=pk)
