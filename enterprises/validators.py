"""Validation of codes by maintained libraries (python-stdnum), with Chinese messages."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum import exceptions as stdnum_errors
from stdnum.cn import uscc as stdnum_uscc

# GB 32100-2015 registration-authority codes that are letters (e.g. A 中央军委改革和编制办公室,
# N 农业, Y 其他); python-stdnum only accepts digits in the first eight positions.
_AUTHORITY_LETTERS = frozenset("ABCDEFGNY")


def normalize_uscc(value: str) -> str:
    """Strip separators and upper-case; validation happens in :func:`validate_uscc`."""
    return stdnum_uscc.compact(value or "")


def validate_uscc(value: str) -> str:
    """Validate a Unified Social Credit Code and return it compacted.

    Uses python-stdnum's ``cn.uscc``; codes whose first character is a registration-authority
    letter are checked with the same GB 32100 check character. Raises ``ValidationError``
    with a specific Chinese message.
    """
    code = normalize_uscc(value)
    if len(code) != 18:
        raise ValidationError(
            _("统一社会信用代码应为18位，当前为%(n)d位。") % {"n": len(code)}, code="uscc_length"
        )
    try:
        return stdnum_uscc.validate(code)
    except stdnum_errors.InvalidChecksum:
        raise ValidationError(_("统一社会信用代码校验位错误，请核对后重新输入。"), code="uscc_checksum") from None
    except stdnum_errors.ValidationError:
        if code[0] in _AUTHORITY_LETTERS and code[1:8].isdigit() and all(c in _ALPHABET for c in code[8:]):
            if stdnum_uscc.calc_check_digit(code[:-1]) == code[-1]:
                return code
            raise ValidationError(
                _("统一社会信用代码校验位错误，请核对后重新输入。"), code="uscc_checksum"
            ) from None
        raise ValidationError(
            _("统一社会信用代码格式不正确：只能包含数字和大写字母（不含 I、O、Z、S、V）。"), code="uscc_format"
        ) from None


_ALPHABET = frozenset("0123456789ABCDEFGHJKLMNPQRTUWXY")
