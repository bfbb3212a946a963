"""Matchmaking events (产业链对接会): events, firms' registrations, scheduled 1:1 meetings."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class MatchmakingEvent(models.Model):
    """An event published by operators: when and where, its time slots and tables, its status.

    Status: draft → open (registration) → scheduled (a schedule exists; reruns allowed) →
    locked (no more reruns) → held (after the date). The schedule job's own state is kept in
    ``schedule_status``; ``schedule_version`` grows with every request so a stale job never
    overwrites a newer one.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        OPEN = "open", _("报名中")
        SCHEDULED = "scheduled", _("已排程")
        LOCKED = "locked", _("日程已锁定")
        HELD = "held", _("已举办")

    class ScheduleStatus(models.TextChoices):
        IDLE = "idle", _("未生成")
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("生成中")
        SUCCEEDED = "succeeded", _("已生成")
        FAILED = "failed", _("失败")

    title = models.CharField(_("活动名称"), max_length=128)
    chain = models.ForeignKey("enterprises.IndustrialChain", verbose_name=_("产业链"), on_delete=models.PROTECT,
                              related_name="+")
    city = models.ForeignKey("enterprises.Region", verbose_name=_("举办城市"), on_delete=models.PROTECT,
                             related_name="+")
    date = models.DateField(_("举办日期"))
    venue = models.CharField(_("举办地点"), max_length=200)
    description = models.TextField(_("活动简介"), blank=True)
    start_time = models.TimeField(_("首场洽谈开始时间"))
    slot_count = models.PositiveSmallIntegerField(_("洽谈场次"))
    meeting_minutes = models.PositiveSmallIntegerField(_("每场时长（分钟）"))
    break_minutes = models.PositiveSmallIntegerField(_("场间休息（分钟）"), default=0)
    tables = models.PositiveSmallIntegerField(_("洽谈桌数"))
    meeting_cap = models.PositiveSmallIntegerField(_("每家企业最多洽谈场数"))
    registration_deadline = models.DateTimeField(_("报名截止时间"))
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    schedule_status = models.CharField(_("日程生成状态"), max_length=16, choices=ScheduleStatus.choices,
                                       default=ScheduleStatus.IDLE)
    schedule_version = models.PositiveIntegerField(default=0)
    schedule_requested_at = models.DateTimeField(null=True, blank=True)
    scheduled_at = models.DateTimeField(_("日程生成时间"), null=True, blank=True)
    schedule_info = models.JSONField(_("求解信息"), default=dict, blank=True)
    schedule_error = models.TextField(blank=True)
    locked_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("产业链对接会")
        verbose_name_plural = _("产业链对接会")
        indexes = [models.Index(fields=["status", "date"], name="event_status_date")]
        constraints = [
            models.CheckConstraint(condition=Q(slot_count__gte=1, slot_count__lte=48), name="event_slots_1_48",
                                   violation_error_message=_("洽谈场次须在 1–48 之间。")),
            models.CheckConstraint(condition=Q(meeting_minutes__gte=5, meeting_minutes__lte=240),
                                   name="event_meeting_minutes",
                                   violation_error_message=_("每场时长须在 5–240 分钟之间。")),
            models.CheckConstraint(condition=Q(tables__gte=1, tables__lte=500), name="event_tables_1_500",
                                   violation_error_message=_("洽谈桌数须在 1–500 之间。")),
            models.CheckConstraint(condition=Q(meeting_cap__gte=1, meeting_cap__lte=48), name="event_cap_1_48",
                                   violation_error_message=_("每家企业最多洽谈场数须在 1–48 之间。")),
        ]

    def __str__(self) -> str:
        return self.title

    def slot_times(self) -> list[tuple[dt.datetime, dt.datetime]]:
        """Each slot's (start, end), aware, in the server's time zone (Asia/Shanghai)."""
        tz = timezone.get_default_timezone()
        start = dt.datetime.combine(self.date, self.start_time, tzinfo=tz)
        step = dt.timedelta(minutes=self.meeting_minutes + self.break_minutes)
        length = dt.timedelta(minutes=self.meeting_minutes)
        return [(start + i * step, start + i * step + length) for i in range(self.slot_count)]

    @property
    def registration_open(self) -> bool:
        return (self.status in (self.Status.OPEN, self.Status.SCHEDULED)
                and timezone.now() <= self.registration_deadline and self.date >= timezone.localdate())

    @property
    def is_past(self) -> bool:
        return self.date <= timezone.localdate()


class EventRole(models.TextChoices):
    BUYER = "buyer", _("采购方")
    SUPPLIER = "supplier", _("供应方")
    BOTH = "both", _("采购方和供应方")


class EventRegistration(models.Model):
    """One enterprise's registration for an event (one per firm per event)."""

    event = models.ForeignKey(MatchmakingEvent, on_delete=models.CASCADE, related_name="registrations")
    organization = models.ForeignKey("enterprises.Organization", on_delete=models.CASCADE,
                                     related_name="event_registrations")
    role = models.CharField(_("参会身份"), max_length=8, choices=EventRole.choices)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["event_id", "id"]
        verbose_name = _("对接会报名")
        verbose_name_plural = _("对接会报名")
        constraints = [models.UniqueConstraint(fields=["event", "organization"], name="event_registration_once")]

    def __str__(self) -> str:
        return f"{self.event_id}: {self.organization_id} ({self.role})"

    @property
    def buys(self) -> bool:
        return self.role in (EventRole.BUYER, EventRole.BOTH)

    @property
    def sells(self) -> bool:
        return self.role in (EventRole.SUPPLIER, EventRole.BOTH)


class EventPreference(models.Model):
    """A registered firm asks to meet another registered firm, or refuses to meet it."""

    class Kind(models.TextChoices):
        REQUESTED = "requested", _("希望洽谈")
        BLOCKED = "blocked", _("不希望洽谈")

    registration = models.ForeignKey(EventRegistration, on_delete=models.CASCADE, related_name="preferences")
    target = models.ForeignKey("enterprises.Organization", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)

    class Meta:
        ordering = ["registration_id", "id"]
        verbose_name = _("洽谈意向")
        verbose_name_plural = _("洽谈意向")
        constraints = [models.UniqueConstraint(fields=["registration", "target"], name="event_preference_once")]

    def __str__(self) -> str:
        return f"{self.registration_id} {self.kind} {self.target_id}"


class Meeting(models.Model):
    """A scheduled 1:1 meeting: a buyer and a supplier at one table in one slot, with both outcomes.

    A rerun of the scheduler replaces an event's meetings in one transaction.
    """

    event = models.ForeignKey(MatchmakingEvent, on_delete=models.CASCADE, related_name="meetings")
    slot = models.PositiveSmallIntegerField(_("场次"))
    table = models.PositiveSmallIntegerField(_("桌号"))
    buyer = models.ForeignKey("enterprises.Organization", verbose_name=_("采购方"), on_delete=models.CASCADE,
                              related_name="+")
    supplier = models.ForeignKey("enterprises.Organization", verbose_name=_("供应方"), on_delete=models.CASCADE,
                                 related_name="+")
    match = models.ForeignKey("matching.Match", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    score = models.DecimalField(_("匹配度"), max_digits=5, decimal_places=2, default=0)
    requested = models.BooleanField(_("应约"), default=False)
    buyer_deal = models.BooleanField(_("采购方：是否成交"), null=True, blank=True)
    buyer_note = models.CharField(_("采购方说明"), max_length=500, blank=True)
    supplier_deal = models.BooleanField(_("供应方：是否成交"), null=True, blank=True)
    supplier_note = models.CharField(_("供应方说明"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["event_id", "slot", "table"]
        verbose_name = _("洽谈安排")
        verbose_name_plural = _("洽谈安排")
        indexes = [
            models.Index(fields=["buyer", "event"], name="meeting_buyer"),
            models.Index(fields=["supplier", "event"], name="meeting_supplier"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["event", "slot", "table"], name="meeting_one_per_table"),
            models.UniqueConstraint(fields=["event", "slot", "buyer"], name="meeting_buyer_once_per_slot"),
            models.UniqueConstraint(fields=["event", "slot", "supplier"], name="meeting_supplier_once_per_slot"),
            models.UniqueConstraint(fields=["event", "buyer", "supplier"], name="meeting_pair_once"),
            models.CheckConstraint(condition=~Q(buyer=F("supplier")), name="meeting_two_firms"),
            models.CheckConstraint(condition=Q(score__gte=0, score__lte=100), name="meeting_score_0_100"),
        ]

    def __str__(self) -> str:
        return f"{self.event_id} #{self.slot}/{self.table}: {self.buyer_id}↔{self.supplier_id}"


class PlatformEvent(models.Model):
    """Another platform event (training, policy briefing, forum) listed in 找活动 with sign-up.

    Matchmaking events (``MatchmakingEvent``) are listed beside these; they have their own
    registration with preferences and a scheduler.
    """

    class Kind(models.TextChoices):
        TRAINING = "training", _("培训")
        BRIEFING = "briefing", _("政策宣讲")
        FORUM = "forum", _("论坛沙龙")
        EXHIBITION = "exhibition", _("展会")

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        PUBLISHED = "published", _("报名中")
        CLOSED = "closed", _("已结束")
        CANCELLED = "cancelled", _("已取消")

    kind = models.CharField(_("活动类型"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("活动名称"), max_length=128)
    organizer = models.CharField(_("主办单位"), max_length=128)
    city = models.ForeignKey("enterprises.Region", verbose_name=_("举办城市"), on_delete=models.PROTECT,
                             related_name="+")
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    venue = models.CharField(_("举办地点"), max_length=200)
    online = models.BooleanField(_("线上活动"), default=False)
    description = models.TextField(_("活动简介"), blank=True)
    capacity = models.PositiveIntegerField(_("名额"), null=True, blank=True)
    registration_deadline = models.DateTimeField(_("报名截止时间"))
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("平台活动")
        verbose_name_plural = _("平台活动")
        indexes = [models.Index(fields=["status", "starts_at"], name="platform_event_status")]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gte=models.F("starts_at")),
                                   name="platform_event_window"),
            models.CheckConstraint(condition=models.Q(capacity__isnull=True) | models.Q(capacity__gte=1),
                                   name="platform_event_capacity"),
        ]

    def __str__(self) -> str:
        return self.title


class PlatformEventSignup(models.Model):
    """One user's sign-up for a platform event (for an organization when the user belongs to one)."""

    event = models.ForeignKey(PlatformEvent, on_delete=models.CASCADE, related_name="signups")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    organization = models.ForeignKey("enterprises.Organization", null=True, blank=True, on_delete=models.CASCADE,
                                     related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("活动报名")
        verbose_name_plural = _("活动报名")
        constraints = [models.UniqueConstraint(fields=["event", "user"], name="platform_signup_unique")]

    def __str__(self) -> str:
        return f"{self.event_id}/{self.user_id}"
