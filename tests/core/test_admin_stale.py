"""Two people editing the same record in the admin: the second save is refused, not applied."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client

from liaison.accounts.models import User
from liaison.agreements.models import Agreement, AgreementParty
from liaison.core.errors import StaleEditError
from liaison.core.versioning import VersionedForm, stale_message
from liaison.organizations.models import Organization
from tests.accounts.factories import UserFactory
from tests.agreements.factories import AgreementFactory, AgreementPartyFactory
from tests.core.admin_pages import admin_url, posted_back
from tests.organizations.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

STALE = "Someone else saved this record after you opened it"


@pytest.fixture
def two_editors(django_user_model: type[User]) -> tuple[Client, Client]:
    first = UserFactory.create(username="wang", password="x-pass-1")
    second = UserFactory.create(username="li", password="x-pass-2")
    clients = Client(), Client()
    clients[0].force_login(first)
    clients[1].force_login(second)
    return clients


def test_second_of_two_editors_is_refused_and_told_who_changed_what(
    two_editors: tuple[Client, Client],
) -> None:
    first, second = two_editors
    organization = OrganizationFactory.create(city="温州市")
    url = admin_url(organization, "change", organization.pk)
    first_data = posted_back(first.get(url))
    second_data = posted_back(second.get(url))

    first_data["city"] = "宁波市"
    assert first.post(url, first_data).status_code == 302
    second_data["industry"] = "医疗器械"
    response = second.post(url, second_data)

    assert response.status_code == 200
    errors = " ".join(response.context["adminform"].form.non_field_errors())
    assert STALE in errors
    assert "wang" in errors
    assert "city" in errors
    organization.refresh_from_db()
    assert organization.city == "宁波市"
    assert organization.industry == ""


def test_refused_editor_keeps_their_input_in_the_form(two_editors: tuple[Client, Client]) -> None:
    first, second = two_editors
    organization = OrganizationFactory.create()
    url = admin_url(organization, "change", organization.pk)
    first_data = posted_back(first.get(url))
    second_data = posted_back(second.get(url))
    first.post(url, first_data)

    second_data["industry"] = "医疗器械"
    response = second.post(url, second_data)

    assert response.context["adminform"].form["industry"].value() == "医疗器械"


def test_editor_who_reloads_after_a_refusal_can_save(two_editors: tuple[Client, Client]) -> None:
    first, second = two_editors
    organization = OrganizationFactory.create()
    url = admin_url(organization, "change", organization.pk)
    first_data = posted_back(first.get(url))
    second.get(url)
    first.post(url, first_data)

    fresh = posted_back(second.get(url))
    fresh["industry"] = "医疗器械"

    assert second.post(url, fresh).status_code == 302
    organization.refresh_from_db()
    assert organization.industry == "医疗器械"


def test_a_row_edited_on_a_stale_page_of_its_own_is_refused_and_the_first_edit_kept(
    two_editors: tuple[Client, Client],
) -> None:
    # A contract's parties are read-only on its page; each is edited on its own page.
    first, second = two_editors
    party = AgreementPartyFactory.create(signatory="")
    url = admin_url(party, "change", party.pk)
    first_data = posted_back(first.get(url))
    second_data = posted_back(second.get(url))

    first_data["signatory"] = "王院长"
    assert first.post(url, first_data).status_code == 302
    second_data["signatory"] = "李处长"
    response = second.post(url, second_data)

    assert response.status_code == 200
    assert STALE in " ".join(response.context["adminform"].form.non_field_errors())
    assert AgreementParty.objects.get(pk=party.pk).signatory == "王院长"


def test_save_that_loses_a_race_with_the_database_is_shown_like_a_stale_form(
    client: Client, staff_user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    organization = OrganizationFactory.create(city="温州市")
    url = admin_url(organization, "change", organization.pk)
    client.force_login(staff_user)
    data = posted_back(client.get(url))
    race = {"lost": False, "other_saved": False}
    save, check = Organization.save, VersionedForm.clean

    def save_refused_by_the_database_once(
        instance: Organization, *args: Any, **kwargs: Any
    ) -> None:
        if not race["lost"]:
            # The other editor's save landed between this form's check and its write.
            race["lost"] = True
            raise StaleEditError(model_name="organization", pk=instance.pk, expected=1, current=2)
        save(instance, *args, **kwargs)

    def check_that_sees_the_other_save(form: VersionedForm) -> Any:
        if race["lost"] and not race["other_saved"]:
            race["other_saved"] = True
            other = Organization.objects.get(pk=organization.pk)
            other.city = "杭州市"
            save(other)
        return check(form)

    monkeypatch.setattr(Organization, "save", save_refused_by_the_database_once)
    monkeypatch.setattr(VersionedForm, "clean", check_that_sees_the_other_save)
    data["industry"] = "医疗器械"
    response = client.post(url, data)

    assert response.status_code == 200
    assert STALE in " ".join(response.context["adminform"].form.non_field_errors())
    assert response.context["adminform"].form["industry"].value() == "医疗器械"
    organization.refresh_from_db()
    assert (organization.city, organization.industry) == ("杭州市", "")


def test_save_refused_by_the_database_twice_is_reported_not_applied(
    client: Client, staff_user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    organization = OrganizationFactory.create()
    url = admin_url(organization, "change", organization.pk)
    client.force_login(staff_user)
    data = posted_back(client.get(url))

    def always_refused(instance: Organization, *args: Any, **kwargs: Any) -> None:
        raise StaleEditError(model_name="organization", pk=instance.pk, expected=1, current=2)

    monkeypatch.setattr(Organization, "save", always_refused)
    data["industry"] = "医疗器械"
    response = client.post(url, data, follow=True)

    assert response.status_code == 200
    assert "your changes were not applied" in response.content.decode()
    organization.refresh_from_db()
    assert organization.industry == ""


def test_transition_on_a_stale_page_is_refused(two_editors: tuple[Client, Client]) -> None:
    first, second = two_editors
    agreement = AgreementFactory.create()
    step = admin_url(agreement, "transition", agreement.pk, "submit-for-review")
    change = admin_url(agreement, "change", agreement.pk)
    loaded = second.get(step).context["form"]["loaded_version"].value()
    first.post(change, {**posted_back(first.get(change)), "title_en": "Renamed"})

    response = second.post(step, {"loaded_version": loaded})

    assert response.status_code == 200
    assert STALE in " ".join(response.context["form"].non_field_errors())
    assert Agreement.objects.get(pk=agreement.pk).status == "draft"


def test_refused_editor_is_told_when_the_other_save_happened_on_the_institutes_clock(
    staff_user: User,
) -> None:
    organization = OrganizationFactory.create()
    organization.industry = "医疗器械"
    organization._history_user = staff_user  # type: ignore[attr-defined]
    organization.save()
    saved_at = datetime.datetime(2024, 1, 1, 0, 30, tzinfo=datetime.UTC)
    organization.history.filter(history_id=organization.history.latest().history_id).update(
        history_date=saved_at
    )

    message = stale_message(Organization, organization.pk)

    assert "2024-01-01 08:30" in message  # Asia/Shanghai, not UTC
