"""Demo talent data (找人才): ~40 job postings of the demo firms on Hunan's key chains, the demo
talents made matchable (search text, some preferred industries), matches computed by the engine,
and a few matches at the interested / accepted stages (so both demo logins see the whole flow).

Titles, skills and monthly salaries follow the roles of ``enterprises.demo.people`` (5,000–25,000
元). Deterministic: the same seed gives the same data. Fast: a few queries per posting.
"""

from __future__ import annotations

import random

from enterprises.models import EnterpriseProfile, Organization, TalentProfile
from matching.engine.matcher import match_need
from matching.engine.models import Match, Notification
from matching.engine.registry import get_domain
from matching.talent.models import JobPosting
from matching.talent.services import employer_interest, job_text, talent_accept, talent_text

#: chain slug → [(title, skills, education_min, years, salary_min, salary_max, description)]
JOBS: dict[str, list[tuple[str, tuple[str, ...], str, int, int, int, str]]] = {
    "construction-machinery": [
        ("数控车工", ("数控车床", "数控编程", "FANUC系统"), "secondary", 2, 6500, 9500,
         "操作数控车床加工液压油缸缸筒、活塞杆，能独立编程与调机，两班倒，包食宿。"),
        ("焊接技师", ("CO2气体保护焊", "焊接机器人编程", "识图"), "secondary", 3, 7000, 10000,
         "泵车臂架、起重机吊臂结构件焊接，持焊工证，熟悉机器人焊接工作站者优先。"),
        ("液压工程师", ("液压系统设计", "AMESim", "液压调试"), "bachelor", 3, 11000, 18000,
         "负责挖掘机液压系统设计与匹配试验，编写试验大纲与报告。"),
        ("PLC 电气工程师", ("PLC", "电气原理图", "CAN总线"), "bachelor", 3, 10000, 16000,
         "工程机械整机电气系统设计、PLC 程序开发与现场调试。"),
        ("装配钳工", ("装配钳工", "液压调试", "设备安装"), "secondary", 2, 6000, 9000,
         "整机装配与液压管路安装调试，能看懂装配图。"),
        ("机械设计工程师", ("SolidWorks", "结构设计", "GD&T"), "bachelor", 2, 9000, 16000,
         "结构件与工装夹具设计，三维建模与出图。"),
        ("质量工程师", ("质量管理", "8D报告", "SPC"), "bachelor", 2, 8000, 13000,
         "整机与结构件质量控制，供应商质量问题分析与 8D 闭环。"),
        ("涂装工", ("喷涂工艺", "表面处理"), "secondary", 1, 5500, 8000, "整机涂装线喷涂与打磨，包食宿。"),
    ],
    "rail-transit": [
        ("轨道车辆焊工", ("铝合金焊接", "MIG焊", "EN 15085"), "vocational", 3, 7500, 10500,
         "车体铝合金型材焊接，需通过 EN 15085 焊工考试。"),
        ("牵引系统工程师", ("IGBT", "电力电子", "牵引变流器"), "master", 3, 14000, 22000,
         "牵引变流器硬件与控制算法开发，参与型式试验。"),
        ("嵌入式软件工程师", ("嵌入式Linux", "C/C++", "列车网络控制"), "bachelor", 3, 12000, 20000,
         "列车网络控制系统软件开发，熟悉 MVB/WTB 者优先。"),
        ("质量工程师", ("IRIS", "FMEA", "8D报告"), "bachelor", 3, 9000, 14000,
         "推行 IRIS 质量体系，处理客户质量问题并输出 8D 报告。"),
        ("电气装配技工", ("电气装配", "线束制作", "电气识图"), "secondary", 1, 6600, 9000,
         "城轨车辆电气柜装配与布线。"),
    ],
    "aero-engine-aerospace": [
        ("五轴数控操作工", ("五轴加工", "CAM编程", "精密测量"), "vocational", 3, 8000, 12000,
         "航空发动机机匣、叶片五轴加工，熟悉 UG NX 编程。"),
        ("无损检测员", ("超声检测", "射线检测", "NDT二级"), "vocational", 2, 7500, 11000,
         "航空零件无损检测，持 NDT 二级证书。"),
        ("航空工艺工程师", ("工艺规程编制", "特种工艺", "五轴CAM"), "bachelor", 3, 11000, 17000,
         "编制机加工艺规程，解决现场工艺问题。"),
        ("质量工程师", ("AS9100", "首件检验", "SPC"), "bachelor", 3, 9500, 15000,
         "AS9100 体系维护与首件检验、过程能力分析。"),
        ("热处理工", ("真空热处理", "渗碳淬火", "金相检验"), "secondary", 2, 6000, 9100,
         "航空齿轮真空渗碳淬火与金相检验。"),
    ],
    "secure-computing": [
        ("嵌入式工程师", ("ARM", "RTOS", "C语言"), "bachelor", 2, 13000, 22000,
         "国产处理器平台 BSP 与驱动开发。"),
        ("硬件电路设计工程师", ("硬件电路设计", "PCB设计", "Cadence"), "bachelor", 3, 15000, 25000,
         "服务器主板原理图与 PCB 设计，信号完整性分析。"),
        ("PLC 工程师", ("PLC", "西门子S7", "组态软件"), "vocational", 2, 9000, 14000,
         "SMT 与整机测试产线自动化改造，西门子 S7 编程。"),
        ("驱动开发工程师", ("Linux内核", "设备驱动", "C语言"), "bachelor", 3, 14000, 24000,
         "国产操作系统设备驱动开发与适配。"),
    ],
    "new-display": [
        ("设备工程师", ("设备调试", "PLC", "自动化产线"), "bachelor", 2, 9000, 14000,
         "模组贴合、AOI 设备维护与调试，产线自动化改善。"),
        ("洁净室操作工", ("洁净室规范", "贴合工艺", "AOI检测"), "secondary", 0, 5000, 7500,
         "显示模组贴合与检测，倒班，有洁净室经验者优先。"),
    ],
    "energy-storage-materials": [
        ("材料工艺工程师", ("正极材料工艺", "电化学", "六西格玛"), "master", 2, 11000, 18000,
         "三元前驱体、正极材料烧结工艺开发与量产导入。"),
        ("设备维修工", ("设备维修", "电工证", "设备点检"), "secondary", 2, 6000, 9000,
         "窑炉、粉碎分级设备点检与维修，持电工证。"),
        ("质检员", ("理化检验", "ICP分析", "质量记录"), "vocational", 1, 5000, 7500,
         "原料与成品理化检验，ICP 分析。"),
    ],
    "hard-materials": [
        ("数控编程员", ("数控编程", "线切割", "CAD"), "vocational", 2, 6500, 10000,
         "硬质合金模具线切割与数控编程。"),
        ("质量工程师", ("质量管理", "SPC", "ISO 9001"), "bachelor", 3, 8000, 12000,
         "硬质合金刀片质量管理与客户审核。"),
    ],
    "power-transmission": [
        ("电气设计工程师", ("变压器设计", "绝缘设计", "AutoCAD"), "bachelor", 3, 10000, 17000,
         "特高压变压器电磁与绝缘设计。"),
        ("高压试验工", ("特高压试验", "局部放电测试", "试验报告"), "vocational", 2, 7000, 10000,
         "变压器出厂试验、局部放电测试。"),
        ("焊工", ("焊接", "识图"), "secondary", 1, 6000, 8500, "油箱焊接，持焊工证。"),
        ("绕线工", ("线圈绕制", "电磁线", "识图"), "secondary", 1, 5500, 8000, "变压器线圈绕制。"),
    ],
    "nev-icv": [
        ("注塑技术员", ("注塑成型", "模具更换", "首件检验"), "secondary", 2, 6000, 8500,
         "汽车内饰件注塑调机与换模。"),
        ("工艺工程师", ("拧紧工艺", "IATF 16949", "精益生产"), "bachelor", 3, 9000, 15000,
         "总装拧紧工艺与工位改善，IATF 16949 体系。"),
        ("电气工程师", ("PLC", "工业机器人", "EPLAN"), "bachelor", 3, 10000, 16000,
         "焊装、涂装车间机器人与 PLC 控制系统维护与改造。"),
        ("汽车生产线操作工", ("总装", "拧紧工艺"), "secondary", 0, 5500, 8000, "新能源汽车总装线操作，倒班。"),
    ],
    "biomedicine": [
        ("制剂工艺员", ("GMP", "制剂工艺", "验证文件"), "vocational", 1, 5500, 8500,
         "口服固体制剂生产，GMP 文件记录。"),
    ],
    "petrochemical": [
        ("化工工艺工程师", ("化工工艺", "Aspen Plus", "HAZOP"), "bachelor", 3, 9000, 15000,
         "装置工艺优化与 HAZOP 分析。"),
        ("化工操作工", ("DCS操作", "反应釜操作", "安全生产"), "secondary", 1, 6000, 8500, "DCS 内操，倒班。"),
    ],
}
CHAIN_INDUSTRIES = {"construction-machinery": "35", "rail-transit": "37", "aero-engine-aerospace": "37",
                    "secure-computing": "39", "new-display": "39", "energy-storage-materials": "26",
                    "hard-materials": "32", "power-transmission": "38", "nev-icv": "36", "biomedicine": "27",
                    "petrochemical": "25"}
QUIET = ("talent_new_job", "talent_new_matches")


def _firms(chain: str, rng: random.Random, k: int) -> list[Organization]:
    ids = list(EnterpriseProfile.objects.filter(organization__verification="verified",
                                                chain_segments__chain__slug=chain)
               .order_by("organization_id").values_list("organization_id", flat=True).distinct()[:200])
    chosen = rng.sample(ids, k=min(k, len(ids))) if ids else []
    return list(Organization.objects.filter(pk__in=chosen).select_related("region").order_by("pk"))


def _talents(rng: random.Random) -> int:
    """Search text for every demo talent; most matchable, some with preferred industries."""
    through = TalentProfile.industries.through
    profiles = list(TalentProfile.objects.filter(erased_at=None).select_related("user").order_by("pk"))
    links = []
    for p in profiles:
        p.search_text = talent_text(p)
        if p.user.username == "demo_talent" or rng.random() < 0.9:
            p.visibility = TalentProfile.Visibility.MATCHABLE
        if rng.random() < 0.35 and p.user.username != "demo_talent":
            industry = rng.choice(sorted(set(CHAIN_INDUSTRIES.values())))
            links.append(through(talentprofile_id=p.pk, industry_id=industry))
    TalentProfile.objects.bulk_update(profiles, ["search_text", "visibility"], batch_size=500)
    through.objects.bulk_create(links, ignore_conflicts=True)
    return len(profiles)


def _postings(rng: random.Random) -> list[JobPosting]:
    demo = Organization.objects.filter(memberships__user__username="demo_enterprise").select_related("region").first()
    jobs: list[JobPosting] = []
    for chain, rows in JOBS.items():
        firms = _firms(chain, rng, len(rows))
        for i, (title, skills, edu, years, low, high, text) in enumerate(rows):
            if not firms:
                break
            org = firms[i % len(firms)]
            jobs.append(JobPosting(enterprise=org, title=title, description=text, skills=list(skills),
                                   education_min=edu, experience_years=years, city=org.region, salary_min=low,
                                   salary_max=high, headcount=rng.choice((1, 2, 2, 3, 5))))
    if demo is not None:
        for title, skills, edu, years, low, high, text in (JOBS["construction-machinery"][3],
                                                           JOBS["construction-machinery"][0],
                                                           JOBS["construction-machinery"][1]):
            jobs.append(JobPosting(enterprise=demo, title=title, description=text, skills=list(skills),
                                   education_min=edu, experience_years=years, city=demo.region, salary_min=low,
                                   salary_max=high, headcount=2))
    for job in jobs:
        job.search_text = job_text(job)
    return JobPosting.objects.bulk_create(jobs)


def seed_talent(*, seed: int = 2026) -> dict[str, int]:
    """Create the talent demo (postings, matchable talents, matches, a few answered ones)."""
    rng = random.Random(seed)
    talents = _talents(rng)
    last_note = Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    jobs = _postings(rng)
    spec = get_domain("talent")
    for job in jobs:
        match_need(spec, job.pk)
    demo_org = Organization.objects.filter(memberships__user__username="demo_enterprise").values_list(
        "pk", flat=True).first()
    demo_jobs = [j for j in jobs if j.enterprise_id == demo_org]
    interested = 0
    for job in demo_jobs[:2]:
        for m in Match.objects.filter(domain="talent", need_id=job.pk, retired_at=None).order_by("rank")[:2]:
            owner = job.enterprise.memberships.order_by("pk").first().user
            employer_interest(actor=owner, match_id=m.pk)
            interested += 1
    demo_match = Match.objects.filter(domain="talent", offer_user__username="demo_talent", retired_at=None,
                                      status="suggested").order_by("-score").first()
    if demo_match is not None:
        owner = Organization.objects.get(pk=demo_match.need_org_id).memberships.order_by("pk").first().user
        employer_interest(actor=owner, match_id=demo_match.pk)
        interested += 1
    first = Match.objects.filter(domain="talent", status="interested").exclude(
        offer_user__username="demo_talent").order_by("pk").first()
    if first is not None:
        talent_accept(actor=first.offer_user, match_id=first.pk)
    # the bulk "new match" notifications of the seeding itself are not news: drop them (no emails are sent)
    Notification.objects.filter(pk__gt=last_note, kind__in=QUIET).delete()
    return {"jobs": len(jobs), "talents": talents, "interested": interested,
            "matches": Match.objects.filter(domain="talent", retired_at=None).count()}
