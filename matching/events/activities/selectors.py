"""Read side of 找活动: upcoming matchmaking events and platform events in one list, a platform
event's public page, the viewer's own sign-ups, and the operators' views.

The combined list is two queries (one per kind of event) merged in Python: both are bounded to
upcoming, published events, so the page count stays constant whatever the number of rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from enterprises.models import Region, User
from matching.events.models import MatchmakingEvent, PlatformEvent, PlatformEventSignup

P = PlatformEvent
MATCHMAKING = "matchmaking"
ACTIVE_SIGNUPS = Count("signups", filter=Q(signups__cancelled_at=None))


def kind_choices() -> list[tuple[str, str]]:
    """Every kind an activity may have: the matchmaking event and the platform events' kinds."""
    return [(MATCHMAKING, _("产业链对接会")), *[(k, str(label)) for k, label in P.Kind.choices]]


@dataclass
class Activity:
    """One row of the combined listing."""

    source: str  # "matchmaking" | "platform"
    id: int
    kind: str
    kind_label: str
    title: str
    organizer: str
    city: str
    city_code: str
    starts_at: dt.datetime
    ends_at: dt.datetime | None
    venue: str
    online: bool
    signed_up: int
    capacity: int | None
    registration_deadline: dt.datetime
    registration_open: bool
    url: str


def platform_events_public() -> QuerySet[PlatformEvent]:
    """Platform events visitors may see (not drafts), with the number signed up (``signed``)."""
    return P.objects.exclude(status=P.Status.DRAFT).select_related("city").annotate(signed=ACTIVE_SIGNUPS)


def signup_open(event: PlatformEvent, signed: int | None = None) -> bool:
    """Published, before the deadline and not full."""
    count = event.signed if signed is None else signed
    return (event.status == P.Status.PUBLISHED and timezone.now() <= event.registration_deadline
            and (event.capacity is None or count < event.capacity))


def _platform(e: PlatformEvent) -> Activity:
    return Activity("platform", e.pk, e.kind, e.get_kind_display(), e.title, e.organizer, e.city.name, e.city_id,
                    e.starts_at, e.ends_at, e.venue, e.online, e.signed, e.capacity, e.registration_deadline,
                    signup_open(e), reverse("services:activity_detail", args=[e.pk]))


def _matchmaking(e: MatchmakingEvent) -> Activity:
    tz = timezone.get_default_timezone()
    starts = dt.datetime.combine(e.date, e.start_time, tzinfo=tz)
    return Activity(MATCHMAKING, e.pk, MATCHMAKING, _("产业链对接会"), e.title, e.chain.name, e.city.name,
                    e.city_id, starts, None, e.venue, False, e.registered, None, e.registration_deadline,
                    e.registration_open, reverse("events:detail", args=[e.pk]))


def activities_upcoming(*, kind: str = "", city: str = "") -> list[Activity]:
    """Upcoming published events of both kinds, soonest first, filtered by kind and city (adcode
    of the prefecture). Two queries."""
    rows: list[Activity] = []
    if kind in ("", MATCHMAKING):
        mm = (MatchmakingEvent.objects.exclude(status=MatchmakingEvent.Status.DRAFT)
              .filter(date__gte=timezone.localdate()).select_related("chain", "city")
              .annotate(registered=Count("registrations")))
        if city:
            mm = mm.filter(Q(city_id=city) | Q(city__parent_id=city))
        rows += [_matchmaking(e) for e in mm]
    if kind != MATCHMAKING:
        pe = platform_events_public().filter(status=P.Status.PUBLISHED, ends_at__gte=timezone.now())
        if kind:
            pe = pe.filter(kind=kind)
        if city:
            pe = pe.filter(Q(city_id=city) | Q(city__parent_id=city))
        rows += [_platform(e) for e in pe]
    return sorted(rows, key=lambda a: (a.starts_at, a.source, a.id))


def activity_cities() -> list[Region]:
    """Hunan's prefectures (the city filter)."""
    return list(Region.objects.filter(level=Region.Level.CITY, parent_id="430000").order_by("adcode"))


def platform_event_public_get(event_id: int) -> PlatformEvent:
    """A platform event that is not a draft (drafts answer 404), with ``signed``."""
    event = platform_events_public().filter(pk=event_id).first()
    if event is None:
        raise Http404(_("未找到该活动。"))
    return event


def signups_for_viewer(*, viewer: User) -> QuerySet[PlatformEventSignup]:
    """The viewer's own active sign-ups."""
    if not viewer.is_authenticated:
        return PlatformEventSignup.objects.none()
    return PlatformEventSignup.objects.filter(user=viewer, cancelled_at=None).select_related("event")


def viewer_signed_up(*, viewer: User, event_id: int) -> bool:
    return signups_for_viewer(viewer=viewer).filter(event_id=event_id).exists()


def platform_events_for_operator() -> QuerySet[PlatformEvent]:
    """Every platform event, drafts included, latest first, with the number signed up."""
    return P.objects.select_related("city").annotate(signed=ACTIVE_SIGNUPS).order_by("-starts_at", "-id")


def platform_event_for_operator(event_id: int) -> PlatformEvent:
    event = platform_events_for_operator().filter(pk=event_id).first()
    if event is None:
        raise Http404
    return event


def signups_of(event: PlatformEvent) -> QuerySet[PlatformEventSignup]:
    """An event's sign-ups (cancelled ones last) with the user and organization."""
    return (event.signups.select_related("user", "organization")
            .order_by(F("cancelled_at").asc(nulls_first=True), "id"))
