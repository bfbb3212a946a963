"""A plain BM25 baseline over jieba tokens: no categories, rules or preferences — what a search box
would return. It pools candidates the engine might never show, and its figures stand beside the
engine's in the relevance report (the engine must beat it)."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

import jieba

K1, B = 1.2, 0.75


def bm25_tokens(*parts: str) -> list[str]:
    """jieba's search-mode tokens of the parts, lower-cased, single characters and punctuation
    dropped, repetitions kept (term frequency counts in BM25)."""
    out = []
    for part in parts:
        for raw in jieba.cut_for_search(part or ""):
            token = raw.strip().lower()
            if len(token) >= 2 or token.isdigit():
                out.append(token)
    return out


class BM25:
    """Okapi BM25 (k1 = 1.2, b = 0.75) over a fixed list of documents (token lists)."""

    def __init__(self, docs: Sequence[Sequence[str]]) -> None:
        self.tf = [Counter(d) for d in docs]
        self.lengths = [len(d) for d in docs]
        self.avg = (sum(self.lengths) / len(docs)) if docs else 1.0
        df: Counter[str] = Counter()
        for counts in self.tf:
            df.update(counts.keys())
        n = len(docs)
        self.idf = {t: math.log(1 + (n - c + 0.5) / (c + 0.5)) for t, c in df.items()}

    def scores(self, query: Sequence[str]) -> list[float]:
        """The BM25 score of every document for the query."""
        terms = [t for t in set(query) if t in self.idf]
        out = []
        for counts, length in zip(self.tf, self.lengths, strict=True):
            norm = K1 * (1 - B + B * length / self.avg)
            out.append(sum(self.idf[t] * counts[t] * (K1 + 1) / (counts[t] + norm) for t in terms if t in counts))
        return out
