"""Operator tooling: white-list import jobs and precomputed statistics."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportJob(models.Model):
    """A white-list file being checked (dry run) or committed, with row-by-row results.

    Large files run in a Celery job; ``processed_rows`` / ``total_rows`` is the progress bar,
    so the page survives a reload.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("处理中")
        VALIDATED = "validated", _("已校验")
        COMMITTED = "committed", _("已入库")
        FAILED = "failed", _("失败")

    class UnknownOrg(models.TextChoices):
        CREATE = "create", _("创建待审核企业")
        REJECT = "reject", _("拒绝该行")

    batch_number = models.PositiveSmallIntegerField(_("批次"))
    dry_run = models.BooleanField(_("仅校验"), default=True)
    unknown_org = models.CharField(_("未注册企业"), max_length=8, choices=UnknownOrg.choices,
                                   default=UnknownOrg.CREATE)
    file = models.FileField(_("文件"), upload_to="imports/%Y/%m/")
    original_name = models.CharField(max_length=255)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.QUEUED)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    counts = models.JSONField(default=dict, blank=True)
    report = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)
    batch = models.ForeignKey("enterprises.WhitelistBatch", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="imports")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("白名单导入")
        verbose_name_plural = _("白名单导入")

    def __str__(self) -> str:
        return f"#{self.pk} {self.original_name}"

    @property
    def progress(self) -> int:
        return int(100 * self.processed_rows / self.total_rows) if self.total_rows else 0


class StatsSnapshot(models.Model):
    """Statistics computed by a Celery job into a summary row, not on every page view."""

    key = models.CharField(max_length=64, unique=True)
    data = models.JSONField(default=dict)
    computed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("统计快照")
        verbose_name_plural = _("统计快照")

    def __str__(self) -> str:
        return self.key
