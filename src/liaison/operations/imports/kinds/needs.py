"""Technical needs with the candidates proposed for them, and the services delivered.

A need is named by its title and, in brackets, its organization (`医用敷料涂层 (91330…)`).
Its status is reached through the need services with the row's dates: triaged as its row is
written (candidates are proposed only for a triaged need), then, once the candidates' sheet
has matched it, started, solved, closed, withdrawn or rejected. A candidate's decision is
taken by the Accept or Reject step.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export.fields import Field

from liaison.needs import services
from liaison.needs.choices import Decision, Domain, NeedStatus
from liaison.needs.models import MatchCandidate, ServiceRecord, TechnicalNeed

from .. import widgets as cells
from ..columns import ChoiceList, KindsResource, by_render, split_within
from ..registry import register
from ..resources import Lifecycle, Step, natural_key
from . import achievements  # noqa: F401  (centers and achievements are named first)
from .organizations import organization_key, resolve_organizations


def need_key(need: TechnicalNeed) -> str:
    return f"{need.title} ({organization_key(need.organization)})"


def resolve_needs(values: list[str]) -> dict[str, Any]:
    named = {value: split_within(value) for value in values}
    organizations = resolve_organizations(sorted({o for _t, o in named.values() if o}))
    found = TechnicalNeed.objects.filter(
        title__in={title for title, _o in named.values()},
        organization__in=[o for o in organizations.values() if o is not cells.AMBIGUOUS],
    ).select_related("organization")
    return by_render(found, need_key, values)


natural_key(
    TechnicalNeed,
    lambda: cells.NaturalKey(
        TechnicalNeed,
        resolve=resolve_needs,
        render=need_key,
        unknown=lambda: _(
            "No need is “%(value)s”: write its title and, in brackets, its organization's "
            "credit code or name."
        ),
        ambiguous=lambda: _("Several needs are “%(value)s”."),
    ),
)

NEED_HEADER = ("Need (title and organization)", "需求（标题和单位）")
ORGANIZATION_HEADER = ("Organization (credit code or Chinese name)", "单位（信用代码或中文名称）")
PERSON_HEADER = ("Contact (name and organization)", "联系人（姓名和单位）")
CENTER_HEADER = ("Center (Chinese name)", "中心（中文名称）")


def _matched(need: TechnicalNeed, values: Mapping[str, Any], by: Any) -> TechnicalNeed:
    """A need is matched by the candidates proposed for it, not by a date."""
    if need.status != NeedStatus.MATCHED:
        raise ValidationError(
            _(
                "A need becomes matched when candidates are proposed for it: list them on the "
                "sheet of match candidates (need-candidates)."
            )
        )
    return need


def _ended(status: NeedStatus, service: Any) -> Step:
    """The step that ends a need (closed, withdrawn, rejected) on the row's day, with its reason."""
    return Step(
        status,
        lambda n, v, by: service(
            need=n, ended_on=v["ended_on"], reason=v.get("close_reason") or "", by=by
        ),
        needs=("ended_on",),
        final=True,
    )


NEED_LIFE = Lifecycle(
    initial=NeedStatus.SUBMITTED,
    steps=(
        Step(
            NeedStatus.TRIAGED,
            lambda n, v, by: services.need_triage(need=n, triaged_on=v["triaged_on"], by=by),
            needs=("triaged_on",),
            optional=True,
        ),
        Step(NeedStatus.MATCHED, _matched, optional=True),
        Step(
            NeedStatus.IN_PROGRESS,
            lambda n, v, by: services.need_start(need=n, by=by),
            optional=True,
        ),
        Step(
            NeedStatus.SOLVED,
            lambda n, v, by: services.need_solve(
                need=n,
                solved_on=v["solved_on"],
                solution_summary=v.get("solution_summary") or "",
                satisfaction=v.get("satisfaction"),
                by=by,
            ),
            needs=("solved_on",),
            final=True,
        ),
        _ended(NeedStatus.CLOSED, services.need_close),
        _ended(NeedStatus.WITHDRAWN, services.need_withdraw),
        _ended(NeedStatus.REJECTED, services.need_reject),
    ),
    # Matched by the candidates' sheet, which takes only a triaged need: the rest waits for it.
    after="need-candidates",
    errors_on={"reason": "close_reason"},
)


class NeedResource(KindsResource):
    domains = Field(attribute="domains", column_name="domains", widget=ChoiceList(Domain.choices))
    lifecycle = NEED_LIFE
    step_columns = ("solution_summary", "satisfaction", "close_reason")
    headers = {
        "organization": ORGANIZATION_HEADER,
        "contact": PERSON_HEADER,
        "assigned_center": ("Assigned center (Chinese name)", "承接中心（中文名称）"),
        "domains": ("Domains (separated by semicolons)", "领域（以分号分隔）"),
    }

    class Meta(KindsResource.Meta):
        model = TechnicalNeed
        fields = (
            "title",
            "organization",
            "description",
            "contact",
            "domains",
            "budget",
            "currency",
            "deadline",
            "confidentiality",
            "team_visible",
            "submitted_on",
            "assigned_center",
            "status",
            "triaged_on",
            "solved_on",
            "solution_summary",
            "satisfaction",
            "ended_on",
            "close_reason",
        )
        import_id_fields = ("organization", "title")

    def after_write(self, record: Any, values: dict[str, Any], *, created: bool) -> None:
        """Triaged at once: the candidates' sheet proposes candidates only for a triaged need."""
        wanted = values.get("status") or record.status
        if (
            record.status == NeedStatus.SUBMITTED
            and wanted != NeedStatus.SUBMITTED
            and not cells.is_empty(values.get("triaged_on"))
        ):
            try:
                services.need_triage(need=record, triaged_on=values["triaged_on"], by=self.run.user)
            except ValidationError as error:
                raise NEED_LIFE._on_columns(error) from error

    def export_queryset(self, user: Any) -> Any:
        return super().export_queryset(user).prefetch_related("contact__affiliations__organization")


register("needs", NeedResource, order=100)


DECISION_LIFE = Lifecycle(
    initial=Decision.PENDING,
    field="decision",
    steps=(
        Step(
            Decision.ACCEPTED,
            lambda c, v, by: services.need_decide_candidate(
                candidate=c, decision=Decision.ACCEPTED, by=by
            ),
            final=True,
        ),
        Step(
            Decision.REJECTED,
            lambda c, v, by: services.need_decide_candidate(
                candidate=c, decision=Decision.REJECTED, by=by
            ),
            final=True,
        ),
    ),
)


class CandidateResource(KindsResource):
    lifecycle = DECISION_LIFE
    optional_keys = ("person", "center", "achievement")
    headers = {
        "need": NEED_HEADER,
        "person": ("Expert (name and organization)", "专家（姓名和单位）"),
        "center": CENTER_HEADER,
        "achievement": ("Achievement (Chinese title)", "成果（中文标题）"),
    }

    class Meta(KindsResource.Meta):
        model = MatchCandidate
        fields = ("need", "kind", "person", "center", "achievement", "score", "rank", "decision")
        import_id_fields = ("need", "kind", "person", "center", "achievement")

    def export_queryset(self, user: Any) -> Any:
        return (
            super()
            .export_queryset(user)
            .select_related("need__organization")
            .prefetch_related("person__affiliations__organization")
            .order_by("need_id", "rank", "pk")
        )


register("need-candidates", CandidateResource, order=105)


class ServiceResource(KindsResource):
    headers = {
        "organization": (
            "Served organization (credit code or Chinese name)",
            "服务对象（信用代码或中文名称）",
        ),
        "need": NEED_HEADER,
        "agreement": ("Agreement (number)", "协议（编号）"),
        "center": CENTER_HEADER,
        "provided_by": ("Provided by (name and organization)", "服务人（姓名和单位）"),
    }

    class Meta(KindsResource.Meta):
        model = ServiceRecord
        fields = (
            "organization",
            "kind",
            "title",
            "description",
            "delivered_on",
            "need",
            "agreement",
            "center",
            "provided_by",
            "revenue",
            "currency",
        )
        import_id_fields = ("organization", "title", "delivered_on")

    def export_queryset(self, user: Any) -> Any:
        return (
            super()
            .export_queryset(user)
            .select_related("need__organization")
            .prefetch_related("provided_by__affiliations__organization")
        )


register("services", ServiceResource, order=110)
