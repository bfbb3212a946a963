"""A bank's own profile and its branches (add, edit, delete after confirmation)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from enterprises import selectors, services
from enterprises.forms import BankBranchForm, BankProfileForm
from enterprises.models import BankBranch
from enterprises.views.common import submit


def _own_branch(request: HttpRequest, pk: int) -> BankBranch:
    branch = selectors.bank_branches(viewer=request.user).filter(pk=pk).first()
    if branch is None:
        raise Http404(_("未找到该网点。"))
    return branch


@login_required
@require_http_methods(["GET", "POST"])
def bank_edit(request: HttpRequest) -> HttpResponse:
    """Short name and description, and the list of branches with their coverage."""
    profile = selectors.bank_profile_for_viewer(viewer=request.user)
    if request.method == "POST":
        form = BankProfileForm(request.POST)
        if submit(request, form, lambda: services.bank_profile_update(profile=profile, data=form.cleaned_data),
                  success=_("银行档案已保存。")):
            return redirect("portal:bank_edit")
    else:
        form = BankProfileForm(initial={"short_name": profile.short_name, "description": profile.description})
    branches = selectors.bank_branches(viewer=request.user)
    return render(request, "enterprises/bank/profile_form.html",
                  {"form": form, "profile": profile, "branches": branches})


@login_required
@require_http_methods(["GET", "POST"])
def branch_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Add a branch (no ``pk``) or edit one of the bank's own branches."""
    profile = selectors.bank_profile_for_viewer(viewer=request.user)
    branch = _own_branch(request, pk) if pk is not None else None
    if request.method == "POST":
        form = BankBranchForm(request.POST)

        def save() -> None:
            data = dict(form.cleaned_data)
            coverage = data.pop("coverage")
            services.bank_branch_save(profile=profile, data=data, coverage=coverage, branch=branch)

        if submit(request, form, save, success=_("网点已保存。")):
            return redirect("portal:bank_edit")
    else:
        form = BankBranchForm(initial=BankBranchForm.initial_from(branch) if branch else None)
    return render(request, "enterprises/bank/branch_form.html", {"form": form, "branch": branch})


@login_required
@require_http_methods(["GET", "POST"])
def branch_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation; POST deletes."""
    profile = selectors.bank_profile_for_viewer(viewer=request.user)
    branch = _own_branch(request, pk)
    if request.method == "POST":
        try:
            services.bank_branch_delete(profile=profile, branch_id=branch.pk)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("网点“%(name)s”已删除。") % {"name": branch.name})
        return redirect("portal:bank_edit")
    return render(request, "enterprises/bank/branch_confirm_delete.html", {"branch": branch})
