"""TF-IDF cosine similarity on jieba tokens, with the IDF fitted once and cached per process.

Documents are token sets (binary term frequency) weighted by smoothed inverse document
frequency over the active capabilities; a refit happens at most every ``IDF_TTL`` seconds. The
engine's supply matching reads the same model from its offer store (``matching.offerstore``);
this module serves the reference scorers, the services domain and the tsvector pre-filter.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Sequence

import numpy as np

IDF_TTL = 300.0
_cache: dict[str, object] = {"at": 0.0, "idf": {}, "default": 1.0}
_lock = threading.Lock()


def idf_weights(*, refresh: bool = False) -> tuple[dict[str, float], float]:
    """(token → idf, idf of an unseen token), fitted over active capabilities' search text —
    the same model as the supply offer store's (``matching.offerstore.TextModel``)."""
    now = time.monotonic()
    if not refresh and now - float(_cache["at"]) < IDF_TTL and _cache["idf"]:
        return _cache["idf"], float(_cache["default"])  # type: ignore[return-value]
    from matching.models import SupplyCapability
    from matching.offerstore import TextModel

    with _lock:
        model = TextModel(list(SupplyCapability.objects.filter(active=True).order_by("id")
                               .values_list("search_text", flat=True).iterator(chunk_size=5000)))
        _cache.update(at=now, idf=model.idf, default=model.default)
        return model.idf, model.default


def tfidf_cosine(query: Sequence[str], docs: Sequence[Sequence[str]],
                 idf: dict[str, float], default: float) -> tuple[np.ndarray, list[list[str]]]:
    """Cosine similarity of ``query`` with each document, and the shared tokens (most weighty first)."""
    q = set(query)
    qnorm = math.sqrt(sum(idf.get(t, default) ** 2 for t in q)) or 1.0
    sims = np.zeros(len(docs))
    shared_all: list[list[str]] = []
    for i, doc in enumerate(docs):
        d = set(doc)
        shared = q & d
        if shared:
            dnorm = math.sqrt(sum(idf.get(t, default) ** 2 for t in d)) or 1.0
            sims[i] = sum(idf.get(t, default) ** 2 for t in shared) / (qnorm * dnorm)
        shared_all.append(sorted(shared, key=lambda t: (-idf.get(t, default), t)))
    return sims, shared_all


def selective_tokens(query: Sequence[str], idf: dict[str, float], default: float, k: int = 2) -> list[str]:
    """The ``k`` rarest known tokens of the query — an AND of them narrows candidates in SQL."""
    known = [t for t in query if t in idf]
    return sorted(known, key=lambda t: (-idf[t], t))[:k]


class SharedTokens:
    """The tokens a query shares with each document (most weighty first), computed on access —
    only the kept top-k need them, for the explanation."""

    def __init__(self, query: Sequence[str], docs: Sequence[Sequence[str]], idf: dict[str, float],
                 default: float) -> None:
        self.query, self.docs, self.idf, self.default = set(query), docs, idf, default

    def __len__(self) -> int:
        return len(self.docs)

    def __getitem__(self, i: int) -> list[str]:
        return sorted(self.query & set(self.docs[i]), key=lambda t: (-self.idf.get(t, self.default), t))
