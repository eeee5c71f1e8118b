"""The six headline figures, computed here with plain ORM queries from their definitions.

Independent of the reports app on purpose: the demo promises these numbers whatever the
reports app's code looks like.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Exists, OuterRef, Q

from liaison.achievements.models import Achievement
from liaison.agreements.models import AgreementParty
from liaison.financing.models import FinancingRound
from liaison.needs.models import TechnicalNeed
from liaison.organizations.models import Organization

AS_OF = datetime.date(2023, 5, 8)
REPORTED = {
    "organizations_served_local": 108,
    "cooperation_partners": 42,
    "technical_problems_solved": 213,
    "institutions_cooperating": 23,
    "achievements_market_or_clinical": 56,
    "financing_cumulative_cny": Decimal("156300000.00"),
}
TECHNICAL = [
    "tech_development",
    "tech_transfer",
    "tech_licensing",
    "tech_consulting",
    "tech_service",
]


def figures(as_of: datetime.date) -> dict[str, int | Decimal]:
    served = Organization.objects.filter(
        city__in=settings.LIAISON_LOCAL_CITIES,
        kind__in=["enterprise", "university", "research_institute"],
        is_institute=False,
        services_received__delivered_on__lte=as_of,
    ).distinct()
    partners = Organization.objects.filter(
        kind__in=["enterprise", "hospital"],
        is_institute=False,
        agreement_parties__agreement__kind__in=[*TECHNICAL, "joint_center", "framework"],
        agreement_parties__agreement__signed_on__lte=as_of,
    ).distinct()
    running = AgreementParty.objects.filter(
        Q(agreement__ended_on__isnull=True) | Q(agreement__ended_on__gt=as_of),
        organization=OuterRef("pk"),
        agreement__kind__in=["framework", "joint_center", "talent_training", "mou"],
        agreement__signed_on__lte=as_of,
    )
    institutions = Organization.objects.filter(
        Exists(running),
        kind__in=["university", "research_institute", "hospital"],
        is_institute=False,
    )
    achievements = Achievement.objects.filter(
        stage_history__stage__in=["clinical_trial", "registration", "market"],
        stage_history__reached_on__lte=as_of,
    ).distinct()
    rounds = FinancingRound.objects.filter(status="closed", closed_on__lte=as_of)
    financing = sum(
        ((r.amount * r.cny_rate).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) for r in rounds),
        Decimal(0),
    )
    return {
        "organizations_served_local": served.count(),
        "cooperation_partners": partners.count(),
        "technical_problems_solved": TechnicalNeed.objects.filter(solved_on__lte=as_of).count(),
        "institutions_cooperating": institutions.count(),
        "achievements_market_or_clinical": achievements.count(),
        "financing_cumulative_cny": financing,
    }
