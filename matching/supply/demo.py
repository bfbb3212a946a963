"""Demo supply-chain data (找配套): capabilities of the demo firms on the key chains, sourcing
needs of the chains' OEMs, three out-of-province suppliers (so that the chain map's gap list
shows needs served only from outside Hunan), matches computed by the engine, and a few matches
at the interested / mutually-interested stages.

Product texts follow the chain profiles of ``enterprises.demo.catalog``; certifications follow
practice: IATF 16949 for automotive, AS9100 for aerospace, EN 15085 / CRCC for rail, ISO 9001
widely. Deterministic: the same seed gives the same data.

Catalog rows are ``(head, description)``; a capability head is
``category|title|unit|capacity per month lo-hi|lead days lo-hi|certifications`` and a need head
``category|title|unit|quantity lo-hi|required certifications|distance|yuan per unit lo-hi``.
"""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from enterprises.demo import DEMO_EMAIL_DOMAIN
from enterprises.demo.codes import UsccFactory
from enterprises.demo.people import mobile, person_name
from enterprises.models import EnterpriseProfile, Membership, Organization, Region, User
from enterprises.sizing import size_class
from matching.engine.matcher import match_need
from matching.engine.models import Match
from matching.engine.registry import get_domain
from matching.engine.text import search_text
from matching.supply.models import SourcingNeed, SupplyCapability
from matching.supply.services import match_interest
from matching.supply.spec import capability_text_model

ISO, IATF, AS, EN, CRCC = "ISO 9001", "IATF 16949", "AS9100", "EN 15085", "CRCC"

CAPABILITIES: dict[str, dict[str, list[tuple[str, str]]]] = {
    "construction-machinery": {
        "液压件": [
            ("hydraulics|工程机械液压油缸|件|800-3000|15-30|",
             "缸径 63–320mm 高压液压油缸，镀铬活塞杆，适配挖掘机、泵车、起重机"),
            ("hydraulics|多路换向阀|件|500-2000|20-35|", "负载敏感多路换向阀、先导阀，额定压力 35MPa，适配挖掘机"),
            ("hydraulics|柱塞泵与齿轮泵|台|300-1200|25-40|", "斜盘式轴向柱塞泵、齿轮泵，排量 28–180ml/r"),
            ("hydraulics|液压管路总成|套|2000-8000|7-15|", "高压胶管总成、硬管及管接头，扣压与试压一体"),
        ],
        "发动机": [
            ("engines|柴油机机油泵与水泵|件|2000-6000|15-25|IATF 16949", "工程机械柴油机机油泵、水泵，铸铁/铝合金壳体"),
            ("engines|涡轮增压器零件|件|1000-4000|20-35|IATF 16949", "增压器壳体、叶轮精密铸造与动平衡"),
        ],
        "底盘": [
            ("gears-gearboxes|回转支承|套|200-800|20-40|",
             "单排四点接触球式回转支承，内齿/外齿，外径 400–2500mm，用于挖掘机、起重机转台"),
            ("gears-gearboxes|行走减速机|台|300-1000|25-40|", "履带行走减速机、回转减速机，行星齿轮传动"),
            ("chassis|专用底盘与驱动桥|台|50-200|30-60|IATF 16949", "工程机械专用底盘、驱动桥总成"),
        ],
        "结构件": [
            ("structural-parts|臂架结构件|件|100-400|20-35|", "泵车臂架、起重机吊臂焊接，高强钢 Q690/Q960，机器人焊接"),
            ("castings-forgings|精密铸锻件|件|1000-5000|20-40|", "球墨铸铁件、合金钢锻件，单重 5–800kg"),
            ("surface-treatment|热处理加工|件|5000-20000|5-12|", "渗碳淬火、调质、活塞杆感应淬火，随件出具硬度报告"),
        ],
    },
    "rail-transit": {
        "牵引与功率半导体": [
            ("traction-systems|IGBT 模块|只|500-2000|30-60|CRCC",
             "3300V/1500A 高压 IGBT 模块、功率半导体器件，用于牵引变流器"),
            ("traction-systems|牵引变流器|台|20-80|45-90|CRCC", "城轨车辆牵引变流器、辅助变流器"),
        ],
        "电机": [
            ("motors|牵引电机|台|60-300|40-75|CRCC",
             "异步牵引电机、永磁同步牵引电机，功率 190–1225kW，用于机车、城轨车辆"),
            ("motors|辅助电机与电机绕组|台|200-800|20-40|", "轨道车辆辅助电机、通风机电机及绕组加工"),
        ],
        "齿轮传动与轮对": [
            ("gears-gearboxes|轨道车辆齿轮箱|台|60-300|40-70|CRCC", "城轨、动车组齿轮箱，齿轮精度 5 级"),
            ("rail-parts|弹性车轮与轮对|件|200-800|30-50|CRCC", "弹性车轮、轮对组装，压装曲线可追溯"),
        ],
        "制动与车辆配件": [
            ("brakes|制动盘与闸片|件|1000-5000|20-35|CRCC", "轨道车辆锻钢制动盘、粉末冶金闸片"),
            ("rail-parts|受电弓|台|50-200|30-50|CRCC", "单臂受电弓、碳滑板，适用城轨与机车"),
            ("rail-parts|车门系统|套|100-400|30-60|", "塞拉门、内藏门系统及门控器"),
        ],
        "车体与转向架": [
            ("rail-parts|转向架构架焊接|件|50-200|30-60|EN 15085", "转向架构架、横梁焊接与机加工，焊缝 100% 探伤"),
            ("structural-parts|铝合金车体焊接件|件|100-500|30-50|EN 15085", "铝合金型材车体部件搅拌摩擦焊"),
        ],
    },
    "aero-engine-aerospace": {
        "原材料": [
            ("castings-forgings|钛合金锻件|件|200-1000|45-90|AS9100", "TC4/TC11 钛合金环锻件、模锻件"),
            ("castings-forgings|高温合金棒材|千克|5000-20000|60-90|AS9100", "GH4169 高温合金棒材，真空感应+电渣重熔"),
        ],
        "零部件": [
            ("aero-parts|航空叶片|件|1000-5000|45-90|AS9100", "涡轮叶片、压气机叶片精密铸造与五轴数控加工"),
            ("aero-parts|航空发动机机匣|件|50-300|60-100|AS9100", "机匣精密加工，五轴联动，三坐标全尺寸检测"),
            ("aero-parts|航空紧固件|件|20000-100000|30-60|AS9100", "高温合金、钛合金螺栓螺母"),
            ("machined-parts|航空精密齿轮|件|200-1000|45-90|AS9100", "直升机减速器精密齿轮，磨齿 4 级"),
        ],
        "分系统": [("aero-parts|燃油控制系统部件|件|100-500|60-120|AS9100", "燃油泵、燃油调节器壳体与阀芯精密加工")],
    },
    "energy-storage-materials": {
        "前驱体": [
            ("battery-materials|三元前驱体|吨|300-1500|15-30|",
             "NCM523/622/811 三元前驱体，球形氢氧化物，振实密度 ≥2.0g/cm³"),
            ("battery-materials|四氧化三钴|吨|100-500|15-30|", "电池级四氧化三钴，用于钴酸锂正极"),
        ],
        "正负极材料": [
            ("battery-materials|磷酸铁锂正极材料|吨|500-3000|15-30|", "储能型磷酸铁锂正极材料，压实密度 ≥2.4g/cm³"),
            ("battery-materials|人造石墨负极|吨|300-2000|15-30|", "人造石墨负极材料，首效 ≥94%"),
        ],
        "电解液与隔膜": [
            ("battery-materials|锂电池隔膜|平方米|2000000-8000000|15-25|", "湿法隔膜及陶瓷涂覆隔膜，厚度 9–16μm"),
            ("battery-materials|锂电池电解液|吨|200-1000|10-20|", "六氟磷酸锂体系电解液，储能与动力型"),
        ],
        "电芯与电池包": [
            ("battery-cells|磷酸铁锂储能电芯|只|20000-80000|20-40|", "280Ah 磷酸铁锂储能电芯，循环 ≥6000 次"),
            ("battery-cells|储能电池模组|套|200-1000|25-45|", "储能电池模组与电池簇，含电池管理系统"),
        ],
    },
    "hard-materials": {
        "碳化物与钴粉": [("tungsten-powders|碳化钨粉|吨|50-300|10-20|", "中颗粒、超细碳化钨粉，费氏粒度 0.4–6μm")],
        "合金棒材与刀片": [
            ("tungsten-powders|硬质合金棒材|千克|3000-20000|10-20|", "超细晶粒硬质合金棒材 φ3–φ32，用于整体刀具"),
            ("carbide-tools|数控刀片毛坯|片|200000-1000000|15-25|", "压制烧结数控刀片毛坯，ISO 标准槽型"),
        ],
        "切削刀具": [
            ("carbide-tools|数控刀片|片|100000-500000|7-15|",
             "车削、铣削数控刀片，CVD/PVD 涂层，加工钢件、铸铁、不锈钢"),
            ("carbide-tools|整体硬质合金立铣刀|支|20000-100000|10-20|", "整体硬质合金立铣刀、钻头，可非标定制"),
        ],
    },
    "power-transmission": {
        "电磁线与铜材": [("cables|换位导线与扁型电磁线|吨|200-1000|15-30|", "变压器用换位导线、纸包扁线")],
        "绝缘材料与电瓷": [
            ("insulators|电瓷绝缘子|只|20000-100000|20-40|", "高压线路瓷绝缘子、棒形支柱绝缘子，电压等级 10–1000kV"),
            ("insulators|复合绝缘子|只|10000-50000|15-30|", "硅橡胶复合绝缘子、绝缘纸板"),
        ],
        "变压器与电抗器": [("transformers|干式变压器|台|50-300|30-45|", "环氧树脂浇注干式变压器 30–2500kVA")],
        "高压开关": [("switchgear|高低压开关柜|台|100-500|20-35|CCC", "KYN28 中置柜、环网柜、低压抽屉柜")],
        "电线电缆": [("cables|电力电缆|米|200000-1000000|10-25|CCC", "35kV 及以下交联聚乙烯绝缘电力电缆")],
    },
    "nev-icv": {
        "电机电控": [
            ("motors|新能源汽车驱动电机|台|2000-10000|30-45|IATF 16949", "扁线永磁同步驱动电机，峰值功率 80–200kW"),
            ("traction-systems|车规级 IGBT 模块|只|5000-20000|30-60|IATF 16949",
             "750V/820A 车规级 IGBT 模块，用于电机控制器"),
        ],
        "汽车零部件": [
            ("wiring-harness|高压线束|套|5000-20000|15-30|IATF 16949",
             "新能源汽车高压线束总成、高压连接器，屏蔽与防水 IP67"),
            ("wiring-harness|低压线束|套|10000-40000|10-20|IATF 16949", "整车低压线束、仪表线束"),
            ("auto-parts|底盘结构件|件|5000-30000|20-35|IATF 16949", "副车架、控制臂等底盘结构件"),
            ("stampings|车身冲压件|件|20000-100000|15-30|IATF 16949", "车身冲压件与焊接总成，热成形"),
            ("plastic-parts|内外饰注塑件|件|10000-60000|20-35|IATF 16949", "保险杠、仪表板等内外饰注塑件"),
        ],
        "智能网联部件": [("sensors|毫米波雷达|套|2000-10000|30-60|IATF 16949", "77GHz 前向毫米波雷达与角雷达")],
    },
    "secure-computing": {
        "芯片与元器件": [("chips-modules|内存模组与电源模块|件|10000-50000|15-30|", "DDR4 内存模组、板载电源模块")],
        "电子电路": [("pcb-electronics|多层印制电路板|平方米|2000-10000|7-15|", "4–16 层 PCB，沉金工艺，可快板打样")],
    },
}
CHAIN_CERTS = {"rail-transit": (CRCC,), "aero-engine-aerospace": (AS,), "nev-icv": (IATF,)}

NEEDS: dict[str, list[tuple[str, str]]] = {
    "construction-machinery": [
        ("hydraulics|采购挖掘机液压油缸|件|200-600|||2500-4000",
         "缸径 140mm，行程 1200mm，工作压力 31.5MPa，镀铬活塞杆"),
        ("gears-gearboxes|采购回转支承|套|50-150|||8000-15000",
         "外齿式单排球回转支承，外径 1200mm，用于 20 吨级挖掘机"),
        ("structural-parts|泵车臂架焊接件外协|件|20-80||city|20000-60000", "Q960 高强钢臂架焊接，需具备焊接工艺评定"),
        ("hydraulics|采购多路换向阀|件|100-300|||6000-12000", "负载敏感多路阀，额定压力 35MPa"),
        ("castings-forgings|采购球墨铸铁件|件|300-900|||800-3000", "QT500-7 球墨铸铁配重、支座铸件"),
    ],
    "rail-transit": [
        ("motors|采购牵引电机|台|40-120|CRCC||150000-300000", "城轨车辆异步牵引电机 190kW，需提供型式试验报告"),
        ("traction-systems|采购 IGBT 模块|只|200-500|||8000-15000", "3300V/1500A IGBT 模块，用于牵引变流器"),
        ("brakes|采购制动盘与闸片|件|400-1200|CRCC|city|3000-8000", "城轨车辆锻钢制动盘及配套闸片"),
        ("rail-parts|转向架构架焊接外协|件|30-100|EN 15085||40000-90000",
         "转向架构架焊接与机加工，需 EN 15085 CL1 资质"),
        ("gears-gearboxes|采购城轨车辆齿轮箱|台|50-150|||60000-120000", "城轨车辆齿轮箱，传动比 6.2"),
    ],
    "aero-engine-aerospace": [
        ("aero-parts|采购航空叶片|件|500-2000|AS9100||3000-12000", "高温合金涡轮叶片，精密铸造+五轴加工，需首件鉴定"),
        ("aero-parts|机匣精加工外协|件|30-100|AS9100||30000-80000", "钛合金机匣精加工，轮廓度 0.05mm"),
        ("composites|采购碳纤维复合材料构件|件|100-400|AS9100|any|5000-20000",
         "航空级碳纤维预浸料整流罩、短舱构件，热压罐成型"),
        ("castings-forgings|采购钛合金锻件|件|100-400|AS9100||8000-20000", "TC4 钛合金环锻件，外径 600mm"),
    ],
    "energy-storage-materials": [
        ("battery-materials|采购三元前驱体|吨|50-200|||80000-120000",
         "NCM811 三元前驱体，振实密度 ≥2.0g/cm³，磁性异物 ≤50ppb"),
        ("battery-materials|采购磷酸铁锂正极材料|吨|100-400|||40000-60000", "储能型磷酸铁锂，压实密度 ≥2.4g/cm³"),
        ("battery-materials|采购锂电池隔膜|平方米|500000-2000000|||1-2", "湿法陶瓷涂覆隔膜 12μm"),
        ("battery-cells|采购储能电池模组|套|100-300|||30000-60000", "280Ah 电芯组成的储能电池模组，含电池管理系统"),
    ],
    "hard-materials": [
        ("tungsten-powders|采购硬质合金棒材|千克|1000-5000||city|500-900",
         "超细晶粒硬质合金棒材 φ6–φ20，用于整体立铣刀"),
        ("tungsten-powders|采购碳化钨粉|吨|10-50|||300000-450000", "费氏粒度 0.8μm 超细碳化钨粉"),
    ],
    "power-transmission": [
        ("insulators|采购电瓷绝缘子|只|2000-8000|||300-1200", "110kV 棒形支柱瓷绝缘子"),
        ("cables|采购换位导线|吨|50-200|||80000-100000", "变压器用自粘换位导线"),
    ],
    "nev-icv": [
        ("wiring-harness|采购高压线束|套|2000-8000|IATF 16949||800-2000",
         "新能源乘用车高压线束总成，屏蔽层 360° 搭接，IP67"),
        ("motors|采购驱动电机|台|1000-4000|IATF 16949||6000-10000", "扁线永磁同步驱动电机，峰值 150kW"),
        ("stampings|车身冲压件外协|件|5000-20000|IATF 16949|city|50-300", "侧围、门内板冲压件及焊接总成"),
        ("chips-modules|采购车规级 MCU 芯片|件|20000-80000|IATF 16949|any|20-60",
         "车规级 32 位 MCU，AEC-Q100 Grade 1，用于车身域控制器"),
        ("sensors|采购毫米波雷达|套|1000-5000|IATF 16949||600-1500", "77GHz 前向毫米波雷达"),
    ],
}
# the demo_enterprise (a 株洲 rail-transit supplier) buys tools and castings, and supplies brakes and gearboxes
DEMO_NEEDS = [
    ("carbide-tools|采购数控刀片|片|5000-5000||province|15-40", "加工制动盘与齿轮箱壳体用车削、铣削数控刀片，CVD 涂层"),
    ("castings-forgings|采购齿轮箱壳体铸件|件|300-300||province|2000-3500", "QT450 球墨铸铁齿轮箱壳体毛坯，单重 120kg"),
]
DEMO_CAPABILITIES = [
    ("brakes|轨道车辆制动系统部件|件|3000-3000|25-25|", "制动盘、制动夹钳、前端开闭机构，为城轨及机车主机厂配套"),
    ("gears-gearboxes|城轨车辆齿轮箱|台|150-150|45-45|", "城轨车辆齿轮箱与联轴器，齿轮精度 5 级"),
]
# suppliers outside Hunan: (region, firm, capability)
OUTSIDE = [
    ("320200", "无锡航宇复合材料有限公司",
     ("composites|航空复合材料构件|件|600-600|60-60|ISO 9001,AS9100",
      "碳纤维预浸料整流罩、短舱及舱门构件，热压罐成型")),
    ("440300", "深圳芯驰车规电子有限公司",
     ("chips-modules|车规级 MCU 芯片|件|500000-500000|45-45|ISO 9001,IATF 16949",
      "车规级 32 位 MCU，AEC-Q100 Grade 1")),
    ("330200", "宁波恒力液压有限公司",
     ("hydraulics|高端液压柱塞泵|台|2000-2000|30-30|ISO 9001", "斜盘式轴向柱塞泵，排量 28–180ml/r，挖掘机主泵")),
]


def _span(text: str) -> tuple[int, int]:
    return int(text.split("-")[0]), int(text.split("-")[1])


def _certs(text: str) -> list[str]:
    return [c for c in text.split(",") if c]


def _round(value: float) -> Decimal:
    """A plausible order figure: two significant digits."""
    return Decimal(int(round(value, -max(len(str(int(value))) - 2, 0))))


class SupplyDemo:
    """Builds the supply demo from ``seed``; call :meth:`build` inside ``transaction.atomic``."""

    def __init__(self, seed: int = 2026, capabilities: int = 150, needs: int = 40) -> None:
        self.rnd, self.target_caps, self.target_needs = random.Random(seed), capabilities, needs
        self.today = timezone.localdate()
        rows = (EnterpriseProfile.objects.filter(organization__verification="verified",
                                                 organization__contact_email__endswith=f"@{DEMO_EMAIL_DOMAIN}")
                .values_list("organization_id", "certifications", "chain_segments__chain__slug", "chain_segments__name",
                             "chain_segments__position").order_by("organization_id", "chain_segments__id"))
        self.at: dict[tuple[str, str], list[int]] = {}  # (chain, segment) → firms
        self.buyers: dict[str, list[int]] = {}  # chain → firms at midstream / downstream segments
        self.held: dict[int, list[str]] = {}
        for org_id, certs, slug, segment, position in rows:
            self.held[org_id] = list(certs or [])
            if slug:
                self.at.setdefault((slug, segment), []).append(org_id)
                if position != "upstream":
                    self.buyers.setdefault(slug, []).append(org_id)
        self.demo = Organization.objects.filter(memberships__user__username="demo_enterprise").first()

    # ---- capabilities -----------------------------------------------------------------------
    def certifications(self, org_id: int, slug: str, required: list[str]) -> list[str]:
        """ISO management systems the firm holds (ISO 9001 for most), the product's own
        certifications, and the chain's usual one for most firms on it."""
        held = [c for c in self.held.get(org_id, []) if c in (ISO, "ISO 14001", "ISO 45001")]
        if ISO not in held and self.rnd.random() < 0.85:
            held.insert(0, ISO)
        for cert in (*required, *CHAIN_CERTS.get(slug, ())):
            if cert not in held and (cert in required or self.rnd.random() < 0.6):
                held.append(cert)
        return held

    def capability(self, org_id: int, row: tuple[str, str], certs: list[str] | None = None,
                   slug: str = "") -> SupplyCapability:
        (category, title, unit, capacity, lead, required), text = row[0].split("|"), row[1]
        return SupplyCapability(
            enterprise_id=org_id, category_id=category, title=title, description=text, unit=unit,
            certifications=certs if certs is not None else self.certifications(org_id, slug, _certs(required)),
            capacity_per_month=_round(self.rnd.uniform(*_span(capacity))), search_text=search_text(title, text),
            lead_time_days=self.rnd.randint(*_span(lead)),
            regions_served=[] if self.rnd.random() < 0.8 else ["430000"], sample_ability=self.rnd.random() < 0.5)

    def capabilities(self) -> list[SupplyCapability]:
        """Every catalog product made by at least one firm at its segment (as far as the target
        allows), then random firms' products; a small demo world has some firms make two."""
        demo_id = self.demo.pk if self.demo else None
        at = {(slug, name): [o for o in self.at.get((slug, name), []) if o != demo_id]
              for slug, segments in CAPABILITIES.items() for name in segments}
        picked: dict[tuple[int, str], tuple[int, str, tuple[str, str]]] = {}

        def add(org_id: int, slug: str, row: tuple[str, str]) -> None:
            if len(picked) < self.target_caps:
                picked.setdefault((org_id, row[0]), (org_id, slug, row))

        for (slug, name), orgs in at.items():
            for k, row in enumerate(CAPABILITIES[slug][name] if orgs else []):
                add(orgs[k % len(orgs)], slug, row)
        pairs = [(org_id, slug, name) for (slug, name), orgs in at.items() for org_id in orgs]
        self.rnd.shuffle(pairs)
        for org_id, slug, name in pairs:
            add(org_id, slug, self.rnd.choice(CAPABILITIES[slug][name]))
        for org_id, slug, name in pairs:
            for row in CAPABILITIES[slug][name]:
                add(org_id, slug, row)
        caps = [self.capability(org_id, row, slug=slug) for org_id, slug, row in picked.values()]
        if self.demo:
            certs = [c for c in self.held.get(demo_id, []) if c in (ISO, "ISO 14001", CRCC, EN)]
            caps += [self.capability(demo_id, row, certs) for row in DEMO_CAPABILITIES]
        return SupplyCapability.objects.bulk_create(caps + self.outside())

    def outside(self) -> list[SupplyCapability]:
        """Verified suppliers outside Hunan, marked with the demo e-mail domain (``seed_demo --reset``
        removes them with the rest of the demo world)."""
        usccs = UsccFactory(self.rnd, set(Organization.objects.values_list("uscc", flat=True)))
        caps = []
        for i, (adcode, name, row) in enumerate(OUTSIDE, start=1):
            org = Organization.objects.create(
                kind="enterprise", name=name, uscc=usccs.make(adcode), region=Region.objects.get(pk=adcode),
                contact_name=person_name(self.rnd), contact_phone=mobile(self.rnd),
                contact_email=f"supplier{i:02d}@{DEMO_EMAIL_DOMAIN}", verification="verified",
                verified_at=timezone.now())
            certs = _certs(row[0].split("|")[5])
            EnterpriseProfile.objects.create(organization=org, employees=260, annual_revenue=Decimal(180_000_000),
                                             size_class=size_class(260, Decimal(180_000_000)), certifications=certs)
            caps.append(self.capability(org.pk, row, certs))
        return caps

    # ---- needs ------------------------------------------------------------------------------
    def need(self, org_id: int, row: tuple[str, str]) -> SourcingNeed:
        (category, title, unit, quantity, required, distance, price), text = row[0].split("|"), row[1]
        amount = _round(self.rnd.uniform(*_span(quantity)))
        low = high = None
        if self.rnd.random() < 0.4:
            low, high = (amount * p for p in _span(price))
        return SourcingNeed(
            enterprise_id=org_id, category_id=category, title=title, description=text, quantity=amount, unit=unit,
            required_certifications=_certs(required), needed_by=self.today + timedelta(days=self.rnd.randint(20, 150)),
            max_distance=distance or self.rnd.choices(["province", "city", "any"], weights=[6, 2, 2])[0],
            budget_min=low, budget_max=high, search_text=search_text(title, text))

    def needs(self) -> list[SourcingNeed]:
        """Every catalog need once (then random ones) from a buyer on its chain, plus the demo firm's."""
        rows = [(slug, row) for slug, items in NEEDS.items() if self.buyers.get(slug) for row in items]
        needs = []
        for i in range(max(self.target_needs - len(DEMO_NEEDS), 0) if rows else 0):
            slug, row = rows[i] if i < len(rows) else self.rnd.choice(rows)
            needs.append(self.need(self.rnd.choice(self.buyers[slug]), row))
        if self.demo:
            needs += [self.need(self.demo.pk, row) for row in DEMO_NEEDS]
        return SourcingNeed.objects.bulk_create(needs)

    # ---- matching and a few answers ---------------------------------------------------------
    def advance(self, needs: list[SourcingNeed]) -> int:
        """Buyers say “有意向” to the demo enterprise whenever it was matched (its answer waits),
        and to the best supplier of two needs in four; in one of those the supplier answers too."""
        demo_id = self.demo.pk if self.demo else None
        matches: dict[int, list[Match]] = {}
        for m in Match.objects.filter(domain="supply", need_id__in=[n.pk for n in needs], retired_at=None).order_by(
                "need_id", "-score", "offer_id"):
            matches.setdefault(m.need_id, []).append(m)
        orgs = {m.offer_org_id for found in matches.values() for m in found} | {n.enterprise_id for n in needs}
        owners = dict(Membership.objects.filter(role="owner", organization_id__in=orgs)
                      .values_list("organization_id", "user_id"))
        users, owned = User.objects.in_bulk(list(owners.values())), set(owners)
        moved = 0
        for i, need in enumerate(needs):
            found = matches.get(need.pk, [])
            to_demo = next((m for m in found if m.offer_org_id == demo_id), None)
            match = to_demo or (found[0] if found and i % 4 in (1, 2) else None)
            if need.enterprise_id == demo_id or match is None or not {need.enterprise_id, match.offer_org_id} <= owned:
                continue
            match_interest(actor=users[owners[need.enterprise_id]], match_id=match.pk)
            if i % 4 == 2 and match is not to_demo:
                match_interest(actor=users[owners[match.offer_org_id]], match_id=match.pk)
            moved += 1
        return moved

    def build(self) -> dict[str, int]:
        caps, needs = self.capabilities(), self.needs()
        capability_text_model(refresh=True)
        spec = get_domain("supply")
        for need in needs:
            match_need(spec, need.pk)
        moved = self.advance(needs)
        matches = Match.objects.filter(domain="supply", retired_at=None).count()
        return {"capabilities": len(caps), "needs": len(needs), "matches": matches, "interested": moved}


def seed_supply(*, seed: int = 2026, capabilities: int = 150, needs: int = 40) -> dict[str, int]:
    """Create the supply demo (``seed_demo`` first); returns counts. Not idempotent by itself:
    ``manage.py seed_supply`` skips when capabilities exist."""
    return SupplyDemo(seed, capabilities, needs).build()
