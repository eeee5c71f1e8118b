"""Writes to the transfer side's records: the Art. 18 price notice and its objections, income
and costs, the reward policy, rewards with their approvals and their shares' payments.

price notice: draft → posted → concluded | withdrawn  (`NOTICE_MOVES`); a price found on an
exchange or at auction is concluded from the draft with its evidence.
reward: proposed → approved (by someone other than the proposer) → paid | rejected
(`REWARD_MOVES`).

A transfer or licence contract (and an investment agreement that prices an achievement)
is signed only once its notice has concluded after the notice period: `check_price_notice`
is one of the agreements' `SIGNING_CHECKS`.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from liaison.achievements.models import Achievement
from liaison.agreements import services as agreement_services
from liaison.agreements.choices import SIGNED_STATUSES, UNSIGNED_STATUSES, AgreementKind
from liaison.agreements.models import Agreement
from liaison.core import permissions, writes
from liaison.core.lifecycle import (
    FieldErrors,
    check_not_in_future,
    refuse_unmanaged_fields,
    require_version,
    save_changes,
    today,
)
from liaison.core.writes import create_record, delete_record, update_record
from liaison.people.models import Person

from . import rewards
from .choices import (
    NOTICE_MOVES,
    NOTICED_PRICING,
    OBJECTION_MOVES,
    REWARD_MOVES,
    NoticeStatus,
    ObjectionOutcome,
    RewardBasis,
    RewardStatus,
)
from .models import (
    DEFAULT_NOTICE_DAYS,
    Cost,
    Income,
    PriceNotice,
    PriceObjection,
    Reward,
    RewardPolicy,
    RewardShare,
)
from .selectors import net_income, policy_in_force, policy_terms

if TYPE_CHECKING:
    from liaison.accounts.models import User

# The agreements whose price is noticed (Art. 18: transfer, licence, investment of an
# achievement). A transfer or licence contract always has one; an investment agreement is
# held to it only once a notice names it, since "investment" also covers agreements that
# price no achievement of the institute (an investor's money into a center).
NOTICE_REQUIRED_KINDS = frozenset({AgreementKind.TECH_TRANSFER, AgreementKind.TECH_LICENSING})
NOTICE_KINDS = NOTICE_REQUIRED_KINDS | {AgreementKind.INVESTMENT}
# Income is received under transfer, licence and equity (investment) agreements.
INCOME_KINDS = NOTICE_KINDS


def _date(value: datetime.date) -> str:
    return value.isoformat()


# Price notices ------------------------------------------------------------------------------


def _check_notice_agreement(errors: FieldErrors, agreement: Agreement | None) -> None:
    if agreement is None:
        return
    if agreement.kind not in NOTICE_KINDS:
        errors.add(
            "agreement",
            _(
                "A price notice is for a technology transfer or licensing contract or an "
                "investment of an achievement; this agreement is a “%(kind)s”."
            ),
            code="not_a_transfer",
            params={"kind": agreement.get_kind_display()},
        )
    elif agreement.status not in UNSIGNED_STATUSES:
        errors.add(
            "agreement",
            _(
                "The price is noticed before the agreement is signed; this one is already "
                "“%(current)s”."
            ),
            code="agreement_signed",
            params={"current": agreement.get_status_display()},
        )


def _check_notice_open(notice: PriceNotice) -> None:
    if notice.status != NoticeStatus.DRAFT:
        raise ValidationError(
            _(
                "A notice that has been posted stays as it was posted (this one is "
                "“%(current)s”): withdraw it and post a new one to change it."
            ),
            code="notice_posted",
            params={"current": notice.get_status_display()},
        )


@transaction.atomic
def notice_create(*, by: User | None, **fields: Any) -> PriceNotice:
    """Draft the notice of an agreed price; it names the achievement's inventors unless told."""
    errors = FieldErrors()
    _check_notice_agreement(errors, fields.get("agreement"))
    achievement = fields.get("achievement")
    if not fields.get("completers") and isinstance(achievement, Achievement):
        fields["completers"] = list(achievement.inventors.all())
    return create_record(PriceNotice, by=by, errors=errors, **fields)


@transaction.atomic
def notice_update(
    *, notice: PriceNotice, by: User | None, version: int | None = None, **fields: Any
) -> PriceNotice:
    """Change a notice not posted yet."""
    _check_notice_open(notice)
    errors = FieldErrors()
    agreement = fields.get("agreement")
    if agreement is not None and agreement.pk != notice.agreement_id:
        _check_notice_agreement(errors, agreement)
    return update_record(notice, by=by, version=version, errors=errors, **fields)


@transaction.atomic
def notice_delete(*, notice: PriceNotice, by: User | None, version: int | None = None) -> None:
    """Delete a notice drafted by mistake; a posted one is withdrawn instead."""
    delete_record(
        notice,
        by=by,
        version=version,
        refusal=_(
            "A notice that has been posted keeps its record: withdraw it instead (this one is "
            "“%(current)s”)."
        )
        % {"current": notice.get_status_display()}
        if notice.status != NoticeStatus.DRAFT
        else None,
    )


def notice_days_on(day: datetime.date) -> int:
    """The notice period the institute's policy in force on `day` sets (15 days without one)."""
    policy = policy_in_force(on=day)
    return policy.notice_days if policy is not None else DEFAULT_NOTICE_DAYS


def notice_period_end(posted_on: datetime.date, days: int) -> datetime.date:
    """The last day of a notice posted on `posted_on` for `days` days.

    Counted as the Civil Code counts a period in days (Art. 201): from the day after it
    starts, so a 15-day notice posted on 1 December runs to 16 December, and the agreement
    may be signed from 17 December. (A last day falling on a public holiday is not moved
    here: the notice is inside the institute, not a filing with an office.)
    """
    return posted_on + datetime.timedelta(days=days)


@transaction.atomic
def notice_post(*, notice: PriceNotice, posted_on: datetime.date, by: User | None) -> PriceNotice:
    """Post an agreed price's notice on `posted_on`; its period runs from the next day."""
    NOTICE_MOVES.require(notice, NoticeStatus.POSTED)
    errors = FieldErrors()
    if notice.pricing not in NOTICED_PRICING:
        errors.add(
            None,
            _(
                "A price found on a technology exchange or at auction is not noticed: record "
                "its evidence and conclude the notice instead."
            ),
            code="not_noticed",
        )
    _check_notice_agreement(errors, notice.agreement)
    check_not_in_future(errors, "posted_on", posted_on)
    days = notice.period_days or notice_days_on(posted_on)
    return save_changes(
        notice,
        by=by,
        errors=errors,
        status=NoticeStatus.POSTED,
        posted_on=posted_on,
        period_days=days,
        ends_on=notice_period_end(posted_on, days),
    )


@transaction.atomic
def notice_object(
    *,
    notice: PriceNotice,
    raised_on: datetime.date,
    text: str,
    raised_by: str = "",
    by: User | None,
) -> PriceObjection:
    """Record an objection raised against a posted notice during its period."""
    errors = FieldErrors()
    if notice.status != NoticeStatus.POSTED:
        errors.add(
            None,
            _("Objections are raised against a posted notice; this one is “%(current)s”."),
            code="notice_not_posted",
            params={"current": notice.get_status_display()},
        )
    elif notice.posted_on and raised_on < notice.posted_on:
        errors.add(
            "raised_on",
            _("The notice was posted on %(date)s; an objection comes after."),
            code="before_posted",
            params={"date": _date(notice.posted_on)},
        )
    elif notice.ends_on and raised_on > notice.ends_on:
        errors.add(
            "raised_on",
            _("The notice period ended on %(date)s; objections are raised within it."),
            code="after_period",
            params={"date": _date(notice.ends_on)},
        )
    check_not_in_future(errors, "raised_on", raised_on)
    if not text.strip():
        errors.add("text", _("Say what the objection is."), code="required")
    return save_changes(
        PriceObjection(notice=notice),
        by=by,
        errors=errors,
        raised_on=raised_on,
        raised_by=raised_by.strip(),
        text=text.strip(),
    )


@transaction.atomic
def objection_decide(
    *,
    objection: PriceObjection,
    outcome: str,
    decided_on: datetime.date,
    response: str,
    by: User | None,
) -> PriceObjection:
    """Uphold or dismiss an objection, saying why. An upheld one means the price is set again."""
    OBJECTION_MOVES.require(objection, outcome)
    errors = FieldErrors()
    if not response.strip():
        errors.add("response", _("Say what was decided and why."), code="required")
    if decided_on < objection.raised_on:
        errors.add(
            "decided_on",
            _("The objection was raised on %(date)s; it is decided after."),
            code="before_raised",
            params={"date": _date(objection.raised_on)},
        )
    check_not_in_future(errors, "decided_on", decided_on)
    return save_changes(
        objection,
        by=by,
        errors=errors,
        outcome=outcome,
        decided_on=decided_on,
        response=response.strip(),
    )


@transaction.atomic
def objection_create(*, by: User | None, **fields: Any) -> PriceObjection:
    """Record an objection (the write path's name for `notice_object`)."""
    notice = fields.pop("notice", None)
    if not isinstance(notice, PriceNotice):
        raise ValidationError({"notice": ValidationError(_("Name the notice."), code="required")})
    return notice_object(notice=notice, by=by, **fields)


@transaction.atomic
def objection_update(
    *, objection: PriceObjection, by: User | None, version: int | None = None, **fields: Any
) -> PriceObjection:
    """Correct an objection's wording or date while it is pending and its notice posted."""
    errors = FieldErrors()
    if objection.outcome != ObjectionOutcome.PENDING:
        errors.add(
            None,
            _("An objection that has been decided keeps its record."),
            code="decided",
        )
    moved_to = fields.get("notice")
    if moved_to is not None and moved_to.pk != objection.notice_id:
        errors.add("notice", _("An objection stays with its notice."), code="moved")
    return update_record(objection, by=by, version=version, errors=errors, **fields)


@transaction.atomic
def objection_delete(
    *, objection: PriceObjection, by: User | None, version: int | None = None
) -> None:
    """Delete an objection recorded by mistake, while it is pending."""
    delete_record(
        objection,
        by=by,
        version=version,
        refusal=_("An objection that has been decided keeps its record.")
        if objection.outcome != ObjectionOutcome.PENDING
        else None,
    )


@transaction.atomic
def notice_conclude(
    *, notice: PriceNotice, concluded_on: datetime.date, by: User | None
) -> PriceNotice:
    """Conclude a notice whose period ended with no objection upheld or pending (an agreed
    price), or record a price found on an exchange or at auction with its evidence."""
    NOTICE_MOVES.require(notice, NoticeStatus.CONCLUDED)
    errors = FieldErrors()
    if notice.pricing in NOTICED_PRICING:
        if notice.status != NoticeStatus.POSTED:
            errors.add(
                None,
                _("An agreed price is noticed before the notice concludes: post it first."),
                code="not_posted",
            )
        elif notice.ends_on is not None and concluded_on <= notice.ends_on:
            errors.add(
                "concluded_on",
                _("The notice period runs until %(end)s; the notice concludes from %(next)s."),
                code="period_running",
                params={
                    "end": _date(notice.ends_on),
                    "next": _date(notice.ends_on + datetime.timedelta(days=1)),
                },
            )
        objections = notice.objections.all()
        if objections.filter(outcome=ObjectionOutcome.UPHELD).exists():
            errors.add(
                None,
                _(
                    "An objection to this price was upheld: withdraw the notice and post the "
                    "price as set again."
                ),
                code="objection_upheld",
            )
        elif objections.filter(outcome=ObjectionOutcome.PENDING).exists():
            errors.add(
                None,
                _("Decide the objections raised before concluding the notice."),
                code="objection_pending",
            )
    elif not notice.evidence.strip():
        errors.add(
            "evidence",
            _(
                "A price found on a technology exchange or at auction is recorded with its "
                "evidence: where, when, and the record that shows it."
            ),
            code="evidence_required",
        )
    check_not_in_future(errors, "concluded_on", concluded_on)
    return save_changes(
        notice, by=by, errors=errors, status=NoticeStatus.CONCLUDED, concluded_on=concluded_on
    )


@transaction.atomic
def notice_withdraw(
    *, notice: PriceNotice, withdrawn_on: datetime.date, reason: str, by: User | None
) -> PriceNotice:
    """Withdraw a notice (an objection upheld, the deal abandoned), saying why."""
    if not reason.strip():
        raise ValidationError(
            {"reason": ValidationError(_("Say why the notice is withdrawn."), code="required")}
        )
    NOTICE_MOVES.require(notice, NoticeStatus.WITHDRAWN)
    errors = FieldErrors()
    check_not_in_future(errors, "withdrawn_on", withdrawn_on)
    return save_changes(
        notice,
        by=by,
        errors=errors,
        status=NoticeStatus.WITHDRAWN,
        withdrawn_on=withdrawn_on,
        withdraw_reason=reason.strip(),
    )


def check_price_notice(
    *, agreement: Agreement, signed_on: datetime.date, errors: FieldErrors
) -> None:
    """Refuse to sign a transfer, licence or noticed investment before its price notice is over.

    Registered in `liaison.agreements.services.SIGNING_CHECKS`.
    """
    notices = list(
        PriceNotice._base_manager.filter(agreement=agreement)
        .exclude(status=NoticeStatus.WITHDRAWN)
        .select_related("achievement")
        .order_by("pk")
    )
    if agreement.kind not in NOTICE_REQUIRED_KINDS and not notices:
        return
    if not notices:
        errors.add(
            None,
            _(
                "A transfer or licence of the institute's achievement is signed after its price "
                "has been noticed inside the institute (Art. 18): post a price notice first."
            ),
            code="price_notice_missing",
        )
        return
    for notice in notices:
        name = str(notice.achievement)
        if notice.status == NoticeStatus.DRAFT:
            errors.add(
                None,
                _("The price notice of “%(achievement)s” has not been posted yet."),
                code="price_notice_not_posted",
                params={"achievement": name},
            )
        elif notice.status == NoticeStatus.POSTED and notice.ends_on is not None:
            errors.add(
                "signed_on",
                _(
                    "The price notice of “%(achievement)s” runs until %(end)s: the agreement "
                    "can be signed from %(next)s, once the notice is concluded."
                ),
                code="price_notice_running",
                params={
                    "achievement": name,
                    "end": _date(notice.ends_on),
                    "next": _date(notice.ends_on + datetime.timedelta(days=1)),
                },
            )
        elif notice.ends_on is not None and signed_on <= notice.ends_on:
            errors.add(
                "signed_on",
                _(
                    "The price notice of “%(achievement)s” ran until %(end)s: the agreement "
                    "can be signed from %(next)s."
                ),
                code="price_notice_running",
                params={
                    "achievement": name,
                    "end": _date(notice.ends_on),
                    "next": _date(notice.ends_on + datetime.timedelta(days=1)),
                },
            )
    priced = [n for n in notices if n.currency == agreement.currency]
    if agreement.value is not None and len(priced) == len(notices):
        total = sum((n.price for n in priced), Decimal(0))
        if total != agreement.value:
            errors.add(
                None,
                _(
                    "The agreement's value (%(value)s) is not the price noticed (%(price)s): "
                    "a price other than the one noticed is noticed again."
                ),
                code="price_not_noticed",
                params={"value": agreement.value, "price": total},
            )


if check_price_notice not in agreement_services.SIGNING_CHECKS:
    agreement_services.SIGNING_CHECKS.append(check_price_notice)


# Income and costs ---------------------------------------------------------------------------


def _rewarded_through(achievement: Achievement | None, day: datetime.date | None) -> Reward | None:
    """An approved or paid transfer reward of `achievement` whose period holds `day`: the net
    income it rests on is settled, so its income and costs are kept as they are."""
    if achievement is None or day is None:
        return None
    return (
        Reward._base_manager.filter(
            achievement=achievement,
            basis=RewardBasis.TRANSFER_LICENCE,
            status__in=[RewardStatus.APPROVED, RewardStatus.PAID],
            period_start__lte=day,
            period_end__gte=day,
        )
        .order_by("pk")
        .first()
    )


def _check_settled(errors: FieldErrors, record: Income | Cost, day_field: str) -> None:
    reward = _rewarded_through(record.achievement, getattr(record, day_field))
    if reward is not None:
        errors.add(
            None,
            _(
                "A reward approved on %(date)s rests on the net income of this period, so this "
                "record stays as it is: record a correction as a new entry."
            ),
            code="settled",
            params={"date": _date(reward.approved_on) if reward.approved_on else ""},
        )


def _check_income(errors: FieldErrors, fields: dict[str, Any]) -> None:
    agreement = fields.get("agreement")
    received_on = fields.get("received_on")
    milestone = fields.get("milestone")
    if agreement is not None:
        if agreement.kind not in INCOME_KINDS:
            errors.add(
                "agreement",
                _(
                    "Income here is what a transfer, licence or investment agreement brings; "
                    "this agreement is a “%(kind)s”."
                ),
                code="not_a_transfer",
                params={"kind": agreement.get_kind_display()},
            )
        elif agreement.status not in SIGNED_STATUSES:
            errors.add(
                "agreement",
                _("Income is received under a signed agreement; this one is “%(current)s”."),
                code="agreement_not_signed",
                params={"current": agreement.get_status_display()},
            )
        elif agreement.signed_on and received_on and received_on < agreement.signed_on:
            errors.add(
                "received_on",
                _("The agreement was signed on %(date)s; its income is received after."),
                code="before_signed",
                params={"date": _date(agreement.signed_on)},
            )
    if milestone is not None and agreement is not None and milestone.agreement_id != agreement.pk:
        errors.add(
            "milestone",
            _("This milestone belongs to another agreement."),
            code="other_agreement",
        )
    check_not_in_future(errors, "received_on", received_on)


def _mark_milestone_paid(income: Income, by: User | None) -> None:
    """A milestone whose payment has come in full is met, on the day the last part came."""
    milestone = income.milestone
    if milestone is None or milestone.done_on is not None:
        return
    received = Income._base_manager.filter(milestone=milestone, currency=milestone.currency)
    total = received.aggregate(total=Sum("amount"))["total"] or Decimal(0)
    if milestone.amount is None or total >= milestone.amount:
        agreement_services.milestone_mark_done(
            milestone=milestone, done_on=income.received_on, by=by
        )


@transaction.atomic
def income_create(*, by: User | None, **fields: Any) -> Income:
    """Record a payment received for an achievement under a signed transfer, licence or
    investment agreement; the milestone it pays is met once paid in full."""
    errors = FieldErrors()
    _check_income(errors, fields)
    income = create_record(Income, by=by, errors=errors, **fields)
    _mark_milestone_paid(income, by)
    return income


@transaction.atomic
def income_update(
    *, income: Income, by: User | None, version: int | None = None, **fields: Any
) -> Income:
    """Correct a payment received, unless a reward approved rests on it."""
    errors = FieldErrors()
    _check_settled(errors, income, "received_on")
    merged = {
        "agreement": income.agreement,
        "received_on": income.received_on,
        "milestone": income.milestone,
        **fields,
    }
    _check_income(errors, merged)
    saved = update_record(income, by=by, version=version, errors=errors, **fields)
    _mark_milestone_paid(saved, by)
    return saved


@transaction.atomic
def income_delete(*, income: Income, by: User | None, version: int | None = None) -> None:
    """Delete a payment recorded by mistake, unless a reward approved rests on it."""
    errors = FieldErrors()
    _check_settled(errors, income, "received_on")
    delete_record(
        income,
        by=by,
        version=version,
        refusal=errors_text(errors),
    )


def errors_text(errors: FieldErrors) -> str | None:
    if not errors:
        return None
    try:
        errors.raise_any()
    except ValidationError as error:
        return " ".join(error.messages)
    return None


@transaction.atomic
def cost_create(*, by: User | None, **fields: Any) -> Cost:
    """Record a cost borne for an achievement (an agent's fee, an evaluation…)."""
    errors = FieldErrors()
    check_not_in_future(errors, "incurred_on", fields.get("incurred_on"))
    return create_record(Cost, by=by, errors=errors, **fields)


@transaction.atomic
def cost_update(*, cost: Cost, by: User | None, version: int | None = None, **fields: Any) -> Cost:
    """Correct a cost, unless a reward approved rests on it."""
    errors = FieldErrors()
    _check_settled(errors, cost, "incurred_on")
    check_not_in_future(errors, "incurred_on", fields.get("incurred_on"))
    return update_record(cost, by=by, version=version, errors=errors, **fields)


@transaction.atomic
def cost_delete(*, cost: Cost, by: User | None, version: int | None = None) -> None:
    """Delete a cost recorded by mistake, unless a reward approved rests on it."""
    errors = FieldErrors()
    _check_settled(errors, cost, "incurred_on")
    delete_record(cost, by=by, version=version, refusal=errors_text(errors))


# Reward policies ------------------------------------------------------------------------------


def _refusal_message(refusal: rewards.Refusal) -> str:
    """A refusal of the engine in the pages' words."""
    rule = refusal.rule
    source = rule.source if rule is not None else ""
    if refusal.code == "below_floor":
        return _(
            "This is below the statutory floor of %(floor)s %% (%(source)s, version %(version)s)."
        ) % {"floor": refusal.floor, "source": source, "version": rule.version if rule else ""}
    if refusal.code == "below_floor_amount":
        return _(
            "This is below the statutory least bonus of %(floor)s yuan (%(source)s, version "
            "%(version)s)."
        ) % {"floor": refusal.floor, "source": source, "version": rule.version if rule else ""}
    if refusal.code == "years_out_of_range":
        return _("Implementation rewards are paid for 3 to 5 years (%(source)s).") % {
            "source": source
        }
    if refusal.code == "year_out_of_range":
        return _("An implementation reward is for year 1 to %(limit)s.") % {"limit": refusal.limit}
    if refusal.code == "year_required":
        return _("Say which year of implementation the reward is for.")
    if refusal.code == "negative_base":
        return _("There is nothing to reward: the base is negative.")
    if refusal.code == "above_hundred":
        return _("A rate is at most 100 %.")
    if refusal.code == "no_rule":
        return _("No statutory rule covers this basis under the policy's regime.")
    return refusal.code


def refusals_error(
    refusals: Iterable[rewards.Refusal], fields: Iterable[str] = ()
) -> ValidationError:
    """The engine's refusals as field errors; a field the form lacks goes above the form."""
    known = set(fields)
    errors = FieldErrors()
    for refusal in refusals:
        field = refusal.field if not known or refusal.field in known else None
        errors.add(field, _refusal_message(refusal), code=refusal.code)
    try:
        errors.raise_any()
    except ValidationError as error:
        return error
    raise AssertionError("no refusal")  # pragma: no cover


POLICY_FIELDS = (
    "transfer_rate",
    "equity_rate",
    "implementation_rate",
    "implementation_years",
    "grant_bonus_invention",
    "grant_bonus_other",
)


def _check_policy(errors: FieldErrors, policy: RewardPolicy) -> None:
    terms = policy_terms(policy)
    if policy.effective_from is not None:
        for refusal in rewards.check_policy(terms, on=policy.effective_from):
            errors.add(refusal.field, _refusal_message(refusal), code=refusal.code)
        overlapping = RewardPolicy._base_manager.exclude(pk=policy.pk).filter(
            Q(effective_until__isnull=True) | Q(effective_until__gte=policy.effective_from)
        )
        if policy.effective_until is not None:
            overlapping = overlapping.filter(effective_from__lte=policy.effective_until)
        other = overlapping.order_by("effective_from").first()
        if other is not None:
            errors.add(
                "effective_from",
                _(
                    "“%(other)s” is in force over these dates: one policy at a time (end it "
                    "the day before this one comes into force)."
                ),
                code="overlap",
                params={"other": str(other)},
            )


@transaction.atomic
def policy_create(*, by: User | None, **fields: Any) -> RewardPolicy:
    """Record the institute's reward policy; refused below the statutory floor."""
    policy = RewardPolicy(**{k: v for k, v in fields.items() if k in POLICY_FIELDS})
    policy.effective_from = fields.get("effective_from")  # type: ignore[assignment]
    policy.effective_until = fields.get("effective_until")
    policy.regime = fields.get("regime", policy.regime)
    errors = FieldErrors()
    _check_policy(errors, policy)
    return create_record(RewardPolicy, by=by, errors=errors, **fields)


@transaction.atomic
def policy_update(
    *, policy: RewardPolicy, by: User | None, version: int | None = None, **fields: Any
) -> RewardPolicy:
    """Change a policy; its rates stay once a reward was computed by it (a new policy then)."""
    errors = FieldErrors()
    used = Reward._base_manager.filter(policy=policy).exists()
    changed = [
        name
        for name in (*POLICY_FIELDS, "regime", "effective_from")
        if name in fields and fields[name] != getattr(policy, name)
    ]
    if used and changed:
        errors.add(
            None,
            _(
                "Rewards were computed by this policy, so its rates and dates stay as they were: "
                "end it and record the new policy from the day it comes into force."
            ),
            code="policy_used",
        )
    probe = RewardPolicy(pk=policy.pk)
    for field in RewardPolicy._meta.concrete_fields:
        setattr(probe, field.attname, getattr(policy, field.attname))
    for name, value in fields.items():
        setattr(probe, name, value)
    _check_policy(errors, probe)
    return update_record(policy, by=by, version=version, errors=errors, **fields)


@transaction.atomic
def policy_delete(*, policy: RewardPolicy, by: User | None, version: int | None = None) -> None:
    """Delete a policy entered by mistake; one a reward was computed by is kept."""
    delete_record(policy, by=by, version=version)


# Rewards ---------------------------------------------------------------------------------------


REWARD_INPUTS = (
    "achievement",
    "basis",
    "agreement",
    "period_start",
    "period_end",
    "implementation_year",
    "base_amount",
    "patent_kind",
    "manual_rate",
    "manual_amount",
    "currency",
)


def reward_request(
    reward: Reward,
) -> tuple[rewards.RewardRequest, dict[str, Any], RewardPolicy | None]:
    """What the engine is asked for `reward`, the parts of its base, and the policy applied."""
    errors = FieldErrors()
    basis = reward.basis
    parts: dict[str, Any] = {}
    base = reward.base_amount
    on = reward.period_end or reward.period_start or today()
    if basis == RewardBasis.TRANSFER_LICENCE:
        if reward.period_start is None:
            errors.add(
                "period_start", _("Say from when the net income is counted."), code="required"
            )
        if reward.period_end is None:
            errors.add(
                "period_end", _("Say until when the net income is counted."), code="required"
            )
        if (
            reward.period_start is not None
            and reward.period_end is not None
            and reward.period_end < reward.period_start
        ):
            errors.add("period_end", _("The period ends after it starts."), code="period_backwards")
        if not errors and reward.achievement_id is not None:
            assert reward.period_start is not None
            assert reward.period_end is not None
            net = net_income(
                achievement=reward.achievement, start=reward.period_start, end=reward.period_end
            )
            base = net.net
            parts = net.as_inputs()
            if net.net <= 0:
                errors.add(
                    "period_end",
                    _(
                        "The net income of this period is %(net)s yuan: there is nothing to "
                        "share yet."
                    ),
                    code="no_net_income",
                    params={"net": net.net},
                )
    elif basis in (RewardBasis.EQUITY, RewardBasis.IMPLEMENTATION) and base is None:
        errors.add(
            "base_amount",
            _("Enter the value of the shares formed, or the year's operating profit."),
            code="required",
        )
    if basis == RewardBasis.GRANT_BONUS and not reward.patent_kind:
        errors.add("patent_kind", _("Say which kind of patent was granted."), code="required")
    errors.raise_any()
    policy = policy_in_force(on=on)
    request = rewards.RewardRequest(
        basis=basis,
        on=on,
        base=base if base is not None else Decimal(0),
        implementation_year=reward.implementation_year,
        patent_kind=reward.patent_kind,
        policy=policy_terms(policy) if policy is not None else None,
        manual_rate=reward.manual_rate,
        manual_amount=reward.manual_amount,
    )
    return request, parts, policy


def reward_compute(
    reward: Reward,
) -> tuple[rewards.Computation, dict[str, Any], RewardPolicy | None]:
    """The computation of an unsaved or proposed reward, or the engine's refusal as errors."""
    request, parts, policy = reward_request(reward)
    try:
        computation = rewards.compute(request)
    except rewards.RewardRefused as refused:
        raise refusals_error(refused.refusals, REWARD_INPUTS) from None
    return computation, parts, policy


def _apply_computation(reward: Reward) -> dict[str, Any]:
    computation, parts, policy = reward_compute(reward)
    inputs: dict[str, Any] = dict(computation.as_inputs())
    if parts:
        inputs["net_income"] = parts
    if policy is not None:
        inputs["policy"] = str(policy)
    return {
        "base_amount": computation.base,
        "rate": computation.rate,
        "amount": computation.amount,
        "rule": computation.rule.code,
        "rule_version": computation.rule.version,
        "policy": policy,
        "inputs": inputs,
    }


def _check_reward_open(reward: Reward) -> None:
    if reward.status != RewardStatus.PROPOSED:
        raise ValidationError(
            _(
                "A reward that has been approved or rejected stays as it was decided (this one "
                "is “%(current)s”)."
            ),
            code="reward_decided",
            params={"current": reward.get_status_display()},
        )


def _resplit(reward: Reward, by: User | None) -> None:
    """Give each share its amount of the reward, adding up to it exactly."""
    shares = list(reward.shares.order_by("-share", "pk"))
    if sum((s.share for s in shares), Decimal(0)) != Decimal(100):
        # Until the shares add to 100 % they are not a split; they get no amount yet.
        for share in shares:
            if share.amount != Decimal(0):
                save_changes(share, by=by, amount=Decimal(0))
        return
    for share, amount in rewards.split(reward.amount, [(s, s.share) for s in shares]):
        if share.amount != amount:
            save_changes(share, by=by, amount=amount)


@transaction.atomic
def reward_create(
    *, by: User | None, shares: Iterable[tuple[Person, Decimal]] | None = None, **fields: Any
) -> Reward:
    """Propose a reward computed by the policy in force, or the statute, with its shares.

    The shares are the agreed ones of the disclosure the achievement came from, unless
    `shares` names them; without either they are added to the reward before it is approved.
    """
    refuse_unmanaged_fields(Reward, fields)
    computed = _apply_computation(Reward(**fields))
    record = save_changes(
        Reward(), by=by, proposed_by=by, proposed_on=today(), **{**fields, **computed}
    )
    given = list(shares) if shares is not None else None
    if given is None:
        from liaison.disclosures.selectors import contribution_shares

        given = contribution_shares(achievement=record.achievement) or []
    for person, share in given:
        save_changes(
            RewardShare(reward=record, person=person, share=share, amount=Decimal(0)), by=by
        )
    _resplit(record, by)
    return record


@transaction.atomic
def reward_update(
    *, reward: Reward, by: User | None, version: int | None = None, **fields: Any
) -> Reward:
    """Change a proposed reward's inputs: it is computed again."""
    _check_reward_open(reward)
    probe = Reward(pk=reward.pk)
    for field in Reward._meta.concrete_fields:
        setattr(probe, field.attname, getattr(reward, field.attname))
    for name, value in fields.items():
        setattr(probe, name, value)
    refuse_unmanaged_fields(Reward, fields)
    require_version(reward, version)
    computed = _apply_computation(probe)
    saved = save_changes(reward, by=by, **{**fields, **computed})
    _resplit(saved, by)
    return saved


@transaction.atomic
def reward_delete(*, reward: Reward, by: User | None, version: int | None = None) -> None:
    """Delete a reward proposed by mistake; an approved one is kept (paid or not)."""
    refusal = None
    if reward.status in (RewardStatus.APPROVED, RewardStatus.PAID):
        refusal = _("A reward that has been approved keeps its record.")
    if refusal is None:
        for share in reward.shares.all():
            delete_record(share, by=by)
    delete_record(reward, by=by, version=version, refusal=refusal)


@transaction.atomic
def reward_approve(*, reward: Reward, approved_on: datetime.date, by: User | None) -> Reward:
    """Approve a proposed reward: by someone other than who proposed it, its shares complete."""
    REWARD_MOVES.require(reward, RewardStatus.APPROVED)
    errors = FieldErrors()
    if by is not None and reward.proposed_by_id == by.pk:
        errors.add(
            None,
            _("A reward is approved by someone other than who proposed it."),
            code="same_person",
        )
    shares = list(reward.shares.all())
    total = sum((s.share for s in shares), Decimal(0))
    if not shares or total != Decimal(100):
        errors.add(
            None,
            _(
                "The contributors' shares add up to %(total)s %%; they must add up to 100 %% "
                "before the reward is approved."
            ),
            code="shares_incomplete",
            params={"total": total},
        )
    if reward.proposed_on is not None and approved_on < reward.proposed_on:
        errors.add(
            "approved_on",
            _("The reward was proposed on %(date)s; it is approved after."),
            code="before_proposed",
            params={"date": _date(reward.proposed_on)},
        )
    check_not_in_future(errors, "approved_on", approved_on)
    return save_changes(
        reward,
        by=by,
        errors=errors,
        status=RewardStatus.APPROVED,
        approved_by=by,
        approved_on=approved_on,
    )


@transaction.atomic
def reward_reject(*, reward: Reward, reason: str, by: User | None) -> Reward:
    """Reject a proposed reward, saying why."""
    if not reason.strip():
        raise ValidationError(
            {"reason": ValidationError(_("Say why the reward is rejected."), code="required")}
        )
    REWARD_MOVES.require(reward, RewardStatus.REJECTED)
    return save_changes(reward, by=by, status=RewardStatus.REJECTED, rejected_reason=reason.strip())


def _check_payable(errors: FieldErrors, reward: Reward, paid_on: datetime.date) -> None:
    if reward.status != RewardStatus.APPROVED:
        errors.add(
            None,
            _("A reward is paid once approved; this one is “%(current)s”."),
            code="not_approved",
            params={"current": reward.get_status_display()},
        )
    elif reward.approved_on is not None and paid_on < reward.approved_on:
        errors.add(
            "paid_on",
            _("The reward was approved on %(date)s; it is paid after."),
            code="before_approved",
            params={"date": _date(reward.approved_on)},
        )
    check_not_in_future(errors, "paid_on", paid_on)


def _close_if_paid(reward: Reward, by: User | None) -> None:
    shares = list(reward.shares.all())
    if shares and all(s.paid_on is not None for s in shares):
        last = max(s.paid_on for s in shares if s.paid_on is not None)
        save_changes(reward, by=by, status=RewardStatus.PAID, paid_on=last)


@transaction.atomic
def share_pay(*, share: RewardShare, paid_on: datetime.date, by: User | None) -> RewardShare:
    """Record that a contributor's share was paid; the reward is paid once every share is."""
    errors = FieldErrors()
    if share.paid_on is not None:
        errors.add(
            "paid_on",
            _("This share was already paid on %(date)s."),
            code="already_paid",
            params={"date": _date(share.paid_on)},
        )
    _check_payable(errors, share.reward, paid_on)
    saved = save_changes(share, by=by, errors=errors, paid_on=paid_on, paid_by=by)
    _close_if_paid(share.reward, by)
    return saved


@transaction.atomic
def reward_pay(*, reward: Reward, paid_on: datetime.date, by: User | None) -> Reward:
    """Record that every share not paid yet was paid on `paid_on`."""
    errors = FieldErrors()
    _check_payable(errors, reward, paid_on)
    errors.raise_any()
    for share in reward.shares.filter(paid_on__isnull=True).order_by("pk"):
        share_pay(share=share, paid_on=paid_on, by=by)
    reward.refresh_from_db()
    return reward


def _check_share(errors: FieldErrors, reward: Reward | None) -> None:
    if reward is not None and reward.status != RewardStatus.PROPOSED:
        errors.add(
            None,
            _(
                "The shares of a reward are fixed once it is approved or rejected (this one is "
                "“%(current)s”)."
            ),
            code="reward_decided",
            params={"current": reward.get_status_display()},
        )


@transaction.atomic
def share_create(*, by: User | None, **fields: Any) -> RewardShare:
    """Add a contributor's share to a proposed reward; the amounts are split again."""
    errors = FieldErrors()
    reward = fields.get("reward")
    _check_share(errors, reward)
    if reward is not None:
        total = (reward.shares.aggregate(total=Sum("share"))["total"] or Decimal(0)) + (
            fields.get("share") or Decimal(0)
        )
        if total > Decimal(100):
            errors.add(
                "share",
                _("The shares would add up to %(total)s %%, more than 100 %%."),
                code="over_hundred",
                params={"total": total},
            )
    refuse_unmanaged_fields(RewardShare, fields)
    # Its amount is the split's: none until the shares are split again below.
    share = save_changes(RewardShare(amount=Decimal(0)), by=by, errors=errors, **fields)
    _resplit(share.reward, by)
    share.refresh_from_db()
    return share


@transaction.atomic
def reward_add_share(
    *, reward: Reward, person: Person, share: Decimal, by: User | None
) -> RewardShare:
    """Add a contributor's share to a proposed reward (an achievement with no disclosure)."""
    return share_create(by=by, reward=reward, person=person, share=share)


@transaction.atomic
def share_update(
    *, reward_share: RewardShare, by: User | None, version: int | None = None, **fields: Any
) -> RewardShare:
    """Change a share of a proposed reward; the amounts are split again.

    The record is `reward_share`: `share` is its percentage.
    """
    share = reward_share
    errors = FieldErrors()
    _check_share(errors, share.reward)
    moved_to = fields.get("reward")
    if moved_to is not None and moved_to.pk != share.reward_id:
        errors.add("reward", _("A share stays with its reward."), code="moved")
    new_share = fields.get("share", share.share)
    others = share.reward.shares.exclude(pk=share.pk).aggregate(total=Sum("share"))[
        "total"
    ] or Decimal(0)
    if new_share is not None and others + new_share > Decimal(100):
        errors.add(
            "share",
            _("The shares would add up to %(total)s %%, more than 100 %%."),
            code="over_hundred",
            params={"total": others + new_share},
        )
    saved = update_record(share, by=by, version=version, errors=errors, **fields)
    _resplit(saved.reward, by)
    saved.refresh_from_db()
    return saved


@transaction.atomic
def share_delete(*, reward_share: RewardShare, by: User | None, version: int | None = None) -> None:
    """Remove a share from a proposed reward."""
    share = reward_share
    errors = FieldErrors()
    _check_share(errors, share.reward)
    reward = share.reward
    delete_record(share, by=by, version=version, refusal=errors_text(errors))
    _resplit(reward, by)


writes.register(
    PriceNotice, create=notice_create, update=notice_update, delete=notice_delete, target="notice"
)
writes.register(
    PriceObjection,
    create=objection_create,
    update=objection_update,
    delete=objection_delete,
    target="objection",
)
writes.register(Income, create=income_create, update=income_update, delete=income_delete)
writes.register(Cost, create=cost_create, update=cost_update, delete=cost_delete)
writes.register(
    RewardPolicy, create=policy_create, update=policy_update, delete=policy_delete, target="policy"
)
writes.register(Reward, create=reward_create, update=reward_update, delete=reward_delete)
writes.register(
    RewardShare,
    create=share_create,
    update=share_update,
    delete=share_delete,
    target="reward_share",
)

# A price notice is posted inside the institute for all to read: the roles' "*" reach it.
permissions.scoped(
    PriceNotice, organization="agreement__organizations", center="achievement__center"
)
permissions.scoped(
    PriceObjection,
    organization="notice__agreement__organizations",
    center="notice__achievement__center",
)
# Income, costs and rewards are confidential: outside "*", named for the roles that handle
# them (accounts.roles MONEY_MODELS); a researcher sees only their own share of a reward.
permissions.scoped(Income, center="achievement__center", domain=False)
permissions.scoped(Cost, center="achievement__center", domain=False)
permissions.scoped(RewardPolicy, domain=False)
permissions.scoped(Reward, center="achievement__center", domain=False)
permissions.scoped(
    RewardShare, center="reward__achievement__center", own="person__user", domain=False
)
