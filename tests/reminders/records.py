"""Records due for a reminder, dated from today, and people with an email address."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.utils import timezone

from liaison.accounts.models import User
from liaison.agreements.choices import AgreementStatus
from liaison.agreements.models import Agreement, PaymentMilestone
from liaison.centers.models import Appointment, Center
from liaison.needs.choices import NeedStatus
from liaison.needs.models import NeedMessage, TechnicalNeed
from liaison.organizations.models import Organization
from tests.accounts.factories import UserFactory
from tests.agreements.factories import (
    AgreementFactory,
    AgreementPartyFactory,
    PaymentMilestoneFactory,
)
from tests.centers.factories import AppointmentFactory
from tests.needs.factories import TechnicalNeedFactory

DAY = datetime.timedelta(days=1)


def today() -> datetime.date:
    return timezone.localdate()


def person(role: str | None, **fields: Any) -> User:
    """A user of the default role `role`, with an email address."""
    fields.setdefault("email", f"{fields.get('username', 'someone')}@example.org")
    return UserFactory.create(role=role, **fields)


def agreement_in_force(
    *,
    expires_on: datetime.date | None,
    parties: Iterable[Organization] = (),
    center: Center | None = None,
    **fields: Any,
) -> Agreement:
    signed_on = today() - 400 * DAY
    fields.setdefault("status", AgreementStatus.IN_FORCE)
    agreement = AgreementFactory.create(
        signed_on=signed_on, effective_on=signed_on, expires_on=expires_on, **fields
    )
    for organization in parties:
        AgreementPartyFactory.create(agreement=agreement, organization=organization)
    if center is not None:
        Center.objects.filter(pk=center.pk).update(founding_agreement=agreement)
    return agreement


def milestone(*, agreement: Agreement, due_on: datetime.date, **fields: Any) -> PaymentMilestone:
    return PaymentMilestoneFactory.create(agreement=agreement, due_on=due_on, **fields)


def need_waiting_for_triage(*, days: int = 10, **fields: Any) -> TechnicalNeed:
    return TechnicalNeedFactory.create(submitted_on=today() - days * DAY, **fields)


def need_in_progress(*, unchanged_days: int = 40, **fields: Any) -> TechnicalNeed:
    need = TechnicalNeedFactory.create(
        status=NeedStatus.IN_PROGRESS,
        submitted_on=today() - (unchanged_days + 20) * DAY,
        triaged_on=today() - (unchanged_days + 10) * DAY,
        **fields,
    )
    TechnicalNeed.objects.filter(pk=need.pk).update(
        updated_at=timezone.now() - unchanged_days * DAY
    )
    need.refresh_from_db()
    return need


def question(
    *, need: TechnicalNeed, by: User | None, days_ago: int = 5, from_enterprise: bool = False
) -> NeedMessage:
    message = NeedMessage.objects.create(
        need=need, author=by, from_enterprise=from_enterprise, body="请补充样品的检测条件。"
    )
    NeedMessage.objects.filter(pk=message.pk).update(created_at=timezone.now() - days_ago * DAY)
    return message


def appointment_ending(*, ends_in: int = 10, **fields: Any) -> Appointment:
    return AppointmentFactory.create(ends_on=today() + ends_in * DAY, **fields)
