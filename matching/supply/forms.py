"""Supply-chain (找配套) forms: sourcing needs and capabilities.

They check the shape of the input and convert budgets from 万元 to yuan; the services in
``matching.supply.services`` check the business rules (positive quantities, dates, who may
publish). Choice lists from reference data (categories, cities) are built per instance.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from enterprises import selectors as party_selectors
from enterprises.models import Region
from enterprises.models.profiles import Certification
from matching.common.forms import HUNAN, to_wan_text, to_yuan
from matching.supply import selectors
from matching.supply.models import Distance, ProductCategory

Choices = list[tuple[Any, Any]]
UNITS = ("件", "套", "台", "只", "片", "支", "根", "米", "千克", "吨", "平方米", "箱")


def plain(value: Decimal | None) -> str | None:
    """A stored decimal as a form shows it: ``Decimal("200.00")`` → ``"200"``."""
    if value is None:
        return None
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def category_options() -> list[tuple[str, str]]:
    """Every class and product group as (code, what the picker shows): ``3391 黑色金属铸造`` and
    ``液压件（3444）``, in code order within each division."""
    out = []
    for cat in selectors.product_categories():
        if cat.level == ProductCategory.Level.CLASS:
            out.append((cat.code, f"{cat.code} {cat.name}"))
        elif cat.level == ProductCategory.Level.PRODUCT:
            out.append((cat.code, f"{cat.name}（{cat.parent_id}）"))
    return out


class ClassPicker(forms.TextInput):
    """A text box that suggests classes as one types Chinese (an HTML ``datalist``: no script)."""

    template_name = "matching/supply/_class_picker.html"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs={"autocomplete": "off", **(attrs or {})})
        self.options: list[tuple[str, str]] = []

    def format_value(self, value: Any) -> str | None:
        """A stored code shows as its label (``3391`` → ``3391 黑色金属铸造``)."""
        labels = dict(self.options)
        return labels.get(value, value) if value else value

    def get_context(self, name: str, value: Any, attrs: dict | None) -> dict:
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["list"] = f"{context['widget']['attrs'].get('id', name)}-options"
        context["widget"]["options"] = [label for _code, label in self.options]
        return context


class CategoryField(forms.CharField):
    """A class or product group picked by its code or its label (``3391``, ``3391 黑色金属铸造``,
    ``液压件（3444）``); anything else is refused with a Chinese message."""

    widget = ClassPicker

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_length=160, **kwargs)
        self.known: dict[str, str] = {}

    def to_python(self, value: Any) -> str:
        text = str(super().to_python(value) or "").strip()
        if not text:
            return ""
        by_label = {label: code for code, label in self.known.items()}
        code = by_label.get(text) or text.split()[0]
        if code not in self.known:
            raise forms.ValidationError(_("请从列表中选择产品类别：可输入“铸造”“液压”“3391”等搜索。"), code="unknown")
        return code


def _certifications_field(label: str, help_text: str) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(label=label, required=False, choices=Certification.choices,
                                     widget=forms.CheckboxSelectMultiple, help_text=help_text)


def _unit_field() -> forms.CharField:
    return forms.CharField(label=_("单位"), max_length=16, required=False,
                           widget=forms.TextInput(attrs={"list": "unit-options", "autocomplete": "off"}),
                           help_text=_("如 件、套、吨；与供需双方一致时才比较产能。"))


def _decimal_field(label: str, *, help_text: str = "") -> forms.DecimalField:
    return forms.DecimalField(label=label, required=False, max_digits=14, decimal_places=2, help_text=help_text,
                              widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}))


def _terms_field(label: str, help_text: str) -> forms.CharField:
    return forms.CharField(label=label, required=False, max_length=400, help_text=help_text)


def split_terms(text: str, limit: int = 10, size: int = 32) -> list[str]:
    """Terms typed with 、，, ; or spaces, trimmed, without repeats, at most ``limit`` of ``size`` characters."""
    out: list[str] = []
    for part in re.split(r"[、，,；;\s]+", text or ""):
        part = part.strip()[:size]
        if part and part not in out:
            out.append(part)
    return out[:limit]


class _CategoryForm(forms.Form):
    category = CategoryField(label=_("产品类别"), error_messages={"required": _("请选择产品类别。")},
                             help_text=_("国民经济行业分类（GB/T 4754-2017）小类：输入“铸造”“轴承”“线束”等即可搜索。"))
    materials = _terms_field(_("材质"), _("例如：球墨铸铁、42CrMo、铝合金；多个用顿号分隔。"))
    processes = _terms_field(_("工艺"), _("例如：树脂砂铸造、数控加工、热处理。"))
    specs = _terms_field(_("规格型号"), _("牌号、型号或标准，例如：QT450-10、6205-2RS、CNMG120408。"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        options = category_options()
        current = self.initial.get("category")
        if current and current not in dict(options):
            # an older record filed under a division or group keeps its category until it is changed
            found = ProductCategory.objects.filter(pk=current).first()
            if found is not None:
                options.insert(0, (found.code, f"{found.code} {found.name}"))
        field = self.fields["category"]
        field.known = dict(options)
        field.widget.options = options

    def attributes(self) -> dict[str, list[str]]:
        d = self.cleaned_data
        return {"materials": split_terms(d["materials"]), "processes": split_terms(d["processes"]),
                "specs": split_terms(d["specs"], size=48)}

    @staticmethod
    def attributes_initial(item: Any) -> dict[str, str]:
        return {name: "、".join(getattr(item, name) or []) for name in ("materials", "processes", "specs")}


class SourcingNeedForm(_CategoryForm):
    title = forms.CharField(label=_("需求名称"), max_length=128, error_messages={"required": _("请填写需求名称。")},
                            help_text=_("例如：采购挖掘机用液压油缸。"))
    description = forms.CharField(label=_("规格与要求"), required=False, max_length=5000,
                                  widget=forms.Textarea(attrs={"rows": 4}),
                                  help_text=_("材质、规格型号、精度、工艺等，写得越具体，匹配越准。"))
    quantity = _decimal_field(_("数量"), help_text=_("每月或单批需求量，可不填。"))
    unit = _unit_field()
    required_certifications = _certifications_field(_("必需认证"), _("只推荐具备全部所选认证的供应方；不选表示不限。"))
    needed_by = forms.DateField(label=_("需求日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
                                help_text=_("最晚到货日期，可不填。"))
    max_distance = forms.ChoiceField(label=_("配套范围"), choices=Distance.choices, initial=Distance.PROVINCE,
                                     widget=forms.RadioSelect)
    budget_min_wan = _decimal_field(_("预算下限（万元）"))
    budget_max_wan = _decimal_field(_("预算上限（万元）"), help_text=_("预算可不填，仅用于双方沟通。"))

    service_fields = {"budget_min": "budget_min_wan", "budget_max": "budget_max_wan"}

    @staticmethod
    def initial_from(need) -> dict[str, Any]:
        return {
            "category": need.category_id, "title": need.title, "description": need.description,
            "quantity": plain(need.quantity), "unit": need.unit,
            "required_certifications": list(need.required_certifications), "needed_by": need.needed_by,
            "max_distance": need.max_distance, "budget_min_wan": to_wan_text(need.budget_min),
            "budget_max_wan": to_wan_text(need.budget_max), **_CategoryForm.attributes_initial(need),
        }

    def service_data(self) -> dict[str, Any]:
        """``data`` for ``services.supply.need_save`` (budgets in yuan)."""
        d = self.cleaned_data
        return {
            "category": d["category"], "title": d["title"].strip(), "description": d["description"].strip(),
            "quantity": d["quantity"], "unit": d["unit"].strip(),
            "required_certifications": d["required_certifications"], "needed_by": d["needed_by"],
            "max_distance": d["max_distance"], "budget_min": to_yuan(d["budget_min_wan"]),
            "budget_max": to_yuan(d["budget_max_wan"]), **self.attributes(),
        }


class CapabilityForm(_CategoryForm):
    title = forms.CharField(label=_("产品名称"), max_length=128, error_messages={"required": _("请填写产品名称。")},
                            help_text=_("例如：工程机械液压油缸。"))
    description = forms.CharField(label=_("产品与工艺说明"), required=False, max_length=5000,
                                  widget=forms.Textarea(attrs={"rows": 4}),
                                  help_text=_("主要规格、材质、工艺和配套过的主机厂，便于采购方找到您。"))
    certifications = _certifications_field(_("资质认证"), _("采购方要求的认证须全部具备才会被推荐。"))
    capacity_per_month = _decimal_field(_("月产能"), help_text=_("可不填。"))
    unit = _unit_field()
    lead_time_days = forms.IntegerField(label=_("常规交期（天）"), required=False,
                                        widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    regions_served = forms.MultipleChoiceField(label=_("供货地区"), required=False,
                                               widget=forms.CheckboxSelectMultiple,
                                               help_text=_("不选表示不限地区（全国供货）。"))
    sample_ability = forms.BooleanField(label=_("可打样/试制"), required=False)
    active = forms.BooleanField(label=_("有效（可被采购方匹配到）"), required=False, initial=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cities: Choices = [(HUNAN, _("湖南全省")), *party_selectors.hunan_cities().values_list("adcode", "name")]
        have = list(self.initial.get("regions_served") or [])
        extra = [c for c in have if c not in dict(cities)]
        if extra:  # regions set through the API that the page does not offer: keep them
            cities += list(Region.objects.filter(pk__in=extra).values_list("adcode", "name"))
        self.fields["regions_served"].choices = cities

    @staticmethod
    def initial_from(cap) -> dict[str, Any]:
        return {
            "category": cap.category_id, "title": cap.title, "description": cap.description,
            "certifications": list(cap.certifications), "capacity_per_month": plain(cap.capacity_per_month),
            "unit": cap.unit, "lead_time_days": cap.lead_time_days, "regions_served": list(cap.regions_served),
            "sample_ability": cap.sample_ability, "active": cap.active, **_CategoryForm.attributes_initial(cap),
        }

    def service_data(self) -> dict[str, Any]:
        """``data`` for ``services.supply.capability_save``."""
        d = self.cleaned_data
        return {
            "category": d["category"], "title": d["title"].strip(), "description": d["description"].strip(),
            "certifications": d["certifications"], "capacity_per_month": d["capacity_per_month"],
            "unit": d["unit"].strip(), "lead_time_days": d["lead_time_days"],
            "regions_served": d["regions_served"], "sample_ability": d["sample_ability"], "active": d["active"],
            **self.attributes(),
        }
