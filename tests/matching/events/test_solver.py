"""The meeting scheduler (matching.events.scheduling): constraints, optimality against brute force, greedy bound."""

from __future__ import annotations

import random
import time
from collections import Counter

import pytest

from matching.events.scheduling import Schedule, schedule_meetings


def check_valid(result: Schedule, *, pairs, slots, tables, caps, default_cap, blocked=()) -> None:
    """Every hard constraint of the model holds."""
    blocked_keys = {frozenset(p) for p in blocked}
    seen_slot, seen_table, seen_pair = set(), Counter(), set()
    load = Counter()
    for a in result.assignments:
        assert (a.buyer, a.supplier) in pairs, "only candidate pairs are scheduled"
        assert 0 <= a.slot < slots and 1 <= a.table <= tables
        for firm in (a.buyer, a.supplier):
            assert (firm, a.slot) not in seen_slot, f"firm {firm} double-booked in slot {a.slot}"
            seen_slot.add((firm, a.slot))
            load[firm] += 1
        key = frozenset((a.buyer, a.supplier))
        assert key not in seen_pair, "a pair meets at most once"
        assert key not in blocked_keys, "blocked pairs never meet"
        seen_pair.add(key)
        seen_table[(a.slot, a.table)] += 1
    assert all(n == 1 for n in seen_table.values()), "one meeting per table"
    assert all(n <= tables for n in Counter(a.slot for a in result.assignments).values())
    for firm, n in load.items():
        assert n <= caps.get(firm, default_cap), f"firm {firm} over its cap"


def brute_force(*, pairs, slots, tables, caps, default_cap, requested=(), blocked=()) -> tuple[int, float]:
    """The best (requested held, total weight) over every assignment, by exhaustive search."""
    req = {frozenset(p) for p in requested}
    blk = {frozenset(p) for p in blocked}
    best_by_key: dict[frozenset, tuple[float, tuple[int, int]]] = {}
    for (b, s), w in sorted(pairs.items()):
        k = frozenset((b, s))
        if b != s and k not in blk and (w > 0 or k in req) and (k not in best_by_key or w > best_by_key[k][0]):
            best_by_key[k] = (w, (b, s))
    items = sorted((p, w, frozenset(p) in req) for w, p in best_by_key.values())
    best = (0, 0.0)
    busy: set[tuple[int, int]] = set()
    load: Counter = Counter()
    used = [0] * slots

    def dfs(i: int, held: int, total: float) -> None:
        nonlocal best
        if i == len(items):
            if (held, round(total, 6)) > (best[0], round(best[1], 6)):
                best = (held, total)
            return
        dfs(i + 1, held, total)  # pair i does not meet
        (b, s), w, r = items[i]
        if load[b] >= caps.get(b, default_cap) or load[s] >= caps.get(s, default_cap):
            return
        for slot in range(slots):
            if used[slot] < tables and (b, slot) not in busy and (s, slot) not in busy:
                busy.update({(b, slot), (s, slot)})
                load[b] += 1
                load[s] += 1
                used[slot] += 1
                dfs(i + 1, held + r, total + w)
                busy.difference_update({(b, slot), (s, slot)})
                load[b] -= 1
                load[s] -= 1
                used[slot] -= 1

    dfs(0, 0, 0.0)
    return best


def random_instance(seed: int, *, buyers=3, suppliers=3, density=0.8, both=0, slots=2, tables=2):
    rnd = random.Random(seed)
    b_ids = list(range(1, buyers + 1))
    s_ids = list(range(101, 101 + suppliers))
    b_ids += s_ids[:both]  # firms registered as both buyer and supplier
    s_ids += list(range(1, 1 + both))
    pairs = {(b, s): round(rnd.uniform(30, 99), 2) for b in b_ids for s in s_ids if b != s and rnd.random() < density}
    firms = sorted({f for p in pairs for f in p})
    caps = {f: rnd.choice([1, 2, 2]) for f in firms}
    return {"pairs": pairs, "slots": slots, "tables": tables, "caps": caps, "default_cap": 2}


@pytest.mark.parametrize("seed", range(12))
def test_milp_is_optimal_against_brute_force_on_tiny_instances(seed):
    # Given 3 buyers × 3 suppliers × 2 slots × 2 tables (some firms in both roles for odd seeds)
    inst = random_instance(seed, both=seed % 2)
    rnd = random.Random(seed)
    candidates = sorted(inst["pairs"])
    requested = rnd.sample(candidates, min(2, len(candidates))) if seed % 3 == 0 else []
    blocked = rnd.sample(candidates, 1) if seed % 4 == 1 else []
    # When the MILP schedules them
    result = schedule_meetings(**inst, requested=requested, blocked=blocked, method="milp")
    # Then it is valid and as good as the best of every possible assignment
    check_valid(result, **inst, blocked=blocked)
    held, total = brute_force(**inst, requested=requested, blocked=blocked)
    assert result.optimal and result.solver == "milp"
    assert result.requested_held == held
    assert result.objective == pytest.approx(total, abs=1e-6)


def test_greedy_is_valid_maximal_and_within_its_proved_bound():
    ratios = []
    for seed in range(40):
        inst = random_instance(seed, buyers=3, suppliers=4, both=seed % 2, slots=2, tables=2)
        greedy = schedule_meetings(**inst, method="greedy")
        check_valid(greedy, **inst)
        _held, opt = brute_force(**inst)
        assert greedy.objective >= opt / 3 - 1e-9  # 3-extendible system: greedy is a 1/3-approximation
        ratios.append(greedy.objective / opt if opt else 1.0)
    assert min(ratios) > 0.6  # measured: far better than the worst case on these instances


def test_requested_pairs_come_first_even_when_they_score_low():
    # Given one buyer, two suppliers and a single slot: the requested supplier scores far lower
    pairs = {(1, 10): 95.0, (1, 11): 12.0}
    result = schedule_meetings(pairs=pairs, slots=1, tables=5, default_cap=3, requested=[(11, 1)])
    assert [(a.buyer, a.supplier, a.requested) for a in result.assignments] == [(1, 11, True)]
    assert result.requested_held == result.requested_total == 1


def test_a_requested_pair_without_a_match_meets_but_an_unrequested_one_does_not():
    pairs = {(1, 10): 0.0, (2, 11): 0.0}
    result = schedule_meetings(pairs=pairs, slots=2, tables=2, default_cap=2, requested=[(1, 10)])
    assert [(a.buyer, a.supplier) for a in result.assignments] == [(1, 10)]


def test_blocked_pairs_never_meet_even_if_requested():
    pairs = {(1, 10): 99.0, (1, 11): 40.0, (2, 10): 50.0}
    result = schedule_meetings(pairs=pairs, slots=3, tables=3, default_cap=3, requested=[(1, 10)],
                               blocked=[(10, 1)])
    assert (1, 10) not in {(a.buyer, a.supplier) for a in result.assignments}
    assert result.requested_total == 0
    assert len(result.assignments) == 2


def test_two_firms_meet_once_even_when_both_are_buyer_and_supplier():
    pairs = {(1, 2): 70.0, (2, 1): 80.0}
    result = schedule_meetings(pairs=pairs, slots=4, tables=4, default_cap=4)
    assert [(a.buyer, a.supplier, a.weight) for a in result.assignments] == [(2, 1, 80.0)]


def test_caps_slots_and_tables_bind():
    # 4 buyers × 4 suppliers all matched, 2 slots, 3 tables, cap 1: at most min(3·2, 8·1/2) = 4 meetings
    pairs = {(b, s): 50.0 + b + s / 100 for b in range(1, 5) for s in range(11, 15)}
    inst = {"pairs": pairs, "slots": 2, "tables": 3, "caps": {}, "default_cap": 1}
    result = schedule_meetings(**inst)
    check_valid(result, **inst)
    assert len(result.assignments) == 4
    inst = {**inst, "default_cap": 2}
    result = schedule_meetings(**inst)
    check_valid(result, **inst)
    assert len(result.assignments) == 6  # now the tables bind: 3 per slot × 2 slots


def test_deterministic_whatever_the_input_order():
    inst = random_instance(7, buyers=8, suppliers=8, density=0.6, both=2, slots=4, tables=3)
    first = schedule_meetings(**inst)
    shuffled = list(inst["pairs"].items())
    random.Random(1).shuffle(shuffled)
    second = schedule_meetings(**{**inst, "pairs": dict(shuffled)})
    assert first.assignments == second.assignments
    greedy = [schedule_meetings(**{**inst, "pairs": dict(p)}, method="greedy").assignments
              for p in (inst["pairs"].items(), shuffled)]
    assert greedy[0] == greedy[1]


def test_forced_large_instance_falls_back_to_greedy_and_stays_valid():
    # 60 buyers × 60 suppliers, fully matched, 8 slots: 28,800 variables > 20,000
    inst = random_instance(3, buyers=60, suppliers=60, density=1.0, slots=8, tables=10)
    started = time.perf_counter()
    result = schedule_meetings(**inst)
    assert result.solver == "greedy" and result.variables > 20_000
    assert time.perf_counter() - started < 5
    check_valid(result, **inst)
    # maximal: no left-out pair fits anywhere
    busy = {(f, a.slot) for a in result.assignments for f in (a.buyer, a.supplier)}
    load = Counter(f for a in result.assignments for f in (a.buyer, a.supplier))
    per_slot = Counter(a.slot for a in result.assignments)
    met = {frozenset((a.buyer, a.supplier)) for a in result.assignments}
    for (b, s) in inst["pairs"]:
        if frozenset((b, s)) in met or load[b] >= inst["caps"][b] or load[s] >= inst["caps"][s]:
            continue
        assert all(per_slot[t] >= 10 or (b, t) in busy or (s, t) in busy for t in range(8))


def test_forty_by_forty_eight_slots_ten_tables_is_solved_to_optimality_quickly():
    inst = random_instance(11, buyers=40, suppliers=40, density=1.0, both=0, slots=8, tables=10)
    inst["caps"] = {}
    inst["default_cap"] = 4
    requested = sorted(inst["pairs"])[::97]
    started = time.perf_counter()
    result = schedule_meetings(**inst, requested=requested)
    elapsed = time.perf_counter() - started
    check_valid(result, **inst)
    assert result.solver == "milp" and result.optimal
    assert result.requested_held == result.requested_total == len(requested)
    assert len(result.assignments) == 80  # the tables bind: 8 slots × 10 tables
    assert elapsed < 30


def test_nothing_to_schedule():
    result = schedule_meetings(pairs={(1, 2): 0.0}, slots=3, tables=2, default_cap=2)
    assert result.assignments == [] and result.solver == "empty"
