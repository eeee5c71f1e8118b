"""Real universities, institutes and hospitals the demo institute plausibly works with.

The report counts "more than 20 medical, scientific research institutions and universities at
home and abroad" and "42 enterprises and hospitals" without naming most of them; these are
the demo's own choice of partners. Their cooperation with the institute is synthetic.
"""

from __future__ import annotations

from .announcement import KnownOrganization

CLINICAL = ("medical_engineering", "life_health", "biomaterials")


def _org(key: str, zh: str, en: str, kind: str, city: str, **extra: object) -> KnownOrganization:
    return KnownOrganization(key=key, name_zh=zh, name_en=en, kind=kind, city=city, **extra)  # type: ignore[arg-type]


# The three joint research centers of February 2023: their partners.
FIRST_AFFILIATED_HOSPITAL = _org(
    "wmu_first_hospital",
    "温州医科大学附属第一医院",
    "The First Affiliated Hospital of Wenzhou Medical University",
    "hospital",
    "温州市",
    district="瓯海区",
    parent="wmu",
    domains=CLINICAL,
    partner=True,
    institution=True,
)
WENZHOU_UNIVERSITY = _org(
    "wzu",
    "温州大学",
    "Wenzhou University",
    "university",
    "温州市",
    district="瓯海区",
    domains=("materials", "food"),
    served=True,
    institution=True,
)

# Local universities and institutes the institute serves with technical services.
LOCAL_SERVED = (
    _org(
        "wenzhou_polytechnic",
        "温州职业技术学院",
        "Wenzhou Polytechnic",
        "university",
        "温州市",
        district="瓯海区",
        domains=("materials", "medical_engineering"),
        served=True,
        institution=True,
    ),
    _org(
        "wenzhou_agri_academy",
        "温州市农业科学研究院",
        "Wenzhou Academy of Agricultural Sciences",
        "research_institute",
        "温州市",
        domains=("food",),
        served=True,
        institution=True,
    ),
    _org(
        "wenzhou_kean",
        "温州肯恩大学",
        "Wenzhou-Kean University",
        "university",
        "温州市",
        district="瓯海区",
        domains=("life_health", "materials"),
        served=True,
    ),
    _org(
        "zjitc",
        "浙江工贸职业技术学院",
        "Zhejiang Industry & Trade Vocational College",
        "university",
        "温州市",
        domains=("materials",),
        served=True,
    ),
)

# Hospitals in horizontal cooperation (technical contracts; the first also a framework).
PARTNER_HOSPITALS = (
    _org(
        "wenzhou_peoples_hospital",
        "温州市人民医院",
        "Wenzhou People's Hospital",
        "hospital",
        "温州市",
        district="鹿城区",
        domains=CLINICAL,
        partner=True,
        institution=True,
    ),
    _org(
        "wenzhou_central_hospital",
        "温州市中心医院",
        "Wenzhou Central Hospital",
        "hospital",
        "温州市",
        district="鹿城区",
        domains=CLINICAL,
        partner=True,
    ),
    _org(
        "ruian_peoples_hospital",
        "瑞安市人民医院",
        "Rui'an People's Hospital",
        "hospital",
        "温州市",
        district="瑞安市",
        domains=CLINICAL,
        partner=True,
    ),
    _org(
        "zhejiang_peoples_hospital",
        "浙江省人民医院",
        "Zhejiang Provincial People's Hospital",
        "hospital",
        "杭州市",
        domains=CLINICAL,
        partner=True,
    ),
    _org(
        "wmu_second_hospital",
        "温州医科大学附属第二医院",
        "The Second Affiliated Hospital of Wenzhou Medical University",
        "hospital",
        "温州市",
        district="鹿城区",
        parent="wmu",
        domains=CLINICAL,
        partner=True,
    ),
)

# Universities and institutes at home in in-depth cooperation.
DOMESTIC_INSTITUTIONS = (
    _org(
        "zju",
        "浙江大学",
        "Zhejiang University",
        "university",
        "杭州市",
        district="西湖区",
        domains=("biomaterials", "medical_engineering", "food"),
        institution=True,
    ),
    _org(
        "sjtu",
        "上海交通大学",
        "Shanghai Jiao Tong University",
        "university",
        "上海市",
        district="闵行区",
        domains=("biomaterials", "life_health"),
        institution=True,
    ),
    _org(
        "zjut",
        "浙江工业大学",
        "Zhejiang University of Technology",
        "university",
        "杭州市",
        domains=("materials", "food"),
        institution=True,
    ),
    _org(
        "njtech",
        "南京工业大学",
        "Nanjing Tech University",
        "university",
        "南京市",
        domains=("materials", "biomaterials"),
        institution=True,
    ),
    _org(
        "nimte",
        "中国科学院宁波材料技术与工程研究所",
        "Ningbo Institute of Materials Technology and Engineering, CAS",
        "research_institute",
        "宁波市",
        district="镇海区",
        domains=("materials", "biomaterials"),
        institution=True,
    ),
    _org(
        "siccas",
        "中国科学院上海硅酸盐研究所",
        "Shanghai Institute of Ceramics, CAS",
        "research_institute",
        "上海市",
        district="嘉定区",
        domains=("biomaterials", "materials"),
        institution=True,
    ),
    _org(
        "ciac",
        "中国科学院长春应用化学研究所",
        "Changchun Institute of Applied Chemistry, CAS",
        "research_institute",
        "长春市",
        domains=("materials", "biomaterials"),
        institution=True,
    ),
)

# Abroad: universities in in-depth cooperation (memoranda and joint training).
FOREIGN_INSTITUTIONS = (
    _org(
        "nus",
        "新加坡国立大学",
        "National University of Singapore",
        "university",
        "Singapore",
        country="SG",
        domains=("biomaterials", "life_health"),
        institution=True,
    ),
    _org(
        "manchester",
        "曼彻斯特大学",
        "The University of Manchester",
        "university",
        "Manchester",
        country="GB",
        domains=("materials", "biomaterials"),
        institution=True,
    ),
    _org(
        "karolinska",
        "卡罗琳医学院",
        "Karolinska Institutet",
        "university",
        "Stockholm",
        country="SE",
        domains=("life_health", "medical_engineering"),
        institution=True,
    ),
    _org(
        "queensland",
        "昆士兰大学",
        "The University of Queensland",
        "university",
        "Brisbane",
        country="AU",
        domains=("food", "biomaterials"),
        institution=True,
    ),
    _org(
        "rwth",
        "亚琛工业大学",
        "RWTH Aachen University",
        "university",
        "Aachen",
        country="DE",
        domains=("medical_engineering", "materials"),
        institution=True,
    ),
    _org(
        "twente",
        "特文特大学",
        "University of Twente",
        "university",
        "Enschede",
        country="NL",
        domains=("biomaterials", "medical_engineering"),
        institution=True,
    ),
    _org(
        "kyoto",
        "京都大学",
        "Kyoto University",
        "university",
        "Kyoto",
        country="JP",
        domains=("life_health", "materials"),
        institution=True,
    ),
    _org(
        "toronto",
        "多伦多大学",
        "University of Toronto",
        "university",
        "Toronto",
        country="CA",
        domains=("medical_engineering", "life_health"),
        institution=True,
    ),
)

# Institutions the institute meets without in-depth cooperation on the report's date:
# technical contracts, or memoranda that had ended by then.
OTHER_INSTITUTIONS = (
    _org("fudan", "复旦大学", "Fudan University", "university", "上海市", domains=("life_health",)),
    _org(
        "scu", "四川大学", "Sichuan University", "university", "成都市", domains=("biomaterials",)
    ),
    _org("jiangnan", "江南大学", "Jiangnan University", "university", "苏州市", domains=("food",)),
    _org(
        "hznu",
        "杭州师范大学",
        "Hangzhou Normal University",
        "university",
        "杭州市",
        domains=("life_health", "materials"),
    ),
    _org(
        "scut",
        "华南理工大学",
        "South China University of Technology",
        "university",
        "广州市",
        domains=("materials", "food"),
    ),
    _org(
        "cpu",
        "中国药科大学",
        "China Pharmaceutical University",
        "university",
        "南京市",
        domains=("life_health",),
    ),
)

# Foreign universities the scaled volume draws on.
FOREIGN_POOL: tuple[tuple[str, str, str, str], ...] = (
    ("苏黎世联邦理工学院", "ETH Zurich", "Zurich", "CH"),
    ("以色列理工学院", "Technion - Israel Institute of Technology", "Haifa", "IL"),
    ("诺丁汉大学", "University of Nottingham", "Nottingham", "GB"),
    ("莫纳什大学", "Monash University", "Melbourne", "AU"),
    ("鲁汶大学", "KU Leuven", "Leuven", "BE"),
    ("哥本哈根大学", "University of Copenhagen", "Copenhagen", "DK"),
    ("首尔大学", "Seoul National University", "Seoul", "KR"),
    ("大阪大学", "Osaka University", "Osaka", "JP"),
    ("麦吉尔大学", "McGill University", "Montreal", "CA"),
    ("蒙彼利埃大学", "University of Montpellier", "Montpellier", "FR"),
    ("奥克兰大学", "University of Auckland", "Auckland", "NZ"),
    ("南洋理工大学", "Nanyang Technological University", "Singapore", "SG"),
    ("瓦赫宁根大学", "Wageningen University & Research", "Wageningen", "NL"),
    ("隆德大学", "Lund University", "Lund", "SE"),
    ("都柏林圣三一大学", "Trinity College Dublin", "Dublin", "IE"),
    ("悉尼大学", "The University of Sydney", "Sydney", "AU"),
)

GOVERNMENT_BODIES = (
    _org(
        "wenzhou_stb",
        "温州市科学技术局",
        "Wenzhou Municipal Science and Technology Bureau",
        "government",
        "温州市",
    ),
    _org(
        "zhejiang_stb",
        "浙江省科学技术厅",
        "Department of Science and Technology of Zhejiang Province",
        "government",
        "杭州市",
    ),
)
