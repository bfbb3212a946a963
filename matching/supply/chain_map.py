"""The public chain map (产业链图谱): a chain's segments from upstream to downstream, the verified
firms at each, and the gap list — open sourcing needs without any supplier inside Hunan, the
places where local supply (就近配套) is missing and operators have work to do.

The queries live in ``matching.supply.selectors``; this module only lays the page out.
"""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from enterprises.models import ChainSegment, IndustrialChain
from enterprises.permissions import is_operator
from matching.supply.models import SourcingNeed
from matching.supply.selectors import FIRMS_SHOWN, POSITIONS, chain_categories, chain_firms, chain_gap_needs
from matching.supply.views import city_name, need_view


def gap_needs(chain: IndustrialChain) -> tuple[list[SourcingNeed], int]:
    """The chain's gap list (selectors_supply.chain_gap_needs), dressed for the page."""
    needs, total = chain_gap_needs(chain)
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
    firm_total, counts, firms = chain_firms([s.pk for s in segments])
    columns = []
    for position, label in POSITIONS:
        here = [{"segment": s, "count": counts.get(s.pk, 0), "firms": firms.get(s.pk, []),
                 "more": max(counts.get(s.pk, 0) - FIRMS_SHOWN, 0)} for s in segments if s.position == position]
        if here:
            columns.append({"position": position, "label": label, "segments": here})
    categories = chain_categories(chain)
    gaps, gap_total = gap_needs(chain)
    others = IndustrialChain.objects.exclude(pk=chain.pk).order_by("order", "id").values("slug", "name")
    return render(request, "matching/supply/chain_map.html", {
        "chain": chain, "columns": columns, "categories": categories, "gaps": gaps, "gap_total": gap_total,
        "firm_total": firm_total, "show_buyers": is_operator(request.user), "other_chains": list(others),
    })
