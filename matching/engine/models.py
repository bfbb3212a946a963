"""The engine's own records: runs, matches, their status history, notifications."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _


class Domain(models.TextChoices):
    FINANCING = "financing", _("找资金")
    SUPPLY = "supply", _("找配套")
    TALENT = "talent", _("找人才")
    SERVICES = "services", _("找服务")
    POLICY = "policy", _("找政策")


class MatchStatus(models.TextChoices):
    SUGGESTED = "suggested", _("推荐")
    VIEWED = "viewed", _("已查看")
    INTERESTED = "interested", _("有意向")
    CONTACTED = "contacted", _("已对接")
    SUCCEEDED = "succeeded", _("成功")
    DECLINED = "declined", _("已拒绝")
    EXPIRED = "expired", _("已失效")


OPEN_STATUSES = (MatchStatus.SUGGESTED, MatchStatus.VIEWED, MatchStatus.INTERESTED, MatchStatus.CONTACTED)


class DeclineReason(models.TextChoices):
    NOT_ELIGIBLE = "not_eligible", _("不符合准入条件")
    AMOUNT = "amount", _("额度不匹配")
    RATE = "rate", _("利率或费用不匹配")
    COLLATERAL = "collateral", _("担保或抵押不足")
    CREDIT = "credit", _("信用状况不符")
    CAPACITY = "capacity", _("暂无额度或产能")
    NOT_NEEDED = "not_needed", _("需求已变化或已解决")
    OTHER = "other", _("其他")


class MatchRun(models.Model):
    """One execution of the engine: for one need, one offer, or a whole domain.

    Status moves queued → running → succeeded / failed by conditional update
    (``matching.engine.runs``) so two workers never run the same run.
    """

    class Scope(models.TextChoices):
        NEED = "need", _("单个需求")
        OFFER = "offer", _("单个供给")
        DOMAIN = "domain", _("全量重算")

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("运行中")
        SUCCEEDED = "succeeded", _("已完成")
        FAILED = "failed", _("失败")

    domain = models.CharField(_("领域"), max_length=16, choices=Domain.choices)
    scope = models.CharField(_("范围"), max_length=8, choices=Scope.choices)
    target_id = models.BigIntegerField(_("对象 ID"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.QUEUED)
    engine_version = models.CharField(max_length=32, blank=True)
    candidates = models.PositiveIntegerField(default=0)
    scored = models.PositiveIntegerField(default=0)
    kept = models.PositiveIntegerField(default=0)
    retired = models.PositiveIntegerField(default=0)
    chunks_total = models.PositiveIntegerField(default=0)
    chunks_done = models.PositiveIntegerField(default=0)
    #: Indexes of the chunks already counted: a redelivered chunk rewrites its matches (idempotent)
    #: but is not counted twice.
    chunks_counted = ArrayField(models.PositiveIntegerField(), default=list, blank=True)
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("匹配任务")
        verbose_name_plural = _("匹配任务")
        indexes = [models.Index(fields=["domain", "status"]), models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.domain}/{self.scope}#{self.pk} {self.status}"


class Match(models.Model):
    """One need linked to one offer in one domain, with a score, its reasons and a status.

    Upserted by the engine on (domain, need_id, offer_id); a match that no longer qualifies is
    *retired* (``retired_at`` + reason), never deleted, so history and outcomes survive.
    The parties are denormalized (``need_org``/``offer_org``, ``need_user``/``offer_user``) so
    that scoping a match list is one indexed filter.
    """

    domain = models.CharField(_("领域"), max_length=16, choices=Domain.choices)
    need_id = models.BigIntegerField(_("需求 ID"))
    offer_id = models.BigIntegerField(_("供给 ID"))
    # the organizations' own indexes would repeat the leading column of match_need_org / match_offer_org
    need_org = models.ForeignKey("enterprises.Organization", null=True, blank=True, on_delete=models.CASCADE,
                                 db_index=False, related_name="+")
    offer_org = models.ForeignKey("enterprises.Organization", null=True, blank=True, on_delete=models.CASCADE,
                                  db_index=False, related_name="+")
    need_user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE,
                                  related_name="+")
    offer_user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE,
                                   related_name="+")
    score = models.DecimalField(_("匹配度"), max_digits=5, decimal_places=2)
    breakdown = models.JSONField(_("得分构成"), default=dict)
    explanation = models.JSONField(_("匹配理由"), default=list)
    rank = models.PositiveSmallIntegerField(_("排名"), default=0)
    engine_version = models.CharField(max_length=32)
    # no index: every write of the engine would pay for it, and runs are looked up the other way
    run = models.ForeignKey(MatchRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                            db_index=False)
    lead_bank = models.BooleanField(_("主办银行"), default=False)
    status = models.CharField(_("状态"), max_length=16, choices=MatchStatus.choices, default=MatchStatus.SUGGESTED)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.CharField(_("拒绝原因"), max_length=16, choices=DeclineReason.choices, blank=True)
    decline_note = models.CharField(_("说明"), max_length=500, blank=True)
    outcome = models.JSONField(_("结果"), default=dict, blank=True)
    interested_at = models.DateTimeField(_("表达意向时间"), null=True, blank=True)
    offer_interested_at = models.DateTimeField(_("供给方意向时间"), null=True, blank=True)
    due_at = models.DateTimeField(_("答复期限"), null=True, blank=True)
    responded_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("升级时间"), null=True, blank=True)
    retired_at = models.DateTimeField(_("失效时间"), null=True, blank=True)
    retired_reason = models.CharField(_("失效原因"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-score", "offer_id"]
        verbose_name = _("匹配")
        verbose_name_plural = _("匹配")
        constraints = [
            models.UniqueConstraint(fields=["domain", "need_id", "offer_id"], name="match_unique_pair"),
            models.CheckConstraint(condition=models.Q(score__gte=0, score__lte=100), name="match_score_0_100"),
        ]
        indexes = [
            models.Index(fields=["domain", "need_id", "score"], name="match_need_score"),
            models.Index(fields=["domain", "offer_id"], name="match_offer"),
            models.Index(fields=["need_org", "domain"], name="match_need_org"),
            models.Index(fields=["offer_org", "domain", "status"], name="match_offer_org"),
            # the bank queue: a bank's open matches, best first
            models.Index(fields=["offer_org", "domain", "-score", "id"], name="match_offer_org_live",
                         condition=models.Q(retired_at__isnull=True)),
            models.Index(fields=["status", "due_at"], name="match_due"),
        ]

    def __str__(self) -> str:
        return f"{self.domain} {self.need_id}→{self.offer_id} {self.score}"

    @property
    def is_active(self) -> bool:
        return self.retired_at is None


class MatchTransition(models.Model):
    """Who moved a match from one status to another, when and why (append-only)."""

    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=16, choices=MatchStatus.choices)
    to_status = models.CharField(max_length=16, choices=MatchStatus.choices)
    side = models.CharField(max_length=8, blank=True)  # need, offer or system
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    reason = models.CharField(max_length=500, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("状态变更")
        verbose_name_plural = _("状态变更")

    def __str__(self) -> str:
        return f"{self.match_id}: {self.from_status}→{self.to_status}"


class Notification(models.Model):
    """An in-app notification (also emailed when the user has an address)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("类型"), max_length=32)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    link = models.CharField(_("链接"), max_length=255, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return self.title
