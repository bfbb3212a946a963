"""The 1:1 meeting scheduler of matchmaking events (产业链对接会): a pure function over plain data.

Given candidate (buyer, supplier) pairs with weights (supply match scores, 0–100), it chooses
meetings ``x[pair, slot] ∈ {0, 1}`` that maximize the total weight held, subject to

* each firm in at most one meeting per slot (a firm registered as both buyer and supplier is one
  firm: its meetings on either side share its slots and its cap);
* each firm in at most ``cap`` meetings (its own cap, else ``default_cap``);
* at most ``tables`` meetings per slot;
* each pair of firms meeting at most once (``(a, b)`` and ``(b, a)`` are the same two firms: the
  better-weighted direction is kept, ties to the smaller ``(buyer, supplier)``);
* blocked pairs never (a block is symmetric: either firm may refuse the other);
* requested pairs first: each carries a bonus larger than all other weights together, so the
  solver maximizes the number of requested meetings held, then the total score.

A pair with weight ≤ 0 (no supply match) is scheduled only when requested.

**Exact solver.** Up to ``max_milp_variables`` variables (pairs × slots, default 20,000) the
problem goes to ``scipy.optimize.milp`` (HiGHS branch and cut) with a zero relative gap: the
answer is optimal (status ``optimal``) unless HiGHS hits ``time_limit``, in which case the better
of its incumbent and the greedy answer is returned and ``optimal`` is False.

**Greedy fallback** (larger instances, or ``method="greedy"``). Pairs in order of weight (bonus
included; ties by ids), each placed in the earliest slot where both firms are free, under their
cap and a table is left. What is proved about it:

* every constraint above holds (each placement checks all of them);
* the answer is *maximal*: no left-out pair could be added in any slot without breaking a
  constraint (constraints only tighten as meetings are added, and every slot was tried);
* it is a 1/3-approximation of the optimum of the (bonus-weighted) objective. Placements
  (pair, slot) form a 3-extendible independence system: adding (p={f,g}, s) to a feasible set B
  needs at most three removals from B — the other meeting of pair p if any (freeing both caps),
  then one meeting of f and one of g (at slot s if they have one, else any, freeing the cap),
  and a slot-s meeting for the table only when neither removal was at slot s; every case needs
  ≤ 3. Greedy by non-increasing weight is 1/k-optimal on k-extendible systems (Mestre, 2006).
  Measured on random instances it is far better than that (see tests/matching/test_events_solver.py).
* requested pairs are placed before all others, so a requested pair is left out only if the
  requested pairs placed before it made it infeasible; unlike the MILP it does *not* guarantee the
  largest number of requested meetings.

Deterministic: pairs are sorted by ids before anything else, HiGHS is deterministic for a given
model, and the greedy breaks ties by ids and earliest slot. Tables are numbered per slot in the
order of (buyer, supplier).
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np

Pair = tuple[int, int]

MAX_MILP_VARIABLES = 20_000
SCALE = 100  # weights are scores with two decimals: solve on integers (hundredths)


@dataclass(frozen=True)
class Assignment:
    """One meeting: ``buyer`` meets ``supplier`` in ``slot`` (0-based) at ``table`` (1-based)."""

    buyer: int
    supplier: int
    slot: int
    table: int
    weight: float
    requested: bool


@dataclass
class Schedule:
    """The solver's answer with what it cost and how good it is known to be."""

    assignments: list[Assignment]
    solver: str  # "milp", "greedy" or "empty"
    optimal: bool
    objective: float  # total weight held (scores, no bonus)
    requested_total: int  # requested pairs that could be scheduled at all (not blocked, not self)
    requested_held: int
    seconds: float
    variables: int
    bound: float | None = None  # an upper bound on the weight (MILP dual bound), when known
    notes: list[str] = field(default_factory=list)


@dataclass
class _Problem:
    pairs: list[Pair]  # sorted (buyer, supplier)
    weights: np.ndarray  # float scores
    requested: np.ndarray  # bool
    objective: np.ndarray  # integer hundredths + bonus for requested
    caps: dict[int, int]
    slots: int
    tables: int


def _key(a: int, b: int) -> frozenset[int]:
    return frozenset((a, b))


def _problem(pairs: Mapping[Pair, float], *, caps: Mapping[int, int], default_cap: int, slots: int,
             tables: int, requested: Iterable[Pair], blocked: Iterable[Pair]) -> _Problem:
    """Candidate pairs: one direction per two firms, blocked and unweighted unrequested ones dropped."""
    blocked_keys = {_key(a, b) for a, b in blocked}
    requested_keys = {_key(a, b) for a, b in requested if a != b} - blocked_keys
    best: dict[frozenset[int], tuple[float, Pair]] = {}
    for (buyer, supplier), weight in sorted(pairs.items()):
        k = _key(buyer, supplier)
        if buyer == supplier or k in blocked_keys or (weight <= 0 and k not in requested_keys):
            continue
        if k not in best or weight > best[k][0]:
            best[k] = (max(float(weight), 0.0), (buyer, supplier))
    chosen = sorted((pair, w) for w, pair in best.values())
    plist = [p for p, _ in chosen]
    weights = np.array([w for _, w in chosen], dtype=float)
    req = np.array([_key(*p) in requested_keys for p in plist], dtype=bool)
    hundredths = np.rint(weights * SCALE).astype(np.int64)
    bonus = int(hundredths[~req].sum()) + 1 if len(plist) else 1
    firms = {f for p in plist for f in p}
    eff = {f: max(0, min(int(caps.get(f, default_cap)), slots)) for f in firms}
    return _Problem(plist, weights, req, hundredths + bonus * req, eff, slots, max(0, tables))


def _number_tables(prob: _Problem, placed: list[tuple[int, int]]) -> list[Assignment]:
    """(pair index, slot) → assignments; slots relabelled fullest first, tables by (buyer, supplier)."""
    by_slot: dict[int, list[int]] = defaultdict(list)
    for i, s in placed:
        by_slot[s].append(i)
    order = sorted(by_slot, key=lambda s: (-len(by_slot[s]), s))
    out = []
    for new_slot, s in enumerate(order):
        for table, i in enumerate(sorted(by_slot[s], key=lambda i: prob.pairs[i]), start=1):
            b, u = prob.pairs[i]
            out.append(Assignment(b, u, new_slot, table, float(prob.weights[i]), bool(prob.requested[i])))
    return sorted(out, key=lambda a: (a.slot, a.table))


def _greedy(prob: _Problem) -> list[tuple[int, int]]:
    order = sorted(range(len(prob.pairs)), key=lambda i: (-prob.objective[i], prob.pairs[i]))
    busy: set[tuple[int, int]] = set()
    load: dict[int, int] = defaultdict(int)
    used = [0] * prob.slots
    placed = []
    for i in order:
        b, u = prob.pairs[i]
        if prob.objective[i] <= 0 or load[b] >= prob.caps[b] or load[u] >= prob.caps[u]:
            continue
        for s in range(prob.slots):
            if used[s] < prob.tables and (b, s) not in busy and (u, s) not in busy:
                busy.update({(b, s), (u, s)})
                load[b] += 1
                load[u] += 1
                used[s] += 1
                placed.append((i, s))
                break
    return placed


def _milp(prob: _Problem, time_limit: float) -> tuple[list[tuple[int, int]], bool, float | None]:
    """Solve x[pair, slot] with HiGHS. Returns (placements, proven optimal, dual bound in objective units)."""
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import coo_matrix

    n_pairs, n_slots = len(prob.pairs), prob.slots
    n = n_pairs * n_slots
    firms = sorted(prob.caps)
    fidx = {f: j for j, f in enumerate(firms)}
    rows, cols, upper = [], [], []
    row = 0
    var = np.arange(n).reshape(n_pairs, n_slots)
    # each pair at most once
    rows.append(np.repeat(np.arange(n_pairs), n_slots))
    cols.append(var.ravel())
    upper.append(np.ones(n_pairs))
    row += n_pairs
    # each firm at most once per slot; its cap over all slots
    pair_firms = np.array([[fidx[b], fidx[u]] for b, u in prob.pairs], dtype=np.int64).reshape(-1, 2)
    for side in (0, 1):
        f = pair_firms[:, side]
        rows.append(row + (f[:, None] * n_slots + np.arange(n_slots)[None, :]).ravel())
        cols.append(var.ravel())
        rows.append(row + len(firms) * n_slots + np.repeat(f, n_slots))
        cols.append(var.ravel())
    upper.append(np.ones(len(firms) * n_slots))
    upper.append(np.array([prob.caps[f] for f in firms], dtype=float))
    row += len(firms) * n_slots + len(firms)
    # tables per slot
    rows.append(row + np.tile(np.arange(n_slots), n_pairs))
    cols.append(var.ravel())
    upper.append(np.full(n_slots, float(prob.tables)))
    row += n_slots
    r, c = np.concatenate(rows), np.concatenate(cols)
    a = coo_matrix((np.ones(len(r)), (r, c)), shape=(row, n)).tocsr()
    cost = -np.repeat(prob.objective.astype(float), n_slots)
    res = milp(cost, integrality=np.ones(n), bounds=Bounds(0, 1),
               constraints=LinearConstraint(a, -np.inf, np.concatenate(upper)),
               options={"time_limit": time_limit, "mip_rel_gap": 0.0, "presolve": True})
    if res.x is None:
        return [], False, None
    x = np.rint(res.x).reshape(n_pairs, n_slots)
    placed = [(int(i), int(s)) for i, s in zip(*np.nonzero(x > 0.5), strict=True)]
    bound = -float(res.mip_dual_bound) if getattr(res, "mip_dual_bound", None) is not None else None
    return placed, res.status == 0, bound


def _total(prob: _Problem, placed: list[tuple[int, int]]) -> int:
    return int(sum(prob.objective[i] for i, _ in placed))


def schedule_meetings(*, pairs: Mapping[Pair, float], slots: int, tables: int, default_cap: int,
                      caps: Mapping[int, int] | None = None, requested: Iterable[Pair] = (),
                      blocked: Iterable[Pair] = (), method: str = "auto",
                      max_milp_variables: int = MAX_MILP_VARIABLES, time_limit: float = 60.0) -> Schedule:
    """Choose the meetings of one event (see the module docstring for the model and guarantees).

    ``pairs`` maps (buyer id, supplier id) to a weight (a score 0–100, 0 = no match); ``caps``
    gives per-firm meeting caps (``default_cap`` otherwise); ``requested`` and ``blocked`` are
    firm pairs in either order. ``method``: ``auto`` (MILP when pairs × slots ≤
    ``max_milp_variables``, else greedy), ``milp`` or ``greedy``. Pure: no database, no clock
    except for the reported ``seconds`` and the MILP's ``time_limit``.
    """
    started = time.perf_counter()
    requested = list(requested)
    prob = _problem(pairs, caps=caps or {}, default_cap=default_cap, slots=max(0, slots), tables=tables,
                    requested=requested, blocked=blocked)
    variables = len(prob.pairs) * prob.slots
    notes: list[str] = []
    bound = None
    if not variables or prob.tables == 0:
        placed, solver, optimal = [], "empty", True
    elif method == "greedy" or (method == "auto" and variables > max_milp_variables):
        placed, solver, optimal = _greedy(prob), "greedy", False
    else:
        placed, optimal, bound_units = _milp(prob, time_limit)
        solver = "milp"
        if not optimal:
            notes.append("time limit reached: best of MILP incumbent and greedy")
            greedy = _greedy(prob)
            if _total(prob, greedy) > _total(prob, placed):
                placed, solver = greedy, "greedy"
        if bound_units is not None and prob.requested.sum() == 0:
            bound = bound_units / SCALE
    assignments = _number_tables(prob, placed)
    return Schedule(
        assignments=assignments, solver=solver, optimal=optimal,
        objective=round(sum(a.weight for a in assignments), 2),
        requested_total=int(prob.requested.sum()), requested_held=sum(a.requested for a in assignments),
        seconds=round(time.perf_counter() - started, 3), variables=variables, bound=bound, notes=notes,
    )
