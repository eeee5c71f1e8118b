"""Open calls for tests, moved on with their services: a drafted call on a triaged need, one
published with the enterprise's consent, and applications of each kind of team.

Dates are relative to today: a call takes applications until its deadline, which lies ahead.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import factory

from liaison.core.lifecycle import today
from liaison.needs.models import TechnicalNeed
from liaison.needs.services import need_triage
from liaison.opencalls import services
from liaison.opencalls.choices import ApplicantKind, ConsentMethod, Recommendation
from liaison.opencalls.models import CallApplication, CallAttachment, CallReview, OpenCall
from tests.needs.factories import TRIAGED_ON, TechnicalNeedFactory

PUBLISHED_AGO = 30


def days_ago(days: int) -> datetime.date:
    return today() - datetime.timedelta(days=days)


def triaged_need(**fields: Any) -> TechnicalNeed:
    need = TechnicalNeedFactory.create(**fields)
    return need_triage(need=need, triaged_on=TRIAGED_ON, by=None)


class OpenCallFactory(factory.django.DjangoModelFactory[OpenCall]):
    """A drafted call on a triaged need, its deadline sixty days ahead."""

    class Meta:
        model = OpenCall

    need = factory.LazyFunction(triaged_need)
    title_zh = factory.Sequence(lambda n: f"揭榜挂帅：抗菌敷料涂层{n}")
    title_en = factory.Sequence(lambda n: f"Open call: antibacterial dressing coating {n}")
    statement_zh = "寻求可耐受灭菌的医用敷料抗菌涂层工艺。"
    reward = Decimal("500000")
    reward_for = "A coating process validated on three production batches."
    eligibility = "Teams with a pilot line or access to one."
    deadline = factory.LazyFunction(lambda: today() + datetime.timedelta(days=60))


def consented(call: OpenCall | None = None, **fields: Any) -> OpenCall:
    """A drafted call whose consent the office recorded forty days ago."""
    call = call or OpenCallFactory.create(**fields)
    return services.call_record_consent(
        opencall=call,
        given_by="王总经理",
        consented_on=days_ago(PUBLISHED_AGO + 10),
        method=ConsentMethod.LETTER,
        evidence="Letter of consent signed by the general manager.",
        by=None,
    )


def published(**fields: Any) -> OpenCall:
    """A call published thirty days ago with the enterprise's consent, taking applications."""
    call = consented(**fields)
    return services.call_publish(opencall=call, published_on=days_ago(PUBLISHED_AGO), by=None)


def apply(call: OpenCall, *, by: Any = None, **team: Any) -> CallApplication:
    """An application to `call` submitted ten days ago: `person=`, `center=` or `organization=`."""
    kind = (
        ApplicantKind.PERSON
        if "person" in team
        else ApplicantKind.CENTER
        if "center" in team
        else ApplicantKind.ORGANIZATION
    )
    fields = {
        "proposal": "Plasma-grafted silver coating, tested on our pilot line.",
        "budget": Decimal("450000"),
        "duration_months": 12,
        **team,
    }
    return services.application_submit(
        by=by, call=call, applicant_kind=kind, submitted_on=days_ago(10), **fields
    )


def endorse(application: CallApplication, by: Any = None) -> CallReview:
    """The enterprise's review recommending the team (recorded by the office if `by` is None)."""
    return services.review_create(
        by=by,
        application=application,
        recommendation=Recommendation.SELECT,
        score=5,
        opinion="The pilot-line results convince us.",
        reviewed_on=days_ago(5),
        on_behalf_of_enterprise=by is None,
        evidence="Email of the general manager." if by is None else "",
    )


def application(**team: Any) -> CallApplication:
    """A researcher's application to a new published call (another team if named)."""
    from tests.people.factories import PersonFactory

    return apply(published(), **(team or {"person": PersonFactory.create()}))


def make_attachment(application_: CallApplication | None = None) -> CallAttachment:
    """A document of an application, written directly (the service checks its content)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    return CallAttachment.objects.create(
        application=application_ or application(),
        title="技术方案",
        file=SimpleUploadedFile("plan.txt", b"technical plan"),
    )


def make_review() -> CallReview:
    return endorse(application())


def published_call_of(need: TechnicalNeed, **fields: Any) -> OpenCall:
    """`need` (triaged) published as a call, with the enterprise's consent recorded."""
    return published(need=need, **fields)
