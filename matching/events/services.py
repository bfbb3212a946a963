"""Matchmaking events (产业链对接会): publish, register, schedule (a Celery job), lock, outcomes."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import OperationalError, transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from config.exceptions import Conflict
from config.queueing import enqueue_on_commit
from enterprises.models import Organization, User
from enterprises.permissions import ensure_operator, membership_of
from matching.engine.models import Match, MatchStatus
from matching.engine.notifications import notify, organization_user_ids
from matching.engine.transitions import match_transition
from matching.events.models import EventPreference, EventRegistration, EventRole, MatchmakingEvent, Meeting
from matching.events.scheduling import schedule_meetings
from matching.events.tasks import schedule_event

logger = logging.getLogger(__name__)
E = MatchmakingEvent
EVENT_FIELDS = ("title", "chain", "city", "date", "venue", "description", "start_time", "slot_count",
                "meeting_minutes", "break_minutes", "tables", "meeting_cap", "registration_deadline", "status")
EVENT_RANGES = {"slot_count": (1, 48), "meeting_minutes": (5, 240), "break_minutes": (0, 120), "tables": (1, 500),
                "meeting_cap": (1, 48)}
STALE_AFTER = dt.timedelta(minutes=10)  # a queued/running job older than this may be requested again


def _event(event_id: int, *, for_update: bool = False) -> MatchmakingEvent:
    qs = E.objects.select_for_update() if for_update else E.objects
    event = qs.filter(pk=event_id).first()
    if event is None:
        raise Http404(_("未找到该对接会。"))
    return event


def event_create(*, actor: User, data: dict[str, Any]) -> MatchmakingEvent:
    """Operators publish an event (``status`` open, the default) or save a draft.

    Preconditions: the date is today or later; the registration deadline is before the first
    meeting; the city is a prefecture-level city. Raises ValidationError with field errors.
    """
    ensure_operator(actor)
    values = {k: v for k, v in data.items() if k in EVENT_FIELDS}
    values.setdefault("status", E.Status.OPEN)
    event = E(created_by=actor, **values)
    errors: dict[str, list[str]] = {}
    if event.status not in (E.Status.DRAFT, E.Status.OPEN):
        errors["status"] = [_("新建活动只能是草稿或报名中。")]
    if event.date and event.date < timezone.localdate():
        errors["date"] = [_("举办日期不能早于今天。")]
    if event.city_id and event.city.level != "city":
        errors["city"] = [_("请选择地级市。")]
    complete = event.date and event.start_time and event.registration_deadline and event.slot_count
    if complete and event.registration_deadline > event.slot_times()[0][0]:
        errors["registration_deadline"] = [_("报名截止时间须早于首场洽谈开始时间。")]
    for name, (low, high) in EVENT_RANGES.items():
        value = getattr(event, name)
        if value is not None and not low <= value <= high:
            errors[name] = [_("须在 %(low)s–%(high)s 之间。") % {"low": low, "high": high}]
    try:
        event.full_clean()
    except ValidationError as exc:
        for key, messages in exc.message_dict.items():
            errors.setdefault(key, messages)
    if errors:
        raise ValidationError(errors)
    event.save()
    return event


def event_publish(*, actor: User, event_id: int) -> MatchmakingEvent:
    """A draft opens for registration."""
    ensure_operator(actor)
    if not E.objects.filter(pk=event_id, status=E.Status.DRAFT).update(status=E.Status.OPEN):
        _event(event_id)
        raise Conflict(_("只有草稿状态的活动可以发布。"))
    return _event(event_id)


def _registering_firm(actor: User) -> Organization:
    membership = membership_of(actor)
    if membership is None or membership.organization.kind != Organization.Kind.ENTERPRISE:
        raise PermissionDenied(_("只有企业用户可以报名对接会。"))
    if not membership.organization.is_verified:
        raise PermissionDenied(_("贵单位尚未通过平台认证，认证通过后才能报名对接会。"))
    return membership.organization


def _can_meet(a: EventRegistration | str, b: EventRegistration | str) -> bool:
    ra, rb = (x if isinstance(x, str) else x.role for x in (a, b))
    buys = {EventRole.BUYER, EventRole.BOTH}
    sells = {EventRole.SUPPLIER, EventRole.BOTH}
    return (ra in buys and rb in sells) or (ra in sells and rb in buys)


def _preferences(event: MatchmakingEvent, firm: Organization, role: str, requested: Iterable[int],
                 blocked: Iterable[int]) -> list[EventPreference]:
    """Validated preferences (unsaved, without registration): targets must be other registrants."""
    requested, blocked = sorted(set(requested)), sorted(set(blocked))
    others = {r.organization_id: r for r in event.registrations.exclude(organization=firm)}
    errors: dict[str, list[str]] = {}
    for key, ids in (("requested", requested), ("blocked", blocked)):
        unknown = [i for i in ids if i not in others]
        if unknown:
            errors[key] = [_("只能选择已报名本场对接会的其他企业。")]
    if set(requested) & set(blocked):
        errors["blocked"] = [_("同一家企业不能既希望洽谈又不希望洽谈。")]
    if "requested" not in errors and any(not _can_meet(role, others[i]) for i in requested):
        errors["requested"] = [_("希望洽谈的企业须一方采购、一方供应。")]
    if errors:
        raise ValidationError(errors)
    return ([EventPreference(target_id=i, kind=EventPreference.Kind.REQUESTED) for i in requested]
            + [EventPreference(target_id=i, kind=EventPreference.Kind.BLOCKED) for i in blocked])


def registration_create(*, actor: User, event_id: int, role: str, requested: Iterable[int] = (),
                        blocked: Iterable[int] = ()) -> EventRegistration:
    """A verified enterprise registers as buyer, supplier or both, with meeting requests and blocks.

    PermissionDenied (403) for anyone but a verified enterprise; Http404 for a draft or unknown
    event; Conflict (409) when registration is closed or the firm is already registered;
    ValidationError for an unknown role or a preference naming a firm not registered.
    """
    firm = _registering_firm(actor)
    if role not in EventRole.values:
        raise ValidationError({"role": [_("请选择参会身份。")]})
    with transaction.atomic():
        event = _event(event_id, for_update=True)
        if event.status == E.Status.DRAFT:
            raise Http404(_("未找到该对接会。"))
        if not event.registration_open:
            raise Conflict(_("该对接会已截止报名。"))
        if event.registrations.filter(organization=firm).exists():
            raise Conflict(_("贵单位已报名该对接会。"))
        prefs = _preferences(event, firm, role, requested, blocked)
        registration = EventRegistration.objects.create(event=event, organization=firm, role=role,
                                                        registered_by=actor)
        for p in prefs:
            p.registration = registration
        EventPreference.objects.bulk_create(prefs)
    return registration


def registration_preferences_set(*, actor: User, event_id: int, requested: Iterable[int],
                                 blocked: Iterable[int]) -> EventRegistration:
    """Replace the firm's meeting requests and blocks while registration is open (409 after)."""
    firm = _registering_firm(actor)
    with transaction.atomic():
        event = _event(event_id, for_update=True)
        registration = event.registrations.filter(organization=firm).first()
        if registration is None:
            raise Http404(_("贵单位尚未报名该对接会。"))
        if not event.registration_open:
            raise Conflict(_("该对接会已截止报名，不能再修改洽谈意向。"))
        prefs = _preferences(event, firm, registration.role, requested, blocked)
        registration.preferences.all().delete()
        for p in prefs:
            p.registration = registration
        EventPreference.objects.bulk_create(prefs)
    return registration


def event_schedule_request(*, actor: User, event_id: int) -> MatchmakingEvent:
    """Operators queue the schedule job (after commit). Conflict (409) for a draft, locked or past
    event, or while a job is already queued or running (unless it is older than ten minutes)."""
    ensure_operator(actor)
    with transaction.atomic():
        event = _event(event_id, for_update=True)
        if event.status == E.Status.DRAFT:
            raise Conflict(_("请先发布活动再生成日程。"))
        if event.status in (E.Status.LOCKED, E.Status.HELD):
            raise Conflict(_("日程已锁定，不能重新生成。"))
        if event.date < timezone.localdate():
            raise Conflict(_("活动已举办，不能重新生成日程。"))
        busy = event.schedule_status in (E.ScheduleStatus.QUEUED, E.ScheduleStatus.RUNNING)
        if busy and event.schedule_requested_at and timezone.now() - event.schedule_requested_at < STALE_AFTER:
            raise Conflict(_("日程正在生成，请稍候。"))
        event.schedule_version += 1
        event.schedule_status = E.ScheduleStatus.QUEUED
        event.schedule_requested_at = timezone.now()
        event.schedule_error = ""
        event.save(update_fields=["schedule_version", "schedule_status", "schedule_requested_at", "schedule_error",
                                  "updated_at"])
        enqueue_on_commit(schedule_event, event.pk, event.schedule_version)
    return event


def schedule_inputs(event: MatchmakingEvent) -> dict[str, Any]:
    """The solver's plain data for an event: pair weights (best active supply match), requests,
    blocks and caps — plus the match behind each pair. Three queries."""
    regs = list(event.registrations.prefetch_related("preferences").order_by("organization_id"))
    buyers = [r.organization_id for r in regs if r.buys]
    sellers = [r.organization_id for r in regs if r.sells]
    best: dict[tuple[int, int], tuple[Decimal, int]] = {}
    rows = (Match.objects.filter(domain="supply", need_org_id__in=buyers, offer_org_id__in=sellers, retired_at=None)
            .exclude(status__in=[MatchStatus.DECLINED, MatchStatus.EXPIRED])
            .order_by("need_org_id", "offer_org_id", "-score", "id")
            .values_list("need_org_id", "offer_org_id", "score", "id"))
    for buyer, supplier, score, match_id in rows:
        if buyer != supplier:
            best.setdefault((buyer, supplier), (score, match_id))
    pairs = {pair: float(score) for pair, (score, _m) in best.items()}
    role = {r.organization_id: r for r in regs}
    requested, blocked = [], []
    for r in regs:
        for p in r.preferences.all():
            (requested if p.kind == EventPreference.Kind.REQUESTED else blocked).append((r.organization_id,
                                                                                         p.target_id))
    for a, b in requested:  # a requested pair with no match still gets a (weight 0) candidate
        other = role.get(b)
        if other is None:
            continue
        for pair in ((a, b), (b, a)):
            if role[pair[0]].buys and role[pair[1]].sells:
                pairs.setdefault(pair, 0.0)
    return {"pairs": pairs, "requested": requested, "blocked": blocked, "slots": event.slot_count,
            "tables": event.tables, "default_cap": event.meeting_cap,
            "matches": {pair: m for pair, (_s, m) in best.items()}}


def event_schedule_execute(*, event_id: int, version: int) -> str:
    """The job: solve and replace the event's meetings in one transaction.

    Claimed by conditional update on (id, version); a job whose version is no longer the
    event's (a newer request, or the event was locked meanwhile) writes nothing and returns
    ``stale``. Solver errors mark the event's job failed; transient database errors propagate so
    the task retries. Returns the job's final status.
    """
    claimed = E.objects.filter(pk=event_id, schedule_version=version,
                               schedule_status__in=[E.ScheduleStatus.QUEUED, E.ScheduleStatus.RUNNING]).update(
        schedule_status=E.ScheduleStatus.RUNNING)
    if not claimed:
        logger.info("schedule job for event %s v%s is stale or gone", event_id, version)
        return "stale"
    try:
        event = E.objects.get(pk=event_id)
        inputs = schedule_inputs(event)
        matches = inputs.pop("matches")
        result = schedule_meetings(**inputs)
    except OperationalError:
        raise
    except Exception as exc:  # recorded for operators, who may rerun
        logger.exception("schedule job for event %s failed", event_id)
        E.objects.filter(pk=event_id, schedule_version=version).update(
            schedule_status=E.ScheduleStatus.FAILED, schedule_error=f"{type(exc).__name__}: {exc}"[:5000])
        return E.ScheduleStatus.FAILED
    with transaction.atomic():
        event = E.objects.select_for_update().filter(pk=event_id).first()
        if event is None or event.schedule_version != version or event.status in (E.Status.LOCKED, E.Status.HELD):
            return "stale"
        Meeting.objects.filter(event=event).delete()
        Meeting.objects.bulk_create([
            Meeting(event=event, slot=a.slot, table=a.table, buyer_id=a.buyer, supplier_id=a.supplier,
                    match_id=matches.get((a.buyer, a.supplier)), score=Decimal(str(round(a.weight, 2))),
                    requested=a.requested)
            for a in result.assignments])
        event.schedule_status = E.ScheduleStatus.SUCCEEDED
        event.status = E.Status.SCHEDULED
        event.scheduled_at = timezone.now()
        event.schedule_info = {
            "solver": result.solver, "optimal": result.optimal, "objective": result.objective,
            "meetings": len(result.assignments), "variables": result.variables, "seconds": result.seconds,
            "requested_total": result.requested_total, "requested_held": result.requested_held,
            "candidates": len(inputs["pairs"]), "notes": result.notes}
        event.save(update_fields=["schedule_status", "status", "scheduled_at", "schedule_info", "updated_at"])
    return E.ScheduleStatus.SUCCEEDED


def event_lock(*, actor: User, event_id: int) -> MatchmakingEvent:
    """Operators lock a generated schedule: no more reruns. Tells every registered firm."""
    ensure_operator(actor)
    with transaction.atomic():
        event = _event(event_id, for_update=True)
        if event.status != E.Status.SCHEDULED or event.schedule_status != E.ScheduleStatus.SUCCEEDED:
            raise Conflict(_("只有已生成且未在重新生成中的日程可以锁定。"))
        event.status, event.locked_at = E.Status.LOCKED, timezone.now()
        event.save(update_fields=["status", "locked_at", "updated_at"])
        orgs = event.registrations.values_list("organization_id", flat=True)
        notify(user_ids=organization_user_ids(orgs), kind="event_schedule",
               title=_("“%(t)s”洽谈日程已确定") % {"t": event.title}, link=f"/events/{event.pk}/agenda/")
    return event


def event_mark_held(*, actor: User, event_id: int) -> MatchmakingEvent:
    """Operators mark a locked event held once its date has come."""
    ensure_operator(actor)
    event = _event(event_id)
    if not event.is_past or not E.objects.filter(pk=event_id, status=E.Status.LOCKED).update(status=E.Status.HELD):
        raise Conflict(_("只有日程已锁定、且举办日期已到的活动可以标记为已举办。"))
    return _event(event_id)


def _walk_to_succeeded(meeting: Meeting) -> None:
    """Both sides said the meeting led to a deal: move its supply match to succeeded (through
    interested and contacted as needed). A match that can no longer move is left as it is."""
    note = _("对接会“%(t)s”成交") % {"t": meeting.event.title}
    extra = "；".join(n for n in (meeting.buyer_note, meeting.supplier_note) if n)
    outcome = {"note": f"{note}：{extra}" if extra else note}
    steps = {MatchStatus.SUGGESTED: (MatchStatus.INTERESTED, "need"), MatchStatus.VIEWED: (MatchStatus.INTERESTED,
             "need"), MatchStatus.INTERESTED: (MatchStatus.CONTACTED, "offer"),
             MatchStatus.CONTACTED: (MatchStatus.SUCCEEDED, "offer")}
    status = Match.objects.filter(pk=meeting.match_id).values_list("status", flat=True).first()
    while status in steps:
        to, side = steps[status]
        match_transition(match_id=meeting.match_id, actor=None, to=to, side=side, reason=note[:500],
                         outcome=outcome if to == MatchStatus.SUCCEEDED else None)
        status = to


def meeting_outcome_record(*, actor: User, event_id: int, meeting_id: int, deal: bool, note: str = "") -> Meeting:
    """One side records whether the meeting led to a deal (answer may change until both say yes).

    Http404 unless the actor's firm is in the meeting; Conflict (409) before the event date or
    once both sides have confirmed a deal. When both say yes, the linked supply match moves to
    succeeded with the notes as its outcome, in the same transaction.
    """
    membership = membership_of(actor)
    org_id = membership.organization_id if membership else None
    with transaction.atomic():
        meeting = (Meeting.objects.select_for_update(of=("self",)).select_related("event")
                   .filter(Q(buyer_id=org_id) | Q(supplier_id=org_id), pk=meeting_id, event_id=event_id).first())
        if org_id is None or meeting is None:
            raise Http404(_("未找到该洽谈安排。"))
        if not meeting.event.is_past:
            raise Conflict(_("活动举办后才能填写洽谈结果。"))
        if meeting.buyer_deal and meeting.supplier_deal:
            raise Conflict(_("双方均已确认成交，结果不能再修改。"))
        side = "buyer" if meeting.buyer_id == org_id else "supplier"
        setattr(meeting, f"{side}_deal", bool(deal))
        setattr(meeting, f"{side}_note", (note or "")[:500])
        meeting.save(update_fields=[f"{side}_deal", f"{side}_note", "updated_at"])
        if meeting.buyer_deal and meeting.supplier_deal and meeting.match_id:
            _walk_to_succeeded(meeting)
    return meeting
