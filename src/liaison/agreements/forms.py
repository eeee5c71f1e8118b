from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from liaison.core.choices import Currency
from liaison.core.forms import ObjectForm, RecordSelect
from liaison.core.steps import DateInput, TransitionForm, date_field, reason_field
from liaison.organizations.models import Organization

from .choices import PartyRole, RegistrationDecision
from .models import Agreement, AgreementAttachment, ContractRegistration, SigningEvent
from .registration_forms import ENTITY_TYPES_2001, VERSIONS

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# Blank party rows on a new agreement's form: the institute and two partners is the usual.
PARTY_ROWS = 3
PARTY_PREFIX = "parties"
ORGANIZATION_SEARCH = ("name_zh", "name_en", "aliases__json")


def organization_choice(label: StrOrPromise, *, required: bool = True) -> forms.ModelChoiceField:
    # Thousands of organizations: searched by name, never listed in full.
    return forms.ModelChoiceField(
        queryset=Organization.objects.all(),
        label=label,
        required=required,
        widget=RecordSelect(Organization, ORGANIZATION_SEARCH),
    )


class PartyForm(forms.Form):
    """One party of a new agreement; a row left untouched is no party."""

    # Not required: a row without an organization is simply no party.
    organization = organization_choice(_("Organization"), required=False)
    role = forms.ChoiceField(label=_("Role"), choices=PartyRole.choices)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The preset rows are "initial" forms, which a formset never lets stay empty; a row
        # without an organization is skipped instead of refused (see has_changed).
        self.empty_permitted = True
        field = cast(Any, self.fields["organization"])
        # Offer, and accept, only the organizations the user may see.
        field.queryset = Organization.objects.restrict(user, "view")

    def has_changed(self) -> bool:
        # A row counts once it names an organization: a preset role alone is no party.
        return bool(self.data.get(self.add_prefix("organization")))


class BasePartyFormSet(forms.BaseFormSet):
    def parties(self) -> list[tuple[Organization, str]]:
        """(organization, role) of every filled-in row, as `agreement_create` takes them."""
        return [
            (form.cleaned_data["organization"], form.cleaned_data["role"])
            for form in self.forms
            if form.has_changed() and form.cleaned_data.get("organization") is not None
        ]


PartyFormSet = forms.formset_factory(PartyForm, formset=BasePartyFormSet, extra=0)


class AgreementForm(ObjectForm):
    """An agreement's own fields; a new one also takes its parties, in rows below them."""

    class Meta(ObjectForm.Meta):
        model = Agreement
        fields = (
            "number",
            "title_zh",
            "title_en",
            "kind",
            "confidentiality",
            "registration_number",
            "signing_event",
            "expires_on",
            "value",
            "currency",
            "technical_income",
            "description",
            "obligations",
        )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.party_formset: BasePartyFormSet | None = None
        # A new agreement's form has party rows; one posted without them (a script) has no parties.
        rows_posted = not self.is_bound or f"{PARTY_PREFIX}-TOTAL_FORMS" in self.data
        if self.instance.pk is None and rows_posted:
            # Roles preset, the institute first: the usual agreement is the institute and partners.
            initial = [
                {"role": PartyRole.INSTITUTE if row == 0 else PartyRole.PARTNER}
                for row in range(PARTY_ROWS)
            ]
            self.party_formset = cast(
                BasePartyFormSet,
                PartyFormSet(
                    data=self.data if self.is_bound else None,
                    initial=initial,
                    prefix=PARTY_PREFIX,
                    form_kwargs={"user": user},
                ),
            )

    def is_valid(self) -> bool:
        valid = super().is_valid()
        if self.party_formset is not None:
            return self.party_formset.is_valid() and valid
        return valid

    def parties(self) -> list[tuple[Organization, str]]:
        return self.party_formset.parties() if self.party_formset is not None else []


class AgreementAttachmentForm(ObjectForm):
    class Meta(ObjectForm.Meta):
        model = AgreementAttachment
        fields = ("agreement", "title", "file")
        widgets = {
            "agreement": RecordSelect(Agreement, ("number", "title_zh", "title_en")),
        }


def entity_type_choices() -> list[tuple[str, Any]]:
    """Every version's legal-entity types, by code; which the application's rules take its
    service checks."""
    codes: dict[str, Any] = dict(ENTITY_TYPES_2001)
    for version in VERSIONS:
        codes.update(version.entity_types)
    return [
        ("", "---------"),
        *((code, f"{code} {label}") for code, label in sorted(codes.items())),
    ]


class ContractRegistrationForm(ObjectForm):
    """The registration form (JJ-001), pre-filled from the agreement and its parties."""

    class Meta(ObjectForm.Meta):
        model = ContractRegistration
        fields = (
            "agreement",
            "registry",
            "project_name",
            "contract_type",
            "valid_from",
            "valid_until",
            "seller",
            "seller_country_code",
            "seller_region_code",
            "seller_entity_type",
            "buyer",
            "buyer_country_code",
            "buyer_region_code",
            "buyer_entity_type",
            "estimated_new_investment",
            "estimated_new_output",
            "currency",
            "certificate",
        )
        widgets = {
            "agreement": RecordSelect(Agreement, ("number", "title_zh", "title_en")),
            "seller": RecordSelect(Organization, ORGANIZATION_SEARCH),
            "buyer": RecordSelect(Organization, ORGANIZATION_SEARCH),
        }

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        for side in ("seller", "buyer"):
            name = f"{side}_entity_type"
            if name in self.fields:
                self.fields[name].widget = forms.Select(choices=entity_type_choices())


class SigningEventForm(ObjectForm):
    class Meta(ObjectForm.Meta):
        model = SigningEvent
        fields = ("title_zh", "title_en", "held_on", "place", "description")


# Lifecycle steps: each form's fields are its service's keyword arguments. -------------------


class SignForm(TransitionForm):
    signed_on = date_field(_("signed on"))
    signing_event = forms.ModelChoiceField(
        queryset=SigningEvent.objects.all(),
        required=False,
        label=_("signing event"),
        help_text=_("The ceremony at which it was signed, if any."),
    )


class PutInForceForm(TransitionForm):
    effective_on = date_field(_("effective on"))


class EndForm(TransitionForm):
    ended_on = date_field(_("ended on"))


class TerminateForm(EndForm):
    # Optional here: the service says why a termination without a reason is refused.
    reason = reason_field(_("reason"), required=False)


class AddPartyForm(TransitionForm):
    organization = organization_choice(_("organization"))
    role = forms.ChoiceField(label=_("role"), choices=PartyRole.choices, initial=PartyRole.PARTNER)


class AddMilestoneForm(TransitionForm):
    title = forms.CharField(label=_("title"), max_length=200)
    due_on = forms.DateField(label=_("due on"), widget=DateInput)
    amount = forms.DecimalField(label=_("amount"), required=False, max_digits=16, decimal_places=2)
    currency = forms.ChoiceField(
        label=_("currency"), choices=Currency.choices, initial=Currency.CNY
    )


class MarkDoneForm(TransitionForm):
    done_on = date_field(_("done on"))


class ApplyForRegistrationForm(TransitionForm):
    applied_on = date_field(_("applied on"))


class RegistrationDecisionForm(TransitionForm):
    decision = forms.ChoiceField(label=_("decision"), choices=RegistrationDecision.choices)
    decided_on = date_field(_("decided on"))
    registration_number = forms.CharField(
        label=_("registration number"), max_length=64, required=False
    )
    approved_income = forms.DecimalField(
        label=_("approved technical income"),
        required=False,
        max_digits=16,
        decimal_places=2,
        help_text=_("As the certificate states it (核定技术性收入额)."),
    )
    # Optional here: the service says when a reason is needed (not registered).
    reason = reason_field(_("reason given"), required=False)
