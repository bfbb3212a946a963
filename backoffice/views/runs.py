"""Matching jobs: MatchRuns with progress and errors, full rematch, retry, worker health."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from backoffice import selectors
from backoffice.permissions import operator_required
from matching.engine.registry import domain_names
from matching.engine.runs import run_create, run_retry
from matching.models import Domain, MatchRun


@operator_required
def run_list(request: HttpRequest) -> HttpResponse:
    """Runs newest first, filterable by domain and status; refreshes itself while any is running."""
    domain, status = request.GET.get("domain", ""), request.GET.get("status", "")
    page = Paginator(selectors.match_runs(domain=domain, status=status), 25).get_page(request.GET.get("page"))
    active = any(r.status in (MatchRun.Status.QUEUED, MatchRun.Status.RUNNING) for r in page.object_list)
    return render(request, "backoffice/runs.html", {
        "page_obj": page, "domain": domain, "status": status, "statuses": MatchRun.Status.choices,
        "domains": [(d, Domain(d).label) for d in domain_names()], "counts": selectors.run_counts(),
        "health": selectors.worker_health(), "refresh": active,
    })


@operator_required
@require_POST
def run_start(request: HttpRequest) -> HttpResponse:
    """Start a full rematch of one domain."""
    domain = request.POST.get("domain", "")
    if domain not in domain_names():
        messages.error(request, _("请选择要重新匹配的领域。"))
    else:
        run = run_create(domain=domain, scope=MatchRun.Scope.DOMAIN)
        messages.success(request, _("已启动全量重新匹配（任务 #%(id)s）。") % {"id": run.pk})
    return redirect("backoffice:runs")


@operator_required
@require_POST
def run_retry_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Queue a failed run again (404 for an unknown run)."""
    if not MatchRun.objects.filter(pk=pk).exists():
        raise Http404
    run = run_retry(run_id=pk)
    if run.status == MatchRun.Status.QUEUED:
        messages.success(request, _("任务 #%(id)s 已重新排队。") % {"id": pk})
    else:
        messages.warning(request, _("只有失败的任务可以重试。"))
    return redirect("backoffice:runs")


urlpatterns = [
    path("runs/", run_list, name="runs"),
    path("runs/start/", run_start, name="run_start"),
    path("runs/<int:pk>/retry/", run_retry_view, name="run_retry"),
]
