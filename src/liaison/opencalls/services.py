"""Writes to open calls (揭榜挂帅), their applications, documents and reviews.

A call: draft → published → closed → awarded, or cancelled (`CALL_MOVES`). It publishes one
triaged or matched need, never a secret one, and one live call per need; it is published
only with the enterprise's consent, given on the portal by the enterprise's user
(`call_consent`) or recorded by the office with who gave it, when and how
(`call_record_consent`).

An application: submitted → shortlisted → selected | not selected, or withdrawn by its
applicant (`APPLICATION_MOVES`). It is submitted while the call is published and on or
before its deadline, by its applicant — a researcher for themself, a center's manager for
the center, an enterprise's user for its organization (never for the organization whose
need the call publishes) — or by the office. The applicant alone (and the office) changes
its proposal and documents; the enterprise and the office review it.

Selection is the office's, and requires the enterprise's endorsement: a review by the
enterprise (from the portal, or recorded by the office with its evidence) recommending this
team. The enterprise pays the reward and lives with the solution; the office does not
choose a team over its head. Selecting a team awards the call, declines the other pending
applications, and carries the team's work on as the need's solution through the needs
services: the researcher, the center and the members become accepted match candidates, a
center is assigned the need if it has none, the enterprise is shown who works on it, and
the need is in progress.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from liaison.core import permissions, writes
from liaison.core.choices import Confidentiality
from liaison.core.lifecycle import (
    FieldErrors,
    check_not_in_future,
    refuse_unmanaged_fields,
    require_version,
    save_changes,
    status_label,
    today,
)
from liaison.core.uploads import check_upload, display_name, max_upload_bytes, stored_name
from liaison.core.writes import create_record, delete_record, update_record
from liaison.needs.choices import CANDIDATE_STATUSES, CandidateKind, Decision
from liaison.needs.models import MatchCandidate, TechnicalNeed
from liaison.needs.services import (
    candidate_create,
    need_decide_candidate,
    need_start,
    need_update,
)
from liaison.people.models import Person

from .choices import (
    APPLICATION_MOVES,
    CALL_MOVES,
    ENDED_CALL_STATUSES,
    LIVE_CALL_STATUSES,
    PENDING_APPLICATION_STATUSES,
    ApplicantKind,
    ApplicationStatus,
    CallStatus,
    ConsentMethod,
    Recommendation,
    ReviewSide,
)
from .models import CallApplication, CallAttachment, CallReview, OpenCall

if TYPE_CHECKING:
    from liaison.accounts.models import User

# The field naming the applicant, by the kind of team.
APPLICANT_FIELDS = {
    ApplicantKind.PERSON: "person",
    ApplicantKind.CENTER: "center",
    ApplicantKind.ORGANIZATION: "organization",
}


# Who is who -----------------------------------------------------------------------------------


def handles_calls(user: Any) -> bool:
    """Whether `user` is of the office for open calls: their roles let them change every
    application (the system, `None`, is too)."""
    if user is None:
        return True
    grants = permissions.grants_of(user)
    return grants is permissions.EVERYTHING or any(
        grant.scope == permissions.ALL and grant.covers(CallApplication, "change")
        for grant in grants.rules
    )


def speaks_for(user: Any, organization_id: int | None) -> bool:
    """Whether `user` is one of the organization's own users (an enterprise user of it)."""
    if user is None or organization_id is None:
        return False
    return any(
        grant.scope == permissions.ORGANIZATION and organization_id in grant.organization_ids
        for grant in permissions.grants_of(user).rules
    )


def _manages(user: Any, center_id: int | None) -> bool:
    if user is None or center_id is None:
        return False
    return any(
        grant.scope == permissions.CENTERS
        and center_id in grant.center_ids
        and grant.covers(CallApplication, "add")
        for grant in permissions.grants_of(user).rules
    )


def is_applicant(user: Any, application: CallApplication) -> bool:
    """Whether `user` applies as the team: the researcher themself, a manager of the center,
    a user of the organization."""
    if user is None:
        return False
    if application.applicant_kind == ApplicantKind.PERSON:
        person = application.person
        return person is not None and person.user_id == user.pk
    if application.applicant_kind == ApplicantKind.CENTER:
        return _manages(user, application.center_id)
    return speaks_for(user, application.organization_id)


def _refuse_unless_office(by: Any, message: str) -> None:
    if not handles_calls(by):
        raise PermissionDenied(message)


def _refuse_unless_applicant_or_office(by: Any, application: CallApplication) -> None:
    if not handles_calls(by) and not is_applicant(by, application):
        raise PermissionDenied(_("Only the applicant and the office change an application."))


# Calls ----------------------------------------------------------------------------------------


def _check_need(errors: FieldErrors, need: TechnicalNeed | None, call: OpenCall | None) -> None:
    """A call publishes a triaged or matched need that is not secret and has no other live call."""
    if need is None:
        return
    if need.confidentiality == Confidentiality.SECRET:
        errors.add(
            "need",
            _(
                "A secret need is never published: make it less confidential first, if the "
                "enterprise agrees."
            ),
            code="secret_need",
        )
    if need.status not in CANDIDATE_STATUSES:
        errors.add(
            "need",
            _(
                "This need is “%(status)s”: a call publishes a need the office has triaged and "
                "not yet given to a team."
            ),
            code="need_not_open_to_teams",
            params={"status": status_label(need, need.status)},
        )
    others = OpenCall._base_manager.filter(need=need, status__in=LIVE_CALL_STATUSES)
    if call is not None and call.pk is not None:
        others = others.exclude(pk=call.pk)
    if others.exists():
        errors.add(
            "need",
            _("This need is already published by a live open call: one call per need."),
            code="need_has_live_call",
        )


@transaction.atomic
def call_create(*, by: User | None, **fields: Any) -> OpenCall:
    """Draft an open call publishing a need; it is published once the enterprise consents."""
    errors = FieldErrors()
    _check_need(errors, fields.get("need"), None)
    return create_record(OpenCall, by=by, errors=errors, **fields)


@transaction.atomic
def call_update(
    *, opencall: OpenCall, by: User | None, version: int | None = None, **fields: Any
) -> OpenCall:
    """Correct a call that has not ended; the need it publishes changes only before consent."""
    errors = FieldErrors()
    if opencall.status in ENDED_CALL_STATUSES:
        errors.add(
            None,
            _("This call is “%(status)s”: it is kept as it ended."),
            code="call_ended",
            params={"status": status_label(opencall, opencall.status)},
        )
    need = fields.get("need")
    if need is not None and need.pk != opencall.need_id:
        if opencall.consented_on is not None:
            errors.add(
                "need",
                _("The enterprise consented to publishing this need: a call keeps its need."),
                code="need_fixed",
            )
        else:
            _check_need(errors, need, opencall)
    deadline = fields.get("deadline", opencall.deadline)
    if (
        opencall.published_on is not None
        and deadline is not None
        and deadline < opencall.published_on
    ):
        errors.add(
            "deadline",
            _("The call was published on %(date)s: its deadline is after that."),
            code="deadline_before_published",
            params={"date": opencall.published_on.isoformat()},
        )
    return update_record(opencall, by=by, version=version, errors=errors, **fields)


@transaction.atomic
def call_delete(*, opencall: OpenCall, by: User | None, version: int | None = None) -> None:
    """Delete a draft entered by mistake; a published call is cancelled instead."""
    refusal = None
    if opencall.published_on is not None or opencall.applications.exists():
        refusal = _("This call was published, so it keeps its record: cancel it instead.")
    delete_record(opencall, by=by, version=version, refusal=refusal)


def _check_consent_date(errors: FieldErrors, call: OpenCall, field: str, on: Any) -> None:
    check_not_in_future(errors, field, on)
    submitted = call.need.submitted_on
    if on is not None and on < submitted and not errors.has(field):
        errors.add(
            field,
            _("%(date)s is before the need was submitted, on %(submitted)s."),
            code="before_need",
            params={"date": on.isoformat(), "submitted": submitted.isoformat()},
        )


def _require_no_consent(errors: FieldErrors, call: OpenCall) -> None:
    if call.consented_on is not None:
        errors.add(
            None,
            _("The enterprise's consent is recorded already (%(date)s, %(by)s)."),
            code="consent_recorded",
            params={"date": call.consented_on.isoformat(), "by": call.consent_given_by},
        )


@transaction.atomic
def call_record_consent(
    *,
    opencall: OpenCall,
    given_by: str,
    consented_on: datetime.date,
    method: str,
    evidence: str,
    by: User | None,
) -> OpenCall:
    """The office records the enterprise's consent to publishing its need: who gave it, when,
    how, and what shows it."""
    _refuse_unless_office(
        by, _("The office records consent given to it; the enterprise consents on the portal.")
    )
    CALL_MOVES.require(opencall, CallStatus.PUBLISHED)
    errors = FieldErrors()
    _require_no_consent(errors, opencall)
    if not given_by.strip():
        errors.add(
            "given_by",
            _("Name the enterprise's person who consented, with their position."),
            code="given_by_required",
        )
    if method not in ConsentMethod.values or method == ConsentMethod.PORTAL:
        errors.add(
            "method",
            _("Say how the enterprise consented: a letter, an email, a meeting…"),
            code="method_required",
        )
    if not evidence.strip():
        errors.add(
            "evidence",
            _(
                "Say what shows the consent: the letter's date and signatory, the email, the "
                "minutes."
            ),
            code="evidence_required",
        )
    _check_consent_date(errors, opencall, "consented_on", consented_on)
    return save_changes(
        opencall,
        by=by,
        errors=errors,
        consented_on=consented_on,
        consent_method=method,
        consent_given_by=given_by.strip(),
        consent_evidence=evidence.strip(),
        consent_user=by,
    )


def _user_name(user: Any) -> str:
    return str(user.get_full_name() or user.get_username())


@transaction.atomic
def call_consent(*, opencall: OpenCall, by: User, version: int | None = None) -> OpenCall:
    """The enterprise's user consents, on the portal, to its need being published as this call."""
    if not speaks_for(by, opencall.need.organization_id) or not permissions.may(
        by, "view", opencall
    ):
        raise PermissionDenied(
            _("Only the enterprise whose need the call publishes consents to it.")
        )
    require_version(opencall, version)
    CALL_MOVES.require(opencall, CallStatus.PUBLISHED)
    errors = FieldErrors()
    _require_no_consent(errors, opencall)
    on = today()
    return save_changes(
        opencall,
        by=by,
        errors=errors,
        consented_on=on,
        consent_method=ConsentMethod.PORTAL,
        consent_given_by=_user_name(by),
        consent_evidence=_("Consent given on the portal by %(user)s.") % {"user": _user_name(by)},
        consent_user=by,
    )


@transaction.atomic
def call_publish(*, opencall: OpenCall, published_on: datetime.date, by: User | None) -> OpenCall:
    """Publish a drafted call the enterprise consented to: it takes applications until its
    deadline."""
    _refuse_unless_office(by, _("The office publishes a call."))
    CALL_MOVES.require(opencall, CallStatus.PUBLISHED)
    errors = FieldErrors()
    if opencall.consented_on is None:
        errors.add(
            None,
            _(
                "The enterprise has not consented to publishing its need: it consents on the "
                "portal, or the office records its consent with the evidence."
            ),
            code="consent_required",
        )
    _check_need(errors, opencall.need, opencall)
    check_not_in_future(errors, "published_on", published_on)
    if opencall.consented_on is not None and published_on < opencall.consented_on:
        errors.add(
            "published_on",
            _("The enterprise consented on %(date)s: the call is published after that."),
            code="before_consent",
            params={"date": opencall.consented_on.isoformat()},
        )
    if opencall.deadline <= published_on:
        errors.add(
            "published_on",
            _("The call's deadline, %(deadline)s, must come after its publication."),
            code="deadline_passed",
            params={"deadline": opencall.deadline.isoformat()},
        )
    return save_changes(
        opencall, by=by, errors=errors, status=CallStatus.PUBLISHED, published_on=published_on
    )


def _check_after(
    errors: FieldErrors, field: str, on: datetime.date, since: datetime.date | None, what: str
) -> None:
    check_not_in_future(errors, field, on)
    if since is not None and on < since and not errors.has(field):
        errors.add(
            field,
            _("%(date)s is before %(what)s, on %(since)s."),
            code="too_early",
            params={"date": on.isoformat(), "what": what, "since": since.isoformat()},
        )


@transaction.atomic
def call_close(*, opencall: OpenCall, closed_on: datetime.date, by: User | None) -> OpenCall:
    """Close a published call to applications (its deadline passed, or enough came in)."""
    _refuse_unless_office(by, _("The office closes a call."))
    CALL_MOVES.require(opencall, CallStatus.CLOSED)
    errors = FieldErrors()
    _check_after(errors, "closed_on", closed_on, opencall.published_on, _("it was published"))
    return save_changes(
        opencall, by=by, errors=errors, status=CallStatus.CLOSED, closed_on=closed_on
    )


@transaction.atomic
def call_cancel(
    *, opencall: OpenCall, cancelled_on: datetime.date, reason: str, by: User | None
) -> OpenCall:
    """Cancel a call that will not be awarded, saying why; its pending applications are not
    selected."""
    _refuse_unless_office(by, _("The office cancels a call."))
    CALL_MOVES.require(opencall, CallStatus.CANCELLED)
    errors = FieldErrors()
    if not reason.strip():
        errors.add("reason", _("Say why the call is cancelled."), code="reason_required")
    _check_after(errors, "cancelled_on", cancelled_on, opencall.published_on, _("it was published"))
    save_changes(
        opencall,
        by=by,
        errors=errors,
        status=CallStatus.CANCELLED,
        cancelled_on=cancelled_on,
        cancel_reason=reason.strip(),
    )
    _decline_pending(opencall, on=cancelled_on, note=_("The call was cancelled."), by=by)
    return opencall


def _decline_pending(
    call: OpenCall, *, on: datetime.date, note: str, by: User | None, but: int | None = None
) -> None:
    pending = call.applications.filter(status__in=PENDING_APPLICATION_STATUSES).exclude(pk=but)
    for application in pending:
        save_changes(
            application,
            by=by,
            status=ApplicationStatus.NOT_SELECTED,
            decided_on=max(on, application.submitted_on),
            decision_note=note,
        )


# Applications ---------------------------------------------------------------------------------


def _check_call_open(errors: FieldErrors, call: OpenCall | None, on: datetime.date) -> None:
    """A call takes applications while it is published, up to its deadline."""
    if call is None:
        return
    if call.status != CallStatus.PUBLISHED:
        errors.add(
            "call",
            _("This call is “%(status)s”: it takes applications only while it is published."),
            code="call_not_open",
            params={"status": status_label(call, call.status)},
        )
        return
    if on > call.deadline:
        errors.add(
            "call",
            _("The call's deadline was %(deadline)s: applications are submitted by then."),
            code="after_deadline",
            params={"deadline": call.deadline.isoformat()},
        )
    elif call.published_on is not None and on < call.published_on:
        errors.add(
            "call",
            _("The call was published on %(date)s: an application comes after that."),
            code="before_published",
            params={"date": call.published_on.isoformat()},
        )


def _check_applicant(errors: FieldErrors, fields: dict[str, Any]) -> None:
    kind = fields.get("applicant_kind")
    named = [name for name in APPLICANT_FIELDS.values() if fields.get(name) is not None]
    wanted = APPLICANT_FIELDS.get(kind) if kind else None
    if wanted is None:
        errors.add(
            "applicant_kind",
            _("Say who the team is: a researcher, a center or an outside organization."),
            code="kind_required",
        )
        return
    if fields.get(wanted) is None:
        errors.add(
            wanted,
            _("Name the %(applicant)s applying.")
            % {
                "applicant": getattr(
                    CallApplication._meta.get_field(wanted), "verbose_name", wanted
                )
            },
            code="applicant_required",
        )
    for name in named:
        if name != wanted:
            errors.add(
                name,
                _("The team is one applicant: leave this empty for a team of this kind."),
                code="one_applicant",
            )
    call: OpenCall | None = fields.get("call")
    organization = fields.get("organization")
    if (
        call is not None
        and organization is not None
        and organization.pk == call.need.organization_id
    ):
        errors.add(
            "organization",
            _("The enterprise whose need the call publishes does not answer its own call."),
            code="own_call",
        )


def _check_once(errors: FieldErrors, application: CallApplication) -> None:
    """A team applies to a call once (again only after withdrawing)."""
    field = APPLICANT_FIELDS.get(application.applicant_kind)  # type: ignore[call-overload]
    if field is None or application.call_id is None:
        return
    value = getattr(application, f"{field}_id")
    if value is None:
        return
    taken = (
        CallApplication._base_manager.filter(call_id=application.call_id, **{f"{field}_id": value})
        .exclude(status=ApplicationStatus.WITHDRAWN)
        .exclude(pk=application.pk)
    )
    if taken.exists():
        errors.add(
            field,
            _("This team has applied to this call already: change that application instead."),
            code="applied_already",
        )


def _check_members(errors: FieldErrors, fields: dict[str, Any]) -> None:
    members = fields.get("members")
    person = fields.get("person")
    if members is not None and person is not None and any(m.pk == person.pk for m in members):
        errors.add(
            "members",
            _("The researcher applying leads the team: name the other members here."),
            code="lead_among_members",
        )


@transaction.atomic
def application_submit(
    *, by: User | None, submitted_on: datetime.date | None = None, **fields: Any
) -> CallApplication:
    """Submit a team's application to a published call, on or before its deadline."""
    on = submitted_on or today()
    refuse_unmanaged_fields(CallApplication, fields)
    errors = FieldErrors()
    check_not_in_future(errors, "submitted_on", on)
    _check_call_open(errors, fields.get("call"), on)
    _check_applicant(errors, fields)
    _check_members(errors, fields)
    members = fields.pop("members", None)
    application = CallApplication(submitted_on=on, submitted_by=by if by and by.pk else None)
    for name, value in fields.items():
        setattr(application, name, value)
    _check_once(errors, application)
    if not errors and not handles_calls(by) and not is_applicant(by, application):
        raise PermissionDenied(
            _("You apply for yourself, for a center you manage or for your organization.")
        )
    save_changes(application, by=by, errors=errors)
    if members is not None:
        application.members.set(members)
    return application


FIXED_APPLICATION_FIELDS = ("call", "applicant_kind", "person", "center", "organization")


@transaction.atomic
def application_update(
    *,
    callapplication: CallApplication,
    by: User | None,
    version: int | None = None,
    **fields: Any,
) -> CallApplication:
    """Change a pending application's proposal, budget, duration or members; its applicant
    changes it while the call takes applications, the office at any time before the decision."""
    application = callapplication
    _refuse_unless_applicant_or_office(by, application)
    errors = FieldErrors()
    for name in FIXED_APPLICATION_FIELDS:
        if name not in fields:
            continue
        current = getattr(application, name)
        value = fields[name]
        if (getattr(value, "pk", value)) != (getattr(current, "pk", current)):
            errors.add(
                name,
                _("An application keeps its call and its team: withdraw it and apply anew."),
                code="application_fixed",
            )
    if application.status not in PENDING_APPLICATION_STATUSES:
        errors.add(
            None,
            _("This application is “%(status)s”: it is kept as it was decided."),
            code="application_decided",
            params={"status": status_label(application, application.status)},
        )
    elif not handles_calls(by):
        _check_call_open(errors, application.call, today())
    _check_members(errors, {"person": application.person, **fields})
    return update_record(application, by=by, version=version, errors=errors, **fields)


@transaction.atomic
def application_delete(
    *, callapplication: CallApplication, by: User | None, version: int | None = None
) -> None:
    """Delete an application entered by mistake, before anyone reviewed it; one that was is
    withdrawn instead."""
    application = callapplication
    _refuse_unless_applicant_or_office(by, application)
    refusal = None
    if application.status != ApplicationStatus.SUBMITTED or application.reviews.exists():
        refusal = _(
            "This application was reviewed or decided, so it keeps its record: withdraw it instead."
        )
    if refusal is None:
        for attachment in application.attachments.all():
            attachment_delete(callattachment=attachment, by=by)
    delete_record(application, by=by, version=version, refusal=refusal)


@transaction.atomic
def application_withdraw(
    *,
    callapplication: CallApplication,
    withdrawn_on: datetime.date,
    by: User | None,
    reason: str = "",
) -> CallApplication:
    """The applicant withdraws their application before the decision."""
    application = callapplication
    _refuse_unless_applicant_or_office(by, application)
    APPLICATION_MOVES.require(application, ApplicationStatus.WITHDRAWN)
    errors = FieldErrors()
    _check_after(
        errors, "withdrawn_on", withdrawn_on, application.submitted_on, _("it was submitted")
    )
    return save_changes(
        application,
        by=by,
        errors=errors,
        status=ApplicationStatus.WITHDRAWN,
        withdrawn_on=withdrawn_on,
        decision_note=reason.strip(),
    )


def _check_decision(
    errors: FieldErrors, application: CallApplication, decided_on: datetime.date
) -> None:
    _check_after(errors, "decided_on", decided_on, application.submitted_on, _("it was submitted"))
    call = application.call
    if call.status in ENDED_CALL_STATUSES:
        errors.add(
            None,
            _("The call is “%(status)s”: its applications are decided already."),
            code="call_ended",
            params={"status": status_label(call, call.status)},
        )


def _decide(
    application: CallApplication,
    status: str,
    decided_on: datetime.date,
    by: User | None,
    note: str,
) -> CallApplication:
    _refuse_unless_office(by, _("The office shortlists and selects the teams."))
    APPLICATION_MOVES.require(application, status)
    errors = FieldErrors()
    _check_decision(errors, application, decided_on)
    return save_changes(
        application,
        by=by,
        errors=errors,
        status=status,
        decided_on=decided_on,
        decision_note=note.strip(),
    )


@transaction.atomic
def application_shortlist(
    *,
    callapplication: CallApplication,
    decided_on: datetime.date,
    by: User | None,
    note: str = "",
) -> CallApplication:
    """The office shortlists a submitted application for the final choice."""
    return _decide(callapplication, ApplicationStatus.SHORTLISTED, decided_on, by, note)


@transaction.atomic
def application_decline(
    *,
    callapplication: CallApplication,
    decided_on: datetime.date,
    by: User | None,
    note: str = "",
) -> CallApplication:
    """The office decides not to select an application."""
    return _decide(callapplication, ApplicationStatus.NOT_SELECTED, decided_on, by, note)


def enterprise_endorsement(application: CallApplication) -> CallReview | None:
    """The enterprise's latest review of the application, if it recommends selecting it."""
    latest = (
        CallReview._base_manager.filter(application=application, side=ReviewSide.ENTERPRISE)
        .order_by("-reviewed_on", "-pk")
        .first()
    )
    if latest is not None and latest.recommendation == Recommendation.SELECT:
        return latest
    return None


@transaction.atomic
def application_select(
    *,
    callapplication: CallApplication,
    decided_on: datetime.date,
    by: User | None,
    note: str = "",
) -> CallApplication:
    """The office selects the team the enterprise endorsed: the call is awarded, the other
    pending applications are not selected, and the team's work goes on as the need's solution."""
    application = callapplication
    _refuse_unless_office(by, _("The office shortlists and selects the teams."))
    APPLICATION_MOVES.require(application, ApplicationStatus.SELECTED)
    call = application.call
    CALL_MOVES.require(call, CallStatus.AWARDED)
    errors = FieldErrors()
    _check_decision(errors, application, decided_on)
    if enterprise_endorsement(application) is None:
        errors.add(
            None,
            _(
                "The enterprise has not endorsed this team: a team is selected once the "
                "enterprise recommends it in its review (on the portal, or recorded by the "
                "office with its evidence)."
            ),
            code="not_endorsed",
        )
    need = call.need
    if need.status not in CANDIDATE_STATUSES:
        errors.add(
            None,
            _(
                "The need is “%(status)s”: the team's work can no longer be carried on as its "
                "solution."
            ),
            code="need_moved_on",
            params={"status": status_label(need, need.status)},
        )
    save_changes(
        application,
        by=by,
        errors=errors,
        status=ApplicationStatus.SELECTED,
        decided_on=decided_on,
        decision_note=note.strip(),
    )
    _decline_pending(
        call, on=decided_on, note=_("Another team was selected."), by=by, but=application.pk
    )
    save_changes(call, by=by, status=CallStatus.AWARDED, awarded_on=decided_on)
    _carry_on_as_solution(application, by=by)
    return application


def _accept(need: TechnicalNeed, kind: str, field: str, target: Any, by: User | None) -> None:
    """`target` accepted as a candidate for the need: proposed if it is not yet."""
    candidate = MatchCandidate._base_manager.filter(need=need, kind=kind, **{field: target}).first()
    if candidate is None:
        candidate = candidate_create(
            by=by,
            need=need,
            kind=kind,
            **{field: target},
            score=1.0,
            explanation={"open_call": True},
        )
    if candidate.decision != Decision.ACCEPTED:
        need_decide_candidate(candidate=candidate, decision=Decision.ACCEPTED, by=by)


def _carry_on_as_solution(application: CallApplication, *, by: User | None) -> None:
    need = TechnicalNeed._base_manager.get(pk=application.call.need_id)
    if application.person is not None:
        _accept(need, CandidateKind.EXPERT, "person", application.person, by)
    if application.center is not None:
        _accept(need, CandidateKind.CENTER, "center", application.center, by)
    members: Iterable[Person] = application.members.all()
    for member in members:
        _accept(need, CandidateKind.EXPERT, "person", member, by)
    need.refresh_from_db()
    changes: dict[str, Any] = {"team_visible": True}
    if application.center is not None and need.assigned_center_id is None:
        changes["assigned_center"] = application.center
    need = need_update(need=need, by=by, **changes)
    need_start(need=need, by=by)


# Documents ------------------------------------------------------------------------------------


def _check_pending(errors: FieldErrors, application: CallApplication | None) -> None:
    if application is not None and application.status not in PENDING_APPLICATION_STATUSES:
        errors.add(
            "application",
            _("This application is “%(status)s”: it is kept as it was decided."),
            code="application_decided",
            params={"status": status_label(application, application.status)},
        )


@transaction.atomic
def attachment_create(*, by: User | None, **fields: Any) -> CallAttachment:
    """Attach a document to a pending application, once its content is one of the accepted
    kinds; it is stored under a random name."""
    application: CallApplication | None = fields.get("application")
    if application is not None:
        _refuse_unless_applicant_or_office(by, application)
    errors = FieldErrors()
    _check_pending(errors, application)
    upload = fields.get("file")
    if upload is not None and hasattr(upload, "read"):
        try:
            checked = check_upload(upload, max_bytes=max_upload_bytes(), name=upload.name)
        except ValidationError as error:
            raise ValidationError({"file": error.error_list}) from error
        if not (fields.get("title") or "").strip():
            fields["title"] = display_name(upload.name)[:200]
        upload.name = stored_name(checked)
    return create_record(CallAttachment, by=by, errors=errors, **fields)


@transaction.atomic
def attachment_update(
    *, callattachment: CallAttachment, by: User | None, version: int | None = None, **fields: Any
) -> CallAttachment:
    """Retitle a document; its file is kept as it was sent (attach a new one instead)."""
    attachment = callattachment
    _refuse_unless_applicant_or_office(by, attachment.application)
    new_file = fields.get("file", attachment.file)
    if getattr(new_file, "name", None) != attachment.file.name:
        raise ValidationError(
            {
                "file": ValidationError(
                    _("A document's file is kept as it was sent: attach the new one instead."),
                    code="attachment_file_fixed",
                )
            }
        )
    moved = fields.get("application")
    if moved is not None and moved.pk != attachment.application_id:
        raise ValidationError(
            {
                "application": ValidationError(
                    _("A document stays with its application."), code="attachment_moved"
                )
            }
        )
    return update_record(attachment, by=by, version=version, **fields)


@transaction.atomic
def attachment_delete(
    *, callattachment: CallAttachment, by: User | None, version: int | None = None
) -> None:
    """Remove a document of a pending application and, once that is committed, its file."""
    attachment = callattachment
    application = attachment.application
    _refuse_unless_applicant_or_office(by, application)
    refusal = None
    if application.status not in PENDING_APPLICATION_STATUSES:
        refusal = _("The application was decided: its documents are kept.")
    storage, name = attachment.file.storage, attachment.file.name
    delete_record(attachment, by=by, version=version, refusal=refusal)
    if name:
        transaction.on_commit(lambda: storage.delete(name))


# Reviews --------------------------------------------------------------------------------------


def _review_side(by: Any, application: CallApplication, on_behalf_of_enterprise: bool) -> str:
    """The enterprise reviews as the enterprise; the office as the office, or recording the
    enterprise's opinion on its behalf."""
    enterprise = speaks_for(by, application.call.need.organization_id)
    if enterprise:
        return ReviewSide.ENTERPRISE
    if handles_calls(by):
        return ReviewSide.ENTERPRISE if on_behalf_of_enterprise else ReviewSide.OFFICE
    raise PermissionDenied(_("The enterprise and the office review the applications."))


def _check_review(
    errors: FieldErrors,
    application: CallApplication | None,
    fields: dict[str, Any],
) -> None:
    _check_pending(errors, application)
    reviewed_on = fields.get("reviewed_on")
    if application is not None and reviewed_on is not None:
        _check_after(
            errors, "reviewed_on", reviewed_on, application.submitted_on, _("it was submitted")
        )
    if not (fields.get("opinion") or "").strip():
        errors.add(
            "opinion",
            _("Give the opinion: what convinces, what is missing."),
            code="opinion_required",
        )


@transaction.atomic
def review_create(
    *,
    by: User | None,
    application: CallApplication,
    on_behalf_of_enterprise: bool = False,
    evidence: str = "",
    **fields: Any,
) -> CallReview:
    """Record an opinion, a recommendation and perhaps a score on a pending application: the
    enterprise's (from the portal, or by the office with its evidence) or the office's."""
    fields.setdefault("reviewed_on", today())
    refuse_unmanaged_fields(CallReview, fields)
    side = _review_side(by, application, on_behalf_of_enterprise)
    errors = FieldErrors()
    _check_review(errors, application, fields)
    if on_behalf_of_enterprise and by is not None and not evidence.strip():
        errors.add(
            "evidence",
            _("Say how the enterprise gave this opinion: the letter, the email, the meeting."),
            code="evidence_required",
        )
    review = CallReview(
        application=application,
        side=side,
        reviewer=by if by is not None and by.pk else None,
        evidence=evidence.strip(),
    )
    return save_changes(review, by=by, errors=errors, **fields)


@transaction.atomic
def review_update(
    *, callreview: CallReview, by: User | None, version: int | None = None, **fields: Any
) -> CallReview:
    """Change one's own review while the application is pending."""
    review = callreview
    if by is not None and review.reviewer_id != by.pk:
        raise PermissionDenied(_("A review is changed by its reviewer only."))
    if "application" in fields and fields["application"].pk != review.application_id:
        raise ValidationError(
            {
                "application": ValidationError(
                    _("A review stays with its application."), code="review_moved"
                )
            }
        )
    errors = FieldErrors()
    merged = {"opinion": review.opinion, "reviewed_on": review.reviewed_on, **fields}
    _check_review(errors, review.application, merged)
    return update_record(review, by=by, version=version, errors=errors, **fields)


@transaction.atomic
def review_delete(*, callreview: CallReview, by: User | None, version: int | None = None) -> None:
    """Remove one's own review while the application is pending."""
    review = callreview
    if by is not None and review.reviewer_id != by.pk:
        raise PermissionDenied(_("A review is removed by its reviewer only."))
    refusal = None
    if review.application.status not in PENDING_APPLICATION_STATUSES:
        refusal = _("The application was decided: the reviews it was decided on are kept.")
    delete_record(review, by=by, version=version, refusal=refusal)


writes.register(OpenCall, create=call_create, update=call_update, delete=call_delete)
writes.register(
    CallApplication,
    create=application_submit,
    update=application_update,
    delete=application_delete,
)
writes.register(
    CallAttachment, create=attachment_create, update=attachment_update, delete=attachment_delete
)
writes.register(CallReview, create=review_create, update=review_update, delete=review_delete)

# Published calls are public to whoever the roles let see calls; a draft is the office's and
# the enterprise's, whose need it would publish.
permissions.scoped(
    OpenCall,
    organization="need__organization",
    center="need__assigned_center",
    drafts=("published_on__isnull", True),
)
# An application is its applicant's — the researcher, the center's managers, the
# organization's users — and the enterprise's whose need the call publishes; the office's.
permissions.scoped(
    CallApplication,
    organization=("organization", "call__need__organization"),
    center="center",
    own="person__user",
    domain=False,
)
permissions.scoped(
    CallAttachment,
    organization=("application__organization", "application__call__need__organization"),
    center="application__center",
    own="application__person__user",
    domain=False,
)
# Reviews are the enterprise's and the office's: the applicants do not read them.
permissions.scoped(CallReview, organization="application__call__need__organization", domain=False)
