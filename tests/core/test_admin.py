"""Every admin page of every record loads, for staff only, in a bounded number of queries."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import connection
from django.db.models import Model
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pytest_django import DjangoAssertNumQueries

from liaison.accounts.choices import RoleKind
from liaison.accounts.models import User
from liaison.core.admin import ReadOnlyAdmin, TrackedAdmin
from tests.accounts.factories import UserFactory
from tests.centers.factories import AppointmentFactory, CenterFactory
from tests.core.admin_pages import MAKERS, admin_url, posted_back
from tests.financing.factories import FinancingRoundFactory, RoundInvestorFactory
from tests.needs.factories import MatchCandidateFactory, TechnicalNeedFactory
from tests.people.factories import AffiliationFactory, PersonFactory

pytestmark = pytest.mark.django_db

# Records the admin shows but never writes: their services alone add them.
KEPT_BY_SERVICES = {
    label
    for label in MAKERS
    if isinstance(admin.site._registry.get(apps.get_model(label)), ReadOnlyAdmin)
}

LIAISON_APPS = (
    "organizations",
    "people",
    "agreements",
    "centers",
    "achievements",
    "needs",
    "financing",
    "disclosures",
    "patents",
    "transfer",
    "training",
    "incubation",
    "brokers",
    "market",
    "chains",
    "opencalls",
)


# The accounts' records the admin edits (users and the audit log have admins of their own).
ACCOUNT_MODELS = {
    "accounts.role",
    "accounts.rule",
    "accounts.roleassignment",
    "accounts.invitation",
}


@pytest.fixture
def staff_user(db: None) -> User:
    """Here an administrator: the admin's pages of every record, the accounts' too."""
    return UserFactory.create(username="staff", role=RoleKind.ADMINISTRATOR)


def test_every_model_of_every_app_has_a_tracked_admin() -> None:
    models = [
        m
        for label in LIAISON_APPS
        for m in apps.get_app_config(label).get_models()
        if not m.__name__.startswith("Historical")
    ]
    missing = [
        m._meta.label for m in models if not isinstance(admin.site._registry.get(m), TrackedAdmin)
    ]
    assert missing == []
    assert {m._meta.label_lower for m in models} | ACCOUNT_MODELS == set(MAKERS)


@pytest.mark.parametrize("label", sorted(MAKERS))
def test_changelist_loads_for_staff(client: Client, staff_user: User, label: str) -> None:
    record = MAKERS[label]()
    client.force_login(staff_user)
    response = client.get(admin_url(record, "changelist"))
    assert response.status_code == 200
    assert response.context["cl"].result_count == type(record)._default_manager.count()


@pytest.mark.parametrize("label", sorted(MAKERS))
def test_change_page_loads_for_staff(client: Client, staff_user: User, label: str) -> None:
    record = MAKERS[label]()
    client.force_login(staff_user)
    response = client.get(admin_url(record, "change", record.pk))
    assert response.status_code == 200


@pytest.mark.parametrize("label", sorted(MAKERS))
def test_history_page_loads_for_staff(client: Client, staff_user: User, label: str) -> None:
    record = MAKERS[label]()
    client.force_login(staff_user)
    response = client.get(admin_url(record, "history", record.pk))
    assert response.status_code == 200


@pytest.mark.parametrize("label", sorted(MAKERS))
def test_add_page_loads_for_staff_unless_services_keep_the_records(
    client: Client, staff_user: User, label: str
) -> None:
    model = apps.get_model(label)
    client.force_login(staff_user)
    response = client.get(admin_url(model, "add"))
    expected = 403 if label in KEPT_BY_SERVICES else 200
    assert response.status_code == expected


@pytest.mark.parametrize("label", sorted(MAKERS))
def test_changelist_search_works(client: Client, staff_user: User, label: str) -> None:
    record = MAKERS[label]()
    client.force_login(staff_user)
    response = client.get(admin_url(record, "changelist"), {"q": "测试"})
    assert response.status_code == 200


@pytest.mark.parametrize("label", sorted(MAKERS))
def test_anonymous_is_sent_to_the_login_page(client: Client, label: str) -> None:
    model = apps.get_model(label)
    response = client.get(admin_url(model, "changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_user_without_staff_status_is_sent_to_the_login_page(
    client: Client, django_user_model: type[User]
) -> None:
    user = django_user_model.objects.create_user(username="reader", password="x-pass-123")
    client.force_login(user)
    response = client.get(admin_url(apps.get_model("agreements.agreement"), "changelist"))
    assert response.status_code == 302


def test_staff_sees_every_app_on_the_admin_index(client: Client, staff_user: User) -> None:
    client.force_login(staff_user)
    response = client.get("/admin/")
    assert response.status_code == 200
    shown = {app["app_label"] for app in response.context["app_list"]}
    assert set(LIAISON_APPS) <= shown


def _page_queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("label", sorted(MAKERS))
def test_changelist_queries_do_not_grow_with_rows(
    client: Client,
    staff_user: User,
    label: str,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    record = MAKERS[label]()
    url = admin_url(record, "changelist")
    client.force_login(staff_user)
    client.get(url)  # warm the session and content-type caches
    with_one_row = _page_queries(client, url)
    for _ in range(19):
        MAKERS[label]()
    with django_assert_max_num_queries(with_one_row):
        response = client.get(url)
    assert response.context["cl"].result_count >= 20


# A parent's page and how to add one more row to one of its inlines.
INLINE_ROWS: dict[str, tuple[Callable[[], Model], Callable[[Any], Model]]] = {
    "people.person": (
        PersonFactory.create,
        lambda person: AffiliationFactory.create(person=person),
    ),
    "centers.center": (
        CenterFactory.create,
        lambda center: AppointmentFactory.create(center=center),
    ),
    "needs.technicalneed": (
        TechnicalNeedFactory.create,
        lambda need: MatchCandidateFactory.create(need=need),
    ),
    "financing.financinground": (
        FinancingRoundFactory.create,
        lambda financing_round: RoundInvestorFactory.create(round=financing_round),
    ),
}


@pytest.mark.parametrize("label", sorted(INLINE_ROWS))
def test_change_page_queries_grow_only_by_the_autocomplete_lookup_of_each_row(
    client: Client,
    staff_user: User,
    label: str,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    make_parent, add_row = INLINE_ROWS[label]
    parent = make_parent()
    add_row(parent)
    url = admin_url(parent, "change", parent.pk)
    client.force_login(staff_user)
    client.get(url)  # warm the session and content-type caches
    with_one_row = _page_queries(client, url)
    for _ in range(9):
        add_row(parent)
    # Django's autocomplete widget looks up the one record it shows: a query per row, no more.
    with django_assert_max_num_queries(with_one_row + 9):
        client.get(url)


def test_history_cannot_be_reverted_from_the_admin(client: Client, staff_user: User) -> None:
    record: Any = MAKERS["organizations.organization"]()
    historical = record.history.latest()
    client.force_login(staff_user)
    url = admin_url(record, "simple_history", record.pk, historical.history_id)
    assert client.get(url).status_code == 200
    assert client.post(url, {"name_zh": "改名"}).status_code == 403


def _transitions() -> Iterator[Any]:
    for model, model_admin in admin.site._registry.items():
        for transition in getattr(model_admin, "transitions", ()):
            yield pytest.param(model, transition, id=f"{model._meta.label}:{transition.name}")


@pytest.mark.parametrize(("model", "transition"), list(_transitions()))
def test_every_button_calls_an_existing_service_with_its_arguments(
    model: type[Model], transition: Any
) -> None:
    accepted = set(inspect.signature(transition.service).parameters)
    asked = {transition.target, "by", *transition.arguments, *transition.form.base_fields}
    asked.discard("loaded_version")
    assert asked <= accepted


@pytest.mark.parametrize("label", sorted(set(MAKERS) - KEPT_BY_SERVICES))
def test_change_form_saved_as_loaded_keeps_the_record_and_records_the_author(
    client: Client, staff_user: User, label: str
) -> None:
    record: Any = MAKERS[label]()
    loaded = type(record)._default_manager.get(pk=record.pk)
    url = admin_url(record, "change", record.pk)
    client.force_login(staff_user)

    response = client.post(url, posted_back(client.get(url)))

    assert response.status_code == 302, response.context["errors"] if response.context else ""
    saved = type(record)._default_manager.get(pk=record.pk)
    assert _editable_values(saved) == _editable_values(loaded)
    assert saved.version == record.version + 1
    assert saved.history.latest().history_user == staff_user


def _editable_values(record: Model) -> dict[str, Any]:
    return {f.name: getattr(record, f.attname) for f in record._meta.concrete_fields if f.editable}


def test_records_kept_by_services_cannot_be_changed_in_the_admin(
    client: Client, staff_user: User
) -> None:
    entry: Any = MAKERS["achievements.stageentry"]()
    url = admin_url(entry, "change", entry.pk)
    client.force_login(staff_user)

    client.post(url, {"stage": "market", "reached_on": "2023-02-01"})

    entry.refresh_from_db()
    assert entry.stage == "prototype"


def test_every_list_and_first_record_page_loads_on_the_demo_institute(
    client: Client, staff_user: User
) -> None:
    from liaison.demo.loader import load_demo

    load_demo(scale=1, progress=False)
    client.force_login(staff_user)

    for label in sorted(MAKERS):
        model = apps.get_model(label)
        listing = client.get(admin_url(model, "changelist"))
        assert listing.status_code == 200, label
        first = model.objects.order_by("pk").first()
        if first is not None:
            assert client.get(admin_url(model, "change", first.pk)).status_code == 200, label
