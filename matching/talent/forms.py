"""找人才 forms: job postings, closing a posting, declining a job, hiding from an enterprise.

They check the shape of the input; ``matching.talent.services`` checks the business rules
(salary range, headcount, known city, who may publish) with Chinese messages.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from enterprises.forms import SKILL_SEPARATORS
from enterprises.models import Region
from matching.talent.models import JobPosting

HUNAN = "430000"


def city_choices() -> list[tuple[str, str]]:
    """Hunan's prefectures, each followed by its counties (indented)."""
    rows = list(Region.objects.filter(adcode__startswith="43").exclude(pk=HUNAN)
                .order_by("adcode").values_list("adcode", "name", "level"))
    return [("", _("请选择工作城市"))] + [(code, name if level == "city" else f"　{name}")
                                          for code, name, level in rows]


class JobForm(forms.Form):
    title = forms.CharField(label=_("职位名称"), max_length=128, help_text=_("例如：数控车工、PLC 电气工程师"))
    description = forms.CharField(label=_("职位描述"), required=False, max_length=5000,
                                  widget=forms.Textarea(attrs={"rows": 5}))
    skills = forms.CharField(label=_("技能要求"), required=False,
                             help_text=_("多个技能用逗号或顿号分隔；系统会识别同义词，例如 PLC/可编程控制器、CAD/制图"))
    education_min = forms.ChoiceField(label=_("最低学历"), choices=JobPosting._meta.get_field("education_min").choices)
    experience_years = forms.IntegerField(label=_("工作年限要求（年）"), min_value=0, max_value=60, initial=0)
    city = forms.ChoiceField(label=_("工作城市"))
    salary_min = forms.IntegerField(label=_("月薪下限（元）"), min_value=0, max_value=1_000_000)
    salary_max = forms.IntegerField(label=_("月薪上限（元）"), min_value=0, max_value=1_000_000)
    headcount = forms.IntegerField(label=_("招聘人数"), min_value=1, max_value=10_000, initial=1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["city"].choices = city_choices()

    def clean_skills(self) -> list[str]:
        return [s.strip() for s in SKILL_SEPARATORS.split(self.cleaned_data["skills"]) if s.strip()]

    @staticmethod
    def initial_from(job: JobPosting) -> dict[str, Any]:
        return {"title": job.title, "description": job.description, "skills": "、".join(job.skills),
                "education_min": job.education_min, "experience_years": job.experience_years, "city": job.city_id,
                "salary_min": job.salary_min, "salary_max": job.salary_max, "headcount": job.headcount}

    def service_data(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class JobEndForm(forms.Form):
    status = forms.ChoiceField(label=_("结束原因"), widget=forms.RadioSelect, initial=JobPosting.Status.FILLED,
                               choices=[(JobPosting.Status.FILLED, _("已招满")),
                                        (JobPosting.Status.CLOSED, _("不再招聘，关闭职位"))])


class DeclineForm(forms.Form):
    note = forms.CharField(label=_("原因（选填，仅企业可见）"), required=False, max_length=500)


class EraseForm(forms.Form):
    confirm = forms.BooleanField(label=_("我已了解：注销后个人信息将被删除且无法恢复"),
                                 error_messages={"required": _("请勾选确认后再注销。")})
