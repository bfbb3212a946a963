"""Hunan's key industrial chains (产业链) and their upstream / midstream / downstream segments.

Drawn from the project's data sheet (hunan-facts.md §1–§2): the 3 world-class clusters, the
national clusters and the chains the province names in its 3+3+2 and 4×4 frameworks. Each
description cites only facts the sheet marks as sourced. Slugs are stable ASCII identifiers
used by the API and the demo data; names of segments are unique within a chain.
``lead_bank`` (主办银行) is assigned by operators and never set here.
"""

from __future__ import annotations

from typing import TypedDict

UP, MID, DOWN = "upstream", "midstream", "downstream"


class ChainSpec(TypedDict):
    slug: str
    name: str
    description: str
    segments: list[tuple[str, str]]


CHAINS: list[ChainSpec] = [
    {
        "slug": "construction-machinery",
        "name": "工程机械",
        "description": "湖南重点打造的世界级先进制造业集群；长沙工程机械集群2024年营收超2500亿元、占全国30%以上，"
        "三一重工、中联重科、铁建重工、山河智能、星邦智能“五龙”均入围全球工程机械50强。",
        "segments": [
            ("液压件", UP),
            ("发动机", UP),
            ("底盘", UP),
            ("结构件", UP),
            ("整机制造", MID),
            ("融资租赁", DOWN),
            ("后市场服务", DOWN),
        ],
    },
    {
        "slug": "rail-transit",
        "name": "先进轨道交通装备",
        "description": "株洲先进轨道交通装备集群为国家先进制造业集群，2023年产值1600亿元，"
        "链上企业425家、本地配套率超80%，产品出口100多个国家和地区。",
        "segments": [
            ("牵引与功率半导体", UP),
            ("电机", UP),
            ("齿轮传动与轮对", UP),
            ("制动与车辆配件", UP),
            ("车体与转向架", MID),
            ("整车制造", MID),
            ("运营维保", DOWN),
        ],
    },
    {
        "slug": "aero-engine-aerospace",
        "name": "中小航空发动机及航空航天装备",
        "description": "株洲中小航空发动机集群为国家先进制造业集群；2016年株洲航空企业45家，"
        "中小型航空发动机国内市场占有率超90%，链条覆盖研发设计、原材料、零部件、分系统、整机制造和维修保障。",
        "segments": [
            ("研发设计", UP),
            ("原材料", UP),
            ("零部件", UP),
            ("分系统", MID),
            ("整机制造", MID),
            ("维修保障", DOWN),
        ],
    },
    {
        "slug": "secure-computing",
        "name": "新一代自主安全计算系统",
        "description": "长沙新一代自主安全计算系统为国家先进制造业集群，以飞腾/鲲鹏CPU与麒麟操作系统"
        "“两芯一生态”为技术路线；国家网络安全产业园区（长沙）2019年获批。",
        "segments": [
            ("芯片与元器件", UP),
            ("电子电路", UP),
            ("整机制造", MID),
            ("信息安全设备", MID),
            ("行业应用与集成", DOWN),
        ],
    },
    {
        "slug": "new-display",
        "name": "新型显示器件",
        "description": "全省新型显示器件产业链三年行动计划（2020—2022）提出超2000亿元目标，"
        "以长株潭为核心、邵阳永州衡阳郴州多点布局，推进“强玻、引屏、补端”。",
        "segments": [
            ("基板玻璃与材料", UP),
            ("显示面板", MID),
            ("盖板与功能膜", MID),
            ("终端应用", DOWN),
        ],
    },
    {
        "slug": "energy-storage-materials",
        "name": "先进储能材料",
        "description": "长沙先进储能材料产业2022年规模超1000亿元、约150家企业；宁乡为国家新型工业化"
        "示范基地（电池材料），链条贯通前驱体、正负极、电芯到回收再利用。",
        "segments": [
            ("前驱体", UP),
            ("正负极材料", UP),
            ("电解液与隔膜", UP),
            ("电芯与电池包", MID),
            ("储能系统", DOWN),
            ("回收再利用", DOWN),
        ],
    },
    {
        "slug": "hard-materials",
        "name": "先进硬质材料",
        "description": "株洲硬质合金产业307家企业、约占全国35%，含4家国家级单项冠军；"
        "荷塘区硬质合金2024年入选国家中小企业特色产业集群。",
        "segments": [
            ("钨冶炼", UP),
            ("碳化物与钴粉", UP),
            ("合金棒材与刀片", MID),
            ("切削刀具", MID),
            ("回收再生", DOWN),
        ],
    },
    {
        "slug": "power-transmission",
        "name": "输变电装备",
        "description": "衡长株潭特高压输变电装备集群为国家先进制造业集群，749家企业、2023年营收2045亿元；"
        "衡变单厂变压器产能全球第一。",
        "segments": [
            ("电磁线与铜材", UP),
            ("绝缘材料与电瓷", UP),
            ("变压器与电抗器", MID),
            ("高压开关", MID),
            ("电线电缆", MID),
            ("风光储氢装备", MID),
            ("电网运维服务", DOWN),
        ],
    },
    {
        "slug": "nev-icv",
        "name": "新能源与智能网联汽车",
        "description": "2024年湖南汽车产量124.4万辆，其中新能源汽车77.1万辆、同比增长38.3%；"
        "长沙汽车产业链2022年规模超1600亿元。",
        "segments": [
            ("动力电池", UP),
            ("电机电控", UP),
            ("汽车零部件", UP),
            ("智能网联部件", UP),
            ("整车制造", MID),
            ("销售与后市场", DOWN),
        ],
    },
    {
        "slug": "biomedicine",
        "name": "生物医药",
        "description": "2024年全省生物医药产业规模超3000亿元；浏阳经开区为国家生物产业基地，"
        "药用辅料和13种中间体产量全国第一。",
        "segments": [
            ("原料药与中间体", UP),
            ("制药装备", UP),
            ("中药", MID),
            ("化学药", MID),
            ("生物药", MID),
            ("医疗器械", MID),
            ("医药流通", DOWN),
        ],
    },
    {
        "slug": "petrochemical",
        "name": "现代石化",
        "description": "岳阳石化为当地首个千亿产业，规上企业218家；己内酰胺搬迁项目年产60万吨己内酰胺、"
        "40万吨聚酰胺切片，总投资208亿元。",
        "segments": [
            ("炼油", UP),
            ("基础化工原料", UP),
            ("己内酰胺与尼龙", MID),
            ("合成橡胶与树脂", MID),
            ("催化剂与助剂", MID),
            ("化纤与工程塑料", DOWN),
        ],
    },
]
