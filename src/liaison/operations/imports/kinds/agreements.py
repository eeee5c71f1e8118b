"""Agreements with their signing events, parties and payment milestones.

An agreement is named by its number; a signing event by its date and Chinese title
(`2024-03-05 签约仪式`). An agreement's status is reached through its lifecycle services
(submitted for review, signed, put in force, completed, expired or terminated) with the row's
dates, once the parties' sheet has added its parties: an agreement is signed by at least two.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.utils.translation import gettext as _

from liaison.agreements import services
from liaison.agreements.choices import AgreementStatus
from liaison.agreements.models import Agreement, AgreementParty, PaymentMilestone, SigningEvent

from .. import widgets as cells
from ..registry import register
from ..resources import KindResource, Lifecycle, Step, natural_key
from . import organizations  # noqa: F401  (the organizations' natural key comes first)

# Signing events ------------------------------------------------------------------------------

_DATED = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})\s+(.+?)\s*$")


def signing_event_key(event: SigningEvent) -> str:
    return f"{event.held_on:%Y-%m-%d} {event.title_zh}"


def resolve_signing_events(values: list[str]) -> dict[str, Any]:
    wanted: dict[str, tuple[datetime.date, str]] = {}
    for value in values:
        match = _DATED.match(value)
        if match:
            try:
                wanted[value] = (datetime.date.fromisoformat(match.group(1)), match.group(2))
            except ValueError:
                continue
    if not wanted:
        return {}
    events = SigningEvent.objects.filter(
        held_on__in={day for day, _t in wanted.values()},
        title_zh__in={title for _d, title in wanted.values()},
    )
    by_key = cells.unique_map(events, signing_event_key)
    return {value: by_key[value] for value in wanted if value in by_key}


natural_key(
    SigningEvent,
    lambda: cells.NaturalKey(
        SigningEvent,
        resolve=resolve_signing_events,
        render=signing_event_key,
        unknown=lambda: _(
            "No signing event is “%(value)s”: write its date and Chinese title, as "
            "2024-03-05 签约仪式."
        ),
        ambiguous=lambda: _("Several signing events are “%(value)s”."),
    ),
)


class SigningEventResource(KindResource):
    class Meta(KindResource.Meta):
        model = SigningEvent
        fields = ("held_on", "title_zh", "title_en", "place", "description")
        import_id_fields = ("held_on", "title_zh")


register("signing-events", SigningEventResource, order=40)


# Agreements ------------------------------------------------------------------------------------

natural_key(
    Agreement,
    lambda: cells.NaturalKey(
        Agreement,
        resolve=lambda values: {a.number: a for a in Agreement.objects.filter(number__in=values)},
        render=lambda agreement: agreement.number,
        unknown=lambda: _("No agreement has the number “%(value)s”."),
    ),
)

# An agreement ends once its milestones are added: an ended one takes no new milestones.
ENDED_AFTER = "payment-milestones"

AGREEMENT_LIFE = Lifecycle(
    initial=AgreementStatus.DRAFT,
    steps=(
        Step(
            AgreementStatus.UNDER_REVIEW,
            lambda a, v, by: services.agreement_submit_for_review(agreement=a, by=by),
            optional=True,
        ),
        Step(
            AgreementStatus.SIGNED,
            lambda a, v, by: services.agreement_sign(
                agreement=a, signed_on=v["signed_on"], signing_event=v.get("signing_event"), by=by
            ),
            needs=("signed_on",),
        ),
        Step(
            AgreementStatus.IN_FORCE,
            lambda a, v, by: services.agreement_put_in_force(
                agreement=a, effective_on=v["effective_on"], by=by
            ),
            needs=("effective_on",),
            optional=True,
        ),
        Step(
            AgreementStatus.COMPLETED,
            lambda a, v, by: services.agreement_complete(
                agreement=a, ended_on=v["ended_on"], by=by
            ),
            needs=("ended_on",),
            final=True,
            after=ENDED_AFTER,
        ),
        Step(
            AgreementStatus.EXPIRED,
            lambda a, v, by: services.agreement_expire(agreement=a, ended_on=v["ended_on"], by=by),
            needs=("ended_on",),
            final=True,
            after=ENDED_AFTER,
        ),
        Step(
            AgreementStatus.TERMINATED,
            lambda a, v, by: services.agreement_terminate(
                agreement=a, ended_on=v["ended_on"], reason=v["end_reason"], by=by
            ),
            needs=("ended_on", "end_reason"),
            final=True,
            after=ENDED_AFTER,
        ),
    ),
    # Signed by at least two parties: the steps wait for the parties' sheet.
    after="agreement-parties",
    errors_on={"reason": "end_reason"},
)


class AgreementResource(KindResource):
    lifecycle = AGREEMENT_LIFE
    headers = {
        "signing_event": ("Signing event (date and Chinese title)", "签约活动（日期和中文标题）"),
    }

    class Meta(KindResource.Meta):
        model = Agreement
        fields = (
            "number",
            "title_zh",
            "title_en",
            "kind",
            "status",
            "signed_on",
            "effective_on",
            "expires_on",
            "ended_on",
            "end_reason",
            "value",
            "currency",
            "technical_income",
            "confidentiality",
            "registration_number",
            "signing_event",
            "obligations",
            "description",
        )
        import_id_fields = ("number",)


register("agreements", AgreementResource, order=50)


class AgreementPartyResource(KindResource):
    headers = {
        "agreement": ("Agreement (number)", "协议（编号）"),
        "organization": (
            "Organization (credit code or Chinese name)",
            "单位（信用代码或中文名称）",
        ),
    }

    class Meta(KindResource.Meta):
        model = AgreementParty
        fields = ("agreement", "organization", "role", "signatory")
        import_id_fields = ("agreement", "organization")


register("agreement-parties", AgreementPartyResource, order=60)


class PaymentMilestoneResource(KindResource):
    headers = {"agreement": ("Agreement (number)", "协议（编号）")}

    class Meta(KindResource.Meta):
        model = PaymentMilestone
        fields = ("agreement", "title", "due_on", "amount", "currency", "done_on")
        import_id_fields = ("agreement", "title", "due_on")


register("payment-milestones", PaymentMilestoneResource, order=70)
