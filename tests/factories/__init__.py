"""factory_boy factories for parties. USCCs are generated valid (GB 32100 check character)."""

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


# ---- financing -------------------------------------------------------------------------------

def product(bank_org: Organization, **kwargs):
    """A financing product; defaults: credit loan 50万–500万, 6–36 months, 3.10–4.80%, anywhere."""
    from matching.models import FinancingProduct

    values = {"name": "科技信用贷", "type": "credit", "amount_min": Decimal("500000"),
              "amount_max": Decimal("5000000"), "term_min": 6, "term_max": 36, "rate_min": Decimal("3.10"),
              "rate_max": Decimal("4.80"), "collateral": ["none"], "approval_days": 5, **kwargs}
    return FinancingProduct.objects.create(bank=bank_org, **values)


def loan_request(enterprise_org: Organization, **kwargs):
    """A loan request; defaults: 300万 for 12 months, working capital, no collateral, ≤ 4.5%."""
    from matching.models import FinancingRequest

    values = {"amount": Decimal("3000000"), "term": 12, "purpose": "working_capital", "collateral": [],
              "max_rate": Decimal("4.50"), "urgency": "normal", **kwargs}
    return FinancingRequest.objects.create(enterprise=enterprise_org, **values)


def first_segment():
    from enterprises.models import ChainSegment

    return ChainSegment.objects.order_by("id").first()


# ---- supply chain ----------------------------------------------------------------------------

def capability(org: Organization, **kwargs):
    """A supplier capability; defaults: 液压油缸 in category 'hydraulics', ISO 9001, 15-day lead time."""
    from matching.engine.text import search_text
    from matching.models import SupplyCapability

    values = {"category_id": "hydraulics", "title": "工程机械液压油缸",
              "description": "高压液压油缸、液压阀块，适配挖掘机",
              "certifications": ["ISO 9001"], "capacity_per_month": Decimal("500"), "unit": "件",
              "lead_time_days": 15, **kwargs}
    cap = SupplyCapability(enterprise=org, **values)
    cap.search_text = search_text(cap.title, cap.description)
    cap.save()
    return cap


def sourcing_need(org: Organization, **kwargs):
    """A buyer's sourcing need; defaults: 液压油缸 in 'hydraulics', 200 件, within the province."""
    from matching.engine.text import search_text
    from matching.models import SourcingNeed

    values = {"category_id": "hydraulics", "title": "采购液压油缸", "description": "挖掘机用液压油缸，缸径 120mm",
              "quantity": Decimal("200"), "unit": "件", "max_distance": "province", **kwargs}
    need = SourcingNeed(enterprise=org, **values)
    need.search_text = search_text(need.title, need.description)
    need.save()
    return need


def firm_in(adcode: str) -> Organization:
    """A verified enterprise (with profile and owner) registered in the given region."""
    return enterprise(region=Region.objects.get(pk=adcode)).membership.organization
