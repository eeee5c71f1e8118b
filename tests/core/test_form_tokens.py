"""A form that creates a record saves once, however often it is sent (Back, then Save)."""

from __future__ import annotations

import datetime
import re
import threading
from typing import Any

import pytest
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from liaison.agreements.models import AgreementParty, PaymentMilestone, SigningEvent
from liaison.core.models import FormResubmittedError, SubmittedForm
from liaison.core.views import generic
from tests.agreements.factories import AgreementFactory
from tests.organizations.factories import OrganizationFactory

EVENT = {"title_zh": "2026年度集中签约仪式", "held_on": "2026-05-06", "place": "温州"}
MILESTONE = {"title": "首付款", "due_on": "2026-09-01", "amount": "300000", "currency": "CNY"}


def form_token(response: Any) -> str:
    """The one-time token the page's form was issued with."""
    found = re.search(r'name="form_token" value="([^"]+)"', response.content.decode())
    assert found, "the form carries no token"
    return found.group(1)


@pytest.fixture
def signed_in(client: Client, staff_user: Any) -> Client:
    client.force_login(staff_user)
    return client


def add_milestone_url(agreement: Any) -> str:
    return reverse("agreements:agreement_action", args=(agreement.pk, "add-milestone"))


@pytest.mark.django_db
def test_a_new_records_form_sent_twice_creates_it_once_and_links_to_it(signed_in: Client) -> None:
    add = reverse("agreements:signingevent_add")
    token = form_token(signed_in.get(add))

    first = signed_in.post(add, {**EVENT, "form_token": token})
    assert first.status_code == 302
    again = signed_in.post(add, {**EVENT, "form_token": token})

    assert again.status_code == 409
    assert SigningEvent.objects.count() == 1
    event = SigningEvent.objects.get()
    html = again.content.decode()
    assert "This form was already saved" in html
    assert f'href="{reverse("agreements:signingevent_detail", args=(event.pk,))}"' in html


@pytest.mark.django_db
def test_a_milestone_form_sent_twice_adds_one_milestone(signed_in: Client) -> None:
    agreement = AgreementFactory.create()
    url = add_milestone_url(agreement)
    token = form_token(signed_in.get(url))

    assert signed_in.post(url, {**MILESTONE, "form_token": token}).status_code == 302
    again = signed_in.post(url, {**MILESTONE, "form_token": token})

    assert again.status_code == 409
    milestone = PaymentMilestone.objects.get(agreement=agreement)
    html = again.content.decode()
    assert f'href="{reverse("agreements:paymentmilestone_detail", args=(milestone.pk,))}"' in html


@pytest.mark.django_db
def test_a_step_whose_record_has_no_page_links_to_the_record_it_belongs_to(
    signed_in: Client,
) -> None:
    agreement = AgreementFactory.create()
    url = reverse("agreements:agreement_action", args=(agreement.pk, "add-party"))
    data = {"organization": OrganizationFactory.create().pk, "role": "partner"}
    data["form_token"] = form_token(signed_in.get(url))

    assert signed_in.post(url, data).status_code == 302
    again = signed_in.post(url, data)

    assert again.status_code == 409
    assert AgreementParty.objects.filter(agreement=agreement).count() == 1
    detail = reverse("agreements:agreement_detail", args=(agreement.pk,))
    assert f'href="{detail}"' in again.content.decode()


@pytest.mark.django_db
def test_each_form_opened_gets_its_own_token(signed_in: Client) -> None:
    add = reverse("agreements:signingevent_add")
    tokens = {form_token(signed_in.get(add)) for _ in range(2)}
    assert len(tokens) == 2
    for token in tokens:
        assert signed_in.post(add, {**EVENT, "form_token": token}).status_code == 302
    assert SigningEvent.objects.count() == 2


@pytest.mark.django_db
def test_a_form_refused_by_the_form_keeps_its_token_and_saves_once_corrected(
    signed_in: Client,
) -> None:
    add = reverse("agreements:signingevent_add")
    token = form_token(signed_in.get(add))

    refused = signed_in.post(add, {**EVENT, "held_on": "not a date", "form_token": token})
    assert refused.status_code == 400
    assert form_token(refused) == token
    assert signed_in.post(add, {**EVENT, "form_token": token}).status_code == 302
    assert SigningEvent.objects.count() == 1


@pytest.mark.django_db
def test_a_form_refused_by_the_service_leaves_its_token_unspent(signed_in: Client) -> None:
    agreement = AgreementFactory.create()
    url = add_milestone_url(agreement)
    token = form_token(signed_in.get(url))

    # The model refuses a negative amount inside the transaction that spent the token.
    refused = signed_in.post(url, {**MILESTONE, "amount": "-5", "form_token": token})
    assert refused.status_code == 400
    assert not SubmittedForm.objects.filter(token=token).exists()
    assert form_token(refused) == token
    assert signed_in.post(url, {**MILESTONE, "form_token": token}).status_code == 302
    assert PaymentMilestone.objects.filter(agreement=agreement).count() == 1


@pytest.mark.django_db
def test_a_form_sent_without_a_token_is_saved_as_before(signed_in: Client) -> None:
    add = reverse("agreements:signingevent_add")
    assert signed_in.post(add, EVENT).status_code == 302
    assert signed_in.post(add, EVENT).status_code == 302
    assert SigningEvent.objects.count() == 2


@pytest.mark.django_db
def test_an_edit_form_carries_no_token(signed_in: Client) -> None:
    signed_in.post(reverse("agreements:signingevent_add"), EVENT)
    event = SigningEvent.objects.get()
    page = signed_in.get(reverse("agreements:signingevent_edit", args=(event.pk,)))
    assert 'name="form_token"' not in page.content.decode()


@pytest.mark.django_db
def test_a_token_is_spent_once() -> None:
    with transaction.atomic():
        SubmittedForm.spend("a" * 43)
    with pytest.raises(FormResubmittedError), transaction.atomic():
        SubmittedForm.spend("a" * 43)


@pytest.mark.django_db
def test_tokens_spent_long_ago_are_cleared_when_another_is_spent() -> None:
    old = SubmittedForm.spend("o" * 43)
    SubmittedForm.objects.filter(pk=old.pk).update(
        submitted_at=timezone.now() - SubmittedForm.KEEP_FOR - datetime.timedelta(minutes=1)
    )
    recent = SubmittedForm.spend("r" * 43)

    SubmittedForm.spend("n" * 43)

    assert set(SubmittedForm.objects.values_list("pk", flat=True)) == {recent.pk} | {
        SubmittedForm.objects.get(token="n" * 43).pk
    }


@pytest.mark.django_db(transaction=True)
def test_two_submissions_of_one_form_at_once_create_one_record(
    staff_user: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second submission arrives while the first one's transaction is still open."""
    if connection.vendor == "sqlite":
        # The test database is SQLite in memory, whose shared cache refuses a second writer
        # at once instead of making it wait; on a file, IMMEDIATE transactions serialize the
        # two and the unique token refuses the second as on PostgreSQL.
        pytest.skip("needs a database that lets a second writer wait")
    add = reverse("agreements:signingevent_add")
    first_client, second_client = Client(), Client()
    first_client.force_login(staff_user)
    second_client.force_login(staff_user)
    token = form_token(first_client.get(add))
    responses: dict[str, Any] = {}

    def second_submission() -> None:
        try:
            responses["second"] = second_client.post(add, {**EVENT, "form_token": token})
        finally:
            connection.close()

    second = threading.Thread(target=second_submission)
    save = generic.ObjectEditView.save

    def save_while_the_second_arrives(view: Any, form: Any, *, adding: bool) -> Any:
        # Inside the first submission's transaction, its token already spent but not committed.
        if not second.is_alive() and "second" not in responses:
            second.start()
        return save(view, form, adding=adding)

    monkeypatch.setattr(generic.ObjectEditView, "save", save_while_the_second_arrives)
    # Past the first look, so only the spending in the transaction can refuse the second.
    monkeypatch.setattr(generic, "spent_form", lambda token: None)
    first = first_client.post(add, {**EVENT, "form_token": token})
    second.join()

    assert first.status_code == 302
    assert responses["second"].status_code == 409
    assert SigningEvent.objects.count() == 1


@pytest.mark.django_db
def test_back_to_a_saved_forms_page_says_it_was_saved_and_offers_a_fresh_one(
    signed_in: Client,
) -> None:
    add = reverse("agreements:signingevent_add")
    token = form_token(signed_in.get(add))
    signed_in.post(f"{add}?form_token={token}", {**EVENT, "form_token": token})

    back = signed_in.get(f"{add}?form_token={token}")

    assert back.status_code == 200
    html = back.content.decode()
    assert "This form was already saved" in html
    assert 'name="form_token"' not in html
    assert f'href="{add}"' in html
