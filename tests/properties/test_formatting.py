"""Money and rates as a Chinese reader sees them (matching/common/formatting.py): close to the value,
in the right unit, never in scientific notation, and ordered like the amounts."""

from __future__ import annotations

import re
from decimal import Decimal

from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.common.formatting import WAN, YI, money, rate, wan
from tests.properties import PROFILE

# Amounts as the models store them: up to 12 digits of yuan with fen (max_digits=14, places=2),
# never negative (services refuse those; a negative one below 50 yuan would read "-0 万").
amounts = st.decimals(min_value=Decimal("0"), max_value=Decimal("999999999999.99"), places=2,
                      allow_nan=False, allow_infinity=False)
WAN_TEXT = re.compile(r"^(\d+(?:\.\d{1,2})?) (万|亿)$")


def read_back(text: str) -> Decimal:
    number, unit = WAN_TEXT.match(text).groups()
    return Decimal(number) * (YI if unit == "亿" else WAN)


@settings(PROFILE)
@given(amounts)
def test_wan_is_within_half_a_cent_of_the_unit_and_uses_yi_from_100_million(amount):
    text = wan(amount)
    assert WAN_TEXT.match(text), text
    assert "E" not in text and "e" not in text and not text.startswith("-0 ")
    unit = YI if abs(amount) >= YI else WAN
    assert text.endswith("亿" if unit == YI else "万")
    assert abs(read_back(text) - amount) <= unit * Decimal("0.005")
    number = text.split(" ")[0]
    assert not (("." in number) and number.endswith("0"))  # 1.5 万, never 1.50 万


@settings(PROFILE)
@given(amounts, amounts)
def test_larger_amounts_never_read_smaller(a, b):
    low, high = sorted((a, b))
    assert read_back(wan(low)) <= read_back(wan(high))


@settings(PROFILE)
@given(amounts, st.sampled_from(["zh-hans", "en"]))
def test_money_reads_in_yuan_in_either_language(amount, language):
    with translation.override(language):
        text = money(amount)
    if language == "zh-hans":
        assert text == wan(amount) + "元"
    else:
        assert text.startswith("¥"), text
        assert "E" not in text


@settings(PROFILE)
@given(st.decimals(min_value=0, max_value=100, places=4))
def test_rates_are_percent_with_at_most_two_places(value):
    text = rate(value)
    match = re.fullmatch(r"(\d+(?:\.\d{1,2})?)%", text)
    assert match, text
    assert abs(Decimal(match.group(1)) - value) <= Decimal("0.005")
