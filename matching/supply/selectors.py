"""Read-side queries of 找配套: the viewer's own capabilities and needs, and the public chain map
(产业链图谱).

A constant number of queries whatever the number of firms: counts by aggregate, the firms shown
per segment by a window function, the gaps by ``NOT EXISTS``.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.expressions import Window
from django.db.models.functions import Coalesce, RowNumber
from django.utils.translation import gettext_lazy as _

from enterprises.models import ChainSegment, EnterpriseProfile, IndustrialChain, Organization, User
from enterprises.models.profiles import SpecializedLevel
from matching.engine.models import Match
from matching.engine.selectors import viewer_org_id
from matching.supply.models import ProductCategory, SourcingNeed, SupplyCapability
from matching.supply.spec import OPEN

ACTIVE = OPEN  # needs still looking for suppliers
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


def chain_firms(segment_ids: list[int]) -> tuple[int, dict[int, int], dict[int, list[dict[str, Any]]]]:
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


def _in_categories(groups: list[ProductCategory]) -> Q:
    """Filed under one of the chain's product groups or under the GB/T 4754 class (or group) the
    product group belongs to — capabilities and needs are filed by class, not by product group."""
    where = Q(category__in=[g.code for g in groups])
    for group in groups:
        if group.parent_id:
            where |= Q(category__code__startswith=group.parent_id)
    return where


def chain_categories(chain: IndustrialChain) -> list[ProductCategory]:
    """The chain's product groups by name, each with ``suppliers``: how many active capabilities of
    verified firms fall in its GB/T 4754 class. Two queries."""
    groups = list(ProductCategory.objects.filter(chain=chain).order_by("name"))
    if not groups:
        return []
    counts = (SupplyCapability.objects.filter(active=True, enterprise__verification=VERIFIED)
              .aggregate(**{f"g{i}": Count("id", filter=_in_categories([g])) for i, g in enumerate(groups)}))
    for i, group in enumerate(groups):
        group.suppliers = counts[f"g{i}"]
    return groups


def chain_gap_needs(chain: IndustrialChain) -> tuple[list[SourcingNeed], int]:
    """Open needs in the chain's product categories (by class) or posted by firms on the chain that
    have no active match with a supplier registered in Hunan; with how many (out-of-province)
    suppliers each has."""
    active = Match.objects.filter(domain="supply", need_id=OuterRef("pk"), retired_at=None)
    local = active.filter(offer_org__region__adcode__startswith=HUNAN_PREFIX)
    counts = active.order_by().values("need_id").annotate(c=Count("id")).values("c")
    on_chain = EnterpriseProfile.objects.filter(chain_segments__chain=chain).values("organization_id")
    groups = list(ProductCategory.objects.filter(chain=chain))
    in_chain = Q(enterprise_id__in=on_chain) | (_in_categories(groups) if groups else Q(pk__in=[]))
    qs = (SourcingNeed.objects.filter(status__in=ACTIVE, enterprise__verification=VERIFIED)
          .filter(in_chain).filter(~Exists(local))
          .annotate(suppliers=Coalesce(Subquery(counts, output_field=IntegerField()), 0)))
    total = qs.count()
    needs = list(qs.select_related("category", "enterprise__region__parent")
                 .order_by("-created_at", "-id")[:GAPS_SHOWN])
    return needs, total


# ---- the viewer's own capabilities and needs ------------------------------------------------

def capabilities_for_viewer(*, viewer: User) -> QuerySet[SupplyCapability]:
    """The viewer enterprise's own capabilities."""
    org_id = viewer_org_id(viewer)
    return (SupplyCapability.objects.filter(enterprise_id=org_id).select_related("category").order_by("-id")
            if org_id else SupplyCapability.objects.none())


def sourcing_needs_for_viewer(*, viewer: User) -> QuerySet[SourcingNeed]:
    """The viewer enterprise's own sourcing needs, with active match counts."""
    org_id = viewer_org_id(viewer)
    if not org_id:
        return SourcingNeed.objects.none()
    counts = (Match.objects.filter(domain="supply", need_id=OuterRef("pk"), retired_at=None)
              .order_by().values("need_id").annotate(c=Count("id")).values("c"))
    return (SourcingNeed.objects.filter(enterprise_id=org_id).select_related("category")
            .annotate(match_count=Coalesce(Subquery(counts, output_field=IntegerField()), 0)).order_by("-id"))


def product_categories(*, q: str = "", level: str = "") -> QuerySet[ProductCategory]:
    """The product taxonomy in code order, optionally of one ``level`` and matching ``q`` — a code
    prefix (``339``) or Chinese words in the name or the standard's note (``铸造``, ``液压``)."""
    qs = ProductCategory.objects.order_by("code")
    if level:
        qs = qs.filter(level=level)
    q = q.strip()
    if q:
        words = q.split()
        for word in words:
            qs = qs.filter(Q(code__startswith=word) | Q(name__icontains=word) | Q(description__icontains=word))
    return qs
