"""Services and institutions (找服务、找机构): providers' offerings against enterprises' requests."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from enterprises.models import ProviderProfile

ServiceCategory = ProviderProfile.Category


class ServiceOffering(models.Model):
    """A service a verified provider publishes (an offer in the services domain; public in 找机构)."""

    provider = models.ForeignKey("enterprises.Organization", on_delete=models.CASCADE, related_name="service_offerings")
    category = models.CharField(_("服务类别"), max_length=16, choices=ServiceCategory.choices)
    title = models.CharField(_("服务名称"), max_length=128)
    description = models.TextField(_("服务内容"), blank=True)
    price_min = models.PositiveIntegerField(_("价格下限（元）"), null=True, blank=True)
    price_max = models.PositiveIntegerField(_("价格上限（元）"), null=True, blank=True)
    regions = ArrayField(models.CharField(max_length=6), verbose_name=_("服务地区"), default=list, blank=True)
    response_days = models.PositiveSmallIntegerField(_("响应时间（工作日）"), default=3)
    active = models.BooleanField(_("有效"), default=True)
    search_text = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("服务产品")
        verbose_name_plural = _("服务产品")
        indexes = [
            models.Index(fields=["category", "active"], name="offering_category"),
            GinIndex(SearchVector("search_text", config="simple"), name="offering_search"),
            GinIndex(fields=["regions"], name="offering_regions"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(price_min__isnull=True) | Q(price_max__isnull=True)
                                   | Q(price_max__gte=F("price_min")), name="offering_price_range"),
            models.CheckConstraint(condition=Q(response_days__lte=60), name="offering_response_max_60"),
        ]

    def __str__(self) -> str:
        return self.title


class ServiceRequest(models.Model):
    """What a verified enterprise needs from a provider (a need in the services domain)."""

    class Status(models.TextChoices):
        OPEN = "open", _("征集中")
        MATCHED = "matched", _("已匹配")
        FULFILLED = "fulfilled", _("已解决")
        CLOSED = "closed", _("已关闭")

    enterprise = models.ForeignKey("enterprises.Organization", on_delete=models.CASCADE,
                                   related_name="service_requests")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    category = models.CharField(_("服务类别"), max_length=16, choices=ServiceCategory.choices)
    title = models.CharField(_("需求名称"), max_length=128)
    description = models.TextField(_("需求说明"), blank=True)
    budget_max = models.PositiveIntegerField(_("预算上限（元）"), null=True, blank=True)
    needed_by = models.DateField(_("期望完成日期"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.OPEN)
    search_text = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("服务需求")
        verbose_name_plural = _("服务需求")
        indexes = [
            models.Index(fields=["category", "status"], name="service_request_category"),
            GinIndex(SearchVector("search_text", config="simple"), name="service_request_search"),
        ]

    def __str__(self) -> str:
        return self.title
