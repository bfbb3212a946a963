"""The offer stores: the same hard rules as SQL, fresh offers counted at once, withdrawn offers
never written, a rematch chunk counted once, and a batch of needs in a constant number of queries."""

from __future__ import annotations

import numpy as np
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from matching.bench import world as bench_world
from matching.engine.matcher import match_need, match_needs
from matching.engine.offerstore import drop_stores
from matching.engine.registry import get_domain
from matching.engine.runs import run_chunk_execute
from matching.models import Match, MatchRun, SupplyCapability

pytestmark = pytest.mark.django_db
SCALE, SEED = 300, 11


@pytest.fixture
def world():
    drop_stores()
    bench_world.build_world(SCALE, SEED)
    yield
    drop_stores()


@pytest.fixture
def cached(settings):
    """Stores reused between calls, as in production (the test settings reload every time)."""
    settings.QILIAN_MATCH_STORE_TTL = 300.0
    drop_stores()
    yield
    drop_stores()


@pytest.mark.parametrize("domain", ["supply", "financing"])
def test_store_hard_rules_select_exactly_what_the_sql_rules_select(world, domain):
    spec = get_domain(domain)
    store = spec.context(None)
    needs = spec.needs_bulk(spec.active_need_ids()[:80])
    checked = 0
    for need in needs.values():
        sql = set(spec.candidate_offers(need).values_list("id", flat=True))
        if domain == "supply":
            rows = np.arange(store.size)
            got = set(store.cols["id"][rows[store.hard(need, rows)]].tolist())
        else:
            got = set(store.cols["id"][store.candidates(need)].tolist())
        assert got == sql, need["id"]
        checked += bool(sql) and len(sql) < len(store.cols["id"])  # rules keep some offers, drop others
    assert checked >= 40


def test_an_offer_saved_after_the_store_loaded_is_matched_at_once(world, cached):
    spec = get_domain("supply")
    need = next(iter(spec.needs_bulk(spec.active_need_ids()[:1]).values()))
    match_need(spec, need["id"])
    loaded = spec.context(None)
    twin = SupplyCapability.objects.exclude(enterprise_id=need["enterprise_id"]).filter(
        enterprise__verification="verified").first()
    twin.category_id, twin.search_text, twin.certifications = need["category"], " ".join(need["tokens"]), \
        need["required_certifications"]
    twin.regions_served, twin.capacity_per_month, twin.lead_time_days = [], None, 1
    twin.save()
    match_need(spec, need["id"])
    assert spec.context(None) is loaded  # merged into the same store, not reloaded
    assert Match.objects.filter(domain="supply", need_id=need["id"], offer_id=twin.pk, retired_at=None).exists()


def test_an_offer_withdrawn_behind_the_stores_back_is_never_written(world, cached):
    spec = get_domain("supply")
    need_id = spec.active_need_ids()[0]
    match_need(spec, need_id)
    best = Match.objects.filter(domain="supply", need_id=need_id, retired_at=None).order_by("rank").first()
    # a bulk update does not touch updated_at: the store still holds the offer
    SupplyCapability.objects.filter(pk=best.offer_id).update(active=False)
    match_need(spec, need_id)
    best.refresh_from_db()
    assert best.retired_at is not None
    assert not Match.objects.filter(domain="supply", need_id=need_id, offer_id=best.offer_id,
                                    retired_at=None).exists()


def test_a_redelivered_rematch_chunk_is_counted_once(world):
    spec = get_domain("financing")
    chunk = spec.active_need_ids()[:40]
    run = MatchRun.objects.create(domain="financing", scope="domain", status="running", chunks_total=2)
    assert run_chunk_execute(run_id=run.pk, need_ids=chunk, index=0) == 40
    first = MatchRun.objects.get(pk=run.pk)
    run_chunk_execute(run_id=run.pk, need_ids=chunk, index=0)  # the worker died after writing; redelivered
    again = MatchRun.objects.get(pk=run.pk)
    assert (again.chunks_done, again.kept, again.scored) == (1, first.kept, first.scored)
    assert again.status == "running" and first.kept > 0
    run_chunk_execute(run_id=run.pk, need_ids=spec.active_need_ids()[40:80], index=1)
    assert MatchRun.objects.get(pk=run.pk).status == "succeeded"


@pytest.mark.parametrize("domain", ["supply", "financing"])
def test_a_batch_of_needs_costs_the_same_queries_whatever_its_size(world, cached, domain):
    spec = get_domain(domain)
    ids = spec.active_need_ids()
    match_needs(spec, ids[:3])  # the store is loaded
    counts = []
    for batch in (ids[3:5], ids[5:65]):
        Match.objects.filter(need_id__in=batch, domain=domain).delete()
        with CaptureQueriesContext(connection) as queries:
            match_needs(spec, batch)
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    assert Match.objects.filter(domain=domain, need_id__in=ids[5:65]).count() > 60


@pytest.mark.django_db(transaction=True)
def test_a_store_past_its_ttl_keeps_serving_while_a_fresh_one_loads_in_the_background(settings,
                                                                                      committed_reference_data):
    import time

    from matching.engine import offerstore
    from tests import factories

    settings.QILIAN_MATCH_STORE_TTL = 300.0
    drop_stores()
    bank = factories.bank().membership.organization
    first = factories.product(bank)
    spec = get_domain("financing")
    old = spec.context(None)
    assert old.cols["id"].tolist() == [first.pk]
    # an organization-level change (no offer saved): only a reload sees it
    type(bank).objects.filter(pk=bank.pk).update(verification="pending")
    old.loaded_at -= 301
    assert spec.context(None) is old  # served at once, not reloaded in line
    deadline = time.monotonic() + 10
    while offerstore._stores.get("financing") is old and time.monotonic() < deadline:
        time.sleep(0.05)
    fresh = spec.context(None)
    assert fresh is not old and fresh.cols["id"].tolist() == []
    drop_stores()
