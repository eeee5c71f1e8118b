import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db.models import Model
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from liaison.accounts.models import User
from liaison.achievements.choices import Stage
from liaison.agreements.choices import AgreementStatus, PartyRole
from liaison.core.permissions import grants_of
from liaison.financing.choices import RoundStatus
from liaison.organizations.models import Organization
from liaison.reports.timeline import EventKind, organization_timeline
from tests.achievements.factories import AchievementFactory
from tests.agreements.factories import AgreementFactory, AgreementPartyFactory
from tests.centers.factories import CenterPartnerFactory
from tests.financing.factories import FinancingRoundFactory, RoundInvestorFactory
from tests.needs.factories import ServiceRecordFactory, TechnicalNeedFactory
from tests.organizations.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def day(n: int) -> datetime.date:
    return datetime.date(2023, 1, 1) + datetime.timedelta(days=n)


def everything_touching(organization: Organization) -> list[Model]:
    """One record of each kind that touches `organization`, each a day newer than the last."""
    agreement = AgreementFactory.create(status=AgreementStatus.SIGNED, signed_on=day(0))
    AgreementPartyFactory.create(
        agreement=agreement, organization=organization, role=PartyRole.CLIENT
    )
    AgreementPartyFactory.create(agreement=agreement, role=PartyRole.CONTRACTOR)
    need = TechnicalNeedFactory.create(organization=organization, submitted_on=day(1))
    service = ServiceRecordFactory.create(organization=organization, delivered_on=day(2))
    achievement = AchievementFactory.create(stage=Stage.PILOT, stage_since=day(3))
    achievement.owners.add(organization)
    raised = FinancingRoundFactory.create(
        venture=organization, announced_on=day(4), status=RoundStatus.ANNOUNCED
    )
    invested = FinancingRoundFactory.create(
        announced_on=day(4), closed_on=day(5), status=RoundStatus.CLOSED
    )
    RoundInvestorFactory.create(round=invested, organization=organization, is_lead=True)
    partnership = CenterPartnerFactory.create(organization=organization, joined_on=day(6))
    return [partnership.center, invested, raised, achievement, service, need, agreement]


def test_everything_that_touches_an_organization_is_on_its_timeline_newest_first(
    staff_user: User,
) -> None:
    organization = OrganizationFactory.create()
    newest_first = everything_touching(organization)
    everything_touching(OrganizationFactory.create())  # another organization's: not on this one

    page = organization_timeline(organization=organization, user=staff_user)

    assert [e.record for e in page.entries] == newest_first
    assert [e.on for e in page.entries] == [day(n) for n in range(6, -1, -1)]
    assert [e.kind for e in page.entries] == [
        EventKind.CENTER,
        EventKind.INVESTMENT,
        EventKind.FINANCING,
        EventKind.ACHIEVEMENT,
        EventKind.SERVICE,
        EventKind.NEED,
        EventKind.AGREEMENT,
    ]
    assert not page.has_more


def test_an_agreement_shows_the_organizations_own_role_in_it(staff_user: User) -> None:
    organization = OrganizationFactory.create()
    everything_touching(organization)

    entries = organization_timeline(organization=organization, user=staff_user).entries
    agreement_entry = next(e for e in entries if e.kind == EventKind.AGREEMENT)
    investment_entry = next(e for e in entries if e.kind == EventKind.INVESTMENT)

    assert agreement_entry.details == ("Client", "Signed")
    assert investment_entry.details[0] == "lead investor"


def test_an_unsigned_agreement_stands_at_the_day_it_was_written(staff_user: User) -> None:
    organization = OrganizationFactory.create()
    AgreementPartyFactory.create(organization=organization)

    (entry,) = organization_timeline(organization=organization, user=staff_user).entries

    assert entry.on == timezone.localdate()


def test_the_timeline_pages_through_a_long_history(staff_user: User) -> None:
    organization = OrganizationFactory.create()
    for n in range(5):
        TechnicalNeedFactory.create(organization=organization, submitted_on=day(n))
        ServiceRecordFactory.create(organization=organization, delivered_on=day(n))

    first = organization_timeline(organization=organization, user=staff_user, limit=4)
    rest = organization_timeline(organization=organization, user=staff_user, offset=8, limit=4)

    assert [e.on for e in first.entries] == [day(4), day(4), day(3), day(3)]
    assert first.has_more
    assert [e.on for e in rest.entries] == [day(0), day(0)]
    assert not rest.has_more


@pytest.mark.parametrize("times", [1, 3])
def test_a_timeline_page_takes_one_query_per_kind_however_long_the_history(
    times: int, staff_user: User, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    organization = OrganizationFactory.create()
    for _ in range(times):
        everything_touching(organization)
    grants_of(staff_user)  # the user's roles, read once per request
    with django_assert_num_queries(len(EventKind)):
        page = organization_timeline(organization=organization, user=staff_user)
        [str(e.record) for e in page.entries]


def test_an_anonymous_visitor_sees_an_empty_timeline() -> None:
    organization = OrganizationFactory.create()
    everything_touching(organization)

    page = organization_timeline(organization=organization, user=AnonymousUser())

    assert page.entries == []
