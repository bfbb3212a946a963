"""The product taxonomy of 找配套: GB/T 4754-2017 manufacturing (门类 C) as the backbone — divisions
(大类, 2 digits), groups (中类, 3 digits) and classes (小类, 4 digits) — with the chains' product
groups (this project's own codes, e.g. ``hydraulics``) placed under the class or group they belong to.

The classes come from ``data/gbt4754_2017_manufacturing.csv`` (its source and counts are in
``data/README.md``). The product groups are the categories the portal started with; their codes
stay valid: a need or capability filed under ``hydraulics`` is matched as class 3444.
"""

from __future__ import annotations

import csv
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "gbt4754_2017_manufacturing.csv"

DIVISION, GROUP, CLASS, PRODUCT = "division", "group", "class", "product"

#: The chains' product groups: (code, name, the GB/T 4754 class or group it belongs to, chain slug or "").
PRODUCT_GROUPS = [
    ("hydraulics", "液压件", "3444", "construction-machinery"),
    ("bearings", "轴承", "3451", ""),
    ("gears-gearboxes", "齿轮与减速机", "3453", "construction-machinery"),
    ("pumps-valves", "泵与阀门", "344", ""),
    ("engines", "发动机及配件", "3412", "construction-machinery"),
    ("castings-forgings", "铸锻件", "339", ""),
    ("structural-parts", "结构件与焊接件", "3311", "construction-machinery"),
    ("machined-parts", "机加工件", "3484", ""),
    ("stampings", "冲压件与钣金件", "3399", ""),
    ("surface-treatment", "热处理与表面处理", "3360", ""),
    ("chassis", "底盘与驾驶室", "3514", "construction-machinery"),
    ("motors", "电机", "381", ""),
    ("traction-systems", "牵引与电力电子", "3824", "rail-transit"),
    ("rail-parts", "轨道车辆配件", "3715", "rail-transit"),
    ("brakes", "制动系统", "3715", "rail-transit"),
    ("aero-parts", "航空零部件", "3741", "aero-engine-aerospace"),
    ("composites", "复合材料", "2659", "aero-engine-aerospace"),
    ("wiring-harness", "线束与连接器", "3670", "nev-icv"),
    ("auto-parts", "汽车零部件", "3670", "nev-icv"),
    ("cables", "电线电缆", "3831", "power-transmission"),
    ("transformers", "变压器与电抗器", "3821", "power-transmission"),
    ("switchgear", "开关设备", "3823", "power-transmission"),
    ("insulators", "绝缘子与电瓷", "3834", "power-transmission"),
    ("battery-materials", "电池材料", "3985", "energy-storage-materials"),
    ("battery-cells", "电芯与电池包", "3841", "energy-storage-materials"),
    ("chips-modules", "芯片与模组", "3973", "secure-computing"),
    ("pcb-electronics", "电路板与电子组件", "3982", ""),
    ("sensors", "传感器与仪表", "3983", ""),
    ("display-glass", "显示玻璃与盖板", "3974", "new-display"),
    ("carbide-tools", "硬质合金与刀具", "3321", "hard-materials"),
    ("tungsten-powders", "钨钴粉末与棒材", "3240", "hard-materials"),
    ("plastic-parts", "注塑件与橡塑件", "2929", ""),
    ("pharma-api", "原料药与中间体", "2710", "biomedicine"),
    ("medical-devices", "医疗器械及耗材", "358", "biomedicine"),
    ("chemicals", "化工原料与助剂", "266", "petrochemical"),
    ("automation", "自动化设备与机器人", "3491", ""),
]


def gbt4754_rows() -> list[dict[str, str]]:
    """The data file's rows (code, level, parent, name, remark), divisions first, in file order."""
    with DATA.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def load_taxonomy(apps=None) -> int:
    """Upsert every GB/T 4754 manufacturing division, group and class, and the product groups
    under their classes. Idempotent; returns the number of categories written."""
    if apps is None:
        from django.apps import apps as registry

        apps = registry
    category = apps.get_model("matching", "ProductCategory")
    chain = apps.get_model("enterprises", "IndustrialChain")
    rows = gbt4754_rows()
    standard = [category(code=r["code"], name=r["name"], level=r["level"], parent_id=r["parent"] or None,
                         description=r["remark"]) for r in rows]
    # parents before children: divisions, then groups, then classes (each level one statement)
    for level in (DIVISION, GROUP, CLASS):
        category.objects.bulk_create([c for c in standard if c.level == level], update_conflicts=True,
                                     unique_fields=["code"], update_fields=["name", "level", "parent", "description"])
    chains = dict(chain.objects.values_list("slug", "id"))
    groups = [category(code=code, name=name, level=PRODUCT, parent_id=parent, chain_id=chains.get(slug))
              for code, name, parent, slug in PRODUCT_GROUPS]
    category.objects.bulk_create(groups, update_conflicts=True, unique_fields=["code"],
                                 update_fields=["name", "level", "parent", "chain"])
    return len(standard) + len(groups)


class Taxonomy:
    """Each category's place in GB/T 4754: ``(division, group, class)`` codes, ``""`` where it has
    none (a product group under a group has no class; a division has neither)."""

    def __init__(self, rows: list[tuple[str, str, str | None]]) -> None:
        level = {code: lvl for code, lvl, _p in rows}
        parent = {code: up for code, _l, up in rows}
        self.names: dict[str, str] = {}
        self.places: dict[str, tuple[str, str, str]] = {}
        for code, _lvl, _p in rows:
            node, found = code, {DIVISION: "", GROUP: "", CLASS: ""}
            while node:
                if level.get(node) in found and not found[level[node]]:
                    found[level[node]] = node
                node = parent.get(node) or ""
            self.places[code] = (found[DIVISION], found[GROUP], found[CLASS])

    @classmethod
    def load(cls) -> Taxonomy:
        from matching.supply.models import ProductCategory

        taxonomy = cls(list(ProductCategory.objects.values_list("code", "level", "parent_id")))
        taxonomy.names = dict(ProductCategory.objects.values_list("code", "name"))
        return taxonomy

    def place(self, code: str) -> tuple[str, str, str]:
        return self.places.get(code, (code[:2], "", ""))

    def relation(self, a: str, b: str) -> tuple[str, str]:
        """How two categories relate: ("class", code), ("group", code), ("division", code) or ("", "")."""
        pa, pb = self.place(a), self.place(b)
        for level, i in (("class", 2), ("group", 1), ("division", 0)):
            if pa[i] and pa[i] == pb[i]:
                return level, pa[i]
        return "", ""
