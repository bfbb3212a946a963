"""The back-office policy form: the policy's facts, and its eligibility rules as form fields
(multi-selects, a level select, checkboxes, numbers) stored as the JSON ``Policy.rules``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from enterprises.models import IndustrialChain, Industry, Region
from enterprises.models.profiles import Certification, SizeClass, SpecializedLevel
from matching.models import Policy

MULTI = ("regions", "chains", "industries", "size_classes", "certifications")
FLAGS = ("whitelist", "high_tech", "single_champion")
NUMBERS = ("min_years", "revenue_min", "revenue_max", "employees_min", "employees_max")


def _region_choices() -> list[tuple[str, str]]:
    rows = Region.objects.filter(adcode__startswith="43").select_related("parent").order_by("adcode")
    out = []
    for r in rows:
        prefix = {"province": "", "city": "· ", "county": "· · "}.get(r.level, "")
        out.append((r.adcode, f"{prefix}{r.name}"))
    return out


class PolicyForm(forms.ModelForm):
    regions = forms.MultipleChoiceField(label=_("申报地区（不选为不限）"), required=False,
                                        help_text=_("按住 Ctrl（Mac 为 ⌘）可多选；选中市州即包含其下所有区县。"))
    chains = forms.MultipleChoiceField(label=_("产业链（不选为不限）"), required=False,
                                       widget=forms.CheckboxSelectMultiple)
    industries = forms.MultipleChoiceField(label=_("所属行业（不选为不限）"), required=False,
                                           help_text=_("按住 Ctrl（Mac 为 ⌘）可多选；选中大类即包含其下所有小类。"))
    size_classes = forms.MultipleChoiceField(label=_("企业规模（不选为不限）"), required=False,
                                             choices=SizeClass.choices, widget=forms.CheckboxSelectMultiple)
    specialized_min = forms.ChoiceField(label=_("专精特新等级不低于"), required=False,
                                        choices=[("", _("不限")), *SpecializedLevel.choices[1:]])
    whitelist = forms.BooleanField(label=_("须列入产融合作制造业企业白名单"), required=False)
    high_tech = forms.BooleanField(label=_("须为高新技术企业"), required=False)
    single_champion = forms.BooleanField(label=_("须为制造业单项冠军"), required=False)
    min_years = forms.IntegerField(label=_("成立满（年）"), required=False, min_value=0, max_value=200)
    revenue_min = forms.DecimalField(label=_("年营收不低于（万元）"), required=False, min_value=0, max_digits=12,
                                     decimal_places=2)
    revenue_max = forms.DecimalField(label=_("年营收不高于（万元）"), required=False, min_value=0, max_digits=12,
                                     decimal_places=2)
    employees_min = forms.IntegerField(label=_("从业人员不少于（人）"), required=False, min_value=0)
    employees_max = forms.IntegerField(label=_("从业人员不多于（人）"), required=False, min_value=0)
    certifications = forms.MultipleChoiceField(label=_("须具备的资质认证（全部）"), required=False,
                                               choices=Certification.choices, widget=forms.CheckboxSelectMultiple)

    link = forms.URLField(label=_("原文链接"), required=False, assume_scheme="https")

    service_fields = {"rules": "__all__"}

    class Meta:
        model = Policy
        fields = ["title", "issuer", "document_number", "summary", "body", "link", "benefit", "benefit_amount",
                  "valid_from", "valid_until"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 5}),
            "valid_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "valid_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["regions"].choices = _region_choices()
        self.fields["regions"].widget.attrs["size"] = 12
        self.fields["chains"].choices = list(IndustrialChain.objects.order_by("order", "id")
                                             .values_list("slug", "name"))
        self.fields["industries"].choices = [(c, f"{c} {n}") for c, n in Industry.objects.exclude(code="C")
                                             .order_by("code").values_list("code", "name")]
        self.fields["industries"].widget.attrs["size"] = 12
        if self.instance.pk and not self.is_bound:
            rules = self.instance.rules or {}
            for name in (*MULTI, *FLAGS, *NUMBERS, "specialized_min"):
                if name in rules:
                    self.initial[name] = rules[name]

    def rules(self) -> dict[str, Any]:
        """The rule fields as the JSON rules (empty fields: no condition); the service validates."""
        data = self.cleaned_data
        rules: dict[str, Any] = {}
        for name in MULTI:
            if data.get(name):
                rules[name] = list(data[name])
        if data.get("specialized_min"):
            rules["specialized_min"] = data["specialized_min"]
        for name in FLAGS:
            if data.get(name):
                rules[name] = True
        for name in NUMBERS:
            value = data.get(name)
            if value is not None:
                rules[name] = int(value) if value == int(value) else float(value)
        return rules

    def policy_data(self) -> dict[str, Any]:
        return {**{f: self.cleaned_data.get(f) for f in self.Meta.fields}, "rules": self.rules()}
