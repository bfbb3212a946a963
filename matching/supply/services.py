"""Supply-chain services: capabilities, sourcing needs, mutual interest and shared contacts."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from config.exceptions import Conflict
from enterprises.models import Organization, Region, User
from enterprises.models.profiles import Certification
from enterprises.permissions import ensure_can_publish, membership_of
from matching.engine.models import Match, MatchStatus
from matching.engine.notifications import members_by_organization, notify, notify_many, organization_user_ids
from matching.engine.runs import run_create
from matching.engine.text import search_text
from matching.engine.transitions import match_transition, side_of
from matching.supply.models import ProductCategory, SourcingNeed, SupplyCapability

CAPABILITY_FIELDS = ("category", "title", "description", "materials", "processes", "specs", "certifications",
                     "capacity_per_month", "unit", "lead_time_days", "regions_served", "sample_ability", "active")
NEED_FIELDS = ("category", "title", "description", "materials", "processes", "specs", "quantity", "unit",
               "required_certifications", "needed_by", "max_distance", "budget_min", "budget_max")


def offer_text(item: SupplyCapability | SourcingNeed) -> str:
    """The tokens stored for a capability's or need's text: title, description, materials,
    processes and specifications — what the firm wrote; its class counts apart (the fit)."""
    return search_text(item.title, item.description, " ".join(item.materials or ()),
                       " ".join(item.processes or ()), " ".join(item.specs or ()))


def _enterprise(actor: User) -> Organization:
    membership = membership_of(actor)
    if membership is None or membership.organization.kind != Organization.Kind.ENTERPRISE:
        raise PermissionDenied(_("只有企业用户可以发布配套能力或采购需求。"))
    return membership.organization


def _common_errors(data: dict[str, Any], errors: dict[str, list[str]], certs_key: str) -> None:
    category = data.get("category")
    if isinstance(category, str):
        found = ProductCategory.objects.filter(pk=category).first()
        if found is None:
            errors["category"] = [_("未知的产品类别：%(c)s。") % {"c": category}]
        data["category"] = found
    if not data.get("category"):
        errors.setdefault("category", [_("请选择产品类别。")])
    if not str(data.get("title") or "").strip():
        errors["title"] = [_("请填写名称。")]
    unknown = [c for c in data.get(certs_key) or [] if c not in Certification.values]
    if unknown:
        errors[certs_key] = [_("未知的资质认证：%(c)s。") % {"c": "、".join(unknown)}]
    _attribute_errors(data, errors)


ATTRIBUTE_LIMITS = {"materials": (10, 32), "processes": (10, 32), "specs": (10, 48)}
_SPEC_SHAPE = re.compile(r"^[A-Za-z0-9\u4e00-\u9fff][A-Za-z0-9\u4e00-\u9fff\-./×*#+()（）% ]*$")


def _attribute_errors(data: dict[str, Any], errors: dict[str, list[str]]) -> None:
    """Materials, processes and specifications: short terms, at most ten each; a specification is a
    grade, model number or standard (letters, digits, ``-./×*#+``), never punctuation alone."""
    for name, (count, size) in ATTRIBUTE_LIMITS.items():
        values = [str(v).strip() for v in data.get(name) or [] if str(v).strip()]
        data[name] = list(dict.fromkeys(values))
        if len(data[name]) > count:
            errors[name] = [_("最多填写 %(n)d 项。") % {"n": count}]
        elif any(len(v) > size for v in data[name]):
            errors[name] = [_("每项不超过 %(n)d 个字符。") % {"n": size}]
    bad = [v for v in data.get("specs") or [] if not _SPEC_SHAPE.match(v) or not re.search(r"[A-Za-z0-9]", v)]
    if bad and "specs" not in errors:
        errors["specs"] = [_("规格型号“%(s)s”无法识别：应为牌号、型号或标准号，例如 QT450-10、6205-2RS、GB/T 9439。")
                           % {"s": bad[0]}]


def capability_save(*, actor: User, data: dict[str, Any], capability_id: int | None = None) -> SupplyCapability:
    """Create or update one of the actor's enterprise's capabilities; rematched after commit.

    Capacity must be positive, regions served must be known adcodes (empty = anywhere). Only
    verified enterprises publish. Another firm's capability answers 404.
    """
    firm = _enterprise(actor)
    ensure_can_publish(firm)
    cap = None
    if capability_id is not None:
        cap = SupplyCapability.objects.filter(pk=capability_id, enterprise=firm).first()
        if cap is None:
            raise Http404(_("未找到该配套能力。"))
    merged = {f: getattr(cap, f) for f in CAPABILITY_FIELDS} if cap else {"active": True}
    merged.update({k: v for k, v in data.items() if k in CAPABILITY_FIELDS})
    errors: dict[str, list[str]] = {}
    _common_errors(merged, errors, "certifications")
    if merged.get("capacity_per_month") is not None and merged["capacity_per_month"] <= 0:
        errors["capacity_per_month"] = [_("月产能必须大于 0。")]
    if merged.get("lead_time_days") is not None and not 0 <= merged["lead_time_days"] <= 3650:
        errors["lead_time_days"] = [_("交期须在 0–3650 天之间。")]
    regions = merged.get("regions_served") or []
    if regions and Region.objects.filter(pk__in=regions).count() != len(set(regions)):
        errors["regions_served"] = [_("供货地区中包含未知的行政区划代码。")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        cap = cap or SupplyCapability(enterprise=firm)
        for field, value in merged.items():
            setattr(cap, field, value)
        cap.search_text = offer_text(cap)
        cap.full_clean(exclude=["enterprise"])
        cap.save()
        run_create(domain="supply", scope="offer", target_id=cap.pk)
    return cap


def need_save(*, actor: User, data: dict[str, Any], need_id: int | None = None) -> SourcingNeed:
    """Create or update one of the actor's enterprise's sourcing needs; matched after commit."""
    firm = _enterprise(actor)
    ensure_can_publish(firm)
    need = None
    if need_id is not None:
        need = SourcingNeed.objects.filter(pk=need_id, enterprise=firm).first()
        if need is None:
            raise Http404(_("未找到该采购需求。"))
        if need.status in (SourcingNeed.Status.FULFILLED, SourcingNeed.Status.CLOSED):
            raise Conflict(_("该需求已“%(s)s”，不能再修改。") % {"s": need.get_status_display()})
    merged = {f: getattr(need, f) for f in NEED_FIELDS} if need else {"max_distance": "province"}
    merged.update({k: v for k, v in data.items() if k in NEED_FIELDS})
    errors: dict[str, list[str]] = {}
    _common_errors(merged, errors, "required_certifications")
    if merged.get("quantity") is not None and merged["quantity"] <= 0:
        errors["quantity"] = [_("数量必须大于 0。")]
    low, high = merged.get("budget_min"), merged.get("budget_max")
    if (low is not None and low < 0) or (high is not None and high < 0):
        errors["budget_min"] = [_("预算不能为负数。")]
    elif low is not None and high is not None and Decimal(low) > Decimal(high):
        errors["budget_max"] = [_("预算上限不能低于下限。")]
    if merged.get("needed_by") and merged["needed_by"] < timezone.localdate() and need is None:
        errors["needed_by"] = [_("需求日期不能早于今天。")]
    if "title" not in errors and not search_text(merged.get("title") or "", merged.get("description") or "",
                                                 " ".join(merged.get("specs") or ())):
        errors["title"] = [_("请写明要采购的产品，例如“挖掘机液压油缸”；只写“采购”“配件”等无法匹配供应方。")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        need = need or SourcingNeed(enterprise=firm, created_by=actor)
        for field, value in merged.items():
            setattr(need, field, value)
        need.search_text = offer_text(need)
        need.full_clean(exclude=["enterprise", "created_by"])
        need.save()
        run_create(domain="supply", scope="need", target_id=need.pk)
    return need


def need_close(*, actor: User, need_id: int) -> SourcingNeed:
    """Close a need: its open suggestions are retired by the rematch it triggers."""
    firm = _enterprise(actor)
    with transaction.atomic():
        updated = SourcingNeed.objects.filter(pk=need_id, enterprise=firm).exclude(
            status=SourcingNeed.Status.CLOSED).update(status=SourcingNeed.Status.CLOSED)
        if not updated and not SourcingNeed.objects.filter(pk=need_id, enterprise=firm).exists():
            raise Http404(_("未找到该采购需求。"))
        run_create(domain="supply", scope="need", target_id=need_id)
    return SourcingNeed.objects.get(pk=need_id)


def needs_after_match(results: list[tuple[dict, list[int], int]]) -> None:
    """Needs' matches were stored ((need facts, new capability ids, kept) each): mark the open
    ones matched and tell the buyers and the new suppliers — a few statements for the batch."""
    kept_ids = [need["id"] for need, _new, kept in results if kept]
    if kept_ids:
        SourcingNeed.objects.filter(pk__in=kept_ids, status=SourcingNeed.Status.OPEN).update(
            status=SourcingNeed.Status.MATCHED)
    with_new = [(need, new) for need, new, _kept in results if new]
    if not with_new:
        return
    supplier_of = dict(SupplyCapability.objects.filter(pk__in={c for _n, new in with_new for c in new})
                       .values_list("id", "enterprise_id"))
    members = members_by_organization({n["enterprise_id"] for n, _new in with_new} | set(supplier_of.values()))
    messages = []
    for need, new in with_new:
        messages.append((members.get(need["enterprise_id"], []), "supply_new_suppliers",
                         _("为“%(t)s”找到 %(n)d 家新的配套企业") % {"t": need["title"], "n": len(new)}, "",
                         f"/supply/needs/{need['id']}/"))
        suppliers = sorted({supplier_of[c] for c in new if c in supplier_of})
        messages.append(([u for s in suppliers for u in members.get(s, [])], "supply_new_buyer",
                         _("有企业正在采购您能供应的产品：%(t)s") % {"t": need["title"]}, "", "/supply/matches/"))
    notify_many(messages)


def match_interest(*, actor: User, match_id: int) -> Match:
    """Either side says it is interested. The buyer's interest moves the match to ``interested``;
    the supplier's is recorded beside it. Contacts are shared once both sides are interested."""
    match = Match.objects.filter(pk=match_id, domain="supply").first()
    side = side_of(actor, match) if match else None
    if side not in ("need", "offer"):
        raise Http404(_("未找到该匹配。"))
    if side == "need":
        if match.status in (MatchStatus.SUGGESTED, MatchStatus.VIEWED):
            return match_transition(match_id=match_id, actor=actor, to=MatchStatus.INTERESTED)
        if match.interested_at:
            raise Conflict(_("您已表达过意向。"))
        raise Conflict(_("该匹配当前状态不能表达意向。"))
    with transaction.atomic():
        match = Match.objects.select_for_update().get(pk=match_id)
        if match.offer_interested_at:
            raise Conflict(_("您已表达过意向。"))
        if match.status not in (MatchStatus.SUGGESTED, MatchStatus.VIEWED, MatchStatus.INTERESTED):
            raise Conflict(_("该匹配当前状态不能表达意向。"))
        match.offer_interested_at = timezone.now()
        match.save(update_fields=["offer_interested_at", "updated_at"])
        _tell_other_side(match, to_org=match.need_org_id)
    return match


def on_transition(*, match: Match, to: str, side: str, actor: User | None, outcome: dict[str, Any]) -> None:
    """Supply side effects: record the buyer's interest time and tell the supplier."""
    if to == MatchStatus.INTERESTED:
        match.interested_at = timezone.now()
        _tell_other_side(match, to_org=match.offer_org_id)
    elif to == MatchStatus.SUCCEEDED:
        match.outcome = {k: str(v) for k, v in (outcome or {}).items() if k in ("contract_value", "note")}


def _tell_other_side(match: Match, *, to_org: int | None) -> None:
    mutual = bool(match.interested_at and match.offer_interested_at) or (
        to_org == match.offer_org_id and match.offer_interested_at)
    title = _("双方均有意向，已互相开放联系方式") if mutual else _("对方对您的配套匹配表达了意向")
    notify(user_ids=organization_user_ids([to_org] if to_org else []), kind="supply_interest", title=title,
           link="/supply/matches/")


def contact_for(match: Match, *, viewer_org_id: int | None) -> dict[str, str] | None:
    """The other side's contact person, phone and email — only once both sides are interested."""
    if match.domain != "supply" or not (match.interested_at and match.offer_interested_at):
        return None
    other = match.offer_org if viewer_org_id == match.need_org_id else match.need_org
    if other is None:
        return None
    return {"organization": other.name, "person": other.contact_name, "phone": other.contact_phone,
            "email": other.contact_email}
