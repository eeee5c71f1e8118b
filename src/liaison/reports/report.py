"""The institute's report for a period, as one document the page, the PDF and the workbook render.

A report is assembled for a period, the whole institute or one center, a language and a
reader (what they may see; `SYSTEM` for every row): the announcement's press paragraph in
both languages from the headline figures as of the period's end, then a table per section of
the catalogue — each metric's value, the previous period's beside it and the change, its
parts — and an appendix of every metric's definition and version. A saved report is shown
from the figures it stored, under the versions it used, never recomputed.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from liaison.core.numbers import format_amount, format_number

from . import catalogue, metrics, selectors
from .catalogue import NO_CENTER, SECTION_TITLES, CenterArg, Figure, Metric, Section
from .links import drill_url
from .metrics import SYSTEM, FigureValue
from .periods import Period
from .phrasing import Measure
from .rendering import figures_paragraph

if TYPE_CHECKING:
    from liaison.centers.models import Center

    from .models import SavedReport

# The languages the press paragraph is written in, Chinese first as the announcement is.
PARAGRAPH_LANGUAGES = ("zh-hans", "en")
HEADLINE_KEYS = tuple(f.key for f in metrics.FIGURES)

# Told after each metric computed: (done, total).
Progress = Callable[[int, int], None]


def display_value(value: FigureValue | None, measure: Measure, *, lang: str) -> str:
    """A value as the report's tables write it: money in the language's words, counts grouped."""
    if value is None:
        return "–"
    with translation.override(lang):
        if measure == Measure.YUAN:
            return format_amount(value, language=lang)
        if measure == Measure.DAYS:
            return format_number(value, places=1)
        return format_number(value)


def display_change(
    value: FigureValue, previous: FigureValue | None, measure: Measure, *, lang: str
) -> str:
    """The change from the previous period: "+12 (+8.5%)", "−CNY 1.2 million", "–" without one."""
    if previous is None:
        return "–"
    change = Decimal(value) - Decimal(previous)
    sign = "+" if change > 0 else "−" if change < 0 else "±"
    shown = display_value(abs(change), measure, lang=lang)
    if previous and measure != Measure.DAYS:
        percent = (change / Decimal(previous) * 100).quantize(Decimal("0.1"))
        return f"{sign}{shown} ({'+' if percent > 0 else ''}{percent}%)"
    return f"{sign}{shown}"


@dataclass(frozen=True)
class ReportPart:
    value: str
    label: str
    amount: FigureValue
    previous: FigureValue | None
    url: str | None


@dataclass(frozen=True)
class ReportRow:
    """One metric's line of a report: its value, the previous period's and its parts."""

    metric: Metric
    label: str
    value: FigureValue
    previous: FigureValue | None
    hidden: int
    parts: tuple[ReportPart, ...]
    url: str | None
    language: str

    @property
    def key(self) -> str:
        return self.metric.key

    @property
    def version(self) -> int:
        return self.metric.version

    @property
    def measure(self) -> Measure:
        return self.metric.measure

    @property
    def shown(self) -> str:
        return display_value(self.value, self.measure, lang=self.language)

    @property
    def previous_shown(self) -> str:
        return display_value(self.previous, self.measure, lang=self.language)

    @property
    def change(self) -> str:
        return display_change(self.value, self.previous, self.measure, lang=self.language)

    def part_shown(self, part: ReportPart) -> str:
        return display_value(part.amount, self.measure, lang=self.language)

    @property
    def parts_shown(self) -> list[tuple[ReportPart, str, str, str]]:
        """Each part with its value, the previous period's and the change, written out."""
        return [
            (
                part,
                display_value(part.amount, self.measure, lang=self.language),
                display_value(part.previous, self.measure, lang=self.language),
                display_change(part.amount, part.previous, self.measure, lang=self.language),
            )
            for part in self.parts
        ]


@dataclass(frozen=True)
class ReportSection:
    section: Section
    title: str
    rows: tuple[ReportRow, ...]

    @property
    def charted(self) -> list[ReportRow]:
        """The rows split into parts: each is drawn as bars."""
        return [row for row in self.rows if row.parts]


@dataclass(frozen=True)
class Definition:
    key: str
    version: int
    label: str
    definition: str
    unit: str
    additive: bool


@dataclass
class Report:
    """The report as a document: everything its page, PDF and workbook say, in its language."""

    period: Period
    previous_period: Period | None
    center: CenterArg
    language: str
    title: str
    period_text: str
    subject: str
    # (language, paragraph) in both languages; empty for a center's report.
    paragraphs: list[tuple[str, str]]
    sections: list[ReportSection]
    definitions: list[Definition]
    generated_on: datetime.date
    saved: SavedReport | None = None
    notes: list[str] = field(default_factory=list)
    # The year of an annual transformation report (`annual.py`), None for a report of a period.
    annual: int | None = None

    @property
    def rows(self) -> list[ReportRow]:
        return [row for section in self.sections for row in section.rows]

    @property
    def hidden(self) -> int:
        return sum(row.hidden for row in self.rows)

    def row(self, key: str) -> ReportRow:
        return next(row for row in self.rows if row.key == key)

    def paragraph(self, lang: str) -> str:
        return next((text for language, text in self.paragraphs if language == lang), "")

    def stored_figures(self) -> list[dict[str, Any]]:
        """The figures as a saved report keeps them: versions and values, parts, previous."""
        return [
            {
                "key": row.key,
                "version": row.version,
                "value": str(row.value),
                "previous": None if row.previous is None else str(row.previous),
                "hidden": row.hidden,
                "parts": [
                    {
                        "value": part.value,
                        "label": part.label,
                        "amount": str(part.amount),
                        "previous": None if part.previous is None else str(part.previous),
                    }
                    for part in row.parts
                ],
            }
            for row in self.rows
        ]

    @property
    def center_pk(self) -> int | None:
        return getattr(self.center, "pk", None)


def _number(text: str | None, measure: Measure) -> FigureValue | None:
    if text is None:
        return None
    if measure in (Measure.YUAN, Measure.DAYS):
        return Decimal(text)
    return int(Decimal(text))


def _subject(center: CenterArg, institute: Any) -> str:
    if center is NO_CENTER:
        return _("the records of no center")
    if center is not None:
        return str(center)
    return str(institute) if institute is not None else _("the institute")


def _paragraphs(
    values: dict[str, FigureValue], *, as_of: datetime.date, institute: Any
) -> list[tuple[str, str]]:
    """The announcement's paragraph in both languages from the six headline values."""
    if not all(key in values for key in HEADLINE_KEYS):
        return []
    figures = [
        selectors.Figure(definition=metrics.FIGURES_BY_KEY[key], as_of=as_of, value=values[key])
        for key in HEADLINE_KEYS
    ]
    return [
        (lang, figures_paragraph(figures=figures, institute=institute, as_of=as_of, lang=lang))
        for lang in PARAGRAPH_LANGUAGES
    ]


def _previous_parts(figure: Figure | None) -> dict[str, FigureValue]:
    return {} if figure is None else {part.value: part.amount for part in figure.parts}


@dataclass(frozen=True)
class _Stated:
    """One metric's figures as the report states them, computed now or read from a save."""

    metric: Metric
    value: FigureValue
    previous: FigureValue | None
    hidden: int
    # (value, label, amount, previous amount)
    parts: tuple[tuple[str, str, FigureValue, FigureValue | None], ...]


def _assemble(
    stated: Sequence[_Stated],
    *,
    period: Period,
    previous_period: Period | None,
    center: CenterArg,
    language: str,
    saved: SavedReport | None = None,
) -> Report:
    institute = selectors.institute_organization()
    values = {s.metric.key: s.value for s in stated if s.metric.section == Section.HEADLINE}
    # The announcement is the institute's voice: a center's report states its tables only.
    paragraphs = (
        _paragraphs(values, as_of=period.end, institute=institute) if center is None else []
    )
    with translation.override(language):
        rows_by_section: dict[Section, list[ReportRow]] = {}
        for s in stated:
            metric_ = s.metric
            linked = center is None or center is NO_CENTER or getattr(center, "pk", None)
            parts = tuple(
                ReportPart(
                    value=value,
                    label=str(metric_.split.labels().get(value, label))
                    if metric_.split is not None
                    else label,
                    amount=amount,
                    previous=previous,
                    url=drill_url(metric_, period=period, center=center, part=value)
                    if linked and not metric_.summary
                    else None,
                )
                for value, label, amount, previous in s.parts
            )
            rows_by_section.setdefault(metric_.section, []).append(
                ReportRow(
                    metric=metric_,
                    label=str(metric_.label),
                    value=s.value,
                    previous=s.previous,
                    hidden=s.hidden,
                    parts=parts,
                    url=drill_url(metric_, period=period, center=center) if linked else None,
                    language=language,
                )
            )
        sections = [
            ReportSection(section=section, title=str(SECTION_TITLES[section]), rows=tuple(rows))
            for section in Section
            if (rows := rows_by_section.get(section))
        ]
        definitions = [
            Definition(
                key=s.metric.key,
                version=s.metric.version,
                label=str(s.metric.label),
                definition=str(s.metric.definition),
                unit=s.metric.unit,
                additive=s.metric.additive,
            )
            for s in stated
        ]
        subject = _subject(center, institute)
        period_text = period.describe(language)
        title = _("Report of %(subject)s, %(period)s") % {
            "subject": subject,
            "period": period_text,
        }
        notes = []
        if center is not None:
            notes.append(
                _(
                    "The press paragraph states the whole institute's figures: it is written "
                    "in the institute's report, not in a center's."
                )
            )
        if previous_period is None:
            notes.append(_("A period since the beginning has no previous period to compare with."))
        return Report(
            period=period,
            previous_period=previous_period,
            center=center,
            language=language,
            title=title,
            period_text=period_text,
            subject=subject,
            paragraphs=paragraphs,
            sections=sections,
            definitions=definitions,
            generated_on=timezone.localdate(),
            saved=saved,
            notes=notes,
        )


def report_for(
    *,
    period: Period,
    language: str,
    user: Any = SYSTEM,
    center: CenterArg = None,
    progress: Progress | None = None,
    chosen: Sequence[Metric] | None = None,
) -> Report:
    """The report for `period` and `center` over what `user` may see, written in `language`."""
    used = list(chosen) if chosen is not None else catalogue.latest()
    previous_period = period.previous()
    total = len(used) * (2 if previous_period is not None else 1)
    done = 0
    stated: list[_Stated] = []
    for metric_ in used:
        figure = catalogue.compute(metric_, period=period, user=user, center=center)
        done += 1
        before: Figure | None = None
        if previous_period is not None:
            before = catalogue.compute(metric_, period=previous_period, user=user, center=center)
            done += 1
        if progress is not None:
            progress(done, total)
        earlier = _previous_parts(before)
        stated.append(
            _Stated(
                metric=metric_,
                value=figure.value,
                previous=None if before is None else before.value,
                hidden=figure.hidden,
                parts=tuple(
                    (
                        part.value,
                        part.label,
                        part.amount,
                        earlier.get(part.value, 0) if before is not None else None,
                    )
                    for part in figure.parts
                ),
            )
        )
    return _assemble(
        stated, period=period, previous_period=previous_period, center=center, language=language
    )


def saved_report(saved: SavedReport, *, language: str | None = None) -> Report:
    """A saved report as it was stated: its stored values under the metric versions it used."""
    period = Period(saved.period_start, saved.period_end)
    stated: list[_Stated] = []
    for stored in saved.figures:
        try:
            metric_ = catalogue.metric(stored["key"], int(stored["version"]))
        except catalogue.UnknownMetricError:
            continue
        measure = metric_.measure
        value = _number(stored["value"], measure)
        assert value is not None
        stated.append(
            _Stated(
                metric=metric_,
                value=value,
                previous=_number(stored.get("previous"), measure),
                hidden=int(stored.get("hidden") or 0),
                parts=tuple(
                    (
                        str(part["value"]),
                        str(part.get("label", part["value"])),
                        _number(part["amount"], measure) or 0,
                        _number(part.get("previous"), measure),
                    )
                    for part in stored.get("parts", [])
                ),
            )
        )
    center: Center | None = saved.center
    return _assemble(
        stated,
        period=period,
        previous_period=period.previous(),
        center=center,
        language=language or saved.language,
        saved=saved,
    )
