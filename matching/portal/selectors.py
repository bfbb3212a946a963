"""Reads that span domains: the public figures of the front page and ``GET /stats/public/``."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache

from enterprises.selectors import public_counts
from matching.common.figures import PUBLIC_FIGURES_KEY, PUBLIC_FIGURES_TTL
from matching.financing.selectors import financing_totals


def public_figures() -> dict[str, Any]:
    """The platform totals anyone may see — ``counts`` (verified parties, talents, chains) and
    ``finance`` (:func:`financing_totals`) — recomputed at most once per ``PUBLIC_FIGURES_TTL``
    seconds: they are counts over the largest tables, asked for by every anonymous visitor.
    Operators' statistics (backoffice) call the selectors themselves and are always fresh."""
    figures = cache.get(PUBLIC_FIGURES_KEY)
    if figures is None:
        figures = {"counts": public_counts(), "finance": financing_totals()}
        cache.set(PUBLIC_FIGURES_KEY, figures, PUBLIC_FIGURES_TTL)
    return figures
