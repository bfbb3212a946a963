"""Build a judged set's final grades (``qrels.json``) and agreement report from the labellers' files.

Each labelling round lives in its own folder under ``benchmarks/judged/<domain>/`` (``labels/`` for
round 1, ``round2/`` …) with ``answer_key.json`` (pair id → need, candidate), the two blind
labellers' ``A.json`` and ``B.json`` ({"grades": {pair: 0–3}, "notes": {...}}) and the
adjudicator's ``settled.json`` for the pairs they disagreed on. A pair's grade is the labellers'
when they agree, else the adjudicator's; then the rubric's feasibility caps are applied
mechanically from the world's facts (lead time over the days left, same-unit capacity under a
third of the quantity, a missing required certification, outside a restricted range without
naming the buyer's region — ``RUBRIC.md``), since those are facts, not judgement, and two people
may miss one. Pure Python, no database: ``python -m matching.bench.relevance.qrels supply``.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

JUDGED = Path(__file__).resolve().parents[3] / "benchmarks" / "judged"
ROUNDS = ("labels", "round2")
GRADES = (0, 1, 2, 3)
RELEVANT = 2


def read(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def kappa(x: list[int], y: list[int], weights: str = "") -> float:
    """Cohen's kappa of two label lists over grades 0–3; ``weights`` "linear" or "quadratic"."""
    def w(i: int, j: int) -> float:
        if weights == "linear":
            return abs(i - j) / 3
        if weights == "quadratic":
            return (i - j) ** 2 / 9
        return float(i != j)
    n = len(x)
    observed = sum(w(i, j) for i, j in zip(x, y, strict=True)) / n
    cx, cy = Counter(x), Counter(y)
    expected = sum(cx[i] * cy[j] * w(i, j) for i in GRADES for j in GRADES) / (n * n)
    return 1 - observed / expected if expected else 1.0


def agreement(a: dict[str, int], b: dict[str, int]) -> dict[str, Any]:
    """Exact agreement, Cohen's kappa (plain, linear, quadratic) and kappa on relevant (≥2) or not."""
    ids = sorted(a)
    x, y = [a[i] for i in ids], [b[i] for i in ids]
    rx, ry = [int(v >= RELEVANT) for v in x], [int(v >= RELEVANT) for v in y]
    return {"pairs": len(ids), "exact": round(sum(i == j for i, j in zip(x, y, strict=True)) / len(ids), 3),
            "kappa": round(kappa(x, y), 3), "kappa_linear": round(kappa(x, y, "linear"), 3),
            "kappa_quadratic": round(kappa(x, y, "quadratic"), 3), "kappa_relevant": round(kappa(rx, ry), 3),
            "disagreements": sum(i != j for i, j in zip(x, y, strict=True)),
            "off_by_more_than_one": sum(abs(i - j) > 1 for i, j in zip(x, y, strict=True))}


_CERT = {"AS9100D": "AS9100"}


def _cert(value: str) -> str:
    v = value.replace(" ", "").upper()
    return _CERT.get(v, v)


def infeasible(need: dict[str, Any], cap: dict[str, Any], firms: dict[str, dict[str, Any]]) -> list[str]:
    """The rubric's feasibility caps this candidate hits for this need (empty: none)."""
    out = []
    days, lead = need.get("needed_in_days"), cap.get("lead_time_days")
    if days is not None and lead is not None and lead > days:
        out.append("lead_time")
    quantity, capacity = need.get("quantity"), cap.get("capacity_per_month")
    if quantity and capacity is not None and need.get("unit") and need.get("unit") == cap.get("unit") \
            and capacity * 3 < quantity:
        out.append("capacity")
    held = {_cert(c) for c in cap.get("certifications") or ()}
    if any(_cert(c) not in held for c in need.get("required_certifications") or ()):
        out.append("certification")
    buyer, supplier = firms[need["firm"]]["city"], firms[cap["firm"]]["city"]
    named = bool({buyer, buyer[:4] + "00", buyer[:2] + "0000"} & set(cap.get("regions_served") or ()))
    limit = {"city": 4, "province": 2}.get(need.get("max_distance") or "any")
    if limit and buyer[:limit] != supplier[:limit] and not named:
        out.append("range")
    return out


def declared_elsewhere(need: dict[str, Any], cap: dict[str, Any], firms: dict[str, dict[str, Any]]) -> bool:
    """The supplier lists the regions it serves and the buyer's is not among them. The rubric does
    not cap this (only the buyer's range), the engine excludes it (the supplier's own limit)."""
    served = set(cap.get("regions_served") or ())
    buyer = firms[need["firm"]]["city"]
    return bool(served) and not ({buyer, buyer[:4] + "00", buyer[:2] + "0000"} & served)


@dataclass
class Built:
    grades: dict[str, dict[str, int]] = field(default_factory=dict)
    rounds: list[dict[str, Any]] = field(default_factory=list)
    capped: Counter = field(default_factory=Counter)
    capped_pairs: list[str] = field(default_factory=list)
    outside_area: list[str] = field(default_factory=list)


def build(domain: str, rounds: Iterable[str] = ROUNDS) -> Built:
    """Final grades by need and candidate from every round present, with per-round agreement."""
    folder = JUDGED / domain
    world = read(folder / "world.json")
    needs = {n["key"]: n for n in world["needs"]}
    offers = {c["key"]: c for c in world["capabilities"]}
    firms = {f["key"]: f for f in world["firms"]}
    out = Built()
    for name in rounds:
        where = folder / name
        if not (where / "A.json").exists():
            continue
        key = read(where / "answer_key.json") if (where / "answer_key.json").exists() else read(
            folder / "answer_key.json")
        a, b = read(where / "A.json")["grades"], read(where / "B.json")["grades"]
        settled = read(where / "settled.json")["grades"] if (where / "settled.json").exists() else {}
        missing = [p for p in a if a[p] != b[p] and p not in settled]
        if missing:
            raise ValueError(f"{name}: {len(missing)} disagreements not settled, e.g. {missing[:3]}")
        report = {"round": name, **agreement(a, b), "settled": len(settled),
                  "settled_as_A": sum(settled[p] == a[p] for p in settled),
                  "settled_as_B": sum(settled[p] == b[p] for p in settled)}
        out.rounds.append(report)
        for pair, (need, cap) in key.items():
            grade = a[pair] if a[pair] == b[pair] else settled[pair]
            hits = infeasible(needs[need], offers[cap], firms)
            if grade > 1 and hits:
                out.capped.update(hits)
                out.capped_pairs.append(f"{pair} ({need}/{cap}): {grade}→1 {'+'.join(hits)}")
                grade = 1
            if cap in out.grades.get(need, {}) and out.grades[need][cap] != grade:
                raise ValueError(f"{need}/{cap} judged twice with different grades")
            out.grades.setdefault(need, {})[cap] = grade
            if grade > 1 and declared_elsewhere(needs[need], offers[cap], firms):
                out.outside_area.append(f"{pair} ({need}/{cap}): {grade}")
    return out


def write(domain: str) -> Built:
    """Write ``qrels.json`` and ``AGREEMENT.md`` for the domain's judged set."""
    folder = JUDGED / domain
    built = build(domain)
    histogram = Counter(g for by_cap in built.grades.values() for g in by_cap.values())
    (folder / "qrels.json").write_text(json.dumps({
        "status": "final: agreed labels, else the adjudicator's; rubric feasibility caps applied from the world",
        "rounds": built.rounds, "capped": dict(built.capped), "grades": built.grades,
    }, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    lines = [f"# Inter-annotator agreement — {domain}", "",
             "Written by `python -m matching.bench.relevance.qrels " + domain + "` from the labellers' files.", "",
             "| round | pairs | exact | κ | κ linear | κ quadratic | κ relevant (≥2) | disagreements "
             "| off by >1 | settled as A / B |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for r in built.rounds:
        lines.append(f"| {r['round']} | {r['pairs']} | {r['exact']} | {r['kappa']} | {r['kappa_linear']} | "
                     f"{r['kappa_quadratic']} | {r['kappa_relevant']} | {r['disagreements']} | "
                     f"{r['off_by_more_than_one']} | {r['settled_as_A']} / {r['settled_as_B']} |")
    lines += ["", f"Final grades: {sum(histogram.values())} pairs over {len(built.grades)} needs — "
              + ", ".join(f"grade {g}: {histogram[g]}" for g in GRADES) + ".", "",
              "Feasibility caps applied mechanically after labelling (a grade above 1 lowered to 1): "
              + (", ".join(f"{k} {v}" for k, v in sorted(built.capped.items())) or "none") + "."]
    lines += [f"- {p}" for p in built.capped_pairs]
    lines += ["", "Relevant pairs (≥2) the engine cannot show because the supplier lists the regions it serves "
              "and the buyer's is not among them — the rubric caps only by the buyer's range, the engine also "
              "keeps to the supplier's declared area: " + (", ".join(built.outside_area) or "none") + "."]
    (folder / "AGREEMENT.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return built


if __name__ == "__main__":  # pragma: no cover
    result = write(sys.argv[1] if len(sys.argv) > 1 else "supply")
    print(json.dumps(result.rounds, ensure_ascii=False, indent=1), dict(result.capped))
