"""Forms of 找服务、找机构: services, service requests and the directory filters.

They check the shape of the input; ``matching.market.services`` checks the business
rules (price range, positive budget, known regions, who may publish) with Chinese messages.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from enterprises.models import Region
from matching.common.forms import hunan_region_choices
from matching.market.models import ServiceCategory, ServiceOffering, ServiceRequest


def _yuan(label: str, help_text: str = "") -> forms.IntegerField:
    return forms.IntegerField(label=label, required=False, min_value=0, help_text=help_text,
                              widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": 1}),
                              error_messages={"min_value": _("金额不能为负数。"),
                                              "invalid": _("请输入整数金额（元）。")})


class OfferingForm(forms.Form):
    category = forms.ChoiceField(label=_("服务类别"), choices=[("", _("请选择服务类别")), *ServiceCategory.choices],
                                 error_messages={"required": _("请选择服务类别。")})
    title = forms.CharField(label=_("服务名称"), max_length=128, error_messages={"required": _("请填写服务名称。")})
    description = forms.CharField(label=_("服务内容"), required=False, max_length=5000,
                                  widget=forms.Textarea(attrs={"rows": 4}),
                                  help_text=_("写清楚服务范围、交付物和适用企业，系统据此为企业推荐。"))
    price_min = _yuan(_("价格下限（元）"))
    price_max = _yuan(_("价格上限（元）"), _("留空表示面议。"))
    regions = forms.MultipleChoiceField(label=_("服务地区"), required=False, widget=forms.CheckboxSelectMultiple,
                                        help_text=_("不选表示全国均可服务。"))
    response_days = forms.IntegerField(label=_("响应时间（工作日）"), min_value=1, max_value=60, initial=3,
                                       error_messages={"min_value": _("响应时间须在 1–60 个工作日之间。"),
                                                       "max_value": _("响应时间须在 1–60 个工作日之间。"),
                                                       "required": _("请填写响应时间。")})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = hunan_region_choices()
        known = {code for code, _label in choices}
        chosen = set(self.data.getlist("regions") if self.is_bound else self.initial.get("regions") or [])
        extra = Region.objects.filter(pk__in=chosen - known).order_by("adcode") if chosen - known else []
        self.fields["regions"].choices = choices + [(r.adcode, r.name) for r in extra]  # e.g. set through the API

    @staticmethod
    def initial_from(offering: ServiceOffering) -> dict[str, Any]:
        return {f: getattr(offering, f) for f in ("category", "title", "description", "price_min", "price_max",
                                                  "regions", "response_days")}

    def service_data(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class ServiceRequestForm(forms.Form):
    category = forms.ChoiceField(label=_("服务类别"), choices=[("", _("请选择服务类别")), *ServiceCategory.choices],
                                 error_messages={"required": _("请选择服务类别。")})
    title = forms.CharField(label=_("需求名称"), max_length=128, error_messages={"required": _("请填写需求名称。")})
    description = forms.CharField(label=_("需求说明"), required=False, max_length=5000,
                                  widget=forms.Textarea(attrs={"rows": 4}),
                                  help_text=_("如：申报高新技术企业需要专项审计；新产品需要 CMA 检测报告。"))
    budget_max = forms.IntegerField(label=_("预算上限（元）"), required=False,
                                    widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": 1}),
                                    help_text=_("留空表示预算待定。"),
                                    error_messages={"invalid": _("请输入整数金额（元）。")})
    needed_by = forms.DateField(label=_("期望完成日期"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    @staticmethod
    def initial_from(req: ServiceRequest) -> dict[str, Any]:
        return {f: getattr(req, f) for f in ("category", "title", "description", "budget_max", "needed_by")}

    def service_data(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class DirectoryFilterForm(forms.Form):
    """找机构 filters; unknown values are dropped by ``is_valid`` (the page then shows everything)."""

    category = forms.ChoiceField(label=_("服务类别"), required=False)
    city = forms.ChoiceField(label=_("所在城市"), required=False)
    q = forms.CharField(label=_("关键词"), required=False, max_length=50,
                        widget=forms.TextInput(attrs={"placeholder": _("如：高新技术企业认定、CMA 检测")}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("全部类别")), *ServiceCategory.choices]
        self.fields["city"].choices = [("", _("全部城市")), *hunan_region_choices()[1:]]
