"""Writes to invention disclosures: the submission, the office's handling, and their parts.

submitted → acknowledged → under evaluation → decided → accepted (it became an achievement);
withdrawn by the researcher before a decision (the table is `DISCLOSURE_MOVES` in choices.py).

A disclosure is the researcher's own until the office decides on it: they submit it and may
correct it, its inventors, funding and documents while it is open. Its inventors' agreed
shares add up to exactly 100 %: a submission naming its inventors is refused otherwise, a
change to one inventor may not take the total above 100 %, and the office takes no step on a
disclosure whose shares do not add up. Each step of the office (acknowledged with a case
number, assigned, evaluated, decided, accepted) and a withdrawal is written to the
disclosure's dated history (`DisclosureEvent`) by these services only.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from liaison.achievements.choices import AchievementKind
from liaison.achievements.models import Achievement
from liaison.core import permissions, writes
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
from liaison.organizations.models import Organization
from liaison.people.models import Person

from .choices import (
    DISCLOSURE_MOVES,
    KEPT_DECISIONS,
    UNDECIDED_STATUSES,
    DisclosureDecision,
    DisclosureEventKind,
    DisclosureStatus,
)
from .models import (
    HUNDRED,
    Disclosure,
    DisclosureAttachment,
    DisclosureEvent,
    DisclosureFunding,
    DisclosureInventor,
)

if TYPE_CHECKING:
    from liaison.accounts.models import User

CASE_PREFIX = "ID"
# A case number is the year's next one; two offices acknowledging at the same moment may pick
# the same number on PostgreSQL, where the unique index refuses the second: it takes the next.
CASE_NUMBER_ATTEMPTS = 5
# A publication this close bars novelty before an application can usually be drafted and filed.
PUBLICATION_SOON_DAYS = 90

# What an inventor row is, as the submission passes it: a person and their share.
InventorRow = tuple[Person, Decimal]


# Who handles disclosures -------------------------------------------------------------------


def handles_disclosures(user: Any) -> bool:
    """Whether `user` is of the office for disclosures: their roles let them change disclosures
    beyond their own (a researcher changes only the ones they submitted or invented)."""
    if user is None:
        return True
    grants = permissions.grants_of(user)
    if grants is permissions.EVERYTHING:
        return True
    return any(
        grant.covers(Disclosure, "change") and grant.scope != permissions.OWN
        for grant in grants.rules
    )


def _refuse_unless_office(by: User | None, disclosure: Disclosure) -> None:
    if not handles_disclosures(by):
        raise PermissionDenied(
            _("Only the office acknowledges, evaluates and decides on a disclosure.")
        )
    permissions.refuse_unless(by, "change", disclosure)


# Shares -------------------------------------------------------------------------------------


def _as_share(value: Any) -> Decimal | None:
    if isinstance(value, Decimal):
        return value
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        return None


def check_shares(
    errors: FieldErrors, rows: Iterable[tuple[Any, Any]], field: str = "inventors"
) -> None:
    """The inventors of a disclosure: at least one, no person twice, each share above 0 and
    the shares adding up to exactly 100 %. Refusals go under `field`."""
    rows = list(rows)
    if not rows:
        errors.add(
            field,
            _("Name the inventors, each with their agreed share of the contribution."),
            code="no_inventors",
        )
        return
    seen: set[Any] = set()
    total = Decimal(0)
    for person, value in rows:
        share = _as_share(value)
        key = getattr(person, "pk", person)
        if key in seen:
            errors.add(
                field,
                _("%(person)s is named twice; name each inventor once with their whole share.")
                % {"person": person},
                code="inventor_twice",
            )
        seen.add(key)
        if share is None or share <= 0:
            errors.add(
                field,
                _("The share of %(person)s must be more than 0 %%.") % {"person": person},
                code="share_not_positive",
            )
            continue
        total += share
    if not errors.has(field) and total != HUNDRED:
        errors.add(
            field,
            _("The inventors' shares add up to %(total)s %%; they must add up to exactly 100 %%.")
            % {"total": f"{total:.2f}"},
            code="shares_not_100",
        )


def _require_shares_complete(errors: FieldErrors, disclosure: Disclosure) -> None:
    """The office takes a step only on a disclosure whose shares add up to 100 %."""
    rows = [(i.person, i.share) for i in disclosure.inventors.select_related("person")]
    check_shares(errors, rows)


# Bar dates ----------------------------------------------------------------------------------


def novelty_warnings(disclosure: Disclosure, *, on: datetime.date | None = None) -> list[str]:
    """What the office must know at once about the invention's novelty: a public disclosure
    already made, or a publication planned soon."""
    on = on or today()
    warnings = []
    if disclosure.first_public_on is not None:
        warnings.append(
            _(
                "The invention was made public on %(date)s: that bars novelty for a patent in "
                "most countries (China's grace period covers only a few cases, for six months)."
            )
            % {"date": disclosure.first_public_on.isoformat()}
        )
    planned = disclosure.planned_publication_on
    if planned is not None and planned >= on and (planned - on).days <= PUBLICATION_SOON_DAYS:
        warnings.append(
            _(
                "A publication is planned on %(date)s, in %(days)s days: an application must be "
                "filed before it, or it bars novelty."
            )
            % {"date": planned.isoformat(), "days": (planned - on).days}
        )
    return warnings


def _check_dates(errors: FieldErrors, fields: Mapping[str, Any]) -> None:
    check_not_in_future(errors, "conceived_on", fields.get("conceived_on"))
    check_not_in_future(errors, "first_public_on", fields.get("first_public_on"))
    conceived = fields.get("conceived_on")
    public = fields.get("first_public_on")
    if conceived and public and public < conceived and not errors.has("first_public_on"):
        errors.add(
            "first_public_on",
            _(
                "An invention cannot be made public (%(public)s) before it was conceived (%(conceived)s)."
            )
            % {"public": public.isoformat(), "conceived": conceived.isoformat()},
            code="public_before_conceived",
        )


# History ------------------------------------------------------------------------------------


def _record_event(
    disclosure: Disclosure,
    kind: str,
    *,
    on: datetime.date,
    by: User | None,
    note: str = "",
) -> DisclosureEvent:
    event = DisclosureEvent(
        disclosure=disclosure, kind=kind, happened_on=on, recorded_by=by, note=note.strip()
    )
    return save_changes(event, by=by)


# Disclosures --------------------------------------------------------------------------------


def _refuse_managed(fields: Mapping[str, Any]) -> None:
    for name in ("inventors", "funding", "attachments"):
        if name in fields:
            raise TypeError(f"Disclosure.{name} are given to disclosure_submit, not as fields")
    if "decision" in fields:
        raise TypeError("Disclosure.decision is set by disclosure_decide, not by callers")


@transaction.atomic
def disclosure_submit(
    *,
    by: User | None,
    inventors: Iterable[InventorRow] | None = None,
    funding: Iterable[Mapping[str, Any]] = (),
    attachments: Iterable[tuple[str, Any]] = (),
    submitted_on: datetime.date | None = None,
    **fields: Any,
) -> Disclosure:
    """Submit an invention disclosure: its fields, its inventors with their agreed shares
    (adding up to exactly 100 %), its funding sources and its documents.

    `inventors` are (person, share in percent) pairs; `funding` mappings of the funding
    fields (sponsor, agreement, project, sponsor_has_rights, rights_note); `attachments`
    (title, uploaded file) pairs. A disclosure recorded without its inventors (None: the
    office entering one received on paper) has them added afterwards; the office takes no
    step on it until their shares add up.
    """
    submitted_on = submitted_on or today()
    errors = FieldErrors()
    rows = list(inventors) if inventors is not None else None
    if rows is not None:
        check_shares(errors, rows)
    _check_dates(errors, fields)
    check_not_in_future(errors, "submitted_on", submitted_on)
    _refuse_managed(fields)
    refuse_unmanaged_fields(Disclosure, fields)
    licensees = fields.pop("likely_licensees", None)
    disclosure = Disclosure(
        submitted_by=by if by is not None and by.pk else None, submitted_on=submitted_on
    )
    save_changes(disclosure, by=by, errors=errors, **fields)
    if licensees is not None:
        disclosure.likely_licensees.set(licensees)
    for person, share in rows or ():
        create_record(DisclosureInventor, by=by, disclosure=disclosure, person=person, share=share)
    for source in funding:
        funding_create(by=by, disclosure=disclosure, **source)
    for title, upload in attachments:
        attachment_create(by=by, disclosure=disclosure, title=title, file=upload)
    _record_event(disclosure, DisclosureEventKind.SUBMITTED, on=submitted_on, by=by)
    return disclosure


def _closed_message(disclosure: Disclosure) -> str:
    return _(
        "A disclosure is kept as the office decided on it; this one is “%(current)s”, so "
        "its content can no longer be changed."
    ) % {"current": status_label(disclosure, disclosure.status)}


def _check_open(
    errors: FieldErrors, disclosure: Disclosure | None, field: str | None = None
) -> None:
    """A disclosure's content is changed while the office has not decided on it."""
    if disclosure is not None and disclosure.status not in UNDECIDED_STATUSES:
        errors.add(field, _closed_message(disclosure), code="disclosure_closed")


def _open_refusal(disclosure: Disclosure) -> str | None:
    """Why a part of `disclosure` cannot be removed now, if it cannot."""
    if disclosure.status in UNDECIDED_STATUSES:
        return None
    return _closed_message(disclosure)


@transaction.atomic
def disclosure_update(
    *, disclosure: Disclosure, by: User | None, version: int | None = None, **fields: Any
) -> Disclosure:
    """Correct a disclosure's own fields while it is undecided; its status moves only by its steps."""
    _refuse_managed(fields)
    errors = FieldErrors()
    _check_open(errors, disclosure)
    merged = {
        "conceived_on": disclosure.conceived_on,
        "first_public_on": disclosure.first_public_on,
        **fields,
    }
    if "conceived_on" in fields or "first_public_on" in fields:
        _check_dates(errors, merged)
    return update_record(disclosure, by=by, version=version, errors=errors, **fields)


@transaction.atomic
def disclosure_delete(
    *, disclosure: Disclosure, by: User | None, version: int | None = None
) -> None:
    """Delete a disclosure entered by mistake, before the office acknowledged it."""
    refusal = None
    if disclosure.case_number:
        refusal = _(
            "The office acknowledged this disclosure as %(case)s, so it keeps its record: "
            "withdraw it instead."
        ) % {"case": disclosure.case_number}
    elif disclosure.status != DisclosureStatus.SUBMITTED:
        refusal = _("This disclosure is “%(current)s”, so it keeps its record.") % {
            "current": status_label(disclosure, disclosure.status)
        }
    if refusal:
        raise ValidationError(refusal, code="not_deletable")
    require_version(disclosure, version)
    # Each part through its own service, so each history row names the author; the dated
    # history of the office's handling goes with the disclosure.
    for inventor in disclosure.inventors.all():
        inventor_delete(inventor=inventor, by=by)
    for source in disclosure.funding.all():
        funding_delete(funding=source, by=by)
    for attachment in disclosure.attachments.all():
        attachment_delete(attachment=attachment, by=by)
    delete_record(disclosure, by=by)


# The office's steps -------------------------------------------------------------------------


def next_case_number(year: int) -> str:
    """The year's next case number, "ID-2026-0007": one more than the highest given that year."""
    prefix = f"{CASE_PREFIX}-{year}-"
    pattern = re.compile(rf"^{re.escape(prefix)}(\d+)$")
    given = Disclosure._base_manager.filter(case_number__startswith=prefix).values_list(
        "case_number", flat=True
    )
    highest = max(
        (int(m.group(1)) for number in given if (m := pattern.match(number or ""))), default=0
    )
    return f"{prefix}{highest + 1:04d}"


def _user_choice_error(responsible: Any) -> bool:
    return responsible is None or not getattr(responsible, "is_active", False)


@transaction.atomic
def disclosure_acknowledge(
    *,
    disclosure: Disclosure,
    acknowledged_on: datetime.date,
    responsible: User,
    by: User | None,
    note: str = "",
) -> Disclosure:
    """Acknowledge a submitted disclosure: give it the year's next case number and the person
    of the office responsible for it."""
    _refuse_unless_office(by, disclosure)
    DISCLOSURE_MOVES.require(disclosure, DisclosureStatus.ACKNOWLEDGED)
    errors = FieldErrors()
    _require_shares_complete(errors, disclosure)
    if _user_choice_error(responsible):
        errors.add(
            "responsible",
            _("Name the person of the office responsible for the disclosure."),
            code="responsible_required",
        )
    check_not_in_future(errors, "acknowledged_on", acknowledged_on)
    if disclosure.submitted_on and acknowledged_on < disclosure.submitted_on:
        errors.add(
            "acknowledged_on",
            _("A disclosure cannot be acknowledged before it was submitted (%(date)s).")
            % {"date": disclosure.submitted_on.isoformat()},
            code="acknowledged_before_submitted",
        )
    errors.raise_any()
    for attempt in range(CASE_NUMBER_ATTEMPTS):
        number = next_case_number(acknowledged_on.year)
        try:
            with transaction.atomic():
                save_changes(
                    disclosure,
                    by=by,
                    status=DisclosureStatus.ACKNOWLEDGED,
                    case_number=number,
                    acknowledged_on=acknowledged_on,
                    responsible=responsible,
                )
            break
        except (IntegrityError, ValidationError) as error:
            # Given to another disclosure since it was read (committed: the validation says
            # so; not yet: the unique index, once the other commits): take the next one.
            taken = isinstance(error, IntegrityError) or set(getattr(error, "error_dict", {})) == {
                "case_number"
            }
            if not taken or attempt == CASE_NUMBER_ATTEMPTS - 1:
                raise
    _record_event(
        disclosure,
        DisclosureEventKind.ACKNOWLEDGED,
        on=acknowledged_on,
        by=by,
        note=note
        or _("Case %(case)s; responsible: %(person)s.")
        % {"case": disclosure.case_number, "person": _user_name(responsible)},
    )
    return disclosure


def _user_name(user: Any) -> str:
    full = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return full or str(user)


@transaction.atomic
def disclosure_assign(
    *, disclosure: Disclosure, responsible: User, by: User | None, note: str = ""
) -> Disclosure:
    """Make another person of the office responsible for an acknowledged disclosure."""
    _refuse_unless_office(by, disclosure)
    errors = FieldErrors()
    if disclosure.case_number is None or disclosure.status in {
        DisclosureStatus.ACCEPTED,
        DisclosureStatus.WITHDRAWN,
        DisclosureStatus.SUBMITTED,
    }:
        errors.add(
            None,
            _(
                "A disclosure is assigned once acknowledged and until it is closed; this one is “%(current)s”."
            )
            % {"current": status_label(disclosure, disclosure.status)},
            code="not_assignable",
        )
    if _user_choice_error(responsible):
        errors.add(
            "responsible",
            _("Name the person of the office responsible for the disclosure."),
            code="responsible_required",
        )
    elif responsible.pk == disclosure.responsible_id:
        errors.add(
            "responsible",
            _("%(person)s is already responsible for this disclosure.")
            % {"person": _user_name(responsible)},
            code="already_responsible",
        )
    save_changes(disclosure, by=by, errors=errors, responsible=responsible)
    _record_event(
        disclosure,
        DisclosureEventKind.ASSIGNED,
        on=today(),
        by=by,
        note=_("Responsible: %(person)s.") % {"person": _user_name(responsible)}
        + (f" {note.strip()}" if note.strip() else ""),
    )
    return disclosure


def _check_step_date(
    errors: FieldErrors, disclosure: Disclosure, field: str, on: datetime.date
) -> None:
    """A step is dated today or before, and not before the step the disclosure is at."""
    check_not_in_future(errors, field, on)
    latest = disclosure.events.order_by("-happened_on", "-pk").first()
    if latest is not None and on < latest.happened_on and not errors.has(field):
        errors.add(
            field,
            _(
                "The disclosure's history cannot go back in time: its latest step, “%(step)s”, was on %(date)s."
            )
            % {"step": latest.get_kind_display(), "date": latest.happened_on.isoformat()},
            code="before_latest_step",
        )


@transaction.atomic
def disclosure_start_evaluation(
    *, disclosure: Disclosure, started_on: datetime.date, by: User | None, note: str = ""
) -> Disclosure:
    """Record that the office started evaluating an acknowledged disclosure."""
    _refuse_unless_office(by, disclosure)
    DISCLOSURE_MOVES.require(disclosure, DisclosureStatus.UNDER_EVALUATION)
    errors = FieldErrors()
    _require_shares_complete(errors, disclosure)
    _check_step_date(errors, disclosure, "started_on", started_on)
    save_changes(disclosure, by=by, errors=errors, status=DisclosureStatus.UNDER_EVALUATION)
    _record_event(
        disclosure, DisclosureEventKind.EVALUATION_STARTED, on=started_on, by=by, note=note
    )
    return disclosure


@transaction.atomic
def disclosure_decide(
    *,
    disclosure: Disclosure,
    decision: str,
    decided_on: datetime.date,
    note: str,
    by: User | None,
) -> Disclosure:
    """Record the office's decision on an evaluated disclosure, dated and with its reasons."""
    _refuse_unless_office(by, disclosure)
    DISCLOSURE_MOVES.require(disclosure, DisclosureStatus.DECIDED)
    errors = FieldErrors()
    _require_shares_complete(errors, disclosure)
    if decision not in DisclosureDecision.values:
        errors.add("decision", _("Choose the decision."), code="decision_required")
    if not (note or "").strip():
        errors.add(
            "note",
            _("Say why: the evaluation's findings on which the decision rests."),
            code="note_required",
        )
    _check_step_date(errors, disclosure, "decided_on", decided_on)
    save_changes(
        disclosure,
        by=by,
        errors=errors,
        status=DisclosureStatus.DECIDED,
        decision=decision,
        decided_on=decided_on,
        decision_note=note.strip(),
    )
    _record_event(
        disclosure,
        DisclosureEventKind.DECIDED,
        on=decided_on,
        by=by,
        note=f"{disclosure.get_decision_display()}: {note.strip()}",
    )
    return disclosure


def _institute() -> Organization | None:
    return Organization.objects.filter(is_institute=True).first()


@transaction.atomic
def disclosure_accept(
    *,
    disclosure: Disclosure,
    accepted_on: datetime.date,
    by: User | None,
    kind: str = "",
) -> Disclosure:
    """Accept a disclosure the office decided to keep (a patent to file, know-how): it becomes
    an achievement of the institute, with its inventors, linked to the disclosure."""
    _refuse_unless_office(by, disclosure)
    DISCLOSURE_MOVES.require(disclosure, DisclosureStatus.ACCEPTED)
    errors = FieldErrors()
    if disclosure.decision not in KEPT_DECISIONS:
        errors.add(
            None,
            _(
                "The office decided “%(decision)s”: only a disclosure kept by the institute (a "
                "patent to file, or know-how) becomes its achievement."
            ),
            code="decision_not_kept",
            params={"decision": status_label(disclosure, disclosure.decision, "decision")},
        )
    _require_shares_complete(errors, disclosure)
    _check_step_date(errors, disclosure, "accepted_on", accepted_on)
    kind = kind or (
        AchievementKind.PATENT
        if disclosure.decision == DisclosureDecision.FILE_PATENT
        else AchievementKind.PROCESS
    )
    if kind not in AchievementKind.values:
        errors.add("kind", _("Choose the kind of achievement."), code="kind_required")
    institute = _institute()
    if institute is None:
        errors.add(
            None,
            _(
                "No organization is marked as the institute itself, which owns the achievement: mark it first."
            ),
            code="no_institute",
        )
    errors.raise_any()
    achievement = writes.create(
        Achievement,
        by=by,
        title_zh=disclosure.title_zh,
        title_en=disclosure.title_en,
        kind=kind,
        description=disclosure.description,
        center=disclosure.center,
        owners=[institute],
        inventors=[i.person for i in disclosure.inventors.select_related("person")],
    )
    save_changes(disclosure, by=by, status=DisclosureStatus.ACCEPTED, achievement=achievement)
    _record_event(
        disclosure,
        DisclosureEventKind.ACCEPTED,
        on=accepted_on,
        by=by,
        note=_("Became the achievement “%(achievement)s”.") % {"achievement": achievement},
    )
    return disclosure


@transaction.atomic
def disclosure_withdraw(
    *, disclosure: Disclosure, withdrawn_on: datetime.date, reason: str, by: User | None
) -> Disclosure:
    """Withdraw a disclosure before the office decides on it, and say why."""
    DISCLOSURE_MOVES.require(disclosure, DisclosureStatus.WITHDRAWN)
    errors = FieldErrors()
    if not (reason or "").strip():
        errors.add("reason", _("Say why the disclosure is withdrawn."), code="reason_required")
    _check_step_date(errors, disclosure, "withdrawn_on", withdrawn_on)
    save_changes(disclosure, by=by, errors=errors, status=DisclosureStatus.WITHDRAWN)
    _record_event(disclosure, DisclosureEventKind.WITHDRAWN, on=withdrawn_on, by=by, note=reason)
    return disclosure


# Inventors ----------------------------------------------------------------------------------


def _check_inventor(
    errors: FieldErrors,
    *,
    disclosure: Disclosure | None,
    person: Person | None,
    share: Any,
    inventor: DisclosureInventor | None = None,
) -> None:
    """A changed inventor keeps the disclosure's shares at 100 % or below (the rest is
    named with the next inventor) and the disclosure open."""
    if disclosure is None:
        return
    _check_open(errors, disclosure)
    others = disclosure.inventors.all()
    if inventor is not None and inventor.pk is not None:
        others = others.exclude(pk=inventor.pk)
    if person is not None and others.filter(person=person).exists():
        errors.add(
            "person",
            _("%(person)s is already an inventor of the disclosure.") % {"person": person},
            code="inventor_twice",
        )
    value = _as_share(share)
    if value is None or value <= 0:
        return
    total = sum((i.share for i in others), Decimal(0)) + value
    if total > HUNDRED:
        errors.add(
            "share",
            _(
                "With this share the inventors' shares would add up to %(total)s %%, more than 100 %%."
            )
            % {"total": f"{total:.2f}"},
            code="shares_over_100",
        )


@transaction.atomic
def inventor_create(*, by: User | None, **fields: Any) -> DisclosureInventor:
    """Name an inventor of an undecided disclosure, with their share."""
    errors = FieldErrors()
    _check_inventor(
        errors,
        disclosure=fields.get("disclosure"),
        person=fields.get("person"),
        share=fields.get("share"),
    )
    return create_record(DisclosureInventor, by=by, errors=errors, **fields)


@transaction.atomic
def inventor_update(
    *, inventor: DisclosureInventor, by: User | None, version: int | None = None, **fields: Any
) -> DisclosureInventor:
    """Change an inventor or their share while the disclosure is undecided."""
    errors = FieldErrors()
    disclosure = fields.get("disclosure", inventor.disclosure)
    if disclosure is not None and disclosure.pk != inventor.disclosure_id:
        _check_open(errors, inventor.disclosure)
    _check_inventor(
        errors,
        disclosure=disclosure,
        person=fields.get("person", inventor.person),
        share=fields.get("share", inventor.share),
        inventor=inventor,
    )
    return update_record(inventor, by=by, version=version, errors=errors, **fields)


@transaction.atomic
def inventor_delete(
    *, inventor: DisclosureInventor, by: User | None, version: int | None = None
) -> None:
    """Remove an inventor from an undecided disclosure."""
    delete_record(
        inventor,
        by=by,
        version=version,
        refusal=_open_refusal(inventor.disclosure),
    )


# Funding ------------------------------------------------------------------------------------


def _check_funding(errors: FieldErrors, fields: Mapping[str, Any]) -> None:
    if not (
        fields.get("sponsor") or fields.get("agreement") or (fields.get("project") or "").strip()
    ):
        errors.add(
            "sponsor",
            _("Name the sponsor, the agreement or the project the funding came from."),
            code="funding_source_required",
        )


@transaction.atomic
def funding_create(*, by: User | None, **fields: Any) -> DisclosureFunding:
    """Name a source of funding behind an undecided disclosure."""
    errors = FieldErrors()
    _check_open(errors, fields.get("disclosure"))
    _check_funding(errors, fields)
    return create_record(DisclosureFunding, by=by, errors=errors, **fields)


@transaction.atomic
def funding_update(
    *, funding: DisclosureFunding, by: User | None, version: int | None = None, **fields: Any
) -> DisclosureFunding:
    """Change a funding source while the disclosure is undecided."""
    errors = FieldErrors()
    _check_open(errors, funding.disclosure)
    _check_open(errors, fields.get("disclosure"))
    merged = {
        "sponsor": funding.sponsor,
        "agreement": funding.agreement,
        "project": funding.project,
        "sponsor_has_rights": funding.sponsor_has_rights,
        **fields,
    }
    _check_funding(errors, merged)
    return update_record(funding, by=by, version=version, errors=errors, **fields)


@transaction.atomic
def funding_delete(
    *, funding: DisclosureFunding, by: User | None, version: int | None = None
) -> None:
    """Remove a funding source from an undecided disclosure."""
    delete_record(
        funding,
        by=by,
        version=version,
        refusal=_open_refusal(funding.disclosure),
    )


# Attachments --------------------------------------------------------------------------------


@transaction.atomic
def attachment_create(*, by: User | None, **fields: Any) -> DisclosureAttachment:
    """Attach a document to a disclosure, once its content is one of the accepted kinds; it is
    stored under a random name."""
    upload = fields.get("file")
    errors = FieldErrors()
    if upload is not None and hasattr(upload, "read"):
        try:
            checked = check_upload(upload, max_bytes=max_upload_bytes(), name=upload.name)
        except ValidationError as error:
            raise ValidationError({"file": error.error_list}) from error
        if not (fields.get("title") or "").strip():
            fields["title"] = display_name(upload.name)[:200]
        upload.name = stored_name(checked)
    attachment = create_record(DisclosureAttachment, by=by, errors=errors, **fields)
    return attachment


@transaction.atomic
def attachment_update(
    *,
    attachment: DisclosureAttachment,
    by: User | None,
    version: int | None = None,
    **fields: Any,
) -> DisclosureAttachment:
    """Retitle an attachment; its file is never replaced (attach the new one instead)."""
    new_file = fields.get("file", attachment.file)
    if getattr(new_file, "name", None) != attachment.file.name:
        raise ValidationError(
            {
                "file": ValidationError(
                    _("An attachment's file is kept as it was sent: attach the new one instead."),
                    code="attachment_file_fixed",
                )
            }
        )
    moved = fields.get("disclosure")
    if moved is not None and moved.pk != attachment.disclosure_id:
        raise ValidationError(
            {
                "disclosure": ValidationError(
                    _("An attachment stays with its disclosure."), code="attachment_moved"
                )
            }
        )
    return update_record(attachment, by=by, version=version, **fields)


@transaction.atomic
def attachment_delete(
    *, attachment: DisclosureAttachment, by: User | None, version: int | None = None
) -> None:
    """Delete an attachment of an undecided disclosure and, once that is committed, its file."""
    storage, name = attachment.file.storage, attachment.file.name
    delete_record(
        attachment,
        by=by,
        version=version,
        refusal=_open_refusal(attachment.disclosure),
    )
    if name:
        transaction.on_commit(lambda: storage.delete(name))


writes.register(
    Disclosure,
    create=disclosure_submit,
    update=disclosure_update,
    delete=disclosure_delete,
    target="disclosure",
)
writes.register(
    DisclosureInventor,
    create=inventor_create,
    update=inventor_update,
    delete=inventor_delete,
    target="inventor",
)
writes.register(
    DisclosureFunding,
    create=funding_create,
    update=funding_update,
    delete=funding_delete,
    target="funding",
)
writes.register(
    DisclosureAttachment,
    create=attachment_create,
    update=attachment_update,
    delete=attachment_delete,
    target="attachment",
)

# A disclosure is its submitter's and its inventors' own; the rest of it reaches them through it.
OWN = ("submitted_by", "inventors__person__user")
permissions.scoped(Disclosure, center="center", own=OWN)
for _model in (DisclosureInventor, DisclosureFunding, DisclosureAttachment, DisclosureEvent):
    permissions.scoped(
        _model, center="disclosure__center", own=tuple(f"disclosure__{path}" for path in OWN)
    )
