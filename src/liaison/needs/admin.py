"""The admin of technical needs, their match candidates and the services delivered.

A need's status and lifecycle dates move only with the buttons on its page (triage, start,
solve, close, withdraw, reject); "Find experts", added by the matching app above this one,
ranks experts, centers and achievements for the need and lists them as candidates with why
they matched; a
candidate is accepted or rejected with the buttons on its own page, linked from that list,
and one is added by hand on its own add page, linked from the need's page while the need
takes candidates. Each calls the services, which decide whether the step is allowed.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from liaison.centers.models import Center
from liaison.core.admin import RECORD_FIELDSET, ReadOnlyAdmin, TrackedAdmin, TrackedInline
from liaison.core.steps import Transition, TransitionForm, date_field

from . import services, steps
from .choices import CANDIDATE_STATUSES, OPEN_NEED_STATUSES, Decision
from .models import MatchCandidate, NeedAttachment, NeedMessage, ServiceRecord, TechnicalNeed

DECISION_FIELDS = ("decision", "decided_by", "decided_at")


class TriageForm(TransitionForm):
    triaged_on = date_field(_("triaged on"))
    assigned_center = forms.ModelChoiceField(
        queryset=Center.objects.all(),
        required=False,
        label=_("assigned center"),
        help_text=_("Leave empty to keep the center already assigned, if any."),
    )


def _decidable(candidate: MatchCandidate, decision: str) -> bool:
    return candidate.decision != decision and candidate.need.status in OPEN_NEED_STATUSES


class CandidateInline(TrackedInline):
    model = MatchCandidate
    fields = (
        "rank",
        "kind",
        "person",
        "center",
        "achievement",
        "score",
        "why",
        *DECISION_FIELDS,
        "decide",
    )
    readonly_fields = ("why", *DECISION_FIELDS, "decide")

    def add_link(self, request: HttpRequest, parent: Model) -> dict[str, Any] | None:
        # Candidates are added to a need that takes them (triaged or matched), as proposed.
        if getattr(parent, "status", None) not in CANDIDATE_STATUSES:
            return None
        return super().add_link(request, parent)

    @admin.display(description=_("why"))
    def why(self, candidate: MatchCandidate) -> SafeString | str:
        """The terms shared with the need and the documents behind them, from the matcher."""
        explanation = candidate.explanation or {}
        terms = [str(t.get("term", "")) for t in explanation.get("terms", [])[:6]]
        supports = [str(s.get("title", "")) for s in explanation.get("supports", [])[:3]]
        if not terms and not supports:
            return "—"
        return format_html(
            "{}<br><small>{}</small>",
            "、".join(terms),
            format_html_join("", "<div>{}</div>", ((title,) for title in supports)),
        )

    @admin.display(description=_("decide"))
    def decide(self, candidate: MatchCandidate) -> SafeString | str:
        if candidate.pk is None:
            return ""
        links = [
            (reverse("admin:needs_matchcandidate_transition", args=(candidate.pk, step)), label)
            for step, decision, label in (
                ("accept", Decision.ACCEPTED, _("Accept")),
                ("reject", Decision.REJECTED, _("Reject")),
            )
            if _decidable(candidate, decision)
        ]
        return format_html_join(" · ", '<a href="{}">{}</a>', links) if links else "—"


class ServiceInline(TrackedInline):
    model = ServiceRecord
    fields = ("title", "kind", "organization", "delivered_on", "center", "revenue", "currency")


@admin.register(TechnicalNeed)
class TechnicalNeedAdmin(TrackedAdmin):
    list_display = (
        "title",
        "organization",
        "status",
        "submitted_on",
        "deadline",
        "assigned_center",
        "budget",
        "solved_on",
    )
    list_filter = (
        "status",
        "confidentiality",
        "submitted_on",
        "solved_on",
        "organization__city",
        "assigned_center",
    )
    search_fields = (
        "title",
        "description",
        "organization__name_zh",
        "organization__name_en",
        "organization__credit_code",
    )
    date_hierarchy = "submitted_on"
    list_select_related = ("organization", "assigned_center")
    autocomplete_fields = ("organization", "contact", "assigned_center")
    inlines = (CandidateInline, ServiceInline)
    fieldsets = (
        (None, {"fields": ("title", "description", "organization", "contact", "domains")}),
        (_("Terms"), {"fields": ("budget", "currency", "deadline", "confidentiality")}),
        (
            _("Lifecycle"),
            {
                "fields": (
                    "status",
                    "submitted_on",
                    "triaged_on",
                    "assigned_center",
                    "solved_on",
                    "ended_on",
                    "close_reason",
                )
            },
        ),
        (_("Solution"), {"fields": ("solution_summary", "satisfaction")}),
        RECORD_FIELDSET,
    )
    # The matching app adds its "Find experts" step to these (matching/admin.py).
    transitions: tuple[Transition, ...] = (
        # The admin's triage form keeps a plain center list and leaves the domains alone.
        dataclasses.replace(steps.TRIAGE, form=TriageForm),
        *steps.NEED_STEPS[1:],
    )


@admin.register(MatchCandidate)
class MatchCandidateAdmin(TrackedAdmin):
    list_display = (
        "need",
        "rank",
        "kind",
        "person",
        "center",
        "achievement",
        "score",
        "decision",
        "decided_by",
    )
    list_filter = ("kind", "decision", "decided_at")
    search_fields = (
        "need__title",
        "person__name_zh",
        "person__name_en",
        "center__name_zh",
        "center__name_en",
        "achievement__title_zh",
        "achievement__title_en",
    )
    list_select_related = ("need", "person", "center", "achievement", "decided_by")
    autocomplete_fields = ("need", "person", "center", "achievement")
    readonly_fields = DECISION_FIELDS
    transitions = (
        Transition(
            name="accept",
            label=_("Accept"),
            service=services.need_decide_candidate,
            target="candidate",
            arguments={"decision": Decision.ACCEPTED},
            offered_when=lambda candidate: _decidable(candidate, Decision.ACCEPTED),
        ),
        Transition(
            name="reject",
            label=_("Reject"),
            service=services.need_decide_candidate,
            target="candidate",
            arguments={"decision": Decision.REJECTED},
            offered_when=lambda candidate: _decidable(candidate, Decision.REJECTED),
        ),
    )


@admin.register(ServiceRecord)
class ServiceRecordAdmin(TrackedAdmin):
    list_display = (
        "title",
        "organization",
        "kind",
        "delivered_on",
        "center",
        "need",
        "agreement",
        "revenue",
        "currency",
    )
    list_filter = ("kind", "delivered_on", "organization__city", "center")
    search_fields = (
        "title",
        "description",
        "organization__name_zh",
        "organization__name_en",
        "need__title",
        "agreement__number",
    )
    date_hierarchy = "delivered_on"
    list_select_related = ("organization", "center", "need", "agreement", "provided_by")
    autocomplete_fields = ("organization", "need", "agreement", "center", "provided_by")


@admin.register(NeedAttachment)
class NeedAttachmentAdmin(ReadOnlyAdmin):
    """A need's files: attached on the portal (checked by their content, `attachments`) and
    downloaded through the permission check, never from here."""

    list_display = ("name", "need", "content_type", "size", "uploaded_by", "created_at")
    search_fields = ("name", "need__title", "sha256")
    list_select_related = ("need", "uploaded_by")
    exclude = ("file",)


@admin.register(NeedMessage)
class NeedMessageAdmin(ReadOnlyAdmin):
    """A need's conversation, kept as written."""

    list_display = ("need", "author", "from_enterprise", "created_at")
    list_filter = ("from_enterprise",)
    search_fields = ("body", "need__title")
    list_select_related = ("need", "author")
