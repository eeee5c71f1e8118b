"""The records as the engine's documents: what each holds, what it supports, what it hides."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db.models import Model
from pytest_django.fixtures import Settings

from liaison.core.choices import Confidentiality
from liaison.matching import adapters
from liaison.matching.engine.documents import Document
from liaison.needs.choices import CandidateKind, Decision, NeedStatus
from liaison.needs.models import TechnicalNeed
from liaison.organizations.choices import OrganizationKind
from liaison.people.choices import PersonKind
from tests.achievements.factories import AchievementFactory
from tests.centers.factories import AppointmentFactory, CenterFactory
from tests.needs.factories import MatchCandidateFactory, ServiceRecordFactory, TechnicalNeedFactory
from tests.organizations.factories import OrganizationFactory
from tests.people.factories import AffiliationFactory, PersonFactory

pytestmark = pytest.mark.django_db


def document(instance: Model) -> Document | None:
    upsert, _removed = adapters.documents_for([adapters.document_id(instance)])
    return upsert[0] if upsert else None


def indexed(instance: Model) -> Document:
    doc = document(instance)
    assert doc is not None, instance
    return doc


def solved(need: TechnicalNeed, **services: Any) -> TechnicalNeed:
    """Mark `need` solved as the services would have, without their date rules."""
    need.status = NeedStatus.SOLVED
    need.solved_on = datetime.date(2023, 6, 1)
    need.solution_summary = "采用等离子体处理改善了涂层附着力。"
    need.save()
    return need


def test_researcher_profile_is_an_expert_document_with_its_filters(settings: Settings) -> None:
    settings.LIAISON_LOCAL_CITIES = ["温州市"]
    university = OrganizationFactory.create(kind=OrganizationKind.UNIVERSITY, city="温州市")
    person = PersonFactory.create(
        expertise=["透明质酸", "牙科种植体"], profile="主要从事透明质酸研究。", available=False
    )
    AffiliationFactory.create(person=person, organization=university, is_primary=True)
    center = CenterFactory.create()
    AppointmentFactory.create(person=person, center=center)

    doc = indexed(person)

    assert (doc.id, doc.kind) == (f"person:{person.pk}", "expert")
    assert person.name_zh in doc.title
    assert person.name_en in doc.title
    assert doc.keywords == ("透明质酸", "牙科种植体")
    assert "主要从事透明质酸研究" in doc.text
    assert doc.attributes["org_kind"] == "university"
    assert doc.attributes["local"] == "1"
    assert doc.attributes["available"] == "0"
    assert doc.attributes[f"center:{center.pk}"] == "1"


def test_person_outside_the_local_cities_is_not_local(settings: Settings) -> None:
    settings.LIAISON_LOCAL_CITIES = ["温州市"]
    person = PersonFactory.create()
    AffiliationFactory.create(person=person, organization=OrganizationFactory.create(city="杭州市"))

    assert indexed(person).attributes["local"] == "0"


def test_enterprise_contacts_are_not_experts() -> None:
    contact = PersonFactory.create(kind=PersonKind.ENTERPRISE_CONTACT)

    assert document(contact) is None
    assert adapters.documents_for([f"person:{contact.pk}"]) == ([], [f"person:{contact.pk}"])


def test_achievement_supports_its_expert_inventors_and_its_center() -> None:
    center = CenterFactory.create()
    inventor = PersonFactory.create()
    contact = PersonFactory.create(kind=PersonKind.ENTERPRISE_CONTACT)
    achievement = AchievementFactory.create(center=center, keywords=["镁合金", "血管支架"])
    achievement.inventors.set([inventor, contact])

    doc = indexed(achievement)

    assert doc.kind == "achievement"
    assert doc.entities == (f"person:{inventor.pk}", f"center:{center.pk}")
    assert doc.keywords == ("镁合金", "血管支架")
    assert "magnesium alloy" in doc.text or "magnesium alloy" in doc.title


def test_solved_need_supports_its_enterprise_and_those_who_solved_it() -> None:
    need = TechnicalNeedFactory.create()
    solver, rejected, provider = (
        PersonFactory.create(),
        PersonFactory.create(),
        PersonFactory.create(),
    )
    center = CenterFactory.create()
    MatchCandidateFactory.create(need=need, person=solver, decision=Decision.ACCEPTED)
    MatchCandidateFactory.create(need=need, person=rejected, decision=Decision.REJECTED)
    ServiceRecordFactory.create(
        need=need,
        organization=need.organization,
        provided_by=provider,
        center=center,
        title="涂层附着力测试",
    )
    solved(need)

    doc = indexed(need)

    assert doc.kind == "need"
    assert set(doc.entities) == {
        f"organization:{need.organization_id}",
        f"person:{solver.pk}",
        f"person:{provider.pk}",
        f"center:{center.pk}",
    }
    assert "等离子体处理" in doc.text
    assert "涂层附着力测试" in doc.text


def test_open_need_supports_only_its_enterprise() -> None:
    need = TechnicalNeedFactory.create()
    MatchCandidateFactory.create(need=need, decision=Decision.ACCEPTED)

    assert indexed(need).entities == (f"organization:{need.organization_id}",)


@pytest.mark.parametrize("level", [Confidentiality.CONFIDENTIAL, Confidentiality.SECRET])
def test_confidential_need_and_its_services_are_not_indexed(level: str) -> None:
    need = TechnicalNeedFactory.create(confidentiality=level)
    service = ServiceRecordFactory.create(need=need, organization=need.organization)

    upsert, removed = adapters.documents_for(
        [adapters.document_id(need), adapters.document_id(service)]
    )

    assert upsert == []
    assert set(removed) == {f"need:{need.pk}", f"service:{service.pk}"}
    assert all(d is None or d.id != f"need:{need.pk}" for d in adapters.all_documents())


def test_service_without_need_supports_provider_center_and_the_served() -> None:
    provider = PersonFactory.create(kind=PersonKind.EXPERT)
    center = CenterFactory.create()
    service = ServiceRecordFactory.create(
        provided_by=provider, center=center, description="拉伸强度检测"
    )

    doc = indexed(service)

    assert doc.kind == "service"
    assert doc.entities == (
        f"organization:{service.organization_id}",
        f"person:{provider.pk}",
        f"center:{center.pk}",
    )
    assert "拉伸强度检测" in doc.text


def test_organization_document_has_industry_tags_and_kind(settings: Settings) -> None:
    settings.LIAISON_LOCAL_CITIES = ["温州市"]
    enterprise = OrganizationFactory.create(
        industry="医用敷料制造", tags=["医学工程"], city="温州市"
    )

    doc = indexed(enterprise)

    assert doc.kind == "organization"
    assert "医用敷料制造" in doc.keywords
    assert "医学工程" in doc.keywords
    assert doc.attributes == {"org_kind": "enterprise", "local": "1", "institute": "0"}


def test_changes_name_the_documents_they_touch() -> None:
    person = PersonFactory.create()
    achievement = AchievementFactory.create()
    achievement.inventors.add(person)
    need = TechnicalNeedFactory.create()
    MatchCandidateFactory.create(need=need, person=person, kind=CandidateKind.EXPERT)

    assert adapters.affected_ids(person) == {
        f"person:{person.pk}",
        f"achievement:{achievement.pk}",
        f"need:{need.pk}",
    }


def test_every_record_gives_at_most_one_document() -> None:
    PersonFactory.create()
    AchievementFactory.create()
    TechnicalNeedFactory.create()
    CenterFactory.create()

    ids = [d.id for d in adapters.all_documents() if d is not None]

    assert len(ids) == len(set(ids))
    assert adapters.count_records() >= len(ids)
