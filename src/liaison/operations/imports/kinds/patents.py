"""Patents and their fee payments.

A patent is named by its application number (`201710601862.3`), written after its jurisdiction
when it is not Chinese (`US 16/123,456`). Its publication, the request for its examination and
its grant are recorded through the patent services as its row is written (its annual fees are
due once it is granted); withdrawn, abandoned, lapsed or expired once the fees' sheet is in, as
a patent lapses by the annual fee left unpaid. A fee is checked against the docket's fee and
surcharge for the day it was paid.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export.fields import Field

from liaison.organizations.models import Organization
from liaison.patents import services
from liaison.patents.choices import Jurisdiction, PatentStatus
from liaison.patents.models import FeePayment, Patent
from liaison.people.models import Person

from .. import widgets as cells
from ..columns import KindsResource, ManyKeys, by_render
from ..registry import register
from ..resources import Lifecycle, Step, key_widget, natural_key
from .achievements import INVENTORS_HEADER, OWNERS_HEADER

_JURISDICTION = re.compile(r"^\s*([A-Za-z]+)\s+(\S.*?)\s*$")
JURISDICTIONS = {str(value).lower(): str(value) for value in Jurisdiction.values}


def patent_key(patent: Patent) -> str:
    if patent.jurisdiction == Jurisdiction.CN:
        return patent.application_number
    return f"{patent.jurisdiction} {patent.application_number}"


def _number(value: str) -> str:
    match = _JURISDICTION.match(value)
    if match and match.group(1).lower() in JURISDICTIONS:
        return match.group(2)
    return value.strip()


def resolve_patents(values: list[str]) -> dict[str, Any]:
    found = Patent.objects.filter(application_number__in={_number(v) for v in values})
    return by_render(found, patent_key, values)


natural_key(
    Patent,
    lambda: cells.NaturalKey(
        Patent,
        resolve=resolve_patents,
        render=patent_key,
        unknown=lambda: _(
            "No patent has the application number “%(value)s” (write a foreign one after its "
            "jurisdiction: US 16/123,456)."
        ),
        ambiguous=lambda: _("Several patents have the application number “%(value)s”."),
    ),
)

GRANTED_OR_AFTER = frozenset(
    {PatentStatus.GRANTED, PatentStatus.LAPSED, PatentStatus.ABANDONED, PatentStatus.EXPIRED}
)


def _ended_as_computed(
    end: Callable[[Patent, Any], Patent],
) -> Callable[[Patent, Mapping[str, Any], Any], Patent]:
    """A step whose end date the rules compute: the row's date must be the one they give."""

    def call(patent: Patent, values: Mapping[str, Any], by: Any) -> Patent:
        ended = end(patent, by)
        if ended.ended_on != values["ended_on"]:
            raise ValidationError(
                {
                    "ended_on": _("By the rules and the fees paid, this patent ended on %(date)s.")
                    % {"date": ended.ended_on.isoformat() if ended.ended_on else "—"}
                }
            )
        return ended

    return call


def _ended(step: Callable[..., Patent]) -> Callable[[Patent, Mapping[str, Any], Any], Patent]:
    return lambda p, v, by: step(
        patent=p, ended_on=v["ended_on"], reason=v.get("end_reason") or "", by=by
    )


GRANT = Step(
    PatentStatus.GRANTED,
    lambda p, v, by: services.patent_grant(
        patent=p,
        granted_on=v["granted_on"],
        patent_number=v.get("patent_number") or "",
        by=by,
    ),
    needs=("granted_on",),
)

PATENT_LIFE = Lifecycle(
    initial=PatentStatus.PENDING,
    steps=(
        Step(
            PatentStatus.WITHDRAWN,
            _ended(services.patent_withdraw),
            needs=("ended_on",),
            final=True,
        ),
        GRANT,
        Step(
            PatentStatus.LAPSED,
            _ended_as_computed(lambda p, by: services.patent_lapse(patent=p, by=by)),
            needs=("ended_on",),
            final=True,
        ),
        Step(
            PatentStatus.ABANDONED, _ended(services.patent_abandon), needs=("ended_on",), final=True
        ),
        Step(
            PatentStatus.EXPIRED,
            _ended_as_computed(lambda p, by: services.patent_expire(patent=p, by=by)),
            needs=("ended_on",),
            final=True,
        ),
    ),
    # A patent lapses by an annual fee left unpaid: its end waits for the fees' sheet.
    after="patent-fees",
    errors_on={"reason": "end_reason", "requested_on": "examination_requested_on"},
)

# Dated events of an application that are not statuses, in the order they happen.
EVENTS: tuple[tuple[str, Callable[..., Patent]], ...] = (
    (
        "published_on",
        lambda p, day, by: services.patent_record_publication(patent=p, published_on=day, by=by),
    ),
    (
        "examination_requested_on",
        lambda p, day, by: services.patent_request_examination(patent=p, requested_on=day, by=by),
    ),
)


class PatentResource(KindsResource):
    owners = Field(
        attribute="owners", column_name="owners", widget=ManyKeys(key_widget(Organization))
    )
    inventors = Field(
        attribute="inventors", column_name="inventors", widget=ManyKeys(key_widget(Person))
    )
    lifecycle = PATENT_LIFE
    errors_on = {"requested_on": "examination_requested_on", "reason": "end_reason"}
    step_columns = ("published_on", "examination_requested_on", "patent_number", "end_reason")
    headers = {
        "achievement": ("Achievement (Chinese title)", "成果（中文标题）"),
        "owners": OWNERS_HEADER,
        "inventors": INVENTORS_HEADER,
        "agent": ("Patent agency (credit code or Chinese name)", "代理机构（信用代码或中文名称）"),
    }

    class Meta(KindsResource.Meta):
        model = Patent
        fields = (
            "jurisdiction",
            "application_number",
            "achievement",
            "title",
            "kind",
            "filed_on",
            "priority_on",
            "pct_number",
            "national_phase_on",
            "fee_reduction",
            "owners",
            "inventors",
            "agent",
            "note",
            "status",
            "published_on",
            "examination_requested_on",
            "granted_on",
            "patent_number",
            "ended_on",
            "end_reason",
        )
        import_id_fields = ("jurisdiction", "application_number")

    def after_write(self, record: Any, values: dict[str, Any], *, created: bool) -> None:
        """Published, examination requested and granted as the row is written: the annual
        fees of the fees' sheet are due once it is granted."""
        try:
            for name, record_event in EVENTS:
                day: datetime.date | None = values.get(name)
                stored = getattr(record, name)
                if day is None or stored == day:
                    continue
                if stored is not None:
                    raise ValidationError(
                        {
                            name: _(
                                "Already recorded as “%(stored)s”; an import does not change "
                                "what a lifecycle step recorded."
                            )
                            % {"stored": stored}
                        }
                    )
                record = record_event(record, day, self.run.user)
            wanted = values.get("status") or record.status
            if wanted in GRANTED_OR_AFTER and record.status == PatentStatus.PENDING:
                if values.get("granted_on") is None:
                    raise ValidationError(
                        {
                            "granted_on": _("Needed to reach “%(status)s”.")
                            % {"status": PatentStatus.GRANTED.label}
                        }
                    )
                GRANT.call(record, values, self.run.user)
        except ValidationError as error:
            raise PATENT_LIFE._on_columns(error) from error

    def export_queryset(self, user: Any) -> Any:
        return (
            super()
            .export_queryset(user)
            .prefetch_related("owners", "inventors__affiliations__organization")
        )


register("patents", PatentResource, order=140)


class FeePaymentResource(KindsResource):
    optional_keys = ("fee_year",)
    headers = {
        "patent": ("Patent (application number)", "专利（申请号）"),
    }

    class Meta(KindsResource.Meta):
        model = FeePayment
        fields = ("patent", "kind", "fee_year", "paid_on", "amount", "currency", "note")
        import_id_fields = ("patent", "kind", "fee_year", "paid_on")

    def export_queryset(self, user: Any) -> Any:
        return super().export_queryset(user).order_by("patent_id", "paid_on", "pk")


register("patent-fees", FeePaymentResource, order=145)
