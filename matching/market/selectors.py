"""Read side of services and institutions (找服务、找机构): own offerings and requests, their
matches, and the public directory of verified institutions.

Keyword search uses the jieba tokens in ``search_text`` through the ``simple`` tsvector GIN
index (an AND of the query's tokens), never ``LIKE`` on Chinese text.
"""

from __future__ import annotations

import re

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext as _

from enterprises.models import Organization, Region, User
from enterprises.permissions import membership_of
from matching.engine.models import Match
from matching.engine.text import tokens
from matching.market.models import ServiceCategory, ServiceOffering, ServiceRequest

VERIFIED = Organization.Verification.VERIFIED
_SAFE = re.compile(r"[^\w]+")


def _org(viewer: User, kind: str) -> Organization | None:
    membership = membership_of(viewer)
    if membership is None or membership.organization.kind != kind:
        return None
    return membership.organization


def _match_counts(side: str) -> Coalesce:
    active = (Match.objects.filter(domain="services", retired_at=None, **{side: OuterRef("pk")}).order_by()
              .values(side).annotate(c=Count("id")).values("c"))
    return Coalesce(Subquery(active, output_field=IntegerField()), 0)


def offerings_for_viewer(*, viewer: User) -> QuerySet[ServiceOffering]:
    """The viewer's institution's services (none for anybody else), active first, with match counts."""
    org = _org(viewer, Organization.Kind.PROVIDER)
    if org is None:
        return ServiceOffering.objects.none()
    return (ServiceOffering.objects.filter(provider=org).annotate(match_count=_match_counts("offer_id"))
            .order_by("-active", "-id"))


def service_requests_for_viewer(*, viewer: User) -> QuerySet[ServiceRequest]:
    """The viewer's enterprise's service requests (none for anybody else), newest first, with match counts."""
    org = _org(viewer, Organization.Kind.ENTERPRISE)
    if org is None:
        return ServiceRequest.objects.none()
    return (ServiceRequest.objects.filter(enterprise=org).annotate(match_count=_match_counts("need_id"))
            .order_by("-id"))


def tsquery(text: str) -> SearchQuery | None:
    """An AND of the jieba tokens of ``text`` as a ``simple`` tsquery (None when there is nothing to search)."""
    words = tokens(text) or [w for w in [_SAFE.sub("", text or "").lower()] if w]
    if not words:
        return None
    return SearchQuery(" & ".join(f"'{w}'" for w in words), search_type="raw", config="simple")


def directory_filters(*, category: str = "", city: str = "") -> tuple[str, Region | None]:
    """Checked filters of the directory; unknown values raise ValidationError with Chinese messages."""
    errors: dict[str, list[str]] = {}
    if category and category not in ServiceCategory.values:
        errors["category"] = [_("未知的服务类别：%(c)s。") % {"c": category}]
    region = None
    if city:
        region = Region.objects.filter(pk=city, level=Region.Level.CITY).first()
        if region is None:
            errors["city"] = [_("未知的城市：%(c)s（请使用地级行政区划代码）。") % {"c": city}]
    if errors:
        raise ValidationError(errors)
    return category, region


def _active_offerings() -> QuerySet[ServiceOffering]:
    return ServiceOffering.objects.filter(active=True)


def provider_directory(*, category: str = "", city: str = "", q: str = "") -> QuerySet[Organization]:
    """Verified institutions with their active services (prefetched as ``active_offerings``),
    filtered by category (profile or a service in it), prefecture (the city itself or its counties)
    and keyword (tsvector AND query over their services). Three queries per page."""
    category, region = directory_filters(category=category, city=city)
    qs = Organization.objects.filter(kind=Organization.Kind.PROVIDER, verification=VERIFIED)
    offerings = _active_offerings()
    if category:
        offerings = offerings.filter(category=category)
        qs = qs.filter(Q(provider_profile__category=category)
                       | Exists(_active_offerings().filter(provider=OuterRef("pk"), category=category)))
    if region is not None:
        qs = qs.filter(Q(region_id=region.adcode) | Q(region__parent_id=region.adcode))
    query = tsquery(q.strip()) if q and q.strip() else None
    if query is not None:
        hits = offerings.annotate(sv=SearchVector("search_text", config="simple")).filter(sv=query)
        qs = qs.filter(Exists(hits.filter(provider=OuterRef("pk"))))
    return (qs.select_related("provider_profile", "region__parent")
            .prefetch_related(Prefetch("service_offerings", queryset=_active_offerings().order_by("id"),
                                       to_attr="active_offerings"))
            .order_by("name", "id"))


def provider_public_get(provider_id: int) -> Organization:
    """A verified institution with its active services; anything else answers 404."""
    provider = provider_directory().filter(pk=provider_id).first()
    if provider is None:
        raise Http404(_("未找到该服务机构。"))
    return provider


def request_matches(*, viewer: User, request_id: int) -> list[Match]:
    """The matched services of one of the viewer's requests, best first, each with ``offering``
    (and its provider). Two queries."""
    org = _org(viewer, Organization.Kind.ENTERPRISE)
    if org is None:
        return []
    matches = list(Match.objects.filter(domain="services", need_id=request_id, retired_at=None, need_org=org)
                   .select_related("offer_org__region__parent", "need_org").order_by("-score", "offer_id"))
    offerings = ServiceOffering.objects.in_bulk([m.offer_id for m in matches]) if matches else {}
    for m in matches:
        m.offering = offerings.get(m.offer_id)
    return matches


def provider_opportunities(*, viewer: User) -> list[Match]:
    """Service requests matched with the viewer's institution, those with interest first, each
    with ``request`` and ``offering``. Three queries whatever the number."""
    org = _org(viewer, Organization.Kind.PROVIDER)
    if org is None:
        return []
    matches = list(Match.objects.filter(domain="services", offer_org=org, retired_at=None)
                   .select_related("need_org__region__parent", "offer_org")
                   .order_by(F("interested_at").desc(nulls_last=True), "-score", "id")[:200])
    requests = ServiceRequest.objects.in_bulk([m.need_id for m in matches]) if matches else {}
    offerings = ServiceOffering.objects.in_bulk([m.offer_id for m in matches]) if matches else {}
    for m in matches:
        m.request, m.offering = requests.get(m.need_id), offerings.get(m.offer_id)
    return matches
