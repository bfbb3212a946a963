from django.db import migrations

# The categories as they were first loaded (GB/T 4754 divisions plus the chains' product groups);
# migration 0010 adds the GB/T 4754 groups and classes and places these product groups under them.
FINER = [
    ("hydraulics", "液压件", "34", "construction-machinery"),
    ("bearings", "轴承", "34", ""),
    ("gears-gearboxes", "齿轮与减速机", "34", "construction-machinery"),
    ("pumps-valves", "泵与阀门", "34", ""),
    ("engines", "发动机及配件", "34", "construction-machinery"),
    ("castings-forgings", "铸锻件", "33", ""),
    ("structural-parts", "结构件与焊接件", "33", "construction-machinery"),
    ("machined-parts", "机加工件", "34", ""),
    ("stampings", "冲压件与钣金件", "33", ""),
    ("surface-treatment", "热处理与表面处理", "33", ""),
    ("chassis", "底盘与驾驶室", "35", "construction-machinery"),
    ("motors", "电机", "38", ""),
    ("traction-systems", "牵引与电力电子", "38", "rail-transit"),
    ("rail-parts", "轨道车辆配件", "37", "rail-transit"),
    ("brakes", "制动系统", "37", "rail-transit"),
    ("aero-parts", "航空零部件", "37", "aero-engine-aerospace"),
    ("composites", "复合材料", "30", "aero-engine-aerospace"),
    ("wiring-harness", "线束与连接器", "38", "nev-icv"),
    ("auto-parts", "汽车零部件", "36", "nev-icv"),
    ("cables", "电线电缆", "38", "power-transmission"),
    ("transformers", "变压器与电抗器", "38", "power-transmission"),
    ("switchgear", "开关设备", "38", "power-transmission"),
    ("insulators", "绝缘子与电瓷", "38", "power-transmission"),
    ("battery-materials", "电池材料", "26", "energy-storage-materials"),
    ("battery-cells", "电芯与电池包", "38", "energy-storage-materials"),
    ("chips-modules", "芯片与模组", "39", "secure-computing"),
    ("pcb-electronics", "电路板与电子组件", "39", ""),
    ("sensors", "传感器与仪表", "40", ""),
    ("display-glass", "显示玻璃与盖板", "39", "new-display"),
    ("carbide-tools", "硬质合金与刀具", "33", "hard-materials"),
    ("tungsten-powders", "钨钴粉末与棒材", "32", "hard-materials"),
    ("plastic-parts", "注塑件与橡塑件", "29", ""),
    ("pharma-api", "原料药与中间体", "27", "biomedicine"),
    ("medical-devices", "医疗器械及耗材", "35", "biomedicine"),
    ("chemicals", "化工原料与助剂", "26", "petrochemical"),
    ("automation", "自动化设备与机器人", "34", ""),
]


def load(apps, schema_editor):
    category = apps.get_model("matching", "ProductCategory")
    industry = apps.get_model("enterprises", "Industry")
    chain = apps.get_model("enterprises", "IndustrialChain")
    roots = [category(code=i.code, name=i.name) for i in industry.objects.filter(parent_id="C")]
    category.objects.bulk_create(roots, update_conflicts=True, unique_fields=["code"], update_fields=["name"])
    chains = dict(chain.objects.values_list("slug", "id"))
    finer = [category(code=code, name=name, parent_id=parent, chain_id=chains.get(slug))
             for code, name, parent, slug in FINER]
    category.objects.bulk_create(finer, update_conflicts=True, unique_fields=["code"],
                                 update_fields=["name", "parent", "chain"])


class Migration(migrations.Migration):
    dependencies = [("matching", "0004_supply_chain"), ("enterprises", "0002_reference_data")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
