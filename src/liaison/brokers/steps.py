"""A broker's and an engagement's steps, declared once for their pages and for the admin."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from liaison.agreements.choices import SIGNED_STATUSES
from liaison.core.steps import Transition

from . import services
from .choices import BROKER_MOVES, BrokerStatus
from .forms import RecordPaymentForm
from .models import BrokerEngagement

DEACTIVATE = Transition(
    name="deactivate",
    label=_("Make inactive"),
    service=services.broker_deactivate,
    target="broker",
    offered_from=BROKER_MOVES.into(BrokerStatus.INACTIVE),
)
REACTIVATE = Transition(
    name="reactivate",
    label=_("Make active again"),
    service=services.broker_reactivate,
    target="broker",
    offered_from=BROKER_MOVES.into(BrokerStatus.ACTIVE),
)
BROKER_STEPS = (DEACTIVATE, REACTIVATE)


def _signed(engagement: BrokerEngagement) -> bool:
    return engagement.agreement.status in SIGNED_STATUSES


RECORD_PAYMENT = Transition(
    name="record-payment",
    label=_("Record a commission payment"),
    service=services.engagement_record_payment,
    target="brokerengagement",
    form=RecordPaymentForm,
    offered_when=_signed,
)
ENGAGEMENT_STEPS = (RECORD_PAYMENT,)
