"""The audit log's table: when, what kind, who, from where, which record, what changed."""

from __future__ import annotations

import datetime
from typing import Any

import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from liaison.core.tables import ChoicesColumn, ObjectTable, object_url

from .audit import describe, record_model
from .choices import AuditKind
from .models import AuditEvent


class WhenColumn(tables.Column):
    """The moment, to the second, on the institute's clock."""

    def render(self, value: datetime.datetime) -> str:
        # To the second: a run of failed sign-ins is told apart by its seconds.
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S")

    def value(self, value: datetime.datetime) -> Any:
        # A spreadsheet's date and time, which it cannot read with a time zone.
        return timezone.localtime(value).replace(tzinfo=None, microsecond=0)


class RecordTypeColumn(tables.Column):
    """The record type by its name in the reader's language."""

    def render(self, value: str) -> str:
        model = record_model(value)
        return str(capfirst(model._meta.verbose_name)) if model is not None else value

    def value(self, value: str) -> str:
        return self.render(value) if value else ""


def record_url(event: AuditEvent) -> str | None:
    """The page of the record an event names, if it has one and is not gone."""
    model = record_model(event.model)
    if model is None or not event.object_id or event.kind == AuditKind.DELETED:
        return None
    try:
        pk = model._meta.pk.to_python(event.object_id)
    except Exception:
        return None
    return object_url(model(pk=pk))


class RecordColumn(tables.Column):
    """The record as it was named then, linked to its page when it has one."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("accessor", "object_repr")
        kwargs.setdefault("orderable", False)
        super().__init__(*args, **kwargs)

    def render(self, value: str, record: AuditEvent) -> Any:
        name = value or f"#{record.object_id}"
        url = record_url(record)
        return format_html('<a href="{}">{}</a>', url, name) if url else name

    def value(self, value: str, record: AuditEvent) -> str:
        return value or (f"#{record.object_id}" if record.object_id else "")


class WhatColumn(tables.Column):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("accessor", "summary")
        kwargs.setdefault("orderable", False)
        super().__init__(*args, **kwargs)

    def render(self, record: AuditEvent) -> str:
        return describe(record) or "—"

    def value(self, record: AuditEvent) -> str:
        return describe(record)


ONE_LINE = {"td": {"class": "text-nowrap"}}


class AuditEventTable(ObjectTable):
    at = WhenColumn(verbose_name=_("When"), attrs=ONE_LINE)
    kind = ChoicesColumn(verbose_name=_("Kind"), attrs=ONE_LINE)
    username = tables.Column(verbose_name=_("User"))
    ip_address = tables.Column(verbose_name=_("From"))
    model = RecordTypeColumn(verbose_name=_("Record type"))
    record = RecordColumn(verbose_name=_("Record"))
    object_id = tables.Column(verbose_name=_("Record number"), visible=False)
    what = WhatColumn(verbose_name=_("What"))
    # In exports only: long, and rarely what a reader of the page looks for.
    user_agent = tables.Column(verbose_name=_("Browser"), visible=False)

    class Meta(ObjectTable.Meta):
        model = AuditEvent
        fields = (
            "at",
            "kind",
            "username",
            "ip_address",
            "model",
            "record",
            "object_id",
            "what",
            "user_agent",
        )
