"""Writes to financing rounds: announcement with investors, closing and cancellation."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from liaison.core import permissions, writes
from liaison.core.choices import Currency
from liaison.core.lifecycle import (
    FieldErrors,
    check_not_in_future,
    refuse_unmanaged_fields,
    save_changes,
)
from liaison.core.writes import create_record, delete_record, update_record
from liaison.organizations.models import Organization

from .choices import ROUND_MOVES, ROUND_OPEN, RoundStatus
from .models import FinancingRound, RoundInvestor

if TYPE_CHECKING:
    from liaison.accounts.models import User

CNY_RATE = Decimal(1)


def _check_round(errors: FieldErrors, values: Mapping[str, Any]) -> None:
    """What a round's own fields must say, on creation and on every correction."""
    if values.get("currency") == Currency.CNY and values.get("cny_rate", CNY_RATE) != CNY_RATE:
        errors.add("cny_rate", _("The rate of the yuan to itself is 1."), code="cny_rate_one")
    amount = values.get("amount")
    if amount is not None and amount <= 0:
        errors.add("amount", _("The amount must be more than zero."), code="amount")
    check_not_in_future(errors, "announced_on", values.get("announced_on"))


def _check_stakes(
    errors: FieldErrors, field: str | None, round_amount: Decimal | None, stakes: Decimal
) -> None:
    if round_amount is not None and stakes > round_amount:
        errors.add(
            field,
            _("The investors' amounts add up to %(stakes)s, more than the round's %(amount)s."),
            code="stakes_exceed_round",
            params={"stakes": stakes, "amount": round_amount},
        )


def _stakes_of(financing_round: FinancingRound, *, besides: RoundInvestor | None = None) -> Decimal:
    """The investors' amounts in the round, `besides` left out."""
    investors = financing_round.round_investors.exclude(amount__isnull=True)
    if besides is not None and besides.pk is not None:
        investors = investors.exclude(pk=besides.pk)
    return sum((i.amount for i in investors if i.amount is not None), Decimal(0))


# Rounds ----------------------------------------------------------------------------------------


@transaction.atomic
def round_create(
    *,
    by: User | None,
    investors: Iterable[tuple[Organization, Decimal | None, bool]] = (),
    **fields: Any,
) -> FinancingRound:
    """Record an announced financing round with its investors, their stakes and the leads."""
    refuse_unmanaged_fields(FinancingRound, fields)
    errors = FieldErrors()
    _check_round(errors, {"currency": FinancingRound().currency, **fields})
    rows = list(investors)
    stakes = sum((amount for _org, amount, _lead in rows if amount is not None), Decimal(0))
    _check_stakes(errors, None, fields.get("amount"), stakes)
    for organization, amount, _lead in rows:
        if amount is not None and amount <= 0:
            errors.add(
                None,
                _("The amount of %(investor)s must be more than zero."),
                code="investor_amount",
                params={"investor": str(organization)},
            )
    financing_round = create_record(FinancingRound, by=by, errors=errors, **fields)
    for organization, amount, is_lead in rows:
        try:
            create_record(
                RoundInvestor,
                by=by,
                round=financing_round,
                organization=organization,
                amount=amount,
                is_lead=is_lead,
            )
        except ValidationError as error:
            raise ValidationError(
                _("Investor %(investor)s: %(problem)s"),
                code="invalid_investor",
                params={"investor": str(organization), "problem": " ".join(error.messages)},
            ) from error
    return financing_round


@transaction.atomic
def round_update(
    *, round: FinancingRound, by: User | None, version: int | None = None, **fields: Any
) -> FinancingRound:
    """Correct a round's fields, checked as when it was recorded; its status moves by its steps."""
    refuse_unmanaged_fields(FinancingRound, fields)
    errors = FieldErrors()
    changed = {
        name: fields.get(name, getattr(round, name))
        for name in ("currency", "cny_rate", "amount", "announced_on")
    }
    _check_round(errors, changed)
    _check_stakes(errors, "amount", changed["amount"], _stakes_of(round))
    return update_record(round, by=by, version=version, errors=errors, **fields)


@transaction.atomic
def round_delete(*, round: FinancingRound, by: User | None, version: int | None = None) -> None:
    """Delete a round recorded by mistake; a closed round keeps its record."""
    refusal = None
    if round.status == RoundStatus.CLOSED:
        refusal = _(
            "A round that has closed keeps its record: if it was recorded wrongly, correct "
            "its fields instead."
        )
    delete_record(round, by=by, version=version, refusal=refusal)


@transaction.atomic
def round_close(
    *, round: FinancingRound, closed_on: datetime.date, by: User | None
) -> FinancingRound:
    """Record that an announced round closed, its money committed, on `closed_on`."""
    ROUND_MOVES.require(round, RoundStatus.CLOSED)
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
    ROUND_MOVES.require(round, RoundStatus.CANCELLED)
    return save_changes(round, by=by, status=RoundStatus.CANCELLED, cancel_reason=reason.strip())


# Investors -------------------------------------------------------------------------------------


def _check_round_open(errors: FieldErrors, financing_round: FinancingRound) -> None:
    if financing_round.status not in ROUND_OPEN:
        errors.add(
            "round",
            _("This round is “%(status)s”: its investors are kept as they were."),
            code="round_ended",
            params={"status": financing_round.get_status_display()},
        )


def _check_investor_amount(errors: FieldErrors, amount: Decimal | None) -> None:
    if amount is not None and amount <= 0:
        errors.add("amount", _("The amount must be more than zero."), code="amount")


@transaction.atomic
def roundinvestor_create(
    *,
    round: FinancingRound,
    organization: Organization,
    amount: Decimal | None = None,
    is_lead: bool = False,
    by: User | None,
) -> RoundInvestor:
    """Add an investor to a round still announced, its stake within the round's amount."""
    errors = FieldErrors()
    _check_round_open(errors, round)
    _check_investor_amount(errors, amount)
    if amount is not None:
        _check_stakes(errors, "amount", round.amount, _stakes_of(round) + amount)
    return create_record(
        RoundInvestor,
        by=by,
        errors=errors,
        round=round,
        organization=organization,
        amount=amount,
        is_lead=is_lead,
    )


@transaction.atomic
def roundinvestor_update(
    *, investor: RoundInvestor, by: User | None, version: int | None = None, **fields: Any
) -> RoundInvestor:
    """Correct an investor of a round still announced, its stake within the round's amount."""
    errors = FieldErrors()
    financing_round = fields.get("round", investor.round)
    _check_round_open(errors, financing_round)
    if financing_round != investor.round:
        _check_round_open(errors, investor.round)
    amount = fields.get("amount", investor.amount)
    _check_investor_amount(errors, amount)
    if amount is not None:
        _check_stakes(
            errors,
            "amount",
            financing_round.amount,
            _stakes_of(financing_round, besides=investor) + amount,
        )
    return update_record(investor, by=by, version=version, errors=errors, **fields)


@transaction.atomic
def roundinvestor_delete(
    *, investor: RoundInvestor, by: User | None, version: int | None = None
) -> None:
    """Remove an investor named by mistake; the investors of a closed round are its record."""
    refusal = None
    if investor.round.status == RoundStatus.CLOSED:
        refusal = _(
            "%(investor)s invested in a round that has closed, which keeps its investors as "
            "they were."
        ) % {"investor": str(investor.organization)}
    delete_record(investor, by=by, version=version, refusal=refusal)


writes.register(
    FinancingRound, create=round_create, update=round_update, delete=round_delete, target="round"
)
writes.register(
    RoundInvestor,
    create=roundinvestor_create,
    update=roundinvestor_update,
    delete=roundinvestor_delete,
    target="investor",
)

permissions.scoped(
    FinancingRound,
    organization="venture",
    center="achievement__center",
    own="achievement__inventors__user",
    hidden={"amount": "confidentiality"},
)
permissions.scoped(
    RoundInvestor,
    organization="round__venture",
    center="round__achievement__center",
    hidden={"amount": "round__confidentiality"},
)
