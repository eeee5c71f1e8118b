"""Names of synthetic people and organizations, places, and unified social credit codes.

Chinese names come with their pinyin, so that a person's or company's English name is the
romanization of its Chinese one rather than an unrelated random name.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass
from typing import Any, TypeVar

from faker import Faker

from liaison.core.validators import CREDIT_CODE_ALPHABET, credit_code_check_character

from .vocabulary import Trade

P = TypeVar("P", bound=tuple[Any, ...])


@dataclass(frozen=True)
class District:
    zh: str
    en: str
    code: str  # the six-digit administrative division code


@dataclass(frozen=True)
class City:
    zh: str
    en: str
    province: str
    code: str
    districts: tuple[District, ...]

    @property
    def short_zh(self) -> str:
        return self.zh.removesuffix("市")


def _city(zh: str, en: str, province: str, code: str, *districts: tuple[str, str, str]) -> City:
    return City(zh, en, province, code, tuple(District(*d) for d in districts))


WENZHOU = _city(
    "温州市",
    "Wenzhou",
    "浙江省",
    "330300",
    ("鹿城区", "Lucheng", "330302"),
    ("龙湾区", "Longwan", "330303"),
    ("瓯海区", "Ouhai", "330304"),
    ("洞头区", "Dongtou", "330305"),
    ("永嘉县", "Yongjia", "330324"),
    ("平阳县", "Pingyang", "330326"),
    ("苍南县", "Cangnan", "330327"),
    ("文成县", "Wencheng", "330328"),
    ("泰顺县", "Taishun", "330329"),
    ("瑞安市", "Rui'an", "330381"),
    ("乐清市", "Yueqing", "330382"),
    ("龙港市", "Longgang", "330383"),
)
# Where Wenzhou's enterprises cluster; the districts of the city proper come first.
WENZHOU_DISTRICT_WEIGHTS = (14, 12, 16, 2, 6, 5, 4, 1, 1, 12, 12, 4)

OTHER_CITIES: tuple[City, ...] = (
    _city(
        "杭州市",
        "Hangzhou",
        "浙江省",
        "330100",
        ("上城区", "Shangcheng", "330102"),
        ("拱墅区", "Gongshu", "330105"),
        ("西湖区", "Xihu", "330106"),
        ("滨江区", "Binjiang", "330108"),
        ("萧山区", "Xiaoshan", "330109"),
        ("余杭区", "Yuhang", "330110"),
    ),
    _city(
        "宁波市",
        "Ningbo",
        "浙江省",
        "330200",
        ("海曙区", "Haishu", "330203"),
        ("江北区", "Jiangbei", "330205"),
        ("北仑区", "Beilun", "330206"),
        ("镇海区", "Zhenhai", "330211"),
        ("鄞州区", "Yinzhou", "330212"),
        ("象山县", "Xiangshan", "330225"),
        ("慈溪市", "Cixi", "330282"),
    ),
    _city(
        "嘉兴市",
        "Jiaxing",
        "浙江省",
        "330400",
        ("南湖区", "Nanhu", "330402"),
        ("海宁市", "Haining", "330481"),
    ),
    _city(
        "湖州市",
        "Huzhou",
        "浙江省",
        "330500",
        ("吴兴区", "Wuxing", "330502"),
        ("德清县", "Deqing", "330521"),
    ),
    _city(
        "绍兴市",
        "Shaoxing",
        "浙江省",
        "330600",
        ("越城区", "Yuecheng", "330602"),
        ("诸暨市", "Zhuji", "330681"),
    ),
    _city(
        "金华市",
        "Jinhua",
        "浙江省",
        "330700",
        ("婺城区", "Wucheng", "330702"),
        ("义乌市", "Yiwu", "330782"),
    ),
    _city(
        "台州市",
        "Taizhou",
        "浙江省",
        "331000",
        ("椒江区", "Jiaojiang", "331002"),
        ("临海市", "Linhai", "331082"),
    ),
    _city("丽水市", "Lishui", "浙江省", "331100", ("莲都区", "Liandu", "331102")),
    _city(
        "上海市",
        "Shanghai",
        "上海市",
        "310000",
        ("徐汇区", "Xuhui", "310104"),
        ("闵行区", "Minhang", "310112"),
        ("嘉定区", "Jiading", "310114"),
        ("浦东新区", "Pudong", "310115"),
    ),
    _city(
        "北京市",
        "Beijing",
        "北京市",
        "110000",
        ("朝阳区", "Chaoyang", "110105"),
        ("海淀区", "Haidian", "110108"),
        ("昌平区", "Changping", "110114"),
    ),
    _city(
        "苏州市",
        "Suzhou",
        "江苏省",
        "320500",
        ("吴中区", "Wuzhong", "320506"),
        ("姑苏区", "Gusu", "320508"),
        ("昆山市", "Kunshan", "320583"),
    ),
    _city(
        "南京市",
        "Nanjing",
        "江苏省",
        "320100",
        ("鼓楼区", "Gulou", "320106"),
        ("江宁区", "Jiangning", "320115"),
    ),
    _city(
        "深圳市",
        "Shenzhen",
        "广东省",
        "440300",
        ("南山区", "Nanshan", "440305"),
        ("宝安区", "Bao'an", "440306"),
        ("龙岗区", "Longgang", "440307"),
    ),
    _city(
        "广州市",
        "Guangzhou",
        "广东省",
        "440100",
        ("天河区", "Tianhe", "440106"),
        ("黄埔区", "Huangpu", "440112"),
    ),
    _city(
        "武汉市",
        "Wuhan",
        "湖北省",
        "420100",
        ("洪山区", "Hongshan", "420111"),
        ("江夏区", "Jiangxia", "420115"),
    ),
    _city(
        "成都市",
        "Chengdu",
        "四川省",
        "510100",
        ("武侯区", "Wuhou", "510107"),
        ("双流区", "Shuangliu", "510116"),
    ),
    _city(
        "天津市",
        "Tianjin",
        "天津市",
        "120000",
        ("南开区", "Nankai", "120104"),
        ("滨海新区", "Binhai", "120116"),
    ),
    _city(
        "合肥市",
        "Hefei",
        "安徽省",
        "340100",
        ("蜀山区", "Shushan", "340104"),
        ("包河区", "Baohe", "340111"),
    ),
    _city("西安市", "Xi'an", "陕西省", "610100", ("雁塔区", "Yanta", "610113")),
    _city(
        "厦门市",
        "Xiamen",
        "福建省",
        "350200",
        ("思明区", "Siming", "350203"),
        ("集美区", "Jimei", "350211"),
    ),
    _city("长春市", "Changchun", "吉林省", "220100", ("朝阳区", "Chaoyang", "220104")),
    _city("济南市", "Jinan", "山东省", "370100", ("历下区", "Lixia", "370102")),
    _city("青岛市", "Qingdao", "山东省", "370200", ("崂山区", "Laoshan", "370212")),
    _city("长沙市", "Changsha", "湖南省", "430100", ("岳麓区", "Yuelu", "430104")),
    _city("福州市", "Fuzhou", "福建省", "350100", ("鼓楼区", "Gulou", "350102")),
)
# Most of the institute's partners outside Wenzhou are elsewhere in Zhejiang or in the big
# research cities.
OTHER_CITY_WEIGHTS = (10, 8, 3, 2, 3, 3, 3, 2, 8, 5, 4, 3, 4, 3, 2, 2, 1, 2, 1, 1, 1, 1, 1, 1, 1)
CITIES_BY_NAME: dict[str, City] = {c.zh: c for c in (WENZHOU, *OTHER_CITIES)}


@dataclass(frozen=True)
class ForeignPlace:
    country: str  # ISO 3166
    city: str
    city_zh: str


FOREIGN_PLACES = (
    ForeignPlace("SG", "Singapore", "新加坡"),
    ForeignPlace("US", "Boston", "波士顿"),
    ForeignPlace("US", "San Diego", "圣迭戈"),
    ForeignPlace("GB", "Cambridge", "剑桥"),
    ForeignPlace("DE", "Munich", "慕尼黑"),
    ForeignPlace("CH", "Basel", "巴塞尔"),
    ForeignPlace("JP", "Osaka", "大阪"),
    ForeignPlace("KR", "Seoul", "首尔"),
    ForeignPlace("HK", "Hong Kong", "香港"),
    ForeignPlace("NL", "Leiden", "莱顿"),
)

# Surnames by how common they are, with pinyin.
# fmt: off
SURNAMES: tuple[tuple[str, str], ...] = (
    ("王", "Wang"), ("李", "Li"), ("张", "Zhang"), ("刘", "Liu"), ("陈", "Chen"),
    ("杨", "Yang"), ("黄", "Huang"), ("赵", "Zhao"), ("吴", "Wu"), ("周", "Zhou"),
    ("徐", "Xu"), ("孙", "Sun"), ("马", "Ma"), ("朱", "Zhu"), ("胡", "Hu"),
    ("郭", "Guo"), ("何", "He"), ("林", "Lin"), ("罗", "Luo"), ("高", "Gao"),
    ("郑", "Zheng"), ("梁", "Liang"), ("谢", "Xie"), ("宋", "Song"), ("唐", "Tang"),
    ("许", "Xu"), ("邓", "Deng"), ("冯", "Feng"), ("韩", "Han"), ("曹", "Cao"),
    ("曾", "Zeng"), ("彭", "Peng"), ("萧", "Xiao"), ("蔡", "Cai"), ("潘", "Pan"),
    ("田", "Tian"), ("董", "Dong"), ("袁", "Yuan"), ("于", "Yu"), ("余", "Yu"),
    ("叶", "Ye"), ("蒋", "Jiang"), ("杜", "Du"), ("苏", "Su"), ("魏", "Wei"),
    ("程", "Cheng"), ("吕", "Lyu"), ("丁", "Ding"), ("沈", "Shen"), ("任", "Ren"),
    ("姚", "Yao"), ("卢", "Lu"), ("傅", "Fu"), ("钟", "Zhong"), ("姜", "Jiang"),
    ("崔", "Cui"), ("谭", "Tan"), ("廖", "Liao"), ("范", "Fan"), ("汪", "Wang"),
    ("陆", "Lu"), ("金", "Jin"), ("石", "Shi"), ("戴", "Dai"), ("贾", "Jia"),
    ("韦", "Wei"), ("夏", "Xia"), ("邱", "Qiu"), ("方", "Fang"), ("侯", "Hou"),
    ("邹", "Zou"), ("熊", "Xiong"), ("孟", "Meng"), ("秦", "Qin"), ("白", "Bai"),
    ("江", "Jiang"), ("薛", "Xue"), ("尹", "Yin"), ("段", "Duan"), ("雷", "Lei"),
    ("黎", "Li"), ("史", "Shi"), ("龙", "Long"), ("陶", "Tao"), ("贺", "He"),
    ("顾", "Gu"), ("毛", "Mao"), ("郝", "Hao"), ("龚", "Gong"), ("邵", "Shao"),
    ("钱", "Qian"), ("严", "Yan"), ("洪", "Hong"), ("孔", "Kong"), ("章", "Zhang"),
)
# fmt: on
SURNAME_WEIGHTS = tuple(max(1, 40 - i // 3) for i in range(len(SURNAMES)))

# fmt: off
GIVEN_CHARACTERS: tuple[tuple[str, str], ...] = (
    ("伟", "wei"), ("芳", "fang"), ("娜", "na"), ("敏", "min"), ("静", "jing"),
    ("丽", "li"), ("强", "qiang"), ("磊", "lei"), ("军", "jun"), ("洋", "yang"),
    ("勇", "yong"), ("艳", "yan"), ("杰", "jie"), ("娟", "juan"), ("涛", "tao"),
    ("明", "ming"), ("超", "chao"), ("秀", "xiu"), ("霞", "xia"), ("平", "ping"),
    ("刚", "gang"), ("英", "ying"), ("华", "hua"), ("建", "jian"), ("文", "wen"),
    ("辉", "hui"), ("玲", "ling"), ("红", "hong"), ("鹏", "peng"), ("飞", "fei"),
    ("斌", "bin"), ("宇", "yu"), ("浩", "hao"), ("凯", "kai"), ("婷", "ting"),
    ("晨", "chen"), ("欣", "xin"), ("怡", "yi"), ("佳", "jia"), ("琳", "lin"),
    ("雪", "xue"), ("梅", "mei"), ("慧", "hui"), ("颖", "ying"), ("倩", "qian"),
    ("瑶", "yao"), ("璐", "lu"), ("思", "si"), ("雨", "yu"), ("泽", "ze"),
    ("博", "bo"), ("翔", "xiang"), ("俊", "jun"), ("峰", "feng"), ("帆", "fan"),
    ("宁", "ning"), ("志", "zhi"), ("国", "guo"), ("海", "hai"), ("东", "dong"),
    ("晓", "xiao"), ("春", "chun"), ("亮", "liang"), ("振", "zhen"), ("新", "xin"),
    ("永", "yong"), ("忠", "zhong"), ("德", "de"), ("立", "li"), ("成", "cheng"),
    ("荣", "rong"), ("嘉", "jia"), ("子", "zi"), ("涵", "han"), ("睿", "rui"),
    ("轩", "xuan"), ("逸", "yi"), ("诗", "shi"), ("雅", "ya"), ("晶", "jing"),
    ("蕾", "lei"), ("薇", "wei"), ("冰", "bing"), ("洁", "jie"), ("清", "qing"),
    ("天", "tian"), ("安", "an"), ("心", "xin"), ("乐", "le"), ("远", "yuan"),
    ("航", "hang"), ("铭", "ming"), ("哲", "zhe"), ("锋", "feng"), ("瑞", "rui"),
    ("琦", "qi"), ("昊", "hao"), ("然", "ran"), ("可", "ke"), ("凡", "fan"),
    ("旭", "xu"), ("阳", "yang"), ("松", "song"), ("波", "bo"), ("宏", "hong"),
    ("晗", "han"), ("毅", "yi"), ("欢", "huan"), ("岩", "yan"), ("卓", "zhuo"),
)
# fmt: on

# The two people the announcement names; no synthetic person gets their names.
RESERVED_PERSON_NAMES = frozenset({"杨国强", "张洪杰"})

# fmt: off
FOREIGN_GIVEN_NAMES: tuple[tuple[str, str], ...] = (
    ("James", "詹姆斯"), ("Michael", "迈克尔"), ("David", "大卫"), ("Robert", "罗伯特"),
    ("John", "约翰"), ("William", "威廉"), ("Richard", "理查德"), ("Thomas", "托马斯"),
    ("Daniel", "丹尼尔"), ("Paul", "保罗"), ("Mark", "马克"), ("Peter", "彼得"),
    ("Andrew", "安德鲁"), ("Mary", "玛丽"), ("Sarah", "莎拉"), ("Emma", "艾玛"),
    ("Anna", "安娜"), ("Laura", "劳拉"), ("Julia", "朱莉娅"), ("Sophie", "索菲"),
    ("Hans", "汉斯"), ("Lars", "拉尔斯"), ("Erik", "埃里克"), ("Claire", "克莱尔"),
    ("Martin", "马丁"), ("Elena", "埃琳娜"), ("Marco", "马可"), ("Isabel", "伊莎贝尔"),
)
# fmt: on
# fmt: off
FOREIGN_SURNAMES: tuple[tuple[str, str], ...] = (
    ("Smith", "史密斯"), ("Johnson", "约翰逊"), ("Brown", "布朗"), ("Taylor", "泰勒"),
    ("Wilson", "威尔逊"), ("Miller", "米勒"), ("Davis", "戴维斯"), ("Clark", "克拉克"),
    ("Walker", "沃克"), ("Hall", "霍尔"), ("Allen", "艾伦"), ("Wright", "赖特"),
    ("Scott", "斯科特"), ("Green", "格林"), ("Baker", "贝克"), ("Adams", "亚当斯"),
    ("Nelson", "纳尔逊"), ("Carter", "卡特"), ("Mitchell", "米切尔"), ("Turner", "特纳"),
    ("Parker", "帕克"), ("Evans", "埃文斯"), ("Collins", "柯林斯"), ("Stewart", "斯图尔特"),
    ("Schmidt", "施密特"), ("Fischer", "菲舍尔"), ("Weber", "韦伯"), ("Wagner", "瓦格纳"),
    ("Larsen", "拉森"), ("Jensen", "延森"), ("Rossi", "罗西"), ("Dubois", "杜波依斯"),
)
# fmt: on

# Characters of company trade names ("字号"), with pinyin.
# fmt: off
TRADE_CHARACTERS: tuple[tuple[str, str], ...] = (
    ("瑞", "rui"), ("康", "kang"), ("华", "hua"), ("泰", "tai"), ("鼎", "ding"),
    ("丰", "feng"), ("恒", "heng"), ("隆", "long"), ("德", "de"), ("诚", "cheng"),
    ("信", "xin"), ("安", "an"), ("宏", "hong"), ("远", "yuan"), ("达", "da"),
    ("博", "bo"), ("源", "yuan"), ("聚", "ju"), ("嘉", "jia"), ("盛", "sheng"),
    ("昌", "chang"), ("海", "hai"), ("天", "tian"), ("欣", "xin"), ("科", "ke"),
    ("创", "chuang"), ("益", "yi"), ("和", "he"), ("润", "run"), ("万", "wan"),
    ("金", "jin"), ("正", "zheng"), ("永", "yong"), ("立", "li"), ("凯", "kai"),
    ("晨", "chen"), ("锐", "rui"), ("星", "xing"), ("捷", "jie"), ("卓", "zhuo"),
    ("优", "you"), ("佳", "jia"), ("美", "mei"), ("欧", "ou"), ("联", "lian"),
    ("东", "dong"), ("明", "ming"), ("光", "guang"), ("通", "tong"), ("腾", "teng"),
    ("越", "yue"), ("宁", "ning"), ("元", "yuan"), ("利", "li"), ("福", "fu"),
    ("祥", "xiang"), ("惠", "hui"), ("健", "jian"), ("仁", "ren"), ("悦", "yue"),
    ("维", "wei"), ("瀚", "han"), ("睿", "rui"), ("朗", "lang"), ("峰", "feng"),
    ("舟", "zhou"), ("迈", "mai"), ("普", "pu"), ("贝", "bei"), ("禾", "he"),
    ("瓯", "ou"), ("雁", "yan"), ("鹿", "lu"), ("江", "jiang"), ("兴", "xing"),
)
# fmt: on

FOREIGN_COMPANY_FORMS = {
    "DE": "GmbH",
    "CH": "AG",
    "SG": "Pte. Ltd.",
    "JP": "K.K.",
    "KR": "Co., Ltd.",
    "HK": "Limited",
    "NL": "B.V.",
    "GB": "Ltd.",
}
# Tries of one surname before two: a few hundred foreign enterprises or investors (scale ~300
# for investors, ~850 for enterprises) take every pair of one surname and trade or word, and a
# draw that only ever finds taken names would never end. Below that the draws (and so the
# demo of a given seed) are the same as with one surname only.
SINGLE_SURNAME_ATTEMPTS = 20
FOREIGN_INVESTOR_WORDS = (("健康", "Health"), ("生命科学", "Life Sciences"), ("创新", "Innovation"))

HOSPITAL_FORMS: tuple[tuple[str, str], ...] = (
    ("第一人民医院", "First People's Hospital"),
    ("第二人民医院", "Second People's Hospital"),
    ("第三人民医院", "Third People's Hospital"),
    ("中心医院", "Central Hospital"),
    ("中医院", "Hospital of Traditional Chinese Medicine"),
    ("妇幼保健院", "Maternal and Child Health Hospital"),
    ("口腔医院", "Stomatological Hospital"),
    ("眼科医院", "Eye Hospital"),
)
DISTRICT_HOSPITAL_FORMS: tuple[tuple[str, str], ...] = (
    ("人民医院", "People's Hospital"),
    ("中医院", "Hospital of Traditional Chinese Medicine"),
)
UNIVERSITY_FORMS: tuple[tuple[str, str], ...] = (
    ("职业技术学院", "Polytechnic"),
    ("医学院", "Medical College"),
    ("科技学院", "College of Science and Technology"),
    ("理工学院", "Institute of Technology"),
    ("师范学院", "Normal College"),
)
INSTITUTE_FORMS: tuple[tuple[str, str], ...] = (
    ("生物医药研究院", "Institute of Biomedicine"),
    ("新材料研究院", "Institute of New Materials"),
    ("食品科学研究所", "Institute of Food Science"),
    ("医学科学研究院", "Academy of Medical Sciences"),
    ("产业技术研究院", "Institute of Industrial Technology"),
)


def capitalized_pinyin(syllables: list[str]) -> str:
    """Pinyin syllables written as one word, with the apostrophe before a vowel-initial one."""
    word = ""
    for syllable in syllables:
        if word and syllable[0] in "aeo":
            word += "'"
        word += syllable
    return word[:1].upper() + word[1:]


@dataclass(frozen=True)
class OrganizationName:
    zh: str
    en: str
    short_zh: str  # the trade name, which centers and titles use
    short_en: str


@dataclass(frozen=True)
class PersonName:
    zh: str
    en: str
    email_local: str


class Namer:
    """Unique names of people and organizations, drawn from one random stream."""

    def __init__(self, rng: random.Random, faker_zh: Faker, faker_en: Faker) -> None:
        self.rng = rng
        self.faker_zh = faker_zh
        self.faker_en = faker_en
        self.organization_names: set[str] = set()
        self.person_names: dict[str, int] = {}
        self.email_locals: set[str] = set()

    def reserve_organization(self, name_zh: str) -> None:
        self.organization_names.add(name_zh)

    def chinese_person(self) -> PersonName:
        while True:
            surname, surname_pinyin = self.rng.choices(SURNAMES, weights=SURNAME_WEIGHTS)[0]
            count = 1 if self.rng.random() < 0.22 else 2
            given = [self.rng.choice(GIVEN_CHARACTERS) for _ in range(count)]
            zh = surname + "".join(c for c, _p in given)
            if zh in RESERVED_PERSON_NAMES or (count == 2 and given[0][0] == given[1][0]):
                continue
            # Namesakes happen, but rarely among the few hundred people of one institute.
            if self.person_names.get(zh, 0) >= 1 and self.rng.random() < 0.9:
                continue
            self.person_names[zh] = self.person_names.get(zh, 0) + 1
            given_pinyin = capitalized_pinyin([p for _c, p in given])
            en = f"{surname_pinyin} {given_pinyin}"
            plain = given_pinyin.replace("'", "").lower()
            local = f"{plain}.{surname_pinyin.lower()}"
            return PersonName(zh, en, self._email_local(local))

    def foreign_person(self) -> PersonName:
        given, given_zh = self.rng.choice(FOREIGN_GIVEN_NAMES)
        surname, surname_zh = self.rng.choice(FOREIGN_SURNAMES)
        local = f"{given.lower()}.{surname.lower()}"
        return PersonName(
            f"{given_zh}·{surname_zh}", f"{given} {surname}", self._email_local(local)
        )

    def _email_local(self, local: str) -> str:
        candidate = local
        number = 1
        while candidate in self.email_locals:
            number += 1
            candidate = f"{local}{number}"
        self.email_locals.add(candidate)
        return candidate

    def phone(self, *, foreign: bool = False) -> str:
        return str((self.faker_en if foreign else self.faker_zh).phone_number())

    def trade_name(self) -> tuple[str, str]:
        """A two-character trade name and its pinyin, e.g. 瑞康 / Ruikang."""
        first, second = self.rng.sample(TRADE_CHARACTERS, 2)
        return first[0] + second[0], capitalized_pinyin([first[1], second[1]])

    def _claim(self, zh: str) -> bool:
        if zh in self.organization_names:
            return False
        self.organization_names.add(zh)
        return True

    def enterprise(
        self, *, city: City, district: District | None, trade: Trade
    ) -> OrganizationName:
        """A new company of `trade` in `city`: 温州瑞康生物科技有限公司 / Wenzhou Ruikang …"""
        while True:
            trade_zh, trade_en = self.trade_name()
            roll = self.rng.random()
            if district is not None and district.zh.endswith("市") and roll < 0.4:
                prefix_zh, prefix_en = district.zh, district.en
            elif roll < 0.75 or city.province == city.zh:
                prefix_zh, prefix_en = city.short_zh, city.en
            else:
                prefix_zh = city.province.removesuffix("省")
                prefix_en = PROVINCE_PINYIN.get(city.province, city.en)
            zh = f"{prefix_zh}{trade_zh}{trade.zh}有限公司"
            if self._claim(zh):
                en = f"{prefix_en} {trade_en} {trade.en} Co., Ltd."
                return OrganizationName(zh, en, trade_zh, trade_en)

    def foreign_enterprise(self, *, country: str, trade: Trade) -> OrganizationName:
        for attempt in itertools.count():
            surname, surname_zh = self._foreign_founders(attempt)
            zh = f"{surname_zh}{trade.zh}公司"
            if self._claim(zh):
                form = FOREIGN_COMPANY_FORMS.get(country, "Inc.")
                return OrganizationName(zh, f"{surname} {trade.en} {form}", surname_zh, surname)
        raise AssertionError("unreachable")

    def _foreign_founders(self, attempt: int) -> tuple[str, str]:
        """A foreign surname (English, Chinese); once one surname per trade or word is running
        out (a large scale: 32 surnames), two of them, as a partnership names itself."""
        surname, surname_zh = self.rng.choice(FOREIGN_SURNAMES)
        if attempt < SINGLE_SURNAME_ATTEMPTS:
            return surname, surname_zh
        second, second_zh = self.rng.choice(FOREIGN_SURNAMES)
        return f"{surname} & {second}", f"{surname_zh}与{second_zh}"

    def investor(self, *, city: City) -> OrganizationName:
        while True:
            trade_zh, trade_en = self.trade_name()
            if self.rng.random() < 0.5:
                zh = f"{city.short_zh}{trade_zh}创业投资合伙企业（有限合伙）"
                en = f"{city.en} {trade_en} Venture Capital Partnership (Limited Partnership)"
            else:
                zh = f"{city.short_zh}{trade_zh}股权投资管理有限公司"
                en = f"{city.en} {trade_en} Equity Investment Management Co., Ltd."
            if self._claim(zh):
                return OrganizationName(zh, en, trade_zh, trade_en)

    def foreign_investor(self) -> OrganizationName:
        for attempt in itertools.count():
            surname, surname_zh = self._foreign_founders(attempt)
            word_zh, word_en = self.rng.choice(FOREIGN_INVESTOR_WORDS)
            zh = f"{surname_zh}{word_zh}资本"
            if self._claim(zh):
                return OrganizationName(zh, f"{surname} {word_en} Capital", surname_zh, surname)
        raise AssertionError("unreachable")

    def from_pool(self, pool: list[P]) -> P | None:
        """Take an unused name from `pool` (removing what it tries), or None when it is spent.

        Each entry of the pool starts with the Chinese name.
        """
        while pool:
            entry = pool.pop(self.rng.randrange(len(pool)))
            if self._claim(entry[0]):
                return entry
        return None


PROVINCE_PINYIN = {
    "浙江省": "Zhejiang",
    "江苏省": "Jiangsu",
    "广东省": "Guangdong",
    "湖北省": "Hubei",
    "四川省": "Sichuan",
    "安徽省": "Anhui",
    "陕西省": "Shaanxi",
    "福建省": "Fujian",
    "吉林省": "Jilin",
    "山东省": "Shandong",
    "湖南省": "Hunan",
    "上海市": "Shanghai",
    "北京市": "Beijing",
    "天津市": "Tianjin",
}


def hospital_names() -> list[tuple[str, str, City, District | None]]:
    """Plausible hospital names of every city and county the demo knows."""
    names: list[tuple[str, str, City, District | None]] = []
    for city in (WENZHOU, *OTHER_CITIES):
        for zh, en in HOSPITAL_FORMS:
            names.append((f"{city.zh}{zh}", f"{city.en} {en}", city, None))
        for district in city.districts:
            for zh, en in DISTRICT_HOSPITAL_FORMS:
                names.append((f"{city.zh}{district.zh}{zh}", f"{district.en} {en}", city, district))
    return names


def university_names() -> list[tuple[str, str, City]]:
    """Plausible college names elsewhere (Wenzhou's own colleges are all known ones)."""
    return [
        (f"{city.short_zh}{zh}", f"{city.en} {en}", city)
        for city in OTHER_CITIES
        for zh, en in UNIVERSITY_FORMS
    ]


def institute_names() -> list[tuple[str, str, City]]:
    return [
        (f"{city.short_zh}{zh}", f"{city.en} {en}", city)
        for city in (WENZHOU, *OTHER_CITIES)
        for zh, en in INSTITUTE_FORMS
    ]


ASSOCIATION_FORMS: tuple[tuple[str, str], ...] = (
    ("生物医药行业协会", "Biomedical Industry Association"),
    ("医疗器械行业协会", "Medical Device Industry Association"),
    ("食品工业协会", "Food Industry Association"),
    ("新材料产业协会", "New Materials Industry Association"),
    ("科技服务业协会", "Technology Services Association"),
)


def association_names() -> list[tuple[str, str, City]]:
    return [
        (f"{city.zh}{zh}", f"{city.en} {en}", city)
        for city in (WENZHOU, *OTHER_CITIES)
        for zh, en in ASSOCIATION_FORMS
    ]


# GB 11714 (organization code): weights of its eight body characters.
ORGANIZATION_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
# The first two characters of a credit code: who registered the body, and as what.
REGISTRATION_PREFIX = {
    "enterprise": "91",
    "investor": "91",
    "service_provider": "91",
    "university": "12",
    "research_institute": "12",
    "hospital": "12",
    "government": "11",
    "association": "51",
}


def _organization_code_check(body: str) -> str:
    total = sum(
        (int(c) if c.isdigit() else ord(c) - ord("A") + 10) * w
        for c, w in zip(body, ORGANIZATION_CODE_WEIGHTS, strict=True)
    )
    check = 11 - total % 11
    return "X" if check == 10 else "0" if check == 11 else str(check)


class CreditCodes:
    """Valid, unique unified social credit codes (GB 32100), with a valid organization code."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.issued: set[str] = set()

    def issue(self, *, kind: str, region: str) -> str:
        prefix = REGISTRATION_PREFIX.get(kind, "91")
        letters = CREDIT_CODE_ALPHABET[10:]
        while True:
            if prefix == "91":
                # Since 2015 new companies' codes carry an "MA"-prefixed organization code.
                body = "MA" + "".join(self.rng.choice(CREDIT_CODE_ALPHABET) for _ in range(6))
            else:
                body = f"{self.rng.randrange(10**7, 10**8)}"
                if self.rng.random() < 0.2:
                    body = body[:7] + self.rng.choice(letters)
            first17 = f"{prefix}{region}{body}{_organization_code_check(body)}"
            code = first17 + credit_code_check_character(first17)
            if code not in self.issued:
                self.issued.add(code)
                return code
