"""Talent services: job postings, the talent's answers (accept, decline, apply), blocks, export, erasure.

Privacy (《个人信息保护法》): an enterprise sees an anonymized card until the talent accepts its
interest or applies (``contact_revealed``); each reveal of contact data is logged
(``matching.talent.selectors.log_reveals``). A talent may hide from an enterprise, export its data
and erase its account; aggregates (match rows, counts) survive erasure without personal data.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from config.exceptions import Conflict
from enterprises.models import Organization, Region, TalentProfile, User
from enterprises.permissions import ensure_can_publish, membership_of
from matching.engine.models import OPEN_STATUSES, Match, MatchStatus, MatchTransition, Notification
from matching.engine.notifications import notify, organization_user_ids
from matching.engine.runs import run_create
from matching.engine.text import search_text, tokens
from matching.engine.transitions import match_transition, side_of
from matching.talent import skills as vocab
from matching.talent.models import JobPosting, TalentBlock

S = MatchStatus
JOB_FIELDS = ("title", "description", "skills", "education_min", "experience_years", "city", "salary_min",
              "salary_max", "headcount", "status")
ENDED = (JobPosting.Status.FILLED, JobPosting.Status.CLOSED)
BLOCKED_REASON = "人才已屏蔽该企业"
ERASED_REASON = "人才已注销账户"


def contact_revealed(match: Match) -> bool:
    """The enterprise may see the talent's name and contact: the talent accepted its interest
    (contacted / succeeded) or applied itself, and the match is still alive."""
    if match.domain != "talent" or match.retired_at is not None:
        return False
    if match.status in (S.CONTACTED, S.SUCCEEDED):
        return True
    return bool(match.offer_interested_at) and match.status not in (S.DECLINED, S.EXPIRED)


def _enterprise(actor: User) -> Organization:
    membership = membership_of(actor)
    if membership is None or membership.organization.kind != Organization.Kind.ENTERPRISE:
        raise PermissionDenied(_("只有企业用户可以发布招聘职位。"))
    return membership.organization


def _talent(actor: User) -> TalentProfile:
    if not actor.is_authenticated or actor.kind != User.Kind.TALENT:
        raise Http404(_("未找到人才档案。"))
    profile, _created = TalentProfile.objects.get_or_create(user=actor)
    return profile


def job_text(job: JobPosting) -> str:
    """Jieba tokens of title, description and skills, plus the skill-group lexemes."""
    return " ".join([search_text(job.title, job.description, " ".join(job.skills)),
                     *vocab.lexemes([*job.skills, job.title])]).strip()


def talent_text(profile: TalentProfile) -> str:
    """Jieba tokens of skills and résumé, plus the lexemes of the groups they mention."""
    words = tokens(" ".join([" ".join(profile.skills), profile.resume]))
    return " ".join([" ".join(words), *vocab.lexemes([*profile.skills, *words])]).strip()


def _job_errors(merged: dict[str, Any]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not str(merged.get("title") or "").strip():
        errors["title"] = [_("请填写职位名称。")]
    city = merged.get("city")
    if isinstance(city, str):
        found = Region.objects.filter(pk=city).first()
        if found is None:
            errors["city"] = [_("未知的城市代码：%(c)s。") % {"c": city}]
        merged["city"] = found
    if not merged.get("city") and "city" not in errors:
        errors["city"] = [_("请选择工作城市。")]
    low, high = merged.get("salary_min"), merged.get("salary_max")
    if low is None or high is None:
        errors["salary_min"] = [_("请填写月薪范围。")]
    elif low < 0 or high < 0:
        errors["salary_min"] = [_("月薪不能为负数。")]
    elif high < low:
        errors["salary_max"] = [_("月薪上限不能低于下限。")]
    if (merged.get("headcount") or 0) < 1:
        errors["headcount"] = [_("招聘人数至少为 1。")]
    if not 0 <= (merged.get("experience_years") or 0) <= 60:
        errors["experience_years"] = [_("工作年限要求须在 0–60 年之间。")]
    skills = [str(s).strip() for s in merged.get("skills") or [] if str(s).strip()]
    if len(skills) > 20:
        errors["skills"] = [_("技能要求最多填写 20 项。")]
    merged["skills"] = list(dict.fromkeys(skills))
    return errors


def job_save(*, actor: User, data: dict[str, Any], job_id: int | None = None) -> JobPosting:
    """Create or update one of the actor's enterprise's job postings; (re)matched after commit.

    Only verified enterprises publish; another firm's posting answers 404. Moving a posting to
    filled / closed expires its open matches (``job_set_status``).
    """
    firm = _enterprise(actor)
    ensure_can_publish(firm)
    job = None
    if job_id is not None:
        job = JobPosting.objects.filter(pk=job_id, enterprise=firm).first()
        if job is None:
            raise Http404(_("未找到该招聘职位。"))
    merged = {f: getattr(job, f) for f in JOB_FIELDS} if job else {"headcount": 1, "experience_years": 0,
                                                                    "status": JobPosting.Status.OPEN}
    merged.update({k: v for k, v in data.items() if k in JOB_FIELDS})
    errors = _job_errors(merged)
    if errors:
        raise ValidationError(errors)
    new_status = merged.pop("status")
    with transaction.atomic():
        job = job or JobPosting(enterprise=firm, created_by=actor)
        for field, value in merged.items():
            setattr(job, field, value)
        job.search_text = job_text(job)
        job.full_clean(exclude=["enterprise", "created_by", "status"])
        job.save()
        if new_status != job.status:
            job_set_status(actor=actor, job_id=job.pk, status=new_status)
            job.refresh_from_db()
        else:
            run_create(domain="talent", scope="need", target_id=job.pk)
    return job


def job_set_status(*, actor: User, job_id: int, status: str) -> JobPosting:
    """Open, fill or close a posting. Filled / closed: its open matches expire (system side, one
    transition row each) and the rematch retires the rest; reopening matches it again."""
    firm = _enterprise(actor)
    if status not in JobPosting.Status.values:
        raise ValidationError({"status": [_("未知的职位状态：%(s)s。") % {"s": status}]})
    with transaction.atomic():
        job = JobPosting.objects.select_for_update().filter(pk=job_id, enterprise=firm).first()
        if job is None:
            raise Http404(_("未找到该招聘职位。"))
        job.status = status
        job.save(update_fields=["status", "updated_at"])
        if status in ENDED:
            _expire_open(job, reason=_("职位已“%(s)s”") % {"s": job.get_status_display()})
        run_create(domain="talent", scope="need", target_id=job.pk)
    return job


def _expire_open(job: JobPosting, *, reason: str) -> int:
    matches = list(Match.objects.select_for_update().filter(domain="talent", need_id=job.pk, retired_at=None,
                                                            status__in=OPEN_STATUSES))
    now = timezone.now()
    Match.objects.filter(pk__in=[m.pk for m in matches]).update(status=S.EXPIRED, status_changed_at=now,
                                                                updated_at=now)
    MatchTransition.objects.bulk_create([MatchTransition(match=m, from_status=m.status, to_status=S.EXPIRED,
                                                         side="system", reason=reason) for m in matches])
    talents = [m.offer_user_id for m in matches if m.status in (S.INTERESTED, S.CONTACTED) and m.offer_user_id]
    notify(user_ids=talents, kind="talent_job_ended", title=_("职位“%(t)s”已结束招聘") % {"t": job.title},
           link="/talent/jobs/recommended/")
    return len(matches)


def talent_profile_changed(*, profile: TalentProfile) -> None:
    """Refresh the talent's search text and rematch the jobs it may now fit (after commit)."""
    TalentProfile.objects.filter(pk=profile.pk).update(search_text=talent_text(profile))
    run_create(domain="talent", scope="offer", target_id=profile.pk)


def _match_for(actor: User, match_id: int, side: str) -> Match:
    match = Match.objects.filter(pk=match_id, domain="talent").first()
    if match is None or side_of(actor, match) != side:
        raise Http404(_("未找到该匹配。"))
    return match


def employer_interest(*, actor: User, match_id: int) -> Match:
    """The enterprise says it is interested in a (still anonymous) talent; the talent is told."""
    match = _match_for(actor, match_id, "need")
    if match.status not in (S.SUGGESTED, S.VIEWED):
        raise Conflict(_("您已表达过意向。") if match.interested_at else _("该匹配当前状态不能表达意向。"))
    return match_transition(match_id=match.pk, actor=actor, to=S.INTERESTED)


def talent_accept(*, actor: User, match_id: int) -> Match:
    """The talent accepts an enterprise's interest: its name and contact open to that enterprise."""
    match = _match_for(actor, match_id, "offer")
    if match.status != S.INTERESTED:
        raise Conflict(_("该企业尚未表达意向，或您已作出答复。"))
    return match_transition(match_id=match.pk, actor=actor, to=S.CONTACTED)


def talent_decline(*, actor: User, match_id: int, note: str = "") -> Match:
    """The talent declines a job (before or after the enterprise's interest)."""
    _match_for(actor, match_id, "offer")
    return match_transition(match_id=match_id, actor=actor, to=S.DECLINED, decline_reason="other",
                            reason=note or _("人才婉拒"))


def talent_apply(*, actor: User, match_id: int) -> Match:
    """The talent applies to a matched job: the enterprise is told and may see its contact.
    Applying after the enterprise's interest is accepting it."""
    match = _match_for(actor, match_id, "offer")
    if match.status == S.INTERESTED:
        return talent_accept(actor=actor, match_id=match_id)
    with transaction.atomic():
        match = Match.objects.select_for_update().get(pk=match_id)
        if match.offer_interested_at:
            raise Conflict(_("您已投递过该职位。"))
        if match.status not in (S.SUGGESTED, S.VIEWED) or match.retired_at:
            raise Conflict(_("该职位当前不能投递。"))
        match.offer_interested_at = timezone.now()
        match.save(update_fields=["offer_interested_at", "updated_at"])
        title = JobPosting.objects.filter(pk=match.need_id).values_list("title", flat=True).first() or ""
        notify(user_ids=organization_user_ids([match.need_org_id]), kind="talent_applied",
               title=_("有人才投递了职位“%(t)s”") % {"t": title},
               link=f"/talent/jobs/{match.need_id}/#match-{match.pk}")
    return match


def on_transition(*, match: Match, to: str, side: str, actor: User | None, outcome: dict[str, Any]) -> None:
    """Talent side effects: interest and acceptance times, and telling the other side."""
    title = JobPosting.objects.filter(pk=match.need_id).values_list("title", flat=True).first() or ""
    if to == S.INTERESTED:
        match.interested_at = timezone.now()
        org = Organization.objects.filter(pk=match.need_org_id).values_list("name", flat=True).first() or ""
        notify(user_ids=[match.offer_user_id] if match.offer_user_id else [], kind="talent_interest",
               title=_("%(o)s 对您表达了意向：%(t)s") % {"o": org, "t": title},
               body=_("接受后，该企业才能看到您的姓名和联系方式。"), link=f"/talent/jobs/recommended/#match-{match.pk}")
    elif to == S.CONTACTED:
        match.responded_at = timezone.now()
        notify(user_ids=organization_user_ids([match.need_org_id]), kind="talent_accepted",
               title=_("人才已接受您对“%(t)s”的意向，联系方式已开放") % {"t": title},
               link=f"/talent/jobs/{match.need_id}/#match-{match.pk}")
    elif to == S.DECLINED and side == "offer" and match.interested_at:
        notify(user_ids=organization_user_ids([match.need_org_id]), kind="talent_declined",
               title=_("人才婉拒了“%(t)s”") % {"t": title}, link=f"/talent/jobs/{match.need_id}/")


def job_after_match(*, job_id: int, new_talent_ids: list[int]) -> None:
    """New talents matched a job: tell the enterprise (counts only) and each new talent."""
    if not new_talent_ids:
        return
    job = JobPosting.objects.get(pk=job_id)
    notify(user_ids=organization_user_ids([job.enterprise_id]), kind="talent_new_matches",
           title=_("为“%(t)s”推荐了 %(n)d 位新人才") % {"t": job.title, "n": len(new_talent_ids)},
           link=f"/talent/jobs/{job_id}/")
    users = TalentProfile.objects.filter(pk__in=new_talent_ids).values_list("user_id", flat=True)
    notify(user_ids=users, kind="talent_new_job", title=_("有新的职位与您匹配：%(t)s") % {"t": job.title},
           link="/talent/jobs/recommended/")


def block_add(*, actor: User, organization_id: int) -> TalentBlock:
    """Hide from one enterprise: every match with it is retired now and it is never matched again."""
    profile = _talent(actor)
    org = Organization.objects.filter(pk=organization_id, kind=Organization.Kind.ENTERPRISE).first()
    if org is None:
        raise ValidationError({"organization": [_("未找到该企业。")]})
    with transaction.atomic():
        block, _created = TalentBlock.objects.get_or_create(talent=profile, organization=org)
        now = timezone.now()
        Match.objects.filter(domain="talent", offer_id=profile.pk, need_org=org, retired_at=None).update(
            retired_at=now, retired_reason=BLOCKED_REASON, updated_at=now)
    return block


def block_remove(*, actor: User, organization_id: int) -> None:
    """Stop hiding from an enterprise; its open jobs may match again."""
    profile = _talent(actor)
    with transaction.atomic():
        deleted, _d = TalentBlock.objects.filter(talent=profile, organization_id=organization_id).delete()
        if not deleted:
            raise Http404(_("未找到该屏蔽记录。"))
        run_create(domain="talent", scope="offer", target_id=profile.pk)


def talent_erasing(*, profile: TalentProfile, user: User, at: datetime) -> None:
    """What the talent domain clears when a talent is erased (PIPL), in the erasure's transaction:
    every match retired (rows and counts kept, notes it typed cleared), its blocks and its
    notifications deleted. The profile and the account are the enterprises app's to clear."""
    Match.objects.filter(domain="talent", offer_id=profile.pk).update(decline_note="", updated_at=at)
    MatchTransition.objects.filter(actor=user).update(reason="")  # notes the talent typed when declining
    Match.objects.filter(domain="talent", offer_id=profile.pk, retired_at=None).update(
        retired_at=at, retired_reason=ERASED_REASON)
    TalentBlock.objects.filter(talent=profile).delete()
    Notification.objects.filter(user=user).delete()
