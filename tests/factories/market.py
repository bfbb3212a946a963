"""Factories for the services tests (找服务、找机构, 找活动); no tests here."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from enterprises.models import Organization, Region, User
from matching.engine.text import search_text
from matching.market.services import offering_text
from matching.models import PlatformEvent, ServiceOffering, ServiceRequest
from tests import factories


def provider_org(adcode: str = "430104", category: str = "accounting", name: str | None = None,
                 verification: str = "verified") -> Organization:
    """A provider institution (with profile and owner) in the given region."""
    kwargs = {"region": Region.objects.get(pk=adcode), "verification": verification}
    if name:
        kwargs["name"] = name
    user = factories.provider(**kwargs)
    org = user.membership.organization
    org.provider_profile.category = category
    org.provider_profile.save()
    org.contact_name, org.contact_phone, org.contact_email = "李会计", "0731-88886666", "service@example.cn"
    org.save()
    return org


def owner(org: Organization) -> User:
    return org.memberships.get(role="owner").user


def offering(provider: Organization, **kwargs) -> ServiceOffering:
    """A service written straight to the database; defaults: 高新技术企业认定专项审计, 5千–2万元, anywhere."""
    values = {"category": "accounting", "title": "高新技术企业认定专项审计",
              "description": "研发费用加计扣除专项审计、高新技术企业认定申报辅导", "price_min": 5000,
              "price_max": 20000, "response_days": 2, **kwargs}
    item = ServiceOffering(provider=provider, **values)
    item.search_text = offering_text(item, provider.name)
    item.save()
    return item


def service_request(firm: Organization, **kwargs) -> ServiceRequest:
    """A request written straight to the database; defaults: 高企认定审计, budget 3 万元."""
    values = {"category": "accounting", "title": "申报高新技术企业需要专项审计",
              "description": "研发费用专项审计报告", "budget_max": 30000, **kwargs}
    req = ServiceRequest(enterprise=firm, **values)
    req.search_text = search_text(req.title, "财税会计", req.description)
    req.save()
    return req


def platform_event(**kwargs) -> PlatformEvent:
    """A published training in 长沙 a week from now, deadline in 5 days, 30 places."""
    now = timezone.now()
    values = {"kind": "training", "title": "专精特新企业申报培训", "organizer": "湖南省中小企业服务中心",
              "city_id": "430100", "starts_at": now + dt.timedelta(days=7),
              "ends_at": now + dt.timedelta(days=7, hours=3), "venue": "长沙市岳麓区麓谷企业广场",
              "capacity": 30, "registration_deadline": now + dt.timedelta(days=5), "status": "published", **kwargs}
    return PlatformEvent.objects.create(**values)
