"""Write side of policies (找政策): operators create, edit, publish and withdraw policies; firms
that qualify are told once (免申即享); an enterprise confirms it wants to apply.

Notification is the SQL form of the rules (:func:`matching.policies.rules.qualifying_orgs`) inserted
into ``PolicyEligibility`` with ``ON CONFLICT DO NOTHING``: a firm has at most one row per
policy, so it is told at most once, even if it later drops out and qualifies again.
"""

from __future__ import annotations

import logging
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from config.exceptions import Conflict
from config.queueing import enqueue_on_commit
from enterprises.models import IndustrialChain, Industry, Organization, Region, User
from enterprises.models.profiles import Certification, SizeClass
from enterprises.permissions import ensure_operator, membership_of
from matching.engine.notifications import notify, organization_user_ids
from matching.engine.text import search_text
from matching.policies import rules as engine
from matching.policies.models import Policy, PolicyEligibility
from matching.policies.tasks import policies_reevaluate, policy_notify

logger = logging.getLogger(__name__)

POLICY_FIELDS = ("title", "issuer", "document_number", "summary", "body", "link", "benefit", "benefit_amount",
                 "valid_from", "valid_until")
_LISTS = ("regions", "chains", "industries", "size_classes", "certifications")
_FLAGS = ("whitelist", "high_tech", "single_champion")
_INTS = ("min_years", "employees_min", "employees_max")
_LABELS = {
    "regions": gettext_lazy("申报地区"),
    "chains": gettext_lazy("产业链"),
    "industries": gettext_lazy("行业"),
    "size_classes": gettext_lazy("企业规模"),
    "certifications": gettext_lazy("资质认证"),
    "specialized_min": gettext_lazy("专精特新等级"),
    "whitelist": gettext_lazy("白名单"),
    "high_tech": gettext_lazy("高新技术企业"),
    "single_champion": gettext_lazy("单项冠军"),
    "min_years": gettext_lazy("成立年限"),
    "revenue_min": gettext_lazy("最低年营收"),
    "revenue_max": gettext_lazy("最高年营收"),
    "employees_min": gettext_lazy("最少从业人员"),
    "employees_max": gettext_lazy("最多从业人员"),
}


def _unknown(values: list[str], known: set[str]) -> list[str]:
    return [v for v in values if v not in known]


def _clean_list(key: str, value: Any, errors: list[str]) -> list[str] | None:
    if not isinstance(value, list) or not all(isinstance(v, str | int) and not isinstance(v, bool) for v in value):
        errors.append(_("%(rule)s应为列表。") % {"rule": _LABELS[key]})
        return None
    values = [str(v).strip() for v in value if str(v).strip()]
    if key == "chains":  # ids are accepted and stored as slugs
        ids = {str(i): s for i, s in IndustrialChain.objects.values_list("id", "slug")}
        values = [ids.get(v, v) for v in values]
    known = {
        "regions": lambda: set(Region.objects.filter(pk__in=values).values_list("pk", flat=True)),
        "chains": lambda: set(IndustrialChain.objects.filter(slug__in=values).values_list("slug", flat=True)),
        "industries": lambda: set(Industry.objects.filter(pk__in=values).values_list("pk", flat=True)),
        "size_classes": lambda: set(SizeClass.values),
        "certifications": lambda: set(Certification.values),
    }[key]()
    bad = _unknown(values, known)
    if bad:
        errors.append(_("%(rule)s包含未知的代码：%(codes)s。") % {"rule": _LABELS[key], "codes": "、".join(bad)})
        return None
    return sorted(set(values)) or None


def _clean_number(key: str, value: Any, errors: list[str]) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | str):
        errors.append(_("%(rule)s应为数字。") % {"rule": _LABELS[key]})
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        errors.append(_("%(rule)s应为数字。") % {"rule": _LABELS[key]})
        return None
    if number < 0 or not number.is_finite():
        errors.append(_("%(rule)s不能为负数。") % {"rule": _LABELS[key]})
        return None
    if key in _INTS:
        if number != number.to_integral_value():
            errors.append(_("%(rule)s应为整数。") % {"rule": _LABELS[key]})
            return None
        return int(number)
    return int(number) if number == number.to_integral_value() else float(number)


def rules_clean(rules: Any) -> dict[str, Any]:
    """Validate and normalize eligibility rules (see :mod:`matching.policies.rules`).

    Empty values and false flags are dropped (no condition); chain ids become slugs; lists are
    sorted. Raises ``ValidationError({"rules": [...]})`` with Chinese messages: unknown key,
    wrong type, unknown region / chain / industry / certification code, min above max.
    """
    if rules in (None, ""):
        return {}
    if not isinstance(rules, dict):
        raise ValidationError({"rules": [_("申报条件应为 JSON 对象。")]})
    errors: list[str] = []
    clean: dict[str, Any] = {}
    for key, value in rules.items():
        if key not in engine.RULE_FIELDS:
            errors.append(_("未知的申报条件：%(key)s。") % {"key": key})
        elif value is None or value == [] or value == "":
            continue
        elif key in _LISTS:
            clean[key] = _clean_list(key, value, errors)
        elif key in _FLAGS:
            if not isinstance(value, bool):
                errors.append(_("%(rule)s应为 true 或 false。") % {"rule": _LABELS[key]})
            clean[key] = value is True or None
        elif key == "specialized_min":
            if value not in engine.LEVELS:
                errors.append(_("未知的专精特新等级：%(v)s。") % {"v": value})
            clean[key] = value if value in engine.LEVELS[1:] else None
        else:
            clean[key] = _clean_number(key, value, errors)
    for low, high, label in (("revenue_min", "revenue_max", _("年营收")),
                             ("employees_min", "employees_max", _("从业人员"))):
        if clean.get(low) is not None and clean.get(high) is not None and clean[low] > clean[high]:
            errors.append(_("%(label)s下限不能大于上限。") % {"label": label})
    if errors:
        raise ValidationError({"rules": errors})
    return {k: clean[k] for k in engine.RULE_FIELDS if clean.get(k) is not None}


def _apply(policy: Policy, data: dict[str, Any]) -> bool:
    """Set fields from ``data``; returns whether anything eligibility depends on changed."""
    before = (policy.rules, policy.valid_from, policy.valid_until)
    for field in POLICY_FIELDS:
        if field in data:
            value = data[field]
            setattr(policy, field, value.strip() if isinstance(value, str) else value)
    if "rules" in data:
        policy.rules = rules_clean(data["rules"])
    if policy.valid_from and policy.valid_until and policy.valid_until < policy.valid_from:
        raise ValidationError({"valid_until": [_("申报截止日期不能早于开始日期。")]})
    if hasattr(policy, "search_text"):  # a jieba-segmented search column, once the model has one
        policy.search_text = search_text(policy.title, policy.summary)
    policy.full_clean(exclude=["created_by", "rules"])
    return before != (policy.rules, policy.valid_from, policy.valid_until)


def policy_create(*, actor: User, data: dict[str, Any]) -> Policy:
    """An operator creates a draft policy (rules validated). Raises PermissionDenied / ValidationError."""
    ensure_operator(actor)
    policy = Policy(created_by=actor, status=Policy.Status.DRAFT)
    _apply(policy, data)
    policy.save()
    return policy


def _locked(policy_id: int) -> Policy:
    policy = Policy.objects.select_for_update().filter(pk=policy_id).first()
    if policy is None:
        raise Http404(_("未找到该政策。"))
    return policy


def policy_update(*, actor: User, policy_id: int, data: dict[str, Any]) -> Policy:
    """An operator edits a policy. If it is published and its rules or window changed, qualifying
    firms not told yet are notified (after commit)."""
    ensure_operator(actor)
    with transaction.atomic():
        policy = _locked(policy_id)
        changed = _apply(policy, data)
        policy.save()
        if changed and policy.status == Policy.Status.PUBLISHED:
            _queue_notify(policy.pk)
    return policy


def policy_publish(*, actor: User, policy_id: int) -> Policy:
    """Publish a draft or withdrawn policy; qualifying firms are told once (task after commit).
    Raises ``Conflict`` if already published."""
    ensure_operator(actor)
    with transaction.atomic():
        policy = _locked(policy_id)
        if policy.status == Policy.Status.PUBLISHED:
            raise Conflict(_("该政策已发布。"))
        policy.status, policy.published_at = Policy.Status.PUBLISHED, timezone.now()
        policy.save(update_fields=["status", "published_at", "updated_at"])
        _queue_notify(policy.pk)
    return policy


def policy_withdraw(*, actor: User, policy_id: int) -> Policy:
    """Withdraw a published policy (it leaves the public pages). Raises ``Conflict`` otherwise."""
    ensure_operator(actor)
    with transaction.atomic():
        policy = _locked(policy_id)
        if policy.status != Policy.Status.PUBLISHED:
            raise Conflict(_("只有已发布的政策可以撤回。"))
        policy.status = Policy.Status.WITHDRAWN
        policy.save(update_fields=["status", "updated_at"])
    return policy


def _queue_notify(policy_id: int) -> None:
    enqueue_on_commit(policy_notify, policy_id)


def policy_notify_qualifying(*, policy_id: int, organization_ids: list[int] | None = None,
                             today: date | None = None) -> int:
    """Tell every firm that qualifies now (optionally only among ``organization_ids``) and was
    never told about this policy; returns how many firms were told. Does nothing unless the
    policy is published and inside its window. One INSERT … ON CONFLICT DO NOTHING, so a firm is
    told at most once whatever runs concurrently."""
    policy = Policy.objects.filter(pk=policy_id).first()
    if policy is None or not engine.is_open(policy, today):
        return 0
    qs = engine.qualifying_orgs(policy.rules, today)
    if organization_ids is not None:
        qs = qs.filter(pk__in=organization_ids)
    sql, params = qs.values("pk").query.sql_with_params()
    table = PolicyEligibility._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (policy_id, organization_id, notified_at, created_at) "
            f"SELECT %s, q.id, now(), now() FROM ({sql}) AS q(id) "
            "ON CONFLICT (policy_id, organization_id) DO NOTHING RETURNING organization_id",
            [policy.pk, *params])
        told = [row[0] for row in cursor.fetchall()]
        if told:
            notify(user_ids=organization_user_ids(told), kind="policy",
                   title=_("您可能符合《%(t)s》申报条件，确认后即可申报") % {"t": policy.title},
                   body=policy.benefit, link=reverse("policies:detail", args=[policy.pk]))
    return len(told)


def policies_reevaluate_firms(*, organization_ids: list[int]) -> int:
    """Re-check these firms against every open policy and tell them about new qualifications
    (never twice). Returns how many (policy, firm) notices were made."""
    ids = list(Policy.objects.filter(engine.open_filter()).values_list("pk", flat=True))
    return sum(policy_notify_qualifying(policy_id=pk, organization_ids=organization_ids) for pk in ids)


def policies_reevaluate_on_commit(organization_ids: Any) -> None:
    """Hook for profile saves and white-list publishing: queue the re-evaluation after commit."""
    ids = sorted({int(i) for i in (organization_ids if isinstance(organization_ids, list | tuple | set)
                                  else list(organization_ids.values_list("organization_id", flat=True)))})
    if ids:
        enqueue_on_commit(policies_reevaluate, ids)


def policy_confirm(*, actor: User, policy_id: int) -> PolicyEligibility:
    """An enterprise member confirms the firm wants to apply (idempotent: the first confirmation
    stays). Raises Http404 (not an enterprise member, or not a published policy), ``Conflict``
    when the policy is closed or the firm does not qualify now (with what it misses)."""
    membership = membership_of(actor)
    if membership is None or membership.organization.kind != Organization.Kind.ENTERPRISE:
        raise Http404(_("未找到该政策。"))
    firm = membership.organization
    with transaction.atomic():
        policy = Policy.objects.filter(pk=policy_id, status=Policy.Status.PUBLISHED).first()
        if policy is None:
            raise Http404(_("未找到该政策。"))
        row = PolicyEligibility.objects.select_for_update().filter(policy=policy, organization=firm).first()
        if row is not None and row.confirmed_at:
            return row
        if not engine.is_open(policy):
            raise Conflict(_("该政策不在申报期内，不能确认申报。"))
        if not firm.is_verified:
            raise Conflict(_("贵企业尚未通过平台认证，认证通过后才能确认申报。"))
        _met, missing = engine.evaluate(engine.load_facts([firm.pk])[firm.pk], policy.rules)
        if missing:
            raise Conflict(_("贵企业当前不符合申报条件：%(m)s") % {"m": "；".join(missing)})
        row = row or PolicyEligibility(policy=policy, organization=firm)
        row.confirmed_at, row.confirmed_by = timezone.now(), actor
        row.save()
    return row
