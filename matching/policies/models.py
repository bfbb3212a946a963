"""Policies (找政策): published by operators with eligibility rules stored as data.

``Policy.rules`` is a JSON object whose keys are the rule fields of
``matching.policies.RULE_FIELDS`` (regions, chains, industries, size classes, 专精特新 level,
white list, high-tech, minimum years, revenue bounds, certifications); each key present is one
condition, all must hold. ``PolicyEligibility`` records, per policy and firm, when the firm was
told it qualifies (once) and whether it confirmed it wants to apply.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Policy(models.Model):
    """A support policy (subsidy, award, tax relief …) with its eligibility rules."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        PUBLISHED = "published", _("已发布")
        WITHDRAWN = "withdrawn", _("已撤回")

    title = models.CharField(_("政策名称"), max_length=200)
    issuer = models.CharField(_("发布机构"), max_length=128)
    document_number = models.CharField(_("文号"), max_length=64, blank=True)
    summary = models.TextField(_("政策摘要"))
    body = models.TextField(_("政策原文"), blank=True)
    link = models.URLField(_("原文链接"), blank=True)
    benefit = models.CharField(_("支持内容"), max_length=255)
    benefit_amount = models.DecimalField(_("最高支持金额（万元）"), max_digits=10, decimal_places=2, null=True,
                                         blank=True)
    valid_from = models.DateField(_("申报开始"), null=True, blank=True)
    valid_until = models.DateField(_("申报截止"), null=True, blank=True)
    rules = models.JSONField(_("申报条件"), default=dict, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("政策")
        verbose_name_plural = _("政策")
        indexes = [
            models.Index(fields=["status", "valid_until"], name="policy_status_until"),
            GinIndex(SearchVector("title", "summary", config="simple"), name="policy_search"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(valid_from__isnull=True) | Q(valid_until__isnull=True)
                                   | Q(valid_until__gte=F("valid_from")), name="policy_valid_window"),
        ]

    def __str__(self) -> str:
        return self.title


class PolicyEligibility(models.Model):
    """One firm qualifying for one policy: notified once, then perhaps confirmed (免申即享)."""

    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="eligibilities")
    organization = models.ForeignKey("enterprises.Organization", on_delete=models.CASCADE, related_name="+")
    notified_at = models.DateTimeField(_("通知时间"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("确认申报时间"), null=True, blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-confirmed_at", "-id"]
        verbose_name = _("政策匹配")
        verbose_name_plural = _("政策匹配")
        constraints = [models.UniqueConstraint(fields=["policy", "organization"], name="policy_eligibility_unique")]
        indexes = [models.Index(fields=["policy", "confirmed_at"], name="policy_confirmed")]

    def __str__(self) -> str:
        return f"{self.policy_id}/{self.organization_id}"
