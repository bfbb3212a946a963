"""USCC (统一社会信用代码, GB 32100-2015): every well-formed code with its check character is
accepted, any single-character change is refused, and no input crashes the validator."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from stdnum.cn import uscc as stdnum_uscc

from enterprises.validators import validate_uscc
from tests.properties import PROFILE

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # GB 32100: no I, O, S, V, Z
DIGITS = "0123456789"

# Registration authority (登记管理部门, a digit or A/N/Y …), 6-digit division code, organization code.
authority = st.sampled_from("123456789ANY")
first17 = st.builds(lambda a, t, area, org: a + t + area + org, authority, st.sampled_from("123459"),
                    st.text(DIGITS, min_size=6, max_size=6), st.text(ALPHABET, min_size=9, max_size=9))


def with_check(body: str) -> str:
    return body + stdnum_uscc.calc_check_digit(body)


@settings(PROFILE)
@given(first17)
def test_every_code_with_its_check_character_is_accepted(body):
    code = with_check(body)
    assert validate_uscc(code) == code
    assert validate_uscc(f" {code[:6]}-{code[6:].lower()} ") == code  # spaces, dashes, lower case


@settings(PROFILE)
@given(first17, st.integers(0, 17), st.sampled_from(ALPHABET + "IOSVZ#*中"))
def test_any_single_character_change_is_refused(body, position, replacement):
    code = with_check(body)
    assume(code[position] != replacement)
    changed = code[:position] + replacement + code[position + 1:]
    with pytest.raises(ValidationError) as exc:
        validate_uscc(changed)
    assert exc.value.code in {"uscc_checksum", "uscc_format"}
    assert exc.value.messages[0].startswith("统一社会信用代码")


@settings(PROFILE)
@given(first17, st.integers(0, 16))
def test_swapping_two_adjacent_characters_is_refused(body, position):
    code = with_check(body)
    assume(code[position] != code[position + 1])
    swapped = code[:position] + code[position + 1] + code[position] + code[position + 2:]
    with pytest.raises(ValidationError):
        validate_uscc(swapped)


@settings(PROFILE)
@given(st.text(max_size=40))
def test_any_text_is_either_a_valid_code_or_a_chinese_validation_error(text):
    try:
        code = validate_uscc(text)
    except ValidationError as exc:
        assert exc.messages[0].startswith("统一社会信用代码")
    else:
        assert len(code) == 18 and code[-1] == stdnum_uscc.calc_check_digit(code[:-1])
