"""The organizations' pages: declared, not written; core's generic views do the work."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from liaison.core.permissions import user_may
from liaison.core.views import generic
from liaison.core.views.generic import RelatedPanel

from .filtersets import OrganizationFilterSet
from .forms import OrganizationForm
from .models import Organization
from .tables import OrganizationTable


class OrganizationListView(generic.ObjectListView):
    queryset = Organization.objects.select_related("parent")
    filterset = OrganizationFilterSet
    table = OrganizationTable


class OrganizationView(generic.ObjectView):
    queryset = Organization.objects.select_related("parent")
    template_name = "organizations/organization.html"
    fieldsets = (
        (None, ("name_zh", "name_en", "aliases", "kind", "credit_code", "parent", "is_institute")),
        (_("Place"), ("country", "province", "city", "district")),
        (_("Profile"), ("industry", "size", "founded_on", "website", "description", "tags")),
    )
    # The apps that point at organizations are reached through their relations, never
    # imported: organizations know no agreements (CONVENTIONS.md).
    panels = (
        RelatedPanel(
            _("People"),
            lambda o: o.affiliations.order_by("-is_primary", "-starts_on"),
            columns=("person", "position", "starts_on", "ends_on", "is_primary"),
            exclude=("record",),
        ),
        RelatedPanel(
            _("Agreements"),
            lambda o: o.agreements.order_by("-signed_on", "-pk"),
            columns=("kind", "status", "signed_on", "value"),
            list_filter="organization",
        ),
        RelatedPanel(
            _("Technical needs"),
            lambda o: o.technical_needs.order_by("-submitted_on", "-pk"),
            columns=("status", "submitted_on", "budget"),
            list_filter="organization",
        ),
        RelatedPanel(
            _("Services received"),
            lambda o: o.services_received.order_by("-pk"),
            columns=("kind",),
            list_filter="organization",
        ),
        RelatedPanel(
            _("Achievements owned"),
            lambda o: o.owned_achievements.order_by("-pk"),
            columns=("kind", "stage"),
            list_filter="owner",
        ),
        RelatedPanel(
            _("Financing rounds"),
            lambda o: o.financing_rounds.select_related("venture", "achievement").order_by(
                "-announced_on", "-pk"
            ),
            columns=("kind", "amount", "status", "announced_on"),
            list_filter="venture",
        ),
        # Its stays at the institute's incubators (the incubation app sits above this one).
        RelatedPanel(
            _("Incubations"),
            lambda o: o.incubations.order_by("-admitted_on", "-pk"),
            columns=("center", "status", "admitted_on", "exited_on"),
            list_filter="organization",
            add_label=_("Admit to an incubator"),
        ),
        RelatedPanel(
            _("Investments"),
            lambda o: o.investments.select_related("venture", "achievement").order_by(
                "-announced_on", "-pk"
            ),
            columns=("venture", "kind", "amount", "announced_on"),
            list_filter="investor",
        ),
        RelatedPanel(
            _("Centers"),
            lambda o: o.centers.order_by("name_zh"),
            columns=("kind", "status"),
            list_filter="partner",
        ),
        RelatedPanel(
            _("Affiliated organizations"),
            lambda o: o.children.order_by("name_zh"),
            columns=("kind", "city"),
            list_filter="parent",
        ),
    )

    def extra_context(self, obj: Any) -> dict[str, Any]:
        # The timeline page belongs to another part of the application; linked once it exists.
        try:
            timeline_url = reverse("organizations:organization_timeline", args=(obj.pk,))
        except NoReverseMatch:
            timeline_url = None
        return {"timeline_url": timeline_url, "invite_url": self.invite_url(obj)}

    def invite_url(self, obj: Any) -> str | None:
        """The page inviting the organization's contacts to the portal, for who may invite.

        Invitations are the accounts' (above organizations): named through the app registry.
        """
        invitation = apps.get_model("accounts", "Invitation")
        if not user_may(self.request.user, "add", invitation):
            return None
        try:
            return reverse("portal:invitations", args=(obj.pk,))
        except NoReverseMatch:
            return None


class OrganizationEditView(generic.ObjectEditView):
    queryset = Organization.objects.all()
    form = OrganizationForm


class OrganizationDeleteView(generic.ObjectDeleteView):
    queryset = Organization.objects.all()
