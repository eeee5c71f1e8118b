"""The people's pages; contact data only for those core.permissions lets change a person."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from liaison.core.filtersets import ObjectFilterSet
from liaison.core.permissions import is_hidden
from liaison.core.steps import Transition
from liaison.core.views import generic
from liaison.core.views.generic import RelatedPanel

from . import services
from .choices import Honour
from .filtersets import AffiliationFilterSet, PersonFilterSet
from .forms import AddAffiliationForm, EndAffiliationForm, PersonForm
from .models import Affiliation, Person
from .tables import AffiliationTable, PersonTable


class PersonListView(generic.ObjectListView):
    queryset = Person.objects.all()
    filterset = PersonFilterSet
    table = PersonTable

    @classmethod
    def filtered(cls, user: Any, params: QueryDict) -> tuple[ObjectFilterSet, QuerySet[Any]]:
        filterset, queryset = super().filtered(user, params)
        primary = (
            Affiliation.objects.restrict(user, "view")
            .filter(is_primary=True)
            .select_related("organization")
        )
        return filterset, queryset.prefetch_related(
            Prefetch("affiliations", queryset=primary, to_attr="primary_affiliations")
        )


class PersonView(generic.ObjectView):
    queryset = Person.objects.select_related("user")
    template_name = "people/person.html"
    fieldsets = (
        (None, ("name_zh", "name_en", "kind", "title", "available")),
        (_("Expertise"), ("expertise", "profile")),
    )
    panels = (
        RelatedPanel(
            _("Affiliations"),
            lambda p: p.affiliations.select_related("person", "organization").order_by(
                "-is_primary", "-starts_on", "pk"
            ),
            table=AffiliationTable,
            exclude=("person",),
            list_filter="person",
        ),
        RelatedPanel(
            _("Appointments"),
            lambda p: p.appointments.select_related("committee").order_by("-starts_on", "pk"),
            columns=("center", "role", "starts_on", "ends_on"),
            list_filter="person",
        ),
        RelatedPanel(
            _("Achievements as inventor"),
            lambda p: p.achievements.order_by("-stage_since", "-pk"),
            columns=("kind", "stage", "center"),
            list_filter="inventor",
        ),
        RelatedPanel(
            _("Services provided"),
            lambda p: p.services_provided.order_by("-delivered_on", "-pk"),
            columns=("organization", "kind", "delivered_on"),
        ),
        RelatedPanel(
            _("Technical needs as contact"),
            lambda p: p.technical_needs.order_by("-submitted_on", "-pk"),
            columns=("organization", "status", "submitted_on"),
        ),
    )
    actions = (
        Transition(
            name="add-affiliation",
            label=_("Add an affiliation"),
            service=services.affiliation_add,
            target="person",
            form=AddAffiliationForm,
        ),
    )

    def extra_context(self, obj: Person) -> dict[str, Any]:
        labels = dict(Honour.choices)
        return {
            "honours": [labels.get(h, h) for h in obj.honours],
            # Masked by core.permissions for roles that do not see contact data.
            "contact": {"email": obj.email, "phone": obj.phone, "hidden": is_hidden(obj.email)},
        }


class PersonEditView(generic.ObjectEditView):
    queryset = Person.objects.all()
    form = PersonForm


class PersonDeleteView(generic.ObjectDeleteView):
    queryset = Person.objects.all()


class AffiliationListView(generic.ObjectListView):
    queryset = Affiliation.objects.select_related("person", "organization")
    filterset = AffiliationFilterSet
    table = AffiliationTable


class AffiliationView(generic.ObjectView):
    queryset = Affiliation.objects.select_related("person", "organization")
    fieldsets = (
        (None, ("person", "organization", "position", "starts_on", "ends_on", "is_primary")),
    )
    actions = (
        Transition(
            name="end",
            label=_("End the affiliation"),
            service=services.affiliation_end,
            target="affiliation",
            form=EndAffiliationForm,
            offered_when=lambda affiliation: affiliation.ends_on is None,
        ),
    )
