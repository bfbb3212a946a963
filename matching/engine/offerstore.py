"""Offer stores: a domain's active offers as column arrays in the worker's memory.

A store is loaded from PostgreSQL with one query (the hard rules that hold for every need —
active offer, verified organization — are its ``WHERE``), then every need's candidates are
found, filtered by the need-specific hard rules and scored on those arrays: no per-need round
trip, no model instances. Freshness:

* a domain rematch run loads one snapshot per run and worker process (``run_id``): every chunk
  of the run on that worker scores against the same offers;
* single-need work reuses the process's store for ``QILIAN_MATCH_STORE_TTL`` seconds and, on
  every use, merges the offers saved since the store was loaded (one query on the indexed
  ``updated_at``), so a new or edited offer counts at once; organization-level facts (white
  list, 专精特新 level, chain segments, region) reach single-need matches within the TTL;
* whatever the store says, the engine checks its top offers against the live table (active,
  organization verified) before writing, so a withdrawn offer is never written.

A TTL of 0 (the test settings) reloads on every use: tests see exactly the database.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

import numpy as np
from django.conf import settings
from django.db import models
from django.db.models import QuerySet
from django.utils import timezone
from scipy import sparse

from matching.engine.registry import get_domain

#: Rows saved this long before a load are read again by the next delta (commits lag saves).
DELTA_MARGIN = timedelta(seconds=60)


class Store:
    """A domain's offers as column arrays (``cols``, ``cols["id"]`` ascending). A subclass names
    its ``model``, the ``query`` of offer rows and how rows become ``_columns``; ``refresh``
    (merging the offers saved since the last load) is the same for every domain."""

    model: type[models.Model]

    def __init__(self) -> None:
        self.run_id: int | None = None
        self.loaded_at, self.watermark = load_started()
        self.cols: dict[str, Any] = {}

    def query(self) -> QuerySet:
        raise NotImplementedError

    def _columns(self, rows: list[tuple]) -> dict[str, Any]:
        raise NotImplementedError

    def _prepare(self, rows: list[tuple]) -> None:
        """What ``_columns`` needs for rows merged later (e.g. the track record of a new bank)."""

    def _index(self) -> None:
        """Indexes derived from ``cols`` (rebuilt after every merge)."""

    def refresh(self) -> None:
        """Merge the offers saved since the last load or refresh (one query on the indexed
        ``updated_at``): changed rows are replaced, withdrawn ones dropped, new ones added."""
        since, now = self.watermark, timezone.now()
        changed = list(self.model.objects.filter(updated_at__gte=since).values_list("id", flat=True))
        if not changed:
            return
        fresh = list(self.query().filter(pk__in=changed))
        self._prepare(fresh)
        merged = concat_columns(self.cols, self._columns(fresh), ~np.isin(self.cols["id"], changed))
        self.cols = take_rows(merged, np.argsort(merged["id"], kind="stable"))
        self.watermark = now - DELTA_MARGIN
        self._index()


_stores: dict[str, Store] = {}
_lock = threading.Lock()


def store_for(domain: str, loader: Callable[[], Store], *, run_id: int | None = None) -> Store:
    """The domain's store in this process: the run's snapshot when ``run_id`` is given (loaded
    by the run's first chunk here), else the process's store with recent offers merged. A store
    past its TTL keeps serving while a fresh one loads in a background thread, so no single
    need pays for a reload (only the very first use in a process loads in line)."""
    ttl = float(getattr(settings, "QILIAN_MATCH_STORE_TTL", 300))
    with _lock:
        cached = _stores.get(domain)
        if run_id is not None:
            if cached is not None and cached.run_id == run_id:
                return cached
        elif cached is not None and ttl > 0:
            if time.monotonic() - cached.loaded_at >= ttl:
                _reload_in_background(domain, loader)
            cached.refresh()
            return cached
        store = loader()
        store.run_id = run_id
        _stores[domain] = store
        return store


_reloading: set[str] = set()


def _reload_in_background(domain: str, loader: Callable[[], Store]) -> None:
    """Load a fresh store in a thread and swap it in when ready (at most one per domain)."""
    if domain in _reloading:
        return
    _reloading.add(domain)

    def work() -> None:
        from django.db import connection

        try:
            store = loader()
            with _lock:
                _stores[domain] = store
        finally:
            _reloading.discard(domain)
            connection.close()  # the thread's own connection

    threading.Thread(target=work, name=f"offer-store-{domain}", daemon=True).start()


def preload(domains: Iterable[str]) -> None:
    """Load the domains' stores in a background thread (a worker process starting), so the
    first need it matches does not wait for them. Nothing when stores are not reused (TTL 0)."""
    if float(getattr(settings, "QILIAN_MATCH_STORE_TTL", 300)) <= 0:
        return

    def work() -> None:
        from django.db import connection

        try:
            for name in domains:
                get_domain(name).context(None)
        finally:
            connection.close()

    threading.Thread(target=work, name="offer-store-preload", daemon=True).start()


def drop_stores() -> None:
    """Forget every loaded store (the next use reloads)."""
    with _lock:
        _stores.clear()


def load_started() -> tuple[float, datetime]:
    """(monotonic time, delta watermark) for a store loaded now."""
    return time.monotonic(), timezone.now() - DELTA_MARGIN


def membership(values: Sequence[Iterable[str]], size: int) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """(rows whose list is empty, value → boolean array of the rows holding it)."""
    empty = np.ones(size, dtype=bool)
    holders: dict[str, np.ndarray] = {}
    for i, vs in enumerate(values):
        for v in vs:
            empty[i] = False
            if v not in holders:
                holders[v] = np.zeros(size, dtype=bool)
            holders[v][i] = True
    return empty, holders


def any_of(holders: dict[str, np.ndarray], wanted: Iterable[str], rows: np.ndarray) -> np.ndarray:
    """For each of ``rows``: does it hold any of ``wanted``?"""
    out = np.zeros(len(rows), dtype=bool)
    for w in wanted:
        if w in holders:
            out |= holders[w][rows]
    return out


def concat_columns(a: dict[str, Any], b: dict[str, Any], keep_a: np.ndarray) -> dict[str, Any]:
    """Rows ``keep_a`` of ``a`` followed by every row of ``b``, column by column (arrays, sparse
    matrices, and dicts of boolean membership arrays, where a value missing on one side is False)."""
    out: dict[str, Any] = {}
    n_a, n_b = int(keep_a.sum()), len(b["id"])
    for key, va in a.items():
        vb = b[key]
        if isinstance(va, dict):
            out[key] = {v: np.concatenate([va[v][keep_a] if v in va else np.zeros(n_a, dtype=bool),
                                           vb[v] if v in vb else np.zeros(n_b, dtype=bool)])
                        for v in set(va) | set(vb)}
        elif sparse.issparse(va):
            out[key] = sparse.vstack([va[np.flatnonzero(keep_a)], vb], format="csr")
        else:
            out[key] = np.concatenate([va[keep_a], vb])
    return out


def take_rows(cols: dict[str, Any], order: np.ndarray) -> dict[str, Any]:
    """The rows ``order`` of every column."""
    return {k: ({v: a[order] for v, a in val.items()} if isinstance(val, dict) else val[order])
            for k, val in cols.items()}


def blocks(codes: np.ndarray) -> dict[Any, np.ndarray]:
    """Value → sorted rows holding it (category blocking)."""
    if not len(codes):
        return {}
    order = np.argsort(codes, kind="stable")
    values, starts = np.unique(codes[order], return_index=True)
    ends = [*starts[1:], len(order)]
    return {v: order[s:e] for v, s, e in zip(values.tolist(), starts, ends, strict=True)}


def rows_of(block_index: dict[Any, np.ndarray], keys: Iterable[Any]) -> np.ndarray:
    parts = [block_index[k] for k in keys if k in block_index]
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
