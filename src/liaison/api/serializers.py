"""The shape of a record in the API, made from its model, and of what a request may send.

Answers: every field of the record, related records as `{id, display, url}`, money as a
decimal string beside its currency, dates ISO 8601, both names, `version` (also the ETag),
the record's page, and `hidden_fields` naming the values shown as null because the caller is
not cleared for them (as the pages show "hidden"). Requests: the fields the edit page's form
asks for (`Endpoint.writable`), related records by id, only among those the caller may see.
Type errors are the serializer's; every rule is the service's (`core.writes`).
"""

from __future__ import annotations

import functools
from collections.abc import MutableMapping
from typing import Any, cast

from django import forms
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field, inline_serializer
from rest_framework import serializers
from rest_framework.validators import UniqueTogetherValidator, UniqueValidator

from liaison.core import permissions
from liaison.core.tables import object_url

from .endpoints import NEVER_SHOWN, UPLOAD_ARGUMENTS, Endpoint, endpoint_for

SUMMARY = inline_serializer(
    name="Summary",
    fields={
        "id": serializers.IntegerField(),
        "display": serializers.CharField(),
        "url": serializers.CharField(allow_null=True),
    },
)


@functools.cache
def _api_url_template(model: type[models.Model]) -> str | None:
    endpoint = endpoint_for(model)
    if endpoint is None:
        return None
    return reverse(f"api:{endpoint.slug}-detail", args=(0,)).replace("/0/", "/{pk}/")


def api_url(model: type[models.Model], pk: Any) -> str | None:
    template = _api_url_template(model)
    return template.format(pk=pk) if template else None


def summary(record: models.Model | None) -> dict[str, Any] | None:
    if record is None:
        return None
    return {"id": record.pk, "display": str(record), "url": api_url(type(record), record.pk)}


@extend_schema_field(SUMMARY)
class SummaryField(serializers.RelatedField):
    """A related record in an answer: its id, its name and its address in the API."""

    def to_representation(self, value: Any) -> Any:
        return summary(value)


# The address is the page's own (relative, as every `url` and `page` of an answer is), and
# none when no file is stored: an optional document (a reward policy's) may be missing.
@extend_schema_field({"type": "string", "format": "uri-reference", "nullable": True})
class DownloadField(serializers.Field):
    """A stored file, given as the address that downloads it for who may see it."""

    def get_attribute(self, instance: Any) -> Any:
        return instance

    def to_representation(self, value: Any) -> Any:
        if not getattr(value, self.field_name or "", None):
            return None
        return object_url(value, "download")


class RecordSerializer(serializers.ModelSerializer):
    """A record as the API answers with it (see the module's docstring)."""

    serializer_related_field = SummaryField
    url = serializers.SerializerMethodField()
    page = serializers.SerializerMethodField()
    hidden_fields = serializers.SerializerMethodField()

    def get_url(self, record: Any) -> str | None:
        return api_url(type(record), record.pk)

    def get_page(self, record: Any) -> str | None:
        """The record's page, where a person sees it."""
        return object_url(record)

    def get_hidden_fields(self, record: Any) -> list[str]:
        """The fields shown as null because the caller is not cleared to see them."""
        return sorted(
            name
            for name, _field in self.fields.items()
            if permissions.is_hidden(getattr(record, name, None))
        )

    def include_extra_kwargs(
        self, kwargs: MutableMapping[str, Any], extra_kwargs: MutableMapping[str, Any]
    ) -> MutableMapping[str, Any]:
        # DRF drops `allow_blank` from a read-only field, and the schema would then promise a
        # choice that is never blank; a record answers "" for a choice not made.
        blank = kwargs.get("allow_blank", False)
        kwargs = super().include_extra_kwargs(kwargs, extra_kwargs)
        if blank:
            kwargs["allow_blank"] = True
        return kwargs

    def to_representation(self, instance: Any) -> dict[str, Any]:
        answer: dict[str, Any] = {}
        for name, field in self.fields.items():
            if permissions.is_hidden(getattr(instance, name, None)):
                answer[name] = None
                continue
            attribute = field.get_attribute(instance)
            answer[name] = None if attribute is None else field.to_representation(attribute)
        return answer


def _hideable(model: type[models.Model]) -> set[str]:
    scoping = permissions.scoping_of(model)
    if scoping is None:
        return set()
    return set(scoping.hidden) | set(scoping.contacts)


@functools.cache
def record_serializer(endpoint: Endpoint) -> type[RecordSerializer]:
    model = endpoint.model
    names = ["id", "url", "page", "version"]
    for field in model._meta.get_fields():
        if not getattr(field, "concrete", False) or field.name in NEVER_SHOWN:
            continue
        if field.name not in names:
            names.append(field.name)
    names.append("hidden_fields")
    extra: dict[str, Any] = {name: {"allow_null": True} for name in _hideable(model)}
    attributes: dict[str, Any] = {
        "Meta": type(
            "Meta",
            (),
            {
                "model": model,
                "fields": names,
                "read_only_fields": names,
                "extra_kwargs": extra,
            },
        ),
    }
    for field in model._meta.concrete_fields:
        if isinstance(field, models.FileField) and field.name in names:
            attributes[field.name] = DownloadField(read_only=True)
    return type(endpoint.component, (RecordSerializer,), attributes)


# Requests ---------------------------------------------------------------------------------------


class VisibleRelatedField(serializers.PrimaryKeyRelatedField):
    """A related record by id, among those the caller may see (any other is "does not exist")."""

    def get_queryset(self) -> Any:
        queryset: Any = super().get_queryset()
        user = self.context.get("user")
        if hasattr(queryset, "restrict"):
            return queryset.restrict(user, "view")
        return queryset


class TextListField(serializers.ListField):
    child = serializers.CharField(max_length=200)


class InputSerializer(serializers.ModelSerializer):
    """What a create or update request may send: only types are checked here."""

    serializer_related_field = VisibleRelatedField

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        for field in fields.values():
            # Uniqueness is the service's rule, said in its words.
            field.validators = [v for v in field.validators if not isinstance(v, UniqueValidator)]
            child = getattr(field, "child_relation", None)
            if child is not None:
                child.validators = [
                    v for v in child.validators if not isinstance(v, UniqueValidator)
                ]
        return fields

    def get_validators(self) -> list[Any]:
        return [v for v in super().get_validators() if not isinstance(v, UniqueTogetherValidator)]


@functools.cache
def input_serializer(endpoint: Endpoint) -> type[InputSerializer]:
    model = endpoint.model
    model_fields = {f.name for f in model._meta.get_fields() if getattr(f, "concrete", False)}
    fields = [name for name in endpoint.writable if name in model_fields]
    attributes: dict[str, Any] = {}
    for name in endpoint.writable:
        if name in UPLOAD_ARGUMENTS:
            attributes[name] = serializers.FileField(label=_("File"))
        elif name in endpoint.text_lists:
            field = model._meta.get_field(name)
            attributes[name] = TextListField(
                label=getattr(field, "verbose_name", name), required=False
            )
    meta = type(
        "Meta",
        (),
        {"model": model, "fields": [*fields, *[n for n in attributes if n not in fields]]},
    )
    attributes["Meta"] = meta
    return type(f"{endpoint.component}Input", (InputSerializer,), attributes)


# Lifecycle steps: their request is the step's form, described for the schema -------------------


def _serializer_field(field: forms.Field) -> serializers.Field:
    common: dict[str, Any] = {
        "required": field.required and not isinstance(field, forms.BooleanField),
        "label": str(field.label) if field.label else None,
        "help_text": str(field.help_text) if field.help_text else None,
    }
    if isinstance(field, forms.ModelMultipleChoiceField):
        return serializers.ListField(child=serializers.IntegerField(), **common)
    if isinstance(field, forms.ModelChoiceField):
        return serializers.IntegerField(allow_null=not field.required, **common)
    if isinstance(field, forms.MultipleChoiceField):
        return serializers.MultipleChoiceField(choices=list(cast(Any, field.choices)), **common)
    if isinstance(field, forms.ChoiceField):
        choices = [(k, v) for k, v in cast(Any, field.choices) if k != ""]
        return serializers.ChoiceField(choices=choices, allow_blank=not field.required, **common)
    if isinstance(field, forms.BooleanField):
        return serializers.BooleanField(**common)
    if isinstance(field, forms.DecimalField):
        return serializers.DecimalField(
            max_digits=field.max_digits,
            decimal_places=field.decimal_places,
            allow_null=not field.required,
            **common,
        )
    if isinstance(field, forms.IntegerField):
        return serializers.IntegerField(allow_null=not field.required, **common)
    if isinstance(field, forms.DateTimeField):
        return serializers.DateTimeField(allow_null=not field.required, **common)
    if isinstance(field, forms.DateField):
        return serializers.DateField(allow_null=not field.required, **common)
    if isinstance(field, forms.FileField):
        return serializers.FileField(**common)
    return serializers.CharField(allow_blank=not field.required, **common)


@functools.cache
def step_serializer(component: str, form_class: type[forms.Form]) -> type[serializers.Serializer]:
    """The request of a lifecycle step: the fields of its form (the schema's description)."""
    form = form_class()
    fields = {
        name: _serializer_field(field)
        for name, field in form.fields.items()
        if name != "loaded_version"
    }
    return type(component, (serializers.Serializer,), fields)
