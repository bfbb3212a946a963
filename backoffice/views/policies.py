"""Back-office pages for policies: list, create / edit with rules as form fields and a preview of
how many firms qualify, publish / withdraw with confirmation, confirmations with CSV export."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from backoffice.forms_policies import PolicyForm
from backoffice.permissions import operator_required
from config.exceptions import Conflict
from enterprises.views.common import add_service_errors
from matching.common.views import report_refusal
from matching.policies import selectors as sel
from matching.policies import services as svc


@operator_required
def policy_list(request: HttpRequest) -> HttpResponse:
    """Every policy with its status and the numbers of firms notified and confirmed."""
    page = Paginator(sel.policies_for_operator(), 25).get_page(request.GET.get("page"))
    return render(request, "backoffice/policies/list.html", {"page_obj": page, "policies": page.object_list})


def _preview(form: PolicyForm) -> int | None:
    try:
        return sel.qualifying_count(svc.rules_clean(form.rules()))
    except ValidationError as exc:
        add_service_errors(form, exc, {"rules": "__all__"})
        return None


@operator_required
@require_http_methods(["GET", "POST"])
def policy_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Create (``pk`` None) or edit a policy. The 预览 button only counts the firms that qualify."""
    policy = sel.policy_for_operator(pk) if pk else None
    form = PolicyForm(request.POST or None, instance=policy)
    count = sel.qualifying_count(policy.rules) if policy else None
    if request.method == "POST" and form.is_valid():
        if "preview" in request.POST:
            count = _preview(form)
        else:
            try:
                if policy is None:
                    policy = svc.policy_create(actor=request.user, data=form.policy_data())
                else:
                    svc.policy_update(actor=request.user, policy_id=policy.pk, data=form.policy_data())
            except ValidationError as exc:
                add_service_errors(form, exc, {"rules": "__all__"})
            else:
                messages.success(request, _("政策“%(t)s”已保存。") % {"t": policy.title})
                return redirect("backoffice:policy_edit", pk=policy.pk)
    return render(request, "backoffice/policies/form.html", {
        "form": form, "policy": policy, "count": count, "rule_lines": sel.rule_lines(policy.rules) if policy else [],
    }, status=400 if form.errors else 200)


def _transition(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    policy = sel.policy_for_operator(pk)
    if request.method == "POST":
        try:
            if action == "publish":
                svc.policy_publish(actor=request.user, policy_id=pk)
                messages.success(request, _("政策已发布，符合条件的企业将收到通知。"))
            else:
                svc.policy_withdraw(actor=request.user, policy_id=pk)
                messages.success(request, _("政策已撤回。"))
        except Conflict as exc:
            report_refusal(request, exc)
        return redirect("backoffice:policy_edit", pk=pk)
    return render(request, "backoffice/policies/confirm.html", {
        "policy": policy, "action": action, "count": sel.qualifying_count(policy.rules)})


@operator_required
@require_http_methods(["GET", "POST"])
def policy_publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _transition(request, pk, "publish")


@operator_required
@require_http_methods(["GET", "POST"])
def policy_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    return _transition(request, pk, "withdraw")


@operator_required
def policy_confirmations(request: HttpRequest, pk: int) -> HttpResponse:
    """Firms that confirmed they want to apply; ``?format=csv`` downloads them."""
    policy = sel.policy_for_operator(pk)
    rows = sel.confirmations(policy_id=pk)
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="policy-{pk}-confirmations.csv"'
        response.write("\ufeff")  # Excel opens UTF-8 with a BOM
        out = csv.writer(response)
        out.writerow([_("企业名称"), _("统一社会信用代码"), _("所在地区"), _("联系人"), _("联系电话"), _("确认人"),
                      _("确认时间")])
        for row in rows:
            org = row.organization
            out.writerow([org.name, org.uscc, org.region.full_name, org.contact_name, org.contact_phone,
                          row.confirmed_by.username if row.confirmed_by else "",
                          timezone.localtime(row.confirmed_at).strftime("%Y-%m-%d %H:%M")])
        return response
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "backoffice/policies/confirmations.html", {
        "policy": policy, "page_obj": page, "rows": page.object_list})


urlpatterns = [
    path("policies/", policy_list, name="policies"),
    path("policies/new/", policy_edit, name="policy_create"),
    path("policies/<int:pk>/", policy_edit, name="policy_edit"),
    path("policies/<int:pk>/publish/", policy_publish, name="policy_publish"),
    path("policies/<int:pk>/withdraw/", policy_withdraw, name="policy_withdraw"),
    path("policies/<int:pk>/confirmations/", policy_confirmations, name="policy_confirmations"),
]

