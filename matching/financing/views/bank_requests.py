"""One loan request as a matched bank sees it — the anonymized summary, the identity only with the
enterprise's consent — and the bank's answers: contacted, declined, loan granted."""

from __future__ import annotations

from contextlib import suppress
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from config.exceptions import ApplicationError
from enterprises.models.profiles import CreditRating
from enterprises.views.common import add_service_errors
from matching.common.formatting import money, rate
from matching.common.forms import to_wan_text
from matching.common.views import bank_required, label, listing, report_refusal
from matching.engine import selectors as engine_selectors
from matching.engine.models import OPEN_STATUSES, Match, MatchStatus
from matching.engine.transitions import match_transition
from matching.financing import selectors
from matching.financing.forms import DeclineForm, OutcomeForm
from matching.financing.views.common import clock, summary_view


def _bank_matches(request: HttpRequest, pk: int) -> list[Match]:
    """This bank's matches with the request (one per matched product), best first, retired included."""
    return list(engine_selectors.matches_for_viewer(viewer=request.user, domain="financing", include_retired=True)
                .filter(need_id=pk))


def _mark_viewed(request: HttpRequest, matches: list[Match]) -> list[Match]:
    """Opening the request is the bank's first answer: its suggested matches become viewed."""
    out = []
    for match in matches:
        if match.status == MatchStatus.SUGGESTED and match.retired_at is None:
            with suppress(ApplicationError):  # someone moved it meanwhile: show it as it was
                match = match_transition(match_id=match.pk, actor=request.user, to=MatchStatus.VIEWED)
        out.append(match)
    return out


def _identity_view(identity: dict[str, Any] | None) -> dict[str, Any] | None:
    if identity is None:
        return None
    revenue = identity["annual_revenue"]
    return {**identity, "annual_revenue_text": money(revenue) if revenue else "",
            "certifications_text": listing(identity["certifications"] or []),
            "credit_rating_label": label(CreditRating, identity["credit_rating"])}


def _outcome_text(outcome: dict[str, Any]) -> str:
    return _("%(amount)s，年利率 %(rate)s，期限 %(term)s 个月") % {
        "amount": money(outcome.get("amount")), "rate": rate(outcome.get("rate")), "term": outcome.get("term")}


def _row(match: Match, product, summary: dict[str, Any], bound: dict[str, forms.Form]) -> dict[str, Any]:
    live = match.retired_at is None
    prefix = f"m{match.pk}"
    return {
        "match": match, "product": product, **clock(match),
        "outcome_text": _outcome_text(match.outcome) if match.outcome else "",
        "can_contact": live and match.status == MatchStatus.INTERESTED,
        "can_decline": live and match.status in OPEN_STATUSES,
        "can_record": live and match.status == MatchStatus.CONTACTED,
        "decline_form": bound.get("decline") or DeclineForm(prefix=prefix),
        "outcome_form": bound.get("outcome") or OutcomeForm(prefix=prefix, initial={
            "amount_wan": to_wan_text(summary["amount"]), "term": summary["term"]}),
    }


def _page(request: HttpRequest, pk: int, bound: dict[int, dict[str, forms.Form]] | None = None) -> HttpResponse:
    view = selectors.request_view_for_bank(viewer=request.user, request_id=pk)  # 404 unless matched or lead bank
    matches = _bank_matches(request, pk)
    if request.method == "GET":
        matches = _mark_viewed(request, matches)
    summary = summary_view(view["summary"])
    products = selectors.products_by_id({m.offer_id for m in matches})
    rows = [_row(m, products.get(m.offer_id), summary, (bound or {}).get(m.pk, {})) for m in matches]
    due = sorted((r for r in rows if r["due_at"]), key=lambda r: r["due_at"])
    return render(request, "matching/financing/bank/request_detail.html", {
        "summary": summary, "consented": view["consented"], "identity": _identity_view(view["identity"]),
        "rows": rows, "due": due[0] if due else None, "overdue": any(r["overdue"] for r in rows),
        "escalated": any(r["escalated"] for r in rows),
    })


@bank_required
@require_GET
def bank_request(request: HttpRequest, pk: int) -> HttpResponse:
    """The request's summary, the identity once consented, and each of the bank's matches with its answers."""
    return _page(request, pk)


def _target(request: HttpRequest, pk: int) -> Match | None:
    """The match a POST answers: ``match`` from the form, or the bank's only open match with the request."""
    selectors.bank_can_see_request(viewer=request.user, request_id=pk)
    mine = [m for m in _bank_matches(request, pk) if m.retired_at is None]
    wanted = request.POST.get("match", "")
    if wanted:
        found = next((m for m in mine if str(m.pk) == wanted), None)
        if found is None:
            raise Http404(_("未找到该匹配。"))
        return found
    if len(mine) == 1:
        return mine[0]
    messages.error(request, _("贵行与该需求没有可操作的匹配。") if not mine else _("请选择要答复的产品。"))
    return None


def _move(request: HttpRequest, match: Match, to: str, **kwargs: Any) -> Match | None:
    """Move the bank's match; refusals (illegal move, not allowed) become messages."""
    try:
        return match_transition(match_id=match.pk, actor=request.user, to=to, **kwargs)
    except (ApplicationError, PermissionDenied) as exc:
        report_refusal(request, exc)
        return None


@bank_required
@require_POST
def bank_contacted(request: HttpRequest, pk: int) -> HttpResponse:
    """“已联系企业”: answers the enterprise's interest and stops the clock."""
    match = _target(request, pk)
    if match and _move(request, match, MatchStatus.CONTACTED):
        messages.success(request, _("已记录为已联系企业。"))
    return redirect("financing:bank_request", pk)


@bank_required
@require_POST
def bank_decline(request: HttpRequest, pk: int) -> HttpResponse:
    """“婉拒” with a reason and a note for the enterprise."""
    match = _target(request, pk)
    if match is None:
        return redirect("financing:bank_request", pk)
    form = DeclineForm(request.POST, prefix=f"m{match.pk}")
    if form.is_valid():
        try:
            moved = _move(request, match, MatchStatus.DECLINED, decline_reason=form.cleaned_data["decline_reason"],
                          reason=form.cleaned_data["note"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if moved:
                messages.success(request, _("已婉拒该融资需求，企业会收到通知。"))
            return redirect("financing:bank_request", pk)
    return _page(request, pk, {match.pk: {"decline": form}})


@bank_required
@require_POST
def bank_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    """“记录放款结果”: the loan granted (amount in 万元, rate, term); the request becomes funded."""
    match = _target(request, pk)
    if match is None:
        return redirect("financing:bank_request", pk)
    form = OutcomeForm(request.POST, prefix=f"m{match.pk}")
    if form.is_valid():
        try:
            moved = _move(request, match, MatchStatus.SUCCEEDED, outcome=form.outcome())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if moved:
                messages.success(request, _("已记录放款结果：%(amount)s。")
                                 % {"amount": money(moved.outcome["amount"])})
            return redirect("financing:bank_request", pk)
    return _page(request, pk, {match.pk: {"outcome": form}})
