"""Valid, unique Unified Social Credit Codes (GB 32100-2015) for demo organizations."""

from __future__ import annotations

import random

from stdnum.cn import uscc as stdnum_uscc

#: Characters allowed in positions 9–18 of a USCC (no I, O, S, V, Z).
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def _org_code_value(char: str) -> int:
    return int(char) if char.isdigit() else ord(char) - 55


def org_code_check(body: str) -> str:
    """Check character of an 8-character GB 11714 organization code body (``0-9`` or ``X``)."""
    total = sum(_org_code_value(c) * w for c, w in zip(body, _ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


class UsccFactory:
    """Generate USCCs ``<authority><type><adcode><organization code><check>`` that never repeat.

    The organization code is 8 random characters from the USCC alphabet plus its GB 11714
    check character; the final character is python-stdnum's ``calc_check_digit``.
    """

    def __init__(self, rng: random.Random, taken: set[str] | None = None) -> None:
        self.rng = rng
        self.taken: set[str] = set(taken or ())

    def make(self, adcode: str, prefix: str = "91") -> str:
        """Return a new valid code for an organization registered in ``adcode``."""
        choices = self.rng.choices
        while True:
            body = "".join(choices(USCC_ALPHABET, k=8))
            first17 = f"{prefix}{adcode}{body}{org_code_check(body)}"
            code = first17 + stdnum_uscc.calc_check_digit(first17)
            if code not in self.taken:
                self.taken.add(code)
                return code
