import datetime

import pytest
from django.core.exceptions import ValidationError

from liaison.accounts.models import User
from liaison.centers.choices import AppointmentRole, CenterKind, CommitteeKind
from liaison.centers.models import Appointment, Center
from liaison.centers.services import (
    appointment_end,
    appointment_make,
    center_add_partner,
    center_create,
    committee_create,
)
from tests.agreements.factories import SigningEventFactory
from tests.centers.factories import AppointmentFactory, CenterFactory, CommitteeFactory
from tests.core.errors import codes
from tests.organizations.factories import OrganizationFactory
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def test_center_create_records_the_center_with_its_author(staff_user: User) -> None:
    center = center_create(
        by=staff_user,
        name_zh="生物医用材料中心",
        name_en="Biomedical Materials Center",
        kind=CenterKind.RESEARCH_CENTER,
        established_on=D(2023, 5, 6),
    )
    assert Center.objects.filter(pk=center.pk).exists()
    assert center.history.get().history_user == staff_user


def test_center_create_refuses_an_unknown_kind() -> None:
    with pytest.raises(ValidationError) as error:
        center_create(by=None, name_zh="中心", kind="spaceport")
    assert "kind" in error.value.error_dict


def test_center_add_partner_records_the_partnership_with_its_author(staff_user: User) -> None:
    center = CenterFactory.create()
    partner = center_add_partner(
        center=center,
        organization=OrganizationFactory.create(),
        role="共建单位",
        joined_on=D(2023, 5, 6),
        by=staff_user,
    )
    assert list(center.partnerships.all()) == [partner]
    assert partner.history.get().history_user == staff_user


def test_an_organization_is_a_partner_of_a_center_only_once() -> None:
    center = CenterFactory.create()
    organization = OrganizationFactory.create()
    center_add_partner(center=center, organization=organization, by=None)
    with pytest.raises(ValidationError) as error:
        center_add_partner(center=center, organization=organization, by=None)
    assert "already a partner" in str(error.value)


def test_committee_create_records_the_committee_with_its_author(staff_user: User) -> None:
    center = CenterFactory.create()
    committee = committee_create(
        center=center, kind=CommitteeKind.ACADEMIC, name_zh="学术委员会", by=staff_user
    )
    assert list(center.committees.all()) == [committee]
    assert committee.history.get().history_user == staff_user


def test_appointment_make_appoints_a_chief_scientist_with_its_author(staff_user: User) -> None:
    center = CenterFactory.create()
    event = SigningEventFactory.create()
    appointment = appointment_make(
        person=PersonFactory.create(),
        center=center,
        role=AppointmentRole.CHIEF_SCIENTIST,
        starts_on=D(2023, 5, 6),
        announced_at=event,
        by=staff_user,
    )
    assert list(center.appointments.all()) == [appointment]
    assert appointment.announced_at == event
    assert appointment.history.get().history_user == staff_user


def test_appointment_make_appoints_a_committee_chair_to_the_centers_committee() -> None:
    committee = CommitteeFactory.create()
    appointment = appointment_make(
        person=PersonFactory.create(),
        center=committee.center,
        committee=committee,
        role=AppointmentRole.COMMITTEE_CHAIR,
        starts_on=D(2023, 5, 6),
        ends_on=D(2028, 5, 5),
        by=None,
    )
    assert list(committee.appointments.all()) == [appointment]


def test_appointment_term_cannot_end_before_it_starts() -> None:
    with pytest.raises(ValidationError) as error:
        appointment_make(
            person=PersonFactory.create(),
            center=CenterFactory.create(),
            role=AppointmentRole.DIRECTOR,
            starts_on=D(2023, 5, 6),
            ends_on=D(2023, 5, 5),
            by=None,
        )
    assert codes(error, "ends_on") == ["ends_before_start"]
    assert not Appointment.objects.exists()


def test_an_appointment_term_may_end_on_the_day_it_starts() -> None:
    appointment = appointment_make(
        person=PersonFactory.create(),
        center=CenterFactory.create(),
        role=AppointmentRole.DIRECTOR,
        starts_on=D(2023, 5, 6),
        ends_on=D(2023, 5, 6),
        by=None,
    )
    assert appointment.ends_on == D(2023, 5, 6)


def test_an_appointment_cannot_be_to_a_committee_of_another_center() -> None:
    with pytest.raises(ValidationError) as error:
        appointment_make(
            person=PersonFactory.create(),
            center=CenterFactory.create(),
            committee=CommitteeFactory.create(),
            role=AppointmentRole.COMMITTEE_MEMBER,
            starts_on=D(2023, 5, 6),
            by=None,
        )
    assert codes(error, "committee") == ["committee_of_other_center"]


def test_a_committee_role_needs_a_committee() -> None:
    with pytest.raises(ValidationError) as error:
        appointment_make(
            person=PersonFactory.create(),
            center=CenterFactory.create(),
            role=AppointmentRole.COMMITTEE_MEMBER,
            starts_on=D(2023, 5, 6),
            by=None,
        )
    assert codes(error, "committee") == ["committee_required"]


def test_a_center_role_is_not_held_in_a_committee() -> None:
    committee = CommitteeFactory.create()
    with pytest.raises(ValidationError) as error:
        appointment_make(
            person=PersonFactory.create(),
            center=committee.center,
            committee=committee,
            role=AppointmentRole.DIRECTOR,
            starts_on=D(2023, 5, 6),
            by=None,
        )
    assert codes(error, "committee") == ["committee_not_for_role"]


def test_appointment_end_ends_the_term_with_its_author(staff_user: User) -> None:
    appointment = AppointmentFactory.create(role=AppointmentRole.DIRECTOR, starts_on=D(2023, 5, 6))
    appointment_end(appointment=appointment, ends_on=D(2024, 5, 6), by=staff_user)
    appointment.refresh_from_db()
    assert appointment.ends_on == D(2024, 5, 6)
    assert appointment.history.order_by("-history_id").first().history_user == staff_user


def test_appointment_end_may_shorten_a_planned_term() -> None:
    appointment = AppointmentFactory.create(
        role=AppointmentRole.DIRECTOR, starts_on=D(2023, 5, 6), ends_on=D(2028, 5, 5)
    )
    appointment_end(appointment=appointment, ends_on=D(2024, 5, 6), by=None)
    appointment.refresh_from_db()
    assert appointment.ends_on == D(2024, 5, 6)


def test_an_appointment_cannot_be_ended_before_it_started() -> None:
    appointment = AppointmentFactory.create(role=AppointmentRole.DIRECTOR, starts_on=D(2023, 5, 6))
    with pytest.raises(ValidationError) as error:
        appointment_end(appointment=appointment, ends_on=D(2023, 1, 1), by=None)
    assert codes(error, "ends_on") == ["ends_before_start"]
    assert appointment.ends_on is None
    appointment.refresh_from_db()
    assert appointment.ends_on is None
