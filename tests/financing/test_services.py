import datetime
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from liaison.accounts.models import User
from liaison.core.lifecycle import today
from liaison.financing.choices import RoundKind, RoundStatus
from liaison.financing.models import FinancingRound
from liaison.financing.services import round_cancel, round_close, round_create
from liaison.organizations.models import Organization
from tests.achievements.factories import AchievementFactory
from tests.core.errors import codes
from tests.financing.factories import FinancingRoundFactory
from tests.organizations.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

D = datetime.date
ANNOUNCED_ON = D(2022, 6, 1)  # the factory's date


def create(
    by: User | None = None,
    investors: Sequence[tuple[Organization, Decimal | None, bool]] = (),
    **fields: Any,
) -> FinancingRound:
    fields = {
        "venture": OrganizationFactory.create(),
        "kind": RoundKind.SERIES_A,
        "amount": Decimal("30000000.00"),
        "announced_on": D(2023, 5, 6),
        **fields,
    }
    return round_create(by=by, investors=investors, **fields)


def investor() -> Organization:
    return OrganizationFactory.create(kind="investor")


def test_round_create_records_an_announced_round_with_its_investors_and_author(
    staff_user: User,
) -> None:
    lead, other = investor(), investor()
    financing_round = create(
        by=staff_user,
        investors=[(lead, Decimal("20000000.00"), True), (other, None, False)],
    )
    financing_round = FinancingRound.objects.get(pk=financing_round.pk)
    assert financing_round.status == RoundStatus.ANNOUNCED
    assert {
        (i.organization, i.amount, i.is_lead) for i in financing_round.round_investors.all()
    } == {
        (lead, Decimal("20000000.00"), True),
        (other, None, False),
    }
    assert financing_round.history.get().history_user == staff_user
    assert {i.history.get().history_user for i in financing_round.round_investors.all()} == {
        staff_user
    }


def test_a_round_may_belong_to_an_achievement_alone() -> None:
    financing_round = create(
        venture=None, achievement=AchievementFactory.create(), kind=RoundKind.GRANT
    )
    assert financing_round.venture is None


def test_a_round_belongs_to_a_venture_or_an_achievement() -> None:
    with pytest.raises(ValidationError) as error:
        create(venture=None)
    assert "A financing round belongs to a venture, an achievement or both." in str(error.value)


def test_a_round_in_a_foreign_currency_needs_its_exchange_rate() -> None:
    with pytest.raises(ValidationError) as error:
        create(currency="USD")
    assert codes(error, "cny_rate") == ["rate_required"]


def test_a_round_in_a_foreign_currency_with_its_rate_is_recorded() -> None:
    financing_round = create(currency="USD", amount=Decimal("1000000"), cny_rate=Decimal("7.1"))
    assert financing_round.amount_cny == Decimal("7100000.00")


def test_a_round_in_yuan_has_the_rate_one() -> None:
    with pytest.raises(ValidationError) as error:
        create(cny_rate=Decimal("7.1"))
    assert codes(error, "cny_rate") == ["cny_rate_one"]


def test_a_round_amount_must_be_positive() -> None:
    with pytest.raises(ValidationError) as error:
        create(amount=Decimal("0"))
    assert codes(error, "amount") == ["amount"]


def test_a_round_cannot_be_announced_in_the_future() -> None:
    with pytest.raises(ValidationError) as error:
        create(announced_on=today() + datetime.timedelta(days=1))
    assert codes(error, "announced_on") == ["future_date"]


def test_the_investors_cannot_put_in_more_than_the_round() -> None:
    with pytest.raises(ValidationError) as error:
        create(
            amount=Decimal("10000000"),
            investors=[
                (investor(), Decimal("6000000"), True),
                (investor(), Decimal("5000000"), False),
            ],
        )
    assert codes(error) == ["stakes_exceed_round"]
    assert not FinancingRound.objects.exists()


def test_an_investor_amount_must_be_positive() -> None:
    with pytest.raises(ValidationError) as error:
        create(investors=[(investor(), Decimal("-5"), True)])
    assert codes(error) == ["investor_amount"]


def test_an_investor_is_in_a_round_once() -> None:
    lead = investor()
    with pytest.raises(ValidationError) as error:
        create(investors=[(lead, None, True), (lead, None, False)])
    assert codes(error) == ["invalid_investor"]
    assert not FinancingRound.objects.exists()


def test_round_create_refuses_to_set_the_status() -> None:
    with pytest.raises(TypeError):
        create(status=RoundStatus.CLOSED)


def test_an_announced_round_can_be_closed(staff_user: User) -> None:
    financing_round = round_close(
        round=FinancingRoundFactory.create(), closed_on=D(2022, 9, 1), by=staff_user
    )
    financing_round = FinancingRound.objects.get(pk=financing_round.pk)
    assert (financing_round.status, financing_round.closed_on) == (
        RoundStatus.CLOSED,
        D(2022, 9, 1),
    )
    assert financing_round.history.order_by("-history_id").first().history_user == staff_user


def test_a_round_may_close_on_the_day_it_is_announced() -> None:
    financing_round = round_close(
        round=FinancingRoundFactory.create(), closed_on=ANNOUNCED_ON, by=None
    )
    assert financing_round.closed_on == ANNOUNCED_ON


def test_a_round_cannot_close_before_it_is_announced() -> None:
    financing_round = FinancingRoundFactory.create()
    with pytest.raises(ValidationError) as error:
        round_close(round=financing_round, closed_on=D(2022, 5, 31), by=None)
    assert codes(error, "closed_on") == ["closed_before_announced"]
    assert FinancingRound.objects.get(pk=financing_round.pk).status == RoundStatus.ANNOUNCED
    assert financing_round.status == RoundStatus.ANNOUNCED


def test_a_round_cannot_close_in_the_future() -> None:
    with pytest.raises(ValidationError) as error:
        round_close(
            round=FinancingRoundFactory.create(),
            closed_on=today() + datetime.timedelta(days=1),
            by=None,
        )
    assert codes(error, "closed_on") == ["future_date"]


def test_a_closed_round_cannot_close_again() -> None:
    financing_round = round_close(
        round=FinancingRoundFactory.create(), closed_on=D(2022, 9, 1), by=None
    )
    with pytest.raises(ValidationError) as error:
        round_close(round=financing_round, closed_on=D(2022, 10, 1), by=None)
    assert codes(error) == ["illegal_transition"]


def test_an_announced_round_can_be_cancelled_with_its_reason(staff_user: User) -> None:
    financing_round = round_cancel(
        round=FinancingRoundFactory.create(), reason=" 估值未谈拢 ", by=staff_user
    )
    financing_round = FinancingRound.objects.get(pk=financing_round.pk)
    assert (financing_round.status, financing_round.cancel_reason) == (
        RoundStatus.CANCELLED,
        "估值未谈拢",
    )
    assert financing_round.history.order_by("-history_id").first().history_user == staff_user


def test_a_closed_round_cannot_be_cancelled() -> None:
    financing_round = round_close(
        round=FinancingRoundFactory.create(), closed_on=D(2022, 9, 1), by=None
    )
    with pytest.raises(ValidationError) as error:
        round_cancel(round=financing_round, by=None)
    assert codes(error) == ["illegal_transition"]
    assert FinancingRound.objects.get(pk=financing_round.pk).status == RoundStatus.CLOSED


def test_a_cancelled_round_cannot_close() -> None:
    financing_round = round_cancel(round=FinancingRoundFactory.create(), by=None)
    with pytest.raises(ValidationError) as error:
        round_close(round=financing_round, closed_on=D(2022, 9, 1), by=None)
    assert codes(error) == ["illegal_transition"]
