"""The one write path of financing rounds and their investors: their services, the round's table
of moves, and the rules they hold on the pages and in the admin."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from liaison.accounts.models import User
from liaison.core import writes
from liaison.core.errors import StaleEditError
from liaison.core.lifecycle import today
from liaison.financing.choices import ROUND_ENDED, ROUND_MOVES, ROUND_OPEN, RoundStatus
from liaison.financing.models import FinancingRound, RoundInvestor
from liaison.financing.services import (
    round_cancel,
    round_close,
    round_delete,
    round_update,
    roundinvestor_create,
    roundinvestor_delete,
    roundinvestor_update,
)
from liaison.financing.steps import CANCEL, CLOSE, ROUND_STEPS
from tests.core.admin_pages import admin_url, posted_back
from tests.core.errors import codes, messages_of
from tests.financing.factories import FinancingRoundFactory, RoundInvestorFactory
from tests.organizations.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

D = datetime.date
CLOSED_ON = D(2022, 7, 1)


def closed_round() -> FinancingRound:
    financing_round = FinancingRoundFactory.create()
    return round_close(round=financing_round, closed_on=CLOSED_ON, by=None)


def test_rounds_and_investors_have_their_write_services() -> None:
    assert writes.writes_for(FinancingRound).target == "round"
    assert writes.writes_for(RoundInvestor).target == "investor"


# The table of moves ---------------------------------------------------------------------------


def test_an_announced_round_closes_or_is_cancelled_and_that_ends_it() -> None:
    assert ROUND_MOVES.into(RoundStatus.CLOSED) == {RoundStatus.ANNOUNCED}
    assert ROUND_MOVES.into(RoundStatus.CANCELLED) == {RoundStatus.ANNOUNCED}
    assert {RoundStatus.CLOSED, RoundStatus.CANCELLED} == ROUND_ENDED
    assert {RoundStatus.ANNOUNCED} == ROUND_OPEN


def test_every_step_is_offered_from_where_the_table_allows_its_move() -> None:
    assert CLOSE.offered_from == ROUND_MOVES.into(RoundStatus.CLOSED)
    assert CANCEL.offered_from == ROUND_MOVES.into(RoundStatus.CANCELLED)
    assert {step.name for step in ROUND_STEPS} == {"close", "cancel"}


def test_a_cancelled_round_cannot_close() -> None:
    financing_round = round_cancel(round=FinancingRoundFactory.create(), by=None)
    with pytest.raises(ValidationError) as error:
        round_close(round=financing_round, closed_on=CLOSED_ON, by=None)
    assert codes(error) == ["illegal_transition"]


def test_a_closed_round_cannot_be_cancelled() -> None:
    with pytest.raises(ValidationError) as error:
        round_cancel(round=closed_round(), by=None)
    assert codes(error) == ["illegal_transition"]


# Rounds ---------------------------------------------------------------------------------------


def test_round_update_saves_with_the_author(staff_user: User) -> None:
    financing_round = FinancingRoundFactory.create()
    round_update(round=financing_round, by=staff_user, version=financing_round.version, note="x")
    financing_round.refresh_from_db()
    assert financing_round.note == "x"
    assert financing_round.history.latest().history_user == staff_user


def test_round_update_refuses_a_stale_version() -> None:
    financing_round = FinancingRoundFactory.create()
    with pytest.raises(StaleEditError):
        round_update(round=financing_round, by=None, version=financing_round.version + 1)


def test_round_update_refuses_an_announcement_in_the_future() -> None:
    financing_round = FinancingRoundFactory.create()
    with pytest.raises(ValidationError) as error:
        round_update(
            round=financing_round, by=None, announced_on=today() + datetime.timedelta(days=1)
        )
    assert codes(error, "announced_on") == ["future_date"]


def test_round_update_refuses_a_yuan_rate_other_than_one() -> None:
    financing_round = FinancingRoundFactory.create()
    with pytest.raises(ValidationError) as error:
        round_update(round=financing_round, by=None, cny_rate=Decimal("7.1"))
    assert codes(error, "cny_rate") == ["cny_rate_one"]


def test_round_update_refuses_an_amount_below_the_investors_stakes() -> None:
    investor = RoundInvestorFactory.create(amount=Decimal(5_000_000))
    with pytest.raises(ValidationError) as error:
        round_update(round=investor.round, by=None, amount=Decimal(1_000_000))
    assert codes(error, "amount") == ["stakes_exceed_round"]


def test_round_update_cannot_set_the_status() -> None:
    with pytest.raises(TypeError):
        round_update(round=FinancingRoundFactory.create(), by=None, status=RoundStatus.CLOSED)


def test_a_closed_round_is_not_deleted() -> None:
    financing_round = closed_round()
    with pytest.raises(ValidationError) as error:
        round_delete(round=financing_round, by=None)
    assert codes(error) == ["not_deletable"]
    assert FinancingRound.objects.filter(pk=financing_round.pk).exists()


def test_an_announced_round_recorded_by_mistake_is_deleted(staff_user: User) -> None:
    financing_round = RoundInvestorFactory.create().round
    pk = financing_round.pk

    round_delete(round=financing_round, by=staff_user)

    assert not FinancingRound.objects.filter(pk=pk).exists()
    deleted = FinancingRound.history.get(id=pk, history_type="-")
    assert deleted.history_user == staff_user


# Investors ------------------------------------------------------------------------------------


def test_an_investor_joins_an_announced_round_with_the_author(staff_user: User) -> None:
    financing_round = FinancingRoundFactory.create()
    investor = roundinvestor_create(
        round=financing_round,
        organization=OrganizationFactory.create(),
        amount=Decimal(1_000_000),
        by=staff_user,
    )
    assert investor.history.get().history_user == staff_user


@pytest.mark.parametrize("ended", [RoundStatus.CLOSED, RoundStatus.CANCELLED])
def test_no_investor_joins_an_ended_round(ended: str) -> None:
    financing_round = (
        closed_round()
        if ended == RoundStatus.CLOSED
        else round_cancel(round=FinancingRoundFactory.create(), by=None)
    )
    with pytest.raises(ValidationError) as error:
        roundinvestor_create(
            round=financing_round, organization=OrganizationFactory.create(), by=None
        )
    assert codes(error, "round") == ["round_ended"]


def test_an_investors_stake_stays_within_the_round() -> None:
    investor = RoundInvestorFactory.create(amount=Decimal(6_000_000))
    with pytest.raises(ValidationError) as error:
        roundinvestor_create(
            round=investor.round,
            organization=OrganizationFactory.create(),
            amount=Decimal(5_000_000),
            by=None,
        )
    assert codes(error, "amount") == ["stakes_exceed_round"]

    with pytest.raises(ValidationError) as error:
        roundinvestor_update(investor=investor, by=None, amount=Decimal(20_000_000))
    assert codes(error, "amount") == ["stakes_exceed_round"]


def test_an_investor_of_a_closed_round_is_neither_changed_nor_deleted() -> None:
    investor = RoundInvestorFactory.create()
    round_close(round=investor.round, closed_on=CLOSED_ON, by=None)

    with pytest.raises(ValidationError) as error:
        roundinvestor_update(investor=investor, by=None, is_lead=True)
    assert codes(error, "round") == ["round_ended"]

    with pytest.raises(ValidationError) as error:
        roundinvestor_delete(investor=investor, by=None)
    assert codes(error) == ["not_deletable"]


def test_an_investor_named_by_mistake_is_removed(staff_user: User) -> None:
    investor = RoundInvestorFactory.create()
    pk = investor.pk
    roundinvestor_delete(investor=investor, by=staff_user, version=investor.version)
    deleted = RoundInvestor.history.get(id=pk, history_type="-")
    assert deleted.history_user == staff_user


def test_roundinvestor_update_refuses_a_stale_version() -> None:
    investor = RoundInvestorFactory.create()
    with pytest.raises(StaleEditError):
        roundinvestor_update(investor=investor, by=None, version=investor.version + 1)


# The generic pages ----------------------------------------------------------------------------


def test_the_edit_page_shows_a_future_announcement_under_the_field(signed_in: Client) -> None:
    financing_round = FinancingRoundFactory.create()
    data = {
        "venture": financing_round.venture_id,
        "kind": financing_round.kind,
        "amount": "10000000",
        "currency": "CNY",
        "cny_rate": "1",
        "announced_on": (today() + datetime.timedelta(days=3)).isoformat(),
        "loaded_version": financing_round.version,
    }

    response = signed_in.post(
        reverse("financing:financinground_edit", args=(financing_round.pk,)), data
    )

    assert response.status_code == 400
    assert "announced_on" in response.context["form"].errors


def test_the_delete_page_refuses_a_closed_round(signed_in: Client) -> None:
    financing_round = closed_round()

    response = signed_in.post(
        reverse("financing:financinground_delete", args=(financing_round.pk,))
    )

    assert response.status_code == 302
    assert any("has closed keeps its record" in m for m in messages_of(response))
    assert FinancingRound.objects.filter(pk=financing_round.pk).exists()


# The admin ------------------------------------------------------------------------------------


def test_the_round_page_offers_adding_an_investor(admin_client: Client) -> None:
    financing_round = FinancingRoundFactory.create()
    response = admin_client.get(admin_url(FinancingRound, "change", financing_round.pk))
    assert [link["url"] for link in response.context["liaison_inline_adds"]] == [
        f"{admin_url(RoundInvestor, 'add')}?round={financing_round.pk}"
    ]


def test_the_admin_refuses_an_investor_for_a_closed_round(admin_client: Client) -> None:
    financing_round = closed_round()
    url = f"{admin_url(RoundInvestor, 'add')}?round={financing_round.pk}"
    data = posted_back(admin_client.get(url))
    data.update(organization=OrganizationFactory.create().pk)

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert "round" in response.context["adminform"].form.errors
    assert not financing_round.round_investors.exists()


def test_the_admin_change_page_refuses_a_future_announcement(admin_client: Client) -> None:
    financing_round = FinancingRoundFactory.create()
    url = admin_url(FinancingRound, "change", financing_round.pk)
    future = (today() + datetime.timedelta(days=3)).isoformat()

    response = admin_client.post(
        url, {**posted_back(admin_client.get(url)), "announced_on": future}
    )

    assert response.status_code == 200
    assert "announced_on" in response.context["adminform"].form.errors


def test_the_admin_refuses_deleting_a_closed_round(admin_client: Client) -> None:
    financing_round = closed_round()

    response = admin_client.post(
        admin_url(FinancingRound, "delete", financing_round.pk), {"post": "yes"}
    )

    assert response.status_code == 302
    assert any("has closed keeps its record" in m for m in messages_of(response))
    assert FinancingRound.objects.filter(pk=financing_round.pk).exists()
