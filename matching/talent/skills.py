"""Skills vocabulary for talent matching: groups of synonyms used in Hunan's manufacturing.

A skill belongs to a group when it *is* one of the group's terms (case-insensitive) or
*contains* one of its stems (``数控车床`` → 数控, ``CO2气体保护焊`` → 焊接). Each group has a
lexeme (``skgcnc``) written into the talent's and the job's ``search_text`` so a GIN-indexed
tsvector query finds synonyms in PostgreSQL, and the terms expand a job's skills for the
``skills && ARRAY[...]`` overlap filter.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class SkillGroup:
    code: str
    name: str
    terms: tuple[str, ...]  # exact synonyms (also used for the array overlap)
    stems: tuple[str, ...] = ()  # substrings that place a free-text skill in the group

    @property
    def lexeme(self) -> str:
        return f"skg{self.code}"


G = SkillGroup
GROUPS: tuple[SkillGroup, ...] = (
    G("plc", "PLC",
      ("PLC", "可编程控制器", "可编程逻辑控制器", "西门子S7", "三菱PLC", "欧姆龙PLC", "组态软件"),
      ("plc", "可编程", "s7-", "s7")),
    G("cad", "CAD 制图",
      ("CAD", "AutoCAD", "制图", "机械制图", "CAD制图", "识图", "图纸"),
      ("cad", "制图", "识图")),
    G("model3d", "三维设计",
      ("SolidWorks", "CATIA", "UG NX", "UG", "Creo", "Pro/E", "三维建模", "Inventor"),
      ("solidworks", "catia", "ug nx", "creo", "三维")),
    G("cnc", "数控",
      ("数控", "CNC", "数控车床", "数控编程", "数控车",
       "数控铣", "加工中心", "数控车工", "五轴加工", "FANUC系统", "发那科"),
      ("数控", "cnc", "加工中心", "五轴", "fanuc")),
    G("cam", "CAM 编程",
      ("CAM编程", "五轴CAM", "Mastercam", "CAM"),
      ("cam",)),
    G("weld", "焊接",
      ("焊接", "焊工", "电焊", "气保焊", "CO2气体保护焊",
       "氩弧焊", "MIG焊", "TIG焊", "焊接机器人编程", "铝合金焊接", "EN 15085"),
      ("焊", "en 15085", "en15085")),
    G("quality", "质量管理",
      ("质量管理", "品质管理", "QC", "QA", "质量检验", "质检", "品质",
       "质量工程", "首件检验", "8D报告", "SPC", "FMEA", "六西格玛", "质量记录"),
      ("质量", "品质", "质检", "qc", "qa", "8d", "spc", "fmea", "六西格玛")),
    G("qms", "质量体系",
      ("ISO 9001", "IATF 16949", "AS9100", "IRIS", "质量体系", "体系审核"),
      ("iso 9001", "iatf", "as9100", "iris", "体系")),
    G("embedded", "嵌入式",
      ("嵌入式", "单片机", "嵌入式Linux", "ARM", "STM32", "RTOS", "MCU", "固件"),
      ("嵌入式", "单片机", "stm32", "rtos", "mcu", "arm", "固件")),
    G("clang", "C/C++",
      ("C/C++", "C语言", "C++", "C"),
      ("c/c++", "c语言", "c++")),
    G("linux", "Linux",
      ("Linux", "Linux内核", "设备驱动", "驱动开发"),
      ("linux", "驱动")),
    G("hydraulic", "液压",
      ("液压", "液压调试", "液压系统设计", "液压系统维修", "AMESim", "液压维修"),
      ("液压", "amesim")),
    G("electric", "电气",
      ("电气", "电工", "电工证", "电气原理图", "电气装配", "电气识图", "EPLAN", "电气设计", "低压电工", "高压电工"),
      ("电气", "电工", "eplan")),
    G("automation", "自动化",
      ("自动化", "自动化产线", "工业机器人", "机器人", "机器人编程", "伺服", "运动控制", "工控"),
      ("自动化", "机器人", "伺服", "运动控制", "工控")),
    G("assembly", "装配",
      ("装配", "装配钳工", "钳工", "总装", "设备安装", "拧紧工艺"),
      ("装配", "钳工", "总装", "拧紧")),
    G("maintenance", "设备维修",
      ("设备维修", "机械维修", "设备点检", "设备调试", "维修", "故障诊断", "整机故障诊断", "设备维护"),
      ("维修", "点检", "调试", "故障诊断", "维护")),
    G("process", "工艺",
      ("工艺", "工艺工程", "工艺规程编制", "工艺设计", "特种工艺", "工艺改进", "精益生产"),
      ("工艺", "精益")),
    G("gdt", "形位公差",
      ("GD&T", "形位公差", "公差分析", "尺寸链"),
      ("gd&t", "公差")),
    G("measure", "精密测量",
      ("精密测量", "量具使用", "三坐标", "CMM", "计量"),
      ("测量", "量具", "三坐标", "cmm", "计量")),
    G("ndt", "无损检测",
      ("无损检测", "超声检测", "射线检测", "NDT二级", "磁粉检测", "渗透检测", "NDT"),
      ("无损", "超声", "射线", "ndt", "探伤")),
    G("heat", "热处理",
      ("热处理", "真空热处理", "渗碳淬火", "淬火", "回火", "金相检验"),
      ("热处理", "淬火", "渗碳", "金相")),
    G("paint", "涂装",
      ("涂装", "喷涂", "喷涂工艺", "涂装线操作", "表面处理", "电镀", "喷漆"),
      ("涂装", "喷涂", "喷漆", "电镀", "表面处理")),
    G("injection", "注塑",
      ("注塑", "注塑成型", "模具更换", "模具", "冲压"),
      ("注塑", "模具", "冲压")),
    G("cutting", "切割",
      ("切割", "线切割", "激光切割", "等离子切割"),
      ("切割",)),
    G("mech_design", "机械设计",
      ("机械设计", "结构设计", "机械结构", "非标设计"),
      ("机械设计", "结构设计", "非标")),
    G("hw_design", "硬件设计",
      ("硬件电路设计", "硬件设计", "PCB设计", "PCB", "Cadence", "Altium", "SI/PI", "电路设计"),
      ("硬件", "pcb", "cadence", "altium", "电路")),
    G("power_elec", "电力电子",
      ("电力电子", "IGBT", "牵引变流器", "变频器", "功率器件"),
      ("电力电子", "igbt", "变流", "变频")),
    G("matlab", "仿真",
      ("MATLAB/Simulink", "MATLAB", "Simulink", "仿真", "有限元", "ANSYS"),
      ("matlab", "simulink", "仿真", "有限元", "ansys")),
    G("train_net", "列车网络",
      ("列车网络控制", "MVB/WTB", "CAN总线", "总线通信"),
      ("列车网络", "mvb", "wtb", "can总线", "总线")),
    G("rams", "可靠性",
      ("RAMS", "可靠性", "可靠性工程", "CRCC认证文件"),
      ("rams", "可靠性", "crcc")),
    G("chem", "化工工艺",
      ("化工工艺", "Aspen Plus", "HAZOP", "DCS操作", "反应釜操作", "化工操作"),
      ("化工", "aspen", "hazop", "dcs", "反应釜")),
    G("battery", "电池材料",
      ("电化学", "正极材料工艺", "负极材料", "电池", "锂电"),
      ("电化学", "正极", "负极", "电池", "锂电")),
    G("lab", "理化检验",
      ("理化检验", "ICP分析", "化验", "分析检测", "实验室"),
      ("理化", "icp", "化验", "分析检测")),
    G("pharma", "GMP 制药",
      ("GMP", "制剂工艺", "验证文件", "药品生产"),
      ("gmp", "制剂", "药品")),
    G("mes", "MES 信息化",
      ("MES", "ERP", "SAP", "生产信息化"),
      ("mes", "erp", "sap")),
    G("safety", "安全生产",
      ("安全生产", "安全管理", "特种作业", "EHS", "注册安全工程师"),
      ("安全", "ehs", "特种作业")),
    G("lean", "5S 现场管理",
      ("5S管理", "5S", "6S", "现场管理", "精益管理"),
      ("5s", "6s", "现场管理")),
    G("transformer", "输变电",
      ("变压器设计", "绝缘设计", "特高压试验", "局部放电测试", "试验报告", "线圈绕制", "电磁线"),
      ("变压器", "绝缘", "特高压", "局部放电", "线圈", "电磁线")),
    G("display", "显示面板",
      ("洁净室规范", "贴合工艺", "AOI检测", "AOI"),
      ("洁净室", "贴合", "aoi")),
    G("aero", "航空制造",
      ("航空工艺", "航空发动机", "钛合金加工", "复合材料"),
      ("航空", "钛合金", "复合材料")),
    G("sales_service", "售后服务",
      ("客户服务", "售后服务", "技术支持"),
      ("售后", "客户服务", "技术支持")),
    G("office", "办公软件",
      ("Office办公", "Office", "Excel", "办公软件"),
      ("office", "excel", "办公软件")),
)
_BY_CODE = {g.code: g for g in GROUPS}


@lru_cache(maxsize=4096)
def groups_of(skill: str) -> frozenset[str]:
    """The codes of the groups a skill belongs to (``"数控车床"`` → ``{"cnc"}``)."""
    text = skill.strip().lower()
    if not text:
        return frozenset()
    found = set()
    for group in GROUPS:
        if any(text == t.lower() for t in group.terms) or any(s in text for s in group.stems):
            found.add(group.code)
    return frozenset(found)


def groups_of_all(skills: Iterable[str]) -> set[str]:
    return {code for skill in skills for code in groups_of(skill)}


def expand(skills: Iterable[str]) -> list[str]:
    """The skills and every synonym of their groups, for ``skills && ARRAY[...]`` (sorted, unique)."""
    skills = [s.strip() for s in skills if s and s.strip()]
    terms = set(skills)
    for code in groups_of_all(skills):
        terms.update(_BY_CODE[code].terms)
    return sorted(terms)


def lexemes(skills: Iterable[str]) -> list[str]:
    """The group lexemes (``skgcnc``) written into ``search_text`` beside the jieba tokens."""
    return sorted(_BY_CODE[code].lexeme for code in groups_of_all(skills))


def group_name(code: str) -> str:
    return _BY_CODE[code].name
