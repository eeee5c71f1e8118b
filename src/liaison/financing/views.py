"""The financing rounds' pages: declared, not written; core's generic views do the work."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from liaison.core.versioning import VersionedForm
from liaison.core.views import generic
from liaison.core.views.generic import RelatedPanel

from .filtersets import FinancingRoundFilterSet
from .forms import FinancingRoundForm
from .models import FinancingRound
from .steps import ROUND_STEPS
from .tables import FinancingRoundTable


class FinancingRoundListView(generic.ObjectListView):
    queryset = FinancingRound.objects.select_related("venture", "achievement")
    filterset = FinancingRoundFilterSet
    table = FinancingRoundTable


class FinancingRoundView(generic.ObjectView):
    queryset = FinancingRound.objects.select_related("venture", "achievement")
    template_name = "financing/financinground.html"
    fieldsets = (
        (None, ("venture", "achievement", "kind", "status")),
        (_("Currency"), ("currency", "cny_rate")),
        (_("Dates"), ("announced_on", "closed_on", "cancel_reason")),
        (_("Note"), ("note",)),
    )
    panels = (
        RelatedPanel(
            _("Investors"),
            lambda r: r.round_investors.select_related("round").order_by("-is_lead", "pk"),
            columns=("organization", "amount", "is_lead"),
            exclude=("record",),
        ),
    )
    actions = ROUND_STEPS


class FinancingRoundEditView(generic.ObjectEditView):
    queryset = FinancingRound.objects.all()
    form = FinancingRoundForm

    def fields_of(self, form: VersionedForm) -> dict[str, Any]:
        fields = super().fields_of(form)
        if form.instance.pk is None:
            # The investors are relations, recorded by the service with the round.
            fields["investors"] = form.investor_rows()  # type: ignore[attr-defined]
        return fields


class FinancingRoundDeleteView(generic.ObjectDeleteView):
    queryset = FinancingRound.objects.all()
