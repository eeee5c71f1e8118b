"""The disclosures' pages: the office's list and record, and the submission, on core's generic views.

The add page is the submission: a researcher (or the office, for one received on paper)
names the inventors with their shares and the funding in rows, and attaches the documents;
`disclosure_submit` refuses shares that do not add up to 100 %, under the inventors. A
researcher reaches only the disclosures they submitted or invented (`core.permissions`), and
the record's page offers them only the withdrawal: the other steps are the office's.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from liaison.core.filtersets import search_query
from liaison.core.permissions import may, user_may
from liaison.core.tables import object_url
from liaison.core.views import generic
from liaison.core.views.generic import RelatedPanel
from liaison.core.views.pages import LOOKUP_LIMIT

from .choices import UNDECIDED_STATUSES
from .filtersets import DisclosureFilterSet
from .forms import (
    PERSON_SEARCH,
    DisclosureAttachmentForm,
    DisclosureFundingForm,
    DisclosureInventorForm,
    DisclosureSubmitForm,
)
from .models import (
    Disclosure,
    DisclosureAttachment,
    DisclosureFunding,
    DisclosureInventor,
)
from .selectors import inventor_candidates
from .services import handles_disclosures, novelty_warnings
from .steps import DISCLOSURE_STEPS, OFFICE_STEPS
from .tables import (
    AttachmentTable,
    DisclosureTable,
    FundingTable,
    InventorTable,
    attachment_file_name,
)

LISTED_INVENTORS = Prefetch(
    "inventors",
    queryset=DisclosureInventor.objects.select_related("person")
    .only("disclosure_id", "share", "person__name_zh", "person__name_en")
    .order_by("-share", "pk"),
)


class DisclosureListView(generic.ObjectListView):
    queryset = (
        Disclosure.objects.select_related("center", "responsible")
        .prefetch_related(LISTED_INVENTORS)
        .defer("description", "decision_note")
    )
    filterset = DisclosureFilterSet
    table = DisclosureTable


class DisclosureView(generic.ObjectView):
    queryset = Disclosure.objects.select_related(
        "center", "submitted_by", "responsible", "achievement"
    )
    template_name = "disclosures/disclosure.html"
    fieldsets = (
        (
            None,
            (
                "case_number",
                "title_zh",
                "title_en",
                "status",
                "center",
                "submitted_by",
                "responsible",
            ),
        ),
        (
            _("Dates"),
            (
                "conceived_on",
                "first_public_on",
                "planned_publication_on",
                "submitted_on",
                "acknowledged_on",
                "decided_on",
            ),
        ),
        (_("Decision"), ("decision", "decision_note", "achievement")),
        (_("Content"), ("description", "likely_licensees", "licensees_note")),
    )
    panels = (
        RelatedPanel(
            _("Inventors and their shares"),
            lambda d: d.inventors.select_related("person").order_by("-share", "pk"),
            table=InventorTable,
            limit=50,
        ),
        RelatedPanel(
            _("Funding"),
            lambda d: d.funding.select_related("sponsor", "agreement").order_by("pk"),
            table=FundingTable,
            limit=50,
        ),
        RelatedPanel(
            _("Documents"),
            lambda d: d.attachments.order_by("pk"),
            table=AttachmentTable,
            limit=50,
        ),
    )
    actions = DISCLOSURE_STEPS

    def extra_context(self, obj: Disclosure) -> dict[str, Any]:
        user = self.request.user
        context: dict[str, Any] = {
            "warnings": novelty_warnings(obj),
            "open_statuses": UNDECIDED_STATUSES,
            "events": list(
                obj.events.restrict(user, "view")
                .select_related("recorded_by")
                .order_by("happened_on", "pk")
            ),
            "add_inventor_url": _add_url("disclosures:disclosureinventor_add", obj),
            "add_funding_url": _add_url("disclosures:disclosurefunding_add", obj),
            "add_attachment_url": _add_url("disclosures:disclosureattachment_add", obj),
        }
        if not handles_disclosures(user):
            # A researcher sees the steps the office takes in the history, not as buttons.
            office = {step.name for step in OFFICE_STEPS}
            may_change = may(user, "change", obj)
            context["actions"] = [
                {"label": t.label, "url": self.action_url(obj, t)}
                for t in self.actions
                if may_change and t.name not in office and t.offered_for(obj)
            ]
        return context


def _add_url(name: str, disclosure: Disclosure) -> str:
    return f"{reverse(name)}?disclosure={disclosure.pk}"


class DisclosureEditView(generic.ObjectEditView):
    """The submission (a new disclosure, with its rows) or a correction of one's own fields."""

    queryset = Disclosure.objects.all()
    form = DisclosureSubmitForm
    template_name = "disclosures/disclosure_edit.html"

    def fields_of(self, form: Any) -> dict[str, Any]:
        fields = super().fields_of(form)
        if form.instance.pk is None:
            if form.inventor_formset is not None and form.funding_formset is not None:
                fields["inventors"] = form.inventor_formset.rows()
                fields["funding"] = form.funding_formset.rows()
            fields["attachments"] = [
                ("", upload) for upload in form.cleaned_data.get("attachments") or []
            ]
        return fields


class DisclosureDeleteView(generic.ObjectDeleteView):
    queryset = Disclosure.objects.all()


# The parts of a disclosure, reached from its page -------------------------------------------


class _PartEditView(generic.ObjectEditView):
    """A part added from its disclosure's page: the disclosure comes with the address."""

    def get_instance(self) -> Any:
        record = super().get_instance()
        pk = self.request.GET.get("disclosure", "")
        if record.pk is None and pk.isdigit():
            visible = Disclosure.objects.restrict(self.request.user, "view")
            record.disclosure = visible.filter(pk=pk).first()
        return record


class DisclosureInventorView(generic.ObjectView):
    queryset = DisclosureInventor.objects.select_related("disclosure", "person")
    fieldsets = ((None, ("disclosure", "person", "share")),)


class DisclosureInventorEditView(_PartEditView):
    queryset = DisclosureInventor.objects.all()
    form = DisclosureInventorForm


class DisclosureInventorDeleteView(generic.ObjectDeleteView):
    queryset = DisclosureInventor.objects.all()


class DisclosureFundingView(generic.ObjectView):
    queryset = DisclosureFunding.objects.select_related("disclosure", "sponsor", "agreement")
    fieldsets = (
        (
            None,
            ("disclosure", "sponsor", "agreement", "project", "sponsor_has_rights", "rights_note"),
        ),
    )


class DisclosureFundingEditView(_PartEditView):
    queryset = DisclosureFunding.objects.all()
    form = DisclosureFundingForm


class DisclosureFundingDeleteView(generic.ObjectDeleteView):
    queryset = DisclosureFunding.objects.all()


class DisclosureAttachmentView(generic.ObjectView):
    queryset = DisclosureAttachment.objects.select_related("disclosure")
    template_name = "disclosures/disclosureattachment.html"
    fieldsets = ((None, ("disclosure", "title")),)

    def extra_context(self, obj: DisclosureAttachment) -> dict[str, Any]:
        return {
            "download_url": reverse("disclosures:disclosureattachment_download", args=(obj.pk,)),
            "file_name": attachment_file_name(obj),
            "disclosure_url": object_url(obj.disclosure),
        }


class DisclosureAttachmentEditView(_PartEditView):
    queryset = DisclosureAttachment.objects.all()
    form = DisclosureAttachmentForm


class DisclosureAttachmentDeleteView(generic.ObjectDeleteView):
    queryset = DisclosureAttachment.objects.all()


class DisclosureAttachmentDownloadView(generic.FileDownloadView):
    queryset = DisclosureAttachment.objects.all()

    def file_name(self, record: Any, file: Any) -> str:
        return attachment_file_name(record)


@login_required
def inventor_lookup(request: HttpRequest) -> HttpResponse:
    """The people matching what is typed in an inventor row, as options (htmx): the
    institute's researchers by name, for whoever may submit a disclosure."""
    if not user_may(request.user, "add", Disclosure):
        raise Http404
    candidates = inventor_candidates(user=request.user)
    field = request.GET.get("field", "")
    term = request.GET.get(f"{field}__lookup", request.GET.get("q", "")).strip()
    records = (
        list(
            candidates.filter(search_query(PERSON_SEARCH, term)).order_by("name_zh", "pk")[
                :LOOKUP_LIMIT
            ]
        )
        if term
        else []
    )
    chosen_pk = request.GET.get(field, "")
    chosen = candidates.filter(pk=chosen_pk).first() if chosen_pk.isdigit() else None
    return render(request, "core/lookup_options.html", {"records": records, "chosen": chosen})
