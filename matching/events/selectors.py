"""Read side of matchmaking events: public lists, a firm's agenda (and its iCalendar file), the grid.

Every function that shows a firm's meetings takes the viewer and returns only that firm's; an
event or meeting the viewer may not see raises Http404.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from enterprises.models import Organization, User
from enterprises.permissions import membership_of
from matching.events.models import EventRegistration, MatchmakingEvent, Meeting

E = MatchmakingEvent


def events_public() -> QuerySet[MatchmakingEvent]:
    """Published events (not drafts), soonest first, with chain, city and the number registered."""
    return (E.objects.exclude(status=E.Status.DRAFT).select_related("chain", "city")
            .annotate(registered=Count("registrations")).order_by("date", "id"))


def events_upcoming() -> QuerySet[MatchmakingEvent]:
    return events_public().filter(date__gte=timezone.localdate())


def events_past(limit: int = 10) -> QuerySet[MatchmakingEvent]:
    return events_public().filter(date__lt=timezone.localdate()).order_by("-date", "-id")[:limit]


def event_public_get(event_id: int) -> MatchmakingEvent:
    """A published event (drafts answer 404)."""
    event = events_public().filter(pk=event_id).first()
    if event is None:
        raise Http404(_("未找到该对接会。"))
    return event


def events_for_operator() -> QuerySet[MatchmakingEvent]:
    """Every event, drafts included, newest date first, with registration and meeting counts."""
    return (E.objects.select_related("chain", "city")
            .annotate(registered=Count("registrations", distinct=True), meeting_count=Count("meetings", distinct=True))
            .order_by("-date", "-id"))


def event_for_operator(event_id: int) -> MatchmakingEvent:
    event = events_for_operator().filter(pk=event_id).first()
    if event is None:
        raise Http404
    return event


def registrations_of(event: MatchmakingEvent) -> QuerySet[EventRegistration]:
    """An event's registrations with the firm, its city and its preferences (3 queries)."""
    return (event.registrations.select_related("organization__region").prefetch_related("preferences")
            .order_by("id"))


def viewer_firm(viewer: User | None) -> Organization | None:
    membership = membership_of(viewer)
    return membership.organization if membership else None


def meetings_for_viewer(*, viewer: User) -> QuerySet[Meeting]:
    """The meetings of the viewer's firm, at every event (its tenant scope)."""
    firm = viewer_firm(viewer)
    if firm is None:
        return Meeting.objects.none()
    return (Meeting.objects.filter(Q(buyer_id=firm.pk) | Q(supplier_id=firm.pk))
            .select_related("event", "buyer__region", "supplier__region", "match").order_by("event_id", "slot"))


def registrations_for_viewer(*, viewer: User) -> QuerySet[EventRegistration]:
    """The viewer's firm's own registrations (its tenant scope)."""
    firm = viewer_firm(viewer)
    if firm is None:
        return EventRegistration.objects.none()
    return EventRegistration.objects.filter(organization=firm).prefetch_related("preferences")


def registration_of(event: MatchmakingEvent, viewer: User | None) -> EventRegistration | None:
    firm = viewer_firm(viewer)
    if firm is None:
        return None
    return event.registrations.filter(organization=firm).prefetch_related("preferences").first()


@dataclass
class AgendaItem:
    """One of the firm's meetings, seen from the firm's side."""

    meeting: Meeting
    start: dt.datetime
    end: dt.datetime
    side: str  # the firm's side in this meeting: "buyer" or "supplier"
    counterpart: Organization
    reasons: list[str]
    my_deal: bool | None
    my_note: str
    their_deal: bool | None

    @property
    def side_label(self) -> str:
        return _("采购方") if self.side == "buyer" else _("供应方")

    @property
    def counterpart_role(self) -> str:
        return _("供应方") if self.side == "buyer" else _("采购方")


def agenda(*, viewer: User, event_id: int) -> tuple[MatchmakingEvent, EventRegistration, list[AgendaItem]]:
    """The viewer's firm's meetings at one event, in time order. 404 unless the firm registered."""
    event = event_public_get(event_id)
    registration = registration_of(event, viewer)
    if registration is None:
        raise Http404(_("贵单位未报名该对接会。"))
    times = event.slot_times()
    org_id = registration.organization_id
    items = []
    for m in meetings_for_viewer(viewer=viewer).filter(event_id=event.pk).order_by("slot", "table"):
        side = "buyer" if m.buyer_id == org_id else "supplier"
        start, end = times[m.slot] if m.slot < len(times) else (times[-1][1], times[-1][1])
        items.append(AgendaItem(
            meeting=m, start=start, end=end, side=side, counterpart=m.supplier if side == "buyer" else m.buyer,
            reasons=[str(r) for r in (m.match.explanation if m.match else [])][:5],
            my_deal=getattr(m, f"{side}_deal"), my_note=getattr(m, f"{side}_note"),
            their_deal=m.supplier_deal if side == "buyer" else m.buyer_deal))
    return event, registration, items


def schedule_grid(event: MatchmakingEvent) -> list[dict[str, Any]]:
    """Slots × tables for operators: one row per slot with its times and a cell per table (None = free)."""
    meetings = {(m.slot, m.table): m for m in event.meetings.select_related("buyer", "supplier")}
    return [{"index": i, "start": start, "end": end,
             "cells": [meetings.get((i, t)) for t in range(1, event.tables + 1)]}
            for i, (start, end) in enumerate(event.slot_times())]


# ---- iCalendar (RFC 5545), written by hand ---------------------------------------------------

def ics_escape(text: str) -> str:
    """TEXT value escaping: backslash, semicolon, comma and newlines."""
    return (str(text).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def _fold(line: str) -> str:
    """Fold a content line at 75 octets (UTF-8), never inside a character; continuation lines start with a space."""
    out, current, size = [], "", 0
    for ch in line:
        n = len(ch.encode("utf-8"))
        if size + n > 75:
            out.append(current)
            current, size = " ", 1
        current += ch
        size += n
    out.append(current)
    return "\r\n".join(out)


def _utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def agenda_ics(event: MatchmakingEvent, items: list[AgendaItem], *, firm: Organization) -> str:
    """The firm's agenda as an iCalendar file: one VEVENT per meeting, times in UTC, CRLF lines.

    UIDs are stable per firm and slot, and SEQUENCE is the schedule's version, so importing the
    file again after a rerun updates the calendar entries instead of duplicating them.
    """
    host = settings.SITE_URL.split("//")[-1].split("/")[0].split(":")[0] or "qilian.local"
    stamp = _utc(event.scheduled_at or timezone.now())
    status = "TENTATIVE" if event.status in (E.Status.OPEN, E.Status.SCHEDULED) else "CONFIRMED"  # locked: final
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Qilian//Matchmaking events//ZH", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH", f"X-WR-CALNAME:{ics_escape(event.title)}"]
    for item in items:
        m = item.meeting
        summary = _("洽谈：%(firm)s（%(role)s）") % {"firm": item.counterpart.name, "role": item.counterpart_role}
        where = _("%(venue)s 第 %(table)s 桌") % {"venue": event.venue, "table": m.table}
        description = _("%(event)s · 第 %(slot)s 场 · 匹配度 %(score)s") % {
            "event": event.title, "slot": m.slot + 1, "score": m.score}
        lines += ["BEGIN:VEVENT", f"UID:qilian-event{event.pk}-org{firm.pk}-slot{m.slot}@{host}",
                  f"DTSTAMP:{stamp}", f"SEQUENCE:{event.schedule_version}", f"STATUS:{status}",
                  f"DTSTART:{_utc(item.start)}", f"DTEND:{_utc(item.end)}",
                  f"SUMMARY:{ics_escape(summary)}", f"LOCATION:{ics_escape(where)}",
                  f"DESCRIPTION:{ics_escape(description)}", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)
