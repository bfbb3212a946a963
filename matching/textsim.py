"""TF-IDF cosine similarity on jieba tokens, with the IDF fitted once and cached per process.

Documents are token sets (binary term frequency) weighted by smoothed inverse document
frequency over the active capabilities; a refit happens at most every ``IDF_TTL`` seconds.
"""

from __future__ import annotations

import math
import threading
import time
from collections import Counter
from collections.abc import Sequence

import numpy as np

IDF_TTL = 300.0
_cache: dict[str, object] = {"at": 0.0, "idf": {}, "default": 1.0}
_lock = threading.Lock()


def idf_weights(*, refresh: bool = False) -> tuple[dict[str, float], float]:
    """(token → idf, idf of an unseen token), fitted over active capabilities' search text."""
    now = time.monotonic()
    if not refresh and now - float(_cache["at"]) < IDF_TTL and _cache["idf"]:
        return _cache["idf"], float(_cache["default"])  # type: ignore[return-value]
    with _lock:
        from matching.models import SupplyCapability

        df: Counter[str] = Counter()
        n = 0
        for text in SupplyCapability.objects.filter(active=True).values_list("search_text", flat=True).iterator(
                chunk_size=5000):
            df.update(set(text.split()))
            n += 1
        idf = {t: math.log((1 + n) / (1 + c)) + 1 for t, c in df.items()}
        _cache.update(at=now, idf=idf, default=math.log(1 + n) + 1)
        return idf, float(_cache["default"])


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
        shared_all.append(sorted(shared, key=lambda t: -idf.get(t, default)))
    return sims, shared_all


def selective_tokens(query: Sequence[str], idf: dict[str, float], default: float, k: int = 2) -> list[str]:
    """The ``k`` rarest known tokens of the query — an AND of them narrows candidates in SQL."""
    known = [t for t in query if t in idf]
    return sorted(known, key=lambda t: (-idf[t], t))[:k]
