"""What industry chains add to other apps' pages: the segments an agreement is placed on.

Agreements sit below chains and never import them: the agreement page shows the sections
apps above add (`agreements.views.add_section`). The other records placed (organizations,
needs, achievements, centers, people) have no such hook yet; their placements are listed at
`chains:segmentplacement_list?<kind>=<pk>`.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from liaison.agreements.models import Agreement
from liaison.agreements.views import AgreementSection, add_section
from liaison.core.permissions import user_may

from .models import SegmentPlacement
from .selectors import placements_of

TEMPLATE = "chains/agreement_section.html"


def agreement_section(*, agreement: Agreement, user: Any) -> dict[str, Any] | None:
    """The segments `agreement` is on, and for staff the way to place it on another."""
    may_place = user_may(user, "add", SegmentPlacement)
    placements = list(placements_of(agreement, user)[:20])
    if not placements and not may_place:
        return None
    return {
        "placements": placements,
        "place_url": f"{reverse('chains:segmentplacement_add')}?agreement={agreement.pk}"
        if may_place
        else None,
    }


add_section(AgreementSection(key="chains", template=TEMPLATE, data=agreement_section, order=60))
