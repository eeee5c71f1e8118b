"""Reads of open calls: those taking applications, a person's or an organization's
applications, a call's applications with their reviews, and the call a need is published by."""

from __future__ import annotations

from typing import Any

from django.db.models import Case, Count, Prefetch, Q, QuerySet, When

from liaison.core.lifecycle import today
from liaison.people.models import Person

from .choices import LIVE_CALL_STATUSES, ApplicationStatus, CallStatus, ReviewSide
from .models import CallApplication, CallReview, OpenCall


def open_calls() -> QuerySet[OpenCall]:
    """The calls taking applications today: published, their deadline not passed."""
    return OpenCall.objects.filter(status=CallStatus.PUBLISHED, deadline__gte=today())


def takes_applications(call: OpenCall) -> bool:
    """Whether `call` is one of `open_calls()`: published, its deadline not passed."""
    return call.status == CallStatus.PUBLISHED and call.deadline >= today()


def open_calls_for(*, user: Any) -> QuerySet[OpenCall]:
    """The calls `user` may apply to today, soonest deadline first."""
    return (
        OpenCall.objects.restrict(user, "view")
        .filter(pk__in=open_calls().values("pk"))
        .select_related("need__organization")
        .defer("statement_zh", "statement_en", "need__description")
        .order_by("deadline", "pk")
    )


def own_applications(*, user: Any) -> QuerySet[CallApplication]:
    """The applications of the researcher `user` is, as they may see them, newest first."""
    person_ids = Person.objects.filter(user_id=user.pk).values("pk")
    return (
        CallApplication.objects.restrict(user, "view")
        .filter(person__in=person_ids)
        .select_related("call")
        .defer("proposal", "call__statement_zh", "call__statement_en")
        .order_by("-submitted_on", "-pk")
    )


def applications_of(*, user: Any, call: OpenCall) -> list[CallApplication]:
    """A call's applications as `user` may see them, with the reviews they may see."""
    reviews = CallReview.objects.restrict(user, "view").select_related("reviewer")
    return list(
        CallApplication.objects.restrict(user, "view")
        .filter(call=call)
        .select_related("person", "center", "organization")
        .prefetch_related(
            Prefetch(
                "reviews", queryset=reviews.order_by("reviewed_on", "pk"), to_attr="seen_reviews"
            ),
            Prefetch("attachments", to_attr="documents"),
        )
        .order_by("-submitted_on", "-pk")
    )


def application_counts(call: OpenCall) -> list[tuple[str, int]]:
    """How many applications a call has, by status in the order of the lifecycle (for the
    office's page): (the status's label, the count)."""
    rows = (
        CallApplication._base_manager.filter(call=call)
        .values("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = {row["status"]: row["n"] for row in rows}
    return [
        (str(label), counts[value]) for value, label in ApplicationStatus.choices if value in counts
    ]


def endorsed_ids(applications: list[CallApplication]) -> set[int]:
    """Which of `applications` the enterprise's latest review recommends selecting."""
    latest: dict[int, Any] = {}
    rows = (
        CallReview._base_manager.filter(
            application__in=[a.pk for a in applications], side=ReviewSide.ENTERPRISE
        )
        .order_by("application_id", "reviewed_on", "pk")
        .values_list("application_id", "recommendation")
    )
    for application_id, recommendation in rows:
        latest[application_id] = recommendation
    return {pk for pk, recommendation in latest.items() if recommendation == "select"}


def call_of_need(*, user: Any, need: Any) -> OpenCall | None:
    """The call publishing `need` that `user` may see: its live one, else its latest."""
    live = Case(When(status__in=sorted(LIVE_CALL_STATUSES), then=0), default=1)
    return (
        OpenCall.objects.restrict(user, "view")
        .filter(need=need)
        .annotate(live=live)
        .order_by("live", "-pk")
        .first()
    )


def selected_application(*, user: Any, call: OpenCall) -> CallApplication | None:
    """The team selected by `call`, if the user may see its application."""
    if call.status != CallStatus.AWARDED:
        return None
    return (
        CallApplication.objects.restrict(user, "view")
        .filter(call=call, status="selected")
        .select_related("person", "center", "organization")
        .first()
    )


def calls_of_organization(*, user: Any, organization_ids: list[int]) -> QuerySet[OpenCall]:
    """The calls publishing the needs of the user's organizations, drafts too."""
    return (
        OpenCall.objects.restrict(user, "view")
        .filter(need__organization__in=organization_ids)
        .select_related("need")
        .annotate(
            submitted=Count(
                "applications",
                filter=~Q(applications__status="withdrawn"),
            )
        )
        .order_by("-pk")
    )
