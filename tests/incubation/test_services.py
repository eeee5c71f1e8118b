"""The rules of an incubated company's stay, checked on its services."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from liaison.agreements.choices import AgreementKind
from liaison.centers.choices import CenterKind
from liaison.core import writes
from liaison.incubation import services
from liaison.incubation.choices import (
    EXITED_STATUSES,
    IncubationStatus,
    MilestoneKind,
    Origin,
    ResourceKind,
)
from liaison.incubation.models import Incubation, IncubationMilestone, IncubationResource
from tests.achievements.factories import AchievementFactory
from tests.agreements.factories import AgreementFactory
from tests.centers.factories import CenterFactory
from tests.incubation.factories import (
    IncubationFactory,
    IncubationMilestoneFactory,
    IncubationResourceFactory,
    IncubatorFactory,
    incubating,
)
from tests.organizations.factories import OrganizationFactory
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def codes(error: ValidationError, field: str) -> list[str | None]:
    return [e.code for e in error.error_dict[field]]


def admit(**fields: object) -> Incubation:
    values: dict[str, object] = {
        "organization": OrganizationFactory.create(),
        "center": IncubatorFactory.create(),
        "origin": Origin.OUTSIDE_TENANT,
        "admitted_on": D(2024, 3, 1),
    }
    values.update(fields)
    return services.incubation_create(by=None, **values)


# Admission ---------------------------------------------------------------------------------


def test_an_incubation_center_admits_a_company_with_its_founders_and_achievements() -> None:
    founder = PersonFactory.create()
    licensed = AchievementFactory.create()
    stay = admit(
        origin=Origin.RESEARCHERS_STARTUP,
        founders=[founder],
        achievements=[licensed],
        institute_shareholding=Decimal("15.00"),
        area_m2=Decimal("120.5"),
    )
    assert stay.status == IncubationStatus.ADMITTED
    assert list(stay.founders.all()) == [founder]
    assert list(licensed.incubated_companies.all()) == [stay]
    assert stay.organization.incubations.get() == stay
    assert stay.center.incubations.get() == stay


def test_only_a_center_of_kind_incubation_admits() -> None:
    laboratory = CenterFactory.create(kind=CenterKind.LABORATORY)
    with pytest.raises(ValidationError) as refused:
        admit(center=laboratory)
    assert codes(refused.value, "center") == ["not_an_incubator"]
    assert not Incubation.objects.exists()


def test_a_spin_off_names_the_achievement_it_was_founded_on() -> None:
    with pytest.raises(ValidationError) as refused:
        admit(origin=Origin.SPIN_OFF)
    assert codes(refused.value, "achievement") == ["spin_off_needs_achievement"]

    achievement = AchievementFactory.create()
    stay = admit(origin=Origin.SPIN_OFF, achievement=achievement)
    assert achievement.incubations.get() == stay


def test_a_spin_off_keeps_its_achievement_when_corrected() -> None:
    stay = admit(origin=Origin.SPIN_OFF, achievement=AchievementFactory.create())
    with pytest.raises(ValidationError) as refused:
        services.incubation_update(incubation=stay, by=None, version=stay.version, achievement=None)
    assert codes(refused.value, "achievement") == ["spin_off_needs_achievement"]
    # An outside tenant needs none.
    services.incubation_update(
        incubation=stay,
        by=None,
        version=stay.version,
        origin=Origin.OUTSIDE_TENANT,
        achievement=None,
    )


def test_the_agreement_of_a_stay_is_an_incubation_agreement() -> None:
    with pytest.raises(ValidationError) as refused:
        admit(agreement=AgreementFactory.create(kind=AgreementKind.TECH_SERVICE))
    assert codes(refused.value, "agreement") == ["not_an_incubation_agreement"]
    agreement = AgreementFactory.create(kind=AgreementKind.INCUBATION)
    assert admit(agreement=agreement).agreement == agreement


def test_an_admission_is_not_recorded_before_it_happens() -> None:
    with pytest.raises(ValidationError) as refused:
        admit(admitted_on=datetime.date.today() + datetime.timedelta(days=3))
    assert codes(refused.value, "admitted_on") == ["future_date"]


def test_a_shareholding_is_a_percentage() -> None:
    with pytest.raises(ValidationError) as refused:
        admit(institute_shareholding=Decimal("120"))
    assert "institute_shareholding" in refused.value.error_dict


# The dated lifecycle -----------------------------------------------------------------------


def test_a_company_is_admitted_starts_incubating_and_graduates_each_step_dated() -> None:
    stay = IncubationFactory.create()
    services.incubation_start(incubation=stay, on=D(2024, 4, 1), by=None)
    assert (stay.status, stay.incubating_since) == (IncubationStatus.INCUBATING, D(2024, 4, 1))

    services.incubation_graduate(
        incubation=stay, on=D(2025, 6, 30), note="Series A closed", by=None
    )
    stay.refresh_from_db()
    assert stay.status == IncubationStatus.GRADUATED
    assert (stay.exited_on, stay.exit_note) == (D(2025, 6, 30), "Series A closed")
    assert stay.history.count() == 3


@pytest.mark.parametrize(
    "step",
    [
        services.incubation_start,
        services.incubation_move_out,
        services.incubation_close,
    ],
)
def test_no_step_is_dated_before_the_admission(step: object) -> None:
    stay = IncubationFactory.create(admitted_on=D(2024, 3, 1))
    with pytest.raises(ValidationError) as refused:
        step(incubation=stay, on=D(2024, 2, 28), by=None)  # type: ignore[operator]
    assert codes(refused.value, "on") == ["before_admission"]
    stay.refresh_from_db()
    assert stay.status == IncubationStatus.ADMITTED


def test_a_company_cannot_graduate_before_its_admission() -> None:
    stay = incubating(admitted_on=D(2024, 3, 1))
    with pytest.raises(ValidationError) as refused:
        services.incubation_graduate(incubation=stay, on=D(2024, 1, 1), by=None)
    assert codes(refused.value, "on") == ["before_admission", "before_incubating"]


def test_a_company_graduates_only_from_incubation() -> None:
    stay = IncubationFactory.create()
    with pytest.raises(ValidationError) as refused:
        services.incubation_graduate(incubation=stay, on=D(2024, 5, 1), by=None)
    assert refused.value.code == "illegal_transition"


def test_a_company_that_left_takes_no_further_step() -> None:
    stay = incubating()
    services.incubation_move_out(
        incubation=stay, on=D(2024, 8, 1), note="Moved to Hangzhou", by=None
    )
    assert stay.status in EXITED_STATUSES
    for step in (services.incubation_close, services.incubation_graduate):
        with pytest.raises(ValidationError):
            step(incubation=stay, on=D(2024, 9, 1), by=None)


def test_a_company_may_close_before_it_started_incubating() -> None:
    stay = IncubationFactory.create()
    services.incubation_close(incubation=stay, on=D(2024, 5, 1), note="Wound up", by=None)
    assert (stay.status, stay.incubating_since) == (IncubationStatus.CLOSED, None)


def test_an_exit_is_not_recorded_before_it_happens() -> None:
    stay = incubating()
    with pytest.raises(ValidationError) as refused:
        services.incubation_graduate(
            incubation=stay, on=datetime.date.today() + datetime.timedelta(days=1), by=None
        )
    assert codes(refused.value, "on") == ["future_date"]


def test_an_admission_cannot_be_moved_after_the_stay_s_later_dates() -> None:
    stay = incubating(admitted_on=D(2024, 3, 1))
    with pytest.raises(ValidationError) as refused:
        services.incubation_update(
            incubation=stay, by=None, version=stay.version, admitted_on=D(2024, 5, 1)
        )
    assert codes(refused.value, "admitted_on") == ["after_stay_dates"]
    services.incubation_update(
        incubation=stay, by=None, version=stay.version, admitted_on=D(2024, 2, 1)
    )


# Milestones and resources -------------------------------------------------------------------


def test_a_milestone_is_recorded_dated_not_before_the_admission() -> None:
    stay = incubating()
    with pytest.raises(ValidationError) as refused:
        services.incubation_record_milestone(
            incubation=stay, kind=MilestoneKind.PRODUCT, reached_on=D(2024, 2, 1), by=None
        )
    assert codes(refused.value, "reached_on") == ["before_admission"]

    milestone = services.incubation_record_milestone(
        incubation=stay,
        kind=MilestoneKind.REVENUE,
        reached_on=D(2024, 12, 31),
        evidence="Audited accounts",
        amount=Decimal("2500000.00"),
        by=None,
    )
    assert list(stay.milestones.all()) == [milestone]
    assert milestone.amount == Decimal("2500000.00")


def test_a_milestone_corrected_keeps_after_the_admission() -> None:
    milestone = IncubationMilestoneFactory.create()
    with pytest.raises(ValidationError) as refused:
        services.milestone_update(
            incubationmilestone=milestone,
            by=None,
            version=milestone.version,
            reached_on=D(2020, 1, 1),
        )
    assert codes(refused.value, "reached_on") == ["before_admission"]


def test_a_resource_is_added_from_its_start_not_before_the_admission() -> None:
    stay = incubating()
    with pytest.raises(ValidationError) as refused:
        services.incubation_add_resource(
            incubation=stay, kind=ResourceKind.LAB_SPACE, starts_on=D(2023, 12, 1), by=None
        )
    assert codes(refused.value, "starts_on") == ["before_admission"]

    resource = services.incubation_add_resource(
        incubation=stay,
        kind=ResourceKind.LAB_SPACE,
        starts_on=D(2024, 4, 1),
        area_m2=Decimal("80"),
        fee=Decimal("4000.00"),
        note="P2 laboratory",
        by=None,
    )
    assert list(stay.resources.all()) == [resource]


def test_a_resource_does_not_end_before_it_starts() -> None:
    stay = incubating()
    with pytest.raises(ValidationError):
        services.incubation_add_resource(
            incubation=stay,
            kind=ResourceKind.EQUIPMENT,
            starts_on=D(2024, 6, 1),
            ends_on=D(2024, 5, 1),
            by=None,
        )
    assert not IncubationResource.objects.exists()


# Deletion ------------------------------------------------------------------------------------


def test_a_stay_entered_by_mistake_is_deleted() -> None:
    stay = IncubationFactory.create()
    services.incubation_delete(incubation=stay, by=None, version=stay.version)
    assert not Incubation.objects.exists()


@pytest.mark.parametrize("history", ["started", "milestone", "resource"])
def test_a_stay_with_a_history_is_ended_not_deleted(history: str) -> None:
    stay = incubating() if history == "started" else IncubationFactory.create()
    if history == "milestone":
        IncubationMilestoneFactory.create(incubation=stay)
    if history == "resource":
        IncubationResourceFactory.create(incubation=stay)
    with pytest.raises(ValidationError) as refused:
        services.incubation_delete(incubation=stay, by=None, version=stay.version)
    assert refused.value.code == "not_deletable"
    assert Incubation.objects.filter(pk=stay.pk).exists()


def test_milestones_and_resources_are_deleted_through_their_services() -> None:
    milestone = IncubationMilestoneFactory.create()
    resource = IncubationResourceFactory.create()
    services.milestone_delete(incubationmilestone=milestone, by=None, version=milestone.version)
    services.resource_delete(incubationresource=resource, by=None, version=resource.version)
    assert not IncubationMilestone.objects.exists()
    assert not IncubationResource.objects.exists()


def test_every_model_has_its_write_services() -> None:
    for model in (Incubation, IncubationMilestone, IncubationResource):
        assert writes.writes_for(model).create.__module__ == "liaison.incubation.services"
