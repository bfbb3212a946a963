"""Financing services: products, loan requests, consent, the response clock, outcomes."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from config.exceptions import Conflict
from enterprises.models import IndustrialChain, Industry, Organization, Region, User
from enterprises.permissions import ensure_can_publish, membership_of
from matching.common.figures import public_figures_changed
from matching.common.formatting import wan
from matching.common.workdays import add_working_days
from matching.engine.models import OPEN_STATUSES, Match, MatchStatus
from matching.engine.notifications import (
    members_by_organization,
    notify,
    notify_many,
    operator_user_ids,
    organization_user_ids,
)
from matching.engine.runs import run_create
from matching.engine.transitions import match_transition
from matching.financing.models import Collateral, Consent, FinancingProduct, FinancingRequest

PRODUCT_FIELDS = ("name", "type", "description", "amount_min", "amount_max", "term_min", "term_max", "rate_min",
                  "rate_max", "collateral", "regions", "chains", "industries", "whitelist_only",
                  "min_specialized_level", "min_credit_rating", "min_years", "min_revenue", "approval_days", "active")
REQUEST_FIELDS = ("amount", "term", "purpose", "purpose_detail", "collateral", "max_rate", "urgency")
MAX_AMOUNT = Decimal("10000000000")  # 100 亿


def _own_org(actor: User, kind: str) -> Organization:
    membership = membership_of(actor)
    if membership is None or membership.organization.kind != kind:
        raise PermissionDenied(_("只有%(kind)s用户可以执行此操作。") % {"kind": Organization.Kind(kind).label})
    return membership.organization


def _range_errors(data: dict[str, Any], errors: dict[str, list[str]]) -> None:
    amin, amax = data.get("amount_min"), data.get("amount_max")
    if amin is not None and amin <= 0:
        errors["amount_min"] = [_("最低额度必须大于 0。")]
    if amax is not None and amax > MAX_AMOUNT:
        errors["amount_max"] = [_("最高额度不能超过 100 亿元。")]
    if amin is not None and amax is not None and amin > amax:
        errors["amount_max"] = [_("最高额度不能低于最低额度。")]
    for key in ("term_min", "term_max"):
        if data.get(key) is not None and not 1 <= data[key] <= 360:
            errors[key] = [_("期限须在 1–360 个月之间。")]
    if data.get("term_min") and data.get("term_max") and data["term_min"] > data["term_max"]:
        errors["term_max"] = [_("最长期限不能短于最短期限。")]
    for key in ("rate_min", "rate_max"):
        if data.get(key) is not None and not Decimal(0) <= data[key] <= Decimal(36):
            errors[key] = [_("年利率须在 0–36% 之间。")]
    if data.get("rate_min") is not None and data.get("rate_max") is not None and data["rate_min"] > data["rate_max"]:
        errors["rate_max"] = [_("最高利率不能低于最低利率。")]
    if data.get("min_revenue") is not None and data["min_revenue"] < 0:
        errors["min_revenue"] = [_("最低年营收不能为负数。")]
    unknown = [c for c in data.get("collateral") or [] if c not in Collateral.values]
    if unknown:
        errors["collateral"] = [_("未知的担保方式：%(c)s。") % {"c": "、".join(unknown)}]


def _check_targets(data: dict[str, Any], errors: dict[str, list[str]]) -> None:
    for key, model, label in (("regions", Region, _("地区")), ("chains", IndustrialChain, _("产业链")),
                              ("industries", Industry, _("行业"))):
        values = data.get(key)
        if values and model.objects.filter(pk__in=values).count() != len(set(values)):
            errors[key] = [_("目标%(label)s中包含不存在的代码。") % {"label": label}]


def product_save(*, actor: User, data: dict[str, Any], product_id: int | None = None) -> FinancingProduct:
    """Create or update one of the actor's bank's products, then rematch it after commit.

    Only verified banks publish. Amount, term and rate ranges are checked (min ≤ max, term
    1–360 months, rates 0–36%). Another bank's product answers 404.
    """
    bank = _own_org(actor, Organization.Kind.BANK)
    ensure_can_publish(bank)
    product = None
    if product_id is not None:
        product = FinancingProduct.objects.filter(pk=product_id, bank=bank).first()
        if product is None:
            raise Http404(_("未找到该产品。"))
    merged = {f: getattr(product, f) for f in PRODUCT_FIELDS} if product else {}
    merged.update({k: v for k, v in data.items() if k in PRODUCT_FIELDS})
    errors: dict[str, list[str]] = {}
    for required in ("name", "type", "amount_min", "amount_max", "term_min", "term_max", "rate_min", "rate_max"):
        if merged.get(required) in (None, ""):
            errors[required] = [_("此项为必填项。")]
    _range_errors(merged, errors)
    _check_targets(merged, errors)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        product = product or FinancingProduct(bank=bank)
        for field, value in merged.items():
            setattr(product, field, value)
        product.full_clean(exclude=["bank"])
        product.save()
        run_create(domain="financing", scope="offer", target_id=product.pk)
    return product


def product_delete(*, actor: User, product_id: int) -> None:
    """Take a product off the shelf for good: deactivate it and retire its open matches."""
    bank = _own_org(actor, Organization.Kind.BANK)
    with transaction.atomic():
        updated = FinancingProduct.objects.filter(pk=product_id, bank=bank).update(active=False)
        if not updated:
            raise Http404(_("未找到该产品。"))
        run_create(domain="financing", scope="offer", target_id=product_id)


def request_save(*, actor: User, data: dict[str, Any], request_id: int | None = None) -> FinancingRequest:
    """Create or edit one of the actor's enterprise's loan requests; matched after commit.

    Amount > 0 (≤ 100 亿), term 1–360 months, highest rate 0–36%. Only verified enterprises
    post; the lead banks of the enterprise's chains are told of every new request.
    """
    enterprise = _own_org(actor, Organization.Kind.ENTERPRISE)
    ensure_can_publish(enterprise)
    request = None
    if request_id is not None:
        request = FinancingRequest.objects.filter(pk=request_id, enterprise=enterprise).first()
        if request is None:
            raise Http404(_("未找到该融资需求。"))
        if request.status in (FinancingRequest.Status.FUNDED, FinancingRequest.Status.CLOSED,
                              FinancingRequest.Status.WITHDRAWN):
            raise Conflict(_("该需求已“%(s)s”，不能再修改。") % {"s": request.get_status_display()})
    merged = {f: getattr(request, f) for f in REQUEST_FIELDS} if request else {"urgency": "normal"}
    merged.update({k: v for k, v in data.items() if k in REQUEST_FIELDS})
    errors: dict[str, list[str]] = {}
    amount, term, max_rate = merged.get("amount"), merged.get("term"), merged.get("max_rate")
    if amount is None or amount <= 0:
        errors["amount"] = [_("申请金额必须大于 0。")]
    elif amount > MAX_AMOUNT:
        errors["amount"] = [_("申请金额不能超过 100 亿元。")]
    if term is None or not 1 <= term <= 360:
        errors["term"] = [_("期限须在 1–360 个月之间。")]
    if max_rate is not None and not Decimal(0) <= max_rate <= Decimal(36):
        errors["max_rate"] = [_("可接受最高年利率须在 0–36% 之间。")]
    if not merged.get("purpose"):
        errors["purpose"] = [_("请选择资金用途。")]
    _range_errors({"collateral": merged.get("collateral")}, errors)
    if errors:
        raise ValidationError(errors)
    created = request is None
    with transaction.atomic():
        request = request or FinancingRequest(enterprise=enterprise, created_by=actor)
        for field, value in merged.items():
            setattr(request, field, value)
        request.full_clean(exclude=["enterprise", "created_by"])
        request.save()
        run_create(domain="financing", scope="need", target_id=request.pk)
        if created:
            _notify_lead_banks(request)
    return request


def _notify_lead_banks(request: FinancingRequest) -> None:
    chains = IndustrialChain.objects.filter(segments__enterprises__organization=request.enterprise_id,
                                            lead_bank__isnull=False).distinct()
    for chain in chains:
        notify(user_ids=organization_user_ids([chain.lead_bank_id]), kind="lead_bank_request",
               title=_("主办产业链新融资需求：%(chain)s") % {"chain": chain.name},
               body=_("%(city)s一家企业申请 %(amount)s元、%(term)s 个月。") % {
                   "city": request.enterprise.region.name, "amount": wan(request.amount), "term": request.term},
               link=f"/bank/requests/{request.pk}/")


def request_withdraw(*, actor: User, request_id: int) -> FinancingRequest:
    """The enterprise withdraws a request: its open matches expire."""
    enterprise = _own_org(actor, Organization.Kind.ENTERPRISE)
    with transaction.atomic():
        request = FinancingRequest.objects.select_for_update().filter(pk=request_id, enterprise=enterprise).first()
        if request is None:
            raise Http404(_("未找到该融资需求。"))
        if request.status in (FinancingRequest.Status.FUNDED, FinancingRequest.Status.WITHDRAWN):
            raise Conflict(_("该需求已“%(s)s”，不能撤回。") % {"s": request.get_status_display()})
        request.status = FinancingRequest.Status.WITHDRAWN
        request.save(update_fields=["status", "updated_at"])
        _expire_open_matches(request.pk, reason=_("企业已撤回需求"))
    return request


def _expire_open_matches(request_id: int, *, reason: str, except_match: int | None = None) -> None:
    for match_id in (Match.objects.filter(domain="financing", need_id=request_id, status__in=OPEN_STATUSES)
                     .exclude(pk=except_match).values_list("pk", flat=True)):
        match_transition(match_id=match_id, actor=None, to=MatchStatus.EXPIRED, reason=reason, side="system")


def requests_after_match(results: list[tuple[dict, list[int], int]]) -> None:
    """After the engine stored requests' matches ((request facts, new product ids, kept) each):
    mark the open ones matched and tell both sides — a few statements for the whole batch."""
    matched = [need["id"] for need, _new, kept in results if kept and need["status"] == FinancingRequest.Status.OPEN]
    if matched:
        FinancingRequest.objects.filter(pk__in=matched, status=FinancingRequest.Status.OPEN).update(
            status=FinancingRequest.Status.MATCHED)
    with_new = [(need, new) for need, new, _kept in results if new]
    if not with_new:
        return
    bank_of = dict(FinancingProduct.objects.filter(pk__in={p for _n, new in with_new for p in new})
                   .values_list("id", "bank_id"))
    members = members_by_organization({n["enterprise_id"] for n, _new in with_new} | set(bank_of.values()))
    messages = []
    for need, new in with_new:
        request_id, amount = need["id"], wan(need["amount"])
        messages.append((members.get(need["enterprise_id"], []), "new_matches",
                         _("为您的融资需求找到 %(n)d 个新匹配产品") % {"n": len(new)},
                         _("申请 %(amount)s元、%(term)s 个月。") % {"amount": amount, "term": need["term"]},
                         f"/financing/requests/{request_id}/"))
        banks = {bank_of[p] for p in new if p in bank_of}
        messages.append(([u for b in sorted(banks) for u in members.get(b, [])], "new_queue_item",
                         _("有新的匹配融资需求"),
                         _("%(city)s企业申请 %(amount)s元、%(term)s 个月（企业授权前仅显示匿名摘要）。") % {
                             "city": need["region_name"], "amount": amount, "term": need["term"]},
                         f"/bank/requests/{request_id}/"))
    notify_many(messages)


def on_transition(*, match: Match, to: str, side: str, actor: User | None, outcome: dict[str, Any]) -> None:
    """Financing side effects of a status move: the response clock, outcomes, notifications."""
    now = timezone.now()
    request = FinancingRequest.objects.select_for_update().get(pk=match.need_id)
    if to == MatchStatus.INTERESTED:
        match.interested_at = now
        match.due_at = add_working_days(now, settings.QILIAN_RESPONSE_WORKING_DAYS)
        if request.status in (FinancingRequest.Status.OPEN, FinancingRequest.Status.MATCHED):
            request.status = FinancingRequest.Status.IN_PROGRESS
            request.save(update_fields=["status", "updated_at"])
        notify(user_ids=organization_user_ids([match.offer_org_id]), kind="interest",
               title=_("企业对贵行产品有融资意向，请按时答复"),
               body=_("申请 %(amount)s元；请在 %(due)s 前答复。") % {
                   "amount": wan(request.amount), "due": timezone.localtime(match.due_at).strftime("%Y-%m-%d %H:%M")},
               link=f"/bank/requests/{request.pk}/")
    elif to in (MatchStatus.CONTACTED, MatchStatus.DECLINED) and side == "offer":
        match.responded_at = match.responded_at or now
        title = (_("银行已与您对接") if to == MatchStatus.CONTACTED else _("银行未能受理您的融资需求"))
        body = "" if to == MatchStatus.CONTACTED else _("您可以查看其他匹配产品。")
        notify(user_ids=organization_user_ids([match.need_org_id]), kind=f"bank_{to}", title=title, body=body,
               link=f"/financing/requests/{request.pk}/")
    elif to == MatchStatus.SUCCEEDED:
        _record_outcome(match, request, outcome)
        _expire_open_matches(request.pk, reason=_("该需求已在其他银行获贷"), except_match=match.pk)
    if to in (MatchStatus.DECLINED, MatchStatus.EXPIRED):
        _back_to_matched_if_idle(request, match)


def _back_to_matched_if_idle(request: FinancingRequest, match: Match) -> None:
    """An in-progress request whose last interested/contacted match ended is ``matched`` again."""
    if request.status != FinancingRequest.Status.IN_PROGRESS:
        return
    engaged = Match.objects.filter(domain="financing", need_id=request.pk, status__in=[
        MatchStatus.INTERESTED, MatchStatus.CONTACTED]).exclude(pk=match.pk).exists()
    if not engaged:
        request.status = FinancingRequest.Status.MATCHED
        request.save(update_fields=["status", "updated_at"])


def _record_outcome(match: Match, request: FinancingRequest, outcome: dict[str, Any]) -> None:
    errors: dict[str, list[str]] = {}
    try:
        amount = Decimal(str(outcome.get("amount")))
        if amount <= 0 or amount > MAX_AMOUNT:
            raise ValueError
    except (ArithmeticError, ValueError, TypeError):
        errors["outcome.amount"] = [_("请填写大于 0 的获贷金额。")]
        amount = Decimal(0)
    rate_value, term = outcome.get("rate"), outcome.get("term")
    try:
        rate_dec = Decimal(str(rate_value))
        if not Decimal(0) <= rate_dec <= Decimal(36):
            raise ValueError
    except (ArithmeticError, ValueError, TypeError):
        errors["outcome.rate"] = [_("年利率须在 0–36% 之间。")]
        rate_dec = Decimal(0)
    if not isinstance(term, int) or not 1 <= term <= 360:
        errors["outcome.term"] = [_("期限须在 1–360 个月之间。")]
    if errors:
        raise ValidationError(errors)
    match.outcome = {"amount": f"{amount:.2f}", "rate": f"{rate_dec:.2f}", "term": term,
                     "recorded_at": timezone.now().isoformat()}
    request.status = FinancingRequest.Status.FUNDED
    request.granted_amount = amount
    request.save(update_fields=["status", "granted_amount", "updated_at"])
    public_figures_changed()  # the home page's 累计获贷 shows a grant at once, not within the minute
    notify(user_ids=organization_user_ids([match.need_org_id]), kind="funded",
           title=_("恭喜！您的融资需求已获贷 %(amount)s元") % {"amount": wan(amount)},
           link=f"/financing/requests/{request.pk}/")


def consent_grant(*, actor: User, request_id: int, bank_id: int) -> Consent:
    """The enterprise lets one bank see its name, USCC, contacts and profile for one request."""
    enterprise = _own_org(actor, Organization.Kind.ENTERPRISE)
    request = FinancingRequest.objects.filter(pk=request_id, enterprise=enterprise).first()
    if request is None:
        raise Http404(_("未找到该融资需求。"))
    if not Match.objects.filter(domain="financing", need_id=request.pk, offer_org_id=bank_id).exists():
        raise ValidationError({"bank": [_("只能授权给与该需求匹配的银行。")]})
    with transaction.atomic():
        existing = Consent.objects.filter(request=request, bank_id=bank_id, withdrawn_at=None).first()
        if existing:
            return existing
        consent = Consent.objects.create(request=request, bank_id=bank_id, granted_by=actor)
        notify(user_ids=organization_user_ids([bank_id]), kind="consent",
               title=_("企业已授权贵行查看其详细信息"), link=f"/bank/requests/{request.pk}/")
    return consent


def consent_withdraw(*, actor: User, consent_id: int) -> Consent:
    """Withdraw a consent: from now on the bank sees the anonymized summary again."""
    enterprise = _own_org(actor, Organization.Kind.ENTERPRISE)
    consent = Consent.objects.filter(pk=consent_id, request__enterprise=enterprise).first()
    if consent is None:
        raise Http404(_("未找到该授权。"))
    if consent.withdrawn_at is None:
        consent.withdrawn_at = timezone.now()
        consent.save(update_fields=["withdrawn_at"])
    return consent


def matches_escalate_overdue(*, now=None) -> int:
    """Escalate interested matches past their answer deadline: the enterprise sees it, the
    chain's lead bank and the operators are notified. Each match escalates once."""
    now = now or timezone.now()
    overdue = list(Match.objects.filter(domain="financing", status=MatchStatus.INTERESTED, due_at__lt=now,
                                        escalated_at=None).select_related("offer_org", "need_org"))
    for match in overdue:
        with transaction.atomic():
            if not Match.objects.filter(pk=match.pk, escalated_at=None).update(escalated_at=now):
                continue
            lead_banks = list(IndustrialChain.objects.filter(
                segments__enterprises__organization=match.need_org_id, lead_bank__isnull=False,
            ).values_list("lead_bank_id", flat=True).distinct())
            title = _("融资对接超时：%(bank)s 未在期限内答复") % {"bank": match.offer_org.name}
            link = f"/financing/requests/{match.need_id}/"
            notify(user_ids=organization_user_ids([match.need_org_id]), kind="overdue", title=title, link=link)
            notify(user_ids=organization_user_ids(lead_banks) + operator_user_ids(), kind="escalation",
                   title=title, link=f"/bank/requests/{match.need_id}/")
    return len(overdue)
