"""Factories for the talent-matching tests (job postings, talents with profiles, running the engine)."""

from __future__ import annotations

from decimal import Decimal

from enterprises.models import EnterpriseProfile, Industry, Organization, Region, TalentProfile, User
from matching.engine.matcher import match_need
from matching.engine.registry import get_domain
from matching.models import JobPosting, Match
from matching.talent.services import job_text, talent_text
from tests import factories


def employer(*, industry: str | None = "35", adcode: str = "430200", **org_kwargs) -> User:
    """A verified enterprise member whose firm is in ``industry`` (GB/T 4754 大类)."""
    user = factories.enterprise(region=Region.objects.get(pk=adcode), **org_kwargs)
    if industry:
        EnterpriseProfile.objects.filter(organization=user.membership.organization).update(industry_id=industry)
    return user


def job(org: Organization, **kwargs) -> JobPosting:
    """An open posting; defaults: 数控车工 in 株洲, PLC+数控编程, vocational, 3 years, 8000–12000 元."""
    values = {"title": "数控车工", "description": "负责数控车床编程与操作", "skills": ["数控编程", "PLC"],
              "education_min": "vocational", "experience_years": 3, "city_id": "430200", "salary_min": 8000,
              "salary_max": 12000, "headcount": 2, **kwargs}
    posting = JobPosting(enterprise=org, **values)
    posting.search_text = job_text(posting)
    posting.save()
    return posting


def talent(*, name: str = "李四", phone: str = "13800000001", skills=("数控车床", "可编程控制器"),
           education: str = "bachelor", years: int = 5, cities=("430200",), salary: int | None = 10000,
           industries=(), resume: str = "五年数控加工经验", visibility: str = "matchable") -> TalentProfile:
    """A talent user with a complete profile (matchable by default)."""
    user = factories.UserFactory(kind=User.Kind.TALENT, phone=phone, last_name=name[0], first_name=name[1:])
    profile = TalentProfile.objects.create(
        user=user, full_name=name, skills=list(skills), education=education, experience_years=years,
        expected_salary=Decimal(salary) if salary is not None else None, resume=resume, visibility=visibility)
    profile.cities.set(Region.objects.filter(pk__in=cities))
    profile.industries.set(Industry.objects.filter(pk__in=industries))
    profile.search_text = talent_text(profile)
    profile.save()
    return profile


def run(posting: JobPosting) -> list[Match]:
    """Match the posting now (as the worker would) and return its active matches, best first."""
    match_need(get_domain("talent"), posting.pk)
    return list(Match.objects.filter(domain="talent", need_id=posting.pk, retired_at=None).order_by("rank"))
