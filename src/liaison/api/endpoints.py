"""What the API serves: one endpoint per record type, read off what the other faces declare.

Every model with write services (`core.writes`) is an endpoint. What its pages declare
(`core.urls.PAGES`) is reused as it is: the list page's filterset filters the API's list, the
edit page's form names the fields a request may set, the detail page's lifecycle steps (or the
admin's, for a record without pages) are the API's steps. Nothing about a record is declared a
second time for the API, so a field, a filter or a step added to the pages is in the API too.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
import re
import sys
from collections.abc import Iterable
from typing import Any

from django.contrib import admin
from django.db import models
from django.db.models import QuerySet
from django.urls import get_resolver

from liaison.core import writes
from liaison.core.filtersets import ObjectFilterSet
from liaison.core.steps import Transition
from liaison.core.urls import PAGES

# Records an API should not hand out or take in: an invitation is its emailed secret.
NOT_SERVED = {"accounts.Invitation"}
# Values no answer carries, whoever asks.
NEVER_SHOWN = {"token_hash"}
# A service argument that is not a field of the record: the uploaded file of an attachment.
UPLOAD_ARGUMENTS = {"upload"}
IRREGULAR_PLURALS = {"person": "people"}


@dataclasses.dataclass(frozen=True, eq=False)
class Endpoint:
    """One record type served under /api/v1/<slug>/."""

    model: type[models.Model]
    slug: str
    queryset: QuerySet[Any]
    filterset: type[ObjectFilterSet]
    # The fields a request may set: the edit page's form's, else the create service's.
    writable: tuple[str, ...]
    # JSON fields that hold a list of short texts (aliases, tags, keywords).
    text_lists: tuple[str, ...]
    steps: tuple[Transition, ...]
    component: str

    @property
    def label(self) -> str:
        return self.model._meta.label


def _slug(model: type[models.Model]) -> str:
    words = re.findall(r"[A-Z][a-z0-9]*", model.__name__)
    last = words[-1].lower()
    if last in IRREGULAR_PLURALS:
        plural = IRREGULAR_PLURALS[last]
    elif last.endswith("y") and last[-2:-1] not in "aeiou":
        plural = last[:-1] + "ies"
    elif last.endswith(("s", "x", "ch", "sh")):
        plural = last + "es"
    else:
        plural = last + "s"
    return "-".join([*(w.lower() for w in words[:-1]), plural])


def _form_fields(form_class: Any) -> tuple[tuple[str, ...], tuple[str, ...]]:
    meta = getattr(form_class, "_meta", None)
    fields = tuple(getattr(meta, "fields", None) or ())
    lists = tuple(getattr(form_class, "list_fields", ()) or ())
    return fields, lists


def _service_arguments(model: type[models.Model]) -> tuple[str, ...] | None:
    """The keyword arguments of `model`'s create service, or None if it takes any field."""
    signature = inspect.signature(writes.writes_for(model).create)
    names = []
    for name, parameter in signature.parameters.items():
        if parameter.kind is inspect.Parameter.VAR_KEYWORD:
            return None
        if name != "by":
            names.append(name)
    return tuple(names)


def _editable(model: type[models.Model]) -> tuple[str, ...]:
    fields = [
        f.name
        for f in model._meta.get_fields()
        if getattr(f, "concrete", False)
        and getattr(f, "editable", False)
        and not getattr(f, "auto_created", False)
        and not f.primary_key  # type: ignore[union-attr]
    ]
    return tuple(f for f in fields if f not in NEVER_SHOWN)


def _text_lists(model: type[models.Model], names: Iterable[str]) -> tuple[str, ...]:
    found = []
    for name in names:
        field = model._meta.get_field(name)
        if isinstance(field, models.JSONField) and field.default is list:
            found.append(name)
    return tuple(found)


def _default_filterset(model: type[models.Model]) -> type[ObjectFilterSet]:
    """Filters for a record without a list page: its related records, choices and yes/no."""
    names = [
        f.name
        for f in model._meta.concrete_fields
        if isinstance(f, models.ForeignKey | models.BooleanField) or (f.choices and f.editable)
    ]
    text = tuple(
        f.name
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField) and not f.choices and f.name not in NEVER_SHOWN
    )
    meta = type("Meta", (), {"model": model, "fields": names})
    return type(
        f"{model.__name__}ApiFilterSet",
        (ObjectFilterSet,),
        {"Meta": meta, "search_fields": text[:4]},
    )


def _queryset(model: type[models.Model], declared: QuerySet[Any] | None) -> QuerySet[Any]:
    """The page's queryset with every related record an answer names fetched in the same query."""
    queryset = declared.all() if declared is not None else model._default_manager.all()
    related = [
        f.name
        for f in model._meta.concrete_fields
        if isinstance(f, models.ForeignKey) and f.name not in NEVER_SHOWN
    ]
    # And what names those related records, as the admin's changelist fetches its rows (a
    # round investor's round is named by its venture): else one query a row to name it.
    model_admin = admin.site._registry.get(model)
    listed = getattr(model_admin, "list_select_related", False)
    if isinstance(listed, list | tuple):
        related += [name for name in listed if name not in related]
    many = [f.name for f in model._meta.many_to_many]
    return queryset.select_related(*related).prefetch_related(*many)


def _steps(model: type[models.Model], detail: Any) -> tuple[Transition, ...]:
    declared: list[Transition] = list(getattr(detail, "actions", ()) or ())
    model_admin = admin.site._registry.get(model)
    declared += list(getattr(model_admin, "transitions", ()) or ())
    seen: dict[str, Transition] = {}
    for step in declared:
        seen.setdefault(step.name, step)
    return tuple(seen.values())


def _load_pages() -> None:
    """Have the pages' URLs imported, which records the pages (`core.urls.PAGES`).

    While the root URLconf is being imported it is in `sys.modules` already, and the API's
    URLs, included last, come after every app's.
    """
    if "liaison.urls" not in sys.modules:
        get_resolver().url_patterns  # noqa: B018  (imports the URLconf)


def _endpoint(model: type[models.Model]) -> Endpoint:
    pages = PAGES.get(model)
    detail = pages.detail if pages else None
    listing = pages.list if pages else None
    edit = pages.edit if pages else None
    if edit is not None:
        writable, lists = _form_fields(edit.form)
    else:
        arguments = _service_arguments(model)
        writable = arguments if arguments is not None else _editable(model)
        lists = ()
    declared = getattr(detail or listing, "queryset", None)
    return Endpoint(
        model=model,
        slug=_slug(model),
        queryset=_queryset(model, declared),
        filterset=listing.filterset if listing is not None else _default_filterset(model),
        writable=tuple(w for w in writable if w not in NEVER_SHOWN),
        text_lists=lists or _text_lists(model, (w for w in writable if w not in UPLOAD_ARGUMENTS)),
        steps=_steps(model, detail),
        component=model.__name__,
    )


@functools.cache
def endpoints() -> tuple[Endpoint, ...]:
    """Every endpoint, in the order of the apps."""
    _load_pages()
    served = [m for m in writes.registered() if m._meta.label not in NOT_SERVED]
    return tuple(_endpoint(model) for model in served)


def endpoint_for(model: type[models.Model]) -> Endpoint | None:
    return next((e for e in endpoints() if e.model is model), None)
