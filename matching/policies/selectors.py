"""Read side of policies (找政策): public search, a firm's eligible policies and near misses,
operators' lists and confirmations. Functions that show a firm's standing take the viewer."""

from __future__ import annotations

import re
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from enterprises.models import Organization, Region, User
from enterprises.models.profiles import SizeClass, SpecializedLevel
from enterprises.permissions import membership_of
from matching.engine.text import tokens
from matching.policies import rules as engine
from matching.policies.models import Policy, PolicyEligibility

NEAR_MISS = 2  # a policy missed on 1–2 conditions is shown as a near miss
_SEGMENTED = any(f.name == "search_text" for f in Policy._meta.get_fields())


def viewer_enterprise(*, viewer: User) -> Organization:
    """The viewer's own enterprise (404 for anyone else): the scope of the eligibility views."""
    membership = membership_of(viewer)
    if membership is None or membership.organization.kind != Organization.Kind.ENTERPRISE:
        raise Http404(_("未找到该对象，或您无权访问。"))
    return membership.organization


def _term(word: str) -> str:
    return "'" + word.replace("'", "").replace("\\", "") + "':*"


def _search(qs: QuerySet[Policy], q: str) -> QuerySet[Policy]:
    """Keyword search over title + summary through the ``policy_search`` GIN index (the same
    ``to_tsvector('simple', title || ' ' || summary)`` expression). Never LIKE.

    That index holds the raw text, whose lexemes are whole runs of Chinese characters between
    punctuation, so each run of the query matches a lexeme it starts (``'高新技术企业':*``) or,
    failing that, all its longest jieba tokens do (``'高新技术':* & '企业':*``); runs are ANDed.
    A word inside a run is not found: a jieba-segmented ``search_text`` column would fix that.
    """
    if _SEGMENTED:  # jieba tokens stored: every token of the query must be one of them
        words = [_term(w).removesuffix(":*") for w in tokens(q)]
        if not words:
            return qs
        query = SearchQuery(" & ".join(words), search_type="raw", config="simple")
        return qs.annotate(sv=SearchVector("search_text", config="simple")).filter(sv=query)
    parts = []
    for run in re.findall(r"[\w\-.]+", q)[:8]:
        found = tokens(run)
        longest = [w for w in found if not any(w != o and w in o for o in found)]
        alternatives = [_term(run)] + ([" & ".join(_term(w) for w in longest)] if len(longest) > 1 else [])
        parts.append("(" + " | ".join(f"({a})" for a in alternatives) + ")")
    if not parts:
        return qs
    query = SearchQuery(" & ".join(parts), search_type="raw", config="simple")
    return qs.annotate(sv=SearchVector("title", "summary", config="simple")).filter(sv=query)


def _ancestors(adcode: str) -> list[str]:
    codes, region = [], Region.objects.select_related("parent__parent").filter(pk=adcode).first()
    while region is not None:
        codes.append(region.adcode)
        region = region.parent
    return codes


def policies_public(*, q: str = "", issuer: str = "", chain: str = "", region: str = "") -> QuerySet[Policy]:
    """Published policies, newest first. ``chain`` / ``region`` keep the policies open to firms of
    that chain / region (no such rule, or a rule that includes it)."""
    qs = Policy.objects.filter(status=Policy.Status.PUBLISHED)
    if issuer:
        qs = qs.filter(issuer=issuer)
    if chain:
        qs = qs.filter(~Q(rules__has_key="chains") | Q(rules__chains__contains=[chain]))
    if region:
        inside = Q()
        for code in _ancestors(region) or [region]:
            inside |= Q(rules__regions__contains=[code])
        qs = qs.filter(~Q(rules__has_key="regions") | inside)
    return _search(qs, q.strip()).order_by("-published_at", "-id")


def issuers() -> list[str]:
    """Issuers of published policies, for the search filter."""
    return list(Policy.objects.filter(status=Policy.Status.PUBLISHED).order_by("issuer")
                .values_list("issuer", flat=True).distinct())


def policy_public_get(pk: int) -> Policy:
    """A published policy (drafts and withdrawn ones answer 404)."""
    policy = Policy.objects.filter(pk=pk, status=Policy.Status.PUBLISHED).first()
    if policy is None:
        raise Http404(_("未找到该政策。"))
    return policy


def rule_lines(rules: dict[str, Any]) -> list[str]:
    """The conditions of a policy, one Chinese line each (for the detail pages)."""
    lines: list[str] = []
    r = rules
    join = "、".join
    if "regions" in r:
        lines.append(_("申报地区: %(v)s") % {"v": join(engine.names("region", c) for c in r["regions"])})
    if "chains" in r:
        lines.append(_("产业链: %(v)s") % {"v": join(engine.names("chain", c) for c in r["chains"])})
    if "industries" in r:
        lines.append(_("所属行业: %(v)s") % {"v": join(engine.names("industry", c) for c in r["industries"])})
    if "size_classes" in r:
        lines.append(_("企业规模: %(v)s") % {"v": join(str(SizeClass(c).label) for c in r["size_classes"])})
    if "specialized_min" in r:
        lines.append(_("专精特新: %(v)s及以上") % {"v": SpecializedLevel(r["specialized_min"]).label})
    for key, text in (("whitelist", _("列入产融合作制造业企业白名单")), ("high_tech", _("高新技术企业")),
                      ("single_champion", _("制造业单项冠军"))):
        if r.get(key):
            lines.append(text)
    if "min_years" in r:
        lines.append(_("成立满 %(n)s 年") % {"n": r["min_years"]})
    for key, text in (("revenue_min", _("年营收 ≥ %(n)s 万元")), ("revenue_max", _("年营收 ≤ %(n)s 万元")),
                      ("employees_min", _("从业人员 ≥ %(n)s 人")), ("employees_max", _("从业人员 ≤ %(n)s 人"))):
        if key in r:
            lines.append(text % {"n": r[key]})
    if "certifications" in r:
        lines.append(_("具备资质认证: %(v)s") % {"v": join(r["certifications"])})
    return lines or [_("不限（所有认证企业均可申报）")]


def standing(org: Organization, policies: list[Policy]) -> list[dict[str, Any]]:
    """How the firm stands against each policy: ``{policy, eligible, met, missing, confirmed_at,
    notified_at}``, in the given order (2 queries for facts and rows, whatever the count)."""
    facts = engine.load_facts([org.pk]).get(org.pk)
    rows = {e.policy_id: e for e in PolicyEligibility.objects.filter(organization=org,
                                                                     policy__in=[p.pk for p in policies])}
    out = []
    for policy in policies:
        met, missing = engine.evaluate(facts, policy.rules) if facts else ([], [_("企业档案未填写")])
        row = rows.get(policy.pk)
        blocked = ("" if org.is_verified else _("贵企业尚未通过平台认证，认证通过后才能申报。")) or \
                  ("" if engine.is_open(policy) else _("该政策不在申报期内。"))
        out.append({"policy": policy, "eligible": not missing and not blocked, "blocked": blocked,
                    "met": met, "missing": missing, "confirmed_at": row.confirmed_at if row else None,
                    "notified_at": row.notified_at if row else None})
    return out


def eligible_for_viewer(*, viewer: User) -> list[dict[str, Any]]:
    """Open policies the viewer's firm qualifies for, then near misses (missing 1–2 conditions),
    each with met and missing lines. 404 for anyone but an enterprise member."""
    org = viewer_enterprise(viewer=viewer)
    policies = list(Policy.objects.filter(engine.open_filter()).order_by("-published_at", "-id"))
    items = [s for s in standing(org, policies) if s["eligible"] or 0 < len(s["missing"]) <= NEAR_MISS]
    return sorted(items, key=lambda s: (not s["eligible"], len(s["missing"])))


def policies_for_operator() -> QuerySet[Policy]:
    """Every policy with its numbers of notified and confirmed firms."""
    return Policy.objects.annotate(
        notified=Count("eligibilities", filter=Q(eligibilities__notified_at__isnull=False)),
        confirmed=Count("eligibilities", filter=Q(eligibilities__confirmed_at__isnull=False)),
    ).order_by("-updated_at", "-id")


def policy_for_operator(pk: int) -> Policy:
    policy = policies_for_operator().filter(pk=pk).first()
    if policy is None:
        raise Http404(_("未找到该政策。"))
    return policy


def confirmations(*, policy_id: int) -> QuerySet[PolicyEligibility]:
    """Firms that confirmed they want to apply, latest first, with region and who confirmed."""
    return (PolicyEligibility.objects.filter(policy_id=policy_id, confirmed_at__isnull=False)
            .select_related("organization__region__parent__parent", "confirmed_by")
            .order_by("-confirmed_at", "-id"))


def qualifying_count(rules: dict[str, Any]) -> int:
    """How many verified enterprises meet these rules now (the back-office preview)."""
    return engine.qualifying_orgs(rules).count()
