"""Editing one's own organization and profile (enterprise, provider, talent). Wrong kind → 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from enterprises import selectors, services
from enterprises.forms import EnterpriseProfileForm, OrganizationForm, ProviderProfileForm, TalentProfileForm
from enterprises.models import Organization
from enterprises.views.common import add_service_errors, submit


def _saved_message(before: str, after: str) -> str:
    if after == Organization.Verification.PENDING and before == Organization.Verification.VERIFIED:
        return _("单位名称已修改，需重新等待平台审核。")
    if after == Organization.Verification.PENDING and before == Organization.Verification.REJECTED:
        return _("单位资料已保存，已重新提交平台审核。")
    return _("单位资料已保存。")


@login_required
@require_http_methods(["GET", "POST"])
def organization_edit(request: HttpRequest) -> HttpResponse:
    """Name, region, address and contacts of the viewer's organization (USCC is fixed)."""
    organization = selectors.own_organization(viewer=request.user)
    before = organization.verification
    if request.method == "POST":
        form = OrganizationForm(request.POST)
        if form.is_valid():
            try:
                services.organization_update(organization=organization, actor=request.user, data=form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
                organization.refresh_from_db()
            else:
                messages.success(request, _saved_message(before, organization.verification))
                return redirect("portal:dashboard")
    else:
        form = OrganizationForm(initial=OrganizationForm.initial_from(organization))
    return render(request, "enterprises/profiles/organization_form.html", {"form": form, "organization": organization})


@login_required
@require_http_methods(["GET", "POST"])
def enterprise_edit(request: HttpRequest) -> HttpResponse:
    """The enterprise profile; the size class is computed by the service and shown read-only."""
    profile = selectors.enterprise_profile_for_viewer(viewer=request.user)
    if request.method == "POST":
        form = EnterpriseProfileForm(request.POST)
        if submit(request, form, lambda: services.enterprise_profile_update(profile=profile, **form.service_kwargs()),
                  success=_("企业档案已保存。")):
            return redirect("portal:enterprise_edit")
        profile.refresh_from_db()
    else:
        form = EnterpriseProfileForm(initial=EnterpriseProfileForm.initial_from(profile))
    return render(request, "enterprises/profiles/enterprise_form.html", {"form": form, "profile": profile})


@login_required
@require_http_methods(["GET", "POST"])
def provider_edit(request: HttpRequest) -> HttpResponse:
    profile = selectors.provider_profile_for_viewer(viewer=request.user)
    if request.method == "POST":
        form = ProviderProfileForm(request.POST)
        if submit(request, form, lambda: services.provider_profile_update(profile=profile, data=form.cleaned_data),
                  success=_("机构档案已保存。")):
            return redirect("portal:provider_edit")
    else:
        form = ProviderProfileForm(initial={"category": profile.category, "description": profile.description})
    return render(request, "enterprises/profiles/provider_form.html", {"form": form, "profile": profile})


@login_required
@require_http_methods(["GET", "POST"])
def talent_edit(request: HttpRequest) -> HttpResponse:
    profile = selectors.talent_profile_for_viewer(viewer=request.user)
    if request.method == "POST":
        form = TalentProfileForm(request.POST)
        if submit(request, form, lambda: services.talent_profile_update(profile=profile, **form.service_kwargs()),
                  success=_("个人档案已保存。")):
            return redirect("portal:talent_edit")
    else:
        form = TalentProfileForm(initial=TalentProfileForm.initial_from(profile))
    return render(request, "enterprises/profiles/talent_form.html", {"form": form, "profile": profile})
