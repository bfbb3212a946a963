"""Demo banks (real Hunan bank names from the data sheet §3), providers and white-list batches.

The banks are real institutions active in Hunan; their codes, branches' coverage and all
figures attached to them in the demo are fictitious. Descriptions repeat only facts the sheet
sources (§3.1, §3.3).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class BankDemo:
    key: str
    name: str
    short_name: str
    description: str
    #: (branch city adcode, coverage city adcodes)
    branches: tuple[tuple[str, tuple[str, ...]], ...]


BANKS: tuple[BankDemo, ...] = (
    BankDemo(
        "icbc",
        "中国工商银行股份有限公司湖南省分行",
        "工商银行湖南省分行",
        "设立科技金融中心，服务全省制造业与科技型企业。",
        (("430100", ("430100",)), ("430200", ("430200",)), ("430400", ("430400", "431000")), ("430600", ("430600",))),
    ),
    BankDemo(
        "abc",
        "中国农业银行股份有限公司湖南省分行",
        "农业银行湖南省分行",
        "以供应链金融“保理e融”等产品服务产业链上下游企业。",
        (("430100", ("430100", "430900")), ("430700", ("430700", "430800")), ("431000", ("431000", "431100"))),
    ),
    BankDemo(
        "ccb",
        "中国建设银行股份有限公司湖南省分行",
        "建设银行湖南省分行",
        "以“一链一策”服务工业新兴优势产业链核心企业及其上下游。",
        (
            ("430100", ("430100",)),
            ("430300", ("430300", "431300")),
            ("430400", ("430400", "430500")),
            ("431200", ("431200", "433100")),
        ),
    ),
    BankDemo(
        "boc",
        "中国银行股份有限公司湖南省分行",
        "中国银行湖南省分行",
        "株洲地区聚焦轨道交通、航空动力、新能源装备等产业链客户。",
        (("430100", ("430100",)), ("430200", ("430200",)), ("430600", ("430600",))),
    ),
    BankDemo(
        "bocom",
        "交通银行股份有限公司湖南省分行",
        "交通银行湖南省分行",
        "服务工程机械与轨道交通龙头企业的上游供应商与下游租赁客户。",
        (("430100", ("430100", "430300")), ("430200", ("430200",))),
    ),
    BankDemo(
        "hunan",
        "湖南银行股份有限公司",
        "湖南银行",
        "原华融湘江银行，2023年2月更名揭牌，湖南首家省级城市商业银行。",
        (
            ("430100", ("430100",)),
            ("430200", ("430200",)),
            ("430300", ("430300", "431300")),
            ("430400", ("430400", "430500")),
        ),
    ),
    BankDemo(
        "changsha",
        "长沙银行股份有限公司",
        "长沙银行",
        "总资产规模最大的湖南法人银行。",
        (("430100", ("430100",)), ("430300", ("430300",))),
    ),
)

#: The bank whose staff login is ``demo_bank``.
DEMO_BANK_KEY = "boc"


@dataclass(frozen=True)
class ProviderDemo:
    name: str
    category: str
    adcode: str
    uscc_prefix: str
    description: str


PROVIDERS: tuple[ProviderDemo, ...] = (
    ProviderDemo(
        "湖南中湘检验检测认证有限公司",
        "testing",
        "430104",
        "91",
        "提供ISO 9001、IATF 16949、CRCC等认证咨询与产品检验检测服务（演示机构）。",
    ),
    ProviderDemo(
        "湖南潇湘律师事务所", "law", "430102", "31", "为中小企业提供合同、知识产权与融资法律服务（演示机构）。"
    ),
    ProviderDemo(
        "湖南湘诚会计师事务所", "accounting", "430103", "91", "财税代理、审计与高新技术企业认定辅导（演示机构）。"
    ),
    ProviderDemo(
        "长沙麓谷技术转移服务中心",
        "tech_transfer",
        "430104",
        "52",
        "科技成果转化、技术合同登记与专利运营（演示机构）。",
    ),
    ProviderDemo(
        "湖南铁道职业技术学院", "training", "430211", "12", "轨道交通装备制造与运维技能人才培养、企业职工培训。"
    ),
    ProviderDemo("湖南工业职业技术学院", "university", "430104", "12", "装备制造类专业人才培养与校企合作。"),
    ProviderDemo(
        "株洲智造企业管理咨询有限公司",
        "consulting",
        "430211",
        "91",
        "精益生产、数字化转型与专精特新申报咨询（演示机构）。",
    ),
    ProviderDemo("湘潭精工数字化服务有限公司", "other", "430302", "91", "工业软件实施与设备上云服务（演示机构）。"),
)

#: White-list batches: number → publication date (demo dates; later batches are not documented).
WHITELIST_BATCHES: dict[int, str] = {1: "2018-04-20", 2: "2019-06-18", 3: "2020-07-15", 4: "2021-09-10"}


def whitelist_title(number: int) -> str:
    """Title of a white-list batch as shown to users."""
    return f"湖南省产融合作制造业企业白名单（第{number}批）"
