"""Write-side logic for profiles: enterprise (size class computed), bank branches, talent."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from enterprises.models import (
    BankBranch,
    BankProfile,
    ChainSegment,
    EnterpriseProfile,
    Industry,
    ProviderProfile,
    Region,
    TalentProfile,
    User,
)
from enterprises.models.profiles import Certification
from enterprises.models.security import ApiToken
from enterprises.selectors import talent_profile_for_viewer
from enterprises.signals import enterprise_profiles_changed, talent_erasing, talent_profile_changed
from enterprises.sizing import size_class

ENTERPRISE_FIELDS = (
    "industry", "employees", "annual_revenue", "specialized_level", "high_tech", "single_champion",
    "credit_rating", "certifications", "products", "founded_year",
)


def _check_non_negative(data: dict[str, Any], field: str, label: str, errors: dict[str, list[str]]) -> None:
    value = data.get(field)
    if value is not None and Decimal(value) < 0:
        errors[field] = [_("%(label)s不能为负数。") % {"label": label}]


def enterprise_profile_update(
    *, profile: EnterpriseProfile, data: dict[str, Any], chain_segment_ids: list[int] | None = None
) -> EnterpriseProfile:
    """Update an enterprise profile and recompute its size class (never typed by the user).

    ``data`` holds already type-checked values (``industry`` may be an Industry or a code).
    ``chain_segment_ids`` replaces the firm's chain positions when given. One transaction.
    """
    errors: dict[str, list[str]] = {}
    _check_non_negative(data, "employees", _("从业人员"), errors)
    _check_non_negative(data, "annual_revenue", _("营业收入"), errors)
    industry = data.get("industry")
    if isinstance(industry, str) and industry:
        found = Industry.objects.filter(pk=industry).first()
        if found is None:
            errors["industry"] = [_("未知的行业代码：%(code)s。") % {"code": industry}]
        data["industry"] = found
    certs = data.get("certifications")
    if certs is not None:
        unknown = [c for c in certs if c not in Certification.values]
        if unknown:
            errors["certifications"] = [_("未知的资质认证：%(names)s。") % {"names": "、".join(unknown)}]
        data["certifications"] = sorted(set(certs))
    segments: list[ChainSegment] = []
    if chain_segment_ids is not None:
        segments = list(ChainSegment.objects.filter(pk__in=chain_segment_ids))
        if len(segments) != len(set(chain_segment_ids)):
            errors["chain_segments"] = [_("包含不存在的产业链环节。")]
    if errors:
        raise ValidationError(errors)

    for field in ENTERPRISE_FIELDS:
        if field in data:
            setattr(profile, field, data[field])
    profile.size_class = size_class(profile.employees, profile.annual_revenue)
    profile.full_clean(exclude=["organization", "whitelist_batch", "chain_segments"])
    with transaction.atomic():
        profile.save()
        if chain_segment_ids is not None:
            profile.chain_segments.set(segments)
        enterprise_profiles_changed.send(sender=EnterpriseProfile, organization_ids=[profile.organization_id])
    return profile


def bank_profile_update(*, profile: BankProfile, data: dict[str, Any]) -> BankProfile:
    """Update a bank's short name and description."""
    for field in ("short_name", "description"):
        if field in data:
            setattr(profile, field, str(data[field] or "").strip())
    profile.full_clean(exclude=["organization"])
    profile.save()
    return profile


def bank_branch_save(
    *, profile: BankProfile, data: dict[str, Any], coverage: list[str], branch: BankBranch | None = None
) -> BankBranch:
    """Create or update a branch of the bank with the regions it covers (adcodes)."""
    errors: dict[str, list[str]] = {}
    name = str(data.get("name") or "").strip()
    if not name:
        errors["name"] = [_("请填写网点名称。")]
    region = data.get("region")
    if not isinstance(region, Region):
        region = Region.objects.filter(pk=str(region or "")).first()
        if region is None:
            errors["region"] = [_("请选择网点所在地区。")]
    regions = list(Region.objects.filter(pk__in=coverage))
    if len(regions) != len(set(coverage)):
        errors["coverage"] = [_("服务地区中包含未知的行政区划代码。")]
    if errors:
        raise ValidationError(errors)
    if branch is not None and branch.bank_id != profile.pk:
        raise ValidationError({"branch": [_("未找到该网点。")]})
    with transaction.atomic():
        branch = branch or BankBranch(bank=profile)
        branch.name = name
        branch.region = region
        branch.address = str(data.get("address") or "").strip()
        branch.save()
        branch.coverage.set(regions or [region])
    return branch


def bank_branch_delete(*, profile: BankProfile, branch_id: int) -> None:
    """Delete one of the bank's own branches (404-equivalent error for others)."""
    deleted, _rows = BankBranch.objects.filter(pk=branch_id, bank=profile).delete()
    if not deleted:
        raise ValidationError({"branch": [_("未找到该网点。")]})


def provider_profile_update(*, profile: ProviderProfile, data: dict[str, Any]) -> ProviderProfile:
    """Update a provider's category and description."""
    for field in ("category", "description"):
        if field in data:
            setattr(profile, field, data[field])
    profile.full_clean(exclude=["organization"])
    profile.save()
    return profile


TALENT_FIELDS = ("full_name", "skills", "education", "experience_years", "expected_salary", "resume", "visibility")


def talent_profile_update(
    *, profile: TalentProfile, data: dict[str, Any], city_codes: list[str] | None = None
) -> TalentProfile:
    """Update a talent's own profile; ``city_codes`` (adcodes) replaces the preferred cities."""
    errors: dict[str, list[str]] = {}
    _check_non_negative(data, "expected_salary", _("期望月薪"), errors)
    if "skills" in data:
        skills = [str(s).strip() for s in data["skills"] if str(s).strip()]
        if len(skills) > 30:
            errors["skills"] = [_("技能最多填写 30 项。")]
        data["skills"] = list(dict.fromkeys(skills))
    cities: list[Region] = []
    if city_codes is not None:
        cities = list(Region.objects.filter(pk__in=city_codes))
        if len(cities) != len(set(city_codes)):
            errors["cities"] = [_("期望城市中包含未知的行政区划代码。")]
    phone = data.pop("phone", None)
    if phone and not re.fullmatch(r"[0-9+\- ]{5,20}", phone):
        errors["phone"] = [_("请填写有效的手机号或电话号码。")]
    industry_codes = data.pop("industries", None)
    industries: list[Industry] = []
    if industry_codes is not None:
        industries = list(Industry.objects.filter(pk__in=industry_codes))
        if len(industries) != len(set(industry_codes)):
            errors["industries"] = [_("期望行业中包含未知的行业代码。")]
    if profile.erased_at:
        errors["visibility"] = [_("该账户已注销，不能再修改档案。")]
    if errors:
        raise ValidationError(errors)
    for field in TALENT_FIELDS:
        if field in data:
            setattr(profile, field, data[field])
    profile.full_clean(exclude=["user", "cities", "industries"])
    with transaction.atomic():
        profile.save()
        if city_codes is not None:
            profile.cities.set(cities)
        if industry_codes is not None:
            profile.industries.set(industries)
        if phone is not None and phone != profile.user.phone:
            type(profile.user).objects.filter(pk=profile.user_id).update(phone=phone)
            profile.user.phone = phone
        talent_profile_changed.send(sender=TalentProfile, profile=profile)
    return profile


def talent_erase(*, actor: User) -> None:
    """Erase the talent's account under PIPL: what other apps hold about it is cleared first
    (``talent_erasing``: matches retired with notes cleared, blocks and notifications deleted),
    then the profile is emptied, its API tokens deleted and the user anonymized and deactivated.
    One transaction; irreversible. Raises Http404 when ``actor`` is not a talent."""
    profile = talent_profile_for_viewer(viewer=actor)
    now = timezone.now()
    with transaction.atomic():
        talent_erasing.send(sender=TalentProfile, profile=profile, user=actor, at=now)
        ApiToken.objects.filter(user=actor).delete()
        profile.cities.clear()
        profile.industries.clear()
        TalentProfile.objects.filter(pk=profile.pk).update(
            full_name="", skills=[], education=TalentProfile.Education.NONE, experience_years=0, expected_salary=None,
            resume="", search_text="", visibility=TalentProfile.Visibility.HIDDEN, erased_at=now)
        user = User.objects.select_for_update().get(pk=actor.pk)
        user.username, user.email, user.phone = f"erased-{user.pk}", "", ""
        user.first_name = user.last_name = ""
        user.is_active = False
        user.set_unusable_password()
        user.save()
