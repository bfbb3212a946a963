"""``manage.py seed_demo``: a consistent, valid, deterministic demo world with working logins."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from enterprises.demo import DEMO_PASSWORD
from enterprises.models import (
    BankBranch,
    EnterpriseProfile,
    Membership,
    Organization,
    TalentProfile,
    User,
    WhitelistBatch,
)
from enterprises.sizing import size_class
from enterprises.validators import validate_uscc

pytestmark = pytest.mark.django_db

HUNAN_CITIES = {
    "430100", "430200", "430300", "430400", "430500", "430600", "430700",
    "430800", "430900", "431000", "431100", "431200", "431300", "433100",
}  # fmt: skip


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def demo() -> str:
    return seed("--scale", "50")


def test_enterprises_are_verified_and_complete(demo: str) -> None:
    enterprises = Organization.objects.filter(kind="enterprise", verification="verified")
    assert enterprises.count() >= 50
    assert Organization.objects.filter(kind="enterprise", verification="pending").exists()
    profiles = EnterpriseProfile.objects.filter(organization__in=enterprises)
    assert profiles.count() == enterprises.count()
    assert not profiles.filter(chain_segments__isnull=True).exists()
    assert not profiles.filter(industry__isnull=True).exists()
    assert not enterprises.exclude(region__parent_id__in=HUNAN_CITIES).exists()  # a Hunan county
    assert not Membership.objects.filter(organization__in=enterprises).exclude(role="owner").exists()
    assert Membership.objects.filter(organization__in=enterprises).count() == enterprises.count()


def test_size_class_is_computed_from_employees_and_revenue(demo: str) -> None:
    rows = EnterpriseProfile.objects.values_list("employees", "annual_revenue", "size_class")
    assert rows
    for employees, revenue, size in rows:
        assert size == size_class(employees, revenue)


def test_usccs_are_valid_and_unique(demo: str) -> None:
    codes = list(Organization.objects.values_list("uscc", flat=True))
    assert len(codes) == len(set(codes))
    for code in codes:
        assert validate_uscc(code) == code


@pytest.mark.parametrize("username", ["demo_enterprise", "demo_bank", "demo_talent", "demo_provider", "demo_operator"])
def test_demo_logins_authenticate(demo: str, username: str) -> None:
    user = authenticate(username=username, password=DEMO_PASSWORD)
    assert user is not None and user.username == username
    assert username in demo


def test_demo_roles(demo: str) -> None:
    operator = User.objects.get(username="demo_operator")
    assert operator.is_staff and operator.is_superuser and operator.kind == "operator"

    firm = User.objects.get(username="demo_enterprise").membership.organization
    assert (firm.kind, firm.verification) == ("enterprise", "verified")
    assert firm.region.parent_id == "430200"  # 株洲
    assert set(firm.enterprise_profile.chain_segments.values_list("chain__slug", flat=True)) == {"rail-transit"}

    bank = User.objects.get(username="demo_bank").membership.organization
    assert bank.kind == "bank" and "中国银行" in bank.name
    assert 2 <= bank.bank_profile.branches.count() <= 4

    provider = User.objects.get(username="demo_provider").membership.organization
    assert provider.kind == "provider" and provider.provider_profile.category == "testing"

    talent = TalentProfile.objects.get(user__username="demo_talent")
    assert talent.visibility == "matchable" and talent.skills and talent.expected_salary


def test_banks_talents_and_white_list(demo: str) -> None:
    assert Organization.objects.filter(kind="bank", verification="verified").count() >= 6
    for branch in BankBranch.objects.prefetch_related("coverage"):
        assert branch.coverage.exists()
        assert {r.adcode for r in branch.coverage.all()} <= HUNAN_CITIES
    assert Organization.objects.filter(kind="provider", verification="verified").count() >= 3
    assert TalentProfile.objects.count() >= 100
    assert not TalentProfile.objects.filter(cities__isnull=True).exists()
    assert set(WhitelistBatch.objects.values_list("number", flat=True)) >= {1, 2, 3, 4}
    assert EnterpriseProfile.objects.filter(whitelist_batch__isnull=False).exists()


def test_rerun_without_reset_does_not_duplicate(demo: str) -> None:
    counts = (User.objects.count(), Organization.objects.count(), EnterpriseProfile.objects.count())
    output = seed("--scale", "50")
    assert "已存在" in output
    assert (User.objects.count(), Organization.objects.count(), EnterpriseProfile.objects.count()) == counts


def test_reset_regenerates_the_same_world_for_the_same_seed(demo: str) -> None:
    def fingerprint() -> list[tuple[str, str]]:
        return list(Organization.objects.order_by("uscc").values_list("uscc", "name"))

    before = fingerprint()
    seed("--scale", "50", "--reset")
    assert fingerprint() == before
    seed("--scale", "50", "--reset", "--seed", "7")
    assert fingerprint() != before
    assert Organization.objects.filter(kind="enterprise", verification="verified").count() == 50
