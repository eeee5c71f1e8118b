"""Writes to technical needs and service records.

submitted → triaged → matched → in progress → solved | closed | withdrawn | rejected
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.centers.models import Center
from liaison.core.lifecycle import (
    FieldErrors,
    check_not_in_future,
    refuse_unmanaged_fields,
    require_status,
    save_changes,
    status_label,
)
from liaison.core.models import history_user_for
from liaison.organizations.models import Organization

from .choices import OPEN_NEED_STATUSES, Decision, NeedStatus
from .models import MatchCandidate, ServiceRecord, TechnicalNeed

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from liaison.accounts.models import User

SOLVABLE_STATUSES = frozenset({NeedStatus.TRIAGED, NeedStatus.MATCHED, NeedStatus.IN_PROGRESS})
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
    refuse_unmanaged_fields(TechnicalNeed, fields)
    need = TechnicalNeed(
        organization=organization,
        title=title,
        description=description,
        submitted_on=submitted_on,
        **fields,
    )
    errors = FieldErrors()
    check_not_in_future(errors, "submitted_on", submitted_on)
    return save_changes(need, by=by, errors=errors)


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
    require_status(need, wanted=NeedStatus.TRIAGED, allowed={NeedStatus.SUBMITTED})
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
    require_status(
        need, wanted=NeedStatus.MATCHED, allowed={NeedStatus.TRIAGED, NeedStatus.MATCHED}
    )
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
    require_status(
        need, wanted=NeedStatus.IN_PROGRESS, allowed={NeedStatus.TRIAGED, NeedStatus.MATCHED}
    )
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
    require_status(need, wanted=NeedStatus.SOLVED, allowed=SOLVABLE_STATUSES)
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
    require_status(need, wanted=to, allowed=OPEN_NEED_STATUSES)
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
    refuse_unmanaged_fields(ServiceRecord, fields)
    record = ServiceRecord(
        organization=organization, kind=kind, title=title, delivered_on=delivered_on, **fields
    )
    errors = FieldErrors()
    check_not_in_future(errors, "delivered_on", delivered_on)
    return save_changes(record, by=by, errors=errors)
