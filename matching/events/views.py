"""Matchmaking event pages (找活动): list, detail with registration, a firm's agenda (.ics too), outcomes."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from config.exceptions import Conflict
from enterprises.models import Organization
from enterprises.views.common import add_service_errors
from matching.common.views import report_refusal
from matching.engine.models import Match, MatchStatus
from matching.events import selectors as sel
from matching.events import services as svc
from matching.events.models import EventRole


class PreferencesForm(forms.Form):
    """Meeting requests and blocks among the other registered firms."""

    requested = forms.TypedMultipleChoiceField(label=gettext_lazy("希望洽谈的企业"), required=False, coerce=int,
                                               widget=forms.CheckboxSelectMultiple)
    blocked = forms.TypedMultipleChoiceField(label=gettext_lazy("不希望洽谈的企业"), required=False, coerce=int,
                                             widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, others=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = [(r.organization_id, self._label(r)) for r in others]
        self.fields["requested"].choices = choices
        self.fields["blocked"].choices = choices
        self.fields["requested"].help_text = _("须一方采购、一方供应；系统会优先安排。")
        self.fields["blocked"].help_text = _("系统不会安排与这些企业洽谈。")

    @staticmethod
    def _label(r) -> str:
        label = f"{r.organization.name}（{r.get_role_display()}）"
        score = getattr(r, "score_with_me", None)
        return label + (_(" · 匹配度 %(s)s") % {"s": f"{score:.0f}"} if score is not None else "")


class RegistrationForm(PreferencesForm):
    role = forms.ChoiceField(label=gettext_lazy("参会身份"), choices=EventRole.choices, widget=forms.RadioSelect,
                             initial=EventRole.BOTH)

    field_order = ["role", "requested", "blocked"]


def _scores_with(firm: Organization | None, org_ids: list[int]) -> dict[int, float]:
    """Best active supply match score between the firm and each other firm, either direction (one query)."""
    if firm is None or not org_ids:
        return {}
    either = Q(need_org=firm, offer_org_id__in=org_ids) | Q(offer_org=firm, need_org_id__in=org_ids)
    rows = (Match.objects.filter(either, domain="supply", retired_at=None)
            .exclude(status__in=[MatchStatus.DECLINED, MatchStatus.EXPIRED])
            .values_list("need_org_id", "offer_org_id", "score"))
    best: dict[int, float] = {}
    for need_org, offer_org, score in rows:
        other = offer_org if need_org == firm.pk else need_org
        best[other] = max(best.get(other, 0.0), float(score))
    return best


@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    """Upcoming events with chain, city, date and registration status; a few past ones below."""
    upcoming, past = list(sel.events_upcoming()), list(sel.events_past())
    firm = sel.viewer_firm(request.user)
    mine = set(firm.event_registrations.values_list("event_id", flat=True)) if firm else set()
    return render(request, "matching/events/list.html", {"upcoming": upcoming, "past": past, "mine": mine})


def _detail_context(request: HttpRequest, event, form=None, prefs_form=None) -> dict:
    firm = sel.viewer_firm(request.user)
    registration = sel.registration_of(event, request.user)
    refusal = ""
    if request.user.is_authenticated and (firm is None or firm.kind != Organization.Kind.ENTERPRISE):
        refusal = _("只有企业用户可以报名对接会。")
    elif firm is not None and not firm.is_verified:
        refusal = _("贵单位尚未通过平台认证，认证通过后才能报名对接会。")
    others = []
    if firm is not None and not refusal:
        others = [r for r in sel.registrations_of(event) if r.organization_id != firm.pk]
        scores = _scores_with(firm, [r.organization_id for r in others])
        for r in others:
            r.score_with_me = scores.get(r.organization_id)
    if registration is not None and prefs_form is None:
        prefs = registration.preferences.all()
        prefs_form = PreferencesForm(others=others, initial={
            "requested": [p.target_id for p in prefs if p.kind == "requested"],
            "blocked": [p.target_id for p in prefs if p.kind == "blocked"]})
    if registration is None and form is None and not refusal:
        form = RegistrationForm(others=others)
    return {"event": event, "slots": event.slot_times(), "registration": registration, "form": form,
            "prefs_form": prefs_form, "others": others, "refusal": refusal,
            "has_schedule": event.schedule_status == event.ScheduleStatus.SUCCEEDED}


@require_GET
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One event: facts, slots, and for a verified enterprise the registration (or its preferences)."""
    return render(request, "matching/events/detail.html", _detail_context(request, sel.event_public_get(pk)))


@login_required
@require_POST
def event_register(request: HttpRequest, pk: int) -> HttpResponse:
    event = sel.event_public_get(pk)
    others = list(sel.registrations_of(event))
    form = RegistrationForm(request.POST, others=others)
    if form.is_valid():
        try:
            svc.registration_create(actor=request.user, event_id=pk, role=form.cleaned_data["role"],
                                    requested=form.cleaned_data["requested"], blocked=form.cleaned_data["blocked"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        except (PermissionDenied, Conflict) as exc:
            report_refusal(request, exc)
            return redirect("events:detail", pk=pk)
        else:
            messages.success(request, _("报名成功。日程生成后可在“我的洽谈日程”查看。"))
            return redirect("events:detail", pk=pk)
    return render(request, "matching/events/detail.html", _detail_context(request, event, form=form), status=400)


@login_required
@require_POST
def event_preferences(request: HttpRequest, pk: int) -> HttpResponse:
    event = sel.event_public_get(pk)
    form = PreferencesForm(request.POST, others=list(sel.registrations_of(event)))
    if form.is_valid():
        try:
            svc.registration_preferences_set(actor=request.user, event_id=pk, requested=form.cleaned_data["requested"],
                                             blocked=form.cleaned_data["blocked"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        except (PermissionDenied, Conflict) as exc:
            report_refusal(request, exc)
            return redirect("events:detail", pk=pk)
        else:
            messages.success(request, _("洽谈意向已更新。"))
            return redirect("events:detail", pk=pk)
    return render(request, "matching/events/detail.html", _detail_context(request, event, prefs_form=form), status=400)


@login_required
@require_GET
def agenda(request: HttpRequest, pk: int) -> HttpResponse:
    """The firm's printable agenda; outcome buttons once the event date has come."""
    event, registration, items = sel.agenda(viewer=request.user, event_id=pk)
    return render(request, "matching/events/agenda.html", {"event": event, "registration": registration, "items": items,
                                                  "firm": registration.organization})


@login_required
@require_GET
def agenda_ics(request: HttpRequest, pk: int) -> HttpResponse:
    event, registration, items = sel.agenda(viewer=request.user, event_id=pk)
    response = HttpResponse(sel.agenda_ics(event, items, firm=registration.organization),
                            content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="qilian-event-{event.pk}.ics"'
    return response


@login_required
@require_POST
def meeting_outcome(request: HttpRequest, pk: int, meeting_id: int) -> HttpResponse:
    deal = request.POST.get("deal")
    if deal not in ("yes", "no"):
        raise Http404
    try:
        svc.meeting_outcome_record(actor=request.user, event_id=pk, meeting_id=meeting_id, deal=deal == "yes",
                                   note=request.POST.get("note", "")[:500])
    except Conflict as exc:
        report_refusal(request, exc)
    else:
        messages.success(request, _("洽谈结果已记录。"))
    return redirect(reverse("events:agenda", args=[pk]) + f"#meeting-{meeting_id}")
