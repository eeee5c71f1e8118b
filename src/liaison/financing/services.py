"""Writes to financing rounds: announcement with investors, closing and cancellation."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from liaison.core.choices import Currency
from liaison.core.lifecycle import (
    FieldErrors,
    check_not_in_future,
    refuse_unmanaged_fields,
    require_status,
    save_changes,
)
from liaison.organizations.models import Organization

from .choices import RoundStatus
from .models import FinancingRound, RoundInvestor

if TYPE_CHECKING:
    from liaison.accounts.models import User

CNY_RATE = Decimal(1)


@transaction.atomic
def round_create(
    *,
    by: User | None,
    investors: Iterable[tuple[Organization, Decimal | None, bool]] = (),
    **fields: Any,
) -> FinancingRound:
    """Record an announced financing round with its investors, their stakes and the leads."""
    refuse_unmanaged_fields(FinancingRound, fields)
    financing_round = FinancingRound(**fields)
    errors = FieldErrors()
    if financing_round.currency == Currency.CNY and financing_round.cny_rate != CNY_RATE:
        errors.add("cny_rate", _("The rate of the yuan to itself is 1."), code="cny_rate_one")
    if financing_round.amount is not None and financing_round.amount <= 0:
        errors.add("amount", _("The amount must be more than zero."), code="amount")
    check_not_in_future(errors, "announced_on", financing_round.announced_on)
    rows = list(investors)
    stakes = sum((amount for _org, amount, _lead in rows if amount is not None), Decimal(0))
    if financing_round.amount is not None and stakes > financing_round.amount:
        errors.add(
            None,
            _("The investors' amounts add up to %(stakes)s, more than the round's %(amount)s."),
            code="stakes_exceed_round",
            params={"stakes": stakes, "amount": financing_round.amount},
        )
    for organization, amount, _lead in rows:
        if amount is not None and amount <= 0:
            errors.add(
                None,
                _("The amount of %(investor)s must be more than zero."),
                code="investor_amount",
                params={"investor": str(organization)},
            )
    save_changes(financing_round, by=by, errors=errors)
    for organization, amount, is_lead in rows:
        investor = RoundInvestor(
            round=financing_round, organization=organization, amount=amount, is_lead=is_lead
        )
        try:
            save_changes(investor, by=by)
        except ValidationError as error:
            raise ValidationError(
                _("Investor %(investor)s: %(problem)s"),
                code="invalid_investor",
                params={"investor": str(organization), "problem": " ".join(error.messages)},
            ) from error
    return financing_round


@transaction.atomic
def round_close(
    *, round: FinancingRound, closed_on: datetime.date, by: User | None
) -> FinancingRound:
    """Record that an announced round closed, its money committed, on `closed_on`."""
    require_status(round, wanted=RoundStatus.CLOSED, allowed={RoundStatus.ANNOUNCED})
    errors = FieldErrors()
    if closed_on < round.announced_on:
        errors.add(
            "closed_on",
            _("A round cannot close before it is announced (%(announced_on)s)."),
            code="closed_before_announced",
            params={"announced_on": round.announced_on.isoformat()},
        )
    check_not_in_future(errors, "closed_on", closed_on)
    return save_changes(round, by=by, errors=errors, status=RoundStatus.CLOSED, closed_on=closed_on)


@transaction.atomic
def round_cancel(*, round: FinancingRound, by: User | None, reason: str = "") -> FinancingRound:
    """Record that an announced round will not happen, and why if known."""
    require_status(round, wanted=RoundStatus.CANCELLED, allowed={RoundStatus.ANNOUNCED})
    return save_changes(round, by=by, status=RoundStatus.CANCELLED, cancel_reason=reason.strip())
