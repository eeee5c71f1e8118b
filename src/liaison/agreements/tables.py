from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from liaison.core.tables import (
    ChoicesColumn,
    MoneyColumn,
    ObjectLinkColumn,
    ObjectTable,
    object_url,
)

from .choices import SIGNED_STATUSES
from .models import (
    Agreement,
    AgreementAttachment,
    AgreementParty,
    ContractRegistration,
    PaymentMilestone,
    SigningEvent,
)


class PartiesColumn(tables.Column):
    """An agreement's parties, each linked, from the prefetched `parties`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("accessor", "pk")
        kwargs.setdefault("orderable", False)
        kwargs.setdefault("empty_values", ())
        super().__init__(*args, **kwargs)

    def _parties(self, record: Agreement) -> list[AgreementParty]:
        return list(record.parties.all())

    def render(self, record: Agreement) -> Any:
        parties = self._parties(record)
        if not parties:
            return "—"
        # The separator is escaped unless marked safe: a plain "<br>" showed as text.
        return format_html_join(
            mark_safe("<br>"),
            '<a href="{}">{}</a>',
            ((object_url(p.organization) or "#", p.organization) for p in parties),
        )

    def value(self, record: Agreement) -> str:
        return "; ".join(str(p.organization) for p in self._parties(record))


class AgreementTable(ObjectTable):
    number = ObjectLinkColumn(verbose_name=_("Number"))
    title = tables.Column(verbose_name=_("Title"), accessor="title_zh", order_by=("title_zh",))
    kind = ChoicesColumn(verbose_name=_("Kind"))
    status = ChoicesColumn(verbose_name=_("Status"))
    parties = PartiesColumn(verbose_name=_("Parties"))
    value = MoneyColumn(verbose_name=_("Value"))
    signing_event = ObjectLinkColumn(verbose_name=_("Signing event"), related=True)

    class Meta(ObjectTable.Meta):
        model = Agreement
        fields = (
            "number",
            "title",
            "kind",
            "status",
            "parties",
            "signed_on",
            "effective_on",
            "expires_on",
            "value",
            "signing_event",
        )

    def render_title(self, record: Agreement) -> str:
        return str(record).removeprefix(f"{record.number} ")

    def value_title(self, record: Agreement) -> str:
        return self.render_title(record)


class SigningEventTable(ObjectTable):
    held_on = ObjectLinkColumn(verbose_name=_("Date"))
    title = tables.Column(verbose_name=_("Title"), accessor="title_zh", order_by=("title_zh",))
    place = tables.Column(verbose_name=_("Place"))
    agreement_count = tables.Column(
        verbose_name=_("Agreements signed"), attrs={"td": {"class": "text-end"}}
    )
    center_count = tables.Column(
        verbose_name=_("Centers established"), attrs={"td": {"class": "text-end"}}
    )

    class Meta(ObjectTable.Meta):
        model = SigningEvent
        fields = ("held_on", "title", "place", "agreement_count", "center_count")

    def render_title(self, record: SigningEvent) -> Any:
        return format_html(
            '<a href="{}">{}</a>', object_url(record) or "#", self.value_title(record)
        )

    def value_title(self, record: SigningEvent) -> str:
        return str(record).removeprefix(f"{record.held_on:%Y-%m-%d} ")


class MilestoneTable(ObjectTable):
    """An agreement's payment milestones, with a link to mark an open one done."""

    title = ObjectLinkColumn(verbose_name=_("Title"))
    due_on = tables.Column(verbose_name=_("Due on"))
    amount = MoneyColumn(verbose_name=_("Amount"))
    done_on = tables.Column(verbose_name=_("Done on"))
    mark_done = tables.Column(
        verbose_name=_("Actions"),
        accessor="pk",
        orderable=False,
        empty_values=(),
        exclude_from_export=True,
    )

    class Meta(ObjectTable.Meta):
        model = PaymentMilestone
        fields = ("title", "due_on", "amount", "done_on", "mark_done")

    def render_mark_done(self, record: PaymentMilestone) -> Any:
        if not milestone_may_be_marked_done(record):
            return "—"
        url = reverse("agreements:paymentmilestone_action", args=(record.pk, "mark-done"))
        return format_html('<a class="btn btn-sm" href="{}">{}</a>', url, _("Mark done"))


def milestone_may_be_marked_done(milestone: PaymentMilestone) -> bool:
    """Offered while open on a signed agreement; the model refuses any other."""
    return milestone.done_on is None and milestone.agreement.status in SIGNED_STATUSES


class AttachmentTable(ObjectTable):
    """An agreement's attachments, each with a link to download its file."""

    title = ObjectLinkColumn(verbose_name=_("Title"))
    download = tables.Column(
        verbose_name=_("File"), accessor="pk", orderable=False, empty_values=()
    )
    created_at = tables.DateTimeColumn(verbose_name=_("Added"), short=True)

    class Meta(ObjectTable.Meta):
        model = AgreementAttachment
        fields = ("title", "download", "created_at")

    def render_download(self, record: AgreementAttachment) -> Any:
        url = reverse("agreements:agreementattachment_download", args=(record.pk,))
        return format_html('<a href="{}">{}</a>', url, attachment_file_name(record))


def attachment_file_name(attachment: AgreementAttachment) -> str:
    """The name the file was uploaded as, without the folder it is stored in."""
    return PurePosixPath(attachment.file.name or "").name


class ContractRegistrationTable(ObjectTable):
    registration = tables.Column(
        verbose_name=_("Registration"),
        accessor="pk",
        order_by=("registration_number",),
        empty_values=(),
    )
    agreement = ObjectLinkColumn(verbose_name=_("Agreement"), related=True)
    status = ChoicesColumn(verbose_name=_("Status"))
    contract_type = ChoicesColumn(verbose_name=_("Contract type"))
    seller = ObjectLinkColumn(verbose_name=_("Seller"), related=True)
    buyer = ObjectLinkColumn(verbose_name=_("Buyer"), related=True)
    applied_on = tables.Column(verbose_name=_("Applied on"))
    decided_on = tables.Column(verbose_name=_("Decided on"))
    approved_income = MoneyColumn(verbose_name=_("Approved technical income"))

    class Meta(ObjectTable.Meta):
        model = ContractRegistration
        fields = (
            "registration",
            "agreement",
            "status",
            "contract_type",
            "seller",
            "buyer",
            "applied_on",
            "decided_on",
            "approved_income",
        )

    def render_registration(self, record: ContractRegistration) -> Any:
        label = record.registration_number or _("(no number yet)")
        if record.decision_overdue:
            return format_html(
                '<a href="{}">{}</a> <span class="badge bg-warning text-dark">{}</span>',
                object_url(record) or "#",
                label,
                _("decision overdue"),
            )
        return format_html('<a href="{}">{}</a>', object_url(record) or "#", label)

    def value_registration(self, record: ContractRegistration) -> str:
        return record.registration_number
