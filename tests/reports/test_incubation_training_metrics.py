"""The catalogue's figures of incubation and joint training (issue 21), on records made here:
companies admitted, in incubation, graduated, the financing they raised, students trained and
graduated — each number equals the rows its figure page lists, part by part and at a center,
in English and in Chinese; records outside the period, before an admission or of companies
never incubated do not count."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from liaison.accounts.models import User
from liaison.agreements.choices import AgreementKind, AgreementStatus
from liaison.centers.choices import CenterKind
from liaison.centers.models import Center
from liaison.financing.choices import RoundStatus
from liaison.incubation.choices import IncubationStatus, Origin
from liaison.incubation.models import Incubation
from liaison.organizations.models import Organization
from liaison.reports import catalogue
from liaison.reports.links import drill_url
from liaison.reports.periods import Period
from liaison.training.choices import TraineeLevel, TraineeStatus
from liaison.training.models import Trainee
from tests.achievements.factories import AchievementFactory
from tests.agreements.factories import AgreementFactory
from tests.centers.factories import CenterFactory
from tests.financing.factories import FinancingRoundFactory
from tests.organizations.factories import OrganizationFactory
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db

D = datetime.date
YEAR = 2025
PERIOD = Period(start=D(YEAR, 1, 1), end=D(YEAR, 12, 31))
KEYS = (
    "companies_admitted",
    "companies_incubating",
    "companies_graduated",
    "incubated_financing_cny",
    "trainees_in_training",
    "trainees_graduated",
)


def _incubation(
    center: Center,
    origin: str,
    admitted_on: datetime.date,
    status: str = IncubationStatus.INCUBATING,
    exited_on: datetime.date | None = None,
) -> Incubation:
    fields: dict[str, Any] = {}
    if origin == Origin.SPIN_OFF:
        fields["achievement"] = AchievementFactory.create()
    return Incubation.objects.create(
        organization=OrganizationFactory.create(),
        center=center,
        origin=origin,
        admitted_on=admitted_on,
        status=status,
        incubating_since=admitted_on if status != IncubationStatus.ADMITTED else None,
        exited_on=exited_on,
        **fields,
    )


def _closed_round(venture: Organization, closed_on: datetime.date, amount: str) -> None:
    FinancingRoundFactory.create(
        venture=venture,
        amount=Decimal(amount),
        announced_on=closed_on - datetime.timedelta(days=30),
        status=RoundStatus.CLOSED,
        closed_on=closed_on,
    )


def _trainee(
    agreement: Any,
    level: str,
    starts_on: datetime.date,
    status: str = TraineeStatus.IN_TRAINING,
    ends_on: datetime.date | None = None,
    center: Center | None = None,
) -> Trainee:
    return Trainee.objects.create(
        person=PersonFactory.create(),
        agreement=agreement,
        level=level,
        center=center,
        starts_on=starts_on,
        status=status,
        ends_on=ends_on,
    )


@pytest.fixture
def records() -> dict[str, Any]:
    first = CenterFactory.create(kind=CenterKind.INCUBATION)
    second = CenterFactory.create(kind=CenterKind.INCUBATION)
    spinoff = _incubation(
        first, Origin.SPIN_OFF, D(YEAR, 3, 1), IncubationStatus.GRADUATED, D(YEAR, 10, 1)
    )
    _incubation(first, Origin.RESEARCHERS_STARTUP, D(YEAR - 1, 5, 1))  # still incubating
    _incubation(  # admitted and moved out in the year
        second, Origin.OUTSIDE_TENANT, D(YEAR, 6, 1), IncubationStatus.MOVED_OUT, D(YEAR, 9, 1)
    )
    earlier = _incubation(  # graduated the year before
        second,
        Origin.OUTSIDE_TENANT,
        D(YEAR - 2, 1, 1),
        IncubationStatus.GRADUATED,
        D(YEAR - 1, 6, 1),
    )
    _incubation(second, Origin.SPIN_OFF, D(YEAR + 1, 1, 5), IncubationStatus.ADMITTED)  # later

    _closed_round(spinoff.organization, D(YEAR, 2, 1), "300000")  # before its admission
    _closed_round(spinoff.organization, D(YEAR, 4, 1), "1000000")  # while incubated
    _closed_round(spinoff.organization, D(YEAR, 11, 1), "500000")  # after graduating
    _closed_round(earlier.organization, D(YEAR, 7, 1), "200000")  # graduated earlier: counts
    _closed_round(earlier.organization, D(YEAR - 1, 7, 1), "900000")  # the year before
    _closed_round(OrganizationFactory.create(), D(YEAR, 5, 1), "4000000")  # never incubated

    agreement = AgreementFactory.create(
        kind=AgreementKind.TALENT_TRAINING, status=AgreementStatus.SIGNED, signed_on=D(2021, 1, 1)
    )
    _trainee(agreement, TraineeLevel.MASTER, D(YEAR - 2, 9, 1), center=first)
    _trainee(
        agreement,
        TraineeLevel.DOCTORATE,
        D(YEAR - 4, 9, 1),
        TraineeStatus.GRADUATED,
        D(YEAR, 6, 30),
        center=first,
    )
    _trainee(  # withdrew before the year
        agreement,
        TraineeLevel.POSTDOC,
        D(YEAR - 3, 1, 1),
        TraineeStatus.WITHDREW,
        D(YEAR - 1, 12, 31),
    )
    _trainee(agreement, TraineeLevel.MASTER, D(YEAR + 1, 2, 1))  # starts later
    _trainee(
        agreement, TraineeLevel.BACHELOR, D(YEAR - 1, 9, 1), TraineeStatus.GRADUATED, D(YEAR, 1, 15)
    )
    return {"first": first, "second": second}


@pytest.fixture
def reader(client: Client, staff_user: User, records: dict[str, Any]) -> Client:
    client.force_login(staff_user)
    return client


def _drilled(client: Client, url: str, lang: str = "en") -> tuple[list[Any], Any]:
    response = client.get(url, headers={"accept-language": lang})
    assert response.status_code == 200, url
    return list(response.context["table"].data), response.context["value"]


def _add_up(metric: catalogue.Metric, rows: list[Any]) -> Any:
    if metric.measure != catalogue.Measure.YUAN:
        return len(rows)
    # The financing: each round's amount in yuan at its rate, as the figure adds them.
    return sum((row.amount * row.cny_rate for row in rows), Decimal(0)).quantize(Decimal("0.01"))


def test_the_figures_count_what_their_definitions_say(records: dict[str, Any]) -> None:
    values = {key: catalogue.compute(catalogue.metric(key), period=PERIOD).value for key in KEYS}
    assert values == {
        "companies_admitted": 2,
        "companies_incubating": 1,
        "companies_graduated": 1,
        "incubated_financing_cny": Decimal("1700000.00"),
        "trainees_in_training": 3,
        "trainees_graduated": 2,
    }
    first = catalogue.compute(
        catalogue.metric("companies_admitted"), period=PERIOD, center=records["first"]
    )
    assert first.value == 1
    parts = catalogue.compute(catalogue.metric("trainees_in_training"), period=PERIOD).parts
    assert {p.value: p.amount for p in parts} == {
        TraineeLevel.BACHELOR: 1,
        TraineeLevel.MASTER: 1,
        TraineeLevel.DOCTORATE: 1,
    }
    assert {m.section for m in map(catalogue.metric, KEYS)} == {catalogue.Section.INCUBATION}


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_every_number_and_part_equals_the_rows_its_page_lists(
    reader: Client, records: dict[str, Any], lang: str
) -> None:
    for key in KEYS:
        metric = catalogue.metric(key)
        for center in (None, records["first"], records["second"]):
            figure = catalogue.compute(metric, period=PERIOD, center=center)
            rows, shown = _drilled(reader, drill_url(metric, period=PERIOD, center=center), lang)
            assert _add_up(metric, rows) == figure.value == shown, (key, center)
            for part in figure.parts:
                url = drill_url(metric, period=PERIOD, center=center, part=part.value)
                rows, shown = _drilled(reader, url, lang)
                assert _add_up(metric, rows) == part.amount == shown, (key, part.value)


def test_the_figure_page_names_the_incubated_companies_and_the_students(
    reader: Client,
) -> None:
    url = drill_url(catalogue.metric("companies_graduated"), period=PERIOD)
    rows, _value = _drilled(reader, url)
    html = reader.get(url).content.decode()
    assert len(rows) == 1
    assert rows[0].status == IncubationStatus.GRADUATED
    assert str(rows[0].organization) in html
    trainees, _value = _drilled(
        reader, drill_url(catalogue.metric("trainees_graduated"), period=PERIOD)
    )
    assert {t.status for t in trainees} == {TraineeStatus.GRADUATED}


def test_the_figures_page_lists_the_section_in_both_languages(reader: Client) -> None:
    url = reverse("figure", args=("companies_admitted",))
    english = reader.get(url, headers={"accept-language": "en"})
    assert english.status_code == 200
    assert "Companies admitted to incubation" in english.content.decode()
    chinese = reader.get(url, headers={"accept-language": "zh-hans"})
    assert chinese.status_code == 200
    assert chinese.context["value"] == english.context["value"] > 0


def test_a_spin_off_admitted_to_incubation_counts_as_formed_from_version_2(
    records: dict[str, Any],
) -> None:
    """Version 1 counts a company founded on an achievement by its round or its shares;
    version 2 also by its admission as a spin-off, version 1 staying as it was."""
    founded = OrganizationFactory.create(founded_on=D(YEAR, 2, 1))
    Incubation.objects.create(
        organization=founded,
        center=records["first"],
        origin=Origin.SPIN_OFF,
        achievement=AchievementFactory.create(),
        admitted_on=D(YEAR, 3, 1),
    )
    tenant = OrganizationFactory.create(founded_on=D(YEAR, 2, 1))
    Incubation.objects.create(
        organization=tenant,
        center=records["first"],
        origin=Origin.OUTSIDE_TENANT,
        admitted_on=D(YEAR, 3, 1),
    )
    for key in ("spinoffs_formed", "autm_startups_formed"):
        first = catalogue.metric(key, version=1).rows(PERIOD, catalogue.SYSTEM, None)
        latest = catalogue.metric(key)
        assert latest.version == 2
        assert founded not in first
        assert list(latest.rows(PERIOD, catalogue.SYSTEM, None)) == [founded]
