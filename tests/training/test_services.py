"""The rules of joint training: what agreement a trainee is trained under, who may supervise
them, and the dated end of a training — each held by the services, through the one write path."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from liaison.agreements.choices import PartyRole
from liaison.core import writes
from liaison.core.lifecycle import today
from liaison.organizations.choices import OrganizationKind
from liaison.training import services
from liaison.training.choices import SupervisionSide, TraineeLevel, TraineeStatus
from liaison.training.models import Supervision, Trainee
from tests.agreements.factories import AgreementFactory, AgreementPartyFactory
from tests.organizations.factories import OrganizationFactory
from tests.people.factories import AffiliationFactory, PersonFactory
from tests.training.factories import (
    SupervisionFactory,
    TraineeFactory,
    institute_person,
    partner_person,
    the_institute,
    training_agreement,
)

pytestmark = pytest.mark.django_db

D = datetime.date


def codes(error: ValidationError, field: str) -> list[str | None]:
    return [e.code for e in error.error_dict[field]]


# The agreement ---------------------------------------------------------------------------


@pytest.mark.parametrize("kind", [OrganizationKind.UNIVERSITY, OrganizationKind.ENTERPRISE])
def test_a_trainee_is_recorded_under_an_agreement_with_a_university_or_enterprise(
    kind: str,
) -> None:
    agreement = training_agreement(partner_kind=kind)
    person = PersonFactory.create()

    trainee = writes.create(
        Trainee,
        by=None,
        person=person,
        agreement=agreement,
        level=TraineeLevel.DOCTORATE,
        starts_on=D(2024, 9, 1),
        title="Corneal repair",
    )

    assert (trainee.status, trainee.ends_on) == (TraineeStatus.IN_TRAINING, None)
    assert list(agreement.trainees.all()) == [trainee]
    assert list(person.trainings.all()) == [trainee]


def test_an_agreement_with_no_university_or_enterprise_partner_is_refused_naming_its_parties() -> (
    None
):
    agreement = AgreementFactory.create()
    AgreementPartyFactory.create(
        agreement=agreement, organization=the_institute(), role=PartyRole.INSTITUTE
    )
    hospital = OrganizationFactory.create(kind=OrganizationKind.HOSPITAL, name_en="Eye Hospital")
    AgreementPartyFactory.create(agreement=agreement, organization=hospital)

    with pytest.raises(ValidationError) as refused:
        services.trainee_create(
            by=None,
            person=PersonFactory.create(),
            agreement=agreement,
            level=TraineeLevel.MASTER,
            starts_on=D(2024, 9, 1),
        )

    assert codes(refused.value, "agreement") == ["no_training_partner"]
    assert "Eye Hospital" in refused.value.error_dict["agreement"][0].message % (
        refused.value.error_dict["agreement"][0].params
    )
    assert not Trainee.objects.exists()


def test_a_university_that_only_witnesses_or_the_institute_itself_is_no_training_partner() -> None:
    agreement = AgreementFactory.create()
    AgreementPartyFactory.create(
        agreement=agreement, organization=the_institute(), role=PartyRole.INSTITUTE
    )
    AgreementPartyFactory.create(
        agreement=agreement,
        organization=OrganizationFactory.create(kind=OrganizationKind.UNIVERSITY),
        role=PartyRole.WITNESS,
    )

    with pytest.raises(ValidationError) as refused:
        services.trainee_create(
            by=None,
            person=PersonFactory.create(),
            agreement=agreement,
            level=TraineeLevel.MASTER,
            starts_on=D(2024, 9, 1),
        )
    assert codes(refused.value, "agreement") == ["no_training_partner"]


# Supervisors -----------------------------------------------------------------------------


def test_a_researcher_of_the_institute_supervises_at_the_institutes_side() -> None:
    trainee = TraineeFactory.create()
    researcher = institute_person()

    supervision = services.trainee_add_supervisor(
        trainee=trainee, supervisor=researcher, side=SupervisionSide.INSTITUTE, by=None
    )

    assert list(trainee.supervisions.all()) == [supervision]


def test_someone_of_the_partner_supervises_at_the_partners_side() -> None:
    trainee = TraineeFactory.create()
    professor = partner_person(trainee.agreement)

    supervision = writes.create(
        Supervision, by=None, trainee=trainee, supervisor=professor, side=SupervisionSide.PARTNER
    )

    assert supervision.side == SupervisionSide.PARTNER


def test_a_supervisor_not_of_the_institute_is_refused_at_its_side() -> None:
    trainee = TraineeFactory.create()
    professor = partner_person(trainee.agreement, name_en="Prof. Outside")

    with pytest.raises(ValidationError) as refused:
        services.trainee_add_supervisor(
            trainee=trainee, supervisor=professor, side=SupervisionSide.INSTITUTE, by=None
        )

    assert codes(refused.value, "supervisor") == ["not_of_the_parties"]
    assert "no affiliation with the institute" in refused.value.messages[0]
    assert not Supervision.objects.exists()


def test_a_partner_side_supervisor_of_another_organization_is_refused_naming_the_parties() -> None:
    trainee = TraineeFactory.create()
    partner = services.partner_organizations(trainee.agreement)[0]
    stranger = PersonFactory.create()
    AffiliationFactory.create(person=stranger)  # of some other enterprise

    with pytest.raises(ValidationError) as refused:
        services.trainee_add_supervisor(
            trainee=trainee, supervisor=stranger, side=SupervisionSide.PARTNER, by=None
        )

    assert codes(refused.value, "supervisor") == ["not_of_the_parties"]
    assert str(partner) in refused.value.messages[0]


def test_a_researcher_of_the_institute_is_not_a_partner_side_supervisor() -> None:
    trainee = TraineeFactory.create()

    with pytest.raises(ValidationError):
        services.trainee_add_supervisor(
            trainee=trainee, supervisor=institute_person(), side=SupervisionSide.PARTNER, by=None
        )


def test_changing_a_supervisions_side_is_checked_again() -> None:
    supervision = SupervisionFactory.create()

    with pytest.raises(ValidationError) as refused:
        services.supervision_update(supervision=supervision, by=None, side=SupervisionSide.PARTNER)

    assert codes(refused.value, "supervisor") == ["not_of_the_parties"]
    supervision.refresh_from_db()
    assert supervision.side == SupervisionSide.INSTITUTE


def test_a_supervision_stays_with_its_trainee() -> None:
    supervision = SupervisionFactory.create()
    other = TraineeFactory.create()

    with pytest.raises(ValidationError) as refused:
        services.supervision_update(supervision=supervision, by=None, trainee=other)

    assert codes(refused.value, "trainee") == ["moved"]


def test_the_same_person_supervises_a_trainee_once() -> None:
    supervision = SupervisionFactory.create()

    with pytest.raises(ValidationError):
        services.supervision_create(
            by=None,
            trainee=supervision.trainee,
            supervisor=supervision.supervisor,
            side=SupervisionSide.INSTITUTE,
        )


def test_moving_a_trainee_to_an_agreement_their_partner_supervisor_is_not_of_is_refused() -> None:
    trainee = TraineeFactory.create()
    services.trainee_add_supervisor(
        trainee=trainee,
        supervisor=partner_person(trainee.agreement),
        side=SupervisionSide.PARTNER,
        by=None,
    )
    other = training_agreement()

    with pytest.raises(ValidationError) as refused:
        services.trainee_update(trainee=trainee, by=None, agreement=other)

    assert codes(refused.value, "agreement") == ["supervisor_not_of_the_parties"]
    trainee.refresh_from_db()
    assert trainee.agreement_id != other.pk


def test_moving_a_trainee_keeps_institute_supervisors_who_fit_any_agreement() -> None:
    supervision = SupervisionFactory.create()
    other = training_agreement()

    services.trainee_update(trainee=supervision.trainee, by=None, agreement=other)

    assert Trainee.objects.get(pk=supervision.trainee_id).agreement == other


def test_deleting_a_trainee_removes_their_supervisions() -> None:
    supervision = SupervisionFactory.create()

    writes.delete(supervision.trainee, by=None)

    assert not Supervision.objects.exists()


def test_a_supervisor_is_removed_by_the_delete_service() -> None:
    supervision = SupervisionFactory.create()

    writes.delete(supervision, by=None)

    assert not Supervision.objects.exists()


# The end of a training -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("service", "status"),
    [
        (services.trainee_graduate, TraineeStatus.GRADUATED),
        (services.trainee_withdraw, TraineeStatus.WITHDREW),
    ],
)
def test_a_training_ends_dated(service: object, status: str) -> None:
    trainee = TraineeFactory.create(starts_on=D(2023, 9, 1))

    service(trainee=trainee, ended_on=D(2026, 6, 30), by=None)  # type: ignore[operator]

    trainee.refresh_from_db()
    assert (trainee.status, trainee.ends_on) == (status, D(2026, 6, 30))
    assert trainee.history.latest().status == status


@pytest.mark.parametrize("service", [services.trainee_graduate, services.trainee_withdraw])
def test_a_training_cannot_end_before_it_started(service: object) -> None:
    trainee = TraineeFactory.create(starts_on=D(2024, 9, 1))

    with pytest.raises(ValidationError) as refused:
        service(trainee=trainee, ended_on=D(2024, 8, 31), by=None)  # type: ignore[operator]

    assert codes(refused.value, "ended_on") == ["before_start"]
    trainee.refresh_from_db()
    assert (trainee.status, trainee.ends_on) == (TraineeStatus.IN_TRAINING, None)


def test_a_training_ends_on_its_first_day_at_the_earliest() -> None:
    trainee = TraineeFactory.create(starts_on=D(2024, 9, 1))

    services.trainee_withdraw(trainee=trainee, ended_on=D(2024, 9, 1), by=None)

    assert trainee.status == TraineeStatus.WITHDREW


def test_a_graduation_is_recorded_once_it_happened() -> None:
    trainee = TraineeFactory.create()

    with pytest.raises(ValidationError) as refused:
        services.trainee_graduate(
            trainee=trainee, ended_on=today() + datetime.timedelta(days=1), by=None
        )

    assert codes(refused.value, "ended_on") == ["future_date"]


def test_a_trainee_who_withdrew_cannot_graduate() -> None:
    trainee = TraineeFactory.create()
    services.trainee_withdraw(trainee=trainee, ended_on=D(2025, 1, 10), by=None)

    with pytest.raises(ValidationError) as refused:
        services.trainee_graduate(trainee=trainee, ended_on=D(2025, 6, 30), by=None)

    assert refused.value.code == "illegal_transition"
    assert Trainee.objects.get(pk=trainee.pk).status == TraineeStatus.WITHDREW


def test_an_ended_training_cannot_be_moved_to_start_after_its_end() -> None:
    trainee = TraineeFactory.create(starts_on=D(2023, 9, 1))
    services.trainee_graduate(trainee=trainee, ended_on=D(2025, 6, 30), by=None)

    with pytest.raises(ValidationError) as refused:
        writes.update(trainee, by=None, version=trainee.version, starts_on=D(2025, 9, 1))

    assert codes(refused.value, "starts_on") == ["starts_after_end"]


def test_status_and_end_are_the_steps_not_the_update() -> None:
    trainee = TraineeFactory.create()

    with pytest.raises(TypeError):
        services.trainee_update(trainee=trainee, by=None, status=TraineeStatus.GRADUATED)
