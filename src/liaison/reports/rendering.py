"""The figures as a press office writes them, and as a JSON document."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from liaison.organizations.models import Organization

from .phrasing import date_phrase, figure_phrase, is_chinese, month_phrase
from .selectors import Figure


def figure_display(figure: Figure, *, lang: str) -> str:
    """The figure's value as the paragraph writes it: "more than 100", "42家", "超1.5亿元"."""
    definition = figure.definition
    return figure_phrase(
        figure.value, lang=lang, measure=definition.measure, exact=definition.exact
    )


def json_number(value: int | Decimal) -> int | float:
    """A count as an int; an amount as an int when whole, else a float of the same digits."""
    if isinstance(value, int):
        return value
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def figures_document(
    *, figures: Sequence[Figure], as_of: datetime.date, lang: str
) -> dict[str, Any]:
    """The figures as the JSON document `liaison figures --format json` prints."""
    with translation.override(lang):
        return {
            "as_of": as_of.isoformat(),
            "figures": [
                {
                    "key": figure.key,
                    "value": json_number(figure.value),
                    "definition": str(figure.definition.definition),
                    "label": str(figure.definition.label),
                    "display": figure_display(figure, lang=lang),
                    "unit": figure.definition.unit,
                }
                for figure in figures
            ],
        }


def _local_city_name(lang: str) -> str:
    names: dict[str, str] = settings.LIAISON_LOCAL_CITY_NAMES
    key = "zh-hans" if is_chinese(lang) else "en"
    return names.get(key) or names.get("en") or next(iter(names.values()), "")


def figures_paragraph(
    *,
    figures: Sequence[Figure],
    institute: Organization | None,
    as_of: datetime.date,
    lang: str,
) -> str:
    """The paragraph an announcement closes with, stating the figures as of `as_of`."""
    by_key = {figure.key: figure for figure in figures}

    def shown(key: str) -> str:
        return figure_display(by_key[key], lang=lang)

    def count(key: str) -> int:
        return int(by_key[key].value)

    with translation.override(lang):
        # In the language being written: the Chinese name, or the English one in English.
        name = (
            str(institute) if institute is not None else pgettext("figures text", "the institute")
        )
        if institute is not None and institute.founded_on is not None:
            opening = _("Established in %(founded)s, %(institute)s has, as of %(as_of)s,") % {
                "founded": month_phrase(institute.founded_on, lang=lang),
                "institute": name,
                "as_of": date_phrase(as_of, lang=lang),
            }
        else:
            opening = _("As of %(as_of)s, %(institute)s has") % {
                "as_of": date_phrase(as_of, lang=lang),
                "institute": name,
            }
        served = ngettext(
            "%(count)s local enterprise, university or institute in %(city)s",
            "%(count)s local enterprises, universities and institutes in %(city)s",
            count("organizations_served_local"),
        ) % {"count": shown("organizations_served_local"), "city": _local_city_name(lang)}
        partners = ngettext(
            "%(count)s enterprise or hospital",
            "%(count)s enterprises and hospitals",
            count("cooperation_partners"),
        ) % {"count": shown("cooperation_partners")}
        problems = ngettext(
            "%(count)s technical problem",
            "%(count)s technical problems",
            count("technical_problems_solved"),
        ) % {"count": shown("technical_problems_solved")}
        institutions = ngettext(
            "%(count)s medical or research institution or university",
            "%(count)s medical and research institutions and universities",
            count("institutions_cooperating"),
        ) % {"count": shown("institutions_cooperating")}
        achievements = ngettext(
            "%(count)s of its achievements has entered the market or clinical trial stage",
            "%(count)s of its achievements have entered the market or clinical trial stage",
            count("achievements_market_or_clinical"),
        ) % {"count": shown("achievements_market_or_clinical")}
        return _(
            "%(opening)s provided technical services to %(served)s, carried out horizontal "
            "cooperation with %(partners)s and solved %(problems)s. It cooperates in depth with "
            "%(institutions)s at home and abroad; %(achievements)s, and its projects have raised "
            "%(financing)s in financing."
        ) % {
            "opening": opening,
            "served": served,
            "partners": partners,
            "problems": problems,
            "institutions": institutions,
            "achievements": achievements,
            "financing": shown("financing_cumulative_cny"),
        }
