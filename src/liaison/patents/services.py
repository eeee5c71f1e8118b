"""Writes to the patent portfolio: patents and their lifecycle, fee payments, office actions.

pending → granted → lapsed | abandoned | expired; pending → withdrawn
(the table is `PATENT_MOVES` in choices.py)

Dates, fees and deadlines are the docket's (`liaison.patents.docket`, from the versioned rules
in `liaison.patents.rules`): a payment is checked against the fee and surcharge due on the
day it was paid, an office action's deadline is computed, never typed; a patent whose annual
fee is left unpaid past the late window lapses (`patent_lapse`, run by `liaison docket` and
the hourly job). What was paid and what the office sent stays on record: a patent with
payments or office actions is ended through its lifecycle, never deleted.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext as _

from liaison.core import permissions, writes
from liaison.core.choices import Currency
from liaison.core.display import join_items
from liaison.core.lifecycle import (
    FieldErrors,
    check_not_in_future,
    refuse_unmanaged_fields,
    require_version,
    save_changes,
    today,
)
from liaison.core.uploads import check_upload, max_upload_bytes, stored_name
from liaison.core.writes import create_record, delete_record, update_record
from liaison.organizations.choices import OrganizationKind
from liaison.organizations.models import Organization

from . import docket
from .choices import (
    ENDED_STATUSES,
    PATENT_MOVES,
    FeeKind,
    Jurisdiction,
    PatentKind,
    PatentStatus,
)
from .models import FeePayment, OfficeAction, Patent
from .numbers import cn_patent_number

if TYPE_CHECKING:
    from liaison.accounts.models import User


# Patents -----------------------------------------------------------------------------------


def _check_owners(
    errors: FieldErrors, fields: dict[str, Any], patent: Patent | None = None
) -> None:
    """A patent has an owner (its applicant); a fee reduction needs owners the rules allow it."""
    if "owners" in fields:
        owners: list[Organization] = list(fields["owners"] or ())
    else:
        owners = list(patent.owners.all()) if patent is not None else []
    if not owners:
        errors.add(
            "owners", _("A patent has at least one owner: its applicant."), code="owners_required"
        )
    reduced = fields.get("fee_reduction", patent.fee_reduction if patent else False)
    jurisdiction = fields.get("jurisdiction", patent.jurisdiction if patent else Jurisdiction.CN)
    if not reduced:
        return
    if jurisdiction != Jurisdiction.CN:
        errors.add(
            "fee_reduction",
            _("A fee reduction (费减) is granted by CNIPA, for Chinese patents only."),
            code="reduction_not_cn",
        )
        return
    refused = docket.reduction_refusals((o.kind for o in owners), today())
    if refused:
        errors.add(
            "fee_reduction",
            _("The fee reduction rules grant no reduction to owners of the kind %(kinds)s.")
            % {"kinds": join_items(str(OrganizationKind(k).label) for k in refused)},
            code="reduction_owner_kind",
        )


@transaction.atomic
def patent_create(*, by: User | None, **fields: Any) -> Patent:
    """Record a patent application of an achievement, with its owners and inventors."""
    errors = FieldErrors()
    _check_owners(errors, fields)
    return create_record(Patent, by=by, errors=errors, **fields)


@transaction.atomic
def patent_update(
    *, patent: Patent, by: User | None, version: int | None = None, **fields: Any
) -> Patent:
    """Change a patent's own fields, owners and inventors; its status and dates move only
    through its steps."""
    errors = FieldErrors()
    _check_owners(errors, fields, patent)
    return update_record(patent, by=by, version=version, errors=errors, **fields)


@transaction.atomic
def patent_delete(*, patent: Patent, by: User | None, version: int | None = None) -> None:
    """Delete a patent entered by mistake: one with payments or office actions, or past
    pending, keeps its record and is ended through its lifecycle."""
    refusal = None
    if patent.status != PatentStatus.PENDING:
        refusal = _(
            "This patent is “%(current)s”, so it keeps its record: a patent is ended by "
            "withdrawing, abandoning or letting it lapse."
        ) % {"current": patent.get_status_display()}
    elif patent.payments.exists() or patent.office_actions.exists():
        refusal = _(
            "Fees were paid or office actions received for this patent, so it keeps its record: "
            "withdraw it instead."
        )
    delete_record(patent, by=by, version=version, refusal=refusal)


def _check_date(errors: FieldErrors, field: str, value: datetime.date, patent: Patent) -> None:
    if value < patent.filed_on:
        errors.add(
            field,
            _("This comes after the filing date (%(filed_on)s)."),
            code="before_filing",
            params={"filed_on": patent.filed_on.isoformat()},
        )
    check_not_in_future(errors, field, value)


@transaction.atomic
def patent_record_publication(
    *, patent: Patent, published_on: datetime.date, by: User | None
) -> Patent:
    """Record that the application was published on `published_on`."""
    errors = FieldErrors()
    if patent.status != PatentStatus.PENDING:
        errors.add(
            None,
            _("Only a pending application is published; this one is “%(current)s”."),
            code="not_pending",
            params={"current": patent.get_status_display()},
        )
    if patent.published_on is not None:
        errors.add(
            "published_on",
            _("This application was already published on %(date)s."),
            code="already_published",
            params={"date": patent.published_on.isoformat()},
        )
    _check_date(errors, "published_on", published_on, patent)
    return save_changes(patent, by=by, errors=errors, published_on=published_on)


@transaction.atomic
def patent_request_examination(
    *, patent: Patent, requested_on: datetime.date, by: User | None
) -> Patent:
    """Record the request for substantive examination of an invention application, made
    within three years of its filing (or priority) date."""
    errors = FieldErrors()
    if patent.status != PatentStatus.PENDING or patent.kind != PatentKind.INVENTION:
        errors.add(
            None,
            _("Substantive examination is requested for a pending invention application."),
            code="not_examinable",
        )
    if patent.examination_requested_on is not None:
        errors.add(
            "requested_on",
            _("Examination was already requested on %(date)s."),
            code="already_requested",
            params={"date": patent.examination_requested_on.isoformat()},
        )
    _check_date(errors, "requested_on", requested_on, patent)
    deadline = docket.examination_deadline(patent)
    if deadline is not None and requested_on > deadline.due_on:
        errors.add(
            "requested_on",
            _(
                "The examination had to be requested by %(deadline)s; an application whose "
                "examination is not requested in time is deemed withdrawn."
            ),
            code="examination_too_late",
            params={"deadline": deadline.due_on.isoformat()},
        )
    return save_changes(patent, by=by, errors=errors, examination_requested_on=requested_on)


@transaction.atomic
def patent_grant(
    *,
    patent: Patent,
    granted_on: datetime.date,
    by: User | None,
    patent_number: str = "",
) -> Patent:
    """Record that the patent was granted on `granted_on`: a Chinese one is numbered "ZL" and
    its application number; a foreign one takes the number its office gave."""
    PATENT_MOVES.require(patent, PatentStatus.GRANTED)
    errors = FieldErrors()
    _check_date(errors, "granted_on", granted_on, patent)
    number = patent_number.strip()
    if patent.jurisdiction == Jurisdiction.CN:
        if patent.kind == PatentKind.INVENTION and patent.examination_requested_on is None:
            errors.add(
                None,
                _(
                    "An invention is granted after its substantive examination: record its request first."
                ),
                code="not_examined",
            )
        expected = cn_patent_number(patent.application_number)
        if number and number.upper().replace(" ", "") != expected:
            errors.add(
                "patent_number",
                _("A Chinese patent's number is “%(expected)s”: “ZL” and its application number."),
                code="patent_number_mismatch",
                params={"expected": expected},
            )
        number = expected
    elif not number:
        errors.add(
            "patent_number",
            _("Give the number the patent office granted it under."),
            code="patent_number_required",
        )
    return save_changes(
        patent,
        by=by,
        errors=errors,
        status=PatentStatus.GRANTED,
        granted_on=granted_on,
        patent_number=number,
    )


def _end(
    patent: Patent,
    *,
    to: PatentStatus,
    ended_on: datetime.date,
    reason: str,
    by: User | None,
    **changes: Any,
) -> Patent:
    PATENT_MOVES.require(patent, to)
    errors = FieldErrors()
    if ended_on < (patent.granted_on or patent.filed_on):
        errors.add(
            "ended_on",
            _("A patent cannot end before %(date)s."),
            code="ended_too_early",
            params={"date": (patent.granted_on or patent.filed_on).isoformat()},
        )
    check_not_in_future(errors, "ended_on", ended_on)
    return save_changes(
        patent,
        by=by,
        errors=errors,
        status=to,
        ended_on=ended_on,
        end_reason=reason.strip(),
        **changes,
    )


@transaction.atomic
def patent_withdraw(
    *, patent: Patent, ended_on: datetime.date, reason: str = "", by: User | None
) -> Patent:
    """Record that a pending application was withdrawn (or is deemed withdrawn)."""
    return _end(patent, to=PatentStatus.WITHDRAWN, ended_on=ended_on, reason=reason, by=by)


@transaction.atomic
def patent_abandon(
    *, patent: Patent, ended_on: datetime.date, reason: str = "", by: User | None
) -> Patent:
    """Record that the owners gave up a granted patent."""
    return _end(patent, to=PatentStatus.ABANDONED, ended_on=ended_on, reason=reason, by=by)


def paid_fee_years(patent: Patent) -> set[int]:
    return {
        year
        for year in patent.payments.filter(kind=FeeKind.ANNUAL).values_list("fee_year", flat=True)
        if year is not None
    }


@transaction.atomic
def patent_lapse(*, patent: Patent, by: User | None, on: datetime.date | None = None) -> Patent:
    """Record that a granted patent lapsed: an annual fee was left unpaid past its late window.

    It lapses as of that fee's due date, the end of the last year paid for (Patent Law
    art. 44). Restoration within two months of CNIPA's notice is not recorded in Liaison.
    """
    on = on or today()
    PATENT_MOVES.require(patent, PatentStatus.LAPSED)
    fee = docket.first_lapsing_fee(patent, today=on, paid_years=paid_fee_years(patent))
    if fee is None:
        raise ValidationError(
            _(
                "This patent has no annual fee left unpaid past its late window, so it has "
                "not lapsed."
            ),
            code="not_lapsed",
        )
    return save_changes(
        patent,
        by=by,
        status=PatentStatus.LAPSED,
        lapsed_on=fee.year_starts,
        ended_on=fee.year_starts,
        end_reason=_("The annual fee of year %(year)s, due on %(due)s, was not paid by %(until)s.")
        % {
            "year": fee.fee_year,
            "due": fee.due_on.isoformat(),
            "until": (fee.late_until or fee.due_on).isoformat(),
        },
    )


@transaction.atomic
def patent_expire(*, patent: Patent, by: User | None, on: datetime.date | None = None) -> Patent:
    """Record that a granted patent reached the end of its term."""
    on = on or today()
    PATENT_MOVES.require(patent, PatentStatus.EXPIRED)
    if patent.expires_on is None or on <= patent.expires_on:
        raise ValidationError(
            _("This patent's term has not ended (it runs until %(date)s).")
            % {"date": patent.expires_on.isoformat() if patent.expires_on else "—"},
            code="not_expired",
        )
    return save_changes(patent, by=by, status=PatentStatus.EXPIRED, ended_on=patent.expires_on)


def lapse_and_expire_due(*, on: datetime.date | None = None) -> tuple[list[Patent], list[Patent]]:
    """Lapse the granted patents with an annual fee unpaid past its window, and expire those
    past their term; the system does it (`by=None`). Returns (lapsed, expired)."""
    on = on or today()
    lapsed: list[Patent] = []
    expired: list[Patent] = []
    granted = Patent.objects.filter(
        status=PatentStatus.GRANTED, jurisdiction=Jurisdiction.CN
    ).prefetch_related("owners", "payments")
    for patent in granted:
        if patent.expires_on is not None and on > patent.expires_on:
            expired.append(patent_expire(patent=patent, by=None, on=on))
            continue
        paid = {p.fee_year for p in patent.payments.all() if p.kind == FeeKind.ANNUAL}
        if docket.first_lapsing_fee(patent, today=on, paid_years=paid):
            lapsed.append(patent_lapse(patent=patent, by=None, on=on))
    return lapsed, expired


# Fee payments -----------------------------------------------------------------------------


def _check_payment(
    errors: FieldErrors,
    *,
    patent: Patent | None,
    kind: str,
    fee_year: int | None,
    paid_on: datetime.date | None,
    amount: Decimal | None,
    currency: str,
    payment: FeePayment | None = None,
) -> dict[str, Any]:
    """Check a payment against the fee the docket computes for its day; return the due date,
    surcharge and rules' version to record with it."""
    computed: dict[str, Any] = {"due_on": None, "surcharge": Decimal(0), "rule_version": ""}
    if patent is None or paid_on is None:
        return computed
    check_not_in_future(errors, "paid_on", paid_on)
    if patent.jurisdiction != Jurisdiction.CN or kind == FeeKind.OTHER:
        # Foreign fees are paid through agents by their offices' tables; recorded as paid.
        computed["due_on"] = paid_on
        return computed
    if currency != Currency.CNY:
        errors.add("currency", _("CNIPA's fees are paid in yuan."), code="currency_not_cny")
    others = (
        patent.payments.exclude(pk=payment.pk) if payment and payment.pk else patent.payments.all()
    )
    expected: Decimal | None = None
    if kind == FeeKind.ANNUAL:
        if patent.granted_on is None:
            errors.add(
                "kind",
                _(
                    "Annual fees are due once the patent is granted: record the grant first "
                    "(the fee of the year of grant is paid with it)."
                ),
                code="not_granted",
            )
            return computed
        if fee_year is None:
            return computed  # the model asks for it
        try:
            fee = docket.annual_fee(patent, fee_year)
        except ValueError:
            first = docket.grant_fee_year(patent)
            errors.add(
                "fee_year",
                _("This patent pays annual fees for the years %(first)s to %(last)s.")
                % {"first": first, "last": docket.term_years(patent)},
                code="fee_year_out_of_term",
            )
            return computed
        band = fee.band_on(paid_on)
        computed.update(due_on=fee.due_on, rule_version=fee.rule_version)
        if band is None:
            errors.add(
                "paid_on",
                _(
                    "The annual fee of year %(year)s could be paid until %(until)s; unpaid by "
                    "then, the patent lapsed as of %(due)s."
                ),
                code="after_late_window",
                params={
                    "year": fee_year,
                    "until": (fee.late_until or fee.due_on).isoformat(),
                    "due": fee.year_starts.isoformat(),
                },
            )
            return computed
        computed["surcharge"] = band.amount
        expected = fee.amount + band.amount
        if amount is not None and amount != expected:
            if band.amount:
                message = _(
                    "Paid on %(paid_on)s, in month %(month)s of the late window, the annual fee "
                    "of year %(year)s is %(expected)s yuan: %(fee)s and a surcharge of "
                    "%(surcharge)s (%(rate)s %% of the full fee, %(full)s)."
                )
            else:
                message = _(
                    "Paid on %(paid_on)s, the annual fee of year %(year)s is %(expected)s yuan."
                )
            errors.add(
                "amount",
                message,
                code="amount_mismatch",
                params={
                    "paid_on": paid_on.isoformat(),
                    "month": band.month,
                    "year": fee_year,
                    "expected": expected,
                    "fee": fee.amount,
                    "surcharge": band.amount,
                    "rate": int(band.rate * 100),
                    "full": fee.full_amount,
                },
            )
        return computed
    one_off = docket.one_off_fee(patent, kind, on=paid_on)
    if one_off is None:
        errors.add(
            "kind",
            _("This patent is not charged the fee “%(kind)s”.") % {"kind": FeeKind(kind).label},
            code="fee_not_charged",
        )
        return computed
    if others.filter(kind=kind).exists():
        errors.add(
            "kind",
            _("The fee “%(kind)s” of this patent is already recorded.")
            % {"kind": FeeKind(kind).label},
            code="already_paid",
        )
    computed.update(due_on=one_off.due_on, rule_version=one_off.rule_version)
    if amount is not None and amount != one_off.amount:
        errors.add(
            "amount",
            _("The fee “%(kind)s” of this patent is %(expected)s yuan."),
            code="amount_mismatch",
            params={"kind": FeeKind(kind).label, "expected": one_off.amount},
        )
    return computed


def _check_proof(fields: dict[str, Any]) -> None:
    """A new proof file is accepted by its content, and stored under a random name."""
    upload = fields.get("proof")
    if upload is None or isinstance(upload, FieldFile) or not hasattr(upload, "read"):
        return
    try:
        checked = check_upload(upload, max_bytes=max_upload_bytes(), name=upload.name)
    except ValidationError as error:
        raise ValidationError({"proof": error.error_list}) from error
    upload.name = stored_name(checked)


@transaction.atomic
def fee_payment_create(*, by: User | None, **fields: Any) -> FeePayment:
    """Record a fee paid for a patent, checked against the fee and surcharge due on its day."""
    errors = FieldErrors()
    computed = _check_payment(
        errors,
        patent=fields.get("patent"),
        kind=fields.get("kind", ""),
        fee_year=fields.get("fee_year"),
        paid_on=fields.get("paid_on"),
        amount=fields.get("amount"),
        currency=fields.get("currency", Currency.CNY),
    )
    # The due date, surcharge and rules' version are the docket's, not the caller's.
    refuse_unmanaged_fields(FeePayment, fields)
    _check_proof(fields)
    return save_changes(FeePayment(), by=by, errors=errors, **fields, **computed)


@transaction.atomic
def fee_payment_update(
    *, fee_payment: FeePayment, by: User | None, version: int | None = None, **fields: Any
) -> FeePayment:
    """Correct a payment's record (its proof, note, or what was paid), checked again."""
    errors = FieldErrors()
    values = {
        name: fields.get(name, getattr(fee_payment, name))
        for name in ("patent", "kind", "fee_year", "paid_on", "amount", "currency")
    }
    refuse_unmanaged_fields(FeePayment, fields)
    require_version(fee_payment, version)
    _check_proof(fields)
    computed = _check_payment(errors, payment=fee_payment, **values)
    return save_changes(fee_payment, by=by, errors=errors, **fields, **computed)


@transaction.atomic
def fee_payment_delete(
    *, fee_payment: FeePayment, by: User | None, version: int | None = None
) -> None:
    """Delete a payment recorded by mistake (its history keeps it)."""
    patent = fee_payment.patent
    refusal = None
    if patent.status in ENDED_STATUSES:
        refusal = _(
            "The payments of a patent that has ended (“%(current)s”) stay as they were."
        ) % {"current": patent.get_status_display()}
    delete_record(fee_payment, by=by, version=version, refusal=refusal)


# Office actions ---------------------------------------------------------------------------


def _check_action_patent(errors: FieldErrors, patent: Patent | None) -> None:
    if patent is not None and patent.status in ENDED_STATUSES:
        errors.add(
            "patent",
            _("This patent has ended (“%(current)s”): it receives no office actions.")
            % {"current": patent.get_status_display()},
            code="patent_ended",
        )


@transaction.atomic
def office_action_create(*, by: User | None, **fields: Any) -> OfficeAction:
    """Record a notice of the patent office; its answer's deadline is computed by the rules."""
    errors = FieldErrors()
    patent = fields.get("patent")
    _check_action_patent(errors, patent)
    issued_on = fields.get("issued_on")
    if patent is not None and issued_on is not None:
        _check_date(errors, "issued_on", issued_on, patent)
    return create_record(OfficeAction, by=by, errors=errors, **fields)


@transaction.atomic
def office_action_update(
    *, office_action: OfficeAction, by: User | None, version: int | None = None, **fields: Any
) -> OfficeAction:
    """Correct an office action's record; its deadline follows."""
    errors = FieldErrors()
    if "patent" in fields and fields["patent"] != office_action.patent:
        _check_action_patent(errors, fields["patent"])
    return update_record(office_action, by=by, version=version, errors=errors, **fields)


@transaction.atomic
def office_action_delete(
    *, office_action: OfficeAction, by: User | None, version: int | None = None
) -> None:
    """Delete an office action recorded by mistake; an answered one stays on record."""
    delete_record(
        office_action,
        by=by,
        version=version,
        refusal=_("This office action was answered on %(date)s, so it keeps its record.")
        % {"date": office_action.responded_on.isoformat()}
        if office_action.responded_on
        else None,
    )


@transaction.atomic
def patent_record_office_action(
    *,
    patent: Patent,
    kind: str,
    issued_on: datetime.date,
    by: User | None,
    received_on: datetime.date | None = None,
    term_months: int | None = None,
    summary: str = "",
) -> OfficeAction:
    """Record a notice the patent office sent about `patent`."""
    return office_action_create(
        by=by,
        patent=patent,
        kind=kind,
        issued_on=issued_on,
        received_on=received_on,
        term_months=term_months,
        summary=summary,
    )


@transaction.atomic
def office_action_respond(
    *, office_action: OfficeAction, responded_on: datetime.date, by: User | None
) -> OfficeAction:
    """Record that the office action was answered on `responded_on`, within its term."""
    errors = FieldErrors()
    if office_action.responded_on is not None:
        errors.add(
            "responded_on",
            _("This office action was already answered on %(date)s."),
            code="already_answered",
            params={"date": office_action.responded_on.isoformat()},
        )
    if responded_on < office_action.issued_on:
        errors.add(
            "responded_on",
            _("An answer comes after the notice (%(date)s)."),
            code="before_notice",
            params={"date": office_action.issued_on.isoformat()},
        )
    due = office_action.response_due_on
    if due is not None and responded_on > due:
        errors.add(
            "responded_on",
            _(
                "The answer was due by %(date)s; a late answer needs a request to restore the "
                "rights lost, which Liaison does not record."
            ),
            code="answer_too_late",
            params={"date": due.isoformat()},
        )
    check_not_in_future(errors, "responded_on", responded_on)
    return save_changes(office_action, by=by, errors=errors, responded_on=responded_on)


writes.register(Patent, create=patent_create, update=patent_update, delete=patent_delete)
writes.register(
    FeePayment,
    create=fee_payment_create,
    update=fee_payment_update,
    delete=fee_payment_delete,
    target="fee_payment",
)
writes.register(
    OfficeAction,
    create=office_action_create,
    update=office_action_update,
    delete=office_action_delete,
    target="office_action",
)

permissions.scoped(
    Patent, organization="owners", center="achievement__center", own="inventors__user"
)
permissions.scoped(
    FeePayment,
    organization="patent__owners",
    center="patent__achievement__center",
    own="patent__inventors__user",
)
permissions.scoped(
    OfficeAction,
    organization="patent__owners",
    center="patent__achievement__center",
    own="patent__inventors__user",
)
