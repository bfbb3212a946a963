"""The financing demo gives every screen something real to show."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from matching.models import FinancingProduct, FinancingRequest, Match

pytestmark = pytest.mark.django_db


def test_demo_has_products_matches_and_requests_at_every_stage():
    call_command("seed_demo", "--scale", "40", "--talents", "5", "--pending", "1")
    call_command("seed_financing", "--requests", "15")

    assert FinancingProduct.objects.count() == 11
    assert FinancingRequest.objects.count() == 15
    assert Match.objects.filter(retired_at=None).count() > 15
    statuses = set(Match.objects.values_list("status", flat=True))
    assert {"suggested", "interested", "contacted", "succeeded", "declined"} <= statuses
    assert FinancingRequest.objects.filter(status="funded", granted_amount__gt=0).exists()
    assert FinancingRequest.objects.filter(enterprise__memberships__user__username="demo_enterprise").exists()

    call_command("seed_financing")  # idempotent: a second run changes nothing
    assert FinancingRequest.objects.count() == 15
