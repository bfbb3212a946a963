"""Score the engine and the BM25 baseline on a loaded judged world, per split (tuned, held out)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from matching.bench.relevance.bm25 import BM25
from matching.bench.relevance.metrics import Summary, ndcg_at
from matching.bench.relevance.pool import text_of
from matching.bench.relevance.qrels import declared_elsewhere, infeasible
from matching.bench.relevance.runs import ranked_lists, rematch
from matching.supply.catalog import JUDGED, Loaded

K = 10


def read_judgements(domain: str) -> tuple[dict[str, dict[str, int]], dict[str, list[str]]]:
    """(settled grades ``{need: {candidate: grade}}``, the split ``{"tuned": [...], "held_out": [...]}``)."""
    folder = JUDGED / domain
    qrels = json.loads((folder / "qrels.json").read_text(encoding="utf-8"))["grades"]
    split = json.loads((folder / "split.json").read_text(encoding="utf-8"))
    return qrels, split


def allowed(world: dict[str, Any]) -> dict[str, set[str]]:
    """Per need, the capabilities the domain's hard rules let through (lead time, capacity,
    required certifications, the buyer's range, the supplier's declared area; never the buyer's own)."""
    firms = {f["key"]: f for f in world["firms"]}
    return {n["key"]: {c["key"] for c in world["capabilities"] if c["firm"] != n["firm"]
                       and not infeasible(n, c, firms) and not declared_elsewhere(n, c, firms)}
            for n in world["needs"]}


def bm25_lists(world: dict[str, Any], k: int = K, *,
               only: dict[str, set[str]] | None = None) -> dict[str, list[str]]:
    """Per need, BM25's top ``k`` capabilities (the buyer's own left out); ``only``: among these."""
    caps = world["capabilities"]
    index = BM25([text_of(c) for c in caps])
    out = {}
    for need in world["needs"]:
        scores = index.scores(text_of(need))
        keep = only[need["key"]] if only is not None else None
        order = sorted((i for i in range(len(caps)) if caps[i]["firm"] != need["firm"] and scores[i] > 0
                        and (keep is None or caps[i]["key"] in keep)),
                       key=lambda i: (-scores[i], caps[i]["key"]))
        out[need["key"]] = [caps[i]["key"] for i in order[:k]]
    return out


def ceiling(judged: dict[str, int], permitted: set[str], org_of: dict[str, str]) -> float:
    """The best nDCG@10 a list that keeps the hard rules can reach: the permitted judged
    candidates by grade (each organization once), against the ideal over all judged ones."""
    best = sorted((c for c in judged if c in permitted), key=lambda c: (-judged[c], c))
    return ndcg_at(best, judged, org_of, K)


def evaluate(domain: str, world: dict[str, Any], loaded: Loaded, *,
             needs: list[str] | None = None) -> dict[str, Any]:
    """Rematch the domain, then the figures of the engine and of BM25 per split. ``needs`` limits
    the figures to some needs (the fast subset in ``make test``)."""
    qrels, split = read_judgements(domain)
    rematch(domain)
    engine = ranked_lists(domain, list(loaded.needs.values()), k=K)
    cap_key = loaded.capability_key()
    firm_of = {c["key"]: c["firm"] for c in world["capabilities"]}
    permitted = allowed(world)
    baseline, ruled = bm25_lists(world), bm25_lists(world, only=permitted)
    out: dict[str, Any] = {}
    for name, keys in (("tuned", split["tuned"]), ("held_out", split["held_out"])):
        keys = [k for k in keys if needs is None or k in needs]
        mine, theirs, theirs_ruled, ceilings = Summary(), Summary(), Summary(), []
        for key in keys:
            judged = {c: int(g) for c, g in qrels.get(key, {}).items()}
            ranked = [cap_key[offer_id] for offer_id, _org in engine[loaded.needs[key]]]
            mine.add(key, ranked, firm_of, judged, K)
            theirs.add(key, baseline[key], firm_of, judged, K)
            theirs_ruled.add(key, ruled[key], firm_of, judged, K)
            ceilings.append(ceiling(judged, permitted[key], firm_of))
        out[name] = {**mine.figures(), "bm25": theirs.figures(), "bm25_rules": theirs_ruled.figures(),
                     "ndcg_ceiling_under_rules": round(sum(ceilings) / max(len(ceilings), 1), 4),
                     "unjudged": [f"{n}:{c}" for n, c in mine.unjudged]}
    return out


def write_report(results: dict[str, Any], folder: Path) -> None:
    """``relevance.json`` and a readable ``relevance.md`` in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "relevance.json").write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    lines = ["# Relevance on the judged sets (`make eval`)", "",
             f"Run {results['run_at']} on {results['machine']}; engine version {results['engine_versions']}.", ""]
    measures = ("ndcg_at_10", "precision_at_3", "irrelevant_above_relevant", "duplicates_per_need", "coverage",
                "needs_top3_all_relevant")
    rows = (("engine", None), ("BM25 baseline", "bm25"), ("BM25 under the engine's hard rules", "bm25_rules"))
    for domain, splits in results["domains"].items():
        lines += [f"## {domain}", "", "| split | list | needs | " + " | ".join(measures) + " |",
                  "|---|---|---|" + "---|" * len(measures)]
        for split, figures in splits.items():
            for label, part in rows:
                row = figures[part] if part else figures
                lines.append(f"| {split} | {label} | {row['needs']} | "
                             + " | ".join(str(row[m]) for m in measures) + " |")
        lines += ["", "The best nDCG@10 a list that keeps the hard rules can reach (lead time, capacity, required "
                  "certifications, range; judged candidates by grade): "
                  + ", ".join(f"{split} {figures['ndcg_ceiling_under_rules']}" for split, figures in splits.items())
                  + ". Plain BM25 also lists candidates those rules exclude (graded at most 1 by the rubric)."]
        for split, figures in splits.items():
            if figures["unjudged"]:
                lines += ["", f"Unjudged candidates in the engine's top 10 ({split}, judge them next time): "
                          + ", ".join(figures["unjudged"])]
        lines.append("")
    (folder / "relevance.md").write_text("\n".join(lines), encoding="utf-8")
