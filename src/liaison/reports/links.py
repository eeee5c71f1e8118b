"""Where a figure's number leads: the page listing exactly the records that make it."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.http import urlencode

from .catalogue import NO_CENTER, Figure, Metric
from .periods import Period

# `?center=none`: the records of no center (the rest of a center-additive figure).
NO_CENTER_PARAM = "none"


def drill_url(
    metric: Metric, *, period: Period, center: Any = None, part: str | None = None
) -> str:
    """The figure page of `metric` for the period, the center and one part of its split."""
    params: dict[str, Any] = {**period.query(), "version": metric.version}
    if center is NO_CENTER:
        params["center"] = NO_CENTER_PARAM
    elif center is not None:
        params["center"] = center.pk
    if part is not None:
        params["part"] = part
    return f"{reverse('figure', args=(metric.key,))}?{urlencode(params)}"


def figure_url(figure: Figure, part: str | None = None) -> str:
    return drill_url(figure.metric, period=figure.period, center=figure.center, part=part)
