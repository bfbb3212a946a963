"""An enterprise's loan requests: list, post or edit, the detail with ranked matches, withdraw."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from config.exceptions import ApplicationError
from enterprises.views.common import add_service_errors
from matching.common.formatting import money, rate
from matching.common.views import enterprise_required, listing, own_organization, publish_refusal, report_refusal
from matching.engine.models import OPEN_STATUSES, DeclineReason, MatchStatus, MatchTransition
from matching.financing import selectors
from matching.financing import services as fin
from matching.financing.forms import LoanRequestForm
from matching.financing.models import FinancingRequest
from matching.financing.views.common import clock, collateral_labels, rate_range

Status = FinancingRequest.Status
ACTIVE = (Status.OPEN, Status.MATCHED, Status.IN_PROGRESS)
EDITABLE = ACTIVE
MATCHING_GRACE = timedelta(minutes=1)


def loan_view(loan: FinancingRequest) -> FinancingRequest:
    """The request with display values attached (money in 万元, labels)."""
    loan.amount_text = money(loan.amount)
    loan.granted_text = money(loan.granted_amount) if loan.granted_amount else ""
    loan.collateral_text = listing(collateral_labels(loan.collateral))
    loan.max_rate_text = rate_range(loan.max_rate, loan.max_rate) if loan.max_rate is not None else ""
    loan.is_active = loan.status in ACTIVE
    return loan


@enterprise_required
@require_GET
def request_list(request: HttpRequest) -> HttpResponse:
    """Own loan requests, newest first, with how many products each was matched with."""
    loans = [loan_view(loan) for loan in selectors.requests_for_viewer(viewer=request.user)]
    refusal = publish_refusal(own_organization(request))
    return render(request, "matching/financing/request_list.html", {"loans": loans, "refusal": refusal})


@enterprise_required
@require_http_methods(["GET", "POST"])
def request_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Post a new loan request (no ``pk``) or edit an open one; matched in the background."""
    loan = selectors.request_get(viewer=request.user, request_id=pk) if pk is not None else None
    refusal = publish_refusal(own_organization(request))
    status = 200
    if request.method == "POST":
        form = LoanRequestForm(request.POST)
        if form.is_valid():
            try:
                saved = fin.request_save(actor=request.user, data=form.service_data(),
                                         request_id=loan.pk if loan else None)
            except ValidationError as exc:
                add_service_errors(form, exc)
            except PermissionDenied as exc:
                refusal, status = str(exc), 403
            except ApplicationError as exc:  # Conflict: funded, closed or withdrawn
                report_refusal(request, exc)
                return redirect("financing:request_detail", loan.pk)
            else:
                messages.success(request, _("融资需求已保存，系统正在为您匹配金融产品。") if loan is None
                                 else _("融资需求已更新，系统正在重新匹配。"))
                return redirect("financing:request_detail", saved.pk)
    else:
        if loan is not None and loan.status not in EDITABLE:
            messages.warning(request, _("该需求已“%(s)s”，不能再修改。") % {"s": loan.get_status_display()})
            return redirect("financing:request_detail", loan.pk)
        form = LoanRequestForm(initial=LoanRequestForm.initial_from(loan) if loan else None)
    return render(request, "matching/financing/request_form.html", {"form": form, "loan": loan, "refusal": refusal},
                  status=status)


def _decliners(rows: list[dict[str, Any]]) -> dict[int, str]:
    """Who declined each declined match — ``bank`` or ``enterprise`` by the actor's organization, ``""``
    when no person is on record — in one query (none when nothing was declined)."""
    declined = {r["match"].pk: r["match"] for r in rows if r["match"].status == MatchStatus.DECLINED}
    if not declined:
        return {}
    moves = MatchTransition.objects.filter(match_id__in=declined, to_status=MatchStatus.DECLINED).values_list(
        "match_id", "actor__membership__organization_id")
    out = {}
    for match_id, org_id in moves:
        match = declined[match_id]
        out[match_id] = ("bank" if org_id == match.offer_org_id else
                         "enterprise" if org_id and org_id == match.need_org_id else "")
    return out


def _match_rows(loan: FinancingRequest) -> list[dict[str, Any]]:
    """The request's ranked matches with what the page needs to show and offer for each."""
    rows = []
    matched = selectors.request_matches(request=loan)
    decliners = _decliners(matched)
    for row in matched:
        match, product, consent = row["match"], row["product"], row["consent"]
        is_open = match.status in OPEN_STATUSES and loan.status in ACTIVE
        rows.append({
            **row,
            **clock(match),
            "amount_range": f"{money(product.amount_min)} – {money(product.amount_max)}" if product else "",
            "rate_range": rate_range(product.rate_min, product.rate_max) if product else "",
            "type_label": product.get_type_display() if product else "",
            "decline_label": match.get_decline_reason_display() if match.decline_reason else "",
            "declined_by": decliners.get(match.pk, ""),
            "can_interest": is_open and match.status in (MatchStatus.SUGGESTED, MatchStatus.VIEWED),
            "can_decline": is_open,
            "can_consent": is_open and consent is None,
        })
    return rows


@enterprise_required
@require_GET
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The request, its ranked matches with reasons and actions, and the near misses."""
    loan = loan_view(selectors.request_get(viewer=request.user, request_id=pk))
    rows = _match_rows(loan)
    funded = next((r for r in rows if r["match"].status == MatchStatus.SUCCEEDED), None)
    if funded:
        outcome = funded["match"].outcome or {}
        funded.update(outcome_amount=money(outcome.get("amount") or loan.granted_amount),
                      outcome_rate=rate(outcome["rate"]) if outcome.get("rate") else "—")
    near = selectors.near_misses(request=loan) if loan.is_active else []
    matching_now = not rows and loan.is_active and timezone.now() - loan.created_at < MATCHING_GRACE
    return render(request, "matching/financing/request_detail.html", {
        "loan": loan, "rows": rows, "funded": funded, "near_misses": near, "matching_now": matching_now,
        "decline_choices": DeclineReason.choices,
    })


@enterprise_required
@require_http_methods(["GET", "POST"])
def request_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation; POST withdraws the request (its open matches expire)."""
    loan = loan_view(selectors.request_get(viewer=request.user, request_id=pk))
    if request.method == "POST":
        try:
            fin.request_withdraw(actor=request.user, request_id=loan.pk)
        except (ApplicationError, PermissionDenied) as exc:
            report_refusal(request, exc)
        else:
            messages.success(request, _("融资需求已撤回，相关银行将不再跟进。"))
        return redirect("financing:request_detail", loan.pk)
    return render(request, "matching/financing/request_confirm_withdraw.html", {"loan": loan})
