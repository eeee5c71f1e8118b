"""The open calls' pages: the office's list and call with its applications, reviews and
selection; the application with its documents and reviews; applying from a call's page.

A researcher and a center's manager reach an open call's page and apply from it; they see
only their own applications (`core.permissions`: an application is its applicant's, the
enterprise's whose need the call publishes, and the office's), and the application's page
offers them the withdrawal only. The enterprise reviews from the portal or here; the
shortlisting and the selection are the office's.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from liaison.core.permissions import is_hidden, may, user_may
from liaison.core.tables import object_url
from liaison.core.views import generic
from liaison.core.views.generic import RelatedPanel
from liaison.needs.models import TechnicalNeed

from .choices import OPEN_CALL_STATUSES, PENDING_APPLICATION_STATUSES
from .filtersets import CallApplicationFilterSet, OpenCallFilterSet
from .forms import CallApplicationForm, CallAttachmentForm, CallReviewForm, OpenCallForm
from .models import CallApplication, CallAttachment, CallReview, OpenCall
from .selectors import application_counts, applications_of, endorsed_ids
from .services import (
    enterprise_endorsement,
    handles_calls,
    is_applicant,
    speaks_for,
)
from .steps import APPLICATION_STEPS, CALL_STEPS, OFFICE_STEPS, REVIEW, WITHDRAW
from .tables import (
    CallApplicationTable,
    CallAttachmentTable,
    CallReviewTable,
    OpenCallTable,
)

# Calls --------------------------------------------------------------------------------------


class OpenCallListView(generic.ObjectListView):
    queryset = OpenCall.objects.select_related("need__organization").defer(
        "statement_zh",
        "statement_en",
        "reward_for",
        "eligibility",
        "consent_evidence",
        "cancel_reason",
        "need__description",
        "need__solution_summary",
        "need__organization__description",
    )
    filterset = OpenCallFilterSet
    table = OpenCallTable


class OpenCallView(generic.ObjectView):
    queryset = OpenCall.objects.select_related("need__organization", "consent_user")
    template_name = "opencalls/opencall.html"
    fieldsets = (
        (None, ("title_zh", "title_en", "need", "status", "deadline")),
        (_("Reward"), ("reward", "currency", "reward_for", "eligibility")),
        (
            _("The enterprise's consent"),
            ("consented_on", "consent_method", "consent_given_by", "consent_evidence"),
        ),
        (
            _("Lifecycle"),
            ("published_on", "closed_on", "awarded_on", "cancelled_on", "cancel_reason"),
        ),
    )
    actions = CALL_STEPS

    def extra_context(self, obj: OpenCall) -> dict[str, Any]:
        user = self.request.user
        applications = applications_of(user=user, call=obj)
        office = handles_calls(user)
        apply_url = None
        if (
            obj.status in OPEN_CALL_STATUSES
            and user_may(user, "add", CallApplication)
            and not speaks_for(user, obj.need.organization_id)
        ):
            apply_url = f"{reverse('opencalls:callapplication_add')}?call={obj.pk}"
        context: dict[str, Any] = {
            "applications": applications,
            "endorsed": endorsed_ids(applications),
            "counts": application_counts(obj) if office else None,
            "apply_url": apply_url,
            "is_office": office,
        }
        if not office:
            # The steps of a call are the office's.
            context["actions"] = []
        return context


class OpenCallEditView(generic.ObjectEditView):
    queryset = OpenCall.objects.all()
    form = OpenCallForm

    def get_instance(self) -> Any:
        call = super().get_instance()
        # Published from the need's page: its title and problem to start from.
        pk = self.request.GET.get("need", "")
        if call.pk is None and pk.isdigit():
            need = TechnicalNeed.objects.restrict(self.request.user, "view").filter(pk=pk).first()
            if need is not None:
                call.need = need
                call.title_zh = need.title
                if not is_hidden(need.description):
                    call.statement_zh = need.description
                if not is_hidden(need.budget):
                    call.reward = need.budget
                call.deadline = need.deadline
        return call


class OpenCallDeleteView(generic.ObjectDeleteView):
    queryset = OpenCall.objects.all()


# Applications ---------------------------------------------------------------------------------


class CallApplicationListView(generic.ObjectListView):
    queryset = CallApplication.objects.select_related(
        "call", "person", "center", "organization"
    ).defer("proposal", "decision_note", "call__statement_zh", "call__statement_en")
    filterset = CallApplicationFilterSet
    table = CallApplicationTable


class CallApplicationView(generic.ObjectView):
    queryset = CallApplication.objects.select_related(
        "call__need__organization", "person", "center", "organization", "submitted_by"
    )
    template_name = "opencalls/callapplication.html"
    fieldsets = (
        (
            None,
            ("call", "applicant_kind", "person", "center", "organization", "status"),
        ),
        (_("Proposal"), ("proposal", "budget", "currency", "duration_months")),
        (
            _("Lifecycle"),
            ("submitted_on", "submitted_by", "decided_on", "withdrawn_on", "decision_note"),
        ),
    )
    panels = (
        RelatedPanel(
            _("Team members"),
            lambda a: a.members.order_by("name_zh", "pk"),
            columns=("kind", "title"),
            limit=30,
        ),
        RelatedPanel(
            _("Documents"),
            lambda a: a.attachments.order_by("pk"),
            table=CallAttachmentTable,
            limit=30,
        ),
        RelatedPanel(
            _("Reviews"),
            lambda a: a.reviews.select_related("reviewer").order_by("reviewed_on", "pk"),
            table=CallReviewTable,
            limit=30,
        ),
    )
    actions = APPLICATION_STEPS

    def extra_context(self, obj: CallApplication) -> dict[str, Any]:
        user = self.request.user
        office = handles_calls(user)
        applicant = is_applicant(user, obj)
        enterprise = speaks_for(user, obj.call.need.organization_id)
        offered = {step.name for step in OFFICE_STEPS} if office else set()
        if office or enterprise:
            offered.add(REVIEW.name)
        if office or applicant:
            offered.add(WITHDRAW.name)
        may_change = may(user, "change", obj)
        return {
            "actions": [
                {"label": t.label, "url": self.action_url(obj, t)}
                for t in self.actions
                if may_change and t.name in offered and t.offered_for(obj)
            ],
            "endorsement": enterprise_endorsement(obj),
            "call_url": object_url(obj.call),
            "add_document_url": f"{reverse('opencalls:callattachment_add')}?application={obj.pk}"
            if (office or applicant) and obj.status in PENDING_APPLICATION_STATUSES
            else None,
        }


class CallApplicationEditView(generic.ObjectEditView):
    queryset = CallApplication.objects.all()
    form = CallApplicationForm

    def get_instance(self) -> Any:
        application = super().get_instance()
        user = self.request.user
        if application.pk is not None and not (
            handles_calls(user) or is_applicant(user, application)
        ):
            # The enterprise reviews a team's application; it does not edit it.
            raise Http404
        # Applying from the call's page.
        pk = self.request.GET.get("call", "")
        if application.pk is None and pk.isdigit():
            visible = OpenCall.objects.restrict(self.request.user, "view")
            application.call = visible.filter(pk=pk).first()
        return application


class CallApplicationDeleteView(generic.ObjectDeleteView):
    queryset = CallApplication.objects.all()


# Documents and reviews --------------------------------------------------------------------------


class CallAttachmentView(generic.ObjectView):
    queryset = CallAttachment.objects.select_related("application__call")
    template_name = "opencalls/callattachment.html"
    fieldsets = ((None, ("application", "title")),)

    def extra_context(self, obj: CallAttachment) -> dict[str, Any]:
        return {
            "download_url": reverse("opencalls:callattachment_download", args=(obj.pk,)),
        }


class CallAttachmentEditView(generic.ObjectEditView):
    queryset = CallAttachment.objects.all()
    form = CallAttachmentForm

    def get_instance(self) -> Any:
        attachment = super().get_instance()
        pk = self.request.GET.get("application", "")
        if attachment.pk is None and pk.isdigit():
            visible = CallApplication.objects.restrict(self.request.user, "view")
            attachment.application = visible.filter(pk=pk).first()
        return attachment


class CallAttachmentDeleteView(generic.ObjectDeleteView):
    queryset = CallAttachment.objects.all()


class CallAttachmentDownloadView(generic.FileDownloadView):
    queryset = CallAttachment.objects.all()


class CallReviewView(generic.ObjectView):
    queryset = CallReview.objects.select_related("application__call", "reviewer")
    fieldsets = (
        (
            None,
            (
                "application",
                "side",
                "reviewer",
                "reviewed_on",
                "recommendation",
                "score",
                "opinion",
                "evidence",
            ),
        ),
    )


class CallReviewEditView(generic.ObjectEditView):
    queryset = CallReview.objects.all()
    form = CallReviewForm


class CallReviewDeleteView(generic.ObjectDeleteView):
    queryset = CallReview.objects.all()
