"""The benchmark's supply world looks like the demo's: its capabilities and needs are filed under
real GB/T 4754 classes in about the demo world's proportions (so the share of offers the engine
scores at 100,000 rows means something), firms stay mostly in their chain's classes, and the text
of each row comes from real rows of its class, tokenized as the portal tokenizes it."""

from __future__ import annotations

from collections import Counter
from types import SimpleNamespace

import pytest
from django.db import transaction

from matching.bench import world as bench_world
from matching.bench.report import markdown
from matching.bench.vocab import shares, total_variation
from matching.supply.categories import CLASS
from matching.supply.models import ProductCategory
from matching.supply.services import offer_text

pytestmark = pytest.mark.django_db  # the test database is set up only for a session that asks for it
SCALE, SEED = 2000, 5
#: Each chain's rows are spread over the classes by systematic sampling (each class gets its
#: expected count ± 1 per chain): over 30 seeds at 2,000 rows the total-variation distance to the
#: demo is 0.019 on average and at most 0.023 for capabilities (0.012 / 0.016 for needs). Drawing the
#: 2,000 classes independently from the demo's own distribution gives 0.06–0.08 for capabilities, a
#: uniform draw over the same classes 0.36, the former 36 product groups 1.0 (no class in common):
#: 0.04 admits the first with room and none of the others.
MAX_TV = 0.04


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker) -> dict:
    """A SCALE-row bench world, built once and rolled back; what the tests read from it."""
    with django_db_blocker.unblock(), transaction.atomic():
        bench_world.build_world(SCALE, SEED)
        world = bench_world.BenchWorld(SCALE, SEED)
        world.load_lookups()
        out = {
            "classes": set(ProductCategory.objects.filter(level=CLASS).values_list("code", flat=True)),
            "figures": bench_world.supply_classes(), "vocab": world.vocab, "chain_of": world.chain_of,
            "capabilities": list(bench_world.SupplyCapability.objects.values()),
            "needs": list(bench_world.SourcingNeed.objects.values()),
        }
        transaction.set_rollback(True)
    return out


def test_every_row_is_filed_under_a_real_gbt4754_class(built):
    for side in ("capabilities", "needs"):
        rows = built[side]
        assert len(rows) == SCALE
        assert {r["category_id"] for r in rows} <= built["classes"], side


def test_the_class_distribution_follows_the_demo_world(built):
    for side in ("capabilities", "needs"):
        demo = getattr(built["vocab"], side).shares()
        mine = shares(Counter(r["category_id"] for r in built[side]))
        assert total_variation(mine, demo) <= MAX_TV, side
        assert set(mine) == set(demo), side  # every demo class is used, and no other
        largest = max(demo, key=demo.get)
        assert abs(mine[largest] - demo[largest]) < 0.01, (side, largest)
    figures = built["figures"]["capabilities"]
    assert figures["classes"] == figures["demo_classes"] == 75
    assert figures["tv_vs_demo"] <= MAX_TV
    assert figures["top"][0]["class"] == "3391"  # the demo's largest class (黑色金属铸造, 23 of 439)


def test_an_enterprise_mostly_supplies_in_its_chains_classes(built):
    """Without the chain tendency a row would land in its chain's classes only as often as those
    classes are common overall."""
    side = built["vocab"].capabilities
    demo = side.shares()
    in_chain, expected = [], []
    for row in built["capabilities"]:
        own = side.by_chain.get(built["chain_of"].get(row["enterprise_id"], ""), {})
        if own:
            in_chain.append(row["category_id"] in own)
            expected.append(sum(demo[c] for c in own))
    assert len(in_chain) > SCALE * 0.9
    share, by_chance = sum(in_chain) / len(in_chain), sum(expected) / len(expected)
    assert share >= 0.5 and share > by_chance + 0.15, (share, by_chance)


def test_texts_are_real_rows_of_the_same_class_tokenized_like_the_portals(built):
    vocab = built["vocab"]
    for side, sources in (("capabilities", vocab.capabilities), ("needs", vocab.needs)):
        rows = built[side]
        for r in rows:
            titles = [s.title for s in sources.rows[r["category_id"]]]
            assert any(r["title"].startswith(t) for t in titles), (side, r["category_id"], r["title"])
            assert r["description"]
            assert r["search_text"] == offer_text(SimpleNamespace(**r))
        with_terms = sum(bool(r["materials"] or r["processes"] or r["specs"]) for r in rows)
        assert with_terms > 0.7 * len(rows), side
        assert len({r["search_text"] for r in rows}) > 0.6 * len(rows), side  # recombined, not copied


def test_the_report_shows_the_class_histogram_beside_recall(built):
    report = {"scale": SCALE, "date": "2026-12-04T00:00:00+00:00", "machine": {
        "cpu": "test", "cores": 2, "memory_gib": 1, "os": "test", "load_average": [0, 0, 0]}, "versions": {
        "python": "3", "postgresql": "15", "redis": "7", "django": "5", "celery": "5", "numpy": "2"},
        "recall": {"supply": {"needs": 10, "recall_at_10": 1.0, "min_recall": 1.0, "offers_scored_share": 0.05,
                              "max_scored_share": 0.1}}, "supply_classes": built["figures"]}
    text = markdown(report)
    cap, need = built["figures"]["capabilities"], built["figures"]["needs"]
    row = next(line for line in text.splitlines() if line.startswith("| supply world classes"))
    assert f"75 / {need['classes']} classes" in row and f"{cap['tv_vs_demo']} / {need['tv_vs_demo']}" in row
    assert text.index("| recall@10 supply") < text.index("| supply world classes")
    assert "## Supply world: GB/T 4754 classes" in text
    top = cap["top"][0]
    assert f"| 3391 | 黑色金属铸造 | {top['share'] * 100:.1f}% | {top['demo_share'] * 100:.1f}% |" in text
