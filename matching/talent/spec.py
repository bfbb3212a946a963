"""Talent (找人才): enterprises' job postings (needs) against individuals' talent profiles (offers).

Hard rules in PostgreSQL: the talent is matchable, not erased, its user active, and it has not
hidden from the job's enterprise; its skills overlap the job's skills expanded through the
synonym vocabulary (``skills && ARRAY[...]``), or its tsvector holds a skill group's lexeme, or
all of the job title's most selective tokens (AND); it prefers the job's city (or its
prefecture) or has no city preference.

Scores are reciprocal: the employer's view (skills coverage, education, experience) and the
talent's view (city, salary, industry) are each in [0, 1] and combined by their harmonic mean,
so a poor fit for either side cannot be hidden by a great fit for the other.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db.models import Exists, OuterRef, Q, QuerySet

from enterprises.models import EnterpriseProfile, Organization, TalentProfile
from matching.engine.models import Match
from matching.engine.registry import Criterion, DomainSpec, Frame, Parties
from matching.engine.text import tokens as jieba_tokens
from matching.engine.tfidf import TextModel, corpus_model
from matching.talent import skills as vocab
from matching.talent.models import JobPosting, TalentBlock
from matching.talent.selectors import job_summaries, talent_cards
from matching.talent.services import job_after_match, on_transition

EDUCATION_ORDER = ["none", "secondary", "vocational", "bachelor", "master", "doctor"]
EDUCATION_LABEL = dict(TalentProfile.Education.choices)
EMPLOYER = ("skills", "education", "experience")
TALENT = ("city", "salary", "industry")


def talent_text_model(*, refresh: bool = False) -> TextModel:
    """The TF-IDF model of every matchable talent's text (``refresh`` refits now)."""
    return corpus_model("talent", lambda: TalentProfile.objects.filter(visibility="matchable", erased_at=None)
                        .order_by("id").values_list("search_text", flat=True).iterator(chunk_size=5000),
                        refresh=refresh)


def city_codes(region) -> tuple[str, str, list[str]]:
    """(prefecture adcode, prefecture name, codes a talent's preference may name: region, prefecture)."""
    city = region.parent if region.level == "county" and region.parent_id else region
    return city.adcode, city.name, sorted({region.adcode, city.adcode})


def industry_fits(code: str, preferred: list[str]) -> bool:
    """The enterprise's GB/T 4754 code lies within one of the preferred codes (prefixes nest; 'C' = 13–43)."""
    for p in preferred:
        if code.startswith(p) or p.startswith(code) or (p == "C" and code[:2].isdigit() and 13 <= int(code[:2]) <= 43):
            return True
    return False


# ---- soft criteria: each a value in [0, 1] per candidate, and its Chinese line ----------------------

def _skills(need: dict, fr: Frame) -> np.ndarray:
    return fr["skills_fit"]


def _education(need: dict, fr: Frame) -> np.ndarray:
    gap = need["education_rank"] - fr["education_rank"]
    return np.where(gap <= 0, 1.0, np.where(gap == 1, 0.4, 0.1))


def _experience(need: dict, fr: Frame) -> np.ndarray:
    req = need["experience_years"]
    if req <= 0:
        return np.ones(len(fr["id"]))
    years = fr["experience_years"]
    return np.where(years >= req, 1.0, 0.2 + 0.7 * years / req)


def _city(need: dict, fr: Frame) -> np.ndarray:
    return np.where(fr["prefers_city"], 1.0, 0.7)


def _salary(need: dict, fr: Frame) -> np.ndarray:
    expected = fr["expected_salary"]
    known = ~np.isnan(expected) & (np.nan_to_num(expected) > 0)
    safe = np.where(known, expected, 1.0)
    ratio = np.clip(need["salary_max"] / safe, 0.0, 1.0)
    fit = np.where(need["salary_max"] >= safe, np.where(need["salary_min"] >= safe, 1.0, 0.9), ratio ** 6)
    return np.where(known, fit, 0.7)


def _industry(need: dict, fr: Frame) -> np.ndarray:
    return fr["industry_fit"]


def _x_skills(need, fr, i, v):
    hit, partial, missing = fr["skills_note"][i]
    parts = [f"技能覆盖 {round(v * 100)}%"]
    if hit:
        parts.append(f"具备 {'、'.join(hit[:4])}")
    if partial:
        parts.append(f"简历提及 {'、'.join(partial[:3])}")
    if missing:
        parts.append(f"缺少 {'、'.join(missing[:3])}")
    return "；".join(parts)


def _x_education(need, fr, i, v):
    have = EDUCATION_LABEL.get(fr["education"][i], "不限")
    if need["education_min"] == "none":
        return f"学历 {have}，职位不限学历"
    want = EDUCATION_LABEL[need["education_min"]]
    return f"学历 {have}，{'满足' if v >= 1 else '低于'}要求（{want}及以上）"


def _x_experience(need, fr, i, v):
    years, req = int(fr["experience_years"][i]), need["experience_years"]
    if req <= 0:
        return f"工作 {years} 年，职位不限经验"
    return f"工作 {years} 年，{'满足' if years >= req else '不足'}要求（{req} 年以上）"


def _x_city(need, fr, i, v):
    if fr["prefers_city"][i]:
        return f"期望城市包含{need['city_name']}"
    return f"未限定期望城市，工作地点{need['city_name']}"


def _x_salary(need, fr, i, v):
    offer = f"职位月薪 {need['salary_min']:,}–{need['salary_max']:,} 元"
    expected = fr["expected_salary"][i]
    if np.isnan(expected) or expected <= 0:
        return f"{offer}，人才未填写期望月薪"
    if need["salary_max"] >= expected:
        return f"{offer}，达到期望 {expected:,.0f} 元"
    return f"{offer}，低于期望 {expected:,.0f} 元（差 {round((1 - need['salary_max'] / expected) * 100)}%）"


def _x_industry(need, fr, i, v):
    name = need["industry_name"] or "未填写"
    if fr["industry_note"][i] == "none":
        return f"人才未限定期望行业（企业行业：{name}）"
    if fr["industry_note"][i] == "fit_unknown":
        return "企业未填写所属行业，行业匹配按中性计"
    if fr["industry_note"][i] == "fit":
        return f"企业行业（{name}）在人才期望行业内"
    return f"企业行业（{name}）不在人才期望行业内"


CRITERIA = (
    Criterion("skills", "技能", 60, _skills, _x_skills),
    Criterion("education", "学历", 20, _education, _x_education),
    Criterion("experience", "经验", 20, _experience, _x_experience),
    Criterion("city", "城市", 40, _city, _x_city),
    Criterion("salary", "薪资", 45, _salary, _x_salary),
    Criterion("industry", "行业", 15, _industry, _x_industry),
)
_BY_NAME = {c.name: c for c in CRITERIA}


def side_score(need: dict, frame: Frame, names: tuple[str, ...]) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """One side's score in [0, 1] (weights of that side sum to 100) and its criteria's points."""
    points, total = {}, np.zeros(len(frame["id"]))
    for name in names:
        c = _BY_NAME[name]
        values = np.clip(np.asarray(c.score(need, frame), dtype=float), 0.0, 1.0)
        points[name] = np.round(values * c.weight, 2)
        total += values * c.weight
    return total / 100.0, points


def harmonic(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """2ab / (a + b), 0 where both are 0."""
    s = a + b
    return np.where(s > 0, 2 * a * b / np.where(s > 0, s, 1.0), 0.0)


def _skills_fit(job_skills: list[str], talent_skills: list[str], talent_tokens: set[str]) -> tuple[float, tuple]:
    """Coverage of the job's skills: 1 per skill held (same word or synonym group), 0.7 per skill only
    mentioned in the résumé (its tokens or its group), 0 otherwise; with (held, mentioned, missing)."""
    held_lower = {s.lower() for s in talent_skills}
    held_groups = vocab.groups_of_all(talent_skills)
    hit, partial, missing, total = [], [], [], 0.0
    for skill in job_skills:
        groups = vocab.groups_of(skill)
        if skill.lower() in held_lower or groups & held_groups:
            hit.append(skill)
            total += 1.0
        elif any(f"skg{g}" in talent_tokens for g in groups) or any(t in talent_tokens for t in jieba_tokens(skill)):
            partial.append(skill)
            total += 0.7
        else:
            missing.append(skill)
    return (total / len(job_skills) if job_skills else 0.0), (hit, partial, missing)


class TalentDomain(DomainSpec):
    name = "talent"
    version = "talent-1"
    criteria = CRITERIA

    def need(self, need_id: int) -> dict | None:
        job = JobPosting.objects.select_related("enterprise", "city__parent").filter(pk=need_id).first()
        if job is None or job.status != JobPosting.Status.OPEN or not job.enterprise.is_verified:
            return None
        city_code, city_name, codes = city_codes(job.city)
        profile = EnterpriseProfile.objects.filter(organization_id=job.enterprise_id).select_related(
            "industry").first()
        skills = list(job.skills) or [job.title]
        return {
            "id": job.pk, "enterprise_id": job.enterprise_id, "title": job.title, "skills": skills,
            "expanded": vocab.expand(skills), "lexemes": vocab.lexemes(skills),
            "selective": talent_text_model().selective(jieba_tokens(job.title)),
            "education_min": job.education_min, "education_rank": EDUCATION_ORDER.index(job.education_min),
            "experience_years": job.experience_years, "salary_min": job.salary_min, "salary_max": job.salary_max,
            "city_code": city_code, "city_name": city_name, "city_codes": codes,
            "industry": profile.industry_id if profile and profile.industry_id else "",
            "industry_name": profile.industry.name if profile and profile.industry_id else "",
        }

    def candidate_offers(self, need: dict) -> QuerySet:
        through = TalentProfile.cities.through
        qs = TalentProfile.objects.filter(visibility=TalentProfile.Visibility.MATCHABLE, erased_at=None,
                                          user__is_active=True)
        qs = qs.exclude(Exists(TalentBlock.objects.filter(talent_id=OuterRef("pk"),
                                                          organization_id=need["enterprise_id"])))
        fits = Q(skills__overlap=need["expanded"])
        text = [" | ".join(need["lexemes"])] if need["lexemes"] else []
        if need["selective"]:
            text.append(" & ".join(f"'{t}'" for t in need["selective"]))
        if text:
            qs = qs.annotate(sv=SearchVector("search_text", config="simple"))
            fits |= Q(sv=SearchQuery(" | ".join(f"({t})" for t in text), search_type="raw", config="simple"))
        qs = qs.filter(fits)
        any_city = through.objects.filter(talentprofile_id=OuterRef("pk"))
        return qs.filter(~Exists(any_city) | Exists(any_city.filter(region_id__in=need["city_codes"])))

    def load_frame(self, qs: QuerySet, need: dict) -> Frame:
        rows = list(qs.order_by("id").values_list("id", "user_id", "skills", "education", "experience_years",
                                                  "expected_salary", "search_text"))
        ids = [r[0] for r in rows]
        through_c, through_i = TalentProfile.cities.through, TalentProfile.industries.through
        cities: dict[int, set[str]] = {}
        for tid, code in through_c.objects.filter(talentprofile_id__in=ids).values_list("talentprofile_id",
                                                                                     "region_id"):
            cities.setdefault(tid, set()).add(code)
        industries: dict[int, list[str]] = {}
        for tid, code in through_i.objects.filter(talentprofile_id__in=ids).values_list("talentprofile_id",
                                                                                     "industry_id"):
            industries.setdefault(tid, []).append(code)
        fits, notes, ind_fit, ind_note = [], [], [], []
        for r in rows:
            fit, note = _skills_fit(need["skills"], list(r[2]), set(r[6].split()))
            fits.append(fit)
            notes.append(note)
            preferred = industries.get(r[0], [])
            if not preferred or not need["industry"]:
                ind_fit.append(0.7)
                ind_note.append("none" if not preferred else "fit_unknown")
            elif industry_fits(need["industry"], preferred):
                ind_fit.append(1.0)
                ind_note.append("fit")
            else:
                ind_fit.append(0.3)
                ind_note.append("miss")
        return {
            "id": np.array(ids, dtype=np.int64),
            "user_id": np.array([r[1] for r in rows], dtype=np.int64),
            "education": [r[3] for r in rows],
            "education_rank": np.array([EDUCATION_ORDER.index(r[3]) for r in rows], dtype=float),
            "experience_years": np.array([r[4] for r in rows], dtype=float),
            "expected_salary": np.array([np.nan if r[5] is None else float(r[5]) for r in rows], dtype=float),
            "prefers_city": np.array([bool(cities.get(r[0], set()) & set(need["city_codes"])) for r in rows],
                                     dtype=bool),
            "skills_fit": np.array(fits, dtype=float), "skills_note": notes,
            "industry_fit": np.array(ind_fit, dtype=float), "industry_note": ind_note,
        }

    def score(self, need: dict, frame: Frame, size: int) -> tuple[np.ndarray, dict]:
        """100 × harmonic mean of the employer's and the talent's scores; both kept in ``frame``."""
        employer, points = side_score(need, frame, EMPLOYER)
        talent, talent_points = side_score(need, frame, TALENT)
        points.update(talent_points)
        frame["employer_score"], frame["talent_score"] = employer, talent
        return np.round(100 * harmonic(employer, talent), 2), points

    def offer_parties(self, need: dict, frame: Frame, rows: np.ndarray) -> list[Parties]:
        return [Parties(need_org=need["enterprise_id"], offer_org=None, offer_user=int(frame["user_id"][i]))
                for i in rows]

    def extras(self, need: dict, frame: Frame, row: int) -> dict[str, Any]:
        return {"employer_score": round(float(frame["employer_score"][row]) * 100, 2),
                "talent_score": round(float(frame["talent_score"][row]) * 100, 2)}

    def needs_for_offer(self, offer_id: int) -> list[int]:
        current = set(Match.objects.filter(domain=self.name, offer_id=offer_id, retired_at=None)
                      .values_list("need_id", flat=True))
        talent = TalentProfile.objects.filter(pk=offer_id).select_related("user").first()
        if (talent is None or talent.erased_at or talent.visibility != TalentProfile.Visibility.MATCHABLE
                or not talent.user.is_active):
            return sorted(current)
        expanded, lexemes = vocab.expand(talent.skills), vocab.lexemes(talent.skills)
        q = Q(skills__overlap=expanded) if expanded else Q(pk__in=[])
        qs = JobPosting.objects.filter(status=JobPosting.Status.OPEN,
                                       enterprise__verification=Organization.Verification.VERIFIED)
        if lexemes:
            qs = qs.annotate(sv=SearchVector("search_text", config="simple"))
            q |= Q(sv=SearchQuery(" | ".join(lexemes), search_type="raw", config="simple"))
        wanted = list(talent.cities.values_list("adcode", flat=True))
        if wanted:
            qs = qs.filter(Q(city_id__in=wanted) | Q(city__parent_id__in=wanted))
        blocked = TalentBlock.objects.filter(talent=talent).values("organization_id")
        return sorted(current | set(qs.filter(q).exclude(enterprise_id__in=blocked).values_list("id", flat=True)))

    def active_need_ids(self) -> list[int]:
        return list(JobPosting.objects.filter(status=JobPosting.Status.OPEN,
                                              enterprise__verification=Organization.Verification.VERIFIED)
                    .order_by("id").values_list("id", flat=True))

    def present(self, matches: list[Any], *, viewer: Any, via: str = "web") -> dict[int, dict[str, Any]]:
        """Each match's talent card (anonymized for the enterprise until the talent accepts or
        applies; reveals logged) and job; the talent's identity as the contact, never to itself."""
        cards = talent_cards(matches, viewer=viewer, via=via)
        jobs = job_summaries(matches)
        out: dict[int, dict[str, Any]] = {}
        for m in matches:
            card = cards.get(m.pk) or {}
            own = viewer is None or m.offer_user_id == viewer.pk
            out[m.pk] = {"talent": cards.get(m.pk), "job": jobs.get(m.need_id),
                         "contact": None if own else card.get("identity")}
        return out

    def after_match(self, need: dict, new_offer_ids: list[int], kept: int) -> None:
        job_after_match(job_id=need["id"], new_talent_ids=new_offer_ids)

    def on_transition(self, **kwargs: Any) -> None:
        on_transition(**kwargs)


