"""Forms of 找活动: the listing's filters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from matching.common.forms import hunan_region_choices
from matching.events.activities.selectors import kind_choices


class ActivityFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("活动类型"), required=False)
    city = forms.ChoiceField(label=_("举办城市"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("全部类型")), *kind_choices()]
        self.fields["city"].choices = [("", _("全部城市")), *hunan_region_choices()[1:]]
