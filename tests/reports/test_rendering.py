import datetime
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from pytest_django.fixtures import Settings

from liaison.organizations.models import Organization
from liaison.reports.metrics import FIGURES
from liaison.reports.rendering import figures_document, figures_paragraph
from liaison.reports.selectors import Figure

AS_OF = datetime.date(2023, 5, 8)

ANNOUNCEMENT_VALUES = {
    "organizations_served_local": 108,
    "cooperation_partners": 42,
    "technical_problems_solved": 213,
    "institutions_cooperating": 23,
    "achievements_market_or_clinical": 56,
    "financing_cumulative_cny": Decimal("156300000.00"),
}

ENGLISH = (
    "Established in May 2019, Wenzhou Institute of UCAS has, as of 8 May 2023, provided "
    "technical services to more than 100 local enterprises, universities and institutes in "
    "Wenzhou, carried out horizontal cooperation with 42 enterprises and hospitals and solved "
    "more than 200 technical problems. It cooperates in depth with more than 20 medical and "
    "research institutions and universities at home and abroad; more than 50 of its "
    "achievements have entered the market or clinical trial stage, and its projects have "
    "raised over 150 million yuan in financing."
)

CHINESE = (
    "国科温州研究院成立于2019年5月，截至2023年5月8日，已为温州本地100余家企业、高校和院所"
    "提供技术服务，与42家企业、医院开展横向合作，累计解决技术难题200余项；与国内外20余家医疗、"
    "科研机构和高校开展深度合作，50余项科技创新项目成果进入市场化或临床试验阶段，多个项目获得"
    "融资，累计融资金额超1.5亿元。"
)


def figures(values: Mapping[str, Any] = ANNOUNCEMENT_VALUES) -> list[Figure]:
    return [Figure(definition=d, as_of=AS_OF, value=values[d.key]) for d in FIGURES]


def institute(**fields: Any) -> Organization:
    defaults = {
        "name_zh": "国科温州研究院",
        "name_en": "Wenzhou Institute of UCAS",
        "is_institute": True,
        "founded_on": datetime.date(2019, 5, 1),
    }
    return Organization(**{**defaults, **fields})


def paragraph(
    lang: str = "en", values: Mapping[str, Any] = ANNOUNCEMENT_VALUES, **institute_fields: Any
) -> str:
    return figures_paragraph(
        figures=figures(values), institute=institute(**institute_fields), as_of=AS_OF, lang=lang
    )


def test_the_english_paragraph_states_the_announcements_figures() -> None:
    assert paragraph() == ENGLISH


def test_the_chinese_paragraph_states_the_announcements_figures() -> None:
    assert paragraph("zh-hans") == CHINESE


def test_the_paragraph_opens_with_the_date_alone_when_the_founding_date_is_unknown() -> None:
    assert paragraph(founded_on=None).startswith(
        "As of 8 May 2023, Wenzhou Institute of UCAS has provided technical services to "
    )


def test_the_paragraph_names_the_institute_in_chinese_when_it_has_no_english_name() -> None:
    assert "Established in May 2019, 国科温州研究院 has" in paragraph(name_en="")


def test_the_paragraph_without_an_institute_speaks_of_the_institute() -> None:
    text = figures_paragraph(figures=figures(), institute=None, as_of=AS_OF, lang="en")
    assert text.startswith("As of 8 May 2023, the institute has provided")


def test_the_paragraph_uses_the_singular_for_one() -> None:
    text = paragraph(values=dict.fromkeys(ANNOUNCEMENT_VALUES, 1))
    assert "to 1 local enterprise, university or institute in Wenzhou," in text
    assert "with 1 enterprise or hospital and solved 1 technical problem." in text
    assert "in depth with 1 medical or research institution or university at home" in text
    assert "1 of its achievements has entered the market" in text


def test_the_paragraph_names_the_local_city_from_the_settings(settings: Settings) -> None:
    settings.LIAISON_LOCAL_CITY_NAMES = {"en": "Ningbo", "zh-hans": "宁波"}
    assert "institutes in Ningbo," in paragraph()


def test_the_json_document_lists_every_figure_with_its_value_and_definition() -> None:
    document = figures_document(figures=figures(), as_of=AS_OF, lang="en")
    assert document["as_of"] == "2023-05-08"
    assert [f["key"] for f in document["figures"]] == list(ANNOUNCEMENT_VALUES)
    assert [f["value"] for f in document["figures"]] == [108, 42, 213, 23, 56, 156300000]
    assert all(f["definition"] for f in document["figures"])


def test_the_json_document_writes_how_each_figure_reads_in_the_language() -> None:
    document = figures_document(figures=figures(), as_of=AS_OF, lang="zh-hans")
    assert [f["display"] for f in document["figures"]] == [
        "100余家",
        "42家",
        "200余项",
        "20余家",
        "50余项",
        "超1.5亿元",
    ]


def test_the_json_document_keeps_the_cents_of_an_amount() -> None:
    values = {**ANNOUNCEMENT_VALUES, "financing_cumulative_cny": Decimal("1234.56")}
    document = figures_document(figures=figures(values), as_of=AS_OF, lang="en")
    assert document["figures"][-1]["value"] == 1234.56
    assert document["figures"][-1]["unit"] == "CNY"
