"""White-list pages: batches and the upload form, an import's report (a progress bar while it
runs, CSV download), a batch's firms, publishing a batch and removing a firm. Operators only
(404 for everyone else); every action is one service call."""

from __future__ import annotations

import csv
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from backoffice.models import ImportJob
from backoffice.permissions import operator_required
from backoffice.services import whitelist as services
from config.exceptions import ApplicationError
from enterprises.models import WhitelistBatch, WhitelistEntry
from enterprises.views.common import add_service_errors

PAGE_SIZE = 50
RUNNING = (ImportJob.Status.QUEUED, ImportJob.Status.RUNNING)
STATUS_LABELS = {
    services.OK: gettext_lazy("通过"), services.INVALID_USCC: gettext_lazy("信用代码有误"),
    services.DUPLICATE: gettext_lazy("文件内重复"), services.INVALID_NAME: gettext_lazy("企业名称有误"),
    services.LISTED: gettext_lazy("已在白名单中"), services.UNKNOWN_REGION: gettext_lazy("城市无法识别"),
    services.UNKNOWN_CHAIN: gettext_lazy("产业链无法识别"), services.UNKNOWN_ORG: gettext_lazy("平台上无此企业"),
}


def report_rows(job: ImportJob, *, status: str = "") -> list[dict[str, Any]]:
    """The job's report rows: one status, or all with errors first, then notes, then the rest."""
    if status:
        return [row for row in job.report if row["status"] == status]
    return sorted(job.report, key=lambda r: (0 if r["error"] else 1 if r["message"] else 2, r["row"]))


def next_batch_number() -> int:
    """The lowest unpublished batch's number (to keep filling it), else one past the last."""
    open_batch = WhitelistBatch.objects.filter(published_at=None).order_by("number").first()
    if open_batch:
        return open_batch.number
    return (WhitelistBatch.objects.aggregate(m=Max("number"))["m"] or 0) + 1


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("白名单文件"),
        help_text=gettext_lazy("CSV（UTF-8 或 GBK 编码）或 Excel（.xlsx），不超过 10 MB、50,000 行。表头须包含"
                               "“统一社会信用代码”“企业名称”“所在城市”，可选“所属产业链”“推荐部门”。"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
    number = forms.IntegerField(label=gettext_lazy("批次号（第几批）"), min_value=1,
                                max_value=services.MAX_BATCH_NUMBER)
    unknown_org = forms.ChoiceField(label=gettext_lazy("平台上尚无的企业"), choices=ImportJob.UnknownOrg.choices,
                                    initial=ImportJob.UnknownOrg.CREATE, widget=forms.RadioSelect)
    dry_run = forms.BooleanField(label=gettext_lazy("仅校验，不入库（建议先校验，再提交）"), required=False,
                                 initial=True)


class RemoveForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("移出原因"), max_length=255,
                             error_messages={"required": gettext_lazy("请填写移出原因。")},
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=gettext_lazy("例如：企业申请退出、不再符合条件、信息有误。原因会随记录保存。"))


def _api_error(request: HttpRequest, exc: ApplicationError | ValidationError) -> None:
    text = str(exc) if isinstance(exc, ApplicationError) else " ".join(exc.messages)
    messages.error(request, text)


@operator_required
@require_http_methods(["GET", "POST"])
def whitelist(request: HttpRequest) -> HttpResponse:
    """Batches, the upload form and the latest imports."""
    form = UploadForm(initial={"number": next_batch_number()})
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                job = services.import_submit(upload=data["file"], number=data["number"], dry_run=data["dry_run"],
                                             unknown_org=data["unknown_org"], actor=request.user)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return redirect("backoffice:whitelist_import", job.pk)
    return render(request, "backoffice/whitelist.html", {
        "form": form, "batches": services.batches_overview(), "imports": services.recent_imports(),
    })


@operator_required
@require_GET
def whitelist_import(request: HttpRequest, pk: int) -> HttpResponse:
    """An import: its progress while it runs (the page refreshes itself), then its report."""
    job = get_object_or_404(ImportJob.objects.select_related("batch", "created_by"), pk=pk)
    status = request.GET.get("status", "")
    if status not in services.STATUSES:
        status = ""
    counts = job.counts or {}
    filters = [(s, STATUS_LABELS[s], counts[s]) for s in services.STATUSES if counts.get(s)]
    page = Paginator(report_rows(job, status=status), PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = [{**row, "label": STATUS_LABELS[row["status"]]} for row in page.object_list]
    follow_up = services.committing(job) if job.dry_run else None
    can_commit = (job.dry_run and job.status == ImportJob.Status.VALIDATED and not counts.get("errors")
                  and follow_up is None)
    return render(request, "backoffice/whitelist_import.html", {
        "job": job, "running": job.status in RUNNING, "page_obj": page, "status": status, "filters": filters,
        "can_commit": can_commit, "follow_up": follow_up,
    })


@operator_required
@require_POST
def whitelist_import_commit(request: HttpRequest, pk: int) -> HttpResponse:
    """"Commit this file": a new job that writes the checked file's rows (checked again)."""
    try:
        job = services.import_commit(job_id=pk, actor=request.user)
    except (ApplicationError, ValidationError) as exc:
        _api_error(request, exc)
        return redirect("backoffice:whitelist_import", pk)
    return redirect("backoffice:whitelist_import", job.pk)


def csv_safe(value: object) -> str:
    """A cell that a spreadsheet will not run as a formula (OWASP CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@operator_required
@require_GET
def whitelist_import_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """The report in file order, as CSV for Excel (UTF-8 with BOM, formulas neutralized)."""
    job = get_object_or_404(ImportJob, pk=pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, f"whitelist-import-{job.pk}.csv")
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([_("行号"), _("统一社会信用代码"), _("企业名称"), _("所在城市"), _("所属产业链"), _("推荐部门"),
                     _("结果"), _("状态代码"), _("说明")])
    for row in sorted(job.report, key=lambda r: r["row"]):
        writer.writerow([csv_safe(v) for v in (
            row["row"], row["uscc"], row["name"], row["city"], row["chain"], row["department"],
            STATUS_LABELS.get(row["status"], row["status"]), row["status"], row["message"])])
    return response


@operator_required
@require_GET
def whitelist_batch(request: HttpRequest, pk: int) -> HttpResponse:
    """A batch's firms (removed ones struck through, with who, when and why), searchable."""
    batch = get_object_or_404(services.batches_overview(), pk=pk)
    q = request.GET.get("q", "").strip()[:64]
    page = Paginator(services.batch_entries(batch_id=pk, search=q), PAGE_SIZE).get_page(request.GET.get("page"))
    imports = ImportJob.objects.defer("report").filter(batch=batch).select_related("created_by").order_by("-id")
    return render(request, "backoffice/whitelist_batch.html",
                  {"batch": batch, "page_obj": page, "q": q, "imports": imports})


@operator_required
@require_http_methods(["GET", "POST"])
def whitelist_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm, then publish: the batch's firms are flagged as white-listed."""
    batch = get_object_or_404(services.batches_overview(), pk=pk)
    if request.method == "POST":
        try:
            services.batch_publish(batch_id=pk, actor=request.user)
        except ApplicationError as exc:
            _api_error(request, exc)
        else:
            messages.success(request, _("第%(n)d批白名单已发布，%(count)d 家企业已标记为白名单企业。")
                             % {"n": batch.number, "count": batch.entry_count})
        return redirect("backoffice:whitelist_batch", pk)
    return render(request, "backoffice/whitelist_publish.html", {"batch": batch})


@operator_required
@require_http_methods(["GET", "POST"])
def whitelist_remove(request: HttpRequest, pk: int, entry_pk: int) -> HttpResponse:
    """Remove a firm from the list, with a required reason (the row is kept as history)."""
    entry = get_object_or_404(WhitelistEntry.objects.select_related("batch", "organization", "removed_by"),
                              pk=entry_pk, batch_id=pk)
    form = RemoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.entry_remove(entry_id=entry.pk, batch_id=pk, actor=request.user,
                                  reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        except ApplicationError as exc:
            _api_error(request, exc)
            return redirect("backoffice:whitelist_batch", pk)
        else:
            messages.success(request, _("已将“%(name)s”移出第%(n)d批白名单。") % {"name": entry.name,
                                                                              "n": entry.batch.number})
            return redirect("backoffice:whitelist_batch", pk)
    return render(request, "backoffice/whitelist_remove.html", {"entry": entry, "form": form})


urlpatterns = [
    path("whitelist/", whitelist, name="whitelist"),
    path("whitelist/imports/<int:pk>/", whitelist_import, name="whitelist_import"),
    path("whitelist/imports/<int:pk>/commit/", whitelist_import_commit, name="whitelist_import_commit"),
    path("whitelist/imports/<int:pk>/report.csv", whitelist_import_csv, name="whitelist_import_csv"),
    path("whitelist/batches/<int:pk>/", whitelist_batch, name="whitelist_batch"),
    path("whitelist/batches/<int:pk>/publish/", whitelist_publish, name="whitelist_publish"),
    path("whitelist/batches/<int:pk>/entries/<int:entry_pk>/remove/", whitelist_remove, name="whitelist_remove"),
]
