"""Back-office overview page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from backoffice import selectors
from backoffice.permissions import operator_required


@operator_required
def index(request: HttpRequest) -> HttpResponse:
    """What needs an operator's attention: pending verifications, runs, workers, chains without a lead."""
    return render(request, "backoffice/home.html", {**selectors.overview(), "health": selectors.worker_health()})


urlpatterns = [path("", index, name="home")]
