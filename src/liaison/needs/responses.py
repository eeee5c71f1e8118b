"""A researcher's answer to a need they are proposed for, and the needs proposed to them.

The answer is the candidate's decision (accepted, or rejected: "declined" on their page), as
the staff's is, with who gave it and when; Find experts keeps it and does not propose the
researcher again for that need (`services.need_propose_candidates`). The researcher's page
(`people.researcher`) reads and answers through what this module provides it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, IntegerField, Value, When
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from liaison.core import permissions
from liaison.core.lifecycle import require_version, status_label
from liaison.core.tables import object_url
from liaison.people import researcher

from .choices import OPEN_NEED_STATUSES, CandidateKind, Decision
from .models import MatchCandidate
from .services import need_decide_candidate

if TYPE_CHECKING:
    from liaison.accounts.models import User

# What the researcher's page calls each decision: they decline what the office rejects.
ANSWER_LABELS = {
    Decision.PENDING: gettext_lazy("Waiting for your answer"),
    Decision.ACCEPTED: gettext_lazy("Accepted"),
    Decision.REJECTED: gettext_lazy("Declined"),
}
ANSWER_WORDS = {
    Decision.PENDING: "pending",
    Decision.ACCEPTED: "accepted",
    Decision.REJECTED: "declined",
}


@transaction.atomic
def candidate_respond(
    *, candidate: MatchCandidate, accept: bool, by: User | None, version: int | None
) -> MatchCandidate:
    """Record the proposed expert's acceptance or refusal of an open need, once.

    Refused for a candidate `by` may not change (`PermissionDenied`), for a need that has
    ended, for a proposal already decided (by the office or by them), and for a stale
    `version`.
    """
    permissions.refuse_unless(by, "change", candidate)
    if candidate.kind != CandidateKind.EXPERT:
        raise ValidationError(
            _("Only the expert proposed answers a proposal."), code="not_an_expert"
        )
    need = candidate.need
    if need.status not in OPEN_NEED_STATUSES:
        raise ValidationError(
            _("The need “%(need)s” is “%(current)s”: it takes no answer any more."),
            code="need_ended",
            params={"need": need.title, "current": status_label(need, need.status)},
        )
    if candidate.decision != Decision.PENDING:
        raise ValidationError(
            _("Your proposal for “%(need)s” is already decided: %(decision)s."),
            code="already_decided",
            params={
                "need": need.title,
                "decision": str(ANSWER_LABELS[Decision(candidate.decision)]),
            },
        )
    require_version(candidate, version)
    return need_decide_candidate(
        candidate=candidate,
        decision=Decision.ACCEPTED if accept else Decision.REJECTED,
        by=by,
    )


def _matched_need(candidate: MatchCandidate, user: Any) -> researcher.MatchedNeed:
    need = candidate.need
    decision = Decision(candidate.decision)
    need_open = need.status in OPEN_NEED_STATUSES
    return researcher.MatchedNeed(
        pk=candidate.pk,
        version=candidate.version,
        need=need.title,
        need_url=object_url(need),
        organization=str(need.organization),
        need_status=status_label(need, need.status),
        score=candidate.score or None,
        decision=ANSWER_WORDS[decision],
        decision_label=ANSWER_LABELS[decision],
        decided_at=candidate.decided_at,
        decided_by_you=candidate.decided_by_id is not None and candidate.decided_by_id == user.pk,
        answerable=need_open and decision == Decision.PENDING,
    )


def _proposals_to(user: Any, action: permissions.Action) -> Any:
    """The expert proposals naming `user`'s own person that `user` may `action`."""
    return (
        MatchCandidate.objects.restrict(user, action)
        .filter(kind=CandidateKind.EXPERT, person__user_id=user.pk)
        .select_related("need", "need__organization")
    )


def matched_to(*, user: Any, limit: int | None = None) -> list[researcher.MatchedNeed]:
    """The needs `user` is proposed for (up to `limit`): those waiting for an answer first,
    then the rest, newest first."""
    waiting = Case(
        When(decision=Decision.PENDING, need__status__in=OPEN_NEED_STATUSES, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    proposals = (
        _proposals_to(user, "view")
        .annotate(waiting=waiting)
        .order_by("waiting", "-need__submitted_on", "-need_id", "pk")
    )
    if limit is not None:
        proposals = proposals[:limit]
    return [_matched_need(candidate, user) for candidate in proposals]


def answer(*, user: Any, pk: int, accept: bool, version: int | None) -> researcher.MatchedNeed:
    """`user`'s answer to their proposal `pk`; DoesNotExist for one that is not theirs."""
    candidate = _proposals_to(user, "change").get(pk=pk)
    return _matched_need(
        candidate_respond(candidate=candidate, accept=accept, by=user, version=version), user
    )


researcher.provide_matches(researcher.MatchSource(read=matched_to, answer=answer))
