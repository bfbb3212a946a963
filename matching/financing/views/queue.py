"""A bank's queue of matched loan requests: anonymized until the enterprise consents, filterable."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from matching.common.views import bank_required, own_organization
from matching.financing import selectors
from matching.financing.forms import QueueFilterForm
from matching.financing.views.common import clock, summary_view

PAGE_SIZE = 20


@bank_required
@require_GET
def bank_queue(request: HttpRequest) -> HttpResponse:
    """Matched requests for this bank, anonymized until the enterprise consents; filterable, 20 a page."""
    form = QueueFilterForm(request.GET or None)
    if form.is_bound:
        form.is_valid()
    page = Paginator(selectors.bank_queue(viewer=request.user, filters=form.filters()), PAGE_SIZE).get_page(
        request.GET.get("page"))
    need_ids = {m.need_id for m in page}
    summaries = selectors.anonymized_summaries(need_ids) if need_ids else {}
    consented = selectors.consented_request_ids(bank_id=own_organization(request).pk,
                                                request_ids=need_ids) if need_ids else set()
    products = selectors.products_by_id({m.offer_id for m in page}) if need_ids else {}
    rows = [{"match": m, "summary": summary_view(summaries[m.need_id]), "consented": m.need_id in consented,
             "product": products.get(m.offer_id),
             **clock(m)} for m in page if m.need_id in summaries]
    return render(request, "matching/financing/bank/queue.html", {"form": form, "page_obj": page, "rows": rows})
