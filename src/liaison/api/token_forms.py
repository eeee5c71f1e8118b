"""The form of the API tokens page: what a new token is for, what it may do, how long."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy, ngettext

from .models import TokenScope
from .tokens import DEFAULT_DAYS, max_days


def days_choices() -> list[tuple[int, str]]:
    longest = max_days()
    counts = sorted({n for n in (7, 30, DEFAULT_DAYS, 180, longest) if n <= longest})
    return [(n, ngettext("%(count)s day", "%(count)s days", n) % {"count": n}) for n in counts]


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("What it is for"),
        max_length=100,
        help_text=gettext_lazy("The program or script that will use it, to know it again."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    scope = forms.ChoiceField(
        label=gettext_lazy("Access"), choices=TokenScope.choices, initial=TokenScope.READ
    )
    days = forms.TypedChoiceField(label=gettext_lazy("Valid for"), coerce=int, initial=DEFAULT_DAYS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Labelled in the language of the request, not of the import.
        self.fields["days"].choices = days_choices()  # type: ignore[attr-defined]
