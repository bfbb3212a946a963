"""The one TF-IDF model of the project: jieba tokens, binary term frequency, smoothed inverse
document frequency (``log((1 + n) / (1 + df)) + 1``; an unseen token weighs ``log(1 + n) + 1``).

A :class:`TextModel` is fitted on a corpus (documents as space-separated tokens) and scores a
query against documents two ways that give the same numbers: pair by pair (:meth:`TextModel.cosine`,
for a few hundred candidates read from the database) and as sparse matrix products over an
offer store's documents (:meth:`TextModel.matrix` and :meth:`TextModel.cosines`).

One cache policy (:func:`corpus_model`): each domain's corpus is fitted at most once per
``QILIAN_TEXT_MODEL_TTL`` seconds (default 300) per process; ``refresh=True`` refits at once (after
demo data or a test writes offers), and an offer store that fitted a model on the same corpus hands
it over (:func:`remember`) instead of fitting it twice.
"""

from __future__ import annotations

import math
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence

import numpy as np
from django.conf import settings
from scipy import sparse


class TextModel:
    """TF-IDF fitted on ``docs`` (each a string of space-separated tokens)."""

    def __init__(self, docs: Iterable[str]) -> None:
        df: Counter[str] = Counter()
        n = 0
        for text in docs:
            df.update(set(text.split()))
            n += 1
        self.size = n
        self.idf = {t: math.log((1 + n) / (1 + c)) + 1 for t, c in df.items()}
        self.default = math.log(1 + n) + 1
        self.vocab = {t: j for j, t in enumerate(sorted(self.idf))}
        self.sq = np.array([self.idf[t] ** 2 for t in sorted(self.idf)]) if self.idf else np.zeros(0)

    # ---- one token, one query ----------------------------------------------------------------

    def weight(self, token: str) -> float:
        """The token's IDF (the unseen-token weight when the corpus never had it)."""
        return self.idf.get(token, self.default)

    def norm(self, tokens: Iterable[str]) -> float:
        """The length of a token set's TF-IDF vector (1.0 for an empty set)."""
        return math.sqrt(sum(self.weight(t) ** 2 for t in set(tokens))) or 1.0

    def by_weight(self, tokens: Iterable[str]) -> list[str]:
        """The tokens, most weighty (rarest) first, ties by the token itself."""
        return sorted(set(tokens), key=lambda t: (-self.weight(t), t))

    def selective(self, tokens: Iterable[str], k: int = 2) -> list[str]:
        """The ``k`` rarest tokens the corpus knows — an AND of them narrows candidates in SQL."""
        return self.by_weight(t for t in tokens if t in self.idf)[:k]

    # ---- pair by pair ---------------------------------------------------------------------------

    def cosine(self, query: Sequence[str], docs: Sequence[Sequence[str]]) -> tuple[np.ndarray, list[list[str]]]:
        """Cosine of ``query`` with each document (token lists), and the tokens each shares with
        it, most weighty first."""
        q = set(query)
        qnorm = self.norm(q)
        sims = np.zeros(len(docs))
        shared_all: list[list[str]] = []
        for i, doc in enumerate(docs):
            d = set(doc)
            shared = q & d
            if shared:
                sims[i] = sum(self.weight(t) ** 2 for t in shared) / (qnorm * self.norm(d))
            shared_all.append(self.by_weight(shared))
        return sims, shared_all

    def shared_tokens(self, query: Sequence[str], docs: Sequence[Sequence[str]]) -> SharedTokens:
        """The tokens ``query`` shares with each of ``docs``, computed on access (only the kept
        top-k need them, for their explanation)."""
        return SharedTokens(self, query, docs)

    # ---- as sparse matrix products ------------------------------------------------------------------

    def matrix(self, docs: Sequence[str]) -> tuple[sparse.csr_matrix, np.ndarray]:
        """(documents × vocabulary binary matrix, each document's norm — unknown tokens at the
        default IDF, as :meth:`cosine` counts them)."""
        indptr, indices, unknown = [0], [], np.zeros(len(docs))
        for i, text in enumerate(docs):
            tokens = set(text.split())
            known = sorted(self.vocab[t] for t in tokens if t in self.vocab)
            unknown[i] = len(tokens) - len(known)
            indices += known
            indptr.append(len(indices))
        m = sparse.csr_matrix((np.ones(len(indices)), indices, indptr), shape=(len(docs), len(self.vocab)))
        norm = np.sqrt(m @ self.sq + unknown * self.default ** 2)
        norm[norm == 0] = 1.0
        return m, norm

    def query_vector(self, tokens: Iterable[str]) -> np.ndarray:
        """The query's dense vector over the vocabulary (IDF² at its known tokens), for a full
        matrix × vector product (the benchmark's exhaustive reference)."""
        vec = np.zeros(len(self.vocab))
        for t in set(tokens):
            if t in self.vocab:
                vec[self.vocab[t]] = self.sq[self.vocab[t]]
        return vec

    def cosines(self, tokens: Sequence[str], csc: sparse.csc_matrix, norm: np.ndarray) -> np.ndarray:
        """Cosine of the query with every document of ``csc`` (documents × vocabulary, built by
        :meth:`matrix`): one pass over the query tokens' postings, whatever the number of documents."""
        q = set(tokens)
        qnorm = self.norm(q)
        cols = sorted(self.vocab[t] for t in q if t in self.vocab)
        if not cols:
            return np.zeros(csc.shape[0])
        lengths = np.diff(csc.indptr)[cols]
        dot = np.bincount(postings(csc, cols), weights=np.repeat(self.sq[cols], lengths), minlength=csc.shape[0])
        return dot / (qnorm * norm)


class SharedTokens:
    """The tokens a query shares with each document (most weighty first), computed on access."""

    def __init__(self, model: TextModel, query: Sequence[str], docs: Sequence[Sequence[str]]) -> None:
        self.model, self.query, self.docs = model, set(query), docs

    def __len__(self) -> int:
        return len(self.docs)

    def __getitem__(self, i: int) -> list[str]:
        return self.model.by_weight(self.query & set(self.docs[i]))


def postings(csc: sparse.csc_matrix, cols: list[int]) -> np.ndarray:
    """Rows holding any of the columns ``cols`` (a row holding several appears several times)."""
    if not cols:
        return np.zeros(0, dtype=np.int64)
    return np.concatenate([csc.indices[csc.indptr[j]:csc.indptr[j + 1]] for j in cols])


# ---- the one cache ------------------------------------------------------------------------------

_models: dict[str, tuple[float, TextModel]] = {}
_lock = threading.Lock()


def _ttl() -> float:
    return float(getattr(settings, "QILIAN_TEXT_MODEL_TTL", 300))


def corpus_model(corpus: str, documents: Callable[[], Iterable[str]], *, refresh: bool = False) -> TextModel:
    """The process's model of ``corpus`` (a name, e.g. a domain's offers), fitted on
    ``documents()`` when missing, older than ``QILIAN_TEXT_MODEL_TTL`` seconds or ``refresh``."""
    now = time.monotonic()
    cached = _models.get(corpus)
    if not refresh and cached is not None and now - cached[0] < _ttl():
        return cached[1]
    with _lock:
        cached = _models.get(corpus)
        if not refresh and cached is not None and now - cached[0] < _ttl():
            return cached[1]
        model = TextModel(documents())
        _models[corpus] = (time.monotonic(), model)
        return model


def remember(corpus: str, model: TextModel) -> None:
    """Hand over a model just fitted on ``corpus``'s documents (an offer store's), so that
    :func:`corpus_model` serves it instead of fitting the same corpus again."""
    with _lock:
        _models[corpus] = (time.monotonic(), model)


def forget() -> None:
    """Drop every cached model (the next use refits)."""
    with _lock:
        _models.clear()
