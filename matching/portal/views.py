"""Pages that span domains: the front page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from enterprises import selectors as enterprise_selectors
from matching.portal.selectors import public_figures


def home(request: HttpRequest) -> HttpResponse:
    """The front page: what the platform does, live counts and Hunan's industrial chains."""
    figures = public_figures()
    return render(
        request,
        "matching/portal/home.html",
        {"counts": figures["counts"], "chains": enterprise_selectors.chains(), "finance": figures["finance"]},
    )
