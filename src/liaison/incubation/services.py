"""Writes to incubated companies: the stay, its dated lifecycle, its milestones and resources.

admitted → incubating → graduated | moved out | closed (the table is `INCUBATION_MOVES`).

Only an incubation center admits a company; a spin-off names the achievement it was founded
on; nothing about a company's stay — the start of its incubation, a milestone, a resource, its
exit — is dated before its admission, nor after today.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from liaison.agreements.choices import AgreementKind
from liaison.centers.choices import CenterKind
from liaison.core import permissions, writes
from liaison.core.choices import Currency
from liaison.core.lifecycle import FieldErrors, check_not_in_future, save_changes
from liaison.core.writes import create_record, delete_record, update_record

from .choices import INCUBATION_MOVES, IncubationStatus, Origin
from .models import Incubation, IncubationMilestone, IncubationResource

if TYPE_CHECKING:
    from liaison.accounts.models import User


def _check_admission(errors: FieldErrors, values: dict[str, Any]) -> None:
    """The rules of an admission, on the record's values as they will be saved."""
    center = values.get("center")
    if center is not None and center.kind != CenterKind.INCUBATION:
        errors.add(
            "center",
            _("Only an incubation center admits companies; “%(center)s” is a %(kind)s."),
            code="not_an_incubator",
            params={"center": str(center), "kind": center.get_kind_display()},
        )
    if values.get("origin") == Origin.SPIN_OFF and values.get("achievement") is None:
        errors.add(
            "achievement",
            _("A spin-off names the achievement it was founded on."),
            code="spin_off_needs_achievement",
        )
    agreement = values.get("agreement")
    if agreement is not None and agreement.kind != AgreementKind.INCUBATION:
        errors.add(
            "agreement",
            _(
                "The agreement of a stay at the incubator is an incubation agreement, not a %(kind)s."
            ),
            code="not_an_incubation_agreement",
            params={"kind": agreement.get_kind_display()},
        )
    check_not_in_future(errors, "admitted_on", values.get("admitted_on"))


def _check_after_admission(
    errors: FieldErrors, field: str, value: datetime.date | None, incubation: Incubation
) -> None:
    """Refuse a date of the stay that lies before the company's admission, or after today."""
    if value is not None and value < incubation.admitted_on:
        errors.add(
            field,
            _("%(date)s is before the company was admitted to the incubator, on %(admitted)s."),
            code="before_admission",
            params={"date": value.isoformat(), "admitted": incubation.admitted_on.isoformat()},
        )
    check_not_in_future(errors, field, value)


# The stay ------------------------------------------------------------------------------


@transaction.atomic
def incubation_create(*, by: User | None, **fields: Any) -> Incubation:
    """Admit a company to an incubation center, on `admitted_on`."""
    errors = FieldErrors()
    _check_admission(errors, fields)
    return create_record(Incubation, by=by, errors=errors, **fields)


@transaction.atomic
def incubation_update(
    *, incubation: Incubation, by: User | None, version: int | None = None, **fields: Any
) -> Incubation:
    """Correct a stay's fields; its admission still comes before every later date of it."""
    values = {
        name: getattr(incubation, name)
        for name in ("center", "origin", "achievement", "agreement", "admitted_on")
    }
    values.update(fields)
    errors = FieldErrors()
    _check_admission(errors, values)
    admitted_on = values["admitted_on"]
    if admitted_on is not None:
        later = [
            d
            for d in (
                incubation.incubating_since,
                incubation.exited_on,
                *incubation.milestones.values_list("reached_on", flat=True),
                *incubation.resources.values_list("starts_on", flat=True),
            )
            if d is not None
        ]
        if later and min(later) < admitted_on:
            errors.add(
                "admitted_on",
                _(
                    "The company's stay has a date before this one, %(date)s: it was admitted by then."
                ),
                code="after_stay_dates",
                params={"date": min(later).isoformat()},
            )
    return update_record(incubation, by=by, version=version, errors=errors, **fields)


@transaction.atomic
def incubation_delete(
    *, incubation: Incubation, by: User | None, version: int | None = None
) -> None:
    """Delete a stay entered by mistake, before it has a history; one that has is ended instead."""
    refusal = None
    if (
        incubation.status != IncubationStatus.ADMITTED
        or incubation.milestones.exists()
        or incubation.resources.exists()
    ):
        refusal = _(
            "This company's stay at the incubator has a history, so it keeps its record: "
            "record how it left instead (graduated, moved out or closed)."
        )
    delete_record(incubation, by=by, version=version, refusal=refusal)


def _move(
    incubation: Incubation,
    wanted: str,
    *,
    field: str,
    on: datetime.date,
    by: User | None,
    **changes: Any,
) -> Incubation:
    INCUBATION_MOVES.require(incubation, wanted)
    errors = FieldErrors()
    # Refusals name the step's argument, `on`, so the step's form shows them under its date.
    _check_after_admission(errors, "on", on, incubation)
    if incubation.incubating_since and on < incubation.incubating_since:
        errors.add(
            "on",
            _("%(date)s is before the company started incubating, on %(since)s."),
            code="before_incubating",
            params={"date": on.isoformat(), "since": incubation.incubating_since.isoformat()},
        )
    errors.raise_any()
    changes[field] = on
    return save_changes(incubation, by=by, status=wanted, **changes)


@transaction.atomic
def incubation_start(*, incubation: Incubation, on: datetime.date, by: User | None) -> Incubation:
    """The admitted company moved in and started incubating on `on`."""
    return _move(incubation, IncubationStatus.INCUBATING, field="incubating_since", on=on, by=by)


def _exit(
    incubation: Incubation, wanted: str, *, on: datetime.date, note: str, by: User | None
) -> Incubation:
    return _move(incubation, wanted, field="exited_on", on=on, by=by, exit_note=note)


@transaction.atomic
def incubation_graduate(
    *, incubation: Incubation, on: datetime.date, note: str = "", by: User | None
) -> Incubation:
    """The company graduated from the incubator on `on`: it goes on on its own."""
    return _exit(incubation, IncubationStatus.GRADUATED, on=on, note=note, by=by)


@transaction.atomic
def incubation_move_out(
    *, incubation: Incubation, on: datetime.date, note: str = "", by: User | None
) -> Incubation:
    """The company left the incubator before graduating, on `on`."""
    return _exit(incubation, IncubationStatus.MOVED_OUT, on=on, note=note, by=by)


@transaction.atomic
def incubation_close(
    *, incubation: Incubation, on: datetime.date, note: str = "", by: User | None
) -> Incubation:
    """The company was wound up during its stay, on `on`."""
    return _exit(incubation, IncubationStatus.CLOSED, on=on, note=note, by=by)


# Milestones -----------------------------------------------------------------------------


def _check_milestone(errors: FieldErrors, incubation: Incubation, reached_on: Any) -> None:
    _check_after_admission(errors, "reached_on", reached_on, incubation)


@transaction.atomic
def milestone_create(
    *, by: User | None, incubation: Incubation, **fields: Any
) -> IncubationMilestone:
    """Record a milestone the company reached during its stay."""
    errors = FieldErrors()
    _check_milestone(errors, incubation, fields.get("reached_on"))
    return create_record(IncubationMilestone, by=by, errors=errors, incubation=incubation, **fields)


@transaction.atomic
def milestone_update(
    *,
    incubationmilestone: IncubationMilestone,
    by: User | None,
    version: int | None = None,
    **fields: Any,
) -> IncubationMilestone:
    errors = FieldErrors()
    incubation = fields.get("incubation", incubationmilestone.incubation)
    _check_milestone(errors, incubation, fields.get("reached_on", incubationmilestone.reached_on))
    return update_record(incubationmilestone, by=by, version=version, errors=errors, **fields)


@transaction.atomic
def milestone_delete(
    *, incubationmilestone: IncubationMilestone, by: User | None, version: int | None = None
) -> None:
    delete_record(incubationmilestone, by=by, version=version)


@transaction.atomic
def incubation_record_milestone(
    *,
    incubation: Incubation,
    kind: str,
    reached_on: datetime.date,
    evidence: str = "",
    amount: Decimal | None = None,
    currency: str = Currency.CNY,
    by: User | None,
) -> IncubationMilestone:
    """The lifecycle step on the stay's page: a milestone reached (see `milestone_create`)."""
    return milestone_create(
        by=by,
        incubation=incubation,
        kind=kind,
        reached_on=reached_on,
        evidence=evidence,
        amount=amount,
        currency=currency,
    )


# Resources ------------------------------------------------------------------------------


def _check_resource(errors: FieldErrors, incubation: Incubation, starts_on: Any) -> None:
    _check_after_admission(errors, "starts_on", starts_on, incubation)


@transaction.atomic
def resource_create(
    *, by: User | None, incubation: Incubation, **fields: Any
) -> IncubationResource:
    """Record space or a service the company uses at the incubator, from `starts_on`."""
    errors = FieldErrors()
    _check_resource(errors, incubation, fields.get("starts_on"))
    return create_record(IncubationResource, by=by, errors=errors, incubation=incubation, **fields)


@transaction.atomic
def resource_update(
    *,
    incubationresource: IncubationResource,
    by: User | None,
    version: int | None = None,
    **fields: Any,
) -> IncubationResource:
    errors = FieldErrors()
    incubation = fields.get("incubation", incubationresource.incubation)
    _check_resource(errors, incubation, fields.get("starts_on", incubationresource.starts_on))
    return update_record(incubationresource, by=by, version=version, errors=errors, **fields)


@transaction.atomic
def resource_delete(
    *, incubationresource: IncubationResource, by: User | None, version: int | None = None
) -> None:
    delete_record(incubationresource, by=by, version=version)


@transaction.atomic
def incubation_add_resource(
    *,
    incubation: Incubation,
    kind: str,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    area_m2: Decimal | None = None,
    fee: Decimal | None = None,
    currency: str = Currency.CNY,
    note: str = "",
    by: User | None,
) -> IncubationResource:
    """The lifecycle step on the stay's page: a resource added (see `resource_create`)."""
    return resource_create(
        by=by,
        incubation=incubation,
        kind=kind,
        starts_on=starts_on,
        ends_on=ends_on,
        area_m2=area_m2,
        fee=fee,
        currency=currency,
        note=note,
    )


writes.register(
    Incubation, create=incubation_create, update=incubation_update, delete=incubation_delete
)
writes.register(
    IncubationMilestone, create=milestone_create, update=milestone_update, delete=milestone_delete
)
writes.register(
    IncubationResource, create=resource_create, update=resource_update, delete=resource_delete
)

permissions.scoped(Incubation, organization="organization", center="center")
permissions.scoped(
    IncubationMilestone, organization="incubation__organization", center="incubation__center"
)
permissions.scoped(
    IncubationResource, organization="incubation__organization", center="incubation__center"
)
