"""The demo's incubated companies and joint trainees (issue 21) keep the issue's rules and its
story: the incubation center of 2023-05-06 admits spin-offs (each naming its achievement),
researchers' start-ups and outside tenants after the report, some graduate after their
admission; students trained under the Ningbo University agreement and others are supervised
by people of the agreement's parties; the report's six figures are as announced."""

from __future__ import annotations

import datetime

import pytest

from liaison.demo import announcement as report
from liaison.demo.loader import DemoSummary
from liaison.incubation.choices import IncubationStatus, Origin
from liaison.incubation.models import Incubation, IncubationMilestone
from liaison.incubation.services import (
    incubation_create,
    incubation_graduate,
    incubation_move_out,
    incubation_start,
)
from liaison.people.models import Affiliation
from liaison.reports import catalogue
from liaison.reports.periods import Period
from liaison.training.choices import SupervisionSide, TraineeStatus
from liaison.training.models import Supervision, Trainee
from liaison.training.services import (
    partner_organizations,
    supervisor_refusal,
    trainee_create,
    trainee_graduate,
    trainee_withdraw,
)
from tests.demo.conftest import demo  # noqa: F401
from tests.demo.test_bulk_path import (
    Step,
    assert_same_life,
    created_with,
    first_with_history,
    history,
    replay_steps,
)

pytestmark = pytest.mark.django_db


def test_the_incubation_center_admits_companies_of_every_origin_after_the_report(
    demo: DemoSummary,  # noqa: F811
) -> None:
    incubations = list(Incubation.objects.select_related("center", "achievement"))
    assert {i.origin for i in incubations} == set(Origin.values)
    for incubation in incubations:
        assert incubation.center.name_zh == report.INCUBATION_CENTER.name_zh
        assert incubation.admitted_on > report.AS_OF
        assert incubation.admitted_on >= (incubation.organization.founded_on or datetime.date.min)
        assert incubation.incubating_since is not None
        assert incubation.incubating_since >= incubation.admitted_on
        if incubation.origin == Origin.SPIN_OFF:
            assert incubation.achievement is not None, incubation
        if incubation.status in {IncubationStatus.GRADUATED, IncubationStatus.MOVED_OUT}:
            assert incubation.exited_on is not None
            assert incubation.exited_on >= incubation.incubating_since
        else:
            assert incubation.exited_on is None
    assert any(i.status == IncubationStatus.GRADUATED for i in incubations)
    milestones = IncubationMilestone.objects.select_related("incubation")
    assert milestones.exists()
    for milestone in milestones:
        assert milestone.reached_on >= milestone.incubation.admitted_on


def test_joint_students_are_supervised_by_people_of_the_agreements_parties(
    demo: DemoSummary,  # noqa: F811
) -> None:
    trainees = list(Trainee.objects.select_related("agreement"))
    assert any(
        p.name_zh == "宁波大学" for t in trainees for p in partner_organizations(t.agreement)
    )
    assert any(t.status == TraineeStatus.GRADUATED for t in trainees)
    for trainee in trainees:
        assert trainee.agreement.signed_on is not None
        assert trainee.starts_on >= trainee.agreement.signed_on
        assert (trainee.ends_on is None) == (trainee.status == TraineeStatus.IN_TRAINING)
        partners = partner_organizations(trainee.agreement)
        sides = set()
        for supervision in Supervision.objects.filter(trainee=trainee):
            sides.add(supervision.side)
            affiliations = Affiliation.objects.filter(person=supervision.supervisor)
            if supervision.side == SupervisionSide.INSTITUTE:
                assert affiliations.filter(organization__is_institute=True).exists()
            else:
                assert affiliations.filter(organization__in=partners).exists()
        assert sides == {SupervisionSide.INSTITUTE, SupervisionSide.PARTNER}


def test_the_figures_count_the_demos_companies_and_students(
    demo: DemoSummary,  # noqa: F811
) -> None:
    since = Period(start=None, end=datetime.date.today())
    value = {
        key: catalogue.compute(catalogue.metric(key), period=since).value
        for key in ("companies_admitted", "trainees_in_training", "incubated_financing_cny")
    }
    assert value["companies_admitted"] == Incubation.objects.count() > 0
    assert value["trainees_in_training"] == Trainee.objects.count() > 0
    assert value["incubated_financing_cny"] > 0
    announced = Period(start=None, end=report.AS_OF)
    assert catalogue.compute(catalogue.metric("companies_admitted"), period=announced).value == 0


# The bulk path writes what the services would have written (as tests/demo/test_bulk_path.py
# requires of the other stateful records).

INCUBATION_STEPS: dict[str, Step] = {
    IncubationStatus.INCUBATING: lambda i, row: incubation_start(
        incubation=i, on=row.incubating_since, by=None
    ),
    IncubationStatus.GRADUATED: lambda i, row: incubation_graduate(
        incubation=i, on=row.exited_on, note=row.exit_note, by=None
    ),
    IncubationStatus.MOVED_OUT: lambda i, row: incubation_move_out(
        incubation=i, on=row.exited_on, note=row.exit_note, by=None
    ),
}
TRAINEE_STEPS: dict[str, Step] = {
    TraineeStatus.GRADUATED: lambda t, row: trainee_graduate(
        trainee=t, ended_on=row.ends_on, by=None
    ),
    TraineeStatus.WITHDREW: lambda t, row: trainee_withdraw(
        trainee=t, ended_on=row.ends_on, by=None
    ),
}


def test_a_graduated_company_is_written_as_the_services_write_it(
    demo: DemoSummary,  # noqa: F811
) -> None:
    bulk = first_with_history(
        Incubation.objects.all(),
        [IncubationStatus.ADMITTED, IncubationStatus.INCUBATING, IncubationStatus.GRADUATED],
    )
    rows = history(bulk)
    fields = created_with(rows[0], Incubation)
    # By the records, as a person picks them: the rules read the achievement, not its key.
    for name in ("organization", "center", "achievement", "agreement"):
        fields[name] = getattr(bulk, name)
        del fields[f"{name}_id"]
    replayed = incubation_create(by=None, **fields)
    replay_steps(replayed, rows, INCUBATION_STEPS)

    assert_same_life(bulk, replayed)


def test_a_graduated_trainee_is_written_as_the_services_write_it(
    demo: DemoSummary,  # noqa: F811
) -> None:
    bulk = first_with_history(
        Trainee.objects.all(), [TraineeStatus.IN_TRAINING, TraineeStatus.GRADUATED]
    )
    rows = history(bulk)
    fields = created_with(rows[0], Trainee)
    for name in ("person", "agreement", "center"):
        fields[name] = getattr(bulk, name)
        del fields[f"{name}_id"]
    replayed = trainee_create(by=None, **fields)
    replay_steps(replayed, rows, TRAINEE_STEPS)

    assert_same_life(bulk, replayed)
    for supervision in bulk.supervisions.all():
        assert supervisor_refusal(bulk.agreement, supervision.supervisor, supervision.side) is None
