"""Platform events (找活动: training, policy briefings, forums, exhibitions) in the back-office:
create and edit (as drafts), publish, cancel, and see who signed up."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from backoffice.permissions import operator_required
from config.exceptions import ApplicationError
from enterprises.models import Region
from enterprises.views.common import submit
from matching.common.views import report_refusal
from matching.events.activities import selectors as sel
from matching.events.activities import services as svc
from matching.models import PlatformEvent

DATETIME = {"type": "datetime-local"}
DT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


class PlatformEventForm(forms.ModelForm):
    """An event's facts; business rules (window, deadline, capacity) are the service's."""

    class Meta:
        model = PlatformEvent
        fields = ["kind", "title", "organizer", "city", "starts_at", "ends_at", "venue", "online", "description",
                  "capacity", "registration_deadline"]
        widgets = {
            "starts_at": forms.DateTimeInput(attrs=DATETIME, format="%Y-%m-%dT%H:%M"),
            "ends_at": forms.DateTimeInput(attrs=DATETIME, format="%Y-%m-%dT%H:%M"),
            "registration_deadline": forms.DateTimeInput(attrs=DATETIME, format="%Y-%m-%dT%H:%M"),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["city"].queryset = Region.objects.filter(level="city").order_by("adcode")
        for name in ("starts_at", "ends_at", "registration_deadline"):
            self.fields[name].input_formats = DT_FORMATS
        self.fields["capacity"].help_text = _("不限名额请留空。")

    def _post_clean(self) -> None:
        """No model validation here: the service checks the rules and words its Chinese messages."""

    def service_data(self) -> dict:
        return dict(self.cleaned_data)


@operator_required
@require_http_methods(["GET", "POST"])
def platform_event_list(request: HttpRequest) -> HttpResponse:
    """Every platform event with its sign-up count; the form below creates a draft."""
    form = PlatformEventForm(request.POST or None)
    if request.method == "POST":
        saved: list[PlatformEvent] = []
        if submit(request, form, lambda: saved.append(svc.platform_event_save(actor=request.user,
                                                                               data=form.service_data())),
                  success=_("活动已保存为草稿，确认无误后请发布。")):
            return redirect("backoffice:platform_event_detail", saved[0].pk)
    return render(request, "backoffice/platform_events/list.html",
                  {"events": sel.platform_events_for_operator(), "form": form},
                  status=400 if form.errors else 200)


@operator_required
@require_http_methods(["GET", "POST"])
def platform_event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One event: edit it (unless closed or cancelled), publish, cancel, and its sign-ups."""
    event = sel.platform_event_for_operator(pk)
    if request.method == "GET":
        form = PlatformEventForm(instance=event)
    else:
        form = PlatformEventForm(request.POST)
        try:
            if submit(request, form, lambda: svc.platform_event_save(actor=request.user, data=form.service_data(),
                                                                      event_id=event.pk),
                      success=_("活动已更新。")):
                return redirect("backoffice:platform_event_detail", event.pk)
        except (ApplicationError, PermissionDenied) as exc:
            report_refusal(request, exc)
            return redirect("backoffice:platform_event_detail", event.pk)
    return render(request, "backoffice/platform_events/detail.html",
                  {"event": event, "form": form, "signups": list(sel.signups_of(event))},
                  status=400 if form.errors else 200)


def _action(request: HttpRequest, pk: int, action, done: str) -> HttpResponse:
    try:
        action(actor=request.user, event_id=pk)
    except (ApplicationError, PermissionDenied) as exc:
        report_refusal(request, exc)
    else:
        messages.success(request, done)
    return redirect("backoffice:platform_event_detail", pk)


@operator_required
@require_POST
def platform_event_publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(request, pk, svc.platform_event_publish, _("活动已发布，开放报名。"))


@operator_required
@require_POST
def platform_event_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(request, pk, svc.platform_event_cancel, _("活动已取消，已通知报名人员。"))


urlpatterns = [
    path("activities/", platform_event_list, name="platform_events"),
    path("activities/<int:pk>/", platform_event_detail, name="platform_event_detail"),
    path("activities/<int:pk>/publish/", platform_event_publish, name="platform_event_publish"),
    path("activities/<int:pk>/cancel/", platform_event_cancel, name="platform_event_cancel"),
]
