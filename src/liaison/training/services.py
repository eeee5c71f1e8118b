"""Writes to joint training: trainees, their supervisors, and the dated end of a training.

A trainee is trained under an agreement with a university or an enterprise; each of their
supervisors belongs to one of that agreement's parties — the institute's side through an
affiliation with the institute, the partner's side through an affiliation with a partner
organization of the agreement.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from liaison.agreements.choices import PartyRole
from liaison.agreements.models import Agreement
from liaison.core import permissions, writes
from liaison.core.display import join_items
from liaison.core.lifecycle import (
    FieldErrors,
    check_not_in_future,
    save_changes,
)
from liaison.core.writes import create_record, delete_record, update_record
from liaison.organizations.choices import OrganizationKind
from liaison.organizations.models import Organization
from liaison.people.models import Affiliation, Person

from .choices import TRAINEE_MOVES, SupervisionSide, TraineeStatus
from .models import Supervision, Trainee

if TYPE_CHECKING:
    from liaison.accounts.models import User

# The kinds of organization a joint training is agreed with.
TRAINING_PARTNER_KINDS = frozenset({OrganizationKind.UNIVERSITY, OrganizationKind.ENTERPRISE})
# Parties that sign beside the others without being a side of the training.
NOT_A_SIDE = frozenset({PartyRole.INSTITUTE, PartyRole.WITNESS})


def partner_organizations(agreement: Agreement) -> list[Organization]:
    """The agreement's parties on the partner side: every party but the institute and witnesses."""
    return [
        party.organization
        for party in agreement.parties.select_related("organization").order_by("pk")
        if party.role not in NOT_A_SIDE and not party.organization.is_institute
    ]


def _names(organizations: Iterable[Organization]) -> str:
    return join_items([str(o) for o in organizations]) or _("none")


def _check_agreement(errors: FieldErrors, agreement: Agreement | None) -> None:
    if agreement is None:
        return
    partners = partner_organizations(agreement)
    if not any(o.kind in TRAINING_PARTNER_KINDS for o in partners):
        errors.add(
            "agreement",
            _(
                "A joint training is agreed with a university or an enterprise; the partners of "
                "this agreement are: %(parties)s."
            ),
            code="no_training_partner",
            params={"parties": _names(partners)},
        )


def supervisor_refusal(agreement: Agreement, supervisor: Person, side: str) -> str | None:
    """Why `supervisor` cannot supervise on `side` a trainee of `agreement`, or None if they can."""
    if side == SupervisionSide.INSTITUTE:
        if Affiliation.objects.filter(person=supervisor, organization__is_institute=True).exists():
            return None
        return _(
            "%(person)s has no affiliation with the institute, so cannot supervise at the "
            "institute's side."
        ) % {"person": supervisor}
    partners = partner_organizations(agreement)
    if Affiliation.objects.filter(person=supervisor, organization__in=partners).exists():
        return None
    return _(
        "%(person)s has no affiliation with a partner of the agreement (%(parties)s), so cannot "
        "supervise at the partner's side."
    ) % {"person": supervisor, "parties": _names(partners)}


def _check_supervisor(
    errors: FieldErrors, trainee: Trainee | None, supervisor: Person | None, side: str | None
) -> None:
    if trainee is None or supervisor is None or side not in SupervisionSide.values:
        return  # the model says what is missing
    refusal = supervisor_refusal(trainee.agreement, supervisor, str(side))
    if refusal:
        errors.add("supervisor", refusal, code="not_of_the_parties")


# Trainees --------------------------------------------------------------------------------


@transaction.atomic
def trainee_create(*, by: User | None, **fields: Any) -> Trainee:
    """Record a student or postdoc trained under an agreement with a university or enterprise."""
    errors = FieldErrors()
    _check_agreement(errors, fields.get("agreement"))
    return create_record(Trainee, by=by, errors=errors, **fields)


@transaction.atomic
def trainee_update(
    *, trainee: Trainee, by: User | None, version: int | None = None, **fields: Any
) -> Trainee:
    """Change a trainee's record; moved to another agreement, their supervisors must fit it."""
    errors = FieldErrors()
    agreement = fields.get("agreement")
    if agreement is not None and agreement.pk != trainee.agreement_id:
        _check_agreement(errors, agreement)
        if not errors:
            refusals = [
                refusal
                for supervision in trainee.supervisions.select_related("supervisor")
                if (
                    refusal := supervisor_refusal(
                        agreement, supervision.supervisor, supervision.side
                    )
                )
            ]
            for refusal in refusals:
                errors.add("agreement", refusal, code="supervisor_not_of_the_parties")
    ends_on = trainee.ends_on
    starts_on = fields.get("starts_on")
    if ends_on is not None and starts_on is not None and starts_on > ends_on:
        errors.add(
            "starts_on",
            _("This training ended on %(date)s; it cannot start after that."),
            code="starts_after_end",
            params={"date": ends_on.isoformat()},
        )
    return update_record(trainee, by=by, version=version, errors=errors, **fields)


@transaction.atomic
def trainee_delete(*, trainee: Trainee, by: User | None, version: int | None = None) -> None:
    """Delete a trainee entered by mistake, with their supervisions."""
    delete_record(trainee, by=by, version=version)


def _end(trainee: Trainee, status: str, ended_on: datetime.date, by: User | None) -> Trainee:
    TRAINEE_MOVES.require(trainee, status)
    errors = FieldErrors()
    if ended_on < trainee.starts_on:
        errors.add(
            "ended_on",
            _("This training started on %(date)s; it cannot end before that."),
            code="before_start",
            params={"date": trainee.starts_on.isoformat()},
        )
    check_not_in_future(errors, "ended_on", ended_on)
    errors.raise_any()
    return save_changes(trainee, by=by, status=status, ends_on=ended_on)


@transaction.atomic
def trainee_graduate(*, trainee: Trainee, ended_on: datetime.date, by: User | None) -> Trainee:
    """Record that the trainee graduated (or completed the postdoc) on `ended_on`."""
    return _end(trainee, TraineeStatus.GRADUATED, ended_on, by)


@transaction.atomic
def trainee_withdraw(*, trainee: Trainee, ended_on: datetime.date, by: User | None) -> Trainee:
    """Record that the trainee withdrew on `ended_on`."""
    return _end(trainee, TraineeStatus.WITHDREW, ended_on, by)


# Supervisions ----------------------------------------------------------------------------


@transaction.atomic
def supervision_create(*, by: User | None, **fields: Any) -> Supervision:
    """Name a supervisor of a trainee, at the institute's side or the partner's."""
    errors = FieldErrors()
    _check_supervisor(errors, fields.get("trainee"), fields.get("supervisor"), fields.get("side"))
    return create_record(Supervision, by=by, errors=errors, **fields)


@transaction.atomic
def trainee_add_supervisor(
    *, trainee: Trainee, supervisor: Person, side: str, by: User | None
) -> Supervision:
    """Name a supervisor of `trainee` (the step on the trainee's page)."""
    return supervision_create(by=by, trainee=trainee, supervisor=supervisor, side=side)


@transaction.atomic
def supervision_update(
    *, supervision: Supervision, by: User | None, version: int | None = None, **fields: Any
) -> Supervision:
    """Change a supervisor or their side; a supervision stays with its trainee."""
    errors = FieldErrors()
    moved_to = fields.get("trainee")
    if moved_to is not None and moved_to.pk != supervision.trainee_id:
        errors.add("trainee", _("A supervision stays with its trainee."), code="moved")
    _check_supervisor(
        errors,
        supervision.trainee,
        fields.get("supervisor", supervision.supervisor),
        fields.get("side", supervision.side),
    )
    return update_record(supervision, by=by, version=version, errors=errors, **fields)


@transaction.atomic
def supervision_delete(
    *, supervision: Supervision, by: User | None, version: int | None = None
) -> None:
    """Remove a supervisor from a trainee."""
    delete_record(supervision, by=by, version=version)


writes.register(Trainee, create=trainee_create, update=trainee_update, delete=trainee_delete)
writes.register(
    Supervision, create=supervision_create, update=supervision_update, delete=supervision_delete
)

permissions.scoped(
    Trainee, organization="agreement__organizations", center="center", own="person__user"
)
permissions.scoped(
    Supervision,
    organization="trainee__agreement__organizations",
    center="trainee__center",
    own="trainee__person__user",
)
