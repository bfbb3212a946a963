"""The benchmark report puts the judged-set relevance (``make eval``'s relevance.json) beside the
speed figures, with when it was measured and for which engine, says when it may be stale, and says
so — with no figures — when there is no report."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from matching.bench.report import markdown, relevance
from matching.engine.registry import get_domain

RUN_AT = "2026-12-01T10:00:00+00:00"


def _split(ndcg: float, p3: float, inversions: int, coverage: float, bm25: float, needs: int) -> dict:
    return {"needs": needs, "ndcg_at_10": ndcg, "precision_at_3": p3, "irrelevant_above_relevant": inversions,
            "duplicates_per_need": 0.0, "coverage": coverage, "needs_without_relevant_in_top10": 1,
            "bm25": {"needs": needs, "ndcg_at_10": bm25, "precision_at_3": 0.7, "irrelevant_above_relevant": 20,
                     "duplicates_per_need": 1.5, "coverage": 1.0}, "unjudged": ["n001:c002"]}


def _write(folder: Path, version: str) -> Path:
    path = folder / "relevance.json"
    path.write_text(json.dumps({
        "run_at": RUN_AT, "machine": "x86_64, testbox", "engine_versions": {"supply": version},
        "domains": {"supply": {"tuned": _split(0.8765, 0.9123, 4, 0.9844, 0.8111, 64),
                               "held_out": _split(0.8123, 0.9001, 3, 0.9688, 0.7456, 32)}}}))
    return path


@pytest.fixture
def sources(tmp_path: Path) -> tuple[Path, tuple[str, ...]]:
    """A stand-in for the code the figures depend on: one file, older than the report."""
    code = tmp_path / "code"
    code.mkdir()
    (code / "fit.py").write_text("# the engine\n")
    os.utime(code / "fit.py", (1_000_000, 1_000_000))
    return code / "fit.py", (str(code),)


def _report(rel: dict) -> str:
    return markdown({"scale": 2000, "date": "2026-12-01T10:02:00+00:00", "machine": {
        "cpu": "test", "cores": 2, "memory_gib": 1, "os": "test", "load_average": [0, 0, 0]}, "versions": {
        "python": "3", "postgresql": "15", "redis": "7", "django": "5", "celery": "5", "numpy": "2"},
        "relevance": rel, "notes": ["a note"]})


def _started(path: Path, seconds: int = 150) -> datetime:
    return datetime.fromtimestamp(path.stat().st_mtime + seconds, UTC)


def test_the_report_shows_each_splits_relevance_beside_bm25_with_its_run_and_engine(tmp_path, sources):
    version = get_domain("supply").version
    path = _write(tmp_path, version)
    rel = relevance(_started(path), path, sources[1])
    assert rel["domains"]["supply"]["held_out"]["ndcg_at_10"] == 0.8123
    text = _report(rel)
    section = text[text.index("## Relevance (make eval)"):text.index("## Notes")]
    assert text.index("| measure | target | reached |") < text.index("## Relevance (make eval)")
    assert f"run {RUN_AT} on x86_64, testbox, written 2 min before this benchmark started" in section
    assert f"engine version supply: {version} (this benchmark's engine: supply: {version})" in section
    assert "| supply | tuned | 64 | 0.8765 | 0.8111 | 0.9123 | 4 | 0.0 | 0.9844 |" in section
    assert "| supply | held out | 32 | 0.8123 | 0.7456 | 0.9001 | 3 | 0.0 | 0.9688 |" in section
    assert "stale" not in section.lower()


def test_a_report_older_than_the_code_or_from_another_engine_is_called_stale(tmp_path, sources):
    path = _write(tmp_path, "supply-0")
    code, folders = sources
    os.utime(code, (path.stat().st_mtime + 60, path.stat().st_mtime + 60))  # the engine changed since
    section = _report(relevance(_started(path), path, folders))
    assert "**Stale**: the report was made with another engine version" in section
    assert f"**Possibly stale**: 1 file(s) it depends on changed after it was written ({code})" in section
    assert "| supply | held out | 32 | 0.8123 |" in section  # shown, but labelled


def test_without_a_relevance_report_the_report_says_so_and_shows_no_figures(tmp_path, sources):
    rel = relevance(datetime.now(UTC), tmp_path / "relevance.json", sources[1])
    assert rel["missing"] == "no such file" and "domains" not in rel
    text = _report(rel)
    section = text[text.index("## Relevance (make eval)"):text.index("## Notes")]
    assert "**No relevance report**" in section and "Run `make eval`" in section
    assert "nDCG@10" not in section and "| supply |" not in section


def test_an_unreadable_relevance_report_is_reported_as_missing(tmp_path, sources):
    path = tmp_path / "relevance.json"
    path.write_text("{ not json")
    section = _report(relevance(datetime.now(UTC), path, sources[1]))
    assert "**No relevance report**" in section and "JSONDecodeError" in section
