"""The services demo: ~20 institutions with 2–4 services each, ~20 requests matched, the demo
provider with an interested enterprise, ~8 upcoming platform events; running it twice changes nothing."""

from __future__ import annotations

import time
from collections import Counter

import pytest
from django.core.management import call_command

from enterprises.models import Organization
from matching.models import Match, PlatformEvent, ServiceOffering, ServiceRequest

pytestmark = pytest.mark.django_db


def test_seed_services_builds_a_believable_world_and_is_idempotent(client):
    call_command("seed_demo", "--scale", "200", "--talents", "5", "--pending", "1")
    started = time.monotonic()
    call_command("seed_services")
    assert time.monotonic() - started < 30

    providers = Organization.objects.filter(kind="provider", verification="verified")
    assert 15 <= providers.count() <= 25
    per_provider = Counter(ServiceOffering.objects.values_list("provider_id", flat=True))
    assert set(per_provider) == set(providers.values_list("id", flat=True))
    assert all(2 <= n <= 4 for n in per_provider.values())
    assert ServiceRequest.objects.count() == 20
    matched = Match.objects.filter(domain="services", retired_at=None)
    assert matched.values("need_id").distinct().count() >= 15
    demo_provider = Organization.objects.get(memberships__user__username="demo_provider")
    assert matched.filter(offer_org=demo_provider, status="interested").exists()
    assert PlatformEvent.objects.filter(status="published").count() == 8
    assert set(PlatformEvent.objects.values_list("kind", flat=True)) == {"training", "briefing", "forum", "exhibition"}
    counts = (ServiceOffering.objects.count(), Match.objects.count(), PlatformEvent.objects.count())

    call_command("seed_services")  # a second run changes nothing
    assert (ServiceOffering.objects.count(), Match.objects.count(), PlatformEvent.objects.count()) == counts

    assert "中南大学技术转移中心" in client.get("/services/directory/", {"city": "430100"}).content.decode()
    assert client.get("/api/v1/activities/").json()["count"] >= 8
