"""The portal's forms: each asks for what its service takes, and shows the service's refusals
under the field they name."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from liaison.core.forms import FilesField, ObjectForm
from liaison.core.lifecycle import today
from liaison.core.uploads import max_upload_bytes
from liaison.needs.attachments import MESSAGE_MAX_LENGTH
from liaison.needs.forms import domains_field
from liaison.needs.models import TechnicalNeed
from liaison.organizations.models import Organization


def attachments_field() -> FilesField:
    return FilesField(
        label=_("Attachments"),
        help_text=_(
            "Drawings, photos, data or documents that explain the problem: PDF, images, Office "
            "documents, ZIP, text or CSV, up to %(size)s MB each."
        )
        % {"size": max_upload_bytes() // (1024 * 1024)},
    )


class NeedSubmitForm(ObjectForm):
    """A technical need as the enterprise describes it; the organization is the user's own."""

    domains = domains_field(help_text=_("Tick the fields the problem belongs to, if you know."))
    attachments = FilesField(label=_("Attachments"))

    class Meta(ObjectForm.Meta):
        model = TechnicalNeed
        fields = ("title", "description", "domains", "deadline", "budget", "confidentiality")
        help_texts = {
            "title": _("One line that names the problem."),
            "description": _("What happens, what you tried, and what a solution must achieve."),
            "deadline": _("When you need a solution, if there is a date."),
            "budget": _("What you could spend on it, in yuan, if you know."),
            "confidentiality": _(
                "Confidential or secret needs are seen only by the office's staff who handle them."
            ),
        }

    def __init__(self, *args: Any, organizations: list[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The need's own checks (a deadline not before today) run as the form is checked.
        self.instance.submitted_on = today()
        self.fields["attachments"] = attachments_field()
        self.fields["description"].widget.attrs["rows"] = 6
        if len(organizations) > 1:
            # Only the user's own organizations are offered, and only they are accepted.
            self.fields["organization"] = forms.ModelChoiceField(
                label=_("For"),
                queryset=Organization.objects.filter(pk__in=[o.pk for o in organizations]),
            )
            self.order_fields(["organization", *self.Meta.fields])


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Your answer or question"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=MESSAGE_MAX_LENGTH,
    )


class AttachForm(forms.Form):
    attachments = FilesField(label=_("Add files"), required=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = attachments_field()
        field.required = True
        field.label = _("Add files")
        self.fields["attachments"] = field


class VersionedStepForm(forms.Form):
    """A step on a need, carrying the need's version as the page showed it."""

    loaded_version = forms.IntegerField(widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors.pop("loaded_version", None):
            # A hidden field shows no error of its own: say it above the form.
            self.add_error(None, gettext("This page is out of date: reload it and try again."))
        return cleaned


class WithdrawForm(VersionedStepForm):
    reason = forms.CharField(
        label=_("Why (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


RATINGS = [(n, str(n)) for n in range(1, 6)]


class RateForm(VersionedStepForm):
    satisfaction = forms.TypedChoiceField(
        label=_("How satisfied are you with the solution?"),
        choices=RATINGS,
        coerce=int,
        widget=forms.RadioSelect,
        help_text=_("1 (poor) to 5 (excellent)"),
        error_messages={"invalid_choice": _("Choose 1 (poor) to 5 (excellent).")},
    )


class AcceptInvitationForm(forms.Form):
    """The invited contact's account: a name, a username and a password typed twice."""

    name = forms.CharField(
        label=_("Your name"), max_length=100, help_text=_("As the office should address you.")
    )
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        help_text=_("What you sign in with: letters, digits and @ . + - _ only."),
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters, not only digits, not a common password."),
    )
    password_again = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if (
            cleaned.get("password")
            and cleaned.get("password_again") is not None
            and cleaned["password"] != cleaned["password_again"]
        ):
            self.add_error("password_again", gettext("The two passwords differ."))
        return cleaned
