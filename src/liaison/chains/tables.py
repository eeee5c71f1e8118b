from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from liaison.core.tables import ChoicesColumn, ObjectLinkColumn, ObjectTable, object_url

from .models import ChainSegment, IndustryChain, SegmentPlacement


class PlacedRecordColumn(tables.Column):
    """The record a placement puts on its segment, linked to its own page."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("accessor", "pk")
        kwargs.setdefault("orderable", False)
        kwargs.setdefault("empty_values", ())
        super().__init__(*args, **kwargs)

    def render(self, record: SegmentPlacement) -> Any:
        placed = record.record
        url = object_url(placed) if placed is not None else None
        return format_html('<a href="{}">{}</a>', url, placed) if url else str(placed or "")

    def value(self, record: SegmentPlacement) -> Any:
        return str(record.record or "")


class ExplanationColumn(tables.Column):
    """The words a suggestion matched on."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("orderable", False)
        super().__init__(*args, **kwargs)

    def render(self, value: Any) -> Any:
        return explained_terms(value)

    def value(self, value: Any) -> Any:
        return explained_terms(value)


def explained_terms(explanation: Any) -> str:
    terms = explanation.get("terms", []) if isinstance(explanation, dict) else []
    return "、".join(str(t.get("term", "")) for t in terms[:8])


class IndustryChainTable(ObjectTable):
    name_zh = ObjectLinkColumn(verbose_name=_("Chinese name"))

    class Meta(ObjectTable.Meta):
        model = IndustryChain
        fields = ("name_zh", "name_en", "code", "region", "order", "active")


class ChainSegmentTable(ObjectTable):
    name_zh = ObjectLinkColumn(verbose_name=_("Chinese name"))
    chain = ObjectLinkColumn(verbose_name=_("Industry chain"), related=True)
    position = ChoicesColumn(verbose_name=_("Position"))

    class Meta(ObjectTable.Meta):
        model = ChainSegment
        fields = ("name_zh", "name_en", "chain", "code", "position", "order")


class SegmentPlacementTable(ObjectTable):
    placement = ObjectLinkColumn(
        verbose_name=_("Placement"), accessor="pk", orderable=False, empty_values=()
    )
    placed = PlacedRecordColumn(verbose_name=_("Record"))
    kind = ChoicesColumn(verbose_name=_("Record type"))
    segment = ObjectLinkColumn(verbose_name=_("Segment"), related=True)
    status = ChoicesColumn(verbose_name=_("Status"))
    source = ChoicesColumn(verbose_name=_("Source"))
    explanation = ExplanationColumn(verbose_name=_("Matched words"))

    class Meta(ObjectTable.Meta):
        model = SegmentPlacement
        fields = (
            "placement",
            "placed",
            "kind",
            "segment",
            "status",
            "source",
            "score",
            "explanation",
            "decided_at",
        )

    def render_placement(self, record: SegmentPlacement) -> Any:
        url = object_url(record)
        return format_html('<a href="{}">#{}</a>', url, record.pk) if url else f"#{record.pk}"

    def value_placement(self, record: SegmentPlacement) -> Any:
        return record.pk

    def render_score(self, value: float | None) -> str:
        return "" if value is None else f"{value:.2f}"
