"""The cache of the public figures (front page, ``GET /stats/public/``): its key and lifetime,
and how a domain that changes a figure (a loan granted) forgets it."""

from __future__ import annotations

from django.core.cache import cache
from django.db import transaction

#: Seconds the public figures are served from the cache.
PUBLIC_FIGURES_TTL = 60
PUBLIC_FIGURES_KEY = "qilian:public-figures:v1"


def public_figures_changed() -> None:
    """Forget the cached public figures once the current transaction commits (a grant recorded)."""
    transaction.on_commit(lambda: cache.delete(PUBLIC_FIGURES_KEY))
