import datetime
from collections.abc import Callable
from typing import Any

import factory

from liaison.needs.choices import CandidateKind, NeedStatus, ServiceKind
from liaison.needs.models import MatchCandidate, ServiceRecord, TechnicalNeed
from liaison.needs.services import (
    need_close,
    need_propose_candidates,
    need_reject,
    need_solve,
    need_start,
    need_triage,
    need_withdraw,
)
from tests.organizations.factories import OrganizationFactory
from tests.people.factories import PersonFactory


class TechnicalNeedFactory(factory.django.DjangoModelFactory[TechnicalNeed]):
    """A freshly submitted need; move it on with the need services."""

    class Meta:
        model = TechnicalNeed

    title = factory.Sequence(lambda n: f"医用敷料抗菌涂层工艺优化{n}")
    description = (
        "We need an antibacterial coating for medical dressings that survives sterilization."
    )
    organization = factory.SubFactory(OrganizationFactory)
    submitted_on = datetime.date(2023, 3, 1)
    domains = factory.LazyFunction(lambda: ["biomaterials"])


class ServiceRecordFactory(factory.django.DjangoModelFactory[ServiceRecord]):
    class Meta:
        model = ServiceRecord

    organization = factory.SubFactory(OrganizationFactory)
    kind = ServiceKind.TESTING
    title = factory.Sequence(lambda n: f"材料力学性能检测{n}")
    delivered_on = datetime.date(2023, 4, 1)


class MatchCandidateFactory(factory.django.DjangoModelFactory[MatchCandidate]):
    """A pending expert candidate for a need."""

    class Meta:
        model = MatchCandidate

    need = factory.SubFactory(TechnicalNeedFactory)
    kind = CandidateKind.EXPERT
    person = factory.SubFactory(PersonFactory)
    score = 0.8
    rank = 1


# A need in each status, moved there by its services.

TRIAGED_ON = datetime.date(2023, 3, 2)  # the day after the factory's submission


def expert(**kwargs: Any) -> dict[str, Any]:
    """A candidate of the expert kind, as the need services take it."""
    return {"kind": CandidateKind.EXPERT, "person": PersonFactory.create(), **kwargs}


def submitted() -> TechnicalNeed:
    return TechnicalNeedFactory.create()


def triaged() -> TechnicalNeed:
    return need_triage(need=submitted(), triaged_on=TRIAGED_ON, by=None)


def matched() -> TechnicalNeed:
    need = triaged()
    need_propose_candidates(need=need, candidates=[expert()], by=None)
    return need


def in_progress() -> TechnicalNeed:
    return need_start(need=matched(), by=None)


def solved() -> TechnicalNeed:
    return need_solve(
        need=in_progress(), solved_on=datetime.date(2023, 6, 1), solution_summary="已解决", by=None
    )


def closed() -> TechnicalNeed:
    return need_close(
        need=triaged(), ended_on=datetime.date(2023, 4, 1), reason="预算取消", by=None
    )


def withdrawn() -> TechnicalNeed:
    return need_withdraw(need=submitted(), ended_on=datetime.date(2023, 3, 5), by=None)


def rejected() -> TechnicalNeed:
    return need_reject(
        need=submitted(), ended_on=datetime.date(2023, 3, 5), reason="非本院领域", by=None
    )


IN_STATUS: dict[str, Callable[[], TechnicalNeed]] = {
    NeedStatus.SUBMITTED: submitted,
    NeedStatus.TRIAGED: triaged,
    NeedStatus.MATCHED: matched,
    NeedStatus.IN_PROGRESS: in_progress,
    NeedStatus.SOLVED: solved,
    NeedStatus.CLOSED: closed,
    NeedStatus.WITHDRAWN: withdrawn,
    NeedStatus.REJECTED: rejected,
}
