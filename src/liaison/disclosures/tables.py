from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from liaison.core.tables import ChoicesColumn, ObjectLinkColumn, ObjectTable, object_url

from .models import Disclosure, DisclosureAttachment, DisclosureFunding, DisclosureInventor


class InventorsColumn(tables.Column):
    """A disclosure's inventors with their shares, from the prefetched `inventors`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("accessor", "pk")
        kwargs.setdefault("orderable", False)
        kwargs.setdefault("empty_values", ())
        super().__init__(*args, **kwargs)

    def render(self, record: Disclosure) -> Any:
        rows = list(record.inventors.all())
        if not rows:
            return "—"
        return format_html_join(
            mark_safe("<br>"),
            # The share inside the link: a link beside plain text must be told apart by more
            # than its colour.
            '<a href="{}">{} ({} %)</a>',
            ((object_url(i.person) or "#", i.person, i.share) for i in rows),
        )

    def value(self, record: Disclosure) -> str:
        return "; ".join(f"{i.person} {i.share} %" for i in record.inventors.all())


class DisclosureTable(ObjectTable):
    case_number = ObjectLinkColumn(verbose_name=_("Case number"))
    title_zh = ObjectLinkColumn(verbose_name=_("Chinese title"))
    title_en = tables.Column(verbose_name=_("English title"))
    status = ChoicesColumn(verbose_name=_("Status"))
    decision = ChoicesColumn(verbose_name=_("Decision"))
    center = ObjectLinkColumn(verbose_name=_("Center"), related=True)
    responsible = tables.Column(verbose_name=_("Responsible"))
    inventors = InventorsColumn(verbose_name=_("Inventors"))

    class Meta(ObjectTable.Meta):
        model = Disclosure
        fields = (
            "case_number",
            "title_zh",
            "title_en",
            "status",
            "decision",
            "center",
            "responsible",
            "inventors",
            "submitted_on",
            "acknowledged_on",
            "decided_on",
        )


class InventorTable(ObjectTable):
    person = ObjectLinkColumn(verbose_name=_("Inventor"), related=True)
    share = tables.Column(verbose_name=_("Share (%)"))
    edit = tables.Column(verbose_name=_("Record"), accessor="pk", orderable=False, empty_values=())

    class Meta(ObjectTable.Meta):
        model = DisclosureInventor
        fields = ("person", "share", "edit")

    def render_edit(self, record: DisclosureInventor) -> Any:
        return format_html('<a href="{}">{}</a>', object_url(record) or "#", _("Open"))


class FundingTable(ObjectTable):
    sponsor = ObjectLinkColumn(verbose_name=_("Sponsor"), related=True)
    agreement = ObjectLinkColumn(verbose_name=_("Agreement"), related=True)
    project = ObjectLinkColumn(verbose_name=_("Project"))
    sponsor_has_rights = tables.BooleanColumn(verbose_name=_("Sponsor's rights"))
    rights_note = tables.Column(verbose_name=_("The sponsor's rights"))

    class Meta(ObjectTable.Meta):
        model = DisclosureFunding
        fields = ("sponsor", "agreement", "project", "sponsor_has_rights", "rights_note")


class AttachmentTable(ObjectTable):
    """A disclosure's documents, each with a link to download its file."""

    title = ObjectLinkColumn(verbose_name=_("Title"))
    download = tables.Column(
        verbose_name=_("File"), accessor="pk", orderable=False, empty_values=()
    )
    created_at = tables.DateTimeColumn(verbose_name=_("Added"), short=True)

    class Meta(ObjectTable.Meta):
        model = DisclosureAttachment
        fields = ("title", "download", "created_at")

    def render_download(self, record: DisclosureAttachment) -> Any:
        url = reverse("disclosures:disclosureattachment_download", args=(record.pk,))
        return format_html('<a href="{}">{}</a>', url, attachment_file_name(record))


def attachment_file_name(attachment: DisclosureAttachment) -> str:
    """The name to download a document as: its title, with the extension of what it is."""
    suffix = PurePosixPath(attachment.file.name or "").suffix
    title = attachment.title.strip() or PurePosixPath(attachment.file.name or "").stem
    return title if title.lower().endswith(suffix.lower()) else f"{title}{suffix}"
