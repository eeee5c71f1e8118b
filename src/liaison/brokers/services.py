"""Writes to technology brokers: the broker, the deals they are party to, the commission paid
on them, and the needs they introduced.

A broker is a person or an organization acting as intermediary, never both. A broker is a
party to an agreement through an engagement, and an organization broker is also one of the
agreement's parties in the role of intermediary (`PartyRole.INTERMEDIARY`), made with the
engagement while the agreement is open, and required once it is signed.

A broker's commission is paid only on agreements they are party to (`commission_pay`), once
the agreement is signed, dated from its signing to today, and never beyond what was agreed.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from liaison.agreements.choices import UNSIGNED_STATUSES, PartyRole
from liaison.agreements.models import Agreement, AgreementParty
from liaison.agreements.services import party_create
from liaison.core import permissions, writes
from liaison.core.lifecycle import (
    FieldErrors,
    check_not_in_future,
    refuse_unmanaged_fields,
    require_version,
    save_changes,
)
from liaison.core.money import CENT
from liaison.core.writes import create_record, delete_record, update_record
from liaison.needs.models import TechnicalNeed

from .choices import BROKER_MOVES, BrokerStatus, CertificateLevel, CommissionBasis
from .models import Broker, BrokerEngagement, CommissionPayment, Introduction

if TYPE_CHECKING:
    from liaison.accounts.models import User

HUNDRED = Decimal(100)


# Brokers -----------------------------------------------------------------------------------


def _check_broker(errors: FieldErrors, values: dict[str, Any]) -> None:
    person, organization = values.get("person"), values.get("organization")
    if (person is None) == (organization is None):
        message = _(
            "A broker is a person or an organization acting as intermediary: name exactly one."
        )
        errors.add("person", message, code="person_or_organization")
        errors.add("organization", message, code="person_or_organization")
    if organization is not None and organization.is_institute:
        errors.add(
            "organization",
            _("The institute is not its own intermediary."),
            code="institute_not_a_broker",
        )
    level = values.get("certificate_level") or CertificateLevel.NONE
    if level != CertificateLevel.NONE and not (values.get("certificate_number") or "").strip():
        errors.add(
            "certificate_number",
            _("A certified broker's certificate has a number."),
            code="certificate_number_missing",
        )
    if level == CertificateLevel.NONE and (
        (values.get("certificate_number") or "").strip() or values.get("certificate_issued_on")
    ):
        errors.add(
            "certificate_level",
            _("A certificate is recorded with its level."),
            code="certificate_level_missing",
        )
    check_not_in_future(errors, "certificate_issued_on", values.get("certificate_issued_on"))


BROKER_CHECKED = (
    "person",
    "organization",
    "certificate_level",
    "certificate_number",
    "certificate_issued_on",
)


@transaction.atomic
def broker_create(*, by: User | None, **fields: Any) -> Broker:
    """Record a technology broker: a person, or an organization acting as intermediary."""
    errors = FieldErrors()
    _check_broker(errors, fields)
    return create_record(Broker, by=by, errors=errors, **fields)


@transaction.atomic
def broker_update(
    *, broker: Broker, by: User | None, version: int | None = None, **fields: Any
) -> Broker:
    """Change a broker's certificate, fields, terms or notes; who the broker is stays once they
    have deals or introductions."""
    values = {name: getattr(broker, name) for name in BROKER_CHECKED}
    values.update(fields)
    errors = FieldErrors()
    _check_broker(errors, values)
    has_record = broker.engagements.exists() or broker.introductions.exists()
    for name in ("person", "organization"):
        if name in fields and fields[name] != getattr(broker, name) and has_record:
            errors.add(
                name,
                _("This broker has deals or introductions on record: who they are stays."),
                code="broker_fixed",
            )
    return update_record(broker, by=by, version=version, errors=errors, **fields)


@transaction.atomic
def broker_delete(*, broker: Broker, by: User | None, version: int | None = None) -> None:
    """Delete a broker entered by mistake; one with a record is made inactive instead."""
    refusal = None
    if broker.engagements.exists() or broker.introductions.exists():
        refusal = _(
            "This broker has deals or introductions on record, so they keep it: make them "
            "inactive instead."
        )
    delete_record(broker, by=by, version=version, refusal=refusal)


@transaction.atomic
def broker_deactivate(*, broker: Broker, by: User | None) -> Broker:
    """The broker no longer works with the office; their record stays."""
    BROKER_MOVES.require(broker, BrokerStatus.INACTIVE)
    return save_changes(broker, by=by, status=BrokerStatus.INACTIVE)


@transaction.atomic
def broker_reactivate(*, broker: Broker, by: User | None) -> Broker:
    """The broker works with the office again."""
    BROKER_MOVES.require(broker, BrokerStatus.ACTIVE)
    return save_changes(broker, by=by, status=BrokerStatus.ACTIVE)


# Engagements -------------------------------------------------------------------------------


def agreed_commission(
    basis: str, rate: Decimal | None, fixed: Decimal | None, agreement: Agreement
) -> Decimal | None:
    """The commission agreed: the fixed amount, or the rate of the agreement's value once it
    is known (None until then)."""
    if basis == CommissionBasis.FIXED:
        return fixed
    if rate is None or agreement.value is None:
        return None
    return (agreement.value * rate / HUNDRED).quantize(CENT, rounding=ROUND_HALF_UP)


def intermediary_party(broker: Broker, agreement: Agreement) -> AgreementParty | None:
    """An organization broker's party to `agreement`, in whatever role; None for a person."""
    if broker.organization_id is None:
        return None
    return AgreementParty.objects.filter(
        agreement=agreement, organization_id=broker.organization_id
    ).first()


def _check_engagement(errors: FieldErrors, values: dict[str, Any]) -> None:
    # A missing rate or amount is the model's to say (`BrokerEngagement.clean`).
    basis = values.get("basis")
    rate, fixed = values.get("commission_rate"), values.get("commission_fixed")
    if basis == CommissionBasis.RATE:
        if fixed is not None:
            errors.add(
                "commission_fixed",
                _("A commission on a rate has no fixed amount."),
                code="fixed_with_rate",
            )
    elif basis == CommissionBasis.FIXED and rate is not None:
        errors.add(
            "commission_rate",
            _("A fixed commission has no rate."),
            code="rate_with_fixed",
        )
    broker, agreement = values.get("broker"), values.get("agreement")
    need = values.get("need")
    if (
        broker is not None
        and need is not None
        and not Introduction.objects.filter(broker=broker, need=need).exists()
    ):
        errors.add(
            "need",
            _("%(broker)s did not introduce this need: record the introduction first."),
            code="need_not_introduced",
            params={"broker": str(broker)},
        )
    if (
        basis == CommissionBasis.RATE
        and agreement is not None
        and values.get("currency") not in (None, agreement.currency)
    ):
        errors.add(
            "currency",
            _("A commission on a rate is paid in the agreement's currency, %(currency)s."),
            code="currency_not_agreement",
            params={"currency": agreement.currency},
        )


def _check_party(errors: FieldErrors, broker: Broker, agreement: Agreement) -> bool:
    """For an organization broker: whether the engagement must make their intermediary party
    (the agreement is open and they are no party yet); refuses one that cannot be."""
    if broker.organization_id is None:
        return False
    party = intermediary_party(broker, agreement)
    if party is not None:
        if party.role != PartyRole.INTERMEDIARY:
            errors.add(
                "agreement",
                _(
                    "%(organization)s is a party to this agreement as “%(role)s”, not as its "
                    "intermediary."
                ),
                code="party_in_another_role",
                params={"organization": str(broker), "role": party.get_role_display()},
            )
        return False
    if agreement.status not in UNSIGNED_STATUSES:
        errors.add(
            "agreement",
            _(
                "This agreement is signed and %(organization)s is not among its parties: an "
                "organization brokers an agreement as one of its parties, the intermediary."
            ),
            code="not_a_party",
            params={"organization": str(broker)},
        )
        return False
    return True


@transaction.atomic
def engagement_create(*, by: User | None, **fields: Any) -> BrokerEngagement:
    """Make a broker a party to an agreement as its intermediary, with the commission agreed;
    an organization broker becomes one of the agreement's parties in that role."""
    errors = FieldErrors()
    values = {"basis": CommissionBasis.RATE, **fields}
    broker, agreement = values.get("broker"), values.get("agreement")
    if broker is not None and agreement is not None:
        if "currency" not in fields and values["basis"] == CommissionBasis.RATE:
            fields["currency"] = values["currency"] = agreement.currency
        if broker.status != BrokerStatus.ACTIVE:
            errors.add(
                "broker",
                _("%(broker)s is inactive: reactivate them to record a new deal."),
                code="broker_inactive",
                params={"broker": str(broker)},
            )
        make_party = _check_party(errors, broker, agreement)
    else:
        make_party = False
    _check_engagement(errors, values)
    amount = None
    if agreement is not None and not errors:
        amount = agreed_commission(
            values["basis"],
            values.get("commission_rate"),
            values.get("commission_fixed"),
            agreement,
        )
    refuse_unmanaged_fields(BrokerEngagement, fields)
    engagement = save_changes(
        BrokerEngagement(), by=by, errors=errors, commission_amount=amount, **fields
    )
    if make_party:
        assert broker is not None
        assert broker.organization is not None
        party_create(
            by=by,
            agreement=agreement,
            organization=broker.organization,
            role=PartyRole.INTERMEDIARY,
        )
    return engagement


def paid_total(engagement: BrokerEngagement, *, excluding: int | None = None) -> Decimal:
    """What was paid on `engagement` so far (leaving out the payment `excluding`)."""
    payments = engagement.payments.all()
    if excluding is not None:
        payments = payments.exclude(pk=excluding)
    return payments.aggregate(total=Sum("amount"))["total"] or Decimal(0)


@transaction.atomic
def engagement_update(
    *,
    brokerengagement: BrokerEngagement,
    by: User | None,
    version: int | None = None,
    **fields: Any,
) -> BrokerEngagement:
    """Change the commission agreed or the note; the broker and the agreement stay."""
    engagement = brokerengagement
    errors = FieldErrors()
    for name in ("broker", "agreement"):
        if name in fields and fields[name] != getattr(engagement, name):
            errors.add(
                name,
                _("An engagement stays with its broker and its agreement."),
                code="moved",
            )
    values = {
        name: getattr(engagement, name)
        for name in ("broker", "agreement", "basis", "commission_rate", "commission_fixed")
    }
    values["currency"] = engagement.currency
    values["need"] = engagement.need
    values.update(fields)
    _check_engagement(errors, values)
    amount = None
    if not errors:
        amount = agreed_commission(
            values["basis"],
            values["commission_rate"],
            values["commission_fixed"],
            engagement.agreement,
        )
        paid = paid_total(engagement)
        if paid and (amount is None or amount < paid):
            errors.add(
                "commission_rate"
                if values["basis"] == CommissionBasis.RATE
                else "commission_fixed",
                _(
                    "%(paid)s has been paid on this engagement already: the commission agreed "
                    "cannot be less."
                ),
                code="below_paid",
                params={"paid": f"{paid} {engagement.currency}"},
            )
    refuse_unmanaged_fields(BrokerEngagement, fields)
    require_version(engagement, version)
    return save_changes(engagement, by=by, errors=errors, commission_amount=amount, **fields)


@transaction.atomic
def engagement_delete(
    *, brokerengagement: BrokerEngagement, by: User | None, version: int | None = None
) -> None:
    """Remove a broker from an agreement not signed yet (an organization broker's intermediary
    party with them); a signed agreement's broker stays as signed."""
    engagement = brokerengagement
    agreement = engagement.agreement
    refusal = None
    if agreement.status not in UNSIGNED_STATUSES:
        refusal = _("This agreement is “%(status)s”: its broker stays as it was signed with.") % {
            "status": agreement.get_status_display()
        }
    party = intermediary_party(engagement.broker, agreement)
    delete_record(engagement, by=by, version=version, refusal=refusal)
    if party is not None and party.role == PartyRole.INTERMEDIARY:
        delete_record(party, by=by)


def refresh_agreed(engagement: BrokerEngagement, by: User | None) -> BrokerEngagement:
    """The commission agreed again from the agreement as it is now (its value may have been
    set or changed since)."""
    amount = agreed_commission(
        engagement.basis,
        engagement.commission_rate,
        engagement.commission_fixed,
        engagement.agreement,
    )
    if amount != engagement.commission_amount:
        engagement = save_changes(engagement, by=by, commission_amount=amount)
    return engagement


# Commission payments -----------------------------------------------------------------------


def _check_payment(
    errors: FieldErrors,
    engagement: BrokerEngagement,
    *,
    field: str,
    paid_on: datetime.date | None,
    amount: Decimal | None,
    currency: str | None,
    excluding: int | None = None,
) -> None:
    """The rules of a payment on `engagement`; `field` names the argument that chose the deal."""
    agreement = engagement.agreement
    if agreement.status in UNSIGNED_STATUSES or agreement.signed_on is None:
        errors.add(
            field,
            _("This agreement is not signed yet: commission is paid once it is."),
            code="not_signed",
        )
    elif paid_on is not None and paid_on < agreement.signed_on:
        errors.add(
            "paid_on",
            _("%(date)s is before the agreement was signed, on %(signed)s."),
            code="before_signing",
            params={"date": paid_on.isoformat(), "signed": agreement.signed_on.isoformat()},
        )
    check_not_in_future(errors, "paid_on", paid_on)
    party = intermediary_party(engagement.broker, agreement)
    if engagement.broker.organization_id is not None and (
        party is None or party.role != PartyRole.INTERMEDIARY
    ):
        errors.add(
            field,
            _("%(broker)s is not among this agreement's parties as its intermediary."),
            code="not_a_party",
            params={"broker": str(engagement.broker)},
        )
    if currency is not None and currency != engagement.currency:
        errors.add(
            "currency",
            _("The commission was agreed in %(currency)s."),
            code="currency_not_agreed",
            params={"currency": engagement.currency},
        )
    if amount is None or errors.has(field):
        return
    agreed = agreed_commission(
        engagement.basis, engagement.commission_rate, engagement.commission_fixed, agreement
    )
    if agreed is None:
        errors.add(
            "amount",
            _("The commission agreed is not known yet: the agreement has no value."),
            code="agreed_unknown",
        )
        return
    paid = paid_total(engagement, excluding=excluding)
    if paid + amount > agreed:
        errors.add(
            "amount",
            _(
                "The commission agreed is %(agreed)s and %(paid)s has been paid: at most "
                "%(left)s more may be."
            ),
            code="above_agreed",
            params={
                "agreed": f"{agreed} {engagement.currency}",
                "paid": f"{paid} {engagement.currency}",
                "left": f"{max(agreed - paid, Decimal(0))} {engagement.currency}",
            },
        )


@transaction.atomic
def payment_create(*, by: User | None, **fields: Any) -> CommissionPayment:
    """Record commission paid on an engagement (see `commission_pay`)."""
    errors = FieldErrors()
    engagement = fields.get("engagement")
    if engagement is not None:
        fields.setdefault("currency", engagement.currency)
        _check_payment(
            errors,
            engagement,
            field="engagement",
            paid_on=fields.get("paid_on"),
            amount=fields.get("amount"),
            currency=fields.get("currency"),
        )
    payment = create_record(CommissionPayment, by=by, errors=errors, **fields)
    refresh_agreed(payment.engagement, by)
    return payment


@transaction.atomic
def commission_pay(
    *,
    broker: Broker,
    agreement: Agreement,
    paid_on: datetime.date,
    amount: Decimal,
    currency: str | None = None,
    reference: str = "",
    note: str = "",
    by: User | None,
) -> CommissionPayment:
    """Pay `broker` commission on `agreement`: only on an agreement they are party to, signed,
    dated from its signing to today, and never above the commission agreed."""
    engagement = (
        BrokerEngagement.objects.select_related("agreement", "broker")
        .filter(broker=broker, agreement=agreement)
        .first()
    )
    if engagement is None:
        errors = FieldErrors()
        errors.add(
            "agreement",
            _(
                "%(broker)s is not a party to %(agreement)s: a broker's commission is paid only "
                "on agreements they are party to."
            ),
            code="not_a_party",
            params={"broker": str(broker), "agreement": agreement.number},
        )
        errors.raise_any()
    assert engagement is not None
    errors = FieldErrors()
    _check_payment(
        errors,
        engagement,
        field="agreement",
        paid_on=paid_on,
        amount=amount,
        currency=currency or engagement.currency,
    )
    errors.raise_any()
    return payment_create(
        by=by,
        engagement=engagement,
        paid_on=paid_on,
        amount=amount,
        currency=currency or engagement.currency,
        reference=reference,
        note=note,
    )


@transaction.atomic
def engagement_record_payment(
    *,
    brokerengagement: BrokerEngagement,
    paid_on: datetime.date,
    amount: Decimal,
    reference: str = "",
    note: str = "",
    by: User | None,
) -> CommissionPayment:
    """The step on an engagement's page: commission paid on it (see `commission_pay`)."""
    engagement = brokerengagement
    return commission_pay(
        broker=engagement.broker,
        agreement=engagement.agreement,
        paid_on=paid_on,
        amount=amount,
        reference=reference,
        note=note,
        by=by,
    )


@transaction.atomic
def payment_update(
    *,
    commissionpayment: CommissionPayment,
    by: User | None,
    version: int | None = None,
    **fields: Any,
) -> CommissionPayment:
    """Correct a payment; it stays with its engagement and within the commission agreed."""
    payment = commissionpayment
    errors = FieldErrors()
    if "engagement" in fields and fields["engagement"] != payment.engagement:
        errors.add("engagement", _("A payment stays with its engagement."), code="moved")
    else:
        _check_payment(
            errors,
            payment.engagement,
            field="engagement",
            paid_on=fields.get("paid_on", payment.paid_on),
            amount=fields.get("amount", payment.amount),
            currency=fields.get("currency", payment.currency),
            excluding=payment.pk,
        )
    return update_record(payment, by=by, version=version, errors=errors, **fields)


@transaction.atomic
def payment_delete(
    *, commissionpayment: CommissionPayment, by: User | None, version: int | None = None
) -> None:
    """Delete a payment entered by mistake."""
    delete_record(commissionpayment, by=by, version=version)


# Introductions -----------------------------------------------------------------------------


def _check_introduction(errors: FieldErrors, values: dict[str, Any]) -> None:
    need: TechnicalNeed | None = values.get("need")
    organization = values.get("organization")
    introduced_on = values.get("introduced_on")
    if need is None and organization is None:
        errors.add(
            "need",
            _("An introduction names a need or an enterprise."),
            code="nothing_introduced",
        )
    if need is not None and organization is not None and need.organization_id != organization.pk:
        errors.add(
            "organization",
            _("This need was submitted by %(submitter)s, not by this enterprise."),
            code="not_the_needs_enterprise",
            params={"submitter": str(need.organization)},
        )
    if need is not None and introduced_on is not None and introduced_on < need.submitted_on:
        errors.add(
            "introduced_on",
            _("%(date)s is before the need was submitted, on %(submitted)s."),
            code="before_submitted",
            params={"date": introduced_on.isoformat(), "submitted": need.submitted_on.isoformat()},
        )
    check_not_in_future(errors, "introduced_on", introduced_on)


@transaction.atomic
def introduction_create(*, by: User | None, **fields: Any) -> Introduction:
    """Record that a broker introduced a need (its enterprise with it) or an enterprise."""
    need = fields.get("need")
    if need is not None and fields.get("organization") is None:
        fields["organization"] = need.organization
    errors = FieldErrors()
    _check_introduction(errors, fields)
    return create_record(Introduction, by=by, errors=errors, **fields)


@transaction.atomic
def introduction_update(
    *, introduction: Introduction, by: User | None, version: int | None = None, **fields: Any
) -> Introduction:
    values = {
        name: getattr(introduction, name)
        for name in ("broker", "need", "organization", "introduced_on")
    }
    values.update(fields)
    if values["need"] is not None and fields.get("organization", values["organization"]) is None:
        fields["organization"] = values["organization"] = values["need"].organization
    errors = FieldErrors()
    _check_introduction(errors, values)
    return update_record(introduction, by=by, version=version, errors=errors, **fields)


@transaction.atomic
def introduction_delete(
    *, introduction: Introduction, by: User | None, version: int | None = None
) -> None:
    """Delete an introduction entered by mistake; one a deal was introduced from stays."""
    refusal = None
    if (
        introduction.need_id is not None
        and BrokerEngagement.objects.filter(
            broker=introduction.broker_id, need=introduction.need_id
        ).exists()
    ):
        refusal = _("A deal of this broker was introduced from this need: the introduction stays.")
    delete_record(introduction, by=by, version=version, refusal=refusal)


writes.register(Broker, create=broker_create, update=broker_update, delete=broker_delete)
writes.register(
    BrokerEngagement, create=engagement_create, update=engagement_update, delete=engagement_delete
)
writes.register(
    CommissionPayment, create=payment_create, update=payment_update, delete=payment_delete
)
writes.register(
    Introduction,
    create=introduction_create,
    update=introduction_update,
    delete=introduction_delete,
)

# A broker's own record is theirs (a person broker's user) and their organization's.
permissions.scoped(Broker, own="person__user", organization="organization")
permissions.scoped(
    BrokerEngagement,
    own="broker__person__user",
    organization="broker__organization",
    # The commission on a rate would tell a confidential agreement's value.
    hidden={"commission_amount": "agreement__confidentiality"},
)
permissions.scoped(Introduction, own="broker__person__user", organization="broker__organization")
# Money: outside "*" (the roles name it), like the institute's income.
permissions.scoped(
    CommissionPayment,
    own="engagement__broker__person__user",
    organization="engagement__broker__organization",
    domain=False,
)
