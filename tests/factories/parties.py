"""factory_boy factories for parties (users, organizations, profiles). USCCs are generated valid
(GB 32100 check character)."""

from __future__ import annotations

import itertools
from decimal import Decimal

import factory
from stdnum.cn import uscc as stdnum_uscc

from enterprises.models import (
    BankProfile,
    EnterpriseProfile,
    Membership,
    Organization,
    ProviderProfile,
    Region,
    TalentProfile,
    User,
)
from enterprises.sizing import size_class

PASSWORD = "Qilian-test-2026"
_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_serial = itertools.count(1)


def make_uscc(n: int | None = None, adcode: str = "430200") -> str:
    """A valid USCC: '91' + adcode + a 9-character organization code + check character."""
    n = next(_serial) if n is None else n
    body = ""
    for _ in range(9):
        body = _ALPHABET[n % 31] + body
        n //= 31
    first17 = f"91{adcode}{body}"
    return first17 + stdnum_uscc.calc_check_digit(first17)


def region(adcode: str = "430200") -> Region:
    return Region.objects.get(pk=adcode)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.cn")
    kind = User.Kind.TALENT
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class OperatorFactory(UserFactory):
    kind = User.Kind.OPERATOR
    is_staff = True


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    kind = Organization.Kind.ENTERPRISE
    name = factory.Sequence(lambda n: f"株洲测试制造有限公司{n}")
    uscc = factory.LazyFunction(make_uscc)
    region = factory.LazyFunction(lambda: region("430200"))
    verification = Organization.Verification.VERIFIED


def member(organization: Organization, role: str = Membership.Role.OWNER, **user_kwargs) -> User:
    """A user who belongs to the organization."""
    user = UserFactory(kind=organization.kind, **user_kwargs)
    Membership.objects.create(user=user, organization=organization, role=role)
    return user


def enterprise(employees: int = 120, revenue: Decimal = Decimal("50000000.00"), role: str = "owner",
               **org_kwargs) -> User:
    """An enterprise with a profile and a member user (the owner by default); returns the user."""
    org = OrganizationFactory(kind=Organization.Kind.ENTERPRISE, **org_kwargs)
    EnterpriseProfile.objects.create(
        organization=org, employees=employees, annual_revenue=revenue, size_class=size_class(employees, revenue)
    )
    return member(org, role=role)


def bank(**org_kwargs) -> User:
    org_kwargs.setdefault("name", factory.Faker("company", locale="zh_CN"))
    org = OrganizationFactory(kind=Organization.Kind.BANK, **org_kwargs)
    BankProfile.objects.create(organization=org, short_name=org.name[:8])
    return member(org)


def provider(**org_kwargs) -> User:
    org = OrganizationFactory(kind=Organization.Kind.PROVIDER, **org_kwargs)
    ProviderProfile.objects.create(organization=org)
    return member(org)


def talent(**kwargs) -> User:
    user = UserFactory(kind=User.Kind.TALENT, **kwargs)
    TalentProfile.objects.create(user=user, full_name="张三", skills=["焊工", "数控车"])
    return user
