"""The matching benchmark (issue 7): a deterministic synthetic world at scale N, an exhaustive
reference scorer, a naive baseline and the measurements written to ``benchmarks/results/``.

Used only by ``manage.py bench_matching`` / ``make bench`` and by ``tests/matching/test_recall.py``.
"""
