"""What brokers add to other apps' pages: the agreement's brokers, and a broker's own record on
their page (the page a person signs in to).

Agreements and people sit below brokers and never import them: their pages show the sections
apps above add (`agreements.views.add_section`, `people.researcher.add_section`).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.db.models import Sum
from django.urls import reverse

from liaison.agreements.models import Agreement
from liaison.agreements.views import AgreementSection
from liaison.agreements.views import add_section as add_agreement_section
from liaison.core.permissions import user_may
from liaison.people.researcher import PageSection
from liaison.people.researcher import add_section as add_person_section

from .models import BrokerEngagement, CommissionPayment
from .selectors import Period, broker_of, broker_record

SHOWN = 20


def agreement_brokers(*, agreement: Agreement, user: Any) -> dict[str, Any] | None:
    """The brokers party to `agreement` as `user` may see them, with what was paid to each;
    None (no card) for a reader who may see no broker."""
    if not user_may(user, "view", BrokerEngagement):
        return None
    engagements = list(
        BrokerEngagement.objects.restrict(user, "view")
        .filter(agreement=agreement)
        .select_related("broker__person", "broker__organization")
        .order_by("pk")[:SHOWN]
    )
    shows_paid = user_may(user, "view", CommissionPayment)
    if shows_paid and engagements:
        paid = dict(
            CommissionPayment.objects.restrict(user, "view")
            .filter(engagement__in=engagements)
            .values("engagement")
            .annotate(total=Sum("amount"))
            .values_list("engagement", "total")
        )
        for engagement in engagements:
            engagement.paid = paid.get(engagement.pk, Decimal(0))
    add_url = None
    if user_may(user, "add", BrokerEngagement):
        add_url = (
            f"{reverse('brokers:brokerengagement_add')}?{urlencode({'agreement': agreement.pk})}"
        )
    if not engagements and add_url is None:
        return None
    return {"engagements": engagements, "shows_paid": shows_paid, "add_url": add_url}


def own_broker_record(*, user: Any, person: Any) -> dict[str, Any] | None:
    """The signed-in broker's record, this year and all time; None for anyone else."""
    broker = broker_of(user)
    if broker is None:
        return None
    return {
        "broker": broker,
        "this_year": broker_record(broker=broker, user=user, period=Period.this_year()),
        "all_time": broker_record(broker=broker, user=user),
    }


add_agreement_section(
    AgreementSection(
        key="brokers", template="brokers/agreement_brokers.html", data=agreement_brokers, order=40
    )
)
add_person_section(
    PageSection(key="broker", template="brokers/me_broker.html", data=own_broker_record, order=10)
)
