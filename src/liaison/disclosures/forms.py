"""The disclosures' forms: the record, its parts, the researcher's submission with its rows of
inventors and funding, and the office's steps."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from liaison.achievements.choices import AchievementKind
from liaison.agreements.models import Agreement
from liaison.centers.models import Center
from liaison.core.forms import FilesField, ObjectForm, RecordSelect
from liaison.core.permissions import user_may
from liaison.core.steps import TransitionForm, date_field, reason_field
from liaison.core.widgets import RecordSelectMultiple
from liaison.organizations.models import Organization
from liaison.people.models import Person
from liaison.people.researcher import person_of

from .choices import DisclosureDecision
from .models import Disclosure, DisclosureAttachment, DisclosureFunding, DisclosureInventor
from .selectors import inventor_candidates

ORGANIZATION_SEARCH = ("name_zh", "name_en", "aliases__json")
PERSON_SEARCH = ("name_zh", "name_en")
AGREEMENT_SEARCH = ("number", "title_zh", "title_en")
# Rows offered on a new submission: most inventions have two to four inventors.
INVENTOR_ROWS = 3
FUNDING_ROWS = 2
INVENTOR_PREFIX = "inventors"
FUNDING_PREFIX = "funding"

DISCLOSURE_FIELDS = (
    "title_zh",
    "title_en",
    "center",
    "conceived_on",
    "first_public_on",
    "planned_publication_on",
    "description",
    "likely_licensees",
    "licensees_note",
)
DISCLOSURE_WIDGETS = {
    "center": RecordSelect(Center, ("name_zh", "name_en")),
    "likely_licensees": RecordSelectMultiple(Organization, ORGANIZATION_SEARCH),
}


# Rows of the submission -------------------------------------------------------------------


class ColleagueSelect(RecordSelect):
    """A person among the institute's researchers, searched by name on the disclosures' own
    lookup (the general one offers only the people the user's roles show)."""

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["lookup_url"] = reverse("disclosures:inventor_lookup")
        return context


class InventorRowForm(forms.Form):
    """One inventor of a new disclosure; a row left without a person is no inventor."""

    person = forms.ModelChoiceField(
        queryset=Person.objects.all(),
        label=_("Inventor"),
        required=False,
        widget=ColleagueSelect(Person, PERSON_SEARCH),
    )
    share = forms.DecimalField(
        label=_("Share (%)"),
        required=False,
        max_digits=5,
        decimal_places=2,
        min_value=Decimal("0.01"),
        max_value=Decimal(100),
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Preset rows are "initial" forms, which a formset never lets stay empty.
        self.empty_permitted = True
        field = cast(Any, self.fields["person"])
        # A researcher names their colleagues, whom their roles do not otherwise show them.
        field.queryset = inventor_candidates(user=user)

    def has_changed(self) -> bool:
        return bool(self.data.get(self.add_prefix("person")))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("person") is not None and cleaned.get("share") is None:
            self.add_error("share", gettext("Give this inventor's share."))
        return cleaned


class BaseInventorFormSet(forms.BaseFormSet):
    def rows(self) -> list[tuple[Person, Decimal]]:
        """(person, share) of every filled-in row, as `disclosure_submit` takes them."""
        return [
            (form.cleaned_data["person"], form.cleaned_data["share"])
            for form in self.forms
            if form.has_changed() and form.cleaned_data.get("person") is not None
        ]


InventorFormSet = forms.formset_factory(InventorRowForm, formset=BaseInventorFormSet, extra=0)


class FundingRowForm(forms.Form):
    """One source of funding behind a new disclosure; an untouched row is none."""

    sponsor = forms.ModelChoiceField(
        queryset=Organization.objects.all(),
        label=_("Sponsor"),
        required=False,
        widget=RecordSelect(Organization, ORGANIZATION_SEARCH),
    )
    agreement = forms.ModelChoiceField(
        queryset=Agreement.objects.all(),
        label=_("Agreement"),
        required=False,
        widget=RecordSelect(Agreement, AGREEMENT_SEARCH),
        help_text=_("The grant or contract the funding came under, if it is recorded."),
    )
    project = forms.CharField(
        label=_("Project"),
        required=False,
        max_length=300,
        help_text=_("The grant or project and its funder, with its number."),
    )
    sponsor_has_rights = forms.BooleanField(label=_("The sponsor has rights in it"), required=False)
    rights_note = forms.CharField(
        label=_("The sponsor's rights"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.empty_permitted = True
        for name, model in (("sponsor", Organization), ("agreement", Agreement)):
            if not user_may(user, "view", model):
                # Nothing to choose from: the researcher names the project, the office links
                # the sponsor's and the agreement's records.
                del self.fields[name]
                continue
            field = cast(Any, self.fields[name])
            field.queryset = field.queryset.restrict(user, "view")

    def has_changed(self) -> bool:
        return any(
            self.data.get(self.add_prefix(name))
            for name in ("sponsor", "agreement", "project", "sponsor_has_rights", "rights_note")
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        named = any(cleaned.get(name) for name in ("sponsor", "agreement", "project"))
        if self.has_changed() and not named:
            # Said here, under the row, rather than by the service above the whole form.
            self.add_error(
                "project",
                gettext("Name the sponsor, the agreement or the project the funding came from."),
            )
        return cleaned


class BaseFundingFormSet(forms.BaseFormSet):
    def rows(self) -> list[dict[str, Any]]:
        return [
            dict(form.cleaned_data)
            for form in self.forms
            if form.has_changed() and form.cleaned_data
        ]


FundingFormSet = forms.formset_factory(FundingRowForm, formset=BaseFundingFormSet, extra=0)


class DisclosureSubmitForm(ObjectForm):
    """A disclosure: its fields and, when it is submitted, its inventors and funding in rows
    and its documents. Whatever was typed comes back with the errors."""

    attachments = FilesField(
        label=_("Documents"),
        help_text=_(
            "A draft paper, drawings, lab notes: PDF, images, Office documents, ZIP, text or "
            "CSV. Files are not kept when the form comes back with an error: choose them again."
        ),
    )
    # Carries no value: the service's refusals of the inventors as a whole (shares that do
    # not add up to 100 %) and of the funding are shown under their rows through these.
    inventors = forms.CharField(required=False, widget=forms.HiddenInput)
    funding = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta(ObjectForm.Meta):
        model = Disclosure
        fields = DISCLOSURE_FIELDS
        widgets = DISCLOSURE_WIDGETS

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["description"].widget.attrs["rows"] = 6
        if not user_may(user, "view", Organization):
            # A researcher's roles show no organization to choose: they name the likely
            # licensees in their words, and the office links the records.
            del self.fields["likely_licensees"]
        if not user_may(user, "view", Center):
            # Nor a center: the office places the disclosure in one.
            del self.fields["center"]
        self.inventor_formset: BaseInventorFormSet | None = None
        self.funding_formset: BaseFundingFormSet | None = None
        # A submitted disclosure's inventors, funding and documents have their own pages; one
        # posted without the rows (a script) is recorded without them, and they are added
        # on its page before the office takes it on.
        rows_posted = not self.is_bound or f"{INVENTOR_PREFIX}-TOTAL_FORMS" in self.data
        if self.instance.pk is not None or not rows_posted:
            for name in ("inventors", "funding"):
                del self.fields[name]
            if self.instance.pk is not None:
                del self.fields["attachments"]
            return
        data = self.data if self.is_bound else None
        # The submitter is normally an inventor: the first row names them.
        submitter = person_of(user)
        initial = [{"person": submitter.pk}] if submitter is not None else []
        self.inventor_formset = cast(
            BaseInventorFormSet,
            InventorFormSet(
                data=data,
                initial=initial + [{}] * (INVENTOR_ROWS - len(initial)),
                prefix=INVENTOR_PREFIX,
                form_kwargs={"user": user},
            ),
        )
        self.funding_formset = cast(
            BaseFundingFormSet,
            FundingFormSet(
                data=data,
                initial=[{}] * FUNDING_ROWS,
                prefix=FUNDING_PREFIX,
                form_kwargs={"user": user},
            ),
        )

    def is_valid(self) -> bool:
        valid = super().is_valid()
        if self.inventor_formset is None or self.funding_formset is None:
            return valid
        inventors = self.inventor_formset.is_valid()
        funding = self.funding_formset.is_valid()
        return valid and inventors and funding


# The parts, on their own pages (the office's) ------------------------------------------------


class DisclosureInventorForm(ObjectForm):
    class Meta(ObjectForm.Meta):
        model = DisclosureInventor
        fields = ("disclosure", "person", "share")
        widgets = {
            "disclosure": RecordSelect(Disclosure, ("case_number", "title_zh", "title_en")),
            "person": ColleagueSelect(Person, PERSON_SEARCH),
        }

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        cast(Any, self.fields["person"]).queryset = inventor_candidates(user=user)


class DisclosureFundingForm(ObjectForm):
    class Meta(ObjectForm.Meta):
        model = DisclosureFunding
        fields = (
            "disclosure",
            "sponsor",
            "agreement",
            "project",
            "sponsor_has_rights",
            "rights_note",
        )
        widgets = {
            "disclosure": RecordSelect(Disclosure, ("case_number", "title_zh", "title_en")),
            "sponsor": RecordSelect(Organization, ORGANIZATION_SEARCH),
            "agreement": RecordSelect(Agreement, AGREEMENT_SEARCH),
        }


class DisclosureAttachmentForm(ObjectForm):
    class Meta(ObjectForm.Meta):
        model = DisclosureAttachment
        fields = ("disclosure", "title", "file")
        widgets = {
            "disclosure": RecordSelect(Disclosure, ("case_number", "title_zh", "title_en")),
        }


# The office's steps: each form's fields are its service's keyword arguments ----------------


def _active_users() -> Any:
    return get_user_model()._default_manager.filter(is_active=True).order_by("username")


class ResponsibleForm(TransitionForm):
    """A step that names the person of the office responsible for the disclosure."""

    responsible = forms.ModelChoiceField(
        queryset=get_user_model()._default_manager.none(),
        label=_("responsible"),
        help_text=_("The person of the office who handles the disclosure."),
    )
    note = reason_field(_("note"), required=False)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        # The office chooses among its colleagues' accounts, which its roles do not list
        # as records (accounts are the administrator's): offered here unnarrowed.
        cast(Any, self.fields["responsible"]).queryset = _active_users()


class AcknowledgeForm(ResponsibleForm):
    acknowledged_on = date_field(_("acknowledged on"))

    field_order = ("acknowledged_on", "responsible", "note")

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        if user is not None and user.is_authenticated:
            self.fields["responsible"].initial = user.pk


class AssignForm(ResponsibleForm):
    pass


class StartEvaluationForm(TransitionForm):
    started_on = date_field(_("started on"))
    note = reason_field(_("note"), required=False)


class DecideForm(TransitionForm):
    decision = forms.ChoiceField(label=_("decision"), choices=DisclosureDecision.choices)
    decided_on = date_field(_("decided on"))
    # Optional here: the service says why a decision without its reasons is refused.
    note = reason_field(_("reasons"), required=False)


class AcceptForm(TransitionForm):
    accepted_on = date_field(_("accepted on"))
    kind = forms.ChoiceField(
        label=_("kind of achievement"),
        choices=AchievementKind.choices,
        help_text=_("The achievement the disclosure becomes, owned by the institute."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if isinstance(self.record, Disclosure):
            self.fields["kind"].initial = (
                AchievementKind.PATENT
                if self.record.decision == DisclosureDecision.FILE_PATENT
                else AchievementKind.PROCESS
            )


class WithdrawForm(TransitionForm):
    withdrawn_on = date_field(_("withdrawn on"))
    reason = reason_field(_("reason"), required=False)
