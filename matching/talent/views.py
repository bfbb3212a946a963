"""找人才 pages (URL namespace ``talent``).

Enterprise members keep job postings and see each posting's matched talents as anonymized cards
(both sides' scores and every reason); “表达意向” tells the talent, whose name and contact open
only once it accepts (or applied itself). Talents see their recommended jobs and apply, accept or
decline; they hide from enterprises, export their data and delete their account.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from config.exceptions import ApplicationError
from enterprises.models import User
from enterprises.permissions import membership_of
from enterprises.selectors import talent_profile_for_viewer
from enterprises.services import talent_erase
from enterprises.views.common import submit
from matching.common.views import enterprise_required, own_organization, publish_refusal, report_refusal
from matching.engine.models import MatchStatus
from matching.talent import selectors as sel
from matching.talent import services as svc
from matching.talent.forms import DeclineForm, EraseForm, JobEndForm, JobForm
from matching.talent.models import JobPosting

PAGE_SIZE = 20
S = MatchStatus


def talent_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed-in talents only; anybody else gets a 404."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.kind != User.Kind.TALENT:
            raise Http404(_("页面不存在。"))
        return view(request, *args, **kwargs)

    return wrapper


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """找人才: enterprises go to their postings, talents to their recommended jobs."""
    if request.user.kind == User.Kind.TALENT:
        return redirect("talent:recommended")
    membership = membership_of(request.user)
    if membership and membership.organization.kind == "enterprise":
        return redirect("talent:job_list")
    raise Http404(_("页面不存在。"))


# ---------------------------------------------------------------- enterprise: postings and talents

@enterprise_required
@require_GET
def job_list(request: HttpRequest) -> HttpResponse:
    """Own postings, newest first, with how many talents each was matched with."""
    page = Paginator(sel.jobs_for_viewer(viewer=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "matching/talent/job_list.html", {
        "page_obj": page, "jobs": list(page.object_list), "refusal": publish_refusal(own_organization(request))})


@enterprise_required
@require_http_methods(["GET", "POST"])
def job_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Publish a posting (no ``pk``) or edit one; matched in the background."""
    job = sel.job_get(viewer=request.user, job_id=pk) if pk is not None else None
    refusal = publish_refusal(own_organization(request))
    status = 200
    saved: list[JobPosting] = []
    if request.method == "POST":
        form = JobForm(request.POST)
        done = _("职位已发布，系统正在为您匹配人才。") if job is None else _("职位已更新，系统正在重新匹配。")
        try:
            if submit(request, form, lambda: saved.append(svc.job_save(
                    actor=request.user, data=form.service_data(), job_id=job.pk if job else None)), success=done):
                return redirect("talent:job_detail", saved[0].pk)
        except PermissionDenied as exc:
            refusal, status = str(exc), 403
    else:
        form = JobForm(initial=JobForm.initial_from(job) if job else None)
    return render(request, "matching/talent/job_form.html", {"form": form, "job": job, "refusal": refusal},
                  status=status)


@enterprise_required
@require_GET
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The posting and its matched talents: anonymized cards until the talent accepts or applies."""
    job = sel.job_get(viewer=request.user, job_id=pk)
    page = Paginator(sel.job_matches(viewer=request.user, job=job), PAGE_SIZE).get_page(request.GET.get("page"))
    matches = list(page.object_list)
    cards = sel.talent_cards(matches, viewer=request.user, via="web")
    rows = [{"match": m, "card": cards.get(m.pk, {}), "employer_score": m.breakdown.get("employer_score"),
             "talent_score": m.breakdown.get("talent_score"),
             "can_interest": job.status == JobPosting.Status.OPEN and m.status in (S.SUGGESTED, S.VIEWED)}
            for m in matches]
    return render(request, "matching/talent/job_detail.html", {"job": job, "rows": rows, "page_obj": page})


@enterprise_required
@require_http_methods(["GET", "POST"])
def job_end(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks why; POST marks the posting filled or closed (its open matches expire)."""
    job = sel.job_get(viewer=request.user, job_id=pk)
    form = JobEndForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        svc.job_set_status(actor=request.user, job_id=job.pk, status=form.cleaned_data["status"])
        messages.success(request, _("职位已结束招聘，相关推荐已失效。"))
        return redirect("talent:job_detail", job.pk)
    return render(request, "matching/talent/job_end.html", {"job": job, "form": form})


@enterprise_required
@require_POST
def job_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    job = sel.job_get(viewer=request.user, job_id=pk)
    svc.job_set_status(actor=request.user, job_id=job.pk, status=JobPosting.Status.OPEN)
    messages.success(request, _("职位已重新开放，系统正在重新匹配。"))
    return redirect("talent:job_detail", job.pk)


@enterprise_required
@require_POST
def employer_interest(request: HttpRequest, pk: int, match_id: int) -> HttpResponse:
    """The enterprise's “表达意向” for one (anonymous) talent of its posting."""
    job = sel.job_get(viewer=request.user, job_id=pk)
    if not sel.job_matches(viewer=request.user, job=job).filter(pk=match_id).exists():
        raise Http404(_("未找到该匹配。"))
    _run(request, lambda: svc.employer_interest(actor=request.user, match_id=match_id),
         _("已表达意向。人才接受后，您将看到其姓名和联系方式。"))
    return redirect(f"{reverse('talent:job_detail', args=[job.pk])}#match-{match_id}")


def _run(request: HttpRequest, action: Callable[[], Any], success: str) -> None:
    try:
        action()
    except (ApplicationError, PermissionDenied, ValidationError) as exc:
        report_refusal(request, exc if not isinstance(exc, ValidationError) else PermissionDenied(exc.messages[0]))
    else:
        messages.success(request, success)


# ---------------------------------------------------------------- talent: jobs, answers, privacy

@talent_required
@require_GET
def recommended(request: HttpRequest) -> HttpResponse:
    """The talent's matched jobs, best first, with reasons and what it can do with each."""
    page = Paginator(sel.recommended_for_talent(viewer=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    matches = list(page.object_list)
    jobs = sel.jobs_by_id({m.need_id for m in matches})
    rows = [{"match": m, "job": jobs.get(m.need_id), "employer_score": m.breakdown.get("employer_score"),
             "talent_score": m.breakdown.get("talent_score"),
             "can_apply": m.status in (S.SUGGESTED, S.VIEWED) and not m.offer_interested_at,
             "can_accept": m.status == S.INTERESTED,
             "can_decline": m.status in (S.SUGGESTED, S.VIEWED, S.INTERESTED)} for m in matches]
    profile = talent_profile_for_viewer(viewer=request.user)
    return render(request, "matching/talent/recommended.html",
                  {"rows": rows, "page_obj": page, "profile": profile, "decline_form": DeclineForm()})


def _answer(request: HttpRequest, match_id: int, action: Callable[[], Any], success: str) -> HttpResponse:
    _run(request, action, success)
    return redirect(f"{reverse('talent:recommended')}#match-{match_id}")


@talent_required
@require_POST
def talent_apply(request: HttpRequest, match_id: int) -> HttpResponse:
    return _answer(request, match_id, lambda: svc.talent_apply(actor=request.user, match_id=match_id),
                   _("已投递。企业现在可以看到您的姓名和联系方式。"))


@talent_required
@require_POST
def talent_accept(request: HttpRequest, match_id: int) -> HttpResponse:
    return _answer(request, match_id, lambda: svc.talent_accept(actor=request.user, match_id=match_id),
                   _("已接受。该企业现在可以看到您的姓名和联系方式。"))


@talent_required
@require_POST
def talent_decline(request: HttpRequest, match_id: int) -> HttpResponse:
    form = DeclineForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    return _answer(request, match_id, lambda: svc.talent_decline(actor=request.user, match_id=match_id, note=note),
                   _("已婉拒该职位。"))


@talent_required
@require_http_methods(["GET", "POST"])
def blocks(request: HttpRequest) -> HttpResponse:
    """屏蔽企业: the enterprises the talent hides from; search and hide one more, or stop hiding."""
    if request.method == "POST":
        org_id = request.POST.get("organization", "")
        if request.POST.get("action") == "remove":
            _run(request, lambda: svc.block_remove(actor=request.user, organization_id=int(org_id or 0)),
                 _("已取消屏蔽。"))
        else:
            _run(request, lambda: svc.block_add(actor=request.user, organization_id=int(org_id or 0)),
                 _("已屏蔽该企业：它将不会再看到您的档案。"))
        return redirect("talent:blocks")
    query = request.GET.get("q", "").strip()
    return render(request, "matching/talent/blocks.html", {
        "blocks": list(sel.blocks_for_viewer(viewer=request.user)), "query": query,
        "candidates": sel.enterprises_to_block(viewer=request.user, query=query)})


@talent_required
@require_GET
def my_data(request: HttpRequest) -> HttpResponse:
    """导出我的数据 / 注销账户: what the platform holds and the two rights."""
    return render(request, "matching/talent/my_data.html", {"profile": talent_profile_for_viewer(viewer=request.user)})


@talent_required
@require_GET
def export(request: HttpRequest) -> HttpResponse:
    """The talent's data as a JSON download."""
    body = json.dumps(sel.talent_export(viewer=request.user), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="qilian-talent-export.json"'
    return response


@talent_required
@require_http_methods(["GET", "POST"])
def erase(request: HttpRequest) -> HttpResponse:
    """GET asks for confirmation; POST erases the account and signs out."""
    form = EraseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        talent_erase(actor=request.user)
        logout(request)
        messages.success(request, _("您的账户已注销，个人信息已删除。"))
        return redirect("portal:home")
    return render(request, "matching/talent/erase_confirm.html", {"form": form})
