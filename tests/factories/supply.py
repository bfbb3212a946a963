"""Factories of 找配套: capabilities, sourcing needs, firms placed on a chain or in a region."""

from __future__ import annotations

from decimal import Decimal

from enterprises.models import ChainSegment, Organization, Region
from matching.supply.models import SourcingNeed, SupplyCapability
from matching.supply.services import offer_text
from tests.factories import parties


def first_segment():
    return ChainSegment.objects.order_by("id").first()


def capability(org: Organization, **kwargs):
    """A supplier capability; defaults: 液压油缸 in category 'hydraulics', ISO 9001, 15-day lead time."""
    values = {"category_id": "hydraulics", "title": "工程机械液压油缸",
              "description": "高压液压油缸、液压阀块，适配挖掘机",
              "certifications": ["ISO 9001"], "capacity_per_month": Decimal("500"), "unit": "件",
              "lead_time_days": 15, **kwargs}
    cap = SupplyCapability(enterprise=org, **values)
    cap.search_text = offer_text(cap)
    cap.save()
    return cap


def sourcing_need(org: Organization, **kwargs):
    """A buyer's sourcing need; defaults: 液压油缸 in 'hydraulics', 200 件, within the province."""
    values = {"category_id": "hydraulics", "title": "采购液压油缸", "description": "挖掘机用液压油缸，缸径 120mm",
              "quantity": Decimal("200"), "unit": "件", "max_distance": "province", **kwargs}
    need = SourcingNeed(enterprise=org, **values)
    need.search_text = offer_text(need)
    need.save()
    return need


def firm_in(adcode: str) -> Organization:
    """A verified enterprise (with profile and owner) registered in the given region."""
    return parties.enterprise(region=Region.objects.get(pk=adcode)).membership.organization
