"""Factories of 找资金: banks' products and enterprises' loan requests."""

from __future__ import annotations

from decimal import Decimal

from enterprises.models import Organization
from matching.financing.models import FinancingProduct, FinancingRequest


def product(bank_org: Organization, **kwargs):
    """A financing product; defaults: credit loan 50万–500万, 6–36 months, 3.10–4.80%, anywhere."""
    values = {"name": "科技信用贷", "type": "credit", "amount_min": Decimal("500000"),
              "amount_max": Decimal("5000000"), "term_min": 6, "term_max": 36, "rate_min": Decimal("3.10"),
              "rate_max": Decimal("4.80"), "collateral": ["none"], "approval_days": 5, **kwargs}
    return FinancingProduct.objects.create(bank=bank_org, **values)


def loan_request(enterprise_org: Organization, **kwargs):
    """A loan request; defaults: 300万 for 12 months, working capital, no collateral, ≤ 4.5%."""
    values = {"amount": Decimal("3000000"), "term": 12, "purpose": "working_capital", "collateral": [],
              "max_rate": Decimal("4.50"), "urgency": "normal", **kwargs}
    return FinancingRequest.objects.create(enterprise=enterprise_org, **values)
