"""What joint training adds to other apps' pages: the agreement's counts by year.

Agreements sit below training and never import it: the agreement page shows the sections
apps above add (`agreements.views.add_section`). The center's page (in reports, above
training) calls `training_section` itself.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.urls import reverse

from liaison.agreements.models import Agreement
from liaison.agreements.views import AgreementSection, add_section
from liaison.centers.models import Center

from .selectors import TrainingSummary, agreement_training, center_training

TEMPLATE = "training/training_summary.html"


def _section(summary: TrainingSummary | None, **narrowed: int) -> dict[str, Any] | None:
    """The summary with the trainee list's address narrowed to the record whose page shows it,
    so each count opens the trainees it counts."""
    if summary is None:
        return None
    return {
        "summary": summary,
        "list_url": reverse("training:trainee_list"),
        "narrowed": urlencode(narrowed),
    }


def agreement_section(*, agreement: Agreement, user: Any) -> dict[str, Any] | None:
    return _section(agreement_training(agreement=agreement, user=user), agreement=agreement.pk)


def center_section(*, center: Center, user: Any) -> dict[str, Any] | None:
    return _section(center_training(center=center, user=user), center=center.pk)


add_section(AgreementSection(key="training", template=TEMPLATE, data=agreement_section, order=50))
