"""Talent (找人才): enterprises' job postings against individuals' talent profiles.

The need is a ``JobPosting``, the offer a ``TalentProfile`` (``enterprises`` app). A talent can
hide from specific enterprises (``TalentBlock``); an enterprise sees only an anonymized card until
the talent accepts its interest (or applies itself).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from enterprises.models import TalentProfile

Education = TalentProfile.Education


class JobPosting(models.Model):
    """A position a verified enterprise wants to fill (a need in the talent domain)."""

    class Status(models.TextChoices):
        OPEN = "open", _("招聘中")
        FILLED = "filled", _("已招满")
        CLOSED = "closed", _("已关闭")

    enterprise = models.ForeignKey("enterprises.Organization", on_delete=models.CASCADE, related_name="job_postings")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    title = models.CharField(_("职位名称"), max_length=128)
    description = models.TextField(_("职位描述"), blank=True)
    skills = ArrayField(models.CharField(max_length=32), verbose_name=_("技能要求"), default=list, blank=True)
    education_min = models.CharField(_("最低学历"), max_length=16, choices=Education.choices, default=Education.NONE)
    experience_years = models.PositiveSmallIntegerField(_("工作年限要求"), default=0)
    city = models.ForeignKey("enterprises.Region", verbose_name=_("工作城市"), on_delete=models.PROTECT,
                             related_name="+")
    salary_min = models.PositiveIntegerField(_("月薪下限（元）"))
    salary_max = models.PositiveIntegerField(_("月薪上限（元）"))
    headcount = models.PositiveSmallIntegerField(_("招聘人数"), default=1)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.OPEN)
    search_text = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("招聘职位")
        verbose_name_plural = _("招聘职位")
        indexes = [
            models.Index(fields=["status", "city"], name="job_status_city"),
            GinIndex(SearchVector("search_text", config="simple"), name="job_search"),
            GinIndex(fields=["skills"], name="job_skills"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(salary_max__gte=F("salary_min")), name="job_salary_range"),
            models.CheckConstraint(condition=Q(headcount__gte=1), name="job_headcount_positive"),
            models.CheckConstraint(condition=Q(experience_years__lte=60), name="job_experience_max_60"),
        ]

    def __str__(self) -> str:
        return self.title


class TalentBlock(models.Model):
    """A talent hides from one enterprise: it is never matched with nor shown to that organization."""

    talent = models.ForeignKey(TalentProfile, on_delete=models.CASCADE, related_name="blocks")
    organization = models.ForeignKey("enterprises.Organization", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("屏蔽的企业")
        verbose_name_plural = _("屏蔽的企业")
        constraints = [models.UniqueConstraint(fields=["talent", "organization"], name="talent_block_unique")]

    def __str__(self) -> str:
        return f"{self.talent_id} ✕ {self.organization_id}"
