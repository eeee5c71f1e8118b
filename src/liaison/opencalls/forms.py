"""The open calls' forms: a call, an application with its team, a document, a review, and the
steps' forms (each step's fields are its service's keyword arguments)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from liaison.centers.models import Center
from liaison.core import permissions
from liaison.core.forms import ObjectForm, RecordSelect
from liaison.core.steps import TransitionForm, date_field, reason_field
from liaison.core.widgets import RecordSelectMultiple
from liaison.disclosures.forms import ColleagueSelect
from liaison.disclosures.selectors import inventor_candidates
from liaison.needs.models import TechnicalNeed
from liaison.organizations.models import Organization
from liaison.people.models import Person
from liaison.people.researcher import person_of

from .choices import ApplicantKind, ConsentMethod, Recommendation
from .models import CallApplication, CallAttachment, CallReview, OpenCall
from .selectors import open_calls

CALL_SEARCH = ("title_zh", "title_en")
PERSON_SEARCH = ("name_zh", "name_en")


class OpenCallForm(ObjectForm):
    class Meta(ObjectForm.Meta):
        model = OpenCall
        fields = (
            "need",
            "title_zh",
            "title_en",
            "statement_zh",
            "statement_en",
            "reward",
            "currency",
            "reward_for",
            "eligibility",
            "deadline",
        )
        widgets = {"need": RecordSelect(TechnicalNeed, ("title",))}


class CallApplicationForm(ObjectForm):
    """An application: the call, the team (one researcher, center or organization, and its
    members), the proposal, the budget and the planned duration.

    A researcher applies for themself and a center's manager for the centers they manage:
    the form offers them only those; the office names any team.
    """

    class Meta(ObjectForm.Meta):
        model = CallApplication
        fields = (
            "call",
            "applicant_kind",
            "person",
            "center",
            "organization",
            "members",
            "proposal",
            "budget",
            "currency",
            "duration_months",
        )
        widgets = {
            "call": RecordSelect(OpenCall, CALL_SEARCH),
            "person": ColleagueSelect(Person, PERSON_SEARCH),
            "organization": RecordSelect(Organization, ("name_zh", "name_en", "aliases__json")),
            "members": RecordSelectMultiple(Person, PERSON_SEARCH),
        }

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        from .services import handles_calls

        self.fields["proposal"].widget.attrs["rows"] = 8
        if "call" in self.fields:
            # A call that takes applications; the office also reaches the others.
            field = cast(Any, self.fields["call"])
            if not handles_calls(user):
                field.queryset = open_calls()
        # The institute's researchers and staff, as a disclosure's inventors are named.
        cast(Any, self.fields["members"]).queryset = inventor_candidates(user=user)
        if handles_calls(user):
            cast(Any, self.fields["person"]).queryset = inventor_candidates(user=user)
            return
        own = person_of(user)
        centers = _managed_centers(user)
        kinds = []
        if own is not None:
            kinds.append((ApplicantKind.PERSON.value, ApplicantKind.PERSON.label))
            person = cast(Any, self.fields["person"])
            person.queryset = Person.objects.filter(pk=own.pk)
            person.empty_label = None
            person.widget = forms.Select(choices=person.choices)
            if self.instance.pk is None:
                self.initial["person"] = own.pk
        else:
            del self.fields["person"]
        if centers:
            kinds.append((ApplicantKind.CENTER.value, ApplicantKind.CENTER.label))
            cast(Any, self.fields["center"]).queryset = Center.objects.filter(pk__in=centers)
        else:
            del self.fields["center"]
        # An outside organization applies from the portal, or through the office.
        del self.fields["organization"]
        applicant = cast(Any, self.fields["applicant_kind"])
        applicant.choices = kinds
        if kinds and self.instance.pk is None:
            self.initial["applicant_kind"] = kinds[0][0]


def _managed_centers(user: Any) -> list[int]:
    grants = permissions.grants_of(user)
    return sorted(
        {
            pk
            for grant in grants.rules
            if grant.scope == permissions.CENTERS and grant.covers(CallApplication, "add")
            for pk in grant.center_ids
        }
    )


class CallAttachmentForm(ObjectForm):
    class Meta(ObjectForm.Meta):
        model = CallAttachment
        fields = ("application", "title", "file")
        widgets = {
            "application": RecordSelect(CallApplication, ("call__title_zh", "proposal")),
        }


class CallReviewForm(ObjectForm):
    class Meta(ObjectForm.Meta):
        model = CallReview
        fields = ("application", "recommendation", "score", "opinion", "reviewed_on")
        widgets = {
            "application": RecordSelect(CallApplication, ("call__title_zh", "proposal")),
        }


# The steps' forms -------------------------------------------------------------------------------


class RecordConsentForm(TransitionForm):
    given_by = forms.CharField(
        label=_("consent given by"),
        max_length=200,
        help_text=_("The enterprise's person who consented, with their position."),
    )
    consented_on = date_field(_("consent given on"))
    method = forms.ChoiceField(
        label=_("how"),
        choices=[(v, label) for v, label in ConsentMethod.choices if v != ConsentMethod.PORTAL],
    )
    evidence = reason_field(_("evidence"))


class PublishForm(TransitionForm):
    published_on = date_field(_("published on"))


class CloseForm(TransitionForm):
    closed_on = date_field(_("closed on"))


class CancelForm(TransitionForm):
    cancelled_on = date_field(_("cancelled on"))
    reason = reason_field(_("reason"), required=False)


class DecideForm(TransitionForm):
    decided_on = date_field(_("decided on"))
    note = reason_field(_("note"), required=False)


class WithdrawForm(TransitionForm):
    withdrawn_on = date_field(_("withdrawn on"))
    reason = reason_field(_("reason"), required=False)


class ReviewStepForm(TransitionForm):
    """A review recorded from the application's page."""

    recommendation = forms.ChoiceField(label=_("recommendation"), choices=Recommendation.choices)
    score = forms.TypedChoiceField(
        label=_("score"),
        choices=[("", "—"), *((n, str(n)) for n in range(1, 6))],
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("1 (weak) to 5 (excellent)"),
    )
    opinion = reason_field(_("opinion"), required=False)
    reviewed_on = date_field(_("reviewed on"))
    on_behalf_of_enterprise = forms.BooleanField(
        label=_("the enterprise's opinion, given to the office"),
        required=False,
        help_text=_(
            "Tick it to record the enterprise's review given by letter, email or in a "
            "meeting, and say how in the evidence."
        ),
    )
    evidence = reason_field(_("evidence"), required=False)
