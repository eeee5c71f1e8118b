"""The researcher's own profile form: what they keep up to date themselves."""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext_lazy as _

from liaison.core.forms import ListField, ObjectForm

from .models import Person

# Keywords come one per line, as on the office's person form, or in one line separated as
# people type them on a phone: commas (half- or full-width), 、 or semicolons.
_KEYWORD_SEPARATORS = re.compile(r"[\n\r,，、;；]+")


class KeywordsField(ListField):
    """Expertise keywords, one per line or separated by commas, 、 or ；, each kept once."""

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        if isinstance(value, list | tuple):
            items = [str(v) for v in value]
        else:
            items = _KEYWORD_SEPARATORS.split(str(value or ""))
        return list(dict.fromkeys(item.strip() for item in items if item.strip()))


class ResearcherProfileForm(ObjectForm):
    """A researcher's title, expertise (which matching reads), profile, availability and contact."""

    expertise = KeywordsField(
        label=_("Expertise keywords"),
        required=False,
        help_text=_(
            "One per line, or separated by commas, 、 or ；. Matching finds you for needs "
            "that use these words."
        ),
    )

    class Meta(ObjectForm.Meta):
        model = Person
        fields = ("title", "expertise", "profile", "available", "email", "phone")
