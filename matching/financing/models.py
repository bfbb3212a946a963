"""Financing (找资金): banks' products (offers) and enterprises' loan requests (needs), consent."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from enterprises.models.profiles import CreditRating, SpecializedLevel


class ProductType(models.TextChoices):
    CREDIT = "credit", _("信用贷")
    MORTGAGE = "mortgage", _("抵押贷")
    GUARANTEE = "guarantee", _("担保贷")
    SUPPLY_CHAIN = "supply_chain", _("供应链金融")
    IP_PLEDGE = "ip_pledge", _("知识产权质押")
    TECH = "tech", _("科技贷")


class Collateral(models.TextChoices):
    NONE = "none", _("无需抵押（信用）")
    REAL_ESTATE = "real_estate", _("房产抵押")
    EQUIPMENT = "equipment", _("设备抵押")
    RECEIVABLES = "receivables", _("应收账款质押")
    IP = "ip", _("知识产权质押")
    GUARANTEE = "guarantee", _("第三方担保")
    DEPOSIT = "deposit", _("存单质押")


class Purpose(models.TextChoices):
    WORKING_CAPITAL = "working_capital", _("流动资金")
    EQUIPMENT = "equipment", _("设备购置")
    TECH_UPGRADE = "tech_upgrade", _("技术改造")
    RND = "rnd", _("研发投入")
    EXPANSION = "expansion", _("扩大产能")
    ORDERS = "orders", _("订单生产")
    OTHER = "other", _("其他")


class Urgency(models.TextChoices):
    LOW = "low", _("一般")
    NORMAL = "normal", _("较急")
    HIGH = "high", _("紧急")


class FinancingProduct(models.Model):
    """A bank's financing product. Targets are arrays (empty = no restriction) for indexed filters."""

    bank = models.ForeignKey("enterprises.Organization", on_delete=models.CASCADE, related_name="products",
                             limit_choices_to={"kind": "bank"})
    name = models.CharField(_("产品名称"), max_length=128)
    type = models.CharField(_("产品类型"), max_length=16, choices=ProductType.choices)
    description = models.TextField(_("产品介绍"), blank=True)
    amount_min = models.DecimalField(_("最低额度（元）"), max_digits=14, decimal_places=2)
    amount_max = models.DecimalField(_("最高额度（元）"), max_digits=14, decimal_places=2)
    term_min = models.PositiveSmallIntegerField(_("最短期限（月）"))
    term_max = models.PositiveSmallIntegerField(_("最长期限（月）"))
    rate_min = models.DecimalField(_("最低年利率（%）"), max_digits=5, decimal_places=2)
    rate_max = models.DecimalField(_("最高年利率（%）"), max_digits=5, decimal_places=2)
    collateral = ArrayField(models.CharField(max_length=16, choices=Collateral.choices),
                            verbose_name=_("接受的担保方式"), default=list, blank=True)
    regions = ArrayField(models.CharField(max_length=6), verbose_name=_("目标地区"), default=list, blank=True)
    chains = ArrayField(models.BigIntegerField(), verbose_name=_("目标产业链"), default=list, blank=True)
    industries = ArrayField(models.CharField(max_length=5), verbose_name=_("目标行业"), default=list, blank=True)
    whitelist_only = models.BooleanField(_("仅限白名单企业"), default=False)
    min_specialized_level = models.CharField(_("最低专精特新等级"), max_length=16, choices=SpecializedLevel.choices,
                                             default=SpecializedLevel.NONE)
    min_credit_rating = models.CharField(_("最低信用评级"), max_length=4, choices=CreditRating.choices, blank=True)
    min_years = models.PositiveSmallIntegerField(_("最低经营年限"), default=0)
    min_revenue = models.DecimalField(_("最低年营收（元）"), max_digits=16, decimal_places=2, default=0)
    approval_days = models.PositiveSmallIntegerField(_("一般审批天数"), default=7)
    active = models.BooleanField(_("上架"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("金融产品")
        verbose_name_plural = _("金融产品")
        constraints = [
            models.CheckConstraint(condition=Q(amount_min__gt=0) & Q(amount_max__gte=F("amount_min")),
                                   name="product_amount_range"),
            models.CheckConstraint(condition=Q(term_min__gte=1) & Q(term_max__lte=360) & Q(term_max__gte=F("term_min")),
                                   name="product_term_range"),
            models.CheckConstraint(condition=Q(rate_min__gte=0) & Q(rate_max__lte=36) & Q(rate_max__gte=F("rate_min")),
                                   name="product_rate_range"),
            models.CheckConstraint(condition=Q(min_revenue__gte=0), name="product_min_revenue_not_negative"),
        ]
        indexes = [
            models.Index(fields=["active", "amount_min", "amount_max"], name="product_amount"),
            models.Index(fields=["updated_at"], name="product_updated"),  # the offer store's delta
            GinIndex(fields=["regions"], name="product_regions"),
            GinIndex(fields=["collateral"], name="product_collateral"),
        ]

    def __str__(self) -> str:
        return self.name


class FinancingRequest(models.Model):
    """An enterprise's loan request (a need in the financing domain)."""

    class Status(models.TextChoices):
        OPEN = "open", _("待匹配")
        MATCHED = "matched", _("已匹配")
        IN_PROGRESS = "in_progress", _("对接中")
        FUNDED = "funded", _("已放款")
        CLOSED = "closed", _("已关闭")
        WITHDRAWN = "withdrawn", _("已撤回")

    enterprise = models.ForeignKey("enterprises.Organization", on_delete=models.CASCADE,
                                   related_name="financing_requests", limit_choices_to={"kind": "enterprise"})
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    amount = models.DecimalField(_("申请金额（元）"), max_digits=14, decimal_places=2)
    term = models.PositiveSmallIntegerField(_("期限（月）"))
    purpose = models.CharField(_("用途"), max_length=16, choices=Purpose.choices)
    purpose_detail = models.CharField(_("用途说明"), max_length=500, blank=True)
    collateral = ArrayField(models.CharField(max_length=16, choices=Collateral.choices),
                            verbose_name=_("可提供的担保方式"), default=list, blank=True)
    max_rate = models.DecimalField(_("可接受最高年利率（%）"), max_digits=5, decimal_places=2, null=True, blank=True)
    urgency = models.CharField(_("紧急程度"), max_length=8, choices=Urgency.choices, default=Urgency.NORMAL)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.OPEN)
    granted_amount = models.DecimalField(_("获贷金额（元）"), max_digits=14, decimal_places=2, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("融资需求")
        verbose_name_plural = _("融资需求")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="request_amount_positive"),
            models.CheckConstraint(condition=Q(term__gte=1) & Q(term__lte=360), name="request_term_1_360"),
            models.CheckConstraint(condition=Q(max_rate__isnull=True) | (Q(max_rate__gte=0) & Q(max_rate__lte=36)),
                                   name="request_rate_0_36"),
        ]
        indexes = [models.Index(fields=["enterprise", "status"], name="request_enterprise_status")]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.amount}"


class Consent(models.Model):
    """An enterprise's consent that one bank may see its identifying data for one request."""

    request = models.ForeignKey(FinancingRequest, on_delete=models.CASCADE, related_name="consents")
    bank = models.ForeignKey("enterprises.Organization", on_delete=models.CASCADE, related_name="consents_received")
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    granted_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-granted_at"]
        verbose_name = _("数据授权")
        verbose_name_plural = _("数据授权")
        constraints = [
            models.UniqueConstraint(fields=["request", "bank"], condition=Q(withdrawn_at__isnull=True),
                                    name="consent_one_active_per_bank"),
        ]

    def __str__(self) -> str:
        return f"{self.request_id} → {self.bank_id}"


class DataAccessLog(models.Model):
    """Every view of an enterprise's identifying data by someone outside it (append-only)."""

    viewer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    viewer_org = models.ForeignKey("enterprises.Organization", null=True, on_delete=models.SET_NULL,
                                   related_name="+")
    subject_org = models.ForeignKey("enterprises.Organization", on_delete=models.CASCADE, related_name="+")
    request = models.ForeignKey(FinancingRequest, null=True, on_delete=models.SET_NULL, related_name="+")
    what = models.CharField(max_length=64)
    via = models.CharField(max_length=8, default="web")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("敏感数据访问记录")
        verbose_name_plural = _("敏感数据访问记录")
        indexes = [models.Index(fields=["subject_org", "at"], name="access_subject")]

    def __str__(self) -> str:
        return f"{self.viewer_id} saw {self.subject_org_id} ({self.what})"
