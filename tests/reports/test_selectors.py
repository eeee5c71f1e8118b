from decimal import Decimal

import pytest
from pytest_django import DjangoAssertNumQueries

from liaison.achievements.choices import Stage
from liaison.agreements.choices import AgreementKind
from liaison.organizations.choices import OrganizationKind
from liaison.reports.metrics import FIGURES
from liaison.reports.selectors import figures_as_of, institute_organization
from tests.organizations.factories import InstituteFactory
from tests.reports.records import AS_OF, achievement_at, closed_round, party_to, served, solved_need

pytestmark = pytest.mark.django_db


def add_records(times: int) -> None:
    for _ in range(times):
        served()
        party_to(AgreementKind.TECH_SERVICE, kind=OrganizationKind.HOSPITAL)
        solved_need()
        party_to(AgreementKind.MOU, kind=OrganizationKind.UNIVERSITY)
        achievement_at(Stage.CLINICAL_TRIAL)
        closed_round("1000.00", currency="USD", cny_rate=Decimal("7.2"))


def test_figures_come_in_catalogue_order_with_their_values() -> None:
    add_records(2)
    figures = figures_as_of(as_of=AS_OF)
    assert [f.key for f in figures] == [d.key for d in FIGURES]
    assert [f.value for f in figures] == [2, 2, 2, 2, 2, Decimal("14400.00")]


@pytest.mark.parametrize("times", [1, 5])
def test_figures_take_one_query_each_however_many_records(
    times: int, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    add_records(times)
    with django_assert_num_queries(len(FIGURES)):
        figures_as_of(as_of=AS_OF)


def test_every_figure_has_a_unique_key_a_version_and_a_written_definition() -> None:
    assert len({d.key for d in FIGURES}) == len(FIGURES)
    for definition in FIGURES:
        assert definition.version >= 1
        assert str(definition.definition)
        assert str(definition.label)


def test_the_institute_is_the_organization_marked_as_such() -> None:
    institute = InstituteFactory.create()
    served()
    assert institute_organization() == institute


def test_there_is_no_institute_until_one_is_recorded() -> None:
    assert institute_organization() is None
