"""An enterprise registers for the institute's events from the portal, and sees and cancels
only its own registrations."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from liaison.accounts.choices import RoleKind
from liaison.accounts.models import User
from liaison.core.lifecycle import today
from liaison.market import services
from liaison.market.choices import AttendanceStatus
from liaison.market.models import EventAttendance, MarketEvent
from liaison.organizations.models import Organization
from tests.accounts.factories import UserFactory
from tests.market.factories import MarketEventFactory
from tests.organizations.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture
def enterprise() -> Organization:
    return OrganizationFactory.create(name_zh="浙江伊鼎医用敷料有限公司")


@pytest.fixture
def contact(enterprise: Organization) -> User:
    return UserFactory.create(role=RoleKind.ENTERPRISE, organization=enterprise)


@pytest.fixture
def portal(client: Client, contact: User) -> Client:
    client.force_login(contact)
    return client


def open_fair(**fields: object) -> MarketEvent:
    fields.setdefault("held_on", today() + 10 * DAY)
    fields.setdefault("title_zh", "生物医用材料对接会")
    fields.setdefault("title_en", "")
    event = MarketEventFactory.create(**fields)
    return services.event_open_registration(event=event, by=None)


def test_an_enterprise_sees_the_open_events_and_registers_its_attendees(
    portal: Client, enterprise: Organization, contact: User
) -> None:
    fair = open_fair()
    planned = MarketEventFactory.create(
        title_zh="尚未开放报名的路演", title_en="", held_on=today() + 20 * DAY
    )
    home = portal.get(reverse("portal:home")).content.decode()
    assert reverse("portal:market_events") in home

    html = portal.get(reverse("portal:market_events")).content.decode()
    assert fair.title_zh in html
    assert planned.title_zh not in html
    assert reverse("portal:market_register", args=(fair.pk,)) in html

    response = portal.post(
        reverse("portal:market_register", args=(fair.pk,)), {"attendees": "王强\n李娜"}
    )
    assert response.status_code == 302
    registration = EventAttendance.objects.get(event=fair)
    assert registration.organization == enterprise
    assert registration.from_portal
    assert registration.registered_by == contact
    assert registration.attendee_names == ["王强", "李娜"]

    html = portal.get(reverse("portal:market_events")).content.decode()
    assert "王强" in html
    assert reverse("portal:market_cancel", args=(registration.pk,)) in html


def test_registering_where_the_event_takes_none_shows_why(portal: Client) -> None:
    planned = MarketEventFactory.create(held_on=today() + 20 * DAY)
    response = portal.post(
        reverse("portal:market_register", args=(planned.pk,)), {"attendees": "王强"}
    )
    assert response.status_code == 400
    assert "not open" in response.content.decode()
    full = open_fair(capacity=1)
    services.attendance_create(by=None, event=full, organization=OrganizationFactory.create())
    response = portal.post(
        reverse("portal:market_register", args=(full.pk,)), {"attendees": "王强"}
    )
    assert response.status_code == 400
    assert "full" in response.content.decode()
    assert not EventAttendance.objects.filter(organization__name_zh="浙江伊鼎医用敷料有限公司")


def test_an_enterprise_sees_and_cancels_only_its_own_registrations(
    portal: Client, enterprise: Organization
) -> None:
    fair = open_fair()
    ours = services.attendance_create(
        by=None, event=fair, organization=enterprise, attendees="王强", from_portal=True
    )
    theirs = services.attendance_create(
        by=None, event=fair, organization=OrganizationFactory.create(), attendees="陈晨"
    )
    html = portal.get(reverse("portal:market_events")).content.decode()
    assert "王强" in html
    assert "陈晨" not in html

    response = portal.post(reverse("portal:market_cancel", args=(theirs.pk,)))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == AttendanceStatus.REGISTERED

    response = portal.post(reverse("portal:market_cancel", args=(ours.pk,)))
    assert response.status_code == 302
    ours.refresh_from_db()
    assert ours.status == AttendanceStatus.CANCELLED

    # Cancelled, it may register again: the same registration, registered anew.
    response = portal.post(
        reverse("portal:market_register", args=(fair.pk,)), {"attendees": "赵敏"}
    )
    assert response.status_code == 302
    ours.refresh_from_db()
    assert (ours.status, ours.attendees) == (AttendanceStatus.REGISTERED, "赵敏")


def test_an_enterprise_cannot_see_registrations_or_intentions_in_the_office_pages(
    client: Client, contact: User, enterprise: Organization
) -> None:
    fair = open_fair()
    ours = services.attendance_create(by=None, event=fair, organization=enterprise)
    theirs = services.attendance_create(
        by=None, event=fair, organization=OrganizationFactory.create()
    )
    visible = EventAttendance.objects.restrict(contact, "view")
    assert list(visible) == [ours]
    assert not EventAttendance.objects.restrict(contact, "change").filter(pk=theirs.pk).exists()
    from liaison.market.models import EventOutcome

    assert not EventOutcome.objects.restrict(contact, "view").exists()
    assert MarketEvent.objects.restrict(contact, "view").filter(pk=fair.pk).exists()


def test_the_office_is_told_the_portal_is_for_enterprises(signed_in: Client) -> None:
    response = signed_in.get(reverse("portal:market_events"))
    assert response.status_code == 200
    assert "portal/not_enterprise.html" in [t.name for t in response.templates]
