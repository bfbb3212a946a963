"""The signed-in user's home: organization status, quick links, talent profile completeness."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from enterprises import selectors
from enterprises.models import Organization, TalentProfile, User
from enterprises.permissions import is_operator, membership_of

PROFILE_URLS = {
    Organization.Kind.ENTERPRISE: "portal:enterprise_edit",
    Organization.Kind.BANK: "portal:bank_edit",
    Organization.Kind.PROVIDER: "portal:provider_edit",
}

#: What a complete talent profile has: (label, test).
TALENT_CHECKS = (
    (_("姓名"), lambda p, cities: bool(p.full_name)),
    (_("技能"), lambda p, cities: bool(p.skills)),
    (_("学历"), lambda p, cities: p.education != TalentProfile.Education.NONE),
    (_("期望城市"), lambda p, cities: bool(cities)),
    (_("期望月薪"), lambda p, cities: p.expected_salary is not None),
    (_("个人简历"), lambda p, cities: bool(p.resume.strip())),
    (_("可见性设为“可被匹配”"), lambda p, cities: p.visibility == TalentProfile.Visibility.MATCHABLE),
)


def talent_completeness(profile: TalentProfile) -> tuple[int, list[str]]:
    """Percentage of the profile that is filled in, and the labels of what is missing."""
    cities = list(profile.cities.all())
    missing = [str(label) for label, test in TALENT_CHECKS if not test(profile, cities)]
    percent = round(100 * (len(TALENT_CHECKS) - len(missing)) / len(TALENT_CHECKS))
    return percent, missing


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    context: dict = {"operator": is_operator(user)}
    membership = membership_of(user)
    if membership is not None:
        context.update(
            membership=membership,
            organization=membership.organization,
            profile_url=PROFILE_URLS.get(membership.organization.kind),
            is_owner=membership.role == membership.Role.OWNER,
        )
    if user.kind == User.Kind.TALENT:
        profile = selectors.talent_profile_for_viewer(viewer=user)
        percent, missing = talent_completeness(profile)
        context.update(talent_profile=profile, completeness=percent, missing=missing)
    if context["operator"]:
        context["pending_count"] = selectors.verification_queue(viewer=user, status="pending").count()
    return render(request, "enterprises/dashboard/dashboard.html", context)
