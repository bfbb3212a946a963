"""What an enterprise does with one matched product: show interest, decline it, let the bank see
its identity (consent) or take that back."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from config.exceptions import ApplicationError
from enterprises.views.common import add_service_errors
from matching.common.views import enterprise_required, report_refusal
from matching.engine import selectors as engine_selectors
from matching.engine.models import Match, MatchStatus
from matching.engine.transitions import match_transition
from matching.financing import selectors
from matching.financing import services as fin
from matching.financing.forms import DeclineForm
from matching.financing.models import FinancingRequest
from matching.financing.views.requests import loan_view


def _own_match(request: HttpRequest, pk: int, match_id: int) -> tuple[FinancingRequest, Match]:
    """One of the viewer's requests and one of its financing matches; 404 for anything else."""
    loan = selectors.request_get(viewer=request.user, request_id=pk)
    match = engine_selectors.match_get(viewer=request.user, match_id=match_id)
    if match.domain != "financing" or match.need_id != loan.pk:
        raise Http404(_("未找到该匹配。"))
    return loan, match


def _back(pk: int, match_id: int) -> HttpResponse:
    response = redirect("financing:request_detail", pk)
    response["Location"] += f"#match-{match_id}"
    return response


@enterprise_required
@require_POST
def match_interest(request: HttpRequest, pk: int, match_id: int) -> HttpResponse:
    """“有意向”: the bank is told and its answer clock starts."""
    _loan, match = _own_match(request, pk, match_id)
    try:
        match = match_transition(match_id=match.pk, actor=request.user, to=MatchStatus.INTERESTED)
    except (ApplicationError, PermissionDenied) as exc:
        report_refusal(request, exc)
    else:
        messages.success(request, _("已告知%(bank)s您的融资意向，请留意银行联系。") % {"bank": match.offer_org.name})
    return _back(pk, match_id)


@enterprise_required
@require_http_methods(["GET", "POST"])
def match_decline(request: HttpRequest, pk: int, match_id: int) -> HttpResponse:
    """“不感兴趣” with a reason (the detail page posts here; errors are shown on this page)."""
    loan, match = _own_match(request, pk, match_id)
    form = DeclineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            match_transition(match_id=match.pk, actor=request.user, to=MatchStatus.DECLINED,
                             decline_reason=form.cleaned_data["decline_reason"], reason=form.cleaned_data["note"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        except (ApplicationError, PermissionDenied) as exc:
            report_refusal(request, exc)
            return _back(pk, match_id)
        else:
            messages.success(request, _("已标记为不感兴趣。"))
            return _back(pk, match_id)
    product = selectors.products_by_id({match.offer_id}).get(match.offer_id)
    return render(request, "matching/financing/match_decline.html",
                  {"loan": loan_view(loan), "match": match, "product": product, "form": form})


@enterprise_required
@require_POST
def consent_grant(request: HttpRequest, pk: int, match_id: int) -> HttpResponse:
    """Let the matched bank see the enterprise's name, credit code, contacts and profile."""
    loan, match = _own_match(request, pk, match_id)
    try:
        fin.consent_grant(actor=request.user, request_id=loan.pk, bank_id=match.offer_org_id)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except (ApplicationError, PermissionDenied) as exc:
        report_refusal(request, exc)
    else:
        messages.success(request, _("已授权%(bank)s查看贵单位的名称、信用代码与联系方式。")
                         % {"bank": match.offer_org.name})
    return _back(pk, match_id)


@enterprise_required
@require_http_methods(["GET", "POST"])
def consent_withdraw(request: HttpRequest, pk: int, consent_id: int) -> HttpResponse:
    """GET asks for confirmation; POST withdraws the consent (the bank sees the summary again)."""
    loan = selectors.request_get(viewer=request.user, request_id=pk)
    consent = selectors.consents_for_viewer(viewer=request.user).filter(
        pk=consent_id, request_id=loan.pk, withdrawn_at=None).first()
    if consent is None:
        raise Http404(_("未找到该授权。"))
    if request.method == "POST":
        try:
            fin.consent_withdraw(actor=request.user, consent_id=consent.pk)
        except (ApplicationError, PermissionDenied) as exc:
            report_refusal(request, exc)
        else:
            messages.success(request, _("已撤回对%(bank)s的授权。") % {"bank": consent.bank.name})
        return redirect("financing:request_detail", loan.pk)
    return render(request, "matching/financing/consent_confirm_withdraw.html",
                  {"loan": loan_view(loan), "consent": consent})
