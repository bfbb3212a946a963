"""How numbers read to a Chinese user: money in 万元 / 亿元, rates in percent."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils import translation
from django.utils.translation import gettext as _

MILLION = Decimal(1_000_000)
WAN = Decimal(10_000)
YI = Decimal(100_000_000)


def _trim(value: Decimal, places: str = "0.01") -> str:
    text = format(value.quantize(Decimal(places), rounding=ROUND_HALF_UP), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def wan(amount: Decimal | int | float | None) -> str:
    """``3000000`` → ``"300 万"``; ``150000000`` → ``"1.5 亿"``."""
    if amount is None:
        return "—"
    value = Decimal(str(amount))
    if abs(value) >= YI:
        return f"{_trim(value / YI)} 亿"
    return f"{_trim(value / WAN)} 万"


def rate(value: Decimal | float | None) -> str:
    """``Decimal("4.35")`` → ``"4.35%"``."""
    return "—" if value is None else f"{_trim(Decimal(str(value)))}%"


def money(amount: Decimal | int | float | str | None) -> str:
    """Yuan as a person reads it: ``300 万元`` / ``1.5 亿元`` in Chinese, ``¥3 million`` in English."""
    if amount in (None, ""):
        return "—"
    value = Decimal(str(amount))
    if (translation.get_language() or "zh-hans").startswith("zh"):
        return f"{wan(value)}元"
    if abs(value) >= MILLION:
        return _("¥%(n)s 百万") % {"n": _trim(value / MILLION)}
    return f"¥{value:,.0f}"
