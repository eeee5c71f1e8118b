"""The audit log: every change, permission change, sign-in, failed sign-in and lockout is one
event with who, when and from where, which administrators alone list, filter and export."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from liaison.accounts import audit, services
from liaison.accounts.choices import AuditKind, RoleKind
from liaison.accounts.models import AuditEvent, User
from liaison.core import writes
from liaison.needs.models import TechnicalNeed
from tests.accounts.factories import PASSWORD, UserFactory
from tests.centers.factories import CenterFactory
from tests.core.admin_pages import _form_values
from tests.needs.factories import TechnicalNeedFactory
from tests.people.factories import PersonFactory
from tests.web.pages import export_text

pytestmark = pytest.mark.django_db

BROWSER = "AuditTest/1.0 (a browser)"


def _events(**filters: Any) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(**filters).order_by("id"))


def _one(**filters: Any) -> AuditEvent:
    events = _events(**filters)
    assert len(events) == 1, events
    return events[0]


def _need_events(need: TechnicalNeed, kind: str) -> list[AuditEvent]:
    return _events(kind=kind, model="needs.technicalneed", object_id=str(need.pk))


@pytest.fixture
def administrator() -> User:
    return UserFactory.create(role=RoleKind.ADMINISTRATOR, username="admin1")


@pytest.fixture
def admin_client(client: Client, administrator: User) -> Client:
    client.force_login(administrator)
    return client


# Changes ----------------------------------------------------------------------------------------


def test_a_need_changed_on_its_page_is_audited_with_who_from_where_and_what(
    signed_in: Client, staff_user: User
) -> None:
    need = TechnicalNeedFactory.create(title="Old title")
    url = reverse("needs:technicalneed_edit", args=(need.pk,))
    data: dict[str, Any] = {}
    _form_values(signed_in.get(url).context["form"], data)
    data["title"] = "Wound dressing coating"

    response = signed_in.post(url, data, REMOTE_ADDR="203.0.113.7", HTTP_USER_AGENT=BROWSER)

    assert response.status_code == 302
    [event] = _need_events(need, AuditKind.CHANGED)
    assert event.user == staff_user
    assert event.username == "staff"
    assert event.ip_address == "203.0.113.7"
    assert event.user_agent == BROWSER
    assert event.object_repr == "Wound dressing coating"
    assert audit.describe(event) == "Title: Wound dressing coating"


def test_a_new_record_is_audited_as_created_with_its_values(staff_user: User) -> None:
    need = writes.create(
        TechnicalNeed,
        by=staff_user,
        title="Antibacterial coating",
        organization=TechnicalNeedFactory.create().organization,
        description="Survives sterilization.",
        submitted_on=datetime.date(2024, 3, 1),
    )

    event = _one(kind=AuditKind.CREATED, model="needs.technicalneed", object_id=str(need.pk))
    assert event.user == staff_user
    # Outside a request: nobody's address.
    assert event.ip_address is None
    assert "Title: Antibacterial coating" in audit.describe(event)
    assert "Submitted on: 2024-03-01" in audit.describe(event)


def test_a_deleted_record_is_audited_as_deleted_by_name(staff_user: User) -> None:
    need = TechnicalNeedFactory.create(title="Mistaken need")
    pk = need.pk

    writes.delete(need, by=staff_user)

    event = _one(kind=AuditKind.DELETED, model="needs.technicalneed", object_id=str(pk))
    assert event.user == staff_user
    assert event.object_repr == "Mistaken need"


def test_a_confidential_value_is_audited_by_its_name_only(staff_user: User) -> None:
    need = TechnicalNeedFactory.create()

    writes.update(
        need,
        by=staff_user,
        version=need.version,
        description="Secret formula X-17",
        budget=Decimal("987654"),
        title="Visible title",
    )

    [event] = _need_events(need, AuditKind.CHANGED)
    assert "X-17" not in event.summary
    assert "987654" not in event.summary
    described = audit.describe(event)
    assert "Description (value not kept)" in described
    assert "Budget (value not kept)" in described
    assert "Title: Visible title" in described
    assert "X-17" not in described


def test_a_persons_contact_data_is_audited_by_name_only(staff_user: User) -> None:
    person = PersonFactory.create()

    writes.update(person, by=staff_user, version=person.version, email="private@example.org")

    event = _one(kind=AuditKind.CHANGED, model="people.person", object_id=str(person.pk))
    assert "private@example.org" not in event.summary
    assert "(value not kept)" in audit.describe(event)


def test_a_rolled_back_write_leaves_no_event(staff_user: User) -> None:
    need = TechnicalNeedFactory.create()

    with transaction.atomic():
        writes.update(need, by=staff_user, version=need.version, title="Never saved")
        transaction.set_rollback(True)

    assert _need_events(need, AuditKind.CHANGED) == []


def test_an_event_that_cannot_be_written_does_not_break_the_write(
    staff_user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    need = TechnicalNeedFactory.create()

    def failing_insert(*args: Any, **kwargs: Any) -> None:
        # A failing statement: on PostgreSQL it would abort the transaction it runs in.
        with connection.cursor() as cursor:
            cursor.execute("SELECT no_such_column FROM accounts_auditevent")

    monkeypatch.setattr(audit, "_insert", failing_insert)

    writes.update(need, by=staff_user, version=need.version, title="Saved all the same")

    need.refresh_from_db()
    assert need.title == "Saved all the same"
    assert _need_events(need, AuditKind.CHANGED) == []


# Permissions ------------------------------------------------------------------------------------


def test_giving_a_user_a_role_is_a_permission_event(administrator: User) -> None:
    manager = UserFactory.create(role=None, username="manager1")
    center = CenterFactory.create(name_en="Wound Care Center")

    assignment = services.assign(
        manager, RoleKind.CENTER_MANAGER, by=administrator, centers=[center]
    )

    events = _events(model="accounts.roleassignment", object_id=str(assignment.pk))
    assert {e.kind for e in events} == {AuditKind.PERMISSION}
    assert {e.user for e in events} == {administrator}
    created, centers = events
    assert "Created" in audit.describe(created)
    assert "Role: Center manager" in audit.describe(created)
    assert audit.describe(centers) == f"Centers: added {center}"


def test_removing_a_role_is_a_permission_event(administrator: User) -> None:
    user = UserFactory.create(role=RoleKind.LEADERSHIP)
    assignment = user.role_assignments.get()
    pk = assignment.pk

    writes.delete(assignment, by=administrator)

    event = _one(model="accounts.roleassignment", object_id=str(pk), user=administrator)
    assert event.kind == AuditKind.PERMISSION
    assert audit.describe(event) == "Deleted"


def test_opening_and_deleting_an_account_are_permission_events() -> None:
    user = UserFactory.create(role=None, username="plain")
    pk = user.pk

    user.delete()

    opened, deleted = _events(model="accounts.user", object_id=str(pk))
    assert {opened.kind, deleted.kind} == {AuditKind.PERMISSION}
    assert opened.object_repr == deleted.object_repr == "plain"
    assert audit.describe(opened) == "Created"
    assert audit.describe(deleted) == "Deleted"


def test_making_a_user_staff_or_superuser_is_a_permission_event() -> None:
    user = UserFactory.create(role=None, username="plain")
    opened = _one(model="accounts.user", object_id=str(user.pk))

    user.is_staff = True
    user.is_superuser = True
    user.save()

    event = _one(model="accounts.user", object_id=str(user.pk), id__gt=opened.pk)
    assert event.kind == AuditKind.PERMISSION
    assert event.object_repr == "plain"
    assert audit.describe(event) == "Changed; Staff status: Yes; Superuser status: Yes"


def test_a_user_made_staff_in_the_administration_is_audited_with_the_administrator(
    client: Client,
) -> None:
    administrator = UserFactory.create(role=None, is_staff=True, is_superuser=True)
    admin_client = client
    admin_client.force_login(administrator)
    user = UserFactory.create(role=None, username="plain")
    opened = _one(model="accounts.user", object_id=str(user.pk))
    url = reverse("admin:accounts_user_change", args=(user.pk,))
    data: dict[str, Any] = {}
    response = admin_client.get(url)
    _form_values(response.context["adminform"].form, data)
    for inline in response.context["inline_admin_formsets"]:
        _form_values(inline.formset.management_form, data)
    # The admin's date-and-time fields are two inputs each.
    for name in ("date_joined", "last_login"):
        stamp = data.pop(name)
        data[f"{name}_0"], data[f"{name}_1"] = stamp[:10], stamp[11:19]
    data["is_staff"] = "on"

    response = admin_client.post(url, data, REMOTE_ADDR="203.0.113.8")

    assert response.status_code == 302

    event = _one(model="accounts.user", object_id=str(user.pk), id__gt=opened.pk)
    assert event.kind == AuditKind.PERMISSION
    assert event.user == administrator
    assert event.ip_address == "203.0.113.8"
    assert audit.describe(event) == "Changed; Staff status: Yes"


def test_a_users_sign_in_time_or_password_is_no_permission_event() -> None:
    user = UserFactory.create(role=None)
    opened = _one(model="accounts.user", object_id=str(user.pk))

    user.last_login = timezone.now()
    user.save(update_fields=["last_login"])
    user.set_password("another-pass-456")
    user.save(update_fields=["password"])

    assert _events(model="accounts.user", object_id=str(user.pk)) == [opened]


def test_a_users_groups_are_permission_events() -> None:
    from django.contrib.auth.models import Group

    user = UserFactory.create(role=None)
    group = Group.objects.create(name="Editors")

    user.groups.add(group)
    user.groups.clear()

    _opened, added, removed = _events(model="accounts.user", object_id=str(user.pk))
    assert audit.describe(added) == "Groups: added Editors"
    assert audit.describe(removed) == "Groups: removed Editors"


# Signing in -------------------------------------------------------------------------------------


def test_a_sign_in_is_audited_with_the_address_and_browser(client: Client) -> None:
    user = UserFactory.create(username="zhang")

    response = client.post(
        reverse("login"),
        {"username": "zhang", "password": PASSWORD},
        REMOTE_ADDR="198.51.100.4",
        HTTP_USER_AGENT=BROWSER,
    )

    assert response.status_code == 302
    event = _one(kind=AuditKind.LOGIN)
    assert event.user == user
    assert event.username == "zhang"
    assert event.ip_address == "198.51.100.4"
    assert event.user_agent == BROWSER


def test_a_sign_out_is_audited(client: Client) -> None:
    user = UserFactory.create()
    client.force_login(user)

    client.post(reverse("logout"), REMOTE_ADDR="198.51.100.4")

    event = _one(kind=AuditKind.LOGOUT)
    assert event.user == user
    assert event.ip_address == "198.51.100.4"


def test_a_failed_sign_in_keeps_the_username_typed_never_the_password(client: Client) -> None:
    UserFactory.create(username="zhang")

    client.post(
        reverse("login"),
        {"username": "zhang", "password": "Wrong-Secret-91"},
        REMOTE_ADDR="198.51.100.9",
    )

    event = _one(kind=AuditKind.LOGIN_FAILED)
    assert event.username == "zhang"
    assert event.user is None
    assert event.ip_address == "198.51.100.9"
    stored = AuditEvent.objects.values_list(
        "username", "user_agent", "object_repr", "object_id", "summary"
    )
    assert all("Wrong-Secret-91" not in str(values) for values in stored)


def test_a_sign_in_as_nobody_keeps_the_name_typed(client: Client) -> None:
    client.post(reverse("login"), {"username": "no-such-user", "password": "whatever-1"})

    assert _one(kind=AuditKind.LOGIN_FAILED).username == "no-such-user"


@pytest.mark.skipif(not apps.is_installed("axes"), reason="sign-in throttling (django-axes) is off")
def test_repeated_failures_lock_the_account_and_the_log_shows_the_attempts(
    client: Client,
) -> None:
    UserFactory.create(username="zhang")
    limit = settings.AXES_FAILURE_LIMIT

    for attempt in range(limit):
        client.post(
            reverse("login"),
            {"username": "zhang", "password": f"guess-{attempt}"},
            REMOTE_ADDR="192.0.2.66",
        )

    assert len(_events(kind=AuditKind.LOGIN_FAILED, username="zhang")) == limit
    locked = _one(kind=AuditKind.LOCKED_OUT)
    assert locked.username == "zhang"
    assert locked.ip_address == "192.0.2.66"
    assert audit.describe(locked) == f"after {limit} failed sign-ins"


# The page ---------------------------------------------------------------------------------------


def _listed(response: Any) -> list[AuditEvent]:
    return list(response.context["table"].page.object_list.data)


def _at(day: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(2025, 5, day, 10, 0))


def test_an_administrator_sees_the_audit_log(admin_client: Client) -> None:
    audit.record(AuditKind.LOGIN_FAILED, username="mallory")

    response = admin_client.get(reverse("accounts:audit"))

    assert response.status_code == 200
    assert "mallory" in response.content.decode()
    assert "Audit log" in response.content.decode()


def test_the_audit_log_filters_by_kind_user_dates_and_words(admin_client: Client) -> None:
    AuditEvent.objects.all().delete()
    failed = audit.record(AuditKind.LOGIN_FAILED, username="mallory", at=_at(2))
    signed_in = audit.record(AuditKind.LOGIN, username="zhang", at=_at(5))
    later = audit.record(AuditKind.LOGIN, username="zhang", at=_at(20))
    url = reverse("accounts:audit")

    by_kind = _listed(admin_client.get(url, {"kind": AuditKind.LOGIN_FAILED}))
    by_user = _listed(admin_client.get(url, {"user": "zhang"}))
    by_dates = _listed(admin_client.get(url, {"at_after": "2025-05-01", "at_before": "2025-05-10"}))
    searched = _listed(admin_client.get(url, {"q": "mallo"}))

    assert by_kind == [failed]
    assert by_user == [later, signed_in]
    assert by_dates == [signed_in, failed]
    assert searched == [failed]


def test_the_audit_log_filters_by_record_and_address(admin_client: Client) -> None:
    AuditEvent.objects.all().delete()
    need = TechnicalNeedFactory.create()
    audit.record(AuditKind.LOGIN, username="zhang")
    url = reverse("accounts:audit")

    by_type = _listed(admin_client.get(url, {"model": "needs.technicalneed"}))
    by_record = _listed(
        admin_client.get(url, {"model": "needs.technicalneed", "object_id": str(need.pk)})
    )
    nowhere = _listed(admin_client.get(url, {"ip_address": "not an address"}))

    assert [e.object_id for e in by_type] == [str(need.pk)]
    assert [e.object_id for e in by_record] == [str(need.pk)]
    assert nowhere == []


def test_the_audit_log_links_a_record_to_its_page(admin_client: Client, staff_user: User) -> None:
    need = TechnicalNeedFactory.create()
    writes.update(need, by=staff_user, version=need.version, title="Linked need")

    html = admin_client.get(reverse("accounts:audit"), {"kind": "changed"}).content.decode()

    assert f'href="{reverse("needs:technicalneed_detail", args=(need.pk,))}"' in html


def test_the_audit_log_exports_the_filtered_events_as_csv(admin_client: Client) -> None:
    audit.record(AuditKind.LOGIN_FAILED, username="mallory")
    audit.record(AuditKind.LOGIN, username="zhang")

    response = admin_client.get(
        reverse("accounts:auditevent_export"), {"kind": AuditKind.LOGIN_FAILED, "format": "csv"}
    )

    assert response.status_code == 200
    text = export_text(response)
    assert "mallory" in text
    assert "zhang" not in text
    assert "Failed sign-in" in text


def test_the_audit_log_exports_as_xlsx(admin_client: Client) -> None:
    audit.record(AuditKind.LOGIN_FAILED, username="mallory")

    response = admin_client.get(reverse("accounts:auditevent_export"), {"format": "xlsx"})

    assert response.status_code == 200
    assert "mallory" in export_text(response)


def test_the_audit_log_is_absent_for_office_staff(signed_in: Client) -> None:
    audit.record(AuditKind.LOGIN_FAILED, username="mallory")

    assert signed_in.get(reverse("accounts:audit")).status_code == 404
    export = signed_in.get(reverse("accounts:auditevent_export"), {"format": "csv"})
    assert export.status_code == 404


def test_the_audit_log_asks_an_anonymous_visitor_to_sign_in(client: Client) -> None:
    response = client.get(reverse("accounts:audit"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_menu_offers_the_audit_log_to_administrators_only(
    admin_client: Client, staff_user: User
) -> None:
    url = reverse("accounts:audit")
    assert f'href="{url}"' in admin_client.get(reverse("home")).content.decode()

    admin_client.force_login(staff_user)
    assert f'href="{url}"' not in admin_client.get(reverse("home")).content.decode()


def test_the_audit_log_costs_the_same_queries_however_many_events(admin_client: Client) -> None:
    url = reverse("accounts:audit")
    audit.record(AuditKind.LOGIN, username="zhang")
    admin_client.get(url)  # the session's first save is not the page's
    with CaptureQueriesContext(connection) as few:
        admin_client.get(url)
    for n in range(20):
        audit.record(AuditKind.LOGIN_FAILED, username=f"user{n}")
    with CaptureQueriesContext(connection) as many:
        admin_client.get(url)

    assert len(many) == len(few)


def test_a_page_view_writes_no_event(admin_client: Client) -> None:
    count = AuditEvent.objects.count()

    admin_client.get(reverse("accounts:audit"))
    admin_client.get(reverse("needs:technicalneed_list"))

    assert AuditEvent.objects.count() == count


# The administration ----------------------------------------------------------------------------


def test_the_administration_shows_events_read_only(admin_client: Client) -> None:
    event = audit.record(AuditKind.LOGIN_FAILED, username="mallory")
    assert event is not None

    changelist = admin_client.get(reverse("admin:accounts_auditevent_changelist"))
    change = admin_client.get(reverse("admin:accounts_auditevent_change", args=(event.pk,)))
    added = admin_client.post(reverse("admin:accounts_auditevent_add"), {})
    deleted = admin_client.post(
        reverse("admin:accounts_auditevent_delete", args=(event.pk,)), {"post": "yes"}
    )

    assert changelist.status_code == 200
    assert "mallory" in changelist.content.decode()
    assert change.status_code == 200
    assert added.status_code == 403
    assert deleted.status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_the_administration_hides_events_from_office_staff(signed_in: Client) -> None:
    response = signed_in.get(reverse("admin:accounts_auditevent_changelist"))

    assert response.status_code == 403
