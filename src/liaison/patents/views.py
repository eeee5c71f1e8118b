"""The patent portfolio's pages: patents with their computed fee schedule and deadlines, their
payments and office actions, and the fee calendar across the portfolio."""

from __future__ import annotations

import datetime
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View

from liaison.achievements.models import Achievement
from liaison.centers.models import Center
from liaison.core.lifecycle import today
from liaison.core.steps import DateInput
from liaison.core.uploads import display_name
from liaison.core.views import generic
from liaison.core.views.generic import RelatedPanel

from . import docket, selectors
from .choices import FeeKind, PatentStatus
from .filtersets import PatentFilterSet
from .forms import FeePaymentForm, OfficeActionForm, PatentForm
from .models import FeePayment, OfficeAction, Patent
from .steps import OFFICE_ACTION_STEPS, PATENT_STEPS
from .tables import FeePaymentTable, OfficeActionTable, PatentTable

# How far ahead the fee calendar looks unless told.
CALENDAR_DAYS = 90


class PatentListView(generic.ObjectListView):
    queryset = Patent.objects.select_related("achievement").defer(
        "note", "end_reason", "achievement__description"
    )
    filterset = PatentFilterSet
    table = PatentTable


class PatentView(generic.ObjectView):
    queryset = Patent.objects.select_related("achievement__center", "agent").prefetch_related(
        "owners", "payments"
    )
    template_name = "patents/patent.html"
    fieldsets = (
        (
            None,
            (
                "title",
                "achievement",
                "jurisdiction",
                "kind",
                "status",
                "application_number",
                "patent_number",
                "agent",
                "fee_reduction",
            ),
        ),
        (
            _("Dates"),
            (
                "priority_on",
                "filed_on",
                "published_on",
                "examination_requested_on",
                "granted_on",
                "expires_on",
                "lapsed_on",
                "ended_on",
                "end_reason",
            ),
        ),
        (_("International application"), ("pct_number", "national_phase_on")),
        (_("Note"), ("note",)),
    )
    panels = (
        RelatedPanel(_("Owners"), lambda p: p.owners.order_by("name_zh"), columns=("kind", "city")),
        RelatedPanel(
            _("Inventors"), lambda p: p.inventors.order_by("name_zh"), columns=("kind", "title")
        ),
        RelatedPanel(
            _("Fee payments"),
            lambda p: p.payments.order_by("-paid_on", "-pk"),
            table=FeePaymentTable,
            limit=40,
        ),
        RelatedPanel(
            _("Office actions"),
            lambda p: p.office_actions.order_by("-issued_on", "-pk"),
            table=OfficeActionTable,
            limit=40,
        ),
    )
    actions = PATENT_STEPS

    def extra_context(self, obj: Patent) -> dict[str, Any]:
        on = today()
        deadlines = []
        exam = docket.examination_deadline(obj)
        if exam is not None:
            deadlines.append(
                {
                    "label": _("Request substantive examination by"),
                    "due_on": exam.due_on,
                    "met_on": obj.examination_requested_on,
                    "rule_version": exam.rule_version,
                }
            )
        phase = docket.national_phase_deadline(obj)
        if phase is not None:
            deadlines.append(
                {
                    "label": _("Enter the national phase by"),
                    "due_on": phase.due_on,
                    "met_on": None,
                    "rule_version": phase.rule_version,
                }
            )
        for action in obj.office_actions.order_by("issued_on", "pk"):
            if action.response_due_on is not None:
                deadlines.append(
                    {
                        "label": _("Answer %(notice)s of %(date)s by")
                        % {"notice": action.get_kind_display(), "date": action.issued_on},
                        "due_on": action.response_due_on,
                        "met_on": action.responded_on,
                        "rule_version": action.rule_version,
                    }
                )
        one_off = [
            fee
            for kind in (FeeKind.APPLICATION, FeeKind.EXAMINATION)
            if (fee := docket.one_off_fee(obj, kind, on=on)) is not None
        ]
        paid_kinds = {p.kind for p in obj.payments.all()}
        may_pay = obj.status in (PatentStatus.PENDING, PatentStatus.GRANTED)
        return {
            "fee_rows": selectors.fee_schedule_of(obj, today=on),
            "one_off_fees": [
                (FeeKind(fee.kind).label, fee, fee.kind in paid_kinds) for fee in one_off
            ],
            "deadlines": deadlines,
            "today": on,
            "add_payment_url": _url_with("patents:feepayment_add", patent=obj) if may_pay else None,
            "add_office_action_url": _url_with("patents:officeaction_add", patent=obj),
        }


def _url_with(name: str, **records: Any) -> str:
    return f"{reverse(name)}?{urlencode({key: record.pk for key, record in records.items()})}"


class PatentEditView(generic.ObjectEditView):
    queryset = Patent.objects.all()
    form = PatentForm

    def get_instance(self) -> Any:
        patent = super().get_instance()
        achievement_pk = self.request.GET.get("achievement", "")
        if patent.pk is None and achievement_pk.isdigit():
            visible = Achievement.objects.restrict(self.request.user, "view")
            patent.achievement = visible.filter(pk=achievement_pk).first()
            if patent.achievement is not None:
                patent.title = patent.achievement.title_zh
        return patent

    def initial(self, obj: Any) -> dict[str, Any]:
        # Filed from its achievement: usually by its owners, naming its inventors.
        if obj.pk is not None or obj.achievement_id is None:
            return {}
        achievement = obj.achievement
        return {
            "owners": list(achievement.owners.values_list("pk", flat=True)),
            "inventors": list(achievement.inventors.values_list("pk", flat=True)),
        }


class PatentDeleteView(generic.ObjectDeleteView):
    queryset = Patent.objects.all()


# Fee payments: recorded from their patent's page, with the proof ----------------------------


class _PresetPatent:
    """A new payment or office action starts from the patent named in `?patent=`."""

    request: HttpRequest

    def preset_patent(self, record: Any) -> Any:
        patent_pk = self.request.GET.get("patent", "")
        if record.pk is None and patent_pk.isdigit():
            visible = Patent.objects.restrict(self.request.user, "view")
            record.patent = visible.filter(pk=patent_pk).first()
        return record


class FeePaymentView(generic.ObjectView):
    queryset = FeePayment.objects.select_related("patent")
    template_name = "patents/feepayment.html"
    fieldsets = (
        (
            None,
            (
                "patent",
                "kind",
                "fee_year",
                "due_on",
                "paid_on",
                "amount",
                "surcharge",
                "currency",
                "rule_version",
                "note",
            ),
        ),
    )

    def extra_context(self, obj: FeePayment) -> dict[str, Any]:
        return {
            "download_url": reverse("patents:feepayment_download", args=(obj.pk,))
            if obj.proof
            else None,
            "proof_name": display_name(obj.proof.name) if obj.proof else "",
        }


class FeePaymentEditView(_PresetPatent, generic.ObjectEditView):
    queryset = FeePayment.objects.all()
    form = FeePaymentForm

    def get_instance(self) -> Any:
        return self.preset_patent(super().get_instance())


class FeePaymentDeleteView(generic.ObjectDeleteView):
    queryset = FeePayment.objects.all()


class FeePaymentProofView(generic.FileDownloadView):
    queryset = FeePayment.objects.all()
    file_field = "proof"


# Office actions -----------------------------------------------------------------------------


class OfficeActionView(generic.ObjectView):
    queryset = OfficeAction.objects.select_related("patent")
    fieldsets = (
        (
            None,
            (
                "patent",
                "kind",
                "issued_on",
                "received_on",
                "term_months",
                "response_due_on",
                "responded_on",
                "rule_version",
                "summary",
            ),
        ),
    )
    actions = OFFICE_ACTION_STEPS


class OfficeActionEditView(_PresetPatent, generic.ObjectEditView):
    queryset = OfficeAction.objects.all()
    form = OfficeActionForm

    def get_instance(self) -> Any:
        return self.preset_patent(super().get_instance())


class OfficeActionDeleteView(generic.ObjectDeleteView):
    queryset = OfficeAction.objects.all()


# The fee calendar ------------------------------------------------------------------------------


class FeeCalendarForm(forms.Form):
    month = forms.CharField(
        label=_("Month"),
        required=False,
        widget=forms.DateInput(attrs={"type": "month"}),
        help_text=_("A month, or the dates below."),
    )
    start = forms.DateField(label=_("From"), required=False, widget=DateInput)
    end = forms.DateField(label=_("Until"), required=False, widget=DateInput)
    center = forms.ModelChoiceField(
        label=_("Center"), queryset=Center.objects.all(), required=False, empty_label=_("Any")
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["center"]
        field.queryset = Center.objects.restrict(user, "view").order_by("name_zh")  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        month = (data.get("month") or "").strip()
        if month:
            bounds = selectors.month_bounds(month)
            if bounds is None:
                self.add_error("month", _("Give a month as 2026-10."))
            else:
                data["start"], data["end"] = bounds
        return data


class FeeCalendarView(LoginRequiredMixin, View):
    """Every fee and deadline due in a window across the portfolio, overdue ones flagged."""

    template_name = "patents/fee_calendar.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        on = today()
        form = FeeCalendarForm(request.GET or None, user=request.user)
        start, end, center = on, on + datetime.timedelta(days=CALENDAR_DAYS), None
        if form.is_bound and form.is_valid():
            start = form.cleaned_data.get("start") or start
            end = form.cleaned_data.get("end") or max(start, on) + datetime.timedelta(
                days=CALENDAR_DAYS
            )
            center = form.cleaned_data.get("center")
        items = selectors.fee_calendar(
            user=request.user, start=start, end=end, center=center, today=on
        )
        context = {
            "form": form,
            "start": start,
            "end": end,
            "today": on,
            "rows": [
                {
                    "item": item,
                    "overdue": item.overdue(on),
                    "lapses": item.lapses(on),
                    "center": item.patent.achievement.center,
                }
                for item in items
            ],
            "model": Patent,
            "list_url": reverse("patents:patent_list"),
        }
        return render(request, self.template_name, context)
