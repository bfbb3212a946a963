"""找活动 pages (namespace ``services``): upcoming matchmaking events and platform events in one
list, a platform event's page with sign-up and cancel (matchmaking events keep their own
registration pages under /events/)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from config.exceptions import ApplicationError
from matching.common.views import report_refusal
from matching.events.activities import selectors as sel
from matching.events.activities import services as svc
from matching.events.activities.forms import ActivityFilterForm

PAGE_SIZE = 12


@require_GET
def activity_list(request: HttpRequest) -> HttpResponse:
    """Upcoming events of every kind, soonest first; filters: kind and city; 12 per page."""
    form = ActivityFilterForm(request.GET or None)
    values = form.cleaned_data if form.is_valid() else {}
    items = sel.activities_upcoming(kind=values.get("kind", ""), city=values.get("city", ""))
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    mine = set()
    if request.user.is_authenticated:
        mine = set(sel.signups_for_viewer(viewer=request.user).values_list("event_id", flat=True))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "matching/events/activities/list.html",
                  {"form": form, "page": page, "query": query.urlencode(), "mine": mine,
                   "filtered": bool(values and any(values.values()))})


@require_GET
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A platform event: when, where, organizer, places left, and the viewer's sign-up."""
    event = sel.platform_event_public_get(pk)
    signed = request.user.is_authenticated and sel.viewer_signed_up(viewer=request.user, event_id=event.pk)
    left = None if event.capacity is None else max(event.capacity - event.signed, 0)
    return render(request, "matching/events/activities/detail.html",
                  {"event": event, "signed": signed, "left": left, "open": sel.signup_open(event)})


@login_required
@require_POST
def activity_signup(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        svc.platform_event_signup(actor=request.user, event_id=pk)
    except (ApplicationError, PermissionDenied) as exc:
        report_refusal(request, exc)
    else:
        messages.success(request, _("报名成功，请按时参加。"))
    return redirect("services:activity_detail", pk)


@login_required
@require_POST
def activity_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        svc.platform_event_signup_cancel(actor=request.user, event_id=pk)
    except (ApplicationError, PermissionDenied) as exc:
        report_refusal(request, exc)
    else:
        messages.success(request, _("已取消报名。"))
    return redirect("services:activity_detail", pk)
