"""What buyers read first after the product: its material, its process and its specifications.

Materials and processes are grouped in families (球墨铸铁 and 灰铸铁 are both cast iron; 模锻 and
自由锻 both forging): the same term agrees, the same family is close, different families conflict
(a ductile-iron housing is not a steel forging). Grades and model numbers (QT450-10, HT250, 42CrMo,
CNMG120408, 6205-2RS) are recognised in specifications and text, and a grade names its material
(QT450 → 球墨铸铁). Each side's terms come from its fields and from its own text, so a need that
says 球墨铸铁 only in its description still counts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

#: family → terms (the family's own name included). Order matters only for display.
MATERIALS: dict[str, tuple[str, ...]] = {
    "铸铁": ("铸铁", "灰铸铁", "灰铁", "球墨铸铁", "球铁", "蠕墨铸铁", "可锻铸铁", "合金铸铁", "耐磨铸铁"),
    "铸钢": ("铸钢", "合金铸钢", "耐磨铸钢", "不锈钢铸件", "高锰钢"),
    "钢": ("钢", "碳钢", "碳素钢", "合金钢", "结构钢", "低合金钢", "弹簧钢", "轴承钢", "齿轮钢", "工具钢", "模具钢",
          "渗碳钢", "耐候钢", "钢板", "钢管", "型钢", "不锈钢", "冷轧板", "热轧板", "镀锌板"),
    "铝": ("铝", "铝合金", "压铸铝", "铸造铝合金", "变形铝合金", "铝型材", "铝板"),
    "镁": ("镁合金",),
    "铜": ("铜", "铜合金", "黄铜", "青铜", "紫铜", "无氧铜", "铍铜", "磷青铜", "铜排", "铜线"),
    "钛": ("钛", "钛合金", "纯钛"),
    "高温合金": ("高温合金", "镍基合金", "镍基高温合金", "铁基高温合金", "钴基合金"),
    "硬质合金": ("硬质合金", "钨钴合金", "碳化钨", "金属陶瓷"),
    "钨钼": ("钨", "钼", "钨粉", "钼粉", "钨条", "钨合金"),
    "粉末冶金": ("粉末冶金", "铁基粉末"),
    "塑料": ("塑料", "工程塑料", "尼龙", "聚酰胺", "聚丙烯", "聚乙烯", "聚碳酸酯", "聚甲醛", "ABS", "PA6", "PA66", "PP",
           "PE", "PC", "POM", "PBT", "PEEK", "PPS", "PVC", "PMMA", "TPE", "TPU"),
    "橡胶": ("橡胶", "丁腈橡胶", "氟橡胶", "三元乙丙", "硅橡胶", "天然橡胶", "氯丁橡胶", "聚氨酯"),
    "复合材料": ("复合材料", "碳纤维", "玻璃纤维", "玻璃钢", "芳纶", "环氧树脂基", "碳纤维复合材料"),
    "陶瓷": ("陶瓷", "氧化铝陶瓷", "氮化硅", "碳化硅", "电瓷", "特种陶瓷"),
    "玻璃": ("玻璃", "钢化玻璃", "超薄玻璃", "盖板玻璃", "基板玻璃"),
    "电池材料": ("三元材料", "三元前驱体", "磷酸铁锂", "锰酸锂", "钴酸锂", "石墨负极", "人造石墨", "硅碳负极", "电解液",
             "隔膜", "六氟磷酸锂"),
}

PROCESSES: dict[str, tuple[str, ...]] = {
    "铸造": ("铸造", "砂型铸造", "树脂砂铸造", "粘土砂铸造", "消失模铸造", "V法铸造", "熔模铸造", "精密铸造",
           "离心铸造", "金属型铸造", "低压铸造", "重力铸造"),
    "压铸": ("压铸", "高压压铸", "铝压铸", "锌压铸"),
    "锻造": ("锻造", "自由锻", "模锻", "精锻", "热锻", "冷锻", "温锻", "环轧", "辗环", "辗压"),
    "机加工": ("机加工", "机械加工", "数控加工", "CNC加工", "车削", "铣削", "镗削", "钻削", "磨削", "加工中心",
            "五轴加工", "精加工"),
    "冲压": ("冲压", "钣金", "拉深", "冲裁", "折弯", "剪折", "激光切割", "数控冲", "级进模"),
    "焊接": ("焊接", "机器人焊接", "氩弧焊", "二保焊", "埋弧焊", "激光焊", "搅拌摩擦焊", "点焊", "钎焊"),
    "注塑": ("注塑", "注射成型", "吹塑", "挤出", "模压", "吸塑", "双色注塑"),
    "热处理": ("热处理", "淬火", "回火", "调质", "渗碳", "渗氮", "氮化", "正火", "退火", "感应淬火", "真空热处理"),
    "表面处理": ("表面处理", "电镀", "镀锌", "镀铬", "镀镍", "喷涂", "喷漆", "喷塑", "粉末喷涂", "喷砂", "抛丸",
             "阳极氧化", "达克罗", "发黑", "磷化", "电泳", "热浸镀锌"),
    "粉末冶金": ("粉末冶金", "压制烧结", "烧结", "注射成形", "MIM"),
    "装配": ("装配", "总装", "组装", "集成", "调试"),
    "绕线": ("绕线", "绕制", "浸漆"),
    "贴片": ("SMT", "贴片", "回流焊", "波峰焊", "插件", "PCBA"),
}

#: A grade or model number and the material it names.
GRADES = ((re.compile(r"^QT\d{3}"), "球墨铸铁"), (re.compile(r"^HT\d{3}"), "灰铸铁"),
          (re.compile(r"^ZG\d"), "铸钢"), (re.compile(r"^(\d{2}CR|\d{2}MN|Q\d{3}|\d{2}#)"), "钢"),
          (re.compile(r"^(ADC\d|A356|A380|\d{4}-T\d|6061|6063|7075)"), "铝合金"), (re.compile(r"^TC\d"), "钛合金"),
          (re.compile(r"^(GH\d|K4\d\d|IN7|INCONEL)"), "高温合金"), (re.compile(r"^(YG\d|YT\d|YW\d)"), "硬质合金"),
          (re.compile(r"^(304|316|2CR13|1CR18)"), "不锈钢"))

_SPEC = re.compile(r"[A-Za-z0-9][A-Za-z0-9\-./×*#+]*[0-9][A-Za-z0-9\-./×*#+]*")


def _index(families: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {term.upper(): family for family, terms in families.items() for term in terms}


MATERIAL_FAMILY = _index(MATERIALS)
PROCESS_FAMILY = _index(PROCESSES)


def words() -> list[str]:
    """Every material and process term (jieba learns them as words)."""
    return sorted({t for terms in (*MATERIALS.values(), *PROCESSES.values()) for t in terms if len(t) > 1})


def _found(text: str, index: dict[str, str]) -> set[str]:
    """Known terms appearing in ``text`` (longest first, so 球墨铸铁 is not also read as 铸铁)."""
    upper, out = text.upper(), set()
    for term in sorted(index, key=len, reverse=True):
        if term in upper:
            out.add(term)
            upper = upper.replace(term, " ")
    return out


def normalize_spec(value: str) -> str:
    return re.sub(r"\s+", "", value).upper().replace("×", "X").replace("*", "X")


def specs_in(values: Iterable[str], text: str = "") -> set[str]:
    """Grades and model numbers: the given specifications and any in the text (letters with digits)."""
    found = {normalize_spec(v) for v in values if v and v.strip()}
    found |= {normalize_spec(m) for m in _SPEC.findall(text or "") if re.search(r"[A-Za-z]", m)}
    return {s for s in found if len(s) >= 3}


def materials_in(values: Iterable[str], text: str = "", specs: Iterable[str] = ()) -> set[str]:
    """Material terms (upper-cased) from the fields, the text and the grades named in the specs."""
    found = {v.strip().upper() for v in values if v and v.strip()} | _found(text, MATERIAL_FAMILY)
    for spec in specs:
        for pattern, material in GRADES:
            if pattern.match(spec):
                found.add(material.upper())
    return found


def processes_in(values: Iterable[str], text: str = "") -> set[str]:
    return {v.strip().upper() for v in values if v and v.strip()} | _found(text, PROCESS_FAMILY)


def agreement(need: set[str], offer: set[str], family: dict[str, str]) -> float:
    """1 when a term is shared, 0.5 when only a family is, -1 when both name terms of different
    families only, 0 when either side says nothing."""
    if not need or not offer:
        return 0.0
    if need & offer:
        return 1.0
    need_f = {family.get(t, t) for t in need}
    offer_f = {family.get(t, t) for t in offer}
    if need_f & offer_f:
        return 0.5
    return -1.0


def spec_agreement(need: set[str], offer: set[str]) -> float:
    """1 when a grade or model number is shared, 0.5 when one is a prefix of the other (CNMG and
    CNMG120408, QT450 and QT450-10), else 0."""
    if not need or not offer:
        return 0.0
    if need & offer:
        return 1.0
    if any(a.startswith(b) or b.startswith(a) for a in need for b in offer if min(len(a), len(b)) >= 4):
        return 0.5
    return 0.0


class Attributes:
    """One capability's or need's material, process and specification terms."""

    __slots__ = ("materials", "processes", "specs")

    def __init__(self, materials: set[str], processes: set[str], specs: set[str]) -> None:
        self.materials, self.processes, self.specs = materials, processes, specs

    @classmethod
    def of(cls, title: str, description: str, materials: Iterable[str], processes: Iterable[str],
           specs: Iterable[str]) -> Attributes:
        text = f"{title} {description}"
        found_specs = specs_in(specs or (), text)
        return cls(materials_in(materials or (), text, found_specs), processes_in(processes or (), text), found_specs)

    def against(self, offer: Attributes) -> tuple[float, float, float]:
        """(material, process, specification) agreement of this need with an offer."""
        return (agreement(self.materials, offer.materials, MATERIAL_FAMILY),
                agreement(self.processes, offer.processes, PROCESS_FAMILY),
                spec_agreement(self.specs, offer.specs))
