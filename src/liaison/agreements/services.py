"""Writes to agreements: the agreement and its status lifecycle, its parties, payment
milestones and attachments, and signing events.

draft → under review → signed → in force → completed | expired | terminated
(the table is `AGREEMENT_MOVES` in choices.py)

What was signed stays as signed: an agreement that has been signed is ended through its
lifecycle, never deleted; its parties are fixed; its met milestones and the files it was
signed with are kept.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext as _

from liaison.core import permissions, writes
from liaison.core.choices import Currency
from liaison.core.lifecycle import (
    FieldErrors,
    check_not_in_future,
    require_version,
    save_changes,
    status_label,
)
from liaison.core.writes import create_record, delete_record, referred_to_by, update_record
from liaison.organizations.models import Organization

from .choices import (
    AGREEMENT_MOVES,
    ENDED_STATUSES,
    SIGNED_STATUSES,
    UNSIGNED_STATUSES,
    AgreementStatus,
    RegistrationStatus,
)
from .models import (
    Agreement,
    AgreementAttachment,
    AgreementParty,
    ContractRegistration,
    PaymentMilestone,
    SigningEvent,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from liaison.accounts.models import User

MIN_PARTIES_TO_SIGN = 2


def _refuse_parties_as_field(fields: dict[str, Any]) -> None:
    if "organizations" in fields:
        # The parties are records of their own, with their rules: added with agreement_add_party.
        raise TypeError("Agreement.organizations is set through the party services, not by callers")


# Agreements ------------------------------------------------------------------------------


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
    _refuse_parties_as_field(fields)
    errors = FieldErrors()
    _check_technical_income(errors, fields)
    agreement = create_record(
        Agreement, by=by, errors=errors, number=number, title_zh=title_zh, kind=kind, **fields
    )
    for organization, role in parties:
        agreement_add_party(agreement=agreement, organization=organization, role=role, by=by)
    return agreement


@transaction.atomic
def agreement_update(
    *, agreement: Agreement, by: User | None, version: int | None = None, **fields: Any
) -> Agreement:
    """Change an agreement's own fields; its status and dates move only through its steps."""
    _refuse_parties_as_field(fields)
    errors = FieldErrors()
    _check_technical_income(errors, fields, agreement)
    _check_registered(errors, fields, agreement)
    return update_record(agreement, by=by, version=version, errors=errors, **fields)


def _check_registered(errors: FieldErrors, fields: dict[str, Any], agreement: Agreement) -> None:
    """A registered contract's number and approved technical income are the certificate's,
    recorded with its registration: not changed here, so the two never disagree."""
    registration = ContractRegistration.objects.filter(
        agreement=agreement, status=RegistrationStatus.REGISTERED
    ).first()
    if registration is None:
        return
    certified = {
        "registration_number": registration.registration_number,
        "technical_income": registration.approved_income,
    }
    for name, value in certified.items():
        if name in fields and fields[name] != value:
            errors.add(
                name,
                _("Set by the contract's registration (%(number)s), as its certificate states.")
                % {"number": registration.registration_number},
                code="set_by_registration",
            )


def _check_technical_income(
    errors: FieldErrors, fields: dict[str, Any], agreement: Agreement | None = None
) -> None:
    """The approved technical income is a part of the contract's value, never more."""
    income = fields.get("technical_income", getattr(agreement, "technical_income", None))
    value = fields.get("value", getattr(agreement, "value", None))
    if income is not None and value is not None and income > value:
        errors.add(
            "technical_income",
            _("The technical income is a part of the contract's value (%(value)s), not more.")
            % {"value": value},
            code="income_above_value",
        )


@transaction.atomic
def agreement_delete(*, agreement: Agreement, by: User | None, version: int | None = None) -> None:
    """Delete an agreement that was never signed, with its parties, milestones and attachments.

    A signed agreement keeps its record: it is ended with Complete, Expire or Terminate.
    """
    refusal: StrOrPromise | None = None
    if agreement.status in ENDED_STATUSES:
        refusal = _(
            "An agreement that has been signed keeps its record, also once it has ended "
            "(this one is “%(current)s”)."
        ) % {"current": agreement.get_status_display()}
    elif agreement.status in SIGNED_STATUSES:
        refusal = _(
            "An agreement that has been signed keeps its record: end it with Complete, "
            "Expire or Terminate instead."
        )
    else:
        refusal = referred_to_by(agreement)
    if refusal:
        raise ValidationError(refusal, code="not_deletable")
    # Checked before its rows go, each through its own service so each history row names
    # the author.
    require_version(agreement, version)
    for party in agreement.parties.all():
        party_delete(party=party, by=by)
    for milestone in agreement.milestones.all():
        milestone_delete(milestone=milestone, by=by)
    for attachment in agreement.attachments.all():
        attachment_delete(attachment=attachment, by=by)
    delete_record(agreement, by=by)


# Parties: fixed once the agreement is signed ---------------------------------------------


def _check_parties_open(errors: FieldErrors, agreement: Agreement | None) -> None:
    if agreement is not None and agreement.status not in UNSIGNED_STATUSES:
        errors.add(
            None,
            _(
                "The parties of an agreement are fixed once it is signed; this one is “%(current)s”."
            ),
            code="parties_fixed",
            params={"current": agreement.get_status_display()},
        )


@transaction.atomic
def party_create(*, by: User | None, **fields: Any) -> AgreementParty:
    """Add an organization to an agreement that is not signed yet."""
    errors = FieldErrors()
    _check_parties_open(errors, fields.get("agreement"))
    return create_record(AgreementParty, by=by, errors=errors, **fields)


@transaction.atomic
def agreement_add_party(
    *,
    agreement: Agreement,
    organization: Organization,
    role: str,
    by: User | None,
    signatory: str = "",
) -> AgreementParty:
    """Add an organization to an agreement that is not signed yet, in the given role."""
    return party_create(
        by=by, agreement=agreement, organization=organization, role=role, signatory=signatory
    )


@transaction.atomic
def party_update(
    *, party: AgreementParty, by: User | None, version: int | None = None, **fields: Any
) -> AgreementParty:
    """Change a party of an agreement that is not signed yet (or move it to another such).

    Once the agreement is signed, who the parties are and in which role stays as signed; the
    name of the person who signed for a party may still be recorded or corrected.
    """
    errors = FieldErrors()
    signed_as = {
        "agreement": party.agreement,
        "organization": party.organization,
        "role": party.role,
    }
    if any(name in fields and fields[name] != value for name, value in signed_as.items()):
        _check_parties_open(errors, party.agreement)
    moved_to = fields.get("agreement")
    if not errors and moved_to is not None and moved_to.pk != party.agreement_id:
        _check_parties_open(errors, moved_to)
    return update_record(party, by=by, version=version, errors=errors, **fields)


@transaction.atomic
def party_delete(*, party: AgreementParty, by: User | None, version: int | None = None) -> None:
    """Remove a party from an agreement that is not signed yet."""
    agreement = party.agreement
    delete_record(
        party,
        by=by,
        version=version,
        refusal=_(
            "The parties of an agreement are fixed once it is signed; this one is “%(current)s”."
        )
        % {"current": agreement.get_status_display()}
        if agreement.status not in UNSIGNED_STATUSES
        else None,
    )


@transaction.atomic
def agreement_submit_for_review(*, agreement: Agreement, by: User | None) -> Agreement:
    """Send a draft agreement for review."""
    AGREEMENT_MOVES.require(agreement, AgreementStatus.UNDER_REVIEW)
    return save_changes(agreement, by=by, status=AgreementStatus.UNDER_REVIEW)


# What the apps above require before an agreement is signed (the transfer app: a transfer's
# price notice has ended). Each is called with the agreement, the signing date and the
# `FieldErrors` to add its refusals to.
SIGNING_CHECKS: list[Callable[..., None]] = []


@transaction.atomic
def agreement_sign(
    *,
    agreement: Agreement,
    signed_on: datetime.date,
    by: User | None,
    signing_event: SigningEvent | None = None,
) -> Agreement:
    """Record that the parties signed the agreement on `signed_on`, perhaps at a ceremony."""
    AGREEMENT_MOVES.require(agreement, AgreementStatus.SIGNED)
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
    for check in SIGNING_CHECKS:
        check(agreement=agreement, signed_on=signed_on, errors=errors)
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
    AGREEMENT_MOVES.require(agreement, AgreementStatus.IN_FORCE)
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
    ended_on: datetime.date,
    reason: str,
    by: User | None,
) -> Agreement:
    AGREEMENT_MOVES.require(agreement, to)
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
        ended_on=ended_on,
        reason=reason,
        by=by,
    )


# Payment milestones: none added to an ended agreement; a met one is kept --------------------


def _check_milestone(
    errors: FieldErrors,
    *,
    agreement: Agreement | None,
    joins: bool,
    done_on: datetime.date | None,
    done_changed: bool,
) -> None:
    """The rules a milestone's agreement sets: `joins` when it is added to `agreement`."""
    if agreement is None:
        return
    if joins and agreement.status in ENDED_STATUSES:
        errors.add(
            None,
            _("An agreement that has ended (“%(current)s”) takes no new milestones."),
            code="agreement_ended",
            params={"current": agreement.get_status_display()},
        )
    if done_on is None or not (done_changed or joins):
        return
    if agreement.status not in SIGNED_STATUSES:
        errors.add(
            None,
            _(
                "A milestone can be met only once its agreement is signed; this one is “%(current)s”."
            ),
            code="agreement_not_signed",
            params={"current": agreement.get_status_display()},
        )
    elif agreement.signed_on is not None and done_on < agreement.signed_on:
        errors.add(
            "done_on",
            _("A milestone cannot be met before its agreement is signed (%(signed_on)s)."),
            code="done_before_signed",
            params={"signed_on": agreement.signed_on.isoformat()},
        )
    if not errors.has("done_on"):
        check_not_in_future(errors, "done_on", done_on)


@transaction.atomic
def milestone_create(*, by: User | None, **fields: Any) -> PaymentMilestone:
    """Add a payment milestone to an agreement that has not ended."""
    errors = FieldErrors()
    _check_milestone(
        errors,
        agreement=fields.get("agreement"),
        joins=True,
        done_on=fields.get("done_on"),
        done_changed=True,
    )
    return create_record(PaymentMilestone, by=by, errors=errors, **fields)


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
    return milestone_create(
        by=by, agreement=agreement, title=title, due_on=due_on, amount=amount, currency=currency
    )


@transaction.atomic
def milestone_update(
    *, milestone: PaymentMilestone, by: User | None, version: int | None = None, **fields: Any
) -> PaymentMilestone:
    """Change a milestone; moved to another agreement, that one must not have ended."""
    errors = FieldErrors()
    agreement = fields.get("agreement", milestone.agreement)
    joins = agreement is not None and agreement.pk != milestone.agreement_id
    done_on = fields.get("done_on", milestone.done_on)
    _check_milestone(
        errors,
        agreement=agreement,
        joins=joins,
        done_on=done_on,
        done_changed=done_on != milestone.done_on,
    )
    return update_record(milestone, by=by, version=version, errors=errors, **fields)


@transaction.atomic
def milestone_delete(
    *, milestone: PaymentMilestone, by: User | None, version: int | None = None
) -> None:
    """Delete a milestone entered by mistake; one that was met stays in the agreement's payments."""
    delete_record(
        milestone,
        by=by,
        version=version,
        refusal=_(
            "A milestone that has been met (on %(done_on)s) keeps its record: it is part of "
            "the agreement's payments."
        )
        % {"done_on": milestone.done_on.isoformat()}
        if milestone.done_on is not None
        else None,
    )


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
    _check_milestone(
        errors, agreement=milestone.agreement, joins=False, done_on=done_on, done_changed=True
    )
    return save_changes(milestone, by=by, errors=errors, done_on=done_on)


# Attachments: the files an agreement was signed with are kept --------------------------------


def _signed_with(attachment: AgreementAttachment) -> bool:
    """Whether `attachment` was part of its agreement when the agreement was recorded as signed.

    Files added later (a scan of the signed copy, a report) may still be corrected; without
    the history to tell, every file of a signed agreement counts as signed with it.
    """
    agreement = attachment.agreement
    if agreement.status not in SIGNED_STATUSES:
        return False
    signed_at = (
        agreement.history.filter(status__in=SIGNED_STATUSES)
        .order_by("history_date")
        .values_list("history_date", flat=True)
        .first()
    )
    return signed_at is None or attachment.created_at <= signed_at


def _signed_with_message(attachment: AgreementAttachment) -> str:
    return _(
        "“%(title)s” was part of the agreement when it was signed and is kept as it is: "
        "add a corrected file as a new attachment instead."
    ) % {"title": attachment.title}


@transaction.atomic
def attachment_create(*, by: User | None, **fields: Any) -> AgreementAttachment:
    """Attach a file to an agreement."""
    return create_record(AgreementAttachment, by=by, **fields)


@transaction.atomic
def attachment_update(
    *,
    attachment: AgreementAttachment,
    by: User | None,
    version: int | None = None,
    **fields: Any,
) -> AgreementAttachment:
    """Retitle an attachment; a file its agreement was signed with is not replaced or moved."""
    errors = FieldErrors()
    if _signed_with(attachment):
        new_file = fields.get("file", attachment.file)
        if not (isinstance(new_file, FieldFile) and new_file.name == attachment.file.name):
            errors.add("file", _signed_with_message(attachment), code="signed_with")
        moved_to = fields.get("agreement")
        if moved_to is not None and moved_to.pk != attachment.agreement_id:
            errors.add("agreement", _signed_with_message(attachment), code="signed_with")
    return update_record(attachment, by=by, version=version, errors=errors, **fields)


@transaction.atomic
def attachment_delete(
    *, attachment: AgreementAttachment, by: User | None, version: int | None = None
) -> None:
    """Delete an attachment, unless its agreement was signed with it."""
    delete_record(
        attachment,
        by=by,
        version=version,
        refusal=_signed_with_message(attachment) if _signed_with(attachment) else None,
    )


# Signing events --------------------------------------------------------------------------


@transaction.atomic
def signing_event_create(*, by: User | None, **fields: Any) -> SigningEvent:
    """Record a ceremony, held or planned."""
    return create_record(SigningEvent, by=by, **fields)


@transaction.atomic
def signing_event_update(
    *, signing_event: SigningEvent, by: User | None, version: int | None = None, **fields: Any
) -> SigningEvent:
    """Change a ceremony's title, date, place or description."""
    return update_record(signing_event, by=by, version=version, **fields)


@transaction.atomic
def signing_event_delete(
    *, signing_event: SigningEvent, by: User | None, version: int | None = None
) -> None:
    """Delete a ceremony entered by mistake; refused while agreements, centers or
    appointments name it."""
    delete_record(signing_event, by=by, version=version, refusal=referred_to_by(signing_event))


writes.register(
    Agreement,
    create=agreement_create,
    update=agreement_update,
    delete=agreement_delete,
    target="agreement",
)
writes.register(
    AgreementParty, create=party_create, update=party_update, delete=party_delete, target="party"
)
writes.register(
    PaymentMilestone,
    create=milestone_create,
    update=milestone_update,
    delete=milestone_delete,
    target="milestone",
)
writes.register(
    AgreementAttachment,
    create=attachment_create,
    update=attachment_update,
    delete=attachment_delete,
    target="attachment",
)
writes.register(
    SigningEvent,
    create=signing_event_create,
    update=signing_event_update,
    delete=signing_event_delete,
    target="signing_event",
)

permissions.scoped(
    Agreement,
    organization="organizations",
    center="founded_centers",
    hidden={"value": "confidentiality", "technical_income": "confidentiality"},
)
permissions.scoped(
    AgreementParty,
    organization="agreement__organizations",
    center="agreement__founded_centers",
)
permissions.scoped(
    PaymentMilestone,
    organization="agreement__organizations",
    center="agreement__founded_centers",
    hidden={"amount": "agreement__confidentiality"},
)
permissions.scoped(
    AgreementAttachment,
    organization="agreement__organizations",
    center="agreement__founded_centers",
)
permissions.scoped(SigningEvent, organization="agreements__organizations", center="centers")
