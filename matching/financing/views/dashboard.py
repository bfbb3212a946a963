"""A bank's dashboard: its queue by status, answers overdue, response time, loans granted, and —
for a lead bank (主办银行) — the open demand in the chains it leads."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from matching.common.formatting import money
from matching.common.views import bank_required
from matching.engine.models import MatchStatus
from matching.financing import selectors


@bank_required
@require_GET
def bank_dashboard(request: HttpRequest) -> HttpResponse:
    figures = selectors.bank_dashboard(viewer=request.user)
    by_status = figures["by_status"]
    statuses = [(value, name, by_status.get(value, 0)) for value, name in MatchStatus.choices]
    return render(request, "matching/financing/bank/dashboard.html", {
        "statuses": statuses,
        "open_total": sum(n for value, _name, n in statuses if value in (
            MatchStatus.SUGGESTED, MatchStatus.VIEWED, MatchStatus.INTERESTED, MatchStatus.CONTACTED)),
        "overdue": figures["overdue"],
        "median_response_hours": figures["median_response_hours"],
        "granted_total": money(figures["granted_total"]),
        "led_chains": figures["led_chains"],
    })
