"""SME size class of an industrial firm (工信部联企业〔2011〕300号, 工业).

large  : employees ≥ 1000 and revenue ≥ 4亿 (400,000,000 yuan)
medium : employees ≥ 300  and revenue ≥ 2000万
small  : employees ≥ 20   and revenue ≥ 300万
micro  : employees < 20   or  revenue < 300万
"""

from __future__ import annotations

from decimal import Decimal

WAN = Decimal(10_000)
_THRESHOLDS: tuple[tuple[str, int, Decimal], ...] = (
    ("large", 1000, 40_000 * WAN),
    ("medium", 300, 2_000 * WAN),
    ("small", 20, 300 * WAN),
)


def size_class(employees: int | None, annual_revenue: Decimal | int | None) -> str:
    """Return ``micro|small|medium|large``, or ``""`` when either figure is unknown."""
    if employees is None or annual_revenue is None:
        return ""
    revenue = Decimal(annual_revenue)
    for name, min_employees, min_revenue in _THRESHOLDS:
        if employees >= min_employees and revenue >= min_revenue:
            return name
    return "micro"
