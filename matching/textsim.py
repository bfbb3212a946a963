"""TF-IDF cosine similarity on jieba tokens, with the IDF fitted once and cached per process.

Documents are token sets (binary term frequency) weighted by smoothed inverse document
frequency over the active capabilities; a refit happens at most every ``IDF_TTL`` seconds, or
when a domain rematch run starts (``fit_for_run``: once per run and worker process, then cached).
The same pass builds an in-memory index of the capabilities' token sets (a sparse matrix), so
``text_candidates`` finds every capability whose cosine reaches a threshold without scanning
the table — exact, unlike an OR of tokens, and bounded by the query tokens' posting lists.
"""

from __future__ import annotations

import math
import threading
import time
from collections import Counter
from collections.abc import Sequence

import numpy as np
from scipy import sparse

IDF_TTL = 300.0
RUN_TTL = 3600.0  # a run's model is kept (not refitted by IDF_TTL) this long, so all its chunks agree
_cache: dict[str, object] = {"at": 0.0, "idf": {}, "default": 1.0, "run": None, "index": None}
_lock = threading.Lock()


def idf_weights(*, refresh: bool = False) -> tuple[dict[str, float], float]:
    """(token → idf, idf of an unseen token), fitted over active capabilities' search text."""
    now = time.monotonic()
    ttl = RUN_TTL if _cache["run"] is not None else IDF_TTL
    if not refresh and now - float(_cache["at"]) < ttl and _cache["idf"]:
        return _cache["idf"], float(_cache["default"])  # type: ignore[return-value]
    with _lock:
        _fit(now)
        _cache["run"] = None
        return _cache["idf"], float(_cache["default"])  # type: ignore[return-value]


def fit_for_run(run_id: int) -> None:
    """Fit once for a domain rematch run in this process; later chunks of the run reuse it."""
    if _cache["run"] != run_id or not _cache["idf"]:
        with _lock:
            _fit(time.monotonic())
            _cache["run"] = run_id


def _fit(now: float) -> None:
    from matching.models import SupplyCapability

    df: Counter[str] = Counter()
    ids: list[int] = []
    cats: list[str] = []
    docs: list[set[str]] = []
    for pk, cat, text in (SupplyCapability.objects.filter(active=True).order_by("id")
                          .values_list("id", "category_id", "search_text").iterator(chunk_size=5000)):
        doc = set(text.split())
        df.update(doc)
        ids.append(pk)
        cats.append(cat)
        docs.append(doc)
    n = len(ids)
    idf = {t: math.log((1 + n) / (1 + c)) + 1 for t, c in df.items()}
    _cache.update(at=now, idf=idf, default=math.log(1 + n) + 1, index=_Index(ids, cats, docs, idf))


class _Index:
    """Capabilities' token sets as a sparse (documents × vocabulary) matrix, by column."""

    def __init__(self, ids: list[int], cats: list[str], docs: list[set[str]], idf: dict[str, float]) -> None:
        self.vocab = {t: j for j, t in enumerate(sorted(idf))}
        self.ids, self.cats = np.array(ids, dtype=np.int64), np.array(cats, dtype=object)
        indptr, indices = [0], []
        for doc in docs:
            indices += sorted(self.vocab[t] for t in doc)
            indptr.append(len(indices))
        rows = sparse.csr_matrix((np.ones(len(indices)), indices, indptr), shape=(len(ids), len(self.vocab)))
        self.sq = np.array([idf[t] ** 2 for t in sorted(idf)])
        self.norm = np.sqrt(rows @ self.sq)
        self.norm[self.norm == 0] = 1.0
        self.cols = rows.tocsc()

    def cosine(self, query: Sequence[str], default: float) -> tuple[np.ndarray, np.ndarray]:
        """(rows sharing a token with the query, their cosine) — the formula of ``tfidf_cosine``."""
        q = set(query)
        qnorm = math.sqrt(sum(self.sq[self.vocab[t]] if t in self.vocab else default ** 2 for t in q)) or 1.0
        known = [self.vocab[t] for t in q if t in self.vocab]
        if not known:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        sub = self.cols[:, known]
        dot = np.asarray(sub @ self.sq[known]).ravel()
        rows = np.flatnonzero(dot)
        return rows, dot[rows] / (qnorm * self.norm[rows])


def text_candidates(query: Sequence[str], related: Sequence[str], threshold: float,
                    related_threshold: float) -> list[int]:
    """Ids of active capabilities (as of the last fit) whose cosine with ``query`` reaches
    ``threshold``, or ``related_threshold`` when their category is in ``related``."""
    idf_weights()
    index: _Index | None = _cache["index"]  # type: ignore[assignment]
    if index is None:
        return []
    rows, sims = index.cosine(query, float(_cache["default"]))
    in_related = np.isin(index.cats[rows], list(related)) if len(rows) else np.zeros(0, dtype=bool)
    keep = (sims >= threshold) | (in_related & (sims >= related_threshold))
    return index.ids[rows[keep]].tolist()


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


def similarities(query: Sequence[str], ids: Sequence[int], docs: Sequence[Sequence[str]],
                 idf: dict[str, float], default: float) -> np.ndarray:
    """``tfidf_cosine(query, docs)[0]`` for the capabilities ``ids`` (ascending), read from the
    fitted index (one sparse product) when ``idf`` is the index's; documents saved since the fit
    (not in the index) are computed one by one."""
    index: _Index | None = _cache["index"]  # type: ignore[assignment]
    out = np.zeros(len(ids))
    if index is None or idf is not _cache["idf"] or not len(ids):
        return tfidf_cosine(query, docs, idf, default)[0]
    wanted = np.asarray(ids, dtype=np.int64)
    pos = np.minimum(np.searchsorted(index.ids, wanted), max(len(index.ids) - 1, 0))
    known = index.ids[pos] == wanted if len(index.ids) else np.zeros(len(wanted), dtype=bool)
    rows, sims = index.cosine(query, default)
    dense = np.zeros(len(index.ids))
    dense[rows] = sims
    out[known] = dense[pos[known]]
    missing = np.flatnonzero(~known)
    if len(missing):
        out[missing] = tfidf_cosine(query, [docs[i] for i in missing], idf, default)[0]
    return out


class SharedTokens:
    """The tokens a query shares with each document (most weighty first), computed on access —
    only the kept top-k need them, for the explanation."""

    def __init__(self, query: Sequence[str], docs: Sequence[Sequence[str]], idf: dict[str, float],
                 default: float) -> None:
        self.query, self.docs, self.idf, self.default = set(query), docs, idf, default

    def __len__(self) -> int:
        return len(self.docs)

    def __getitem__(self, i: int) -> list[str]:
        return sorted(self.query & set(self.docs[i]), key=lambda t: -self.idf.get(t, self.default))
