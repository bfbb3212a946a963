"""Read-side queries of the talent domain, each scoped to the viewer.

An enterprise reads its own postings and the talents matched with them as *cards*: anonymized
(skills, education, experience, preferred cities) until the talent accepts its interest or
applies; then also name, phone and email — each such reveal is written to the audit log
(``auditlog.LogEntry`` with action ACCESS; ``DataAccessLog`` needs a subject organization, which
an individual does not have).
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from enterprises.models import Organization, TalentProfile, User
from enterprises.permissions import membership_of
from matching.engine.models import Match, MatchStatus, Notification
from matching.talent.models import JobPosting, TalentBlock
from matching.talent.services import BLOCKED_REASON, contact_revealed

EDUCATION = dict(TalentProfile.Education.choices)


def _org_id(viewer: User) -> int | None:
    membership = membership_of(viewer)
    if membership is None or membership.organization.kind != Organization.Kind.ENTERPRISE:
        return None
    return membership.organization_id


def jobs_for_viewer(*, viewer: User) -> QuerySet[JobPosting]:
    """The viewer enterprise's own postings, newest first, with their active match counts."""
    org_id = _org_id(viewer)
    if not org_id:
        return JobPosting.objects.none()
    counts = (Match.objects.filter(domain="talent", need_id=OuterRef("pk"), retired_at=None)
              .exclude(status=MatchStatus.EXPIRED).order_by().values("need_id").annotate(c=Count("id")).values("c"))
    return (JobPosting.objects.filter(enterprise_id=org_id).select_related("city__parent")
            .annotate(match_count=Coalesce(Subquery(counts, output_field=IntegerField()), 0)).order_by("-id"))


def job_get(*, viewer: User, job_id: int) -> JobPosting:
    job = jobs_for_viewer(viewer=viewer).filter(pk=job_id).first()
    if job is None:
        raise Http404(_("未找到该招聘职位。"))
    return job


def job_matches(*, viewer: User, job: JobPosting) -> QuerySet[Match]:
    """The talents matched with one of the viewer's postings, best first (never blocked or erased ones)."""
    return Match.objects.filter(domain="talent", need_id=job.pk, need_org_id=_org_id(viewer),
                                retired_at=None).order_by("-score", "offer_id", "id")


def recommended_for_talent(*, viewer: User, include_ended: bool = False) -> QuerySet[Match]:
    """The jobs matched with the viewer talent, best first."""
    qs = Match.objects.filter(domain="talent", offer_user=viewer, retired_at=None)
    if not include_ended:
        qs = qs.exclude(status=MatchStatus.EXPIRED)
    return qs.select_related("need_org").order_by("-score", "need_id", "id")


def jobs_by_id(ids: set[int]) -> dict[int, JobPosting]:
    """Matched postings with enterprise and city, in one query (ids come from the viewer's matches)."""
    if not ids:
        return {}
    return {j.pk: j for j in JobPosting.objects.filter(pk__in=ids).select_related("enterprise", "city__parent")}


def talent_cards(matches: list[Match], *, viewer: User | None, via: str = "web") -> dict[int, dict[str, Any]]:
    """Per match id, the talent as this viewer may see it. Enterprise viewers get the anonymized
    card, plus ``identity`` once ``contact_revealed``; reveals are logged in one statement.
    The talent itself sees its own card with identity. Two queries (three with reveals)."""
    talent_matches = [m for m in matches if m.domain == "talent"]
    if not talent_matches:
        return {}
    profiles = {p.pk: p for p in TalentProfile.objects.filter(pk__in={m.offer_id for m in talent_matches})
                .select_related("user").prefetch_related("cities")}
    cards: dict[int, dict[str, Any]] = {}
    revealed: list[tuple[Match, TalentProfile]] = []
    for m in talent_matches:
        p = profiles.get(m.offer_id)
        own = viewer is not None and m.offer_user_id == viewer.pk
        hidden = m.retired_at is not None and m.retired_reason == BLOCKED_REASON and not own
        if p is None or p.erased_at or hidden:
            cards[m.pk] = {"anonymized": True, "erased": True, "skills": [], "education": "", "education_label": "",
                           "experience_years": None, "cities": [], "identity": None}
            continue
        card = {"anonymized": True, "erased": False, "skills": list(p.skills), "education": p.education,
                "education_label": str(EDUCATION.get(p.education, "")), "experience_years": p.experience_years,
                "cities": [c.name for c in sorted(p.cities.all(), key=lambda c: c.adcode)], "identity": None}
        if own or contact_revealed(m):
            name = p.full_name or f"{p.user.last_name}{p.user.first_name}"
            card.update(anonymized=False, identity={"name": name, "phone": p.user.phone, "email": p.user.email})
            if not own:
                revealed.append((m, p))
        cards[m.pk] = card
    if revealed and viewer is not None:
        log_reveals(viewer=viewer, reveals=revealed, via=via)
    return cards


def log_reveals(*, viewer: User, reveals: list[tuple[Match, TalentProfile]], via: str) -> None:
    """One audit entry (action ACCESS) per talent whose contact the viewer was shown."""
    from auditlog.models import LogEntry

    ct = ContentType.objects.get_for_model(TalentProfile)
    now = timezone.now()
    LogEntry.objects.bulk_create([LogEntry(
        content_type=ct, object_pk=str(p.pk), object_id=p.pk, object_repr=f"人才 #{p.pk}",
        action=LogEntry.Action.ACCESS, actor=viewer, timestamp=now, changes_text="talent_contact",
        additional_data={"what": "talent_contact", "match": m.pk, "job": m.need_id, "via": via,
                         "viewer_org": m.need_org_id}) for m, p in reveals])


def blocks_for_viewer(*, viewer: User) -> QuerySet[TalentBlock]:
    """The enterprises the viewer talent hides from."""
    if not viewer.is_authenticated or viewer.kind != User.Kind.TALENT:
        return TalentBlock.objects.none()
    return TalentBlock.objects.filter(talent__user=viewer).select_related("organization__region").order_by("-id")


def enterprises_to_block(*, viewer: User, query: str = "", limit: int = 20) -> list[Organization]:
    """Verified enterprises by name (or those the talent was matched with), minus those already hidden."""
    blocked = TalentBlock.objects.filter(talent__user=viewer).values("organization_id")
    qs = Organization.objects.filter(kind=Organization.Kind.ENTERPRISE, verification="verified").exclude(
        pk__in=blocked)
    if query:
        qs = qs.filter(name__icontains=query.strip()[:64])
    else:
        qs = qs.filter(pk__in=Match.objects.filter(domain="talent", offer_user=viewer).values("need_org_id"))
    return list(qs.select_related("region").order_by("name")[:limit])


def talent_export(*, viewer: User) -> dict[str, Any]:
    """Everything the platform holds about the viewer talent, as JSON-ready data (PIPL portability)."""
    profile = TalentProfile.objects.filter(user=viewer).prefetch_related("cities", "industries").first()
    if profile is None or viewer.kind != User.Kind.TALENT:
        raise Http404(_("未找到人才档案。"))
    matches = list(Match.objects.filter(domain="talent", offer_id=profile.pk).order_by("id"))
    jobs = jobs_by_id({m.need_id for m in matches})

    def row(m: Match) -> dict[str, Any]:
        job = jobs.get(m.need_id)
        return {"match": m.pk, "job": m.need_id, "title": job.title if job else "",
                "enterprise": job.enterprise.name if job else "", "score": str(m.score),
                "employer_score": m.breakdown.get("employer_score"), "talent_score": m.breakdown.get("talent_score"),
                "status": m.status, "explanation": m.explanation,
                "enterprise_interested_at": m.interested_at.isoformat() if m.interested_at else None,
                "applied_at": m.offer_interested_at.isoformat() if m.offer_interested_at else None,
                "retired_at": m.retired_at.isoformat() if m.retired_at else None,
                "created_at": m.created_at.isoformat()}

    return {
        "exported_at": timezone.now().isoformat(),
        "account": {"username": viewer.username, "email": viewer.email, "phone": viewer.phone,
                    "first_name": viewer.first_name, "last_name": viewer.last_name,
                    "date_joined": viewer.date_joined.isoformat()},
        "profile": {"full_name": profile.full_name, "skills": profile.skills, "education": profile.education,
                    "experience_years": profile.experience_years,
                    "cities": [c.adcode for c in profile.cities.all()],
                    "industries": [i.code for i in profile.industries.all()],
                    "expected_salary": str(profile.expected_salary) if profile.expected_salary is not None else None,
                    "resume": profile.resume, "visibility": profile.visibility,
                    "updated_at": profile.updated_at.isoformat()},
        "matches": [row(m) for m in matches],
        "applications": [row(m) for m in matches if m.offer_interested_at],
        "blocks": [{"organization": b.organization_id, "name": b.organization.name,
                    "created_at": b.created_at.isoformat()} for b in blocks_for_viewer(viewer=viewer)],
        "notifications": [{"kind": n.kind, "title": n.title, "body": n.body, "link": n.link,
                           "read_at": n.read_at.isoformat() if n.read_at else None,
                           "created_at": n.created_at.isoformat()}
                          for n in Notification.objects.filter(user=viewer).order_by("id")],
    }


def job_summaries(matches: list[Match]) -> dict[int, dict[str, Any]]:
    """Per job id of the talent matches: what either party may see of the posting. One query."""
    jobs = jobs_by_id({m.need_id for m in matches if m.domain == "talent"})
    out = {}
    for pk, job in jobs.items():
        city = job.city.parent if job.city.level == "county" and job.city.parent_id else job.city
        out[pk] = {"id": pk, "title": job.title, "enterprise": job.enterprise.name, "city": city.name,
                   "city_code": job.city_id, "salary_min": job.salary_min, "salary_max": job.salary_max,
                   "education_min": job.education_min, "experience_years": job.experience_years,
                   "headcount": job.headcount, "status": job.status}
    return out
