"""Forms of the account-security pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class OTPCodeForm(forms.Form):
    code = forms.CharField(
        label=_("验证码"), max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
        help_text=_("身份验证器上的 6 位数字；手机不在身边时可输入一个备用码（每个只能用一次）。"),
    )


class EnrolForm(forms.Form):
    code = forms.CharField(
        label=_("验证码"), max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        help_text=_("扫码后，输入身份验证器显示的 6 位数字。"),
    )


class TokenCreateForm(forms.Form):
    name = forms.CharField(label=_("令牌名称"), max_length=64,
                           help_text=_("例如“信贷系统”“风控系统”，便于日后识别和撤销。"))
