"""Test factories, one module per domain: ``parties`` (users, organizations, profiles),
``financing``, ``supply``, ``jobs`` (talent), ``market`` (找服务, 找活动), ``events`` (matchmaking
events). The most used ones are re-exported here, so a test reads ``factories.enterprise()``."""

from tests.factories.financing import loan_request, product
from tests.factories.parties import (
    PASSWORD,
    OperatorFactory,
    OrganizationFactory,
    UserFactory,
    bank,
    enterprise,
    make_uscc,
    member,
    provider,
    region,
    talent,
)
from tests.factories.supply import capability, firm_in, first_segment, sourcing_need

__all__ = [
    "PASSWORD",
    "OperatorFactory",
    "OrganizationFactory",
    "UserFactory",
    "bank",
    "capability",
    "enterprise",
    "firm_in",
    "first_segment",
    "loan_request",
    "make_uscc",
    "member",
    "product",
    "provider",
    "region",
    "sourcing_need",
    "talent",
]
