"""The supply vocabulary of the benchmark world: the demo's supply world, class by class.

The demo world (``benchmarks/judged/supply/world.json``, 439 capabilities and 96 needs written by
a domain expert) says which GB/T 4754 classes capabilities and needs are filed under, how often
(overall and per chain) and in what words. A synthetic row of a class recombines real rows of that
class: the title of one row (with an optional suffix such as ``（批量供货）``), the description's
first clauses of that row and a clause or two of another row of the class, their materials,
processes and specifications — so it reads like a real product and stays consistent with its
class (``球墨铸铁箱体、壳体铸件（变速箱/驱动桥/轮边）（批量供货）``, ``QT450-10``, ``树脂砂铸造``).

Classes are drawn so that the benchmark's class distribution follows the world's: an enterprise
on a chain draws from the classes its chain's firms use in the world (``CHAIN_AFFINITY`` of the
time, less for a chain the benchmark has more enterprises of than the world has rows), the rest
from what the chains leave of the world's distribution; each chain's rows are spread over the
classes by systematic sampling, so a small world is as close to the demo's as rounding allows.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

CERTS = ("ISO 9001", "IATF 16949", "AS9100", "CRCC", "ISO 13485", "CCC")
UNITS = ("件", "套", "台", "吨")  # when the source row names none
#: How often an enterprise on a chain draws its class from its chain's classes (at most).
CHAIN_AFFINITY = 0.7
#: Optional title suffixes, as firms write them; "" (no suffix) is the most common.
CAPABILITY_SUFFIXES = ("", "", "", "", "（批量供货）", "（可来图定制）", "（小批量试制）", "（来样加工）")
NEED_SUFFIXES = ("", "", "", "", "（长期配套）", "（首批试制）", "（年度采购）", "（寻找二供）")
_CLAUSE = re.compile(r"[，。；;]")
#: At most this many materials, processes or specifications per row (the portal accepts ten).
MAX_TERMS = 6


@dataclass(frozen=True)
class Source:
    """The text parts of one row of the demo world."""

    title: str
    clauses: tuple[str, ...]
    materials: tuple[str, ...]
    processes: tuple[str, ...]
    specs: tuple[str, ...]
    unit: str

    @classmethod
    def of(cls, row: dict[str, Any]) -> Source:
        clauses = tuple(c.strip() for c in _CLAUSE.split(row.get("description") or "") if c.strip())
        return cls(title=row["title"], clauses=clauses, materials=tuple(row.get("materials") or ()),
                   processes=tuple(row.get("processes") or ()), specs=tuple(row.get("specs") or ()),
                   unit=row.get("unit") or "")


@dataclass
class Side:
    """One side of the demo world (its capabilities, or its needs): rows by class, how often each
    class occurs, and per chain how often its firms' rows are filed under each class."""

    rows: dict[str, list[Source]] = field(default_factory=dict)
    frequency: Counter[str] = field(default_factory=Counter)
    by_chain: dict[str, Counter[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, rows: list[dict[str, Any]], chain_of_firm: dict[str, str], classes: set[str]) -> Side:
        side = cls()
        for row in rows:
            code = row["class"]
            if code not in classes:
                continue  # only classes the taxonomy has
            side.rows.setdefault(code, []).append(Source.of(row))
            side.frequency[code] += 1
            chain = chain_of_firm.get(row["firm"], "")
            if chain:
                side.by_chain.setdefault(chain, Counter())[code] += 1
        return side

    def shares(self) -> dict[str, float]:
        return shares(self.frequency)


@dataclass
class Vocabulary:
    """The demo world's capabilities and needs by class (see the module's docstring)."""

    capabilities: Side
    needs: Side

    @classmethod
    def of(cls, world: dict[str, Any], classes: set[str]) -> Vocabulary:
        chain_of_firm = {f["key"]: f.get("chain") or "" for f in world["firms"]}
        return cls(capabilities=Side.of(world["capabilities"], chain_of_firm, classes),
                   needs=Side.of(world["needs"], chain_of_firm, classes))

    def capability_text(self, rng: random.Random, code: str) -> dict[str, Any]:
        rows = self.capabilities.rows[code]
        return compose(rng, rows, rows, CAPABILITY_SUFFIXES)

    def need_text(self, rng: random.Random, code: str) -> dict[str, Any]:
        """A buyer's need: title and first clauses from a need of the class, other clauses from
        any row of the class (a class with one need still varies)."""
        donors = self.needs.rows[code] + self.capabilities.rows.get(code, [])
        return compose(rng, self.needs.rows[code], donors, NEED_SUFFIXES)


@lru_cache(maxsize=4)
def demo_vocabulary(classes: frozenset[str]) -> Vocabulary:
    """The demo's supply world (read once per process), keeping the classes in ``classes``."""
    from matching.supply.catalog import read_world

    return Vocabulary.of(read_world("supply"), set(classes))


# ---- classes --------------------------------------------------------------------------------


def _affinities(side: Side, bench_rows: Counter[str]) -> dict[str, tuple[float, dict[str, float]]]:
    """Per chain: how often its rows draw from its own classes (α) and its own class distribution."""
    total, world_rows = sum(bench_rows.values()), sum(side.frequency.values())
    out: dict[str, tuple[float, dict[str, float]]] = {}
    for chain, count in bench_rows.items():
        classes = side.by_chain.get(chain) if chain else None
        if not classes:
            out[chain] = (0.0, {})
            continue
        rows = sum(classes.values())
        alpha = min(CHAIN_AFFINITY, (rows / world_rows) / (count / total))
        out[chain] = (alpha, {code: n / rows for code, n in classes.items()})
    return out


def chain_mix(side: Side, bench_rows: Counter[str]) -> dict[str, dict[str, float]]:
    """Per chain of the benchmark's rows (``""``: none), the class distribution its rows draw from,
    such that over all rows the classes follow the world's distribution.

    A chain's rows draw from its own classes (the world's rows of its firms) with probability
    ``α = min(CHAIN_AFFINITY, world share of the chain's rows / benchmark share)`` — so no class
    gets more from the chains than the world gives it — and otherwise from the residual: the
    world's distribution minus what the chains take, renormalised."""
    world, total = side.shares(), sum(bench_rows.values())
    affinity = _affinities(side, bench_rows)
    taken = Counter[str]()
    for chain, count in bench_rows.items():
        alpha, own = affinity[chain]
        for code, p in own.items():
            taken[code] += count / total * alpha * p
    residual = {code: max(share - taken[code], 0.0) for code, share in world.items()}
    norm = sum(residual.values()) or 1.0
    return {chain: {code: alpha * own.get(code, 0.0) + (1 - alpha) * residual[code] / norm for code in world}
            for chain, (alpha, own) in affinity.items()}


def systematic(rng: random.Random, distribution: dict[str, float], m: int) -> list[str]:
    """``m`` classes from ``distribution`` by systematic sampling (one random offset, evenly spaced
    points on the cumulative distribution), shuffled: each class gets its expected count ± 1."""
    codes = sorted(c for c, p in distribution.items() if p > 0)
    total = sum(distribution[c] for c in codes)
    out, cumulative, i = [], 0.0, 0
    offset = rng.random()
    for code in codes:
        cumulative += distribution[code] / total
        while i < m and (offset + i) / m < cumulative:
            out.append(code)
            i += 1
    out += codes[-1:] * (m - len(out))  # rounding at the very end
    rng.shuffle(out)
    return out


def draw_classes(rng: random.Random, side: Side, chains: list[str]) -> list[str]:
    """A class for each benchmark row, given the chain of its enterprise (``""``: none)."""
    rows_of: dict[str, list[int]] = {}
    for i, chain in enumerate(chains):
        rows_of.setdefault(chain, []).append(i)
    mixes = chain_mix(side, Counter({chain: len(rows) for chain, rows in rows_of.items()}))
    out = [""] * len(chains)
    for chain in sorted(rows_of):
        for i, code in zip(rows_of[chain], systematic(rng, mixes[chain], len(rows_of[chain])), strict=True):
            out[i] = code
    return out


# ---- text -----------------------------------------------------------------------------------


def _some(rng: random.Random, values: tuple[str, ...], keep: float) -> list[str]:
    return [v for v in values if rng.random() < keep]


def _terms(rng: random.Random, own: tuple[str, ...], other: tuple[str, ...]) -> list[str]:
    """Most of the row's own terms and, now and then, one of the donor row's."""
    terms = _some(rng, own, 0.85)
    if other and rng.random() < 0.3:
        terms.append(rng.choice(other))
    return list(dict.fromkeys(terms))[:MAX_TERMS]


def compose(rng: random.Random, rows: list[Source], donors: list[Source], suffixes: tuple[str, ...]) -> dict[str, Any]:
    """Title, description, materials, processes, specifications and unit of one synthetic row: a
    row of ``rows`` gives the title and the description's start, another row of ``donors`` (the
    same class) a clause or two and a term now and then."""
    main = rng.choice(rows)
    others = [d for d in donors if d is not main] or [main]
    donor = rng.choice(others)
    clauses = list(main.clauses[:1]) + _some(rng, main.clauses[1:], 0.6)
    if donor.clauses:
        clauses += rng.sample(donor.clauses, min(len(donor.clauses), rng.randint(1, 2)))
    description = "，".join(dict.fromkeys(clauses)) + "。" if clauses else ""
    return {"title": (main.title + rng.choice(suffixes))[:128], "description": description,
            "materials": _terms(rng, main.materials, donor.materials),
            "processes": _terms(rng, main.processes, donor.processes),
            "specs": _terms(rng, main.specs, donor.specs), "unit": main.unit or rng.choice(UNITS)}


# ---- how close two class distributions are --------------------------------------------------


def total_variation(a: dict[str, float], b: dict[str, float]) -> float:
    """½ Σ |a − b| over the classes of either (0: the same distribution, 1: disjoint)."""
    return 0.5 * sum(abs(a.get(c, 0.0) - b.get(c, 0.0)) for c in set(a) | set(b))


def shares(counts: Counter[str]) -> dict[str, float]:
    total = sum(counts.values()) or 1
    return {code: n / total for code, n in counts.items()}
