"""Portal forms. They check the shape of the input; the services check the business rules.

Choice lists that come from reference data (regions, industries, chains) are built when a
form is instantiated, never at import time, so the forms work before the data is loaded.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxValueValidator
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enterprises import selectors
from enterprises.models import Membership, Organization, ProviderProfile, Region, TalentProfile, User
from enterprises.models.profiles import Certification, CreditRating, SpecializedLevel

HUNAN = "430000"
WAN = Decimal(10_000)
ORG_KINDS = (Organization.Kind.ENTERPRISE, Organization.Kind.BANK, Organization.Kind.PROVIDER)
SKILL_SEPARATORS = re.compile(r"[,，、;；\n\r]+")

Choices = list[tuple[Any, Any]]


# ---------------------------------------------------------------- choice builders (reference data)


def region_choices() -> Choices:
    """City-level regions grouped by province (one <optgroup> each), Hunan first.

    A province without city-level rows is offered itself. One query.
    """
    rows = Region.objects.filter(level__in=[Region.Level.PROVINCE, Region.Level.CITY]).values_list(
        "adcode", "name", "level", "parent_id"
    )
    provinces: list[tuple[str, str]] = []
    cities: dict[str, list[tuple[str, str]]] = {}
    for adcode, name, level, parent in sorted(rows):
        if level == Region.Level.PROVINCE:
            provinces.append((adcode, name))
        else:
            cities.setdefault(parent, []).append((adcode, name))
    provinces.sort(key=lambda p: (p[0] != HUNAN, p[0]))
    groups: Choices = [(name, cities.get(adcode) or [(adcode, name)]) for adcode, name in provinces]
    return [("", _("请选择所在地区")), *groups]


def hunan_area_choices() -> Choices:
    """Hunan's cities, each an <optgroup> holding the whole city and its counties. One query."""
    rows = Region.objects.filter(Q(parent_id=HUNAN) | Q(parent__parent_id=HUNAN)).values_list(
        "adcode", "name", "parent_id"
    )
    cities: list[tuple[str, str]] = []
    counties: dict[str, list[tuple[str, str]]] = {}
    for adcode, name, parent in sorted(rows):
        if parent == HUNAN:
            cities.append((adcode, name))
        else:
            counties.setdefault(parent, []).append((adcode, name))
    return [
        (name, [(adcode, _("%(city)s（全市）") % {"city": name}), *counties.get(adcode, [])])
        for adcode, name in cities
    ]


def hunan_city_choices() -> Choices:
    return list(selectors.hunan_cities().values_list("adcode", "name"))


def industry_choices() -> Choices:
    return [("", _("请选择所属行业")), *[(i.code, str(i)) for i in selectors.industries()]]


def chain_segment_choices() -> Choices:
    """Segments grouped by chain (two queries: chains, then their segments)."""
    return [
        (
            chain.name,
            [(s.pk, _("%(segment)s（%(position)s）") % {"segment": s.name, "position": s.get_position_display()})
             for s in chain.segments.all()],
        )
        for chain in selectors.chains()
    ]


def grouped_subwidgets(bound_field: forms.BoundField) -> list[tuple[str, list[forms.boundfield.BoundWidget]]]:
    """Pair each choice group's label with the bound checkbox widgets of its options."""
    widgets = iter(bound_field.subwidgets)
    return [(label, [next(widgets) for _option in options]) for label, options in bound_field.field.choices]


def decimal_text(value: Decimal | None) -> str | None:
    """300.0000 → '300', 12.5000 → '12.5' (no exponent)."""
    if value is None:
        return None
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


# ---------------------------------------------------------------- accounts


class RegisterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("注册类型"),
        choices=[
            (User.Kind.ENTERPRISE, _("企业")),
            (User.Kind.BANK, _("银行")),
            (User.Kind.PROVIDER, _("服务机构")),
            (User.Kind.TALENT, _("人才（个人）")),
        ],
        initial=User.Kind.ENTERPRISE,
        widget=forms.RadioSelect,
    )
    name = forms.CharField(label=_("单位名称"), max_length=128, required=False)
    uscc = forms.CharField(
        label=_("统一社会信用代码"), max_length=32, required=False,
        help_text=_("18位，见营业执照或登记证书。"),
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "spellcheck": "false"}),
    )
    region = forms.ChoiceField(label=_("所在地区"), required=False)
    address = forms.CharField(label=_("地址"), max_length=255, required=False)
    username = forms.CharField(
        label=_("用户名"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "username"})
    )
    email = forms.EmailField(label=_("电子邮箱"), widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    password1 = forms.CharField(
        label=_("密码"), strip=False, help_text=_("至少8位，不能全是数字，不能过于常见。"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("确认密码"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    #: service error keys → form field names
    service_fields = {
        "organization.name": "name",
        "organization.uscc": "uscc",
        "organization.region": "region",
        "password": "password1",
    }
    organization_fields = ("name", "uscc", "region", "address")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = region_choices()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("kind") in ORG_KINDS:
            required = {
                "name": _("请填写单位名称。"), "uscc": _("请填写统一社会信用代码。"), "region": _("请选择所在地区。"),
            }
            for field, message in required.items():
                if field not in self.errors and not data.get(field):
                    self.add_error(field, message)
        if data.get("password1") and data.get("password2") and data["password1"] != data["password2"]:
            self.add_error("password2", _("两次输入的密码不一致。"))
        return data

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        kwargs: dict[str, Any] = {
            "username": data["username"], "password": data["password1"], "email": data["email"], "kind": data["kind"],
        }
        if data["kind"] in ORG_KINDS:
            kwargs["organization"] = {f: data.get(f, "") for f in self.organization_fields}
        return kwargs


class LoginForm(AuthenticationForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("用户名")
        self.fields["password"].label = _("密码")


class InvitationAcceptForm(forms.Form):
    username = forms.CharField(
        label=_("用户名"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "username"})
    )
    password1 = forms.CharField(
        label=_("密码"), strip=False, help_text=_("至少8位，不能全是数字，不能过于常见。"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("确认密码"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    service_fields = {"password": "password1"}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("password1") and data.get("password2") and data["password1"] != data["password2"]:
            self.add_error("password2", _("两次输入的密码不一致。"))
        return data


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("同事的电子邮箱"))
    role = forms.ChoiceField(label=_("角色"), choices=Membership.Role.choices, initial=Membership.Role.MEMBER)


# ---------------------------------------------------------------- organization and profiles


class OrganizationForm(forms.Form):
    name = forms.CharField(
        label=_("单位名称"), max_length=128,
        help_text=_("已认证单位修改名称后需要重新审核。"),
    )
    region = forms.ChoiceField(label=_("所在地区"))
    address = forms.CharField(label=_("地址"), max_length=255, required=False)
    contact_name = forms.CharField(label=_("联系人"), max_length=64, required=False)
    contact_phone = forms.CharField(label=_("联系电话"), max_length=32, required=False)
    contact_email = forms.EmailField(label=_("联系邮箱"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = region_choices()

    @staticmethod
    def initial_from(org: Organization) -> dict[str, Any]:
        return {
            "name": org.name, "region": org.region_id, "address": org.address, "contact_name": org.contact_name,
            "contact_phone": org.contact_phone, "contact_email": org.contact_email,
        }


class EnterpriseProfileForm(forms.Form):
    industry = forms.ChoiceField(
        label=_("所属行业"), required=False, help_text=_("国民经济行业分类（GB/T 4754-2017）制造业大类。")
    )
    chain_segments = forms.TypedMultipleChoiceField(
        label=_("产业链环节"), required=False, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    employees = forms.IntegerField(label=_("从业人员（人）"), min_value=0, required=False)
    revenue_wan = forms.DecimalField(
        label=_("上年营业收入（万元）"), min_value=0, max_digits=14, decimal_places=4, required=False,
    )
    specialized_level = forms.ChoiceField(label=_("专精特新等级"), choices=SpecializedLevel.choices)
    high_tech = forms.BooleanField(label=_("高新技术企业"), required=False)
    single_champion = forms.BooleanField(label=_("制造业单项冠军"), required=False)
    credit_rating = forms.ChoiceField(
        label=_("信用评级"), required=False, choices=[("", _("未评级")), *CreditRating.choices]
    )
    certifications = forms.MultipleChoiceField(
        label=_("资质认证"), required=False, choices=Certification.choices, widget=forms.CheckboxSelectMultiple
    )
    products = forms.CharField(label=_("主要产品"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    founded_year = forms.IntegerField(label=_("成立年份"), min_value=1900, required=False)

    service_fields = {"annual_revenue": "revenue_wan"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["industry"].choices = industry_choices()
        self.fields["chain_segments"].choices = chain_segment_choices()
        this_year = timezone.localdate().year
        self.fields["founded_year"].validators.append(MaxValueValidator(this_year))
        self.fields["founded_year"].widget.attrs["max"] = this_year

    def segment_groups(self) -> list[tuple[str, list]]:
        return grouped_subwidgets(self["chain_segments"])

    @staticmethod
    def initial_from(profile) -> dict[str, Any]:
        revenue = profile.annual_revenue
        return {
            "industry": profile.industry_id or "",
            "chain_segments": [s.pk for s in profile.chain_segments.all()],
            "employees": profile.employees,
            "revenue_wan": decimal_text(revenue / WAN) if revenue is not None else None,
            "specialized_level": profile.specialized_level,
            "high_tech": profile.high_tech,
            "single_champion": profile.single_champion,
            "credit_rating": profile.credit_rating,
            "certifications": list(profile.certifications),
            "products": profile.products,
            "founded_year": profile.founded_year,
        }

    def service_kwargs(self) -> dict[str, Any]:
        """``data`` and ``chain_segment_ids`` for ``services.enterprise_profile_update``."""
        d = self.cleaned_data
        revenue = d["revenue_wan"]
        data = {
            "industry": d["industry"] or None,
            "employees": d["employees"],
            "annual_revenue": (revenue * WAN).quantize(Decimal("0.01")) if revenue is not None else None,
            "specialized_level": d["specialized_level"],
            "high_tech": d["high_tech"],
            "single_champion": d["single_champion"],
            "credit_rating": d["credit_rating"],
            "certifications": d["certifications"],
            "products": d["products"].strip(),
            "founded_year": d["founded_year"],
        }
        return {"data": data, "chain_segment_ids": d["chain_segments"]}


class BankProfileForm(forms.Form):
    short_name = forms.CharField(label=_("简称"), max_length=32, required=False)
    description = forms.CharField(label=_("简介"), required=False, widget=forms.Textarea(attrs={"rows": 4}))


class BankBranchForm(forms.Form):
    name = forms.CharField(label=_("网点名称"), max_length=128)
    region = forms.ChoiceField(label=_("所在地区"))
    address = forms.CharField(label=_("地址"), max_length=255, required=False)
    coverage = forms.MultipleChoiceField(
        label=_("服务地区"), required=False,
        help_text=_("可多选（电脑上按住 Ctrl 或 ⌘）；不选则默认为网点所在地区。"),
        widget=forms.SelectMultiple(attrs={"size": 10}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        areas = hunan_area_choices()
        self.fields["region"].choices = [("", _("请选择网点所在地区")), *areas]
        self.fields["coverage"].choices = areas

    @staticmethod
    def initial_from(branch) -> dict[str, Any]:
        return {
            "name": branch.name, "region": branch.region_id, "address": branch.address,
            "coverage": [r.pk for r in branch.coverage.all()],
        }


class ProviderProfileForm(forms.Form):
    category = forms.ChoiceField(label=_("服务类别"), choices=ProviderProfile.Category.choices)
    description = forms.CharField(label=_("机构简介"), required=False, widget=forms.Textarea(attrs={"rows": 5}))


class TalentProfileForm(forms.Form):
    full_name = forms.CharField(label=_("姓名"), max_length=64, required=False)
    phone = forms.CharField(label=_("手机号"), max_length=20, required=False,
                            help_text=_("仅在您接受企业意向或主动投递后向该企业提供。"))
    skills = forms.CharField(
        label=_("技能"), required=False, help_text=_("多个技能用逗号或顿号分隔，例如：数控编程、焊接、PLC"),
    )
    education = forms.ChoiceField(label=_("学历"), choices=TalentProfile.Education.choices)
    experience_years = forms.IntegerField(label=_("工作年限"), min_value=0, max_value=60, initial=0)
    cities = forms.MultipleChoiceField(label=_("期望城市"), required=False, widget=forms.CheckboxSelectMultiple)
    expected_salary = forms.DecimalField(
        label=_("期望月薪（元）"), required=False, min_value=0, max_digits=10, decimal_places=2
    )
    resume = forms.CharField(label=_("个人简历"), required=False, widget=forms.Textarea(attrs={"rows": 6}))
    industries = forms.MultipleChoiceField(
        label=_("期望行业"), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("不选表示不限；企业所属行业在您的期望行业内时推荐更靠前。"),
    )
    visibility = forms.ChoiceField(
        label=_("可见性"), choices=TalentProfile.Visibility.choices, widget=forms.RadioSelect,
        help_text=_("“可被匹配”时企业能看到您的匿名档案；联系方式只有在您同意后才会提供给企业。"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cities"].choices = hunan_city_choices()
        self.fields["industries"].choices = [(i.code, i.name) for i in selectors.industries()]

    def clean_skills(self) -> list[str]:
        return [s.strip() for s in SKILL_SEPARATORS.split(self.cleaned_data["skills"]) if s.strip()]

    @staticmethod
    def initial_from(profile: TalentProfile) -> dict[str, Any]:
        return {
            "full_name": profile.full_name, "phone": profile.user.phone, "skills": "、".join(profile.skills),
            "education": profile.education,
            "experience_years": profile.experience_years, "cities": [c.pk for c in profile.cities.all()],
            "expected_salary": decimal_text(profile.expected_salary), "resume": profile.resume,
            "visibility": profile.visibility, "industries": [i.code for i in profile.industries.all()],
        }

    def service_kwargs(self) -> dict[str, Any]:
        d = dict(self.cleaned_data)
        cities = d.pop("cities")
        return {"data": d, "city_codes": cities}


# ---------------------------------------------------------------- back-office


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("驳回原因"), max_length=255, required=False,
        help_text=_("申请单位会看到此原因，请写明需要修改的内容。"),
        widget=forms.Textarea(attrs={"rows": 3, "required": True}),
    )
