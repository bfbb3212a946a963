"""The operators' statistics page, its "recompute now" button and the CSV export of each chart."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from backoffice import selectors_stats as stats
from backoffice.permissions import operator_required
from backoffice.tasks.stats import compute_stats
from config.queueing import enqueue_on_commit


@operator_required
@require_GET
def stats_page(request: HttpRequest) -> HttpResponse:
    """Charts and tables read from the latest snapshots (a constant number of queries)."""
    snapshots = stats.stats_snapshots()
    charts = stats.stats_charts(snapshots)
    return render(request, "backoffice/stats.html", {
        "computed_at": stats.snapshots_computed_at(snapshots),
        "headline": stats.headline_figures(snapshots),
        "charts": charts,
        "plotted": [charts[name] for name in ("trend", "chains", "cities", "funnel")],
        "tables": [charts[name] for name in ("banks", "domains")],
    })


@operator_required
@require_POST
def stats_recompute(request: HttpRequest) -> HttpResponse:
    """Queue ``backoffice.compute_stats`` (after commit; in the embedded mode it runs at once)."""
    enqueue_on_commit(compute_stats)
    if compute_stats.app.conf.task_always_eager:  # the embedded mode: it has already run
        messages.success(request, _("统计已重新计算。"))
    else:
        messages.success(request, _("已提交重新计算，完成后刷新本页即可看到最新数字。"))
    return redirect("backoffice:stats")


@operator_required
@require_GET
def stats_export(request: HttpRequest, name: str) -> HttpResponse:
    """One chart's table as CSV: the same numbers the chart draws (UTF-8 with BOM)."""
    if name not in stats.CHARTS:
        raise Http404
    chart = stats.CHARTS[name](stats.stats_snapshots())
    response = HttpResponse(stats.csv_bytes(chart.columns, chart.rows), content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="qilian-stats-{name}-{stamp}.csv"'
    return response


urlpatterns = [
    path("stats/", stats_page, name="stats"),
    path("stats/recompute/", stats_recompute, name="stats_recompute"),
    path("stats/export/<slug:name>.csv", stats_export, name="stats_export"),
]
