"""The facts of the announcement of 2023-05-08 are in the demo, exactly."""

import datetime

import pytest

from liaison.agreements.models import Agreement, SigningEvent
from liaison.centers.models import Appointment, Center, Committee
from liaison.core.validators import validate_credit_code
from liaison.demo.loader import DemoSummary
from liaison.organizations.models import Organization
from liaison.people.models import Person

pytestmark = pytest.mark.django_db

MAY_6 = datetime.date(2023, 5, 6)


@pytest.fixture
def may_event(demo: DemoSummary) -> SigningEvent:
    return SigningEvent.objects.get(held_on=MAY_6)


def org(name_zh: str) -> Organization:
    return Organization.objects.get(name_zh=name_zh)


def test_the_institute_has_its_chinese_and_english_names_and_aliases(demo: DemoSummary) -> None:
    institute = Organization.objects.get(is_institute=True)
    assert institute.name_zh == "国科温州研究院"
    assert institute.name_en == "Wenzhou Institute, University of Chinese Academy of Sciences"
    assert "中国科学院大学温州研究院" in institute.aliases
    assert "Guoke Wenzhou Research Institute" in institute.aliases


def test_the_institute_is_a_research_institute_in_wenzhou_founded_in_may_2019(
    demo: DemoSummary,
) -> None:
    institute = Organization.objects.get(is_institute=True)
    assert institute.kind == "research_institute"
    assert institute.city == "温州市"
    assert institute.founded_on == datetime.date(2019, 5, 1)
    validate_credit_code(institute.credit_code)


def test_yang_guoqiang_is_president_of_the_institute_and_vice_president_of_ucas(
    demo: DemoSummary,
) -> None:
    yang = Person.objects.get(name_zh="杨国强")
    assert yang.name_en == "Yang Guoqiang"
    positions = {
        a.organization.name_en: a.position for a in yang.affiliations.select_related("organization")
    }
    assert positions == {
        "Wenzhou Institute, University of Chinese Academy of Sciences": "院长",
        "University of Chinese Academy of Sciences": "副校长",
    }


def test_the_signing_ceremony_of_may_6_is_recorded(may_event: SigningEvent) -> None:
    assert may_event.title_zh == "科技创新项目集中签约仪式"
    assert may_event.title_en
    assert may_event.agreements.count() == 4


def test_ningbo_university_signed_an_all_round_cooperation_agreement_at_the_ceremony(
    may_event: SigningEvent,
) -> None:
    agreement = Agreement.objects.get(signing_event=may_event, kind="framework")
    partners = [p.organization.name_en for p in agreement.parties.exclude(role="institute")]
    assert partners == ["Ningbo University"]
    assert org("宁波大学").kind == "university"
    assert agreement.signed_on == MAY_6
    assert agreement.status == "in_force"


def test_yiding_and_baifei_are_both_parties_to_the_joint_rd_center_agreement(
    may_event: SigningEvent,
) -> None:
    center = Center.objects.get(established_at=may_event, kind="joint_rd")
    agreement = center.founding_agreement
    assert agreement is not None
    assert agreement.kind == "joint_center"
    assert agreement.signing_event == may_event
    names = {p.organization.name_en for p in agreement.parties.exclude(role="institute")}
    assert names == {
        "Zhejiang Yiding Medical Dressing Co., Ltd.",
        "Zhejiang Baifei Dairy Co., Ltd.",
    }
    assert {o.name_zh for o in center.partners.all()} == {
        "浙江亿鼎医用敷料有限公司",
        "浙江百菲乳业有限公司",
    }
    assert {o.kind for o in center.partners.all()} == {"enterprise"}


def test_xiangshan_hospital_builds_a_medical_research_center_and_belongs_to_wmu(
    may_event: SigningEvent,
) -> None:
    hospital = org("温州医科大学附属象山医院")
    assert hospital.name_en == "Xiangshan Hospital Affiliated to Wenzhou Medical University"
    assert hospital.kind == "hospital"
    assert hospital.parent is not None
    assert hospital.parent.name_zh == "温州医科大学"
    assert hospital.parent.name_en == "Wenzhou Medical University"
    center = Center.objects.get(established_at=may_event, kind="medical_research")
    assert list(center.partners.all()) == [hospital]
    assert center.founding_agreement is not None
    assert center.founding_agreement.kind == "joint_center"
    assert center.founding_agreement.signing_event == may_event


def test_zhejiang_equity_service_group_builds_the_incubation_center(
    may_event: SigningEvent,
) -> None:
    group = org("浙江股权服务集团")
    assert group.name_en == "Zhejiang Equity Service Group"
    assert "浙裕企服" in group.aliases
    assert "Zheyu Enterprise Service" in group.aliases
    center = Center.objects.get(established_at=may_event, kind="incubation")
    assert list(center.partners.all()) == [group]
    assert center.founding_agreement is not None
    assert center.founding_agreement.kind == "joint_center"


def test_the_centers_signed_at_the_ceremony_are_established_there(may_event: SigningEvent) -> None:
    for center in Center.objects.filter(founding_agreement__signing_event=may_event):
        assert center.established_at == may_event
        assert center.established_on == MAY_6
        assert center.partnerships.exists()


def test_the_international_cooperation_base_is_unveiled_at_the_ceremony(
    may_event: SigningEvent,
) -> None:
    base = Center.objects.get(name_zh="浙江省生物材料与工程国际科技合作基地")
    assert base.kind == "international_base"
    assert base.name_en.startswith("Zhejiang Provincial Biomaterials and Engineering International")
    assert base.established_at == may_event


def test_the_biomedical_materials_center_and_its_committee_are_established_there(
    may_event: SigningEvent,
) -> None:
    center = Center.objects.get(name_zh="生物医用材料中心")
    assert center.name_en == "Biomedical Materials Center"
    assert center.established_at == may_event
    committee = Committee.objects.get(center=center)
    assert (committee.name_zh, committee.name_en, committee.kind) == (
        "学术委员会",
        "Academic Committee",
        "academic",
    )
    members = Appointment.objects.filter(committee=committee)
    assert members.count() >= 5
    assert {m.announced_at for m in members} == {may_event}
    assert members.filter(role="committee_chair").count() == 1


def test_zhang_hongjie_academician_and_tsinghua_professor_is_chief_scientist(
    may_event: SigningEvent,
) -> None:
    zhang = Person.objects.get(name_zh="张洪杰")
    assert zhang.name_en == "Zhang Hongjie"
    assert "academician_cas" in zhang.honours
    affiliation = zhang.affiliations.get()
    assert affiliation.organization.name_zh == "清华大学"
    assert affiliation.organization.name_en == "Tsinghua University"
    assert affiliation.position == "教授"
    appointment = Appointment.objects.get(person=zhang)
    assert appointment.role == "chief_scientist"
    assert appointment.center.name_zh == "生物医用材料中心"
    assert appointment.announced_at == may_event
    assert appointment.starts_on == MAY_6


def test_three_joint_research_centers_were_signed_in_february_2023(demo: DemoSummary) -> None:
    event = SigningEvent.objects.get(held_on__year=2023, held_on__month=2)
    agreements = Agreement.objects.filter(signing_event=event)
    assert agreements.count() == 3
    assert {a.kind for a in agreements} == {"joint_center"}
    centers = Center.objects.filter(established_at=event)
    assert centers.count() == 3
    assert {c.kind for c in centers} == {"joint_research"}
    for center in centers:
        assert center.founding_agreement in agreements
        assert center.partners.exists()


def test_every_chinese_organization_has_a_valid_credit_code_and_foreign_ones_none(
    demo: DemoSummary,
) -> None:
    for organization in Organization.objects.all():
        if organization.country == "CN":
            validate_credit_code(organization.credit_code)
        else:
            assert organization.credit_code == ""


def test_credit_codes_are_unique(demo: DemoSummary) -> None:
    codes = list(Organization.objects.exclude(credit_code="").values_list("credit_code", flat=True))
    assert len(codes) == len(set(codes))


def test_organization_names_are_unique(demo: DemoSummary) -> None:
    names = list(Organization.objects.values_list("name_zh", flat=True))
    assert len(names) == len(set(names))
