"""Services and institutions (找服务): providers' offerings, enterprises' service requests, the
interest → contact → outcome flow, and who may see whose contact."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from config.exceptions import Conflict
from enterprises.models import Organization, Region, User
from enterprises.permissions import ensure_can_publish, membership_of
from matching.engine.models import Match, MatchStatus
from matching.engine.notifications import notify, organization_user_ids
from matching.engine.runs import run_create
from matching.engine.text import search_text
from matching.engine.transitions import match_transition, side_of
from matching.market.models import ServiceCategory, ServiceOffering, ServiceRequest

OFFERING_FIELDS = ("category", "title", "description", "price_min", "price_max", "regions", "response_days",
                   "active")
REQUEST_FIELDS = ("category", "title", "description", "budget_max", "needed_by")
Status = ServiceRequest.Status
EDITABLE = (Status.OPEN, Status.MATCHED)
CONTACT_OPEN = (MatchStatus.INTERESTED, MatchStatus.CONTACTED, MatchStatus.SUCCEEDED)


def _member_of(actor: User, kind: str, message: str) -> Organization:
    membership = membership_of(actor)
    if membership is None or membership.organization.kind != kind:
        raise PermissionDenied(message)
    return membership.organization


def _provider(actor: User) -> Organization:
    return _member_of(actor, Organization.Kind.PROVIDER, _("只有服务机构可以发布服务产品。"))


def _enterprise(actor: User) -> Organization:
    return _member_of(actor, Organization.Kind.ENTERPRISE, _("只有企业用户可以发布服务需求。"))


def offering_text(offering: ServiceOffering, provider_name: str) -> str:
    """Jieba tokens of the offering, its category and its provider's name (for 找机构 keyword search)."""
    with translation.override("zh-hans"):
        label = str(ServiceCategory(offering.category).label)
    return search_text(offering.title, label, offering.description, provider_name)


def _common_errors(data: dict[str, Any], errors: dict[str, list[str]]) -> None:
    category = data.get("category")
    if not category:
        errors["category"] = [_("请选择服务类别。")]
    elif category not in ServiceCategory.values:
        errors["category"] = [_("未知的服务类别：%(c)s。") % {"c": category}]
    if not str(data.get("title") or "").strip():
        errors["title"] = [_("请填写名称。")]


def offering_save(*, actor: User, data: dict[str, Any], offering_id: int | None = None) -> ServiceOffering:
    """Create or update one of the actor's institution's services; rematched after commit.

    Only verified providers publish. Prices are whole yuan, the upper bound not below the lower;
    regions must be known adcodes (empty = anywhere); response within 1–60 working days.
    Another institution's service answers 404.
    """
    provider = _provider(actor)
    ensure_can_publish(provider)
    offering = None
    if offering_id is not None:
        offering = ServiceOffering.objects.filter(pk=offering_id, provider=provider).first()
        if offering is None:
            raise Http404(_("未找到该服务产品。"))
    merged = {f: getattr(offering, f) for f in OFFERING_FIELDS} if offering else {"active": True, "response_days": 3}
    merged.update({k: v for k, v in data.items() if k in OFFERING_FIELDS})
    errors: dict[str, list[str]] = {}
    _common_errors(merged, errors)
    low, high = merged.get("price_min"), merged.get("price_max")
    if (low is not None and low < 0) or (high is not None and high < 0):
        errors["price_min"] = [_("价格不能为负数。")]
    elif low is not None and high is not None and high < low:
        errors["price_max"] = [_("价格上限不能低于价格下限。")]
    days = merged.get("response_days")
    if days is None or not 1 <= days <= 60:
        errors["response_days"] = [_("响应时间须在 1–60 个工作日之间。")]
    regions = sorted(set(merged.get("regions") or []))
    if regions and Region.objects.filter(pk__in=regions).count() != len(regions):
        errors["regions"] = [_("服务地区中包含未知的行政区划代码。")]
    merged["regions"] = regions
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        offering = offering or ServiceOffering(provider=provider)
        for field, value in merged.items():
            setattr(offering, field, value)
        offering.search_text = offering_text(offering, provider.name)
        offering.full_clean(exclude=["provider"])
        offering.save()
        run_create(domain="services", scope="offer", target_id=offering.pk)
    return offering


def offering_deactivate(*, actor: User, offering_id: int) -> ServiceOffering:
    """Take a service off the directory; its open suggestions are retired by the rematch."""
    provider = _provider(actor)
    with transaction.atomic():
        offering = ServiceOffering.objects.select_for_update().filter(pk=offering_id, provider=provider).first()
        if offering is None:
            raise Http404(_("未找到该服务产品。"))
        if offering.active:
            offering.active = False
            offering.save(update_fields=["active", "updated_at"])
            run_create(domain="services", scope="offer", target_id=offering.pk)
    return offering


def request_save(*, actor: User, data: dict[str, Any], request_id: int | None = None) -> ServiceRequest:
    """Create or update one of the actor's enterprise's service requests; matched after commit.

    The budget, when given, is a positive whole number of yuan; the date may not be in the past
    for a new request. A fulfilled or closed request is 409; another firm's is 404.
    """
    firm = _enterprise(actor)
    ensure_can_publish(firm)
    req = None
    if request_id is not None:
        req = ServiceRequest.objects.filter(pk=request_id, enterprise=firm).first()
        if req is None:
            raise Http404(_("未找到该服务需求。"))
        if req.status not in EDITABLE:
            raise Conflict(_("该需求已“%(s)s”，不能再修改。") % {"s": req.get_status_display()})
    merged = {f: getattr(req, f) for f in REQUEST_FIELDS} if req else {}
    merged.update({k: v for k, v in data.items() if k in REQUEST_FIELDS})
    errors: dict[str, list[str]] = {}
    _common_errors(merged, errors)
    if merged.get("budget_max") is not None and merged["budget_max"] <= 0:
        errors["budget_max"] = [_("预算必须大于 0。")]
    if merged.get("needed_by") and merged["needed_by"] < timezone.localdate() and req is None:
        errors["needed_by"] = [_("期望完成日期不能早于今天。")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        req = req or ServiceRequest(enterprise=firm, created_by=actor)
        for field, value in merged.items():
            setattr(req, field, value)
        with translation.override("zh-hans"):
            label = str(ServiceCategory(req.category).label)
        req.search_text = search_text(req.title, label, req.description)
        req.full_clean(exclude=["enterprise", "created_by"])
        req.save()
        run_create(domain="services", scope="need", target_id=req.pk)
    return req


def request_close(*, actor: User, request_id: int) -> ServiceRequest:
    """Close a request: its open suggestions are retired by the rematch it triggers."""
    firm = _enterprise(actor)
    with transaction.atomic():
        req = ServiceRequest.objects.select_for_update().filter(pk=request_id, enterprise=firm).first()
        if req is None:
            raise Http404(_("未找到该服务需求。"))
        if req.status != Status.CLOSED:
            req.status = Status.CLOSED
            req.save(update_fields=["status", "updated_at"])
            run_create(domain="services", scope="need", target_id=req.pk)
    return req


def request_after_match(*, request_id: int, new_offering_ids: list[int], kept: int) -> None:
    """A request's matches were stored: mark it matched, tell the enterprise and the new providers."""
    req = ServiceRequest.objects.get(pk=request_id)
    if kept and req.status == Status.OPEN:
        ServiceRequest.objects.filter(pk=request_id, status=Status.OPEN).update(status=Status.MATCHED)
    if not new_offering_ids:
        return
    notify(user_ids=organization_user_ids([req.enterprise_id]), kind="services_new_offerings",
           title=_("为“%(t)s”找到 %(n)d 项新的服务") % {"t": req.title, "n": len(new_offering_ids)},
           link=f"/services/requests/{request_id}/")
    providers = set(ServiceOffering.objects.filter(pk__in=new_offering_ids).values_list("provider_id", flat=True))
    notify(user_ids=organization_user_ids(providers), kind="services_new_request",
           title=_("有企业需要您提供的服务：%(t)s") % {"t": req.title}, link="/services/opportunities/")


def on_transition(*, match: Match, to: str, side: str, actor: User | None, outcome: dict[str, Any]) -> None:
    """Services side effects: the enterprise's interest opens its contact to the provider (who is
    told); the provider's contact and outcome are told to the enterprise; success fulfils the request."""
    title = ServiceRequest.objects.filter(pk=match.need_id).values_list("title", flat=True).first() or ""
    if to == MatchStatus.INTERESTED:
        match.interested_at = timezone.now()
        notify(user_ids=organization_user_ids([match.offer_org_id] if match.offer_org_id else []),
               kind="services_interest", link="/services/opportunities/",
               title=_("企业对您的服务表达了意向，请尽快联系：%(t)s") % {"t": title})
    elif to == MatchStatus.CONTACTED:
        match.responded_at = timezone.now()
        notify(user_ids=organization_user_ids([match.need_org_id] if match.need_org_id else []),
               kind="services_contacted", link=f"/services/requests/{match.need_id}/",
               title=_("服务机构已就“%(t)s”与贵单位联系") % {"t": title})
    elif to == MatchStatus.SUCCEEDED:
        match.outcome = {k: str(v) for k, v in (outcome or {}).items() if k in ("contract_value", "note")}
        ServiceRequest.objects.filter(pk=match.need_id, status__in=EDITABLE).update(status=Status.FULFILLED)


def contact_for(match: Match, *, viewer_org_id: int | None) -> dict[str, str] | None:
    """The other side's contact for a services match: the provider's (an institution's public
    contact) for the enterprise; the enterprise's for the provider only after its interest."""
    if match.domain != "services" or viewer_org_id is None:
        return None
    if viewer_org_id == match.need_org_id:
        other = match.offer_org
    elif viewer_org_id == match.offer_org_id and (match.interested_at or match.status in CONTACT_OPEN):
        other = match.need_org
    else:
        return None
    if other is None:
        return None
    return {"organization": other.name, "person": other.contact_name, "phone": other.contact_phone,
            "email": other.contact_email}


def match_interest(*, actor: User, match_id: int) -> Match:
    """The enterprise's “有意向” for one matched service (suggested/viewed → interested)."""
    match = Match.objects.filter(pk=match_id, domain="services").first()
    if match is None or side_of(actor, match) != "need":
        raise Http404(_("未找到该匹配。"))
    if match.status not in (MatchStatus.SUGGESTED, MatchStatus.VIEWED):
        raise Conflict(_("您已表达过意向。") if match.interested_at else _("该匹配当前状态不能表达意向。"))
    return match_transition(match_id=match_id, actor=actor, to=MatchStatus.INTERESTED)
