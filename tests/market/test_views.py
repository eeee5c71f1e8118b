"""The market events' pages: each record's pages, the steps, and the event's funnel, whose
numbers are checked against the records and whose drill-downs list exactly what they count."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from liaison.accounts.choices import RoleKind
from liaison.accounts.models import User
from liaison.agreements.choices import AgreementStatus, RegistrationStatus
from liaison.agreements.models import Agreement, ContractRegistration
from liaison.core.choices import Confidentiality
from liaison.market import services
from liaison.market.choices import AttendanceStatus, EventStatus, OutcomeKind
from liaison.market.models import (
    EventAchievement,
    EventAttendance,
    EventNeed,
    EventOutcome,
    MarketEvent,
)
from liaison.market.selectors import event_funnel
from tests.accounts.factories import UserFactory
from tests.achievements.factories import AchievementFactory
from tests.agreements.factories import contract_registration
from tests.market.factories import (
    FAIR_DAY,
    EventAchievementFactory,
    EventAttendanceFactory,
    EventNeedFactory,
    EventOutcomeFactory,
    MarketEventFactory,
    open_need,
    outcome,
)
from tests.organizations.factories import InstituteFactory, OrganizationFactory
from tests.people.factories import PersonFactory
from tests.transfer.factories import IncomeFactory
from tests.web.pages import ObjectPageChecks

D = datetime.date


class TestMarketEventPages(ObjectPageChecks):
    model = MarketEvent
    factory = MarketEventFactory
    url_base = "market:marketevent"
    stale_field = "place"
    stale_value = "Ningbo, hall 3"

    def valid_form_data(self) -> dict[str, Any]:
        return {
            "kind": "roadshow",
            "title_zh": "生命健康成果路演",
            "held_on": "2024-09-10",
            "place": "温州",
            "capacity": "40",
        }

    def invalid_form_data(self) -> tuple[dict[str, Any], str]:
        return {
            **self.valid_form_data(),
            "registration_closes_on": "2024-09-11",
        }, "registration_closes_on"

    def filtered_pair(self) -> tuple[dict[str, str], Any, Any]:
        kept = self.make(kind="roadshow")
        dropped = self.make(kind="matchmaking_fair")
        return {"kind": "roadshow"}, kept, dropped


class TestEventAchievementPages(ObjectPageChecks):
    model = EventAchievement
    factory = EventAchievementFactory
    url_base = "market:eventachievement"
    stale_field = "pitch"
    stale_value = "A new pitch"

    def valid_form_data(self) -> dict[str, Any]:
        return {
            "event": MarketEventFactory.create().pk,
            "achievement": AchievementFactory.create().pk,
            "order": "1",
        }

    def invalid_form_data(self) -> tuple[dict[str, Any], str]:
        presented = EventAchievementFactory.create()
        return {
            "event": presented.event_id,
            "achievement": presented.achievement_id,
            "order": "2",
        }, "__all__"

    def test_create_form_shows_the_field_error_then_creates(self) -> None:
        # The same achievement twice on a programme is refused above the form.
        presented = EventAchievementFactory.create()
        response = self.client.post(
            self.url("add"),
            {"event": presented.event_id, "achievement": presented.achievement_id, "order": "2"},
        )
        assert response.status_code == 400
        assert "already on the event" in response.content.decode()
        response = self.client.post(self.url("add"), self.valid_form_data())
        assert response.status_code == 302

    def filtered_pair(self) -> tuple[dict[str, str], Any, Any]:
        kept = self.make()
        dropped = self.make()
        return {"event": str(kept.event_id)}, kept, dropped

    def shown_as(self, obj: Any) -> str:
        return str(obj.achievement)


class TestEventNeedPages(ObjectPageChecks):
    model = EventNeed
    factory = EventNeedFactory
    url_base = "market:eventneed"
    stale_field = "note"
    stale_value = "Moved to the afternoon"

    def valid_form_data(self) -> dict[str, Any]:
        return {"event": MarketEventFactory.create().pk, "need": open_need().pk, "order": "1"}

    def invalid_form_data(self) -> tuple[dict[str, Any], str]:
        secret = open_need(confidentiality=Confidentiality.CONFIDENTIAL)
        return {**self.valid_form_data(), "need": secret.pk}, "need"

    def filtered_pair(self) -> tuple[dict[str, str], Any, Any]:
        kept = self.make()
        dropped = self.make()
        return {"event": str(kept.event_id)}, kept, dropped

    def shown_as(self, obj: Any) -> str:
        return str(obj.need)


class TestEventAttendancePages(ObjectPageChecks):
    model = EventAttendance
    factory = EventAttendanceFactory
    url_base = "market:eventattendance"
    stale_field = "attendees"
    stale_value = "Zhou Jie"

    def valid_form_data(self) -> dict[str, Any]:
        return {
            "event": MarketEventFactory.create(held_on=D.today() + datetime.timedelta(days=9)).pk,
            "organization": OrganizationFactory.create().pk,
            "attendees": "王强",
        }

    def invalid_form_data(self) -> tuple[dict[str, Any], str]:
        # A closed event takes no registration, not even from the office.
        ended = MarketEventFactory.create(status=EventStatus.CLOSED)
        return {**self.valid_form_data(), "event": ended.pk}, "event"

    def filtered_pair(self) -> tuple[dict[str, str], Any, Any]:
        kept = self.make(status=AttendanceStatus.ATTENDED)
        dropped = self.make()
        return {"status": AttendanceStatus.ATTENDED}, kept, dropped

    def shown_as(self, obj: Any) -> str:
        return str(obj.organization)


class TestEventOutcomePages(ObjectPageChecks):
    model = EventOutcome
    factory = EventOutcomeFactory
    url_base = "market:eventoutcome"
    stale_field = "note"
    stale_value = "They will call next week"

    def valid_form_data(self) -> dict[str, Any]:
        return {
            "event": MarketEventFactory.create().pk,
            "organization": OrganizationFactory.create().pk,
            "kind": OutcomeKind.JOINT_DEVELOPMENT,
            "expert": PersonFactory.create().pk,
            "noted_on": FAIR_DAY.isoformat(),
        }

    def invalid_form_data(self) -> tuple[dict[str, Any], str]:
        return {**self.valid_form_data(), "noted_on": "2024-06-17"}, "noted_on"

    def filtered_pair(self) -> tuple[dict[str, str], Any, Any]:
        kept = self.make(kind=OutcomeKind.INVESTMENT)
        dropped = self.make()
        return {"kind": OutcomeKind.INVESTMENT}, kept, dropped

    def shown_as(self, obj: Any) -> str:
        return str(obj.organization)


# The event's funnel --------------------------------------------------------------------------


def a_fair_with_outcomes() -> dict[str, Any]:
    """A fair whose intentions stopped at each stage of the funnel.

    intention only; matched; carried to a draft (value 100,000); signed (300,000); signed and
    registered (500,000, approved 400,000) with income of 60,000 + 40,000 yuan and $5,000.
    """
    institute = InstituteFactory.create()
    event = MarketEventFactory.create()
    shown = EventNeedFactory.create(event=event)
    made: dict[str, Any] = {"event": event}
    made["noted"] = outcome(event, kind=OutcomeKind.OTHER)
    made["matched"] = services.outcome_record_match(
        outcome=outcome(event, need=shown.need, kind=OutcomeKind.SOLVE_NEED),
        expert=PersonFactory.create(),
        by=None,
    )

    def carried(name: str, value: str, status: str | None = None) -> EventOutcome:
        noted = outcome(event, kind=OutcomeKind.JOINT_DEVELOPMENT)
        noted = services.outcome_carry_to_agreement(outcome=noted, number=f"MKT-{name}", by=None)
        changes: dict[str, Any] = {"value": Decimal(value)}
        if status:
            changes.update(status=status, signed_on=FAIR_DAY + datetime.timedelta(days=70))
        assert noted.agreement_id is not None
        Agreement.objects.filter(pk=noted.agreement_id).update(**changes)
        noted.refresh_from_db()
        return noted

    made["draft"] = carried("draft", "100000")
    made["signed"] = carried("signed", "300000", AgreementStatus.SIGNED)
    made["registered"] = carried("registered", "500000", AgreementStatus.IN_FORCE)
    agreement = made["registered"].agreement
    registration = contract_registration(agreement=agreement)
    ContractRegistration.objects.filter(pk=registration.pk).update(
        status=RegistrationStatus.REGISTERED, approved_income=Decimal("400000")
    )
    achievement = made["registered"].achievement
    for amount, currency in (("60000", "CNY"), ("40000", "CNY"), ("5000", "USD")):
        IncomeFactory.create(
            agreement=agreement, achievement=achievement, amount=Decimal(amount), currency=currency
        )
    # Another event's intention, carried and signed too: not this fair's.
    other = outcome(kind=OutcomeKind.JOINT_DEVELOPMENT)
    services.outcome_carry_to_agreement(outcome=other, number="MKT-other", by=None)
    made["institute"] = institute
    return made


def listed_ids(client: Client, url: str) -> set[int]:
    response = client.get(url)
    assert response.status_code == 200
    return {row.pk for row in response.context["table"].data}


@pytest.mark.django_db
def test_the_funnel_counts_and_values_each_stage_from_the_records(
    signed_in: Client, staff_user: User
) -> None:
    fair = a_fair_with_outcomes()
    funnel = event_funnel(event=fair["event"], user=staff_user)
    stages = {s.key: s for s in funnel.stages}

    assert [s.count for s in funnel.stages] == [5, 4, 3, 2, 1, 1]
    assert stages["intention"].value is None
    assert stages["matched"].value is None
    assert stages["agreement"].value == Decimal("900000")
    assert stages["signed"].value == Decimal("800000")
    assert stages["registered"].value == Decimal("400000")
    assert stages["income"].value == Decimal("100000")  # the dollars are not added to yuan
    assert [row.agreement for row in funnel.signed] == [
        fair["signed"].agreement,
        fair["registered"].agreement,
    ]
    assert [row.months_after for row in funnel.signed] == [2, 2]
    assert funnel.signed[1].registered_value == Decimal("400000")
    assert funnel.signed[1].income == Decimal("100000")

    expected = {
        "intention": {fair[n].pk for n in ("noted", "matched", "draft", "signed", "registered")},
        "matched": {fair[n].pk for n in ("matched", "draft", "signed", "registered")},
        "agreement": {fair[n].pk for n in ("draft", "signed", "registered")},
        "signed": {fair[n].pk for n in ("signed", "registered")},
        "registered": {fair["registered"].pk},
        "income": {fair["registered"].pk},
    }
    for stage in funnel.stages:
        assert listed_ids(signed_in, stage.url) == expected[stage.key], stage.key

    html = signed_in.get(
        reverse("market:marketevent_detail", args=(fair["event"].pk,))
    ).content.decode()
    assert 'data-chart="funnel"' in html
    assert "market-funnel" in html
    assert str(fair["registered"].agreement) in html


@pytest.mark.django_db
def test_a_center_manager_sees_no_income_stage_value() -> None:
    fair = a_fair_with_outcomes()
    manager = UserFactory.create(role=RoleKind.CENTER_MANAGER)
    funnel = event_funnel(event=fair["event"], user=manager)
    stages = {s.key: s for s in funnel.stages}
    # Income is money outside a center manager's rules: neither counted nor summed.
    assert stages["income"].count == 0
    assert stages["income"].value is None
    assert funnel.income_received is None


# The steps on the pages -------------------------------------------------------------------------


def step_url(record: Any, step: str) -> str:
    return reverse(f"market:{record._meta.model_name}_action", args=(record.pk, step))


@pytest.mark.django_db
def test_staff_record_a_match_and_carry_an_intention_to_an_agreement_from_its_page(
    signed_in: Client,
) -> None:
    InstituteFactory.create()
    event = MarketEventFactory.create()
    shown = EventNeedFactory.create(event=event)
    noted = outcome(event, need=shown.need, kind=OutcomeKind.SOLVE_NEED)
    page = reverse("market:eventoutcome_detail", args=(noted.pk,))
    html = signed_in.get(page).content.decode()
    assert step_url(noted, "record-match") in html
    assert step_url(noted, "carry-to-agreement") in html

    # Neither an achievement nor an expert: the step says what is missing, under its field.
    response = signed_in.post(step_url(noted, "record-match"), {"loaded_version": noted.version})
    assert response.status_code == 400
    assert "achievement" in response.context["form"].errors

    expert = PersonFactory.create()
    response = signed_in.post(
        step_url(noted, "record-match"), {"expert": expert.pk, "loaded_version": noted.version}
    )
    assert response.status_code == 302
    noted.refresh_from_db()
    assert noted.match is not None
    assert noted.match.person == expert

    form = signed_in.get(step_url(noted, "carry-to-agreement")).context["form"]
    assert form["number"].initial == f"MKT-{event.pk}-{noted.pk}"
    response = signed_in.post(
        step_url(noted, "carry-to-agreement"),
        {"number": "MKT-2024-001", "loaded_version": noted.version},
    )
    assert response.status_code == 302
    noted.refresh_from_db()
    assert noted.agreement is not None
    assert noted.agreement.number == "MKT-2024-001"
    html = signed_in.get(page).content.decode()
    assert step_url(noted, "record-match") not in html
    assert "MKT-2024-001" in html


@pytest.mark.django_db
def test_the_event_steps_move_it_and_are_offered_from_its_page(signed_in: Client) -> None:
    event = MarketEventFactory.create(held_on=D.today() + datetime.timedelta(days=5))
    page = reverse("market:marketevent_detail", args=(event.pk,))
    html = signed_in.get(page).content.decode()
    assert step_url(event, "open-registration") in html
    assert step_url(event, "close") not in html
    response = signed_in.post(
        step_url(event, "open-registration"),
        {"closes_on": "", "capacity": "30", "loaded_version": event.version},
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.status, event.capacity) == (EventStatus.REGISTRATION_OPEN, 30)
    response = signed_in.post(step_url(event, "hold"), {"loaded_version": event.version})
    assert response.status_code == 400
    assert "once it has happened" in response.content.decode()


@pytest.mark.django_db
def test_attendance_is_marked_from_the_registration_page(signed_in: Client) -> None:
    registration = EventAttendanceFactory.create()
    response = signed_in.post(
        step_url(registration, "attended"), {"loaded_version": registration.version}
    )
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == AttendanceStatus.ATTENDED


@pytest.mark.django_db
def test_a_row_of_the_programme_is_added_from_its_event(signed_in: Client) -> None:
    event = MarketEventFactory.create()
    html = signed_in.get(reverse("market:marketevent_detail", args=(event.pk,))).content.decode()
    for name in ("eventachievement", "eventneed", "eventattendance", "eventoutcome"):
        add = f"{reverse(f'market:{name}_add')}?event={event.pk}"
        assert add in html, name
        assert signed_in.get(add).context["form"].instance.event == event


@pytest.mark.django_db
def test_the_agreements_page_names_the_event_it_came_from(signed_in: Client) -> None:
    InstituteFactory.create()
    noted = outcome(kind=OutcomeKind.JOINT_DEVELOPMENT)
    carried = services.outcome_carry_to_agreement(outcome=noted, number="MKT-7", by=None)
    assert carried.agreement is not None
    html = signed_in.get(
        reverse("agreements:agreement_detail", args=(carried.agreement.pk,))
    ).content.decode()
    section = html[html.index('id="market-outcomes-title"') :]
    assert reverse("market:marketevent_detail", args=(noted.event.pk,)) in section
    assert reverse("market:eventoutcome_detail", args=(noted.pk,)) in section
