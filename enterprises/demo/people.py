"""Names and talent roles for demo people.

Roles and skills follow the data sheet's §8.2 (typical roles by chain); monthly salary ranges
use §8.3 where a Changsha figure exists (PLC工程师 8700–13300, 硬件电路设计工程师 15300–24500,
电气装配技工 6600–9000, 热处理工 6000–9100, 注塑工 6100–8000, 切割工 ≈5000–9300 from P10/P90).
Other ranges are demo assumptions anchored on those figures and on the 2023 provincial average
wage (≈8000 yuan/month in non-private units); they are not sourced facts.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高彭谭唐邓曾肖蒋贺廖罗龙文易向袁欧谢田雷"
GIVEN_CHARS = (
    "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂"
    "华建国志红文斌辉鹏宇浩晨欣怡子涵思远海峰立新"
    "春燕玲婷雪梅丹颖琳博文俊凯亮宁湘楚岚"
)


def person_name(rng: random.Random) -> str:
    """A plausible Chinese personal name (surname plus one or two characters)."""
    given = "".join(rng.choices(GIVEN_CHARS, k=1 if rng.random() < 0.3 else 2))
    return rng.choice(SURNAMES) + given


def mobile(rng: random.Random) -> str:
    """A mainland-style 11-digit mobile number (fictitious)."""
    return rng.choice(("135", "138", "139", "150", "158", "173", "177", "186", "188", "199")) + "".join(
        rng.choices("0123456789", k=8)
    )


@dataclass(frozen=True)
class TalentRole:
    title: str
    chain: str
    skills: tuple[str, ...]
    salary: tuple[int, int]
    educations: tuple[str, ...]
    engineer: bool = False


R = TalentRole
SKILLED = ("secondary", "vocational", "vocational")
ENGINEER = ("bachelor", "bachelor", "master", "vocational")

ROLES: tuple[TalentRole, ...] = (
    R(
        "焊工",
        "construction-machinery",
        ("CO2气体保护焊", "焊接机器人编程", "焊缝质量检验", "识图"),
        (6500, 9500),
        SKILLED,
    ),
    R("装配钳工", "construction-machinery", ("装配钳工", "液压调试", "GD&T", "设备安装"), (6000, 9000), SKILLED),
    R("数控车工", "construction-machinery", ("数控车床", "数控编程", "FANUC系统", "量具使用"), (6500, 9500), SKILLED),
    R("涂装工", "construction-machinery", ("喷涂工艺", "涂装线操作", "表面处理"), (5500, 8000), SKILLED),
    R("液压调试工", "construction-machinery", ("液压调试", "液压系统维修", "故障诊断"), (6500, 9500), SKILLED),
    R(
        "液压工程师",
        "construction-machinery",
        ("液压系统设计", "AMESim", "液压调试", "GD&T"),
        (10000, 18000),
        ENGINEER,
        True,
    ),
    R(
        "机械设计工程师",
        "construction-machinery",
        ("SolidWorks", "CATIA", "结构设计", "GD&T"),
        (9000, 16000),
        ENGINEER,
        True,
    ),
    R("电气工程师", "construction-machinery", ("CAN总线", "PLC", "电气原理图", "EPLAN"), (9000, 15000), ENGINEER, True),
    R(
        "售后服务工程师",
        "construction-machinery",
        ("整机故障诊断", "液压调试", "客户服务"),
        (7000, 12000),
        SKILLED,
        True,
    ),
    R("电气装配技工", "rail-transit", ("电气装配", "线束制作", "电气识图"), (6600, 9000), SKILLED),
    R("轨道车辆焊工", "rail-transit", ("EN 15085", "铝合金焊接", "MIG焊", "焊缝检验"), (7000, 10000), SKILLED),
    R(
        "牵引系统工程师",
        "rail-transit",
        ("IGBT", "电力电子", "牵引变流器", "MATLAB/Simulink"),
        (12000, 20000),
        ENGINEER,
        True,
    ),
    R(
        "嵌入式软件工程师",
        "rail-transit",
        ("列车网络控制", "C/C++", "嵌入式Linux", "MVB/WTB"),
        (12000, 20000),
        ENGINEER,
        True,
    ),
    R("可靠性工程师", "rail-transit", ("RAMS", "IRIS", "CRCC认证文件", "FMEA"), (10000, 16000), ENGINEER, True),
    R("五轴数控操作工", "aero-engine-aerospace", ("五轴加工", "CAM编程", "UG NX", "精密测量"), (7500, 11000), SKILLED),
    R("热处理工", "aero-engine-aerospace", ("真空热处理", "渗碳淬火", "金相检验"), (6000, 9100), SKILLED),
    R("无损检测员", "aero-engine-aerospace", ("无损检测", "超声检测", "射线检测", "NDT二级"), (7000, 11000), SKILLED),
    R(
        "航空工艺工程师",
        "aero-engine-aerospace",
        ("工艺规程编制", "五轴CAM", "特种工艺"),
        (10000, 17000),
        ENGINEER,
        True,
    ),
    R("质量工程师", "aero-engine-aerospace", ("AS9100", "首件检验", "8D报告", "SPC"), (9000, 15000), ENGINEER, True),
    R("化工操作工", "energy-storage-materials", ("DCS操作", "反应釜操作", "安全生产"), (6000, 8500), SKILLED),
    R("设备维修工", "energy-storage-materials", ("设备点检", "机械维修", "电工证"), (6000, 9000), SKILLED),
    R("质检员", "energy-storage-materials", ("理化检验", "ICP分析", "质量记录"), (5000, 7500), SKILLED),
    R(
        "材料工艺工程师",
        "energy-storage-materials",
        ("电化学", "正极材料工艺", "六西格玛", "MES"),
        (10000, 18000),
        ENGINEER,
        True,
    ),
    R("洁净室操作工", "new-display", ("洁净室规范", "贴合工艺", "AOI检测"), (5000, 7500), SKILLED),
    R("设备工程师", "new-display", ("设备调试", "PLC", "自动化产线"), (9000, 14000), ENGINEER, True),
    R("嵌入式工程师", "secure-computing", ("ARM", "Linux", "RTOS", "C/C++"), (12000, 22000), ENGINEER, True),
    R("驱动开发工程师", "secure-computing", ("Linux内核", "设备驱动", "C语言"), (14000, 24000), ENGINEER, True),
    R(
        "硬件电路设计工程师",
        "secure-computing",
        ("硬件电路设计", "SI/PI", "Cadence", "PCB设计"),
        (15300, 24500),
        ENGINEER,
        True,
    ),
    R("PLC工程师", "secure-computing", ("PLC", "西门子S7", "组态软件", "工业机器人"), (8700, 13300), ENGINEER, True),
    R("绕线工", "power-transmission", ("线圈绕制", "电磁线", "识图"), (5500, 8000), SKILLED),
    R("高压试验工", "power-transmission", ("特高压试验", "局部放电测试", "试验报告"), (7000, 10000), SKILLED),
    R("电气设计工程师", "power-transmission", ("变压器设计", "绝缘设计", "AutoCAD"), (10000, 17000), ENGINEER, True),
    R("注塑工", "nev-icv", ("注塑成型", "模具更换", "首件检验"), (6100, 8000), SKILLED),
    R("汽车生产线操作工", "nev-icv", ("总装", "拧紧工艺", "IATF 16949"), (5500, 8000), SKILLED),
    R("切割工", "hard-materials", ("线切割", "激光切割", "数控编程"), (5000, 9300), SKILLED),
    R("制剂工艺员", "biomedicine", ("GMP", "制剂工艺", "验证文件"), (5500, 8500), SKILLED),
    R("化工工艺工程师", "petrochemical", ("化工工艺", "Aspen Plus", "HAZOP"), (9000, 15000), ENGINEER, True),
)
