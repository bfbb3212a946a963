"""The public chain map (产业链图谱): a chain's segments from upstream to downstream, the verified
firms at each, and the gap list — open sourcing needs without any supplier inside Hunan, the
places where local supply (就近配套) is missing and operators have work to do.

Constant number of queries whatever the number of firms: counts by aggregate, the firms shown
per segment by a window function, the gaps by ``NOT EXISTS``.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Prefetch, Q, Subquery, Value, When
from django.db.models.expressions import Window
from django.db.models.functions import Coalesce, RowNumber
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from enterprises.models import ChainSegment, EnterpriseProfile, IndustrialChain, Organization
from enterprises.models.profiles import SpecializedLevel
from enterprises.permissions import is_operator
from matching.models import Match, ProductCategory, SourcingNeed
from matching.views.supply import ACTIVE, city_name, need_view

FIRMS_SHOWN = 12
GAPS_SHOWN = 50
HUNAN_PREFIX = "43"
VERIFIED = Organization.Verification.VERIFIED
LEVEL_TAGS = {3: _("国家级小巨人"), 2: _("省级专精特新")}
POSITIONS = [(p.value, p.label) for p in ChainSegment.Position]
LEVEL_RANK = Case(When(enterprise_profile__specialized_level=SpecializedLevel.NATIONAL, then=Value(3)),
                  When(enterprise_profile__specialized_level=SpecializedLevel.PROVINCIAL, then=Value(2)),
                  When(enterprise_profile__specialized_level=SpecializedLevel.INNOVATIVE, then=Value(1)),
                  default=Value(0), output_field=IntegerField())


def _firms(segment_ids: list[int]) -> tuple[int, dict[int, int], dict[int, list[dict[str, Any]]]]:
    """How many verified firms sit on the chain; per segment, how many and the first
    ``FIRMS_SHOWN`` of them (专精特新 level first, then by name) with their cities. Three queries."""
    orgs = Organization.objects.filter(kind=Organization.Kind.ENTERPRISE, verification=VERIFIED,
                                       enterprise_profile__chain_segments__in=segment_ids)
    counts = dict(orgs.order_by().values_list("enterprise_profile__chain_segments")
                  .annotate(n=Count("id", distinct=True)).values_list("enterprise_profile__chain_segments", "n"))
    segment = F("enterprise_profile__chain_segments")
    shown = (orgs.annotate(segment=segment, level_rank=LEVEL_RANK,
                           row=Window(RowNumber(), partition_by=[segment],
                                      order_by=[LEVEL_RANK.desc(), F("name").asc(), F("id").asc()]))
             .filter(row__lte=FIRMS_SHOWN).order_by("segment", "row")
             .values("segment", "name", "level_rank", "region__name", "region__level", "region__parent__name"))
    firms: dict[int, list[dict[str, Any]]] = {}
    for row in shown:
        county = row["region__level"] == "county" and row["region__parent__name"]
        firms.setdefault(row["segment"], []).append({
            "name": row["name"], "city": row["region__parent__name"] if county else row["region__name"],
            "level": LEVEL_TAGS.get(row["level_rank"], ""),
        })
    return orgs.values("id").distinct().count(), counts, firms


def gap_needs(chain: IndustrialChain) -> tuple[list[SourcingNeed], int]:
    """Open needs in the chain's categories or posted by firms on the chain that have no active
    match with a supplier registered in Hunan; with how many (out-of-province) suppliers each has."""
    active = Match.objects.filter(domain="supply", need_id=OuterRef("pk"), retired_at=None)
    local = active.filter(offer_org__region__adcode__startswith=HUNAN_PREFIX)
    counts = active.order_by().values("need_id").annotate(c=Count("id")).values("c")
    on_chain = EnterpriseProfile.objects.filter(chain_segments__chain=chain).values("organization_id")
    qs = (SourcingNeed.objects.filter(status__in=ACTIVE, enterprise__verification=VERIFIED)
          .filter(Q(category__chain=chain) | Q(enterprise_id__in=on_chain)).filter(~Exists(local))
          .annotate(suppliers=Coalesce(Subquery(counts, output_field=IntegerField()), 0)))
    total = qs.count()
    needs = list(qs.select_related("category", "enterprise__region__parent")
                 .order_by("-created_at", "-id")[:GAPS_SHOWN])
    for need in needs:
        need_view(need)
        need.city = city_name(need.enterprise.region)
    return needs, total


@require_GET
def chain_map(request: HttpRequest, slug: str) -> HttpResponse:
    """A chain's segments by position, the firms at each, its product categories and its gaps."""
    chain = get_object_or_404(
        IndustrialChain.objects.select_related("lead_bank").prefetch_related(
            Prefetch("segments", queryset=ChainSegment.objects.order_by("order", "id"))), slug=slug)
    segments = list(chain.segments.all())
    firm_total, counts, firms = _firms([s.pk for s in segments])
    columns = []
    for position, label in POSITIONS:
        here = [{"segment": s, "count": counts.get(s.pk, 0), "firms": firms.get(s.pk, []),
                 "more": max(counts.get(s.pk, 0) - FIRMS_SHOWN, 0)} for s in segments if s.position == position]
        if here:
            columns.append({"position": position, "label": label, "segments": here})
    capabilities = Count("capabilities", filter=Q(capabilities__active=True,
                                                  capabilities__enterprise__verification="verified"))
    categories = list(ProductCategory.objects.filter(chain=chain).annotate(suppliers=capabilities).order_by("name"))
    gaps, gap_total = gap_needs(chain)
    others = IndustrialChain.objects.exclude(pk=chain.pk).order_by("order", "id").values("slug", "name")
    return render(request, "supply/chain_map.html", {
        "chain": chain, "columns": columns, "categories": categories, "gaps": gaps, "gap_total": gap_total,
        "firm_total": firm_total, "show_buyers": is_operator(request.user), "other_chains": list(others),
    })
