from decimal import Decimal

import pytest
from pytest_django.fixtures import Settings

from liaison.achievements.choices import Stage
from liaison.agreements.choices import AgreementKind
from liaison.financing.choices import RoundStatus
from liaison.organizations.choices import OrganizationKind
from liaison.reports.selectors import FigureValue, UnknownFigureError, figure_rows, figure_value
from tests.achievements.factories import AchievementFactory
from tests.needs.factories import TechnicalNeedFactory
from tests.organizations.factories import InstituteFactory, OrganizationFactory
from tests.reports.records import (
    AFTER,
    AS_OF,
    achievement_at,
    closed_round,
    party_to,
    served,
    solved_need,
)

pytestmark = pytest.mark.django_db


def value(key: str) -> FigureValue:
    return figure_value(key, AS_OF)


# organizations_served_local


def test_served_counts_local_enterprises_universities_and_institutes() -> None:
    served(kind=OrganizationKind.ENTERPRISE)
    served(kind=OrganizationKind.UNIVERSITY, city="Wenzhou")
    served(kind=OrganizationKind.RESEARCH_INSTITUTE, city="温州")
    assert value("organizations_served_local") == 3


def test_served_counts_an_organization_once_however_many_services() -> None:
    organization = served()
    served(organization)
    served(organization)
    assert value("organizations_served_local") == 1
    assert list(figure_rows("organizations_served_local", AS_OF)) == [organization]


def test_served_excludes_organizations_outside_the_local_city() -> None:
    served(city="宁波市")
    assert value("organizations_served_local") == 0


def test_served_follows_the_local_cities_setting(settings: Settings) -> None:
    served(city="宁波市")
    settings.LIAISON_LOCAL_CITIES = ["宁波市"]
    assert value("organizations_served_local") == 1


def test_served_excludes_hospitals_and_other_kinds() -> None:
    served(kind=OrganizationKind.HOSPITAL)
    served(kind=OrganizationKind.INVESTOR)
    assert value("organizations_served_local") == 0


def test_served_excludes_the_institute_itself() -> None:
    served(InstituteFactory.create())
    assert value("organizations_served_local") == 0


def test_served_excludes_services_delivered_after_the_date() -> None:
    served(on=AFTER)
    assert value("organizations_served_local") == 0


def test_served_counts_a_service_delivered_on_the_date_itself() -> None:
    served(on=AS_OF)
    assert value("organizations_served_local") == 1


def test_served_excludes_organizations_never_served() -> None:
    OrganizationFactory.create()
    assert value("organizations_served_local") == 0


# cooperation_partners


@pytest.mark.parametrize(
    "kind",
    [
        AgreementKind.TECH_DEVELOPMENT,
        AgreementKind.TECH_TRANSFER,
        AgreementKind.TECH_LICENSING,
        AgreementKind.TECH_CONSULTING,
        AgreementKind.TECH_SERVICE,
        AgreementKind.JOINT_CENTER,
        AgreementKind.FRAMEWORK,
    ],
)
def test_partners_count_enterprises_in_technical_and_cooperation_agreements(kind: str) -> None:
    party_to(kind)
    assert value("cooperation_partners") == 1


def test_partners_count_hospitals_wherever_they_are() -> None:
    party_to(AgreementKind.JOINT_CENTER, kind=OrganizationKind.HOSPITAL, city="上海市")
    assert value("cooperation_partners") == 1


def test_partners_count_an_organization_once_however_many_agreements() -> None:
    organization = party_to(AgreementKind.TECH_SERVICE)
    party_to(AgreementKind.TECH_DEVELOPMENT, organization)
    assert value("cooperation_partners") == 1


@pytest.mark.parametrize(
    "kind",
    [
        AgreementKind.MOU,
        AgreementKind.TALENT_TRAINING,
        AgreementKind.INCUBATION,
        AgreementKind.INVESTMENT,
    ],
)
def test_partners_exclude_other_agreement_kinds(kind: str) -> None:
    party_to(kind)
    assert value("cooperation_partners") == 0


def test_partners_exclude_universities_and_institutes() -> None:
    party_to(AgreementKind.FRAMEWORK, kind=OrganizationKind.UNIVERSITY)
    party_to(AgreementKind.FRAMEWORK, kind=OrganizationKind.RESEARCH_INSTITUTE)
    assert value("cooperation_partners") == 0


def test_partners_exclude_the_institute_itself() -> None:
    party_to(
        AgreementKind.TECH_DEVELOPMENT, InstituteFactory.create(kind=OrganizationKind.ENTERPRISE)
    )
    assert value("cooperation_partners") == 0


def test_partners_exclude_agreements_signed_after_the_date() -> None:
    party_to(AgreementKind.TECH_DEVELOPMENT, signed_on=AFTER)
    assert value("cooperation_partners") == 0


def test_partners_exclude_unsigned_agreements() -> None:
    party_to(AgreementKind.TECH_DEVELOPMENT, signed_on=None)
    assert value("cooperation_partners") == 0


def test_partners_keep_counting_an_agreement_that_has_ended() -> None:
    party_to(AgreementKind.TECH_DEVELOPMENT, ended_on=AS_OF)
    assert value("cooperation_partners") == 1


# technical_problems_solved


def test_problems_count_needs_solved_by_the_date() -> None:
    solved_need()
    solved_need(on=AS_OF)
    assert value("technical_problems_solved") == 2


def test_problems_exclude_needs_solved_after_the_date() -> None:
    solved_need(on=AFTER)
    assert value("technical_problems_solved") == 0


def test_problems_exclude_needs_not_solved() -> None:
    TechnicalNeedFactory.create()
    assert value("technical_problems_solved") == 0


# institutions_cooperating


@pytest.mark.parametrize(
    "kind",
    [
        AgreementKind.FRAMEWORK,
        AgreementKind.JOINT_CENTER,
        AgreementKind.TALENT_TRAINING,
        AgreementKind.MOU,
    ],
)
def test_institutions_count_universities_in_cooperation_agreements(kind: str) -> None:
    party_to(kind, kind=OrganizationKind.UNIVERSITY)
    assert value("institutions_cooperating") == 1


def test_institutions_count_institutes_and_hospitals_at_home_and_abroad() -> None:
    party_to(AgreementKind.MOU, kind=OrganizationKind.RESEARCH_INSTITUTE, country="DE", city="")
    party_to(AgreementKind.JOINT_CENTER, kind=OrganizationKind.HOSPITAL, city="宁波市")
    assert value("institutions_cooperating") == 2


def test_institutions_count_an_organization_once_however_many_agreements() -> None:
    university = party_to(AgreementKind.FRAMEWORK, kind=OrganizationKind.UNIVERSITY)
    party_to(AgreementKind.MOU, university)
    assert value("institutions_cooperating") == 1


def test_institutions_exclude_enterprises() -> None:
    party_to(AgreementKind.FRAMEWORK, kind=OrganizationKind.ENTERPRISE)
    assert value("institutions_cooperating") == 0


@pytest.mark.parametrize(
    "kind",
    [AgreementKind.TECH_DEVELOPMENT, AgreementKind.TECH_SERVICE, AgreementKind.INCUBATION],
)
def test_institutions_exclude_other_agreement_kinds(kind: str) -> None:
    party_to(kind, kind=OrganizationKind.UNIVERSITY)
    assert value("institutions_cooperating") == 0


def test_institutions_exclude_the_institute_itself() -> None:
    party_to(AgreementKind.FRAMEWORK, InstituteFactory.create())
    assert value("institutions_cooperating") == 0


def test_institutions_exclude_agreements_signed_after_the_date() -> None:
    party_to(AgreementKind.FRAMEWORK, kind=OrganizationKind.UNIVERSITY, signed_on=AFTER)
    assert value("institutions_cooperating") == 0


def test_institutions_exclude_agreements_ended_by_the_date() -> None:
    party_to(AgreementKind.FRAMEWORK, kind=OrganizationKind.UNIVERSITY, ended_on=AS_OF)
    assert value("institutions_cooperating") == 0


def test_institutions_count_agreements_ended_only_after_the_date() -> None:
    party_to(AgreementKind.FRAMEWORK, kind=OrganizationKind.UNIVERSITY, ended_on=AFTER)
    assert value("institutions_cooperating") == 1


def test_institutions_count_an_organization_with_one_running_agreement_among_ended_ones() -> None:
    university = party_to(AgreementKind.MOU, kind=OrganizationKind.UNIVERSITY, ended_on=AS_OF)
    party_to(AgreementKind.FRAMEWORK, university)
    assert value("institutions_cooperating") == 1


# achievements_market_or_clinical


@pytest.mark.parametrize("stage", [Stage.CLINICAL_TRIAL, Stage.REGISTRATION, Stage.MARKET])
def test_achievements_count_clinical_trial_and_later_stages(stage: str) -> None:
    achievement_at(stage)
    assert value("achievements_market_or_clinical") == 1


@pytest.mark.parametrize("stage", [Stage.RESEARCH, Stage.PROTOTYPE, Stage.PILOT])
def test_achievements_exclude_earlier_stages(stage: str) -> None:
    achievement_at(stage)
    assert value("achievements_market_or_clinical") == 0


def test_achievements_exclude_stages_reached_after_the_date() -> None:
    achievement_at(Stage.CLINICAL_TRIAL, on=AFTER)
    assert value("achievements_market_or_clinical") == 0


def test_achievements_count_once_however_many_stages_reached() -> None:
    achievement = achievement_at(Stage.CLINICAL_TRIAL)
    achievement.stage_history.create(stage=Stage.MARKET, reached_on=AS_OF)
    assert value("achievements_market_or_clinical") == 1


def test_achievements_without_history_are_not_counted() -> None:
    AchievementFactory.create()
    assert value("achievements_market_or_clinical") == 0


# financing_cumulative_cny


def test_financing_sums_closed_rounds_in_yuan() -> None:
    closed_round("100000000.00")
    closed_round("56300000.00", on=AS_OF)
    assert value("financing_cumulative_cny") == Decimal("156300000.00")


def test_financing_converts_foreign_currency_at_the_rounds_rate_exactly() -> None:
    closed_round("1000000.00", currency="USD", cny_rate=Decimal("7.123456"))
    closed_round("0.07", currency="EUR", cny_rate=Decimal("7.5"))
    # 7,123,456.00 + 0.525 rounded half up to 0.53: cent by cent, as amount_cny does.
    assert value("financing_cumulative_cny") == Decimal("7123456.53")


def test_financing_keeps_the_cents_of_yuan_amounts() -> None:
    closed_round("0.10")
    closed_round("0.20")
    assert value("financing_cumulative_cny") == Decimal("0.30")


def test_financing_excludes_rounds_closed_after_the_date() -> None:
    closed_round("1000000.00", on=AFTER)
    assert value("financing_cumulative_cny") == 0


def test_financing_excludes_announced_rounds_not_closed() -> None:
    closed_round("1000000.00", status=RoundStatus.ANNOUNCED, on=None)
    assert value("financing_cumulative_cny") == 0


def test_financing_excludes_cancelled_rounds() -> None:
    closed_round("1000000.00", status=RoundStatus.CANCELLED)
    assert value("financing_cumulative_cny") == 0


def test_financing_is_zero_without_rounds() -> None:
    assert value("financing_cumulative_cny") == Decimal("0.00")


def test_financing_rows_carry_each_rounds_amount_in_cents() -> None:
    round_ = closed_round("100.00", currency="USD", cny_rate=Decimal("7.1"))
    (row,) = figure_rows("financing_cumulative_cny", AS_OF)
    assert row == round_
    assert row.amount_cny_cents == 71000
    assert round_.amount_cny == Decimal("710.00")


# the catalogue


def test_an_unknown_figure_key_is_refused() -> None:
    with pytest.raises(UnknownFigureError):
        figure_rows("enterprises_happy", AS_OF)


def test_a_hospital_in_a_joint_center_counts_as_partner_and_as_institution() -> None:
    party_to(AgreementKind.JOINT_CENTER, kind=OrganizationKind.HOSPITAL)
    assert value("cooperation_partners") == 1
    assert value("institutions_cooperating") == 1
