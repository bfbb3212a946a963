"""Policy eligibility rules (找政策) as data: one engine, two forms that must agree.

``Policy.rules`` is a JSON object; each key present is one condition and all must hold:

===================  ===========================================================================
regions              adcodes (province / city / county); the firm's region is it or lies inside it
chains               IndustrialChain slugs; the firm sits at a segment of one of them
industries           GB/T 4754 codes; a code covers its finer codes (``37`` covers ``3714``)
size_classes         micro / small / medium / large (computed from employees and revenue)
specialized_min      innovative / provincial / national: the firm's 专精特新 level is at least it
whitelist            true: the firm is on a published 产融合作 white-list batch
high_tech            true: 高新技术企业
single_champion      true: 制造业单项冠军
min_years            years since ``founded_year`` (this calendar year minus it) ≥ n
revenue_min / _max   万元, against ``annual_revenue`` in 元 (bounds included)
certifications       every one of them held
employees_min / _max persons (bounds included)
===================  ===========================================================================

:func:`evaluate` explains one firm against one policy in Chinese (unknown facts are missing,
"未填写"); :func:`qualifying_orgs` is the same rules as one SQL query over verified enterprises.
Validation of rules lives in :mod:`matching.policies.services`.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from enterprises.models import ChainSegment, EnterpriseProfile, IndustrialChain, Industry, Organization, Region
from enterprises.models.profiles import SizeClass, SpecializedLevel

LEVELS = [c.value for c in SpecializedLevel]  # ascending
WAN = Decimal(10_000)
RULE_FIELDS = ("regions", "chains", "industries", "size_classes", "specialized_min", "whitelist", "high_tech",
               "single_champion", "min_years", "revenue_min", "revenue_max", "certifications", "employees_min",
               "employees_max")
_NAMES: dict[str, dict[str, str]] = {}


def names(kind: str, code: str) -> str:
    """Display name of a region / industry / chain code (reference data, cached per process)."""
    if code not in _NAMES.get(kind, {}):
        _NAMES["region"] = dict(Region.objects.values_list("adcode", "name"))
        _NAMES["industry"] = {c: f"{c} {n}" for c, n in Industry.objects.values_list("code", "name")}
        _NAMES["chain"] = dict(IndustrialChain.objects.values_list("slug", "name"))
    return _NAMES.get(kind, {}).get(code, code)


def _join(items: list[str], sep: str = "、") -> str:
    return sep.join(str(i) for i in items)


def _num(value: Decimal | int, grouped: bool = False) -> str:
    text = f"{Decimal(value):,.4f}" if grouped else f"{Decimal(value):.4f}"
    return text.rstrip("0").rstrip(".")


# ---- facts ---------------------------------------------------------------------------------------

def facts_of(org: Organization, profile: EnterpriseProfile | None) -> dict[str, Any]:
    """The plain values the rules read, from an organization (region ancestors loaded) and its
    profile (industry ancestors, white-list batch and chain segments with chains loaded)."""
    regions, region = [], org.region
    while region is not None:
        regions.append((region.adcode, region.name, region.level))
        region = region.parent
    industries, industry = [], profile.industry if profile else None
    while industry is not None:
        industries.append(industry.code)
        industry = industry.parent
    batch = profile.whitelist_batch if profile else None
    return {
        "organization_id": org.pk,
        "regions": regions,
        "industries": industries,
        "industry_name": str(profile.industry) if profile and profile.industry else "",
        "chains": {s.chain.slug: s.chain.name for s in profile.chain_segments.all()} if profile else {},
        "size_class": profile.size_class if profile else "",
        "specialized_level": profile.specialized_level if profile else SpecializedLevel.NONE,
        "whitelist_batch": batch.number if batch and batch.published_at else None,
        "high_tech": bool(profile and profile.high_tech),
        "single_champion": bool(profile and profile.single_champion),
        "certifications": list(profile.certifications) if profile else [],
        "founded_year": profile.founded_year if profile else None,
        "revenue": profile.annual_revenue if profile else None,
        "employees": profile.employees if profile else None,
    }


def load_facts(org_ids: list[int]) -> dict[int, dict[str, Any]]:
    """Facts of many firms in a constant number of queries (3), keyed by organization id."""
    from django.db.models import Prefetch

    orgs = (Organization.objects.filter(pk__in=org_ids)
            .select_related("region__parent__parent", "enterprise_profile__industry__parent__parent",
                            "enterprise_profile__whitelist_batch")
            .prefetch_related(Prefetch("enterprise_profile__chain_segments",
                                       queryset=ChainSegment.objects.select_related("chain"))))
    return {o.pk: facts_of(o, getattr(o, "enterprise_profile", None)) for o in orgs}


# ---- the Python form: explain ----------------------------------------------------------------------

def _region_line(facts: dict, codes: list[str]) -> tuple[bool, str]:
    own = {code for code, _n, _l in facts["regions"]}
    wanted = _join([names("region", c) for c in codes], _("或"))
    if own & set(codes):
        return True, _("位于%(here)s, 满足 申报地区: %(want)s") % {
            "here": "".join(n for _c, n, _l in reversed(facts["regions"])), "want": wanted}
    first = codes[0]
    target = "province" if first.endswith("0000") else ("city" if first.endswith("00") else "county")
    here = next((n for _c, n, lvl in facts["regions"] if lvl == target), facts["regions"][0][1] if facts["regions"]
                else _("未填写"))
    return False, _("需位于%(want)s, 当前: %(here)s") % {"want": wanted, "here": here}


def _check(facts: dict, key: str, want: Any, today: date) -> tuple[bool, str]:
    unknown = _("未填写")
    if key == "regions":
        return _region_line(facts, want)
    if key == "chains":
        wanted = _join([names("chain", s) for s in want], _("或"))
        hit = [facts["chains"][s] for s in want if s in facts["chains"]]
        if hit:
            return True, _("属于%(chain)s产业链, 满足 产业链: %(want)s") % {"chain": _join(hit), "want": wanted}
        return False, _("需属于%(want)s产业链, 当前: %(here)s") % {
            "want": wanted, "here": _join(sorted(facts["chains"].values())) or unknown}
    if key == "industries":
        wanted = _join([names("industry", c) for c in want], _("或"))
        if set(want) & set(facts["industries"]):
            return True, _("所属行业 %(here)s, 满足 %(want)s") % {"here": facts["industry_name"], "want": wanted}
        return False, _("所属行业需为%(want)s, 当前: %(here)s") % {"want": wanted,
                                                             "here": facts["industry_name"] or unknown}
    if key == "size_classes":
        wanted = _join([str(SizeClass(s).label) for s in want])
        here = str(SizeClass(facts["size_class"]).label) if facts["size_class"] else unknown
        if facts["size_class"] in want:
            return True, _("企业规模 %(here)s, 满足 %(want)s") % {"here": here, "want": wanted}
        return False, _("企业规模需为%(want)s, 当前: %(here)s") % {"want": wanted, "here": here}
    if key == "specialized_min":
        level, here = facts["specialized_level"], SpecializedLevel(facts["specialized_level"]).label
        if LEVELS.index(level) >= LEVELS.index(want):
            return True, _("%(here)s, 满足 %(want)s及以上") % {"here": here, "want": SpecializedLevel(want).label}
        return False, _("需为%(want)s及以上, 当前: %(here)s") % {"want": SpecializedLevel(want).label, "here": here}
    if key == "whitelist":
        if facts["whitelist_batch"]:
            return True, _("已列入产融合作制造业企业白名单（第%(n)s批）") % {"n": facts["whitelist_batch"]}
        return False, _("需列入产融合作制造业企业白名单, 当前: 未列入")
    if key in ("high_tech", "single_champion"):
        label = _("高新技术企业") if key == "high_tech" else _("制造业单项冠军")
        if facts[key]:
            return True, _("已认定为%(label)s") % {"label": label}
        return False, _("需为%(label)s, 当前: 否") % {"label": label}
    if key == "min_years":
        if facts["founded_year"] is None:
            return False, _("成立年限需 ≥ %(n)s 年, 当前未填写") % {"n": want}
        years = today.year - facts["founded_year"]
        if years >= want:
            return True, _("成立 %(y)s 年, 满足 ≥ %(n)s 年") % {"y": years, "n": want}
        return False, _("成立年限需 ≥ %(n)s 年, 当前 %(y)s 年") % {"n": want, "y": years}
    if key in ("revenue_min", "revenue_max"):
        op = "≥" if key == "revenue_min" else "≤"
        if facts["revenue"] is None:
            return False, _("年营收需 %(op)s %(n)s 万元, 当前未填写") % {"op": op, "n": _num(want)}
        have = Decimal(facts["revenue"]) / WAN
        ok = have >= Decimal(str(want)) if key == "revenue_min" else have <= Decimal(str(want))
        if ok:
            return True, _("年营收 %(have)s 万元, 满足 %(op)s %(n)s 万元") % {
                "have": _num(have, True), "op": op, "n": _num(Decimal(str(want)), True)}
        return False, _("年营收需 %(op)s %(n)s 万元, 当前 %(have)s 万元") % {
            "op": op, "n": _num(Decimal(str(want))), "have": _num(have)}
    if key in ("employees_min", "employees_max"):
        op = "≥" if key == "employees_min" else "≤"
        have = facts["employees"]
        if have is None:
            return False, _("从业人员需 %(op)s %(n)s 人, 当前未填写") % {"op": op, "n": want}
        if (have >= want) if key == "employees_min" else (have <= want):
            return True, _("从业人员 %(have)s 人, 满足 %(op)s %(n)s 人") % {"have": have, "op": op, "n": want}
        return False, _("从业人员需 %(op)s %(n)s 人, 当前 %(have)s 人") % {"op": op, "n": want, "have": have}
    if key == "certifications":
        lacking = [c for c in want if c not in facts["certifications"]]
        if not lacking:
            return True, _("已具备资质认证: %(c)s") % {"c": _join(want)}
        return False, _("需具备资质认证: %(c)s, 当前缺少: %(l)s") % {"c": _join(want), "l": _join(lacking)}
    raise KeyError(key)


def evaluate(facts: dict[str, Any], rules: dict[str, Any], today: date | None = None) -> tuple[list[str], list[str]]:
    """Which conditions a firm meets and which it misses, one Chinese line each (rule order)."""
    today = today or timezone.localdate()
    met: list[str] = []
    missing: list[str] = []
    for key in RULE_FIELDS:
        if key in rules:
            ok, line = _check(facts, key, rules[key], today)
            (met if ok else missing).append(str(line))
    return met, missing


# ---- the SQL form: everyone who qualifies ----------------------------------------------------------

def _within(model: type, codes: list[str]) -> QuerySet:
    """Codes equal to one of ``codes`` or below one of them (regions and industries are ≤ 3 deep)."""
    return model.objects.filter(Q(pk__in=codes) | Q(parent_id__in=codes) | Q(parent__parent_id__in=codes)).values("pk")


def qualifying_orgs(rules: dict[str, Any], today: date | None = None) -> QuerySet[Organization]:
    """Verified enterprises meeting every rule, as one SQL query over indexed columns."""
    today = today or timezone.localdate()
    p = "enterprise_profile__"
    qs = Organization.objects.filter(kind=Organization.Kind.ENTERPRISE,
                                     verification=Organization.Verification.VERIFIED,
                                     enterprise_profile__isnull=False)
    r = rules
    if "regions" in r:
        qs = qs.filter(region_id__in=_within(Region, r["regions"]))
    if "chains" in r:
        through = EnterpriseProfile.chain_segments.through
        qs = qs.filter(Exists(through.objects.filter(enterpriseprofile_id=OuterRef("enterprise_profile"),
                                                     chainsegment__chain__slug__in=r["chains"])))
    if "industries" in r:
        qs = qs.filter(**{f"{p}industry_id__in": _within(Industry, r["industries"])})
    filters: dict[str, Any] = {
        "size_classes": ("size_class__in", lambda v: v),
        "specialized_min": ("specialized_level__in", lambda v: LEVELS[LEVELS.index(v):]),
        "whitelist": ("whitelist_batch__published_at__isnull", lambda v: False),
        "high_tech": ("high_tech", lambda v: True),
        "single_champion": ("single_champion", lambda v: True),
        "min_years": ("founded_year__lte", lambda v: today.year - v),
        "revenue_min": ("annual_revenue__gte", lambda v: Decimal(str(v)) * WAN),
        "revenue_max": ("annual_revenue__lte", lambda v: Decimal(str(v)) * WAN),
        "certifications": ("certifications__contains", lambda v: list(v)),
        "employees_min": ("employees__gte", lambda v: v),
        "employees_max": ("employees__lte", lambda v: v),
    }
    for key, (lookup, value) in filters.items():
        if key in r:
            qs = qs.filter(**{p + lookup: value(r[key])})
    return qs


def is_open(policy: Any, today: date | None = None) -> bool:
    """Published and inside its validity window (open ends allowed)."""
    today = today or timezone.localdate()
    return (policy.status == "published" and (policy.valid_from is None or policy.valid_from <= today)
            and (policy.valid_until is None or policy.valid_until >= today))


def open_filter(today: date | None = None) -> Q:
    """:func:`is_open` as a filter over Policy."""
    today = today or timezone.localdate()
    return (Q(status="published") & (Q(valid_from__isnull=True) | Q(valid_from__lte=today))
            & (Q(valid_until__isnull=True) | Q(valid_until__gte=today)))
