"""White-list batches for operators and partner scripts (under /api/v1/backoffice/).

``POST whitelist-batches/`` (multipart ``file``, ``number``, ``dry_run`` = true, ``unknown_org``)
answers the row-by-row report (200), a refusal with the report (400, when committing a file
with error rows), or — for files over 2,000 rows — a job to poll (202) at
``whitelist-imports/{id}/``. ``GET whitelist-batches/`` lists batches; a batch's firms, publish
and remove a firm (with a reason) have their own paths.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from backoffice.models import ImportJob
from backoffice.permissions import OperatorAPIView
from backoffice.services import whitelist as services
from enterprises.models import WhitelistBatch, WhitelistEntry


class UploadInput(serializers.Serializer):
    file = serializers.FileField(help_text=_("CSV（UTF-8/GBK）或 .xlsx，≤ 10 MB，≤ 50,000 行"))
    number = serializers.IntegerField(min_value=1, max_value=services.MAX_BATCH_NUMBER)
    dry_run = serializers.BooleanField(default=True)
    unknown_org = serializers.ChoiceField(choices=ImportJob.UnknownOrg.choices, default=ImportJob.UnknownOrg.CREATE)


class RemoveInput(serializers.Serializer):
    reason = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")


class WhitelistReportRowSerializer(serializers.Serializer):
    row = serializers.IntegerField(help_text=_("行号（与 Excel 中的行号一致）"))
    uscc = serializers.CharField()
    name = serializers.CharField()
    city = serializers.CharField()
    chain = serializers.CharField()
    department = serializers.CharField()
    status = serializers.ChoiceField(choices=services.STATUSES)
    message = serializers.CharField()
    error = serializers.BooleanField(help_text=_("该行是否阻止入库"))


WhitelistReportCountsSerializer = type("WhitelistReportCountsSerializer", (serializers.Serializer,), {
    key: serializers.IntegerField() for key in (*services.STATUSES, "total", "errors")})


class WhitelistBatchSerializer(serializers.ModelSerializer):
    entries = serializers.IntegerField(source="entry_count", read_only=True, help_text=_("在册（未移出）企业数"))
    removed = serializers.IntegerField(source="removed_count", read_only=True)
    imports = serializers.IntegerField(source="import_count", read_only=True)

    class Meta:
        model = WhitelistBatch
        fields = ["id", "number", "title", "published_at", "entries", "removed", "imports"]
        read_only_fields = fields


class WhitelistEntrySerializer(serializers.ModelSerializer):
    city = serializers.CharField(source="city_id", allow_null=True, read_only=True)
    chain = serializers.IntegerField(source="chain_id", allow_null=True, read_only=True)
    removed_by = serializers.CharField(source="removed_by.username", allow_null=True, default=None, read_only=True)

    class Meta:
        model = WhitelistEntry
        fields = ["id", "uscc", "name", "organization", "city", "chain", "department", "row_number", "removed_at",
                  "removed_reason", "removed_by"]
        read_only_fields = fields


class WhitelistErrorSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    fields = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))


class WhitelistImportSerializer(serializers.Serializer):
    """An import, as POST answers it (200 report, 202 queued, 400 refused) and as polled."""

    job = serializers.IntegerField()
    status = serializers.ChoiceField(choices=ImportJob.Status.choices)
    progress = serializers.IntegerField(help_text="0–100")
    processed_rows = serializers.IntegerField()
    total_rows = serializers.IntegerField()
    dry_run = serializers.BooleanField()
    number = serializers.IntegerField()
    error = serializers.CharField(help_text=_("失败原因（失败时）"))
    counts = WhitelistReportCountsSerializer(required=False, help_text=_("处理完成后：各状态的行数"))
    rows = WhitelistReportRowSerializer(many=True, required=False, help_text=_("处理完成后：逐行报告"))
    batch = WhitelistBatchSerializer(allow_null=True, required=False, help_text=_("入库成功时：该批次"))


class WhitelistImportRefusedSerializer(serializers.Serializer):
    """400: the project's error shape, plus — when the file itself was refused — the import and its report
    (a request that fails validation has the error alone)."""

    error = WhitelistErrorSerializer()
    job = serializers.IntegerField(required=False)
    status = serializers.CharField(required=False)
    counts = WhitelistReportCountsSerializer(required=False)
    rows = WhitelistReportRowSerializer(many=True, required=False)


def _job(job: ImportJob) -> dict[str, Any]:
    return {"job": job.pk, "status": job.status, "progress": job.progress, "processed_rows": job.processed_rows,
            "total_rows": job.total_rows, "dry_run": job.dry_run, "number": job.batch_number, "error": job.error}


def _report(job: ImportJob) -> dict[str, Any]:
    batch = services.batches_overview().filter(pk=job.batch_id).first() if job.batch_id else None
    return {**_job(job), "counts": job.counts, "rows": job.report,
            "batch": WhitelistBatchSerializer(batch).data if batch else None}


def _answer(job: ImportJob) -> Response:
    """202 while it runs; 200 with the report; 400 (error shape plus report) if it failed."""
    if job.status in (ImportJob.Status.QUEUED, ImportJob.Status.RUNNING):
        return Response(_job(job), status=status.HTTP_202_ACCEPTED)
    body = _report(job)
    if job.status == ImportJob.Status.FAILED:
        fields = {} if job.report else {"file": [job.error]}
        error = {"code": "validation_error", "message": job.error, "fields": fields}
        return Response({**body, "error": error}, status=status.HTTP_400_BAD_REQUEST)
    return Response(body)


class WhitelistBatchListAPI(OperatorAPIView, generics.ListAPIView):
    """Batches, newest first; POST imports a file into batch ``number`` (dry run by default)."""

    serializer_class = WhitelistBatchSerializer

    def get_queryset(self):
        return services.batches_overview()

    @extend_schema(request={"multipart/form-data": UploadInput},
                   responses={200: WhitelistImportSerializer, 202: WhitelistImportSerializer,
                              400: WhitelistImportRefusedSerializer})
    def post(self, request: Request) -> Response:
        data = UploadInput(data=request.data)
        data.is_valid(raise_exception=True)
        job = services.import_submit(actor=request.user, upload=data.validated_data.pop("file"),
                                     **data.validated_data)
        return _answer(job)


class WhitelistImportAPI(OperatorAPIView):
    """One import: status and progress while it runs; the report (and batch) once it is done."""

    @extend_schema(responses=WhitelistImportSerializer)
    def get(self, request: Request, pk: int) -> Response:
        job = ImportJob.objects.filter(pk=pk).first()
        if job is None:
            raise Http404
        if job.status in (ImportJob.Status.QUEUED, ImportJob.Status.RUNNING):
            return Response(_job(job))
        return Response(_report(job))


class WhitelistEntryListAPI(OperatorAPIView, generics.ListAPIView):
    """A batch's firms in import order, removed ones included (``?search=`` name or USCC)."""

    serializer_class = WhitelistEntrySerializer

    @extend_schema(parameters=[OpenApiParameter("search", str)])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not WhitelistBatch.objects.filter(pk=kwargs["pk"]).exists():
            raise Http404
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return WhitelistEntry.objects.none()
        return services.batch_entries(batch_id=self.kwargs["pk"],
                                      search=self.request.query_params.get("search", "").strip()[:64])


class WhitelistPublishAPI(OperatorAPIView):
    """Publish a batch: its listed firms are flagged (banks see 白名单 第N批). 409 if already published."""

    @extend_schema(request=None, responses=WhitelistBatchSerializer)
    def post(self, request: Request, pk: int) -> Response:
        services.batch_publish(batch_id=pk, actor=request.user)
        return Response(WhitelistBatchSerializer(services.batches_overview().get(pk=pk)).data)


class WhitelistRemoveAPI(OperatorAPIView):
    """Remove a firm from a batch; ``reason`` is required. The entry is kept, marked removed."""

    @extend_schema(request=RemoveInput, responses=WhitelistEntrySerializer)
    def post(self, request: Request, pk: int, entry_id: int) -> Response:
        data = RemoveInput(data=request.data)
        data.is_valid(raise_exception=True)
        entry = services.entry_remove(entry_id=entry_id, batch_id=pk, actor=request.user,
                                      reason=data.validated_data["reason"])
        return Response(WhitelistEntrySerializer(entry).data)


urlpatterns = [
    path("whitelist-batches/", WhitelistBatchListAPI.as_view(), name="api-bo-whitelist-batches"),
    path("whitelist-batches/<int:pk>/entries/", WhitelistEntryListAPI.as_view(), name="api-bo-whitelist-entries"),
    path("whitelist-batches/<int:pk>/publish/", WhitelistPublishAPI.as_view(), name="api-bo-whitelist-publish"),
    path("whitelist-batches/<int:pk>/entries/<int:entry_id>/remove/", WhitelistRemoveAPI.as_view(),
         name="api-bo-whitelist-remove"),
    path("whitelist-imports/<int:pk>/", WhitelistImportAPI.as_view(), name="api-bo-whitelist-import"),
]
