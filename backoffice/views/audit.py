"""Audit: who changed what (django-auditlog) and who viewed identifying data (DataAccessLog)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from backoffice import selectors
from backoffice.permissions import operator_required
from enterprises.models import SecurityEvent
from enterprises.security.events import security_events

TRACKED = ("organization", "enterpriseprofile", "industrialchain", "chainbank", "whitelistbatch", "whitelistentry",
           "financingproduct", "consent")


@operator_required
def audit(request: HttpRequest) -> HttpResponse:
    """Searchable, paginated tabs: changes, views of identifying data, security events."""
    tab = request.GET.get("tab", "changes")
    q = {k: request.GET.get(k, "").strip() for k in ("actor", "model", "search", "viewer", "subject", "who", "kind")}
    if tab == "security":
        rows = security_events(who=q["who"], kind=q["kind"])
        kinds = SecurityEvent.Kind.choices
    elif tab == "views":
        rows = selectors.data_access(viewer=q["viewer"], subject=q["subject"])
    else:
        rows = selectors.audit_entries(actor=q["actor"], model=q["model"], search=q["search"])
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    return render(request, "backoffice/audit.html", {"tab": tab, "q": q, "page_obj": page, "models": TRACKED,
                                                     "kinds": kinds if tab == "security" else []})


urlpatterns = [path("audit/", audit, name="audit")]
