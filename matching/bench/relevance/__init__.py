"""Relevance against human judgement (``make eval``): judged sets in ``benchmarks/judged/<domain>/``
— a frozen world, a written rubric, pooled candidates graded 0–3 by two blind labellers, a
held-out third — loaded into a fresh database, matched by the real engine through the real task
path, and scored with nDCG@10, precision@3, irrelevant-above-relevant, duplicates and coverage,
beside a plain BM25 baseline. See ``../shared/RELEVANCE.md`` and ``benchmarks/README.md``.
"""
