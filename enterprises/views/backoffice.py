"""Operators' verification queue: tabs by state, search, pagination, approve / reject / bulk approve."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from config.exceptions import ApplicationError
from enterprises import selectors, services
from enterprises.forms import RejectForm
from enterprises.models import Organization
from enterprises.views.common import add_service_errors, operator_required, safe_next

PAGE_SIZE = 20
STATUSES = Organization.Verification


def _status_counts() -> dict[str, int]:
    """How many organizations are in each state (one query, for the tab badges)."""
    return dict(Organization.objects.order_by().values_list("verification").annotate(n=Count("id")))


@operator_required
@require_http_methods(["GET"])
def verification_queue(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", STATUSES.PENDING)
    if status not in STATUSES.values:
        status = STATUSES.PENDING
    q = request.GET.get("q", "").strip()[:64]
    rows = selectors.verification_queue(viewer=request.user, status=status, search=q)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    counts = _status_counts()
    tabs = [(value, label, counts.get(value, 0)) for value, label in STATUSES.choices]
    return render(
        request,
        "enterprises/backoffice/verification_queue.html",
        {"page_obj": page, "status": status, "q": q, "tabs": tabs, "here": request.get_full_path()},
    )


def _decide(request: HttpRequest, organization: Organization, decision: str, reason: str) -> None:
    """Call the service and report the outcome (or a conflict) as a message; ValidationError propagates."""
    try:
        services.organization_verify(
            organization_id=organization.pk, operator=request.user, decision=decision, reason=reason
        )
    except ApplicationError as exc:  # Conflict: already in that state
        messages.warning(request, str(exc))
        return
    except PermissionDenied as exc:
        messages.error(request, str(exc))
        return
    if decision == "approve":
        messages.success(request, _("已通过“%(name)s”的认证。") % {"name": organization.name})
    else:
        messages.success(request, _("已驳回“%(name)s”的认证申请。") % {"name": organization.name})


@operator_required
@require_http_methods(["GET", "POST"])
def verification_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One organization in full, with approve and reject (reason required) forms."""
    organization = selectors.organization_get(viewer=request.user, pk=pk)
    form = RejectForm()
    if request.method == "POST":
        decision = request.POST.get("decision", "")
        back = safe_next(request, reverse("portal:verification_detail", args=[pk]))
        if decision == "approve":
            _decide(request, organization, "approve", "")
            return redirect(back)
        if decision == "reject":
            form = RejectForm(request.POST)
            if form.is_valid():
                try:
                    _decide(request, organization, "reject", form.cleaned_data["reason"])
                except ValidationError as exc:
                    add_service_errors(form, exc)
                else:
                    return redirect(back)
        else:
            raise Http404(_("未知的审核操作。"))
    members = organization.memberships.select_related("user").order_by("id")
    return render(
        request,
        "enterprises/backoffice/verification_detail.html",
        {"organization": organization, "members": members, "reject_form": form,
         "back": safe_next(request, reverse("portal:verification_queue"))},
    )


@operator_required
@require_POST
def verification_bulk(request: HttpRequest) -> HttpResponse:
    """Approve every selected pending organization at once."""
    back = safe_next(request, reverse("portal:verification_queue"))
    ids = sorted({int(v) for v in request.POST.getlist("ids") if v.isdigit()})
    if not ids:
        messages.warning(request, _("请先勾选要通过的单位。"))
        return redirect(back)
    try:
        approved = services.organizations_bulk_verify(organization_ids=ids, operator=request.user)
    except (Http404, ApplicationError) as exc:
        messages.error(request, str(getattr(exc, "detail", exc)) or _("所选单位中有已不存在的单位，请刷新后重试。"))
        return redirect(back)
    messages.success(request, _("已批量通过 %(n)d 家单位的认证。") % {"n": approved})
    skipped = len(ids) - approved
    if skipped:
        messages.info(request, _("%(n)d 家单位已是“已认证”状态，已跳过。") % {"n": skipped})
    return redirect(back)
