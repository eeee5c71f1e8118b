"""Choosing several records among thousands (an achievement's owners) without listing them.

`core.forms.RecordSelect` picks one record; `RecordSelectMultiple` picks several: the chosen
records are ticked boxes, and a search box asks the same lookup page (`core.views.pages.lookup`)
for the records matching what is typed, offered as boxes to tick. Only the chosen records are
read to draw the form, however many the field's queryset holds; the field still accepts only
its queryset's records, so a form keeps its validation and its services their arguments.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models
from django.urls import reverse

from .forms import LOOKUP_FIELDS


def register_lookup(model: type[models.Model], search_fields: tuple[str, ...]) -> None:
    """Let the lookup page search `model` by `search_fields`, beside what other forms named."""
    label = model._meta.label_lower
    LOOKUP_FIELDS[label] = tuple(dict.fromkeys((*LOOKUP_FIELDS.get(label, ()), *search_fields)))


class RecordSelectMultiple(forms.CheckboxSelectMultiple):
    """Several records of `model`, found by typing part of a name (`search_fields`).

    Without scripts the chosen records can still be unticked; adding one needs the search.
    """

    template_name = "generic/widgets/record_select_multiple.html"

    def __init__(
        self,
        model: type[models.Model],
        search_fields: tuple[str, ...],
        attrs: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(attrs)
        self.model = model
        register_lookup(model, search_fields)

    def id_for_label(self, id_: str, index: str | None = None) -> str:
        # The field's label names the search box: what a person types into to add a record.
        return id_

    def chosen(self, value: list[Any]) -> list[Any]:
        pks = [v for v in value if v not in ("", None)]
        queryset = getattr(self.choices, "queryset", None)
        if queryset is None or not pks:
            return []
        # Only the chosen records, never the whole queryset; a pk that is no longer offered
        # (or never was) is dropped, as a select drops an option it does not have.
        try:
            return list(queryset.filter(pk__in=pks))
        except (TypeError, ValueError):
            return []

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        widget_attrs = dict(context["widget"]["attrs"])
        # The attributes (id, aria-invalid, aria-describedby) go on the search box.
        css = widget_attrs.pop("class", "")
        context["search_attrs"] = widget_attrs
        context["search_class"] = " ".join(filter(None, ["form-control form-control-sm mb-1", css]))
        context["chosen"] = self.chosen(context["widget"]["value"])
        context["lookup_url"] = reverse("lookup", args=(self.model._meta.label_lower,))
        context["model_name"] = self.model._meta.verbose_name_plural
        return context

    def optgroups(self, name: str, value: list[Any], attrs: dict[str, Any] | None = None) -> Any:
        # The template draws the chosen records itself; enumerating the choices would read
        # every record of the queryset.
        return []
