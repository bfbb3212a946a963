"""Supply chain (找配套): what firms make (capabilities) against what firms need (sourcing needs)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ProductCategory(models.Model):
    """A product category: a GB/T 4754-2017 manufacturing division, group or class, or one of the
    chains' product groups filed under its class (``matching.supply.categories``)."""

    class Level(models.TextChoices):
        DIVISION = "division", _("大类")
        GROUP = "group", _("中类")
        CLASS = "class", _("小类")
        PRODUCT = "product", _("产品组")

    code = models.CharField(_("代码"), max_length=32, primary_key=True)
    name = models.CharField(_("名称"), max_length=64)
    name_en = models.CharField(_("英文名称"), max_length=128, blank=True)
    level = models.CharField(_("层级"), max_length=8, choices=Level.choices, default=Level.DIVISION)
    description = models.TextField(_("说明"), blank=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    chain = models.ForeignKey("enterprises.IndustrialChain", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")

    class Meta:
        ordering = ["code"]
        verbose_name = _("产品类别")
        verbose_name_plural = _("产品类别")

    def __str__(self) -> str:
        return self.name


class Distance(models.TextChoices):
    CITY = "city", _("同城")
    PROVINCE = "province", _("省内")
    ANY = "any", _("不限")


class SupplyCapability(models.Model):
    """What a verified enterprise makes and can supply (an offer in the supply domain)."""

    enterprise = models.ForeignKey("enterprises.Organization", on_delete=models.CASCADE, related_name="capabilities")
    category = models.ForeignKey(ProductCategory, verbose_name=_("产品类别"), on_delete=models.PROTECT,
                                 related_name="capabilities")
    title = models.CharField(_("产品名称"), max_length=128)
    description = models.TextField(_("产品与工艺说明"), blank=True)
    materials = ArrayField(models.CharField(max_length=32), verbose_name=_("材质"), default=list, blank=True)
    processes = ArrayField(models.CharField(max_length=32), verbose_name=_("工艺"), default=list, blank=True)
    specs = ArrayField(models.CharField(max_length=48), verbose_name=_("规格型号"), default=list, blank=True)
    certifications = ArrayField(models.CharField(max_length=32), verbose_name=_("资质认证"), default=list,
                                blank=True)
    capacity_per_month = models.DecimalField(_("月产能"), max_digits=14, decimal_places=2, null=True, blank=True)
    unit = models.CharField(_("单位"), max_length=16, blank=True)
    lead_time_days = models.PositiveSmallIntegerField(_("常规交期（天）"), null=True, blank=True)
    regions_served = ArrayField(models.CharField(max_length=6), verbose_name=_("供货地区"), default=list,
                                blank=True)
    sample_ability = models.BooleanField(_("可打样/试制"), default=False)
    active = models.BooleanField(_("有效"), default=True)
    search_text = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("配套能力")
        verbose_name_plural = _("配套能力")
        indexes = [
            models.Index(fields=["category", "active"], name="capability_category"),
            models.Index(fields=["updated_at"], name="capability_updated"),  # the offer store's delta
            GinIndex(SearchVector("search_text", config="simple"), name="capability_search"),
            GinIndex(fields=["certifications"], name="capability_certs"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(capacity_per_month__isnull=True) | Q(capacity_per_month__gt=0),
                                   name="capability_capacity_positive"),
        ]

    def __str__(self) -> str:
        return self.title


class SourcingNeed(models.Model):
    """What a verified enterprise wants to buy (a need in the supply domain)."""

    class Status(models.TextChoices):
        OPEN = "open", _("征集中")
        MATCHED = "matched", _("已匹配")
        FULFILLED = "fulfilled", _("已达成")
        CLOSED = "closed", _("已关闭")

    enterprise = models.ForeignKey("enterprises.Organization", on_delete=models.CASCADE, related_name="sourcing_needs")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    category = models.ForeignKey(ProductCategory, verbose_name=_("产品类别"), on_delete=models.PROTECT,
                                 related_name="needs")
    title = models.CharField(_("需求名称"), max_length=128)
    description = models.TextField(_("规格与要求"), blank=True)
    materials = ArrayField(models.CharField(max_length=32), verbose_name=_("材质"), default=list, blank=True)
    processes = ArrayField(models.CharField(max_length=32), verbose_name=_("工艺"), default=list, blank=True)
    specs = ArrayField(models.CharField(max_length=48), verbose_name=_("规格型号"), default=list, blank=True)
    quantity = models.DecimalField(_("数量"), max_digits=14, decimal_places=2, null=True, blank=True)
    unit = models.CharField(_("单位"), max_length=16, blank=True)
    required_certifications = ArrayField(models.CharField(max_length=32), verbose_name=_("必需认证"), default=list,
                                         blank=True)
    needed_by = models.DateField(_("需求日期"), null=True, blank=True)
    max_distance = models.CharField(_("配套范围"), max_length=8, choices=Distance.choices, default=Distance.PROVINCE)
    budget_min = models.DecimalField(_("预算下限（元）"), max_digits=14, decimal_places=2, null=True, blank=True)
    budget_max = models.DecimalField(_("预算上限（元）"), max_digits=14, decimal_places=2, null=True, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.OPEN)
    search_text = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("采购需求")
        verbose_name_plural = _("采购需求")
        indexes = [
            models.Index(fields=["category", "status"], name="need_category"),
            GinIndex(SearchVector("search_text", config="simple"), name="need_search"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__isnull=True) | Q(quantity__gt=0), name="need_quantity_pos"),
            models.CheckConstraint(condition=Q(budget_min__isnull=True) | Q(budget_max__isnull=True)
                                   | Q(budget_max__gte=models.F("budget_min")), name="need_budget_range"),
        ]

    def __str__(self) -> str:
        return self.title
