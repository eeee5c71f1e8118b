"""The demo's bulk path writes what the services would have written.

For one bulk-written record of each stateful kind, its life is replayed through the services
with the same arguments and dates: the services must accept every step, and the record and
each row of its history must come out the same (but for keys, timestamps, dates of the
history and authors, which the bulk path dates as the story has it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from itertools import pairwise
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import models

from liaison.achievements.models import Achievement
from liaison.achievements.services import (
    achievement_create,
    achievement_record_stage,
    achievement_update,
)
from liaison.agreements.choices import AgreementKind, AgreementStatus, RegistrationStatus
from liaison.agreements.models import Agreement, ContractRegistration
from liaison.agreements.registration_services import (
    registration_apply,
    registration_create,
    registration_decide,
)
from liaison.agreements.services import (
    agreement_add_party,
    agreement_complete,
    agreement_create,
    agreement_expire,
    agreement_put_in_force,
    agreement_sign,
    agreement_submit_for_review,
    agreement_terminate,
)
from liaison.centers.models import Appointment
from liaison.centers.services import appointment_make
from liaison.demo.loader import DemoSummary
from liaison.disclosures.choices import DisclosureEventKind, DisclosureStatus
from liaison.disclosures.models import Disclosure
from liaison.disclosures.services import (
    disclosure_accept,
    disclosure_acknowledge,
    disclosure_decide,
    disclosure_start_evaluation,
    disclosure_submit,
)
from liaison.financing.choices import RoundStatus
from liaison.financing.models import FinancingRound, RoundInvestor
from liaison.financing.services import round_cancel, round_close, round_create
from liaison.needs.choices import NeedStatus
from liaison.needs.models import TechnicalNeed
from liaison.needs.services import (
    need_close,
    need_decide_candidate,
    need_propose_candidates,
    need_reject,
    need_solve,
    need_start,
    need_submit,
    need_triage,
    need_withdraw,
)
from liaison.patents.choices import Jurisdiction, PatentKind, PatentStatus
from liaison.patents.models import Patent
from liaison.patents.services import (
    fee_payment_create,
    office_action_respond,
    patent_create,
    patent_grant,
    patent_record_office_action,
    patent_record_publication,
    patent_request_examination,
)
from liaison.transfer import services as transfer_services
from liaison.transfer.choices import NoticeStatus, RewardBasis, RewardStatus
from liaison.transfer.models import PriceNotice, Reward
from liaison.transfer.services import (
    notice_conclude,
    notice_create,
    notice_post,
    reward_approve,
    reward_create,
    reward_pay,
)

pytestmark = pytest.mark.django_db

# What differs between any two writes of the same record: its key, when it was written, and
# its optimistic-lock version (a bulk write sets it, the services count their saves).
WRITE_FIELDS = frozenset({"id", "created_at", "updated_at", "version"})
# What the history adds to each row: its own key, date, author, reason and kind of change.
HISTORY_FIELDS = frozenset(
    {"history_id", "history_date", "history_user", "history_change_reason", "history_type"}
)
# The replayed agreement takes another number: the bulk-written one holds it.
REPLAYED = "-replayed"

Step = Callable[[Any, Any], object]


def values(obj: models.Model, *, skip: Iterable[str] = ()) -> dict[str, object]:
    """The stored values of `obj`, or of a history row, but for those of any write."""
    left_out = WRITE_FIELDS | HISTORY_FIELDS | set(skip)
    return {
        field.attname: getattr(obj, field.attname)
        for field in obj._meta.concrete_fields
        if field.name not in left_out and field.attname not in left_out
    }


def history(obj: models.Model) -> list[Any]:
    """The history rows of `obj`, oldest first."""
    return list(obj.history.order_by("history_date", "history_id"))  # type: ignore[attr-defined]


def created_with(
    first_row: Any, model: type[models.Model], *, skip: Iterable[str] = ()
) -> dict[str, Any]:
    """The editable values a record was created with, as its first history row has them."""
    return {
        field.attname: getattr(first_row, field.attname)
        for field in model._meta.concrete_fields
        if field.editable
        and not field.auto_created
        and field.name not in WRITE_FIELDS
        and field.name not in set(skip)
    }


def replay_steps(obj: models.Model, rows: list[Any], steps: dict[str, Step]) -> None:
    """Move `obj` through the status of each history row after the first, by its service."""
    for row in rows[1:]:
        if row.status == obj.status:  # type: ignore[attr-defined]
            continue
        step = steps.get(row.status)
        assert step is not None, f"no service moves a {type(obj).__name__} to {row.status!r}"
        step(obj, row)
        obj.refresh_from_db()


def assert_same_life(
    bulk: models.Model, replayed: models.Model, *, skip: Iterable[str] = ()
) -> None:
    """The same record, and a history with the same rows, step by step."""
    replayed.refresh_from_db()
    assert values(replayed, skip=skip) == values(bulk, skip=skip)
    bulk_rows, replayed_rows = history(bulk), history(replayed)
    assert [getattr(r, "status", None) for r in replayed_rows] == [
        getattr(r, "status", None) for r in bulk_rows
    ]
    assert [values(r, skip=skip) for r in replayed_rows] == [
        values(r, skip=skip) for r in bulk_rows
    ]


def moves(achievement: Achievement) -> list[tuple[str, object]]:
    """The stages an achievement's history went through, each with the day it was reached.

    The bulk path writes an achievement created at its first stage, and each stage with the
    readiness it reached, in one row each; the services write the creation, the stage and
    an edit of the readiness in rows of their own (writer.py says why this is the same).
    """
    stages: list[tuple[str, object]] = []
    for row in history(achievement):
        if row.stage_since is not None and (not stages or stages[-1][0] != row.stage):
            stages.append((row.stage, row.stage_since))
    return stages


def first_with_history(queryset: Any, statuses: list[str]) -> Any:
    """The first record of `queryset` whose history went through `statuses` in order."""
    for obj in queryset.order_by("pk")[:200]:
        if [row.status for row in history(obj)] == statuses:
            return obj
    pytest.fail(f"the demo has no {queryset.model.__name__} that went {' → '.join(statuses)}")


AGREEMENT_STEPS: dict[str, Step] = {
    AgreementStatus.UNDER_REVIEW: lambda a, row: agreement_submit_for_review(agreement=a, by=None),
    AgreementStatus.SIGNED: lambda a, row: agreement_sign(
        agreement=a, signed_on=row.signed_on, signing_event=row.signing_event, by=None
    ),
    AgreementStatus.IN_FORCE: lambda a, row: agreement_put_in_force(
        agreement=a, effective_on=row.effective_on, by=None
    ),
    AgreementStatus.COMPLETED: lambda a, row: agreement_complete(
        agreement=a, ended_on=row.ended_on, by=None
    ),
    AgreementStatus.EXPIRED: lambda a, row: agreement_expire(
        agreement=a, ended_on=row.ended_on, by=None
    ),
    AgreementStatus.TERMINATED: lambda a, row: agreement_terminate(
        agreement=a, ended_on=row.ended_on, reason=row.end_reason, by=None
    ),
}


def test_a_signed_agreement_in_force_is_written_as_the_services_write_it(
    demo: DemoSummary,
) -> None:
    bulk = first_with_history(
        Agreement.objects.filter(status=AgreementStatus.IN_FORCE),
        [
            AgreementStatus.DRAFT,
            AgreementStatus.UNDER_REVIEW,
            AgreementStatus.SIGNED,
            AgreementStatus.IN_FORCE,
        ],
    )
    rows = history(bulk)
    replayed = agreement_create(
        by=None, **created_with(rows[0], Agreement, skip={"number"}), number=bulk.number + REPLAYED
    )
    for party in bulk.parties.order_by("pk"):
        agreement_add_party(
            agreement=replayed, organization=party.organization, role=party.role, by=None
        )
    replay_steps(replayed, rows, AGREEMENT_STEPS)

    assert_same_life(bulk, replayed, skip={"number"})
    parties = [(p.organization_id, p.role) for p in replayed.parties.order_by("pk")]
    assert parties == [(p.organization_id, p.role) for p in bulk.parties.order_by("pk")]


def propose_and_decide(bulk: TechnicalNeed) -> Step:
    """The matching step of `bulk`: its candidates proposed, then decided as it decided them."""

    def step(need: TechnicalNeed, row: Any) -> None:
        candidates = list(bulk.candidates.order_by("rank"))
        proposed = need_propose_candidates(
            need=need,
            candidates=[
                {
                    "kind": c.kind,
                    "person": c.person,
                    "center": c.center,
                    "achievement": c.achievement,
                    "score": c.score,
                    "explanation": c.explanation,
                }
                for c in candidates
            ],
            by=None,
        )
        for candidate, decided in zip(proposed, candidates, strict=True):
            if decided.decided_at is not None:
                need_decide_candidate(candidate=candidate, decision=decided.decision, by=None)

    return step


def need_steps(bulk: TechnicalNeed) -> dict[str, Step]:
    return {
        NeedStatus.TRIAGED: lambda n, row: need_triage(
            need=n, triaged_on=row.triaged_on, assigned_center=row.assigned_center, by=None
        ),
        NeedStatus.MATCHED: propose_and_decide(bulk),
        NeedStatus.IN_PROGRESS: lambda n, row: need_start(need=n, by=None),
        NeedStatus.SOLVED: lambda n, row: need_solve(
            need=n,
            solved_on=row.solved_on,
            solution_summary=row.solution_summary,
            satisfaction=row.satisfaction,
            by=None,
        ),
        NeedStatus.CLOSED: lambda n, row: need_close(
            need=n, ended_on=row.ended_on, reason=row.close_reason, by=None
        ),
        NeedStatus.WITHDRAWN: lambda n, row: need_withdraw(
            need=n, ended_on=row.ended_on, reason=row.close_reason, by=None
        ),
        NeedStatus.REJECTED: lambda n, row: need_reject(
            need=n, ended_on=row.ended_on, reason=row.close_reason, by=None
        ),
    }


def test_a_need_triaged_matched_and_solved_is_written_as_the_services_write_it(
    demo: DemoSummary,
) -> None:
    bulk = first_with_history(
        TechnicalNeed.objects.filter(status=NeedStatus.SOLVED, candidates__isnull=False).distinct(),
        [
            NeedStatus.SUBMITTED,
            NeedStatus.TRIAGED,
            NeedStatus.MATCHED,
            NeedStatus.IN_PROGRESS,
            NeedStatus.SOLVED,
        ],
    )
    rows = history(bulk)
    created = created_with(rows[0], TechnicalNeed, skip={"organization"})
    replayed = need_submit(by=None, organization=bulk.organization, **created)
    replay_steps(replayed, rows, need_steps(bulk))

    assert_same_life(bulk, replayed)
    # When and by whom a candidate was decided is the moment of the write.
    decision = {"need", "decided_at", "decided_by"}
    assert [values(c, skip=decision) for c in replayed.candidates.order_by("rank")] == [
        values(c, skip=decision) for c in bulk.candidates.order_by("rank")
    ]


def test_an_achievement_with_its_stages_is_written_as_the_services_write_it(
    demo: DemoSummary,
) -> None:
    bulk = next(
        a
        for a in Achievement.objects.order_by("pk").prefetch_related("stage_history")
        if len(a.stage_history.all()) >= 3
    )
    rows = history(bulk)
    replayed = achievement_create(
        by=None,
        owners=bulk.owners.order_by("pk"),
        inventors=bulk.inventors.order_by("pk"),
        **created_with(rows[0], Achievement),
    )
    for entry in bulk.stage_history.order_by("reached_on", "pk"):
        achievement_record_stage(
            achievement=replayed,
            stage=entry.stage,
            reached_on=entry.reached_on,
            evidence=entry.evidence,
            by=None,
        )
    # The readiness the office notes by an edit; the bulk path writes it with each stage.
    achievement_update(achievement=replayed, trl=bulk.trl, by=None)

    replayed.refresh_from_db()
    assert values(replayed) == values(bulk)
    assert moves(replayed) == moves(bulk)
    entries = {"achievement"}
    assert [values(e, skip=entries) for e in replayed.stage_history.order_by("pk")] == [
        values(e, skip=entries) for e in bulk.stage_history.order_by("pk")
    ]
    assert set(replayed.owners.all()) == set(bulk.owners.all())
    assert set(replayed.inventors.all()) == set(bulk.inventors.all())


ROUND_STEPS: dict[str, Step] = {
    RoundStatus.CLOSED: lambda r, row: round_close(round=r, closed_on=row.closed_on, by=None),
    RoundStatus.CANCELLED: lambda r, row: round_cancel(round=r, reason=row.cancel_reason, by=None),
}


def test_a_closed_financing_round_is_written_as_the_services_write_it(demo: DemoSummary) -> None:
    bulk = first_with_history(
        FinancingRound.objects.filter(
            status=RoundStatus.CLOSED, investors__isnull=False
        ).distinct(),
        [RoundStatus.ANNOUNCED, RoundStatus.CLOSED],
    )
    rows = history(bulk)
    investors = RoundInvestor.objects.filter(round=bulk).order_by("pk")
    replayed = round_create(
        by=None,
        investors=[(i.organization, i.amount, i.is_lead) for i in investors],
        **created_with(rows[0], FinancingRound),
    )
    replay_steps(replayed, rows, ROUND_STEPS)

    assert_same_life(bulk, replayed)
    stakes = {"round"}
    assert [
        values(i, skip=stakes) for i in RoundInvestor.objects.filter(round=replayed).order_by("pk")
    ] == [values(i, skip=stakes) for i in investors]


def test_an_appointment_is_written_as_the_services_write_it(demo: DemoSummary) -> None:
    bulk = Appointment.objects.filter(ends_on__isnull=False).order_by("pk").first()
    assert bulk is not None
    replayed = appointment_make(
        person=bulk.person,
        center=bulk.center,
        role=bulk.role,
        starts_on=bulk.starts_on,
        ends_on=bulk.ends_on,
        committee=bulk.committee,
        announced_at=bulk.announced_at,
        by=None,
    )

    assert_same_life(bulk, replayed)


def test_the_replay_refuses_a_status_reached_by_an_illegal_move(demo: DemoSummary) -> None:
    """The comparison has teeth: a bulk history that skipped signing cannot be replayed."""
    bulk = Agreement.objects.filter(status=AgreementStatus.IN_FORCE).order_by("pk").first()
    assert bulk is not None
    rows = history(bulk)
    replayed = agreement_create(
        by=None, **created_with(rows[0], Agreement, skip={"number"}), number=bulk.number + REPLAYED
    )
    skipped_signing = [rows[0], rows[-1]]
    with pytest.raises(Exception, match="signed"):
        replay_steps(replayed, skipped_signing, AGREEMENT_STEPS)


def test_the_replay_tells_a_missing_lifecycle_date(demo: DemoSummary) -> None:
    bulk = first_with_history(
        FinancingRound.objects.filter(status=RoundStatus.CLOSED),
        [RoundStatus.ANNOUNCED, RoundStatus.CLOSED],
    )
    rows = history(bulk)
    replayed = round_create(by=None, **created_with(rows[0], FinancingRound))
    replay_steps(replayed, rows, ROUND_STEPS)
    FinancingRound.objects.filter(pk=bulk.pk).update(closed_on=None)
    bulk.refresh_from_db()

    with pytest.raises(AssertionError):
        assert_same_life(bulk, replayed)


# The transfer side ---------------------------------------------------------------------------

# What the services date or author at the moment of the write, or number from what is stored
# (the bulk-written record keeps its case number), and the achievement an accepted disclosure
# becomes (the service creates one; the story had created it at its first stage).
DISCLOSURE_SKIP = frozenset({"case_number", "achievement"})
# What the office's decision sets, not the researcher's submission.
DISCLOSURE_DECISION = frozenset({"decision", "decision_note"})


def test_an_accepted_disclosure_is_written_as_the_services_write_it(demo: DemoSummary) -> None:
    bulk = (
        Disclosure.objects.filter(
            status=DisclosureStatus.ACCEPTED,
            funding__isnull=False,
            likely_licensees__isnull=False,
        )
        .order_by("pk")
        .first()
    )
    assert bulk is not None
    rows = history(bulk)
    replayed = disclosure_submit(
        by=None,
        inventors=[(i.person, i.share) for i in bulk.inventors.order_by("pk")],
        funding=[
            values(f, skip={"disclosure"}) | {"sponsor": f.sponsor, "agreement": f.agreement}
            for f in bulk.funding.order_by("pk")
        ],
        likely_licensees=list(bulk.likely_licensees.order_by("pk")),
        submitted_on=bulk.submitted_on,
        **created_with(rows[0], Disclosure, skip=DISCLOSURE_DECISION),
    )
    steps = {e.kind: e.happened_on for e in bulk.events.all()}
    assert bulk.responsible is not None
    disclosure_acknowledge(
        disclosure=replayed,
        acknowledged_on=steps[DisclosureEventKind.ACKNOWLEDGED],
        responsible=bulk.responsible,
        by=None,
    )
    disclosure_start_evaluation(
        disclosure=replayed, started_on=steps[DisclosureEventKind.EVALUATION_STARTED], by=None
    )
    disclosure_decide(
        disclosure=replayed,
        decision=bulk.decision,
        decided_on=steps[DisclosureEventKind.DECIDED],
        note=bulk.decision_note,
        by=None,
    )
    assert bulk.achievement is not None
    disclosure_accept(
        disclosure=replayed,
        accepted_on=steps[DisclosureEventKind.ACCEPTED],
        kind=bulk.achievement.kind,
        by=None,
    )

    assert_same_life(bulk, replayed, skip=DISCLOSURE_SKIP)
    replayed.refresh_from_db()
    assert replayed.case_number is not None
    assert replayed.case_number.startswith(f"ID-{bulk.acknowledged_on.year}-")
    assert replayed.achievement is not None
    assert replayed.achievement.title_zh == bulk.achievement.title_zh
    assert set(replayed.achievement.inventors.all()) == set(bulk.achievement.inventors.all())
    # The office's dated steps, and what the disclosure names.
    events = [(e.kind, e.happened_on) for e in replayed.events.order_by("happened_on", "pk")]
    assert events == [(e.kind, e.happened_on) for e in bulk.events.order_by("happened_on", "pk")]
    shares = {"disclosure"}
    assert [values(i, skip=shares) for i in replayed.inventors.order_by("pk")] == [
        values(i, skip=shares) for i in bulk.inventors.order_by("pk")
    ]
    assert [values(f, skip=shares) for f in replayed.funding.order_by("pk")] == [
        values(f, skip=shares) for f in bulk.funding.order_by("pk")
    ]
    assert set(replayed.likely_licensees.all()) == set(bulk.likely_licensees.all())


def patent_step(patent: Patent, row: Any, previous: Any) -> None:
    """The service that moved `patent` from history row `previous` to `row`."""
    if row.status == PatentStatus.GRANTED and previous.status != PatentStatus.GRANTED:
        patent_grant(patent=patent, granted_on=row.granted_on, by=None)
    elif row.examination_requested_on and not previous.examination_requested_on:
        patent_request_examination(
            patent=patent, requested_on=row.examination_requested_on, by=None
        )
    elif row.published_on and not previous.published_on:
        patent_record_publication(patent=patent, published_on=row.published_on, by=None)
    else:
        pytest.fail(f"no service moves a patent from {previous!r} to {row!r}")


def test_a_granted_patent_and_its_fees_are_written_as_the_services_write_them(
    demo: DemoSummary,
) -> None:
    bulk = next(
        p
        for p in Patent.objects.filter(
            status=PatentStatus.GRANTED,
            jurisdiction=Jurisdiction.CN,
            kind=PatentKind.INVENTION,
            payments__surcharge__gt=0,
            office_actions__isnull=False,
        )
        .distinct()
        .order_by("pk")
        if len(history(p)) == 4
    )
    rows = history(bulk)
    payments = list(bulk.payments.order_by("paid_on", "pk"))
    assert {p.kind for p in payments} == {"application", "examination", "annual"}
    expected = values(bulk)
    expected_rows = [values(r) for r in rows]
    expected_payments = [values(p, skip={"patent"}) for p in payments]
    actions = list(bulk.office_actions.order_by("issued_on", "pk"))
    assert actions, "its examination brought an opinion"
    expected_actions = [values(a, skip={"patent"}) for a in actions]
    # The bulk-written patent holds the application number the replay files under.
    Patent.objects.filter(pk=bulk.pk).update(application_number="replayed")
    replayed = patent_create(
        by=None,
        owners=list(bulk.owners.order_by("pk")),
        inventors=list(bulk.inventors.order_by("pk")),
        **created_with(rows[0], Patent),
    )
    for previous, row in pairwise(rows):
        patent_step(replayed, row, previous)
        replayed.refresh_from_db()
    for payment in payments:
        fee_payment_create(
            by=None,
            patent=replayed,
            kind=payment.kind,
            fee_year=payment.fee_year,
            paid_on=payment.paid_on,
            amount=payment.amount,
            currency=payment.currency,
        )
    for action in actions:
        answered = patent_record_office_action(
            patent=replayed,
            kind=action.kind,
            issued_on=action.issued_on,
            received_on=action.received_on,
            summary=action.summary,
            by=None,
        )
        assert action.responded_on is not None
        office_action_respond(office_action=answered, responded_on=action.responded_on, by=None)

    replayed.refresh_from_db()
    assert values(replayed) == expected
    assert [values(r) for r in history(replayed)] == expected_rows
    assert [
        values(p, skip={"patent"}) for p in replayed.payments.order_by("paid_on", "pk")
    ] == expected_payments
    assert [
        values(a, skip={"patent"}) for a in replayed.office_actions.order_by("issued_on", "pk")
    ] == expected_actions
    assert set(replayed.owners.all()) == set(bulk.owners.all())
    assert set(replayed.inventors.all()) == set(bulk.inventors.all())


# The services name who proposed a reward (`by`); the story names the office's account.
REWARD_SKIP = frozenset({"proposed_by"})


def test_a_paid_reward_on_net_income_is_written_as_the_services_write_it(
    demo: DemoSummary, monkeypatch: pytest.MonkeyPatch
) -> None:
    bulk = (
        Reward.objects.filter(basis=RewardBasis.TRANSFER_LICENCE, status=RewardStatus.PAID)
        .order_by("pk")
        .first()
    )
    assert bulk is not None
    assert bulk.approved_on is not None
    assert bulk.paid_on is not None
    rows = history(bulk)
    # A reward is proposed on the day it is entered: the day the story has it proposed.
    monkeypatch.setattr(transfer_services, "today", lambda: bulk.proposed_on)
    replayed = reward_create(by=None, **created_with(rows[0], Reward))
    reward_approve(reward=replayed, approved_on=bulk.approved_on, by=None)
    reward_pay(reward=replayed, paid_on=bulk.paid_on, by=None)

    assert_same_life(bulk, replayed, skip=REWARD_SKIP)
    assert replayed.inputs["net_income"]["income_ids"]
    shares = {"reward"}
    assert [values(s, skip=shares) for s in replayed.shares.order_by("-share", "pk")] == [
        values(s, skip=shares) for s in bulk.shares.order_by("-share", "pk")
    ]


def test_a_licence_signed_after_its_price_notice_is_written_as_the_services_write_it(
    demo: DemoSummary,
) -> None:
    """The agreement cannot be signed before its notice has run: the replay posts and
    concludes the notice on its days, and the signing check lets the signing through."""
    bulk_notice = next(
        n
        for n in PriceNotice.objects.filter(
            status=NoticeStatus.CONCLUDED, objections__isnull=True
        ).order_by("pk")
        if [r.status for r in history(n.agreement)][:3]
        == [AgreementStatus.DRAFT, AgreementStatus.UNDER_REVIEW, AgreementStatus.SIGNED]
    )
    bulk = bulk_notice.agreement
    rows = history(bulk)
    replayed = agreement_create(
        by=None, **created_with(rows[0], Agreement, skip={"number"}), number=bulk.number + REPLAYED
    )
    for party in bulk.parties.order_by("pk"):
        agreement_add_party(
            agreement=replayed, organization=party.organization, role=party.role, by=None
        )
    notice_rows = history(bulk_notice)

    def notice_then_sign(agreement: Agreement, row: Any) -> None:
        with pytest.raises(ValidationError, match="price"):
            AGREEMENT_STEPS[AgreementStatus.SIGNED](agreement, row)
        notice = notice_create(
            by=None,
            completers=list(bulk_notice.completers.order_by("pk")),
            **created_with(notice_rows[0], PriceNotice, skip={"agreement"}),
            agreement=agreement,
        )
        assert bulk_notice.posted_on is not None
        assert bulk_notice.concluded_on is not None
        notice_post(notice=notice, posted_on=bulk_notice.posted_on, by=None)
        notice_conclude(notice=notice, concluded_on=bulk_notice.concluded_on, by=None)
        agreement.refresh_from_db()
        AGREEMENT_STEPS[AgreementStatus.SIGNED](agreement, row)

    replay_steps(replayed, rows, AGREEMENT_STEPS | {AgreementStatus.SIGNED: notice_then_sign})

    # The registration number comes with the bulk signing (writer.py); its registration has
    # a test of its own.
    assert_same_life(bulk, replayed, skip={"number", "registration_number", "technical_income"})
    notice = replayed.price_notices.get()
    assert_same_life(bulk_notice, notice, skip={"agreement"})
    assert set(notice.completers.all()) == set(bulk_notice.completers.all())


def test_a_registered_contract_is_written_as_the_services_write_it(demo: DemoSummary) -> None:
    bulk = (
        ContractRegistration.objects.filter(
            status=RegistrationStatus.REGISTERED,
            agreement__status=AgreementStatus.IN_FORCE,
            agreement__kind=AgreementKind.TECH_DEVELOPMENT,
        )
        .order_by("pk")
        .first()
    )
    assert bulk is not None
    assert bulk.applied_on is not None
    assert bulk.decided_on is not None
    agreement = bulk.agreement
    rows = history(agreement)
    replayed_agreement = agreement_create(
        by=None,
        **created_with(rows[0], Agreement, skip={"number"}),
        number=agreement.number + REPLAYED,
    )
    for party in agreement.parties.order_by("pk"):
        agreement_add_party(
            agreement=replayed_agreement, organization=party.organization, role=party.role, by=None
        )
    replay_steps(replayed_agreement, rows, AGREEMENT_STEPS)
    registration_rows = history(bulk)
    replayed = registration_create(
        by=None,
        **created_with(registration_rows[0], ContractRegistration, skip={"agreement"}),
        agreement=replayed_agreement,
    )
    registration_apply(registration=replayed, applied_on=bulk.applied_on, by=None)
    registration_decide(
        registration=replayed,
        decision=bulk.status,
        decided_on=bulk.decided_on,
        registration_number=bulk.registration_number,
        approved_income=bulk.approved_income,
        by=None,
    )

    assert_same_life(bulk, replayed, skip={"agreement"})
    # The registry's number and approved income end on the agreement, as the bulk path has them.
    replayed_agreement.refresh_from_db()
    assert values(replayed_agreement, skip={"number"}) == values(agreement, skip={"number"})
