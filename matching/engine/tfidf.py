"""TF-IDF on jieba tokens: binary term frequency, smoothed inverse document frequency.

``TextModel`` fits the IDF on a corpus and scores as sparse matrix products (the offer stores);
``tfidf_cosine`` is the same formula pair by pair (reference scorers, the services domain).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

import numpy as np
from scipy import sparse


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


class TextModel:
    """TF-IDF on jieba tokens (binary term frequency, smoothed IDF), fitted on a store's documents
    — the formula of ``matching.textsim.tfidf_cosine``, as sparse matrix products."""

    def __init__(self, docs: Sequence[str]) -> None:
        df: Counter[str] = Counter()
        for text in docs:
            df.update(set(text.split()))
        n = len(docs)
        self.idf = {t: math.log((1 + n) / (1 + c)) + 1 for t, c in df.items()}
        self.default = math.log(1 + n) + 1
        self.vocab = {t: j for j, t in enumerate(sorted(self.idf))}
        self.sq = np.array([self.idf[t] ** 2 for t in sorted(self.idf)]) if self.idf else np.zeros(0)

    def matrix(self, docs: Sequence[str]) -> tuple[sparse.csr_matrix, np.ndarray]:
        """(documents × vocabulary binary matrix, each document's norm — unknown tokens at the
        default IDF, as ``tfidf_cosine`` counts them)."""
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

    def cosines(self, tokens: Sequence[str], csc: sparse.csc_matrix, norm: np.ndarray) -> np.ndarray:
        """Cosine of the query with every document of ``csc`` (documents × vocabulary, built by
        ``matrix``): one pass over the query tokens' postings, whatever the number of documents."""
        q = set(tokens)
        qnorm = math.sqrt(sum(self.idf.get(t, self.default) ** 2 for t in q)) or 1.0
        cols = sorted(self.vocab[t] for t in q if t in self.vocab)
        if not cols:
            return np.zeros(csc.shape[0])
        lengths = np.diff(csc.indptr)[cols]
        dot = np.bincount(postings(csc, cols), weights=np.repeat(self.sq[cols], lengths), minlength=csc.shape[0])
        return dot / (qnorm * norm)


def postings(csc: sparse.csc_matrix, cols: list[int]) -> np.ndarray:
    """Rows holding any of the columns ``cols`` (a row holding several appears several times)."""
    if not cols:
        return np.zeros(0, dtype=np.int64)
    return np.concatenate([csc.indices[csc.indptr[j]:csc.indptr[j + 1]] for j in cols])
