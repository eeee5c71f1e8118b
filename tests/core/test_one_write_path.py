"""Every face writes through the model's services: a service patched to refuse makes every face refuse.

The test walks every model the admin shows and every generic add, edit and delete page. With
each model's create, update and delete services replaced by ones that refuse with a message of
their own, a save or delete from any of those faces must come back with that message and leave
the database as it was. A face that saved or deleted the record itself would succeed, and fail
the test.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Model
from django.forms import FileField
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from liaison.accounts.choices import RoleKind
from liaison.accounts.models import User
from liaison.core import writes
from liaison.core.admin import ReadOnlyAdmin, TrackedAdmin
from liaison.core.views.generic import ObjectDeleteView, ObjectEditView
from tests.accounts.factories import UserFactory
from tests.core.admin_pages import MAKERS, _form_values, admin_url, posted_back
from tests.core.errors import messages_of

pytestmark = pytest.mark.django_db

REFUSAL = "Refused by the service the one-write-path test put in place."


def _refuse(**_kwargs: Any) -> None:
    raise ValidationError(REFUSAL, code="refused_by_test")


@pytest.fixture
def refusing_services(monkeypatch: pytest.MonkeyPatch) -> None:
    for model, services in writes.registered().items():
        monkeypatch.setitem(
            writes._REGISTRY,
            model,
            writes.Writes(create=_refuse, update=_refuse, delete=_refuse, target=services.target),
        )


def _admin_labels(*, writable: bool) -> list[str]:
    labels = [
        model._meta.label_lower
        for model, model_admin in admin.site._registry.items()
        if isinstance(model_admin, TrackedAdmin)
        and isinstance(model_admin, ReadOnlyAdmin) is not writable
    ]
    return sorted(labels)


def _with_files(form: Any, data: dict[str, Any]) -> dict[str, Any]:
    """`data` with a small file for each file field of `form`: a browser re-sends none."""
    files = {
        form.add_prefix(name): SimpleUploadedFile(f"{name}.txt", b"a file")
        for name, field in form.fields.items()
        if isinstance(field, FileField)
    }
    return {**data, **files}


def _stored(record: Model) -> dict[str, Any] | None:
    """The stored row of `record`, or None once it is gone."""
    return type(record)._base_manager.filter(pk=record.pk).values().first()


def test_every_model_the_admin_shows_has_its_write_services() -> None:
    missing = [
        model._meta.label
        for model, model_admin in admin.site._registry.items()
        if isinstance(model_admin, TrackedAdmin)
        and not isinstance(model_admin, ReadOnlyAdmin)
        and model not in writes.registered()
    ]
    assert missing == []


# The admin ----------------------------------------------------------------------------------


@pytest.fixture
def administrator(db: None) -> User:
    """An administrator, whose roles reach the accounts' records too (made before the
    services are replaced: giving a role is a write)."""
    return UserFactory.create(role=RoleKind.ADMINISTRATOR)


@pytest.mark.parametrize("label", _admin_labels(writable=True))
def test_the_admin_saves_and_deletes_only_through_the_services(
    client: Client, administrator: User, refusing_services: None, label: str
) -> None:
    record = MAKERS[label]()
    model = type(record)
    client.force_login(administrator)
    loaded = client.get(admin_url(record, "change", record.pk))
    data = posted_back(loaded)
    before = _stored(record)

    # Change: the form comes back with the service's refusal, the record as it was.
    response = client.post(admin_url(record, "change", record.pk), data)
    assert response.status_code == 200
    assert REFUSAL in response.content.decode()
    assert _stored(record) == before

    # Delete, from the record's delete page and by the list's action: refused, still there.
    response = client.post(admin_url(record, "delete", record.pk), {"post": "yes"}, follow=True)
    assert REFUSAL in messages_of(response)
    assert _stored(record) == before
    response = client.post(
        admin_url(record, "changelist"),
        {"action": "delete_selected", "_selected_action": [record.pk], "post": "yes"},
        follow=True,
    )
    assert REFUSAL in messages_of(response)
    assert _stored(record) == before

    # Add: the same values as a new record (the original removed first, so that nothing
    # unique stands in the way) come back refused, and nothing is written.
    model._base_manager.filter(pk=record.pk).delete()
    count = model._base_manager.count()
    response = client.post(
        admin_url(model, "add"), _with_files(loaded.context["adminform"].form, data)
    )
    assert response.status_code == 200
    assert REFUSAL in response.content.decode()
    assert model._base_manager.count() == count


@pytest.mark.parametrize("label", _admin_labels(writable=False))
def test_records_kept_by_services_only_cannot_be_written_in_the_admin(
    client: Client, administrator: User, label: str
) -> None:
    record = MAKERS[label]()
    client.force_login(administrator)
    before = _stored(record)
    assert client.post(admin_url(type(record), "add"), {}).status_code == 403
    assert client.post(admin_url(record, "change", record.pk), {}).status_code == 403
    assert client.post(admin_url(record, "delete", record.pk), {"post": "yes"}).status_code == 403
    assert _stored(record) == before


# The pages ----------------------------------------------------------------------------------


def _page_names(patterns: list[Any], namespace: str = "") -> Iterator[str]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _page_names(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield namespace + entry.name


def _generic_pages(kind: type[ObjectEditView] | type[ObjectDeleteView], suffix: str) -> list[Any]:
    """(URL name, model) of every generic page of `kind`, found in the URLs, not listed here."""
    found = []
    for name in sorted(set(_page_names(get_resolver().url_patterns))):
        if not name.endswith(suffix) or name.startswith("admin:"):
            continue
        view = getattr(resolve(reverse(name, args=(1,))).func, "view_class", None)
        if view is not None and issubclass(view, kind):
            found.append(pytest.param(name, view.queryset.model, id=name))
    return found


def _maker(model: type[Model]) -> Any:
    return MAKERS[model._meta.label_lower]


def _page_form_data(response: Any) -> dict[str, Any]:
    data: dict[str, Any] = {}
    _form_values(response.context["form"], data)
    return data


@pytest.mark.parametrize(("name", "model"), _generic_pages(ObjectEditView, "_edit"))
def test_every_edit_and_add_page_saves_only_through_the_services(
    client: Client, staff_user: User, refusing_services: None, name: str, model: type[Model]
) -> None:
    record = _maker(model)()
    client.force_login(staff_user)
    url = reverse(name, args=(record.pk,))
    loaded = client.get(url)
    data = _page_form_data(loaded)
    before = _stored(record)

    response = client.post(url, data)
    assert response.status_code == 400
    assert REFUSAL in response.content.decode()
    assert _stored(record) == before

    model._base_manager.filter(pk=record.pk).delete()
    count = model._base_manager.count()
    response = client.post(
        reverse(name.replace("_edit", "_add")), _with_files(loaded.context["form"], data)
    )
    assert response.status_code == 400
    assert REFUSAL in response.content.decode()
    assert model._base_manager.count() == count


@pytest.mark.parametrize(("name", "model"), _generic_pages(ObjectDeleteView, "_delete"))
def test_every_delete_page_deletes_only_through_the_services(
    client: Client, staff_user: User, refusing_services: None, name: str, model: type[Model]
) -> None:
    record = _maker(model)()
    client.force_login(staff_user)
    before = _stored(record)
    # The confirmation page asks the service first, and offers no button it would refuse.
    page = client.get(reverse(name, args=(record.pk,)))
    assert REFUSAL in page.content.decode()
    assert 'type="submit"' not in page.content.decode().split("<main", 1)[-1]
    response = client.post(reverse(name, args=(record.pk,)), follow=True)
    assert REFUSAL in messages_of(response)
    assert _stored(record) == before


def test_the_walk_finds_the_pages_it_must_cover() -> None:
    # A walk that found nothing would prove nothing.
    edited = {p.values[1] for p in _generic_pages(ObjectEditView, "_edit")}
    deleted = {p.values[1] for p in _generic_pages(ObjectDeleteView, "_delete")}
    assert len(edited) >= 6
    assert len(deleted) >= 6
    assert len(_admin_labels(writable=True)) >= 15


def test_a_parents_admin_page_shows_its_rows_read_only_with_a_link_to_add_one(
    client: Client, staff_user: User
) -> None:
    party = MAKERS["agreements.agreementparty"]()
    agreement = party.agreement  # type: ignore[attr-defined]
    client.force_login(staff_user)
    response = client.get(admin_url(agreement, "change", agreement.pk))
    parties = next(
        inline
        for inline in response.context["inline_admin_formsets"]
        if inline.opts.model is type(party)
    )
    assert not parties.has_add_permission
    assert not parties.has_change_permission
    assert not parties.has_delete_permission
    add_url = f"{admin_url(type(party), 'add')}?agreement={agreement.pk}"
    assert add_url in response.content.decode()
    # The row's own add page comes with the parent filled in.
    form = client.get(add_url).context["adminform"].form
    assert str(form["agreement"].value()) == str(agreement.pk)


def test_the_delete_page_asks_the_service_without_deleting(
    client: Client, staff_user: User
) -> None:
    from tests.agreements.factories import AgreementPartyFactory

    party = AgreementPartyFactory.create()
    agreement = party.agreement
    history = agreement.history.count()
    client.force_login(staff_user)
    url = reverse("agreements:agreement_delete", args=(agreement.pk,))

    page = client.get(url).content.decode()

    assert "cannot be deleted" not in page
    assert type(agreement)._base_manager.filter(pk=agreement.pk).exists()
    assert agreement.parties.filter(pk=party.pk).exists()
    assert agreement.history.count() == history
