"""Financing forms. They check the shape of the input and convert 万元 to yuan; the services in
``matching.financing.services`` check the business rules (ranges, eligibility, who may do what).

Choice lists from reference data (cities, chains, industries) are built per instance.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from enterprises import selectors as party_selectors
from enterprises.models import Industry, Region
from enterprises.models.profiles import CreditRating, SpecializedLevel
from matching.common.forms import HUNAN, to_wan_text, to_yuan
from matching.engine.models import DeclineReason, MatchStatus
from matching.financing.models import Collateral, ProductType, Purpose, Urgency

Choices = list[tuple[Any, Any]]


def _wan_field(label: str, *, required: bool = True, message: str = "", help_text: str = "") -> forms.DecimalField:
    """An amount typed in 万元 (four places, i.e. to the yuan)."""
    return forms.DecimalField(
        label=label, required=required, max_digits=14, decimal_places=4, help_text=help_text,
        error_messages={"required": message} if message else None,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )


def _rate_field(label: str, *, required: bool = True, message: str = "", help_text: str = "") -> forms.DecimalField:
    return forms.DecimalField(
        label=label, required=required, max_digits=5, decimal_places=2, help_text=help_text,
        error_messages={"required": message} if message else None,
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
    )


def _months_field(label: str, message: str, help_text: str = "") -> forms.IntegerField:
    return forms.IntegerField(label=label, help_text=help_text, error_messages={"required": message},
                              widget=forms.NumberInput(attrs={"inputmode": "numeric"}))


def _with_extras(choices: Choices, values: list[Any], names: dict[Any, str]) -> Choices:
    """Keep values a record already has but the usual choice list lacks (so saving never drops them)."""
    known = {value for value, _label in choices}
    return [*choices, *[(v, names.get(v, v)) for v in values if v not in known]]


# ---------------------------------------------------------------- enterprise: loan requests


class LoanRequestForm(forms.Form):
    amount_wan = _wan_field(_("申请金额（万元）"), message=_("请填写申请金额。"),
                            help_text=_("例如 300 表示 300 万元。"))
    term = _months_field(_("期限（月）"), _("请填写借款期限。"), help_text=_("1–360 个月。"))
    purpose = forms.ChoiceField(label=_("资金用途"), choices=[("", _("请选择资金用途")), *Purpose.choices],
                                error_messages={"required": _("请选择资金用途。")})
    purpose_detail = forms.CharField(label=_("用途说明"), max_length=500, required=False,
                                     widget=forms.Textarea(attrs={"rows": 3}),
                                     help_text=_("简要说明资金用在哪里，例如：采购数控机床 3 台。"))
    collateral = forms.MultipleChoiceField(
        label=_("可提供的担保方式"), required=False, choices=Collateral.choices, widget=forms.CheckboxSelectMultiple,
        help_text=_("可多选；只能提供信用方式时请勾选“无需抵押（信用）”或不选。"),
    )
    max_rate = _rate_field(_("可接受最高年利率（%）"), required=False, help_text=_("可不填，表示不设上限。"))
    urgency = forms.ChoiceField(label=_("紧急程度"), choices=Urgency.choices, initial=Urgency.NORMAL,
                                widget=forms.RadioSelect)

    service_fields = {"amount": "amount_wan"}

    @staticmethod
    def initial_from(loan) -> dict[str, Any]:
        return {
            "amount_wan": to_wan_text(loan.amount), "term": loan.term, "purpose": loan.purpose,
            "purpose_detail": loan.purpose_detail, "collateral": list(loan.collateral),
            "max_rate": loan.max_rate, "urgency": loan.urgency,
        }

    def service_data(self) -> dict[str, Any]:
        """``data`` for ``services.financing.request_save`` (amount in yuan)."""
        d = self.cleaned_data
        return {
            "amount": to_yuan(d["amount_wan"]), "term": d["term"], "purpose": d["purpose"],
            "purpose_detail": d["purpose_detail"].strip(), "collateral": d["collateral"],
            "max_rate": d["max_rate"], "urgency": d["urgency"],
        }


# ---------------------------------------------------------------- bank: products


class ProductForm(forms.Form):
    name = forms.CharField(label=_("产品名称"), max_length=128, error_messages={"required": _("请填写产品名称。")})
    type = forms.ChoiceField(label=_("产品类型"), choices=[("", _("请选择产品类型")), *ProductType.choices],
                             error_messages={"required": _("请选择产品类型。")})
    description = forms.CharField(label=_("产品介绍"), required=False, max_length=5000,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    amount_min_wan = _wan_field(_("最低额度（万元）"), message=_("请填写最低额度。"))
    amount_max_wan = _wan_field(_("最高额度（万元）"), message=_("请填写最高额度。"))
    term_min = _months_field(_("最短期限（月）"), _("请填写最短期限。"))
    term_max = _months_field(_("最长期限（月）"), _("请填写最长期限。"))
    rate_min = _rate_field(_("最低年利率（%）"), message=_("请填写最低年利率。"))
    rate_max = _rate_field(_("最高年利率（%）"), message=_("请填写最高年利率。"))
    collateral = forms.MultipleChoiceField(
        label=_("接受的担保方式"), required=False, choices=Collateral.choices, widget=forms.CheckboxSelectMultiple,
        help_text=_("不选表示不限担保方式。"),
    )
    regions = forms.MultipleChoiceField(label=_("目标地区"), required=False, widget=forms.CheckboxSelectMultiple,
                                        help_text=_("不选表示不限地区。"))
    chains = forms.TypedMultipleChoiceField(label=_("目标产业链"), required=False, coerce=int,
                                            widget=forms.CheckboxSelectMultiple,
                                            help_text=_("面向所选产业链的企业优先推荐；不选表示不限。"))
    industries = forms.MultipleChoiceField(label=_("目标行业"), required=False, widget=forms.CheckboxSelectMultiple,
                                           help_text=_("国民经济行业分类制造业大类；不选表示不限。"))
    whitelist_only = forms.BooleanField(label=_("仅限产融合作白名单企业"), required=False)
    min_specialized_level = forms.ChoiceField(label=_("最低专精特新等级"), choices=SpecializedLevel.choices,
                                              initial=SpecializedLevel.NONE)
    min_credit_rating = forms.ChoiceField(label=_("最低信用评级"), required=False,
                                          choices=[("", _("不限")), *CreditRating.choices])
    min_years = forms.IntegerField(label=_("最低经营年限（年）"), min_value=0, max_value=200, initial=0)
    min_revenue_wan = _wan_field(_("最低年营收（万元）"), required=False, help_text=_("可不填，表示不限。"))
    approval_days = forms.IntegerField(label=_("一般审批天数"), min_value=1, max_value=365, initial=7)
    active = forms.BooleanField(label=_("上架（企业可被匹配到）"), required=False, initial=True)

    service_fields = {"amount_min": "amount_min_wan", "amount_max": "amount_max_wan", "min_revenue": "min_revenue_wan"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        regions = list(self.initial.get("regions") or [])
        industries = list(self.initial.get("industries") or [])
        cities: Choices = [(HUNAN, _("湖南全省")), *party_selectors.hunan_cities().values_list("adcode", "name")]
        divisions: Choices = [(i.code, str(i)) for i in party_selectors.industries()]
        extra_codes = ({c for c in regions if c not in dict(cities)}
                       | {c for c in industries if c not in dict(divisions)})
        names: dict[Any, str] = {}
        if extra_codes:  # codes set through the API that the page does not usually offer
            names.update(Region.objects.filter(pk__in=extra_codes).values_list("adcode", "name"))
            names.update((i.code, str(i)) for i in Industry.objects.filter(pk__in=extra_codes))
        self.fields["regions"].choices = _with_extras(cities, regions, names)
        self.fields["industries"].choices = _with_extras(divisions, industries, names)
        self.fields["chains"].choices = [(c.pk, c.name) for c in party_selectors.chains()]

    @staticmethod
    def initial_from(product) -> dict[str, Any]:
        return {
            "name": product.name, "type": product.type, "description": product.description,
            "amount_min_wan": to_wan_text(product.amount_min), "amount_max_wan": to_wan_text(product.amount_max),
            "term_min": product.term_min, "term_max": product.term_max, "rate_min": product.rate_min,
            "rate_max": product.rate_max, "collateral": list(product.collateral), "regions": list(product.regions),
            "chains": list(product.chains), "industries": list(product.industries),
            "whitelist_only": product.whitelist_only, "min_specialized_level": product.min_specialized_level,
            "min_credit_rating": product.min_credit_rating, "min_years": product.min_years,
            "min_revenue_wan": to_wan_text(product.min_revenue) if product.min_revenue else None,
            "approval_days": product.approval_days, "active": product.active,
        }

    def service_data(self) -> dict[str, Any]:
        """``data`` for ``services.financing.product_save`` (amounts in yuan)."""
        d = self.cleaned_data
        return {
            "name": d["name"].strip(), "type": d["type"], "description": d["description"].strip(),
            "amount_min": to_yuan(d["amount_min_wan"]), "amount_max": to_yuan(d["amount_max_wan"]),
            "term_min": d["term_min"], "term_max": d["term_max"], "rate_min": d["rate_min"],
            "rate_max": d["rate_max"], "collateral": d["collateral"], "regions": d["regions"],
            "chains": d["chains"], "industries": d["industries"], "whitelist_only": d["whitelist_only"],
            "min_specialized_level": d["min_specialized_level"], "min_credit_rating": d["min_credit_rating"],
            "min_years": d["min_years"], "min_revenue": to_yuan(d["min_revenue_wan"]) or Decimal(0),
            "approval_days": d["approval_days"], "active": d["active"],
        }


# ---------------------------------------------------------------- bank: the queue


class QueueFilterForm(forms.Form):
    """The queue's GET filters; invalid values are reported and ignored, never a 500."""

    ORDERINGS = (("-score", _("匹配度从高到低")), ("due_at", _("答复期限由近到远")), ("-created_at", _("最新匹配在前")))

    chain = forms.TypedChoiceField(label=_("产业链"), required=False, coerce=int, empty_value=None)
    city = forms.ChoiceField(label=_("城市"), required=False)
    amount_min_wan = forms.DecimalField(label=_("金额不低于（万元）"), required=False, min_value=0, max_digits=14,
                                        decimal_places=4, widget=forms.NumberInput(attrs={"step": "any"}))
    amount_max_wan = forms.DecimalField(label=_("金额不高于（万元）"), required=False, min_value=0, max_digits=14,
                                        decimal_places=4, widget=forms.NumberInput(attrs={"step": "any"}))
    status = forms.ChoiceField(label=_("状态"), required=False, choices=[("", _("全部状态")), *MatchStatus.choices])
    overdue = forms.BooleanField(label=_("只看已超时"), required=False)
    ordering = forms.ChoiceField(label=_("排序"), required=False, choices=ORDERINGS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["chain"].choices = [("", _("全部产业链")), *[(c.pk, c.name) for c in party_selectors.chains()]]
        self.fields["city"].choices = [("", _("全部城市")),
                                       *party_selectors.hunan_cities().values_list("adcode", "name")]

    def filters(self) -> dict[str, Any]:
        """The valid filters in the selector's terms (amounts in yuan); invalid ones are left out."""
        d = getattr(self, "cleaned_data", {})
        out: dict[str, Any] = {}
        for key in ("chain", "city", "status", "ordering"):
            if d.get(key):
                out[key] = d[key]
        for key, target in (("amount_min_wan", "amount_min"), ("amount_max_wan", "amount_max")):
            if d.get(key) is not None:
                out[target] = to_yuan(d[key])
        if d.get("overdue"):
            out["overdue"] = "true"
        return out

    @property
    def active(self) -> bool:
        return bool({k: v for k, v in self.filters().items() if k != "ordering"})


# ---------------------------------------------------------------- both sides: answers


class DeclineForm(forms.Form):
    decline_reason = forms.ChoiceField(label=_("原因"), choices=[("", _("请选择原因")), *DeclineReason.choices],
                                       error_messages={"required": _("请选择原因。")})
    note = forms.CharField(label=_("补充说明"), required=False, max_length=500,
                           widget=forms.Textarea(attrs={"rows": 2}))


class OutcomeForm(forms.Form):
    amount_wan = _wan_field(_("获贷金额（万元）"), message=_("请填写获贷金额。"))
    rate = _rate_field(_("年利率（%）"), message=_("请填写年利率。"))
    term = _months_field(_("期限（月）"), _("请填写期限。"))

    service_fields = {"outcome.amount": "amount_wan", "outcome.rate": "rate", "outcome.term": "term"}

    def outcome(self) -> dict[str, Any]:
        """``outcome`` for ``match_transition(to="succeeded")`` (amount in yuan, as strings)."""
        d = self.cleaned_data
        return {"amount": str(to_yuan(d["amount_wan"])), "rate": str(d["rate"]), "term": d["term"]}
