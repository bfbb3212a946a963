"""Platform events (找活动: training, policy briefings, forums, exhibitions): operators publish and
cancel them; signed-in users sign up and cancel, within the capacity and before the deadline."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from config.exceptions import Conflict
from enterprises.models import Region, User
from enterprises.permissions import ensure_operator, membership_of
from matching.engine.notifications import notify
from matching.events.models import PlatformEvent, PlatformEventSignup

P = PlatformEvent
EVENT_FIELDS = ("kind", "title", "organizer", "city", "starts_at", "ends_at", "venue", "online", "description",
                "capacity", "registration_deadline")


def platform_event_save(*, actor: User, data: dict[str, Any], event_id: int | None = None) -> PlatformEvent:
    """Create (as a draft) or edit a platform event. Operators only. The end is not before the
    start, the deadline not after the end, the capacity (when given) at least 1, the city a
    known prefecture. A cancelled or closed event is 409."""
    ensure_operator(actor)
    event = None
    if event_id is not None:
        event = P.objects.filter(pk=event_id).first()
        if event is None:
            raise Http404(_("未找到该活动。"))
        if event.status in (P.Status.CANCELLED, P.Status.CLOSED):
            raise Conflict(_("该活动已“%(s)s”，不能再修改。") % {"s": event.get_status_display()})
    merged = {f: getattr(event, f) for f in EVENT_FIELDS} if event else {"online": False}
    merged.update({k: v for k, v in data.items() if k in EVENT_FIELDS})
    errors: dict[str, list[str]] = {}
    if merged.get("kind") not in P.Kind.values:
        errors["kind"] = [_("请选择活动类型。")]
    for field, message in (("title", _("请填写活动名称。")), ("organizer", _("请填写主办单位。")),
                           ("venue", _("请填写举办地点。"))):
        if not str(merged.get(field) or "").strip():
            errors[field] = [message]
    city = merged.get("city")
    if isinstance(city, str):
        merged["city"] = Region.objects.filter(pk=city).first()
        if merged["city"] is None:
            errors["city"] = [_("未知的城市：%(c)s。") % {"c": city}]
    elif city is None:
        errors["city"] = [_("请选择举办城市。")]
    starts, ends, deadline = merged.get("starts_at"), merged.get("ends_at"), merged.get("registration_deadline")
    if not starts or not ends:
        errors["starts_at"] = [_("请填写开始和结束时间。")]
    elif ends < starts:
        errors["ends_at"] = [_("结束时间不能早于开始时间。")]
    if not deadline:
        errors["registration_deadline"] = [_("请填写报名截止时间。")]
    elif ends and deadline > ends:
        errors["registration_deadline"] = [_("报名截止时间不能晚于活动结束时间。")]
    if merged.get("capacity") is not None and merged["capacity"] < 1:
        errors["capacity"] = [_("名额至少为 1（不限名额请留空）。")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        event = event or P(created_by=actor)
        for field, value in merged.items():
            setattr(event, field, value)
        event.full_clean(exclude=["created_by"])
        event.save()
    return event


def platform_event_publish(*, actor: User, event_id: int) -> PlatformEvent:
    """Draft → published (open for sign-up). Operators only."""
    ensure_operator(actor)
    with transaction.atomic():
        event = P.objects.select_for_update().filter(pk=event_id).first()
        if event is None:
            raise Http404(_("未找到该活动。"))
        if event.status != P.Status.DRAFT:
            raise Conflict(_("只有草稿状态的活动可以发布。"))
        event.status = P.Status.PUBLISHED
        event.save(update_fields=["status", "updated_at"])
    return event


def platform_event_cancel(*, actor: User, event_id: int) -> PlatformEvent:
    """Cancel an event; everyone signed up is told. Operators only."""
    ensure_operator(actor)
    with transaction.atomic():
        event = P.objects.select_for_update().filter(pk=event_id).first()
        if event is None:
            raise Http404(_("未找到该活动。"))
        if event.status in (P.Status.CANCELLED, P.Status.CLOSED):
            raise Conflict(_("该活动已“%(s)s”。") % {"s": event.get_status_display()})
        event.status = P.Status.CANCELLED
        event.save(update_fields=["status", "updated_at"])
        users = event.signups.filter(cancelled_at=None).values_list("user_id", flat=True)
        notify(user_ids=list(users), kind="activity_cancelled", link=f"/activities/{event.pk}/",
               title=_("活动“%(t)s”已取消") % {"t": event.title})
    return event


def platform_event_signup(*, actor: User, event_id: int) -> PlatformEventSignup:
    """Sign the actor up (for its organization when it belongs to one). The event must be
    published, before its deadline and not full; a second sign-up is 409; a cancelled one is
    renewed. The event row is locked so the capacity holds under concurrent sign-ups."""
    if actor is None or not actor.is_authenticated:
        raise Http404(_("未找到该活动。"))
    with transaction.atomic():
        event = P.objects.select_for_update().exclude(status=P.Status.DRAFT).filter(pk=event_id).first()
        if event is None:
            raise Http404(_("未找到该活动。"))
        if event.status != P.Status.PUBLISHED:
            raise Conflict(_("该活动“%(s)s”，不能报名。") % {"s": event.get_status_display()})
        if timezone.now() > event.registration_deadline:
            deadline = timezone.localtime(event.registration_deadline).strftime("%Y-%m-%d %H:%M")
            raise Conflict(_("报名已于 %(d)s 截止。") % {"d": deadline})
        existing = PlatformEventSignup.objects.filter(event=event, user=actor).first()
        if existing is not None and existing.cancelled_at is None:
            raise Conflict(_("您已报名该活动，无需重复报名。"))
        if event.capacity is not None:
            taken = event.signups.filter(cancelled_at=None).count()
            if taken >= event.capacity:
                raise Conflict(_("名额已满（共 %(n)d 个名额）。") % {"n": event.capacity})
        membership = membership_of(actor)
        org = membership.organization if membership else None
        if existing is not None:
            existing.cancelled_at, existing.organization = None, org
            existing.save(update_fields=["cancelled_at", "organization"])
            return existing
        return PlatformEventSignup.objects.create(event=event, user=actor, organization=org)


def platform_event_signup_cancel(*, actor: User, event_id: int) -> PlatformEventSignup:
    """Cancel the actor's sign-up (frees the place). 409 when not signed up or the event is over."""
    with transaction.atomic():
        signup = (PlatformEventSignup.objects.select_for_update().select_related("event")
                  .filter(event_id=event_id, user=actor).exclude(event__status=P.Status.DRAFT).first())
        if signup is None or signup.cancelled_at is not None:
            if not P.objects.exclude(status=P.Status.DRAFT).filter(pk=event_id).exists():
                raise Http404(_("未找到该活动。"))
            raise Conflict(_("您尚未报名该活动。"))
        if signup.event.ends_at < timezone.now():
            raise Conflict(_("活动已结束，不能取消报名。"))
        signup.cancelled_at = timezone.now()
        signup.save(update_fields=["cancelled_at"])
    return signup
