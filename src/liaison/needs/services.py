"""Writes to technical needs, their match candidates and service records.

submitted → triaged → matched → in progress → solved | closed | withdrawn | rejected
(the table of moves is `choices.NEED_MOVES`). A need is created, changed and deleted by
`need_submit`, `need_update` and `need_delete`; its status moves only by its lifecycle steps.
"""

from __future__ import annotations

import copy
import datetime
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.centers.models import Center
from liaison.core import permissions, writes
from liaison.core.lifecycle import (
    FieldErrors,
    check_not_in_future,
    save_changes,
    status_label,
)
from liaison.core.models import history_user_for
from liaison.core.writes import create_record, delete_record, update_record
from liaison.organizations.models import Organization

from .choices import (
    CANDIDATE_STATUSES,
    NEED_MOVES,
    OPEN_NEED_STATUSES,
    CandidateKind,
    Decision,
    NeedStatus,
)
from .models import MatchCandidate, NeedAttachment, NeedMessage, ServiceRecord, TechnicalNeed

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from liaison.accounts.models import User

CANDIDATE_KEYS = frozenset({"kind", "person", "center", "achievement", "score", "explanation"})


def _check_not_before_submitted(
    errors: FieldErrors, need: TechnicalNeed, field: str, value: datetime.date
) -> None:
    if value < need.submitted_on:
        errors.add(
            field,
            _("This date is before the need was submitted (%(submitted_on)s)."),
            code="before_submitted",
            params={"submitted_on": need.submitted_on.isoformat()},
        )


@transaction.atomic
def need_submit(
    *,
    organization: Organization,
    title: str,
    description: str,
    submitted_on: datetime.date,
    by: User | None,
    **fields: Any,
) -> TechnicalNeed:
    """Record an enterprise's technical problem as submitted."""
    errors = FieldErrors()
    check_not_in_future(errors, "submitted_on", submitted_on)
    return create_record(
        TechnicalNeed,
        by=by,
        errors=errors,
        organization=organization,
        title=title,
        description=description,
        submitted_on=submitted_on,
        **fields,
    )


# The dates a need's lifecycle sets, each after its submission.
LIFECYCLE_DATES = ("triaged_on", "solved_on", "ended_on")


@transaction.atomic
def need_update(
    *, need: TechnicalNeed, by: User | None, version: int | None = None, **fields: Any
) -> TechnicalNeed:
    """Change a need's fields; refused if someone else saved it since `version`."""
    errors = FieldErrors()
    submitted_on = fields.get("submitted_on", need.submitted_on)
    if "submitted_on" in fields and submitted_on is not None:
        check_not_in_future(errors, "submitted_on", submitted_on)
        _check_submitted_before_lifecycle(errors, need, submitted_on)
    return update_record(need, by=by, version=version, errors=errors, **fields)


def _check_submitted_before_lifecycle(
    errors: FieldErrors, need: TechnicalNeed, submitted_on: datetime.date
) -> None:
    if errors.has("submitted_on"):
        return
    for name in LIFECYCLE_DATES:
        happened_on = getattr(need, name)
        if happened_on is not None and submitted_on > happened_on:
            errors.add(
                "submitted_on",
                _(
                    "A need is submitted before it moves on: this date is after its "
                    "“%(field)s” (%(date)s)."
                ),
                code="submitted_after_lifecycle",
                params={
                    "field": getattr(TechnicalNeed._meta.get_field(name), "verbose_name", name),
                    "date": happened_on.isoformat(),
                },
            )
            return


def _need_deletion_refusal(need: TechnicalNeed) -> StrOrPromise | None:
    if need.status == NeedStatus.SOLVED:
        return _("A solved need keeps its record: it cannot be deleted.")
    if need.status not in OPEN_NEED_STATUSES:
        return _("An ended need keeps its record: it cannot be deleted.")
    if need.status != NeedStatus.SUBMITTED:
        return _(
            "A need that has been triaged keeps its record: end it with Close, Withdraw or "
            "Reject instead."
        )
    if need.services.exists():
        return _(
            "Services delivered for this need refer to it: record them without the need "
            "first, or end the need with Close, Withdraw or Reject instead."
        )
    return None


@transaction.atomic
def need_delete(*, need: TechnicalNeed, by: User | None, version: int | None = None) -> None:
    """Delete a need entered by mistake; one that has been taken on is ended, not deleted."""
    delete_record(need, by=by, version=version, refusal=_need_deletion_refusal(need))


@transaction.atomic
def need_triage(
    *,
    need: TechnicalNeed,
    triaged_on: datetime.date,
    by: User | None,
    assigned_center: Center | None = None,
    domains: list[str] | None = None,
) -> TechnicalNeed:
    """Accept a submitted need for work: date it, and perhaps assign a center and domains."""
    NEED_MOVES.require(need, NeedStatus.TRIAGED)
    errors = FieldErrors()
    _check_not_before_submitted(errors, need, "triaged_on", triaged_on)
    check_not_in_future(errors, "triaged_on", triaged_on)
    return save_changes(
        need,
        by=by,
        errors=errors,
        status=NeedStatus.TRIAGED,
        triaged_on=triaged_on,
        assigned_center=assigned_center or need.assigned_center,
        domains=need.domains if domains is None else list(domains),
    )


def _target_key(candidate: MatchCandidate) -> tuple[str, int | None]:
    return (candidate.kind, candidate.person_id or candidate.center_id or candidate.achievement_id)


@transaction.atomic
def need_propose_candidates(
    *, need: TechnicalNeed, candidates: Iterable[Mapping[str, Any]], by: User | None
) -> list[MatchCandidate]:
    """Replace a need's pending candidates with `candidates`, ranked in the order given.

    Candidates the staff already accepted or rejected stay, and are not proposed again.
    """
    NEED_MOVES.require(need, NeedStatus.MATCHED)
    proposed = list(candidates)
    if not proposed:
        raise ValidationError(
            _("Propose at least one expert, center or achievement."), code="no_candidates"
        )
    for pending in need.candidates.filter(decision=Decision.PENDING):
        history_user_for(pending, by)
        pending.delete()
    # Decided candidates stay; a target is proposed once.
    taken = {_target_key(c) for c in need.candidates.all()}
    created: list[MatchCandidate] = []
    for number, proposal in enumerate(proposed, start=1):
        unknown = set(proposal) - CANDIDATE_KEYS
        if unknown:
            raise TypeError(f"candidate {number} has unknown keys: {sorted(unknown)}")
        candidate = MatchCandidate(
            need=need,
            kind=proposal.get("kind", ""),
            person=proposal.get("person"),
            center=proposal.get("center"),
            achievement=proposal.get("achievement"),
            score=proposal.get("score", 0.0),
            explanation=proposal.get("explanation", {}),
            rank=len(created) + 1,
        )
        if _target_key(candidate) in taken:
            continue
        taken.add(_target_key(candidate))
        try:
            save_changes(candidate, by=by)
        except ValidationError as error:
            raise ValidationError(
                _("Candidate %(number)s: %(problem)s"),
                code="invalid_candidate",
                params={"number": number, "problem": " ".join(error.messages)},
            ) from error
        created.append(candidate)
    save_changes(need, by=by, status=NeedStatus.MATCHED)
    return created


@transaction.atomic
def need_decide_candidate(
    *, candidate: MatchCandidate, decision: str, by: User | None
) -> MatchCandidate:
    """Record the staff's acceptance or rejection of a proposed candidate."""
    if decision not in {Decision.ACCEPTED, Decision.REJECTED}:
        raise ValidationError(
            {
                "decision": ValidationError(
                    _("Decide “accepted” or “rejected”."), code="invalid_decision"
                )
            }
        )
    need = candidate.need
    if need.status not in OPEN_NEED_STATUSES:
        raise ValidationError(
            _("The need is “%(current)s”; its candidates can no longer be decided."),
            code="need_ended",
            params={"current": status_label(need, need.status)},
        )
    return save_changes(
        candidate, by=by, decision=decision, decided_by=by, decided_at=timezone.now()
    )


@transaction.atomic
def need_start(*, need: TechnicalNeed, by: User | None) -> TechnicalNeed:
    """Record that work on a triaged or matched need has begun."""
    NEED_MOVES.require(need, NeedStatus.IN_PROGRESS)
    return save_changes(need, by=by, status=NeedStatus.IN_PROGRESS)


@transaction.atomic
def need_solve(
    *,
    need: TechnicalNeed,
    solved_on: datetime.date,
    solution_summary: str,
    by: User | None,
    satisfaction: int | None = None,
) -> TechnicalNeed:
    """Record that a need was solved, how, and how satisfied the enterprise was."""
    NEED_MOVES.require(need, NeedStatus.SOLVED)
    errors = FieldErrors()
    summary = solution_summary.strip()
    if not summary:
        errors.add(
            "solution_summary",
            _("A need cannot be solved without a solution summary: say how it was solved."),
            code="solution_required",
        )
    _check_not_before_submitted(errors, need, "solved_on", solved_on)
    check_not_in_future(errors, "solved_on", solved_on)
    if satisfaction is not None and not 1 <= satisfaction <= 5:
        errors.add(
            "satisfaction",
            _("Satisfaction runs from 1 (poor) to 5 (excellent)."),
            code="satisfaction_range",
        )
    return save_changes(
        need,
        by=by,
        errors=errors,
        status=NeedStatus.SOLVED,
        solved_on=solved_on,
        solution_summary=summary,
        satisfaction=satisfaction,
    )


def _end(
    need: TechnicalNeed,
    *,
    to: NeedStatus,
    ended_on: datetime.date,
    reason: str,
    reason_required: StrOrPromise | None,
    by: User | None,
) -> TechnicalNeed:
    NEED_MOVES.require(need, to)
    errors = FieldErrors()
    reason = reason.strip()
    if reason_required and not reason:
        errors.add("reason", reason_required, code="reason_required")
    _check_not_before_submitted(errors, need, "ended_on", ended_on)
    check_not_in_future(errors, "ended_on", ended_on)
    return save_changes(
        need, by=by, errors=errors, status=to, ended_on=ended_on, close_reason=reason
    )


@transaction.atomic
def need_close(
    *, need: TechnicalNeed, ended_on: datetime.date, reason: str, by: User | None
) -> TechnicalNeed:
    """Close an open need without a solution, saying why."""
    return _end(
        need,
        to=NeedStatus.CLOSED,
        ended_on=ended_on,
        reason=reason,
        reason_required=_("Say why the need is closed without a solution."),
        by=by,
    )


@transaction.atomic
def need_withdraw(
    *, need: TechnicalNeed, ended_on: datetime.date, by: User | None, reason: str = ""
) -> TechnicalNeed:
    """Record that the enterprise withdrew its open need."""
    return _end(
        need,
        to=NeedStatus.WITHDRAWN,
        ended_on=ended_on,
        reason=reason,
        reason_required=None,
        by=by,
    )


@transaction.atomic
def need_reject(
    *, need: TechnicalNeed, ended_on: datetime.date, reason: str, by: User | None
) -> TechnicalNeed:
    """Turn down an open need the institute cannot take on, saying why."""
    return _end(
        need,
        to=NeedStatus.REJECTED,
        ended_on=ended_on,
        reason=reason,
        reason_required=_("Say why the need is turned down."),
        by=by,
    )


# Match candidates, one at a time (the admin's add and change pages) ---------------------------

# The field of a candidate that names its target, by kind.
TARGET_FIELDS: dict[str, str] = {
    CandidateKind.EXPERT: "person",
    CandidateKind.CENTER: "center",
    CandidateKind.ACHIEVEMENT: "achievement",
}


def _check_need_takes_candidates(errors: FieldErrors, need: TechnicalNeed | None) -> None:
    if need is not None and need.status not in CANDIDATE_STATUSES:
        errors.add(
            "need",
            _(
                "This need is “%(current)s”: candidates are proposed once it is triaged, and "
                "until work on it starts."
            ),
            code="need_takes_no_candidates",
            params={"current": status_label(need, need.status)},
        )


def _check_target_not_proposed(errors: FieldErrors, candidate: MatchCandidate) -> None:
    if candidate.need_id is None:
        return
    field = TARGET_FIELDS.get(candidate.kind)
    if field is None or getattr(candidate, f"{field}_id") is None:
        return
    taken = MatchCandidate.objects.filter(
        need_id=candidate.need_id,
        kind=candidate.kind,
        **{f"{field}_id": getattr(candidate, f"{field}_id")},
    ).exclude(pk=candidate.pk)
    if taken.exists():
        errors.add(
            field,
            _("This %(target)s is already a candidate for this need."),
            code="already_proposed",
            params={
                "target": getattr(MatchCandidate._meta.get_field(field), "verbose_name", field)
            },
        )


def _match(need: TechnicalNeed, by: User | None) -> None:
    """A triaged need that gets a candidate is matched, as when candidates are proposed."""
    if need.status != NeedStatus.MATCHED:
        NEED_MOVES.require(need, NeedStatus.MATCHED)
        save_changes(need, by=by, status=NeedStatus.MATCHED)


@transaction.atomic
def candidate_create(*, by: User | None, **fields: Any) -> MatchCandidate:
    """Propose one expert, center or achievement for a triaged or matched need, which it matches."""
    need: TechnicalNeed | None = fields.get("need")
    errors = FieldErrors()
    _check_need_takes_candidates(errors, need)
    if need is not None and not fields.get("rank"):
        # Added after the others: last in rank.
        fields["rank"] = need.candidates.count() + 1
    candidate = MatchCandidate(**fields)
    _check_target_not_proposed(errors, candidate)
    created = create_record(MatchCandidate, by=by, errors=errors, **fields)
    _match(created.need, by)
    return created


@transaction.atomic
def candidate_update(
    *, candidate: MatchCandidate, by: User | None, version: int | None = None, **fields: Any
) -> MatchCandidate:
    """Change a candidate of an open need; moved to another need, that need must take candidates."""
    need = candidate.need
    errors = FieldErrors()
    if need.status not in OPEN_NEED_STATUSES:
        errors.add(
            None,
            _("The need is “%(current)s”; its candidates can no longer be changed."),
            code="need_ended",
            params={"current": status_label(need, need.status)},
        )
    moved_to: TechnicalNeed | None = fields.get("need")
    if moved_to is not None and moved_to.pk != need.pk:
        _check_need_takes_candidates(errors, moved_to)
    changed = copy.copy(candidate)
    for name, value in fields.items():
        setattr(changed, name, value)
    _check_target_not_proposed(errors, changed)
    saved = update_record(candidate, by=by, version=version, errors=errors, **fields)
    if moved_to is not None and moved_to.pk != need.pk:
        _match(saved.need, by)
    return saved


@transaction.atomic
def candidate_delete(
    *, candidate: MatchCandidate, by: User | None, version: int | None = None
) -> None:
    """Delete a pending candidate of an open need; a decision and an ended need keep theirs."""
    need = candidate.need
    refusal: StrOrPromise | None = None
    if need.status not in OPEN_NEED_STATUSES:
        refusal = _("The need has ended; its candidates keep their record.")
    elif candidate.decision != Decision.PENDING:
        refusal = _(
            "A decided candidate keeps its record: change the decision with Accept or Reject "
            "instead."
        )
    delete_record(candidate, by=by, version=version, refusal=refusal)


# Service records -----------------------------------------------------------------------------


@transaction.atomic
def service_record_create(
    *,
    organization: Organization,
    kind: str,
    title: str,
    delivered_on: datetime.date,
    by: User | None,
    **fields: Any,
) -> ServiceRecord:
    """Record a technical service delivered to an organization."""
    errors = FieldErrors()
    check_not_in_future(errors, "delivered_on", delivered_on)
    return create_record(
        ServiceRecord,
        by=by,
        errors=errors,
        organization=organization,
        kind=kind,
        title=title,
        delivered_on=delivered_on,
        **fields,
    )


@transaction.atomic
def service_record_update(
    *, service_record: ServiceRecord, by: User | None, version: int | None = None, **fields: Any
) -> ServiceRecord:
    """Change a service record; refused if someone else saved it since `version`."""
    errors = FieldErrors()
    if "delivered_on" in fields:
        check_not_in_future(errors, "delivered_on", fields["delivered_on"])
    return update_record(service_record, by=by, version=version, errors=errors, **fields)


@transaction.atomic
def service_record_delete(
    *, service_record: ServiceRecord, by: User | None, version: int | None = None
) -> None:
    """Delete a service record entered by mistake; its history keeps who deleted it."""
    delete_record(service_record, by=by, version=version)


writes.register(
    TechnicalNeed, create=need_submit, update=need_update, delete=need_delete, target="need"
)
writes.register(
    MatchCandidate,
    create=candidate_create,
    update=candidate_update,
    delete=candidate_delete,
    target="candidate",
)
writes.register(
    ServiceRecord,
    create=service_record_create,
    update=service_record_update,
    delete=service_record_delete,
    target="service_record",
)

permissions.scoped(
    TechnicalNeed,
    organization="organization",
    center="assigned_center",
    own="candidates__person__user",
    secret="confidentiality",
    assigned="assigned_staff",
    hidden={"budget": "confidentiality", "description": "confidentiality"},
)
permissions.scoped(
    MatchCandidate,
    center="need__assigned_center",
    own="person__user",
    secret="need__confidentiality",
    assigned="need__assigned_staff",
)
permissions.scoped(
    ServiceRecord,
    organization="organization",
    center="center",
    own="provided_by__user",
    hidden={"revenue": "need__confidentiality"},
)
permissions.scoped(
    NeedAttachment,
    organization="need__organization",
    center="need__assigned_center",
    secret="need__confidentiality",
    assigned="need__assigned_staff",
)
permissions.scoped(
    NeedMessage,
    organization="need__organization",
    center="need__assigned_center",
    secret="need__confidentiality",
    assigned="need__assigned_staff",
)
