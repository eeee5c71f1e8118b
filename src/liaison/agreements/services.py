"""Writes to agreements: parties, the status lifecycle and payment milestones.

draft → under review → signed → in force → completed | expired | terminated
"""

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
    status_label,
)
from liaison.organizations.models import Organization

from .choices import UNSIGNED_STATUSES, AgreementStatus
from .models import Agreement, AgreementParty, PaymentMilestone, SigningEvent

if TYPE_CHECKING:
    from liaison.accounts.models import User

MIN_PARTIES_TO_SIGN = 2


@transaction.atomic
def agreement_create(
    *,
    by: User | None,
    number: str,
    title_zh: str,
    kind: str,
    parties: Iterable[tuple[Organization, str]] = (),
    **fields: Any,
) -> Agreement:
    """Record a draft agreement, with its parties and their roles."""
    refuse_unmanaged_fields(Agreement, fields)
    agreement = save_changes(
        Agreement(number=number, title_zh=title_zh, kind=kind, **fields), by=by
    )
    for organization, role in parties:
        agreement_add_party(agreement=agreement, organization=organization, role=role, by=by)
    return agreement


@transaction.atomic
def agreement_add_party(
    *, agreement: Agreement, organization: Organization, role: str, by: User | None
) -> AgreementParty:
    """Add an organization to an agreement that is not signed yet, in the given role."""
    return save_changes(
        AgreementParty(agreement=agreement, organization=organization, role=role), by=by
    )


@transaction.atomic
def agreement_submit_for_review(*, agreement: Agreement, by: User | None) -> Agreement:
    """Send a draft agreement for review."""
    require_status(agreement, wanted=AgreementStatus.UNDER_REVIEW, allowed={AgreementStatus.DRAFT})
    return save_changes(agreement, by=by, status=AgreementStatus.UNDER_REVIEW)


@transaction.atomic
def agreement_sign(
    *,
    agreement: Agreement,
    signed_on: datetime.date,
    by: User | None,
    signing_event: SigningEvent | None = None,
) -> Agreement:
    """Record that the parties signed the agreement on `signed_on`, perhaps at a ceremony."""
    require_status(agreement, wanted=AgreementStatus.SIGNED, allowed=UNSIGNED_STATUSES)
    errors = FieldErrors()
    parties = agreement.parties.count()
    if parties < MIN_PARTIES_TO_SIGN:
        errors.add(
            None,
            _("An agreement needs at least two parties to be signed; this one has %(n)s."),
            code="too_few_parties",
            params={"n": parties},
        )
    check_not_in_future(errors, "signed_on", signed_on)
    if agreement.expires_on is not None and signed_on > agreement.expires_on:
        errors.add(
            "signed_on",
            _("An agreement cannot be signed after it expires (%(expires_on)s)."),
            code="signed_after_expiry",
            params={"expires_on": agreement.expires_on.isoformat()},
        )
    return save_changes(
        agreement,
        by=by,
        errors=errors,
        status=AgreementStatus.SIGNED,
        signed_on=signed_on,
        signing_event=signing_event or agreement.signing_event,
    )


@transaction.atomic
def agreement_put_in_force(
    *, agreement: Agreement, effective_on: datetime.date, by: User | None
) -> Agreement:
    """Record that a signed agreement took effect on `effective_on`."""
    if agreement.status in UNSIGNED_STATUSES:
        raise ValidationError(
            _(
                "An agreement cannot be in force before it is signed; this one is still "
                "“%(current)s”. Record the signing first."
            ),
            code="illegal_transition",
            params={"current": status_label(agreement, agreement.status)},
        )
    require_status(agreement, wanted=AgreementStatus.IN_FORCE, allowed={AgreementStatus.SIGNED})
    errors = FieldErrors()
    if agreement.signed_on is not None and effective_on < agreement.signed_on:
        errors.add(
            "effective_on",
            _("An agreement cannot take effect before it is signed (%(signed_on)s)."),
            code="effective_before_signed",
            params={"signed_on": agreement.signed_on.isoformat()},
        )
    if agreement.expires_on is not None and effective_on > agreement.expires_on:
        errors.add(
            "effective_on",
            _("An agreement cannot take effect after it expires (%(expires_on)s)."),
            code="effective_after_expiry",
            params={"expires_on": agreement.expires_on.isoformat()},
        )
    check_not_in_future(errors, "effective_on", effective_on)
    return save_changes(
        agreement,
        by=by,
        errors=errors,
        status=AgreementStatus.IN_FORCE,
        effective_on=effective_on,
    )


def _end(
    agreement: Agreement,
    *,
    to: AgreementStatus,
    allowed: frozenset[AgreementStatus],
    ended_on: datetime.date,
    reason: str,
    by: User | None,
) -> Agreement:
    require_status(agreement, wanted=to, allowed=allowed)
    errors = FieldErrors()
    if agreement.signed_on is not None and ended_on < agreement.signed_on:
        errors.add(
            "ended_on",
            _("An agreement cannot end before it is signed (%(signed_on)s)."),
            code="ended_before_signed",
            params={"signed_on": agreement.signed_on.isoformat()},
        )
    elif agreement.effective_on is not None and ended_on < agreement.effective_on:
        errors.add(
            "ended_on",
            _("An agreement cannot end before it takes effect (%(effective_on)s)."),
            code="ended_before_effective",
            params={"effective_on": agreement.effective_on.isoformat()},
        )
    check_not_in_future(errors, "ended_on", ended_on)
    return save_changes(
        agreement, by=by, errors=errors, status=to, ended_on=ended_on, end_reason=reason.strip()
    )


@transaction.atomic
def agreement_complete(
    *, agreement: Agreement, ended_on: datetime.date, by: User | None
) -> Agreement:
    """Record that an agreement in force was carried out in full."""
    return _end(
        agreement,
        to=AgreementStatus.COMPLETED,
        allowed=frozenset({AgreementStatus.IN_FORCE}),
        ended_on=ended_on,
        reason="",
        by=by,
    )


@transaction.atomic
def agreement_expire(
    *, agreement: Agreement, ended_on: datetime.date, by: User | None
) -> Agreement:
    """Record that a signed or in-force agreement ran out."""
    return _end(
        agreement,
        to=AgreementStatus.EXPIRED,
        allowed=frozenset({AgreementStatus.SIGNED, AgreementStatus.IN_FORCE}),
        ended_on=ended_on,
        reason="",
        by=by,
    )


@transaction.atomic
def agreement_terminate(
    *, agreement: Agreement, ended_on: datetime.date, reason: str, by: User | None
) -> Agreement:
    """Record that a signed or in-force agreement was ended early, and why."""
    if not reason.strip():
        # Checked first: without a reason nothing else about the termination matters.
        raise ValidationError(
            {
                "reason": ValidationError(
                    _("Say why the agreement was terminated."), code="reason_required"
                )
            }
        )
    return _end(
        agreement,
        to=AgreementStatus.TERMINATED,
        allowed=frozenset({AgreementStatus.SIGNED, AgreementStatus.IN_FORCE}),
        ended_on=ended_on,
        reason=reason,
        by=by,
    )


@transaction.atomic
def milestone_add(
    *,
    agreement: Agreement,
    title: str,
    due_on: datetime.date,
    amount: Decimal | None = None,
    currency: str = Currency.CNY,
    by: User | None,
) -> PaymentMilestone:
    """Add a payment milestone to an agreement that has not ended."""
    milestone = PaymentMilestone(
        agreement=agreement, title=title, due_on=due_on, amount=amount, currency=currency
    )
    return save_changes(milestone, by=by)


@transaction.atomic
def milestone_mark_done(
    *, milestone: PaymentMilestone, done_on: datetime.date, by: User | None
) -> PaymentMilestone:
    """Record that a milestone of a signed agreement was met on `done_on`."""
    errors = FieldErrors()
    if milestone.done_on is not None:
        errors.add(
            "done_on",
            _("This milestone was already met on %(done_on)s."),
            code="already_done",
            params={"done_on": milestone.done_on.isoformat()},
        )
    check_not_in_future(errors, "done_on", done_on)
    return save_changes(milestone, by=by, errors=errors, done_on=done_on)
