"""The period and the center a page's figures are for, as its address says (`?from=&to=&center=`).

The dashboard, a center's page and a figure's records read them alike, so a number and the
records it opens are always counted over the same period and center.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from liaison.centers.models import Center

from .catalogue import NO_CENTER
from .links import NO_CENTER_PARAM
from .periods import Period, PeriodError

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class Preset:
    label: StrOrPromise
    period: Period

    @property
    def query(self) -> str:
        return urlencode(self.period.query())


def presets(today: datetime.date) -> list[Preset]:
    """The periods a picker offers at one click."""
    return [
        Preset(_("This month"), Period.month(today)),
        Preset(_("This quarter"), Period.quarter(today)),
        Preset(_("This year"), Period.year(today)),
        Preset(_("Last year"), Period.year(datetime.date(today.year - 1, 1, 1))),
        Preset(_("All time"), Period.as_of(today)),
    ]


def period_from(request: HttpRequest) -> tuple[Period, str | None]:
    """The period `?from=&to=` (or `?as_of=`, or `?period=2026-Q3`) names, today's "all time" when
    none; and what was wrong with the one asked for, if anything (then today's is used)."""
    today = timezone.localdate()
    params = request.GET
    try:
        if params.get("period"):
            return Period.named(params["period"]), None
        end = params.get("to") or params.get("as_of")
        return Period.between(params.get("from"), end, today=today), None
    except PeriodError as error:
        return Period.as_of(today), str(error)


def picker(request: HttpRequest) -> tuple[Period, dict[str, Any]]:
    """The period asked for, and what the period picker shows (`reports/period_picker.html`)."""
    period, error = period_from(request)
    return period, {
        "period": period,
        "period_error": error,
        "period_presets": presets(timezone.localdate()),
    }


def center_from(request: HttpRequest) -> Any:
    """The center `?center=` names among those the user may see (404 otherwise), `NO_CENTER`
    for `none`, or None (the whole institute)."""
    raw = request.GET.get("center", "")
    if not raw:
        return None
    if raw == NO_CENTER_PARAM:
        return NO_CENTER
    if not raw.isdigit():
        raise Http404
    center = Center.objects.restrict(request.user, "view").filter(pk=int(raw)).first()
    if center is None:
        raise Http404
    return center
