"""The agreements' and signing events' pages, declared on core's generic views.

Parties, milestones and every step of an agreement's lifecycle go through the agreement
services; the pages only offer the steps and show the services' refusals.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from liaison.core.steps import Transition
from liaison.core.views import generic
from liaison.core.views.generic import RelatedPanel

from . import services
from .choices import (
    ENDED_STATUSES,
    SIGNED_STATUSES,
    TECHNICAL_CONTRACT_KINDS,
    UNSIGNED_STATUSES,
    AgreementKind,
    AgreementStatus,
)
from .filtersets import AgreementFilterSet, ContractRegistrationFilterSet, SigningEventFilterSet
from .forms import (
    AddMilestoneForm,
    AddPartyForm,
    AgreementAttachmentForm,
    AgreementForm,
    ContractRegistrationForm,
    MarkDoneForm,
    SigningEventForm,
)
from .models import (
    Agreement,
    AgreementAttachment,
    AgreementParty,
    ContractRegistration,
    PaymentMilestone,
    SigningEvent,
)
from .registration_services import registration_prefill
from .steps import AGREEMENT_STEPS, REGISTRATION_STEPS
from .tables import (
    AgreementTable,
    AttachmentTable,
    ContractRegistrationTable,
    MilestoneTable,
    SigningEventTable,
    attachment_file_name,
    milestone_may_be_marked_done,
)

# Milestones are added while the agreement has not ended (see `milestone_create`).
NOT_ENDED = frozenset(str(s) for s in AgreementStatus) - ENDED_STATUSES

PARTIES = Prefetch(
    "parties", queryset=AgreementParty.objects.select_related("organization").order_by("pk")
)
# A list names each party; the organizations' long texts stay in the database.
LISTED_PARTIES = Prefetch(
    "parties",
    queryset=AgreementParty.objects.select_related("organization")
    .only("agreement_id", "role", "organization__name_zh", "organization__name_en")
    .order_by("pk"),
)

# A transfer, licence or investment of an achievement is signed after its price is noticed
# inside the institute (Art. 18 of the transformation law); the transfer app keeps the notice
# and refuses the signing before it ends. Its page is offered from these agreements' pages.
PRICED_KINDS = frozenset(
    {AgreementKind.TECH_TRANSFER, AgreementKind.TECH_LICENSING, AgreementKind.INVESTMENT}
)


@dataclasses.dataclass(frozen=True)
class AgreementSection:
    """A summary an app above agreements adds to the agreement's page (joint training by year).

    `data(agreement=, user=)` reads what it shows, as the user may see it, or returns None to
    leave it out; `template` renders it with that as `data`.
    """

    key: str
    template: str
    data: Callable[..., Any]
    order: int = 100


_sections: dict[str, AgreementSection] = {}


def add_section(section: AgreementSection) -> None:
    """Add `section` to the agreement's page (again under the same key: replaced)."""
    _sections[section.key] = section


# Agreements ------------------------------------------------------------------------------


class AgreementListView(generic.ObjectListView):
    queryset = (
        Agreement.objects.select_related("signing_event")
        .prefetch_related(LISTED_PARTIES)
        .defer("description", "obligations", "end_reason", "signing_event__description")
    )
    filterset = AgreementFilterSet
    table = AgreementTable


class AgreementView(generic.ObjectView):
    # Its registration, if any, read with it: the page offers to register it otherwise.
    queryset = Agreement.objects.select_related("signing_event", "registration")
    template_name = "agreements/agreement.html"
    fieldsets = (
        (
            None,
            (
                "number",
                "title_zh",
                "title_en",
                "kind",
                "status",
                "confidentiality",
                "registration_number",
                "signing_event",
            ),
        ),
        (
            _("Lifecycle"),
            ("signed_on", "effective_on", "expires_on", "ended_on", "end_reason"),
        ),
        # The value is written with its currency (1.5万元 / CNY 15,000).
        (_("Value"), ("value", "technical_income")),
        (_("Content"), ("description", "obligations")),
    )
    panels = (
        RelatedPanel(
            _("Parties"),
            lambda a: a.parties.order_by("pk"),
            columns=("organization", "role", "signatory"),
            exclude=("record",),
            limit=50,
        ),
        RelatedPanel(
            _("Payment milestones"),
            lambda a: a.milestones.select_related("agreement").order_by("due_on", "pk"),
            table=MilestoneTable,
            limit=50,
        ),
        RelatedPanel(
            _("Attachments"),
            lambda a: a.attachments.order_by("pk"),
            table=AttachmentTable,
            limit=50,
        ),
        RelatedPanel(
            _("Services delivered under it"),
            lambda a: a.services.order_by("-delivered_on", "-pk"),
            columns=("organization", "kind", "delivered_on", "revenue"),
            list_filter="agreement",
        ),
        # The transfer app's records of it, by their reverse accessors (agreements sits below
        # transfer): the price noticed before a transfer is signed (Art. 18), the payments
        # received under it.
        RelatedPanel(
            _("Price notices"),
            lambda a: a.price_notices.select_related("agreement", "achievement").order_by("-pk"),
            columns=("achievement", "price", "status", "ends_on"),
            list_filter="agreement",
        ),
        RelatedPanel(
            _("Income received"),
            lambda a: a.income.select_related("achievement").order_by("-received_on", "-pk"),
            columns=("received_on", "kind", "amount", "achievement"),
            list_filter="agreement",
            add_label=_("Record income"),
        ),
        RelatedPanel(
            _("Technical-contract registration"),
            lambda a: ContractRegistration.objects.filter(agreement=a),
            table=ContractRegistrationTable,
            # The agreement and its parties are the page's own.
            exclude=("agreement", "seller", "buyer"),
            limit=1,
        ),
        # The training app's trainees, by their reverse accessor (agreements sits below it);
        # its counts by year are a section it adds (`add_section`).
        RelatedPanel(
            _("Joint training"),
            lambda a: a.trainees.select_related("person").order_by("-starts_on", "-pk"),
            columns=("person", "level", "status", "starts_on", "ends_on"),
            list_filter="agreement",
            add_label=_("Add a trainee"),
        ),
        RelatedPanel(
            _("Centers founded by it"),
            lambda a: a.founded_centers.order_by("name_zh"),
            columns=("kind", "status", "established_on"),
        ),
    )
    actions = (
        Transition(
            name="add-party",
            label=_("Add a party"),
            service=services.agreement_add_party,
            target="agreement",
            form=AddPartyForm,
            offered_from=UNSIGNED_STATUSES,
        ),
        *AGREEMENT_STEPS,
        Transition(
            name="add-milestone",
            label=_("Add a milestone"),
            service=services.milestone_add,
            target="agreement",
            form=AddMilestoneForm,
            offered_from=NOT_ENDED,
        ),
    )

    def extra_context(self, obj: Agreement) -> dict[str, Any]:
        # Pages of other records that start from this agreement; linked once they exist.
        sections = []
        for section in sorted(_sections.values(), key=lambda s: (s.order, s.key)):
            data = section.data(agreement=obj, user=self.request.user)
            if data is not None:
                sections.append({"template": section.template, "data": data})
        return {
            "sections": sections,
            "add_attachment_url": _url_with("agreements:agreementattachment_add", agreement=obj),
            "record_service_url": _url_with("needs:servicerecord_add", agreement=obj),
            "price_notice_url": _url_with("transfer:pricenotice_add", agreement=obj)
            if obj.kind in PRICED_KINDS and obj.status in UNSIGNED_STATUSES
            else None,
            "register_url": _url_with("agreements:contractregistration_add", agreement=obj)
            if registrable(obj)
            else None,
        }


def _url_with(name: str, **records: Any) -> str | None:
    try:
        url = reverse(name)
    except NoReverseMatch:
        return None
    return f"{url}?{urlencode({key: record.pk for key, record in records.items()})}"


class AgreementEditView(generic.ObjectEditView):
    queryset = Agreement.objects.all()
    form = AgreementForm
    template_name = "agreements/agreement_edit.html"

    def fields_of(self, form: Any) -> dict[str, Any]:
        fields = super().fields_of(form)
        if form.instance.pk is None:
            # A new agreement comes with its parties: its create service adds them too.
            fields["parties"] = form.parties()
        return fields


class AgreementDeleteView(generic.ObjectDeleteView):
    queryset = Agreement.objects.all()


# Attachments: added from their agreement's page, downloaded only by who may see them ------


class AgreementAttachmentView(generic.ObjectView):
    queryset = AgreementAttachment.objects.select_related("agreement")
    template_name = "agreements/agreementattachment.html"
    fieldsets = ((None, ("agreement", "title")),)

    def extra_context(self, obj: AgreementAttachment) -> dict[str, Any]:
        return {
            "download_url": reverse("agreements:agreementattachment_download", args=(obj.pk,)),
            "file_name": attachment_file_name(obj),
        }


class AgreementAttachmentEditView(generic.ObjectEditView):
    queryset = AgreementAttachment.objects.all()
    form = AgreementAttachmentForm

    def get_instance(self) -> Any:
        attachment = super().get_instance()
        agreement_pk = self.request.GET.get("agreement", "")
        if attachment.pk is None and agreement_pk.isdigit():
            visible = Agreement.objects.restrict(self.request.user, "view")
            attachment.agreement = visible.filter(pk=agreement_pk).first()
        return attachment


class AgreementAttachmentDeleteView(generic.ObjectDeleteView):
    queryset = AgreementAttachment.objects.all()


class AgreementAttachmentDownloadView(generic.FileDownloadView):
    queryset = AgreementAttachment.objects.all()

    def file_name(self, record: Any, file: Any) -> str:
        return attachment_file_name(record)


# Technical-contract registrations: started from their agreement's page ----------------------


def registrable(agreement: Agreement) -> bool:
    """A signed technical contract not registered yet: the page offers to register it."""
    return (
        agreement.kind in TECHNICAL_CONTRACT_KINDS
        and agreement.status in SIGNED_STATUSES
        and not hasattr(agreement, "registration")
    )


class ContractRegistrationListView(generic.ObjectListView):
    queryset = ContractRegistration.objects.select_related("agreement", "seller", "buyer")
    filterset = ContractRegistrationFilterSet
    table = ContractRegistrationTable


class ContractRegistrationView(generic.ObjectView):
    queryset = ContractRegistration.objects.select_related("agreement", "seller", "buyer")
    template_name = "agreements/contractregistration.html"
    fieldsets = (
        (
            None,
            ("agreement", "status", "registry", "form_version", "applied_on", "decided_on"),
        ),
        (
            _("Decision"),
            ("registration_number", "approved_income", "decision_reason", "certificate"),
        ),
        (
            _("The form"),
            ("project_name", "contract_type", "valid_from", "valid_until"),
        ),
        (
            _("Seller"),
            ("seller", "seller_country_code", "seller_region_code", "seller_entity_type"),
        ),
        (
            _("Buyer"),
            ("buyer", "buyer_country_code", "buyer_region_code", "buyer_entity_type"),
        ),
        (_("For transfers"), ("estimated_new_investment", "estimated_new_output")),
    )
    actions = REGISTRATION_STEPS

    def extra_context(self, obj: ContractRegistration) -> dict[str, Any]:
        rules = obj.rules
        return {
            "rules": rules,
            "signed_on": obj.signed_on,
            "decision_due_on": obj.decision_due_on,
            "decision_overdue": obj.decision_overdue,
            "seller_entity_label": rules.entity_types.get(obj.seller_entity_type, ""),
            "buyer_entity_label": rules.entity_types.get(obj.buyer_entity_type, ""),
            "certificate_url": reverse(
                "agreements:contractregistration_certificate", args=(obj.pk,)
            )
            if obj.certificate
            else None,
        }


class ContractRegistrationEditView(generic.ObjectEditView):
    queryset = ContractRegistration.objects.all()
    form = ContractRegistrationForm

    def get_instance(self) -> Any:
        registration = super().get_instance()
        agreement_pk = self.request.GET.get("agreement", "")
        if registration.pk is None and agreement_pk.isdigit():
            visible = Agreement.objects.restrict(self.request.user, "view")
            agreement = visible.filter(pk=agreement_pk).first()
            if agreement is not None:
                # The form comes filled from the agreement and its parties.
                registration.agreement = agreement
                for name, value in registration_prefill(agreement=agreement).items():
                    setattr(registration, name, value)
        return registration


class ContractRegistrationDeleteView(generic.ObjectDeleteView):
    queryset = ContractRegistration.objects.all()


class ContractRegistrationCertificateView(generic.FileDownloadView):
    queryset = ContractRegistration.objects.all()
    file_field = "certificate"


# Payment milestones: reached from their agreement's page -----------------------------------


class PaymentMilestoneView(generic.ObjectView):
    queryset = PaymentMilestone.objects.select_related("agreement")
    fieldsets = ((None, ("agreement", "title", "due_on", "amount", "currency", "done_on")),)
    actions = (
        Transition(
            name="mark-done",
            label=_("Mark done"),
            service=services.milestone_mark_done,
            target="milestone",
            form=MarkDoneForm,
            offered_when=milestone_may_be_marked_done,
        ),
    )


# Signing events ----------------------------------------------------------------------------


class SigningEventListView(generic.ObjectListView):
    queryset = SigningEvent.objects.annotate(
        agreement_count=Count("agreements", distinct=True),
        center_count=Count("centers", distinct=True),
    )
    filterset = SigningEventFilterSet
    table = SigningEventTable


def _ceremony(event: SigningEvent, user: Any) -> dict[str, Any]:
    """What was signed, established or unveiled, and announced at `event`, for `user`.

    Centers and appointments are reached through their relations to the event: the
    agreements app may not import the centers app, which refers to it.
    """
    agreements = (
        event.agreements.restrict(user, "view").prefetch_related(PARTIES).order_by("number")
    )
    centers = event.centers.restrict(user, "view").order_by("name_zh")
    appointments = (
        event.appointments.restrict(user, "view")
        .select_related("person", "center", "committee")
        .order_by("center__name_zh", "role", "pk")
    )
    return {
        "agreements": list(agreements),
        "centers": list(centers),
        "appointments": list(appointments),
    }


class SigningEventView(generic.ObjectView):
    queryset = SigningEvent.objects.all()
    template_name = "agreements/signingevent.html"
    fieldsets = ((None, ("title_zh", "title_en", "held_on", "place", "description")),)

    def extra_context(self, obj: SigningEvent) -> dict[str, Any]:
        return _ceremony(obj, self.request.user)


class SigningEventProgrammeView(generic.BaseObjectView):
    """The ceremony as a one-page programme to print."""

    queryset = SigningEvent.objects.all()

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        event = self.get_object()
        context = {**self.base_context(), "object": event, **_ceremony(event, request.user)}
        return render(request, "agreements/signingevent_programme.html", context)


class SigningEventEditView(generic.ObjectEditView):
    queryset = SigningEvent.objects.all()
    form = SigningEventForm


class SigningEventDeleteView(generic.ObjectDeleteView):
    queryset = SigningEvent.objects.all()
