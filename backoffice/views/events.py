"""Matchmaking events in the back-office: publish, registrations, generate / lock the schedule, grid."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from backoffice.permissions import operator_required
from config.exceptions import Conflict
from enterprises.models import Region
from enterprises.views.common import add_service_errors
from matching.common.views import report_refusal
from matching.events import selectors as sel
from matching.events import services as svc
from matching.models import MatchmakingEvent

E = MatchmakingEvent


class EventForm(forms.ModelForm):
    """An event's facts and its time slots; ``publish`` unchecked saves a draft."""

    publish = forms.BooleanField(label=gettext_lazy("立即发布（开放报名）"), required=False, initial=True)

    class Meta:
        model = MatchmakingEvent
        fields = ["title", "chain", "city", "date", "venue", "description", "start_time", "slot_count",
                  "meeting_minutes", "break_minutes", "tables", "meeting_cap", "registration_deadline"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "registration_deadline": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["city"].queryset = Region.objects.filter(level="city").order_by("adcode")
        self.fields["registration_deadline"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        self.fields["slot_count"].help_text = _("各场时间按“首场开始时间 +（时长 + 休息）× 序号”排定。")
        for name, (low, high) in svc.EVENT_RANGES.items():
            field = self.fields[name]
            field.validators += [MinValueValidator(low), MaxValueValidator(high)]
            field.widget.attrs.update(min=low, max=high)

    @staticmethod
    def defaults() -> dict:
        day = timezone.localdate() + dt.timedelta(days=30)
        deadline = dt.datetime.combine(day - dt.timedelta(days=3), dt.time(18, 0))
        return {"date": day, "start_time": dt.time(9, 0), "slot_count": 6, "meeting_minutes": 20,
                "break_minutes": 5, "tables": 8, "meeting_cap": 4, "registration_deadline": deadline,
                "publish": True}


@operator_required
@require_http_methods(["GET", "POST"])
def event_list(request: HttpRequest) -> HttpResponse:
    """Every event with counts; the form publishes a new one."""
    if request.method == "POST":
        form = EventForm(request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            data["status"] = E.Status.OPEN if data.pop("publish") else E.Status.DRAFT
            try:
                event = svc.event_create(actor=request.user, data=data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("对接会“%(t)s”已创建。") % {"t": event.title})
                return redirect("backoffice:event_detail", pk=event.pk)
    else:
        form = EventForm(initial=EventForm.defaults())
    return render(request, "backoffice/events.html", {"events": sel.events_for_operator(), "form": form},
                  status=400 if form.errors else 200)


@operator_required
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Registrations, the schedule job's status (the page refreshes itself while it runs) and the grid."""
    event = sel.event_for_operator(pk)
    registrations = list(sel.registrations_of(event))
    names = {r.organization_id: r.organization.name for r in registrations}
    for r in registrations:
        prefs = list(r.preferences.all())
        r.requested_names = [names.get(p.target_id, p.target_id) for p in prefs if p.kind == "requested"]
        r.blocked_names = [names.get(p.target_id, p.target_id) for p in prefs if p.kind == "blocked"]
    busy = event.schedule_status in (E.ScheduleStatus.QUEUED, E.ScheduleStatus.RUNNING)
    return render(request, "backoffice/events_detail.html", {
        "event": event, "registrations": registrations, "refresh": busy, "busy": busy,
        "grid": sel.schedule_grid(event) if event.meeting_count else [],
        "table_numbers": range(1, event.tables + 1),
        "buyers": sum(r.buys for r in registrations), "suppliers": sum(r.sells for r in registrations),
        "can_schedule": event.status in (E.Status.OPEN, E.Status.SCHEDULED) and not busy
                        and event.date >= timezone.localdate(),
        "can_lock": event.status == E.Status.SCHEDULED and event.schedule_status == E.ScheduleStatus.SUCCEEDED,
        "can_hold": event.status == E.Status.LOCKED and event.is_past,
    })


def _action(request: HttpRequest, pk: int, action, done: str) -> HttpResponse:
    try:
        action(actor=request.user, event_id=pk)
    except Conflict as exc:
        report_refusal(request, exc)
    else:
        messages.success(request, done)
    return redirect("backoffice:event_detail", pk=pk)


@operator_required
@require_POST
def event_schedule(request: HttpRequest, pk: int) -> HttpResponse:
    """Queue the schedule job (it may already have run when tasks run in-process)."""
    try:
        svc.event_schedule_request(actor=request.user, event_id=pk)
    except Conflict as exc:
        report_refusal(request, exc)
    else:
        done = E.objects.filter(pk=pk, schedule_status=E.ScheduleStatus.SUCCEEDED).exists()
        messages.success(request, _("日程已生成。") if done else _("已开始生成日程，完成后本页会自动刷新。"))
    return redirect("backoffice:event_detail", pk=pk)


@operator_required
@require_POST
def event_lock(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(request, pk, svc.event_lock, _("日程已锁定，已通知报名企业。"))


@operator_required
@require_POST
def event_publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(request, pk, svc.event_publish, _("活动已发布，企业现在可以报名。"))


@operator_required
@require_POST
def event_held(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(request, pk, svc.event_mark_held, _("活动已标记为已举办。"))


urlpatterns = [
    path("events/", event_list, name="events"),
    path("events/<int:pk>/", event_detail, name="event_detail"),
    path("events/<int:pk>/schedule/", event_schedule, name="event_schedule"),
    path("events/<int:pk>/lock/", event_lock, name="event_lock"),
    path("events/<int:pk>/publish/", event_publish, name="event_publish"),
    path("events/<int:pk>/held/", event_held, name="event_held"),
]
