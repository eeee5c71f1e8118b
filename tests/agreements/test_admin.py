"""The agreement's lifecycle buttons in the admin call the agreement services."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from liaison.accounts.models import User
from liaison.agreements.choices import AgreementStatus
from liaison.agreements.models import Agreement, AgreementParty, PaymentMilestone
from liaison.agreements.services import (
    agreement_expire,
    agreement_sign,
    agreement_submit_for_review,
)
from tests.agreements.factories import (
    AgreementFactory,
    AgreementPartyFactory,
    PaymentMilestoneFactory,
    SigningEventFactory,
)
from tests.core.admin_pages import admin_url, posted_back
from tests.organizations.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

SIGNED_ON = datetime.date(2023, 5, 6)


@pytest.fixture
def draft(staff_user: User) -> Agreement:
    agreement = AgreementFactory.create()
    AgreementPartyFactory.create_batch(2, agreement=agreement)
    return agreement


def step_url(agreement: Agreement, step: str) -> str:
    return admin_url(agreement, "transition", agreement.pk, step)


def offered_steps(client: Client, agreement: Agreement) -> list[str]:
    response = client.get(admin_url(agreement, "change", agreement.pk))
    return [step["label"] for step in response.context["liaison_transitions"]]


def test_draft_offers_review_and_signing_only(admin_client: Client, draft: Agreement) -> None:
    assert [str(s) for s in offered_steps(admin_client, draft)] == [
        "Submit for review",
        "Sign",
    ]


def test_signed_agreement_offers_force_expiry_and_termination(
    admin_client: Client, draft: Agreement
) -> None:
    agreement_sign(agreement=draft, signed_on=SIGNED_ON, by=None)

    assert [str(s) for s in offered_steps(admin_client, draft)] == [
        "Put in force",
        "Expire",
        "Terminate",
    ]


def test_change_page_shows_the_buttons_as_links(admin_client: Client, draft: Agreement) -> None:
    response = admin_client.get(admin_url(draft, "change", draft.pk))

    assert step_url(draft, "sign") in response.content.decode()


def test_signing_with_the_button_records_date_event_and_author(
    client: Client, staff_user: User, draft: Agreement
) -> None:
    event = SigningEventFactory.create()
    client.force_login(staff_user)

    response = client.post(
        step_url(draft, "sign"),
        {"signed_on": "2023-05-06", "signing_event": event.pk, "loaded_version": draft.version},
    )

    assert response.status_code == 302
    assert response["Location"] == admin_url(draft, "change", draft.pk)
    draft.refresh_from_db()
    assert (draft.status, draft.signed_on, draft.signing_event) == (
        AgreementStatus.SIGNED,
        SIGNED_ON,
        event,
    )
    assert draft.history.latest().history_user == staff_user


def test_step_without_fields_asks_for_confirmation_then_acts(
    admin_client: Client, draft: Agreement
) -> None:
    page = admin_client.get(step_url(draft, "submit-for-review"))
    assert page.status_code == 200

    admin_client.post(step_url(draft, "submit-for-review"), {})

    draft.refresh_from_db()
    assert draft.status == AgreementStatus.UNDER_REVIEW


def test_illegal_step_shows_the_services_refusal_not_an_error_page(
    admin_client: Client, draft: Agreement
) -> None:
    response = admin_client.post(step_url(draft, "put-in-force"), {"effective_on": "2023-06-01"})

    assert response.status_code == 200
    errors = " ".join(response.context["form"].non_field_errors())
    assert "cannot be in force before it is signed" in errors
    assert Agreement.objects.get(pk=draft.pk).status == AgreementStatus.DRAFT


def test_services_field_error_is_shown_under_the_field(
    admin_client: Client, draft: Agreement
) -> None:
    future = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()

    response = admin_client.post(step_url(draft, "sign"), {"signed_on": future})

    assert response.status_code == 200
    assert "after today" in " ".join(response.context["form"].errors["signed_on"])
    assert Agreement.objects.get(pk=draft.pk).status == AgreementStatus.DRAFT


def test_termination_without_a_reason_is_refused_under_the_reason(
    admin_client: Client, draft: Agreement
) -> None:
    agreement_sign(agreement=draft, signed_on=SIGNED_ON, by=None)

    response = admin_client.post(step_url(draft, "terminate"), {"ended_on": "2023-06-01"})

    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    assert Agreement.objects.get(pk=draft.pk).status == AgreementStatus.SIGNED


def test_termination_keeps_its_reason(admin_client: Client, draft: Agreement) -> None:
    agreement_sign(agreement=draft, signed_on=SIGNED_ON, by=None)

    admin_client.post(
        step_url(draft, "terminate"), {"ended_on": "2023-06-01", "reason": "合作方破产"}
    )

    draft.refresh_from_db()
    assert (draft.status, draft.end_reason) == (AgreementStatus.TERMINATED, "合作方破产")


def test_unknown_step_is_not_found(admin_client: Client, draft: Agreement) -> None:
    assert admin_client.get(step_url(draft, "sign").replace("/sign/", "/fly/")).status_code == 404


def test_anonymous_cannot_take_a_step(client: Client, draft: Agreement) -> None:
    response = client.post(step_url(draft, "submit-for-review"), {})

    assert response.status_code == 302
    assert Agreement.objects.get(pk=draft.pk).status == AgreementStatus.DRAFT


def test_status_cannot_be_set_through_the_change_form(
    admin_client: Client, draft: Agreement
) -> None:
    url = admin_url(draft, "change", draft.pk)
    data = posted_back(admin_client.get(url))
    data.update(status="in_force", signed_on="2023-05-06")

    assert admin_client.post(url, data).status_code == 302
    draft.refresh_from_db()
    assert (draft.status, draft.signed_on) == (AgreementStatus.DRAFT, None)


def test_a_signed_agreements_page_offers_no_party_to_add(
    admin_client: Client, draft: Agreement
) -> None:
    agreement_submit_for_review(agreement=draft, by=None)
    agreement_sign(agreement=draft, signed_on=SIGNED_ON, by=None)

    response = admin_client.get(admin_url(draft, "change", draft.pk))

    party_add = admin_url(AgreementParty, "add")
    assert not any(
        link["url"].startswith(party_add) for link in response.context["liaison_inline_adds"]
    )


def test_a_milestone_added_from_the_agreements_page_records_its_author(
    client: Client, staff_user: User, draft: Agreement
) -> None:
    client.force_login(staff_user)
    change_page = client.get(admin_url(draft, "change", draft.pk))
    add_url = next(
        link["url"]
        for link in change_page.context["liaison_inline_adds"]
        if link["url"].startswith(admin_url(PaymentMilestone, "add"))
    )
    data = posted_back(client.get(add_url))
    data.update(title="首付款", due_on="2023-07-01", amount="100000", currency="CNY")

    assert client.post(add_url, data).status_code == 302
    milestone = draft.milestones.get()
    assert milestone.title == "首付款"
    assert milestone.history.latest().history_user == staff_user


def test_a_party_cannot_join_a_signed_agreement_from_the_parties_list(
    admin_client: Client, draft: Agreement
) -> None:
    agreement_sign(agreement=draft, signed_on=SIGNED_ON, by=None)

    response = admin_client.post(
        admin_url(AgreementParty, "add"),
        {"agreement": draft.pk, "organization": OrganizationFactory.create().pk, "role": "witness"},
    )

    assert response.status_code == 200
    assert "fixed once it is signed" in " ".join(
        response.context["adminform"].form.non_field_errors()
    )
    assert draft.parties.count() == 2


def test_a_party_of_a_signed_agreement_cannot_be_swapped_from_the_parties_list(
    admin_client: Client, draft: Agreement
) -> None:
    agreement_sign(agreement=draft, signed_on=SIGNED_ON, by=None)
    party = draft.parties.first()
    assert party is not None
    url = admin_url(party, "change", party.pk)

    response = admin_client.post(
        url, {**posted_back(admin_client.get(url)), "organization": OrganizationFactory.create().pk}
    )

    assert response.status_code == 200
    assert AgreementParty.objects.get(pk=party.pk).organization == party.organization


def test_a_milestone_of_an_unsigned_agreement_cannot_be_marked_done_in_the_admin(
    admin_client: Client, draft: Agreement
) -> None:
    milestone = PaymentMilestoneFactory.create(agreement=draft)
    url = admin_url(milestone, "change", milestone.pk)

    response = admin_client.post(
        url, {**posted_back(admin_client.get(url)), "done_on": "2023-07-01"}
    )

    assert response.status_code == 200
    milestone.refresh_from_db()
    assert milestone.done_on is None


def test_a_milestone_cannot_be_added_to_an_ended_agreement_on_its_page(
    admin_client: Client, draft: Agreement
) -> None:
    agreement_sign(agreement=draft, signed_on=SIGNED_ON, by=None)
    agreement_expire(agreement=draft, ended_on=datetime.date(2024, 1, 1), by=None)
    url = f"{admin_url(PaymentMilestone, 'add')}?agreement={draft.pk}"
    data = posted_back(admin_client.get(url))
    data.update(title="尾款", due_on="2024-07-01", currency="CNY")

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert "has ended" in " ".join(response.context["adminform"].form.non_field_errors())
    assert not draft.milestones.exists()
