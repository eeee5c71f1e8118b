"""The facts of the announcement of 2023-05-08 (`seed/announcement.txt`), exactly.

Wenzhou Net News reported the signing ceremony of 2023-05-06 and the institute's figures
since it was established in May 2019. Everything here is stated there; where the demo has to
add a detail the report leaves out (the day of the February signing, the names of the
centers it does not name), the detail is marked as the demo's own.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

# The date of the report, and so of its figures.
AS_OF = datetime.date(2023, 5, 8)
INSTITUTE_FOUNDED_ON = datetime.date(2019, 5, 1)  # "Established in May 2019"

# The figures of the report's last paragraph, as the records give them on AS_OF.
FIGURES_AS_OF = {
    "organizations_served_local": 108,  # "more than 100 Wenzhou local enterprises, universities, and institutes"
    "cooperation_partners": 42,  # "horizontal cooperation with 42 enterprises and hospitals"
    "technical_problems_solved": 213,  # "solving more than 200 technical problems"
    "institutions_cooperating": 23,  # "more than 20 medical, scientific research institutions and universities"
    "achievements_market_or_clinical": 56,  # "more than 50 ... achievements"
    "financing_cumulative_cny": Decimal("156300000.00"),  # "over 150 million yuan"
}


@dataclass(frozen=True)
class KnownOrganization:
    """An organization the demo names: from the report, or a well-known real institution."""

    key: str
    name_zh: str
    name_en: str
    kind: str
    city: str  # the Chinese city name in China, the English one abroad
    district: str = ""
    country: str = "CN"
    aliases: tuple[str, ...] = ()
    parent: str | None = None
    domains: tuple[str, ...] = ()
    industry: str = ""
    founded_on: datetime.date | None = None
    description: str = ""
    # Its place in the report's figures (see generate/story.py, Org).
    served: bool = False
    partner: bool = False
    institution: bool = False


INSTITUTE = KnownOrganization(
    key="institute",
    name_zh="国科温州研究院",
    name_en="Wenzhou Institute, University of Chinese Academy of Sciences",
    kind="research_institute",
    city="温州市",
    aliases=("中国科学院大学温州研究院", "Guoke Wenzhou Research Institute"),
    parent="ucas",
    domains=("biomaterials", "medical_engineering", "life_health", "food", "materials"),
    industry="科学研究和技术服务",
    founded_on=INSTITUTE_FOUNDED_ON,
    description=(
        "国科温州研究院成立于2019年5月，是面向温州生命健康产业的新型研发机构，以生物材料为"
        "重点研究方向，推动人才链、创新链、产业链和资本链多链融合发展。"
    ),
)
UCAS = KnownOrganization(
    key="ucas",
    name_zh="中国科学院大学",
    name_en="University of Chinese Academy of Sciences",
    kind="university",
    city="北京市",
)
NINGBO_UNIVERSITY = KnownOrganization(
    key="ningbo_university",
    name_zh="宁波大学",
    name_en="Ningbo University",
    kind="university",
    city="宁波市",
    district="江北区",
    domains=("materials", "food", "life_health"),
    institution=True,
)
WENZHOU_MEDICAL_UNIVERSITY = KnownOrganization(
    key="wmu",
    name_zh="温州医科大学",
    name_en="Wenzhou Medical University",
    kind="university",
    city="温州市",
    district="瓯海区",
    domains=("life_health", "medical_engineering", "biomaterials"),
    served=True,
    institution=True,
)
XIANGSHAN_HOSPITAL = KnownOrganization(
    key="xiangshan_hospital",
    name_zh="温州医科大学附属象山医院",
    name_en="Xiangshan Hospital Affiliated to Wenzhou Medical University",
    kind="hospital",
    city="宁波市",
    district="象山县",
    parent="wmu",
    domains=("medical_engineering", "life_health", "biomaterials"),
    partner=True,
    institution=True,
)
YIDING = KnownOrganization(
    key="yiding",
    name_zh="浙江亿鼎医用敷料有限公司",
    name_en="Zhejiang Yiding Medical Dressing Co., Ltd.",
    kind="enterprise",
    city="温州市",
    district="瓯海区",  # the demo's own choice: the report gives no address
    domains=("biomaterials",),
    industry="医用敷料制造",
    served=True,
    partner=True,
)
BAIFEI = KnownOrganization(
    key="baifei",
    name_zh="浙江百菲乳业有限公司",
    name_en="Zhejiang Baifei Dairy Co., Ltd.",
    kind="enterprise",
    city="温州市",
    district="平阳县",  # the demo's own choice: the report gives no address
    domains=("food",),
    industry="乳制品制造",
    served=True,
    partner=True,
)
EQUITY_SERVICE_GROUP = KnownOrganization(
    key="equity_group",
    name_zh="浙江股权服务集团",
    name_en="Zhejiang Equity Service Group",
    kind="service_provider",
    city="杭州市",
    aliases=("浙裕企服", "Zheyu Enterprise Service"),
    industry="企业股权与融资服务",
)
TSINGHUA = KnownOrganization(
    key="tsinghua",
    name_zh="清华大学",
    name_en="Tsinghua University",
    kind="university",
    city="北京市",
    district="海淀区",
)

REPORTED_ORGANIZATIONS = (
    UCAS,
    INSTITUTE,
    TSINGHUA,
    NINGBO_UNIVERSITY,
    WENZHOU_MEDICAL_UNIVERSITY,
    XIANGSHAN_HOSPITAL,
    YIDING,
    BAIFEI,
    EQUITY_SERVICE_GROUP,
)


@dataclass(frozen=True)
class KnownPerson:
    name_zh: str
    name_en: str
    kind: str
    title: str
    honours: tuple[str, ...]
    profile: str
    expertise: tuple[str, ...] = ()
    # (organization key, position, primary)
    affiliations: tuple[tuple[str, str, bool], ...] = ()


YANG_GUOQIANG = KnownPerson(
    name_zh="杨国强",
    name_en="Yang Guoqiang",
    kind="researcher",
    title="研究员",
    honours=(),
    profile="中国科学院大学副校长，国科温州研究院院长。",
    affiliations=(("institute", "院长", True), ("ucas", "副校长", False)),
)
ZHANG_HONGJIE = KnownPerson(
    name_zh="张洪杰",
    name_en="Zhang Hongjie",
    kind="expert",
    title="教授",
    honours=("academician_cas",),
    profile="中国科学院院士，清华大学教授，受聘为国科温州研究院生物医用材料中心首席科学家。",
    expertise=("稀土发光材料", "生物医用材料"),
    affiliations=(("tsinghua", "教授", True),),
)


@dataclass(frozen=True)
class Event:
    title_zh: str
    title_en: str
    held_on: datetime.date
    place: str
    description: str


MAY_SIGNING = Event(
    title_zh="科技创新项目集中签约仪式",
    title_en="Centralized signing ceremony for scientific and technological innovation projects",
    held_on=datetime.date(2023, 5, 6),
    place="国科温州研究院",
    description=(
        "研究院与宁波大学签约全面合作；与浙江亿鼎医用敷料有限公司、浙江百菲乳业有限公司共建联合"
        "研发中心；与温州医科大学附属象山医院共建医学研究中心；与浙江股权服务集团（浙裕企服）共建"
        "科技创新孵化中心。浙江省生物材料与工程国际科技合作基地揭牌，生物医用材料中心成立并举行"
        "学术委员会聘任仪式，中国科学院院士、清华大学教授张洪杰受聘为中心首席科学家。"
    ),
)
# "the intensive signing of the three joint research centers ... in February this year": the
# report gives the month only; the day is the demo's own.
FEBRUARY_SIGNING = Event(
    title_zh="联合研究中心集中签约仪式",
    title_en="Joint research centers signing ceremony",
    held_on=datetime.date(2023, 2, 17),
    place="国科温州研究院",
    description="研究院集中签约共建三个联合研究中心。",
)


@dataclass(frozen=True)
class ReportedCenter:
    key: str
    name_zh: str
    name_en: str
    kind: str
    domains: tuple[str, ...]
    partners: tuple[str, ...] = ()


# The report names the kinds of the centers signed on 2023-05-06, not their names: these are
# the demo's own.
JOINT_RD_CENTER = ReportedCenter(
    key="joint_rd",
    name_zh="医用敷料与乳品健康联合研发中心",
    name_en="Joint R&D Center for Medical Dressings and Dairy Health",
    kind="joint_rd",
    domains=("biomaterials", "food"),
    partners=("yiding", "baifei"),
)
MEDICAL_RESEARCH_CENTER = ReportedCenter(
    key="medical_research",
    name_zh="象山医学研究中心",
    name_en="Xiangshan Medical Research Center",
    kind="medical_research",
    domains=("medical_engineering", "life_health"),
    partners=("xiangshan_hospital",),
)
INCUBATION_CENTER = ReportedCenter(
    key="incubation",
    name_zh="科技创新孵化中心",
    name_en="Science and Technology Innovation Incubation Center",
    kind="incubation",
    domains=("biomaterials", "medical_engineering", "life_health", "food", "materials"),
    partners=("equity_group",),
)
INTERNATIONAL_BASE = ReportedCenter(
    key="international_base",
    name_zh="浙江省生物材料与工程国际科技合作基地",
    name_en=(
        "Zhejiang Provincial Biomaterials and Engineering International Science and Technology "
        "Cooperation Base"
    ),
    kind="international_base",
    domains=("biomaterials", "medical_engineering"),
)
BIOMEDICAL_MATERIALS_CENTER = ReportedCenter(
    key="biomedical_materials",
    name_zh="生物医用材料中心",
    name_en="Biomedical Materials Center",
    kind="research_center",
    domains=("biomaterials", "medical_engineering"),
)
ACADEMIC_COMMITTEE = ("学术委员会", "Academic Committee")
