"""A vocabulary of Chinese industrial product terms for synthetic capabilities and sourcing needs.

Per product category: the product terms; shared: modifiers, processes, materials, applications.
Texts built from them read like real 产品与工艺说明 (e.g. ``高压液压油缸，镀铬活塞杆，适配挖掘机``).
"""

from __future__ import annotations

import random

TERMS: dict[str, tuple[str, ...]] = {
    "hydraulics": ("液压油缸", "液压阀", "多路换向阀", "柱塞泵", "齿轮泵", "液压马达", "阀块", "液压管路总成"),
    "bearings": ("圆锥滚子轴承", "深沟球轴承", "调心滚子轴承", "关节轴承", "回转支承", "滑动轴承"),
    "gears-gearboxes": ("行星减速机", "行走减速机", "回转减速机", "变速箱", "齿轮", "齿圈", "蜗轮蜗杆"),
    "pumps-valves": ("离心泵", "隔膜泵", "球阀", "蝶阀", "闸阀", "截止阀", "安全阀"),
    "engines": ("柴油机", "机油泵", "水泵", "涡轮增压器", "曲轴", "缸体", "缸盖"),
    "castings-forgings": ("球墨铸铁件", "合金钢锻件", "精密铸件", "铝合金压铸件", "法兰锻件", "齿坯锻件"),
    "structural-parts": ("臂架", "吊臂", "转台", "车架", "焊接结构件", "钢结构件"),
    "machined-parts": ("数控车削件", "精密轴类件", "箱体加工件", "机加工件", "销轴", "法兰盘"),
    "stampings": ("冲压件", "钣金件", "拉伸件", "覆盖件", "支架冲压件"),
    "surface-treatment": ("渗碳淬火", "调质处理", "镀铬", "电泳涂装", "喷涂", "达克罗"),
    "chassis": ("专用底盘", "驱动桥", "驾驶室", "悬架", "转向桥"),
    "motors": ("永磁同步电机", "异步电机", "伺服电机", "牵引电机", "防爆电机"),
    "traction-systems": ("牵引变流器", "IGBT", "功率模块", "辅助变流器", "牵引控制单元"),
    "rail-parts": ("转向架", "车钩缓冲装置", "受电弓", "空调机组", "轮对", "弹性车轮"),
    "brakes": ("制动盘", "闸瓦", "制动夹钳", "制动控制单元", "踏面制动单元"),
    "aero-parts": ("涡轮叶片", "机匣", "涡轮盘", "起落架零件", "燃油喷嘴"),
    "composites": ("碳纤维复合材料", "预浸料", "蜂窝夹层结构", "玻璃钢制品"),
    "wiring-harness": ("高压线束", "低压线束", "连接器", "充电枪", "端子"),
    "auto-parts": ("汽车座椅骨架", "车灯", "保险杠", "制动卡钳", "电驱总成", "转向节"),
    "cables": ("电力电缆", "控制电缆", "架空导线", "光纤复合电缆", "特种电缆"),
    "transformers": ("油浸式变压器", "干式变压器", "电抗器", "互感器", "箱式变电站"),
    "switchgear": ("开关柜", "断路器", "环网柜", "隔离开关", "配电箱"),
    "insulators": ("瓷绝缘子", "复合绝缘子", "支柱绝缘子", "套管"),
    "battery-materials": ("正极材料", "负极材料", "三元前驱体", "磷酸铁锂", "电解液", "隔膜"),
    "battery-cells": ("电芯", "电池包", "储能柜", "电池模组", "电池管理系统"),
    "chips-modules": ("芯片", "通信模组", "主控板", "安全芯片", "存储模组"),
    "pcb-electronics": ("电路板", "PCB", "贴片加工", "电子组件", "控制器"),
    "sensors": ("压力传感器", "温度传感器", "位移传感器", "流量计", "倾角传感器"),
    "display-glass": ("盖板玻璃", "触摸屏", "显示模组", "光学膜"),
    "carbide-tools": ("硬质合金", "数控刀片", "铣刀", "钻头", "刀具", "硬质合金棒材"),
    "tungsten-powders": ("钨粉", "碳化钨", "钴粉", "钨钼棒材", "钨条"),
    "plastic-parts": ("注塑件", "橡胶密封件", "尼龙件", "塑料外壳", "橡胶减震件"),
    "pharma-api": ("原料药", "医药中间体", "辅料", "无菌原料"),
    "medical-devices": ("医疗器械", "一次性耗材", "无菌包装", "诊断试剂", "手术器械"),
    "chemicals": ("化工助剂", "涂料", "胶粘剂", "溶剂", "树脂"),
    "automation": ("工业机器人", "自动化生产线", "PLC", "焊接机器人", "输送线", "视觉检测设备"),
}
MODIFIERS = ("高精度", "高压", "重载", "大型", "小型", "精密", "定制", "非标", "耐磨", "轻量化", "高强度",
             "耐腐蚀", "防爆", "节能", "智能")
GROUPS: tuple[tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]], ...] = (
    # (categories, materials, processes, applications): a product's context follows its trade
    (("hydraulics", "bearings", "gears-gearboxes", "pumps-valves", "engines", "castings-forgings",
      "structural-parts", "machined-parts", "stampings", "surface-treatment", "chassis", "automation"),
     ("合金钢", "球墨铸铁", "碳钢", "不锈钢", "铝合金", "高强钢"),
     ("数控加工", "精密铸造", "机器人焊接", "热处理", "冲压", "装配测试", "激光切割"),
     ("挖掘机", "泵车", "起重机", "盾构机", "工程机械", "风电设备", "农业机械")),
    (("traction-systems", "rail-parts", "brakes"), ("铝合金", "合金钢", "铜合金", "粉末冶金"),
     ("装配测试", "精密铸造", "数控加工", "型式试验"), ("轨道交通", "动车组", "地铁车辆", "电力机车")),
    (("aero-parts", "composites"), ("钛合金", "高温合金", "碳纤维"), ("精密铸造", "五轴加工", "热等静压"),
     ("航空发动机", "无人机", "通用航空")),
    (("wiring-harness", "auto-parts", "motors"), ("铜合金", "工程塑料", "铝合金", "硅钢片"),
     ("注塑", "冲压", "装配测试", "绕线"), ("新能源汽车", "商用车", "电动工具", "乘用车")),
    (("cables", "transformers", "switchgear", "insulators"), ("铜导体", "硅钢片", "电瓷", "环氧树脂"),
     ("绕线", "真空浇注", "型式试验"), ("电网", "变电站", "光伏电站", "配电网")),
    (("battery-materials", "battery-cells"), ("锂盐", "石墨", "镍钴锰"), ("烧结", "涂布", "化成分容"),
     ("储能电站", "新能源汽车", "电动两轮车")),
    (("chips-modules", "pcb-electronics", "sensors", "display-glass"), ("陶瓷", "硅片", "玻璃基板"),
     ("贴片", "封装测试", "老化测试"), ("工业控制", "消费电子", "安防监控", "智能终端")),
    (("carbide-tools", "tungsten-powders"), ("碳化钨", "钴粉", "钨精矿"), ("压制烧结", "精密磨削", "涂层"),
     ("数控机床", "矿山工具", "模具")),
    (("pharma-api", "medical-devices", "chemicals", "plastic-parts"), ("医用级原料", "聚丙烯", "硅胶"),
     ("洁净车间生产", "GMP生产", "灭菌"), ("制药", "医院", "体外诊断", "日化")),
)
CONTEXT = {cat: group[1:] for group in GROUPS for cat in group[0]}
SPECS = ("小批量试制", "批量供货", "可提供检测报告", "支持来图来样", "交期稳定", "通过第三方检测", "年产能充足")
CERTS = ("ISO 9001", "IATF 16949", "AS9100", "CRCC", "ISO 13485", "CCC")
UNITS = ("件", "套", "台", "吨")


def product_text(rng: random.Random, category: str, *, need: bool = False) -> tuple[str, str]:
    """(title, description) of one capability (or sourcing need) in ``category``."""
    term = rng.choice(TERMS[category])
    title = f"{rng.choice(MODIFIERS)}{term}"
    materials, processes, applications = CONTEXT[category]
    parts = [f"{rng.choice(materials)}{rng.choice(TERMS[category])}", rng.choice(processes),
             f"适配{rng.choice(applications)}"]
    parts.append(rng.choice(("需提供检测报告", "要求交期稳定", "先打样后批量")) if need else rng.choice(SPECS))
    return title, "，".join(parts)
