"""A table of allowed moves: what it allows, what it refuses, and how the refusal reads."""

from __future__ import annotations

import datetime
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from liaison.agreements.choices import AgreementStatus
from liaison.core.moves import Moves
from liaison.people.models import Affiliation
from tests.agreements.factories import AgreementFactory

pytestmark = pytest.mark.django_db

MOVES = Moves(
    {
        AgreementStatus.UNDER_REVIEW: {AgreementStatus.DRAFT},
        AgreementStatus.SIGNED: {AgreementStatus.DRAFT, AgreementStatus.UNDER_REVIEW},
        AgreementStatus.COMPLETED: {AgreementStatus.SIGNED},
    }
)


def test_the_table_answers_both_ways() -> None:
    assert MOVES.into(AgreementStatus.SIGNED) == {"draft", "under_review"}
    assert MOVES.out_of(AgreementStatus.DRAFT) == {"under_review", "signed"}
    assert MOVES.final(AgreementStatus.values) >= {"completed"}
    assert "draft" not in MOVES.final(AgreementStatus.values)
    assert MOVES.allows(AgreementStatus.SIGNED, AgreementStatus.COMPLETED)
    assert not MOVES.allows(AgreementStatus.DRAFT, AgreementStatus.COMPLETED)


def test_an_illegal_move_names_the_current_wanted_and_legal_statuses() -> None:
    agreement = AgreementFactory.create()
    with pytest.raises(ValidationError) as error:
        MOVES.require(agreement, AgreementStatus.COMPLETED)
    assert error.value.code == "illegal_transition"
    assert error.value.messages == [
        "This agreement is “Draft”, so it cannot become “Completed” (only from: “Signed”)."
    ]


def test_a_legal_move_passes() -> None:
    agreement = AgreementFactory.create()
    MOVES.require(agreement, AgreementStatus.UNDER_REVIEW)
    assert MOVES.offers(agreement, AgreementStatus.SIGNED)
    assert not MOVES.offers(agreement, AgreementStatus.COMPLETED)


def test_a_status_that_follows_from_dates_is_read_by_its_function() -> None:
    def state(record: Any) -> str:
        return "ended" if record.ends_on else "current"

    moves = Moves(
        {"ended": {"current"}}, state=state, labels={"current": "Current", "ended": "Ended"}
    )
    record = Affiliation(ends_on=datetime.date(2024, 1, 1))
    assert not moves.offers(record, "ended")
    with pytest.raises(ValidationError) as error:
        moves.require(record, "ended")
    assert error.value.messages == [
        "This affiliation is “Ended”, so it cannot become “Ended” (only from: “Current”)."
    ]
    assert moves.offers(SimpleNamespace(ends_on=None), "ended")
