"""USCC validation and SME size classes — the domain facts every profile rests on."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import uscc as stdnum_uscc

from enterprises.sizing import size_class
from enterprises.validators import validate_uscc

VALID = "91110000600037341L"  # python-stdnum's own example


def with_check(first17: str) -> str:
    return first17 + stdnum_uscc.calc_check_digit(first17)


class TestUSCC:
    def test_valid_code_is_accepted_and_compacted(self):
        assert validate_uscc(" 9111 0000-6000 37341l ") == VALID

    def test_wrong_length_says_how_many_characters(self):
        with pytest.raises(ValidationError) as exc:
            validate_uscc("9111000060003734")
        assert "应为18位" in exc.value.messages[0]
        assert "16位" in exc.value.messages[0]

    def test_wrong_check_character_is_named(self):
        with pytest.raises(ValidationError) as exc:
            validate_uscc("91110000600037341M")
        assert exc.value.code == "uscc_checksum"
        assert "校验位错误" in exc.value.messages[0]

    @pytest.mark.parametrize("letter", ["A", "N", "Y"])
    def test_registration_authority_letters_are_accepted(self, letter):
        """python-stdnum rejects a letter in the first position; GB 32100 allows A/N/Y authorities."""
        code = with_check(f"{letter}1430100MA4L12345")
        assert validate_uscc(code) == code

    def test_authority_letter_with_bad_check_is_rejected(self):
        code = with_check("N1430100MA4L12345")
        bad = code[:-1] + ("0" if code[-1] != "0" else "1")
        with pytest.raises(ValidationError) as exc:
            validate_uscc(bad)
        assert exc.value.code == "uscc_checksum"

    @pytest.mark.parametrize("code", ["91110000600037341I", "9111000060003734OL", "Z1110000600037341L"])
    def test_forbidden_characters_are_a_format_error(self, code):
        with pytest.raises(ValidationError) as exc:
            validate_uscc(code)
        assert exc.value.code in {"uscc_format", "uscc_checksum"}

    @given(st.text(alphabet="0123456789ABCDEFGHJKLMNPQRTUWXY", min_size=17, max_size=17).filter(
        lambda s: s[:8].isdigit()))
    def test_any_code_with_its_check_character_validates(self, first17):
        assert validate_uscc(with_check(first17)) == with_check(first17)


WAN = Decimal(10_000)


class TestSizeClass:
    @pytest.mark.parametrize(
        ("employees", "revenue_wan", "expected"),
        [
            (19, 10_000, "micro"),  # fewer than 20 people is micro whatever the revenue
            (20, 300, "small"),
            (20, Decimal("299.99"), "micro"),  # 2.99 M yuan
            (299, 100_000, "small"),
            (300, 2000, "medium"),
            (300, Decimal("1999.99"), "small"),
            (999, 50_000, "medium"),
            (1000, 40_000, "large"),
            (1000, Decimal("39999.99"), "medium"),
            (5000, 39_000, "medium"),
        ],
    )
    def test_boundaries_of_the_2011_standard(self, employees, revenue_wan, expected):
        assert size_class(employees, Decimal(revenue_wan) * WAN) == expected

    def test_unknown_when_a_figure_is_missing(self):
        assert size_class(None, Decimal(1)) == ""
        assert size_class(10, None) == ""

    @given(st.integers(0, 10_000), st.integers(0, 10**10), st.integers(0, 500), st.integers(0, 10**9))
    def test_more_people_and_revenue_never_make_a_firm_smaller(self, e, r, de, dr):
        order = ["micro", "small", "medium", "large"]
        assert order.index(size_class(e + de, Decimal(r + dr))) >= order.index(size_class(e, Decimal(r)))
