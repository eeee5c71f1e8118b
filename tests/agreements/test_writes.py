"""The one write path of agreements: their create, update and delete services and the rules
they hold on every face — the services themselves, the generic pages and the admin."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from liaison.accounts.models import User
from liaison.agreements import services, steps
from liaison.agreements.choices import (
    AGREEMENT_MOVES,
    ENDED_STATUSES,
    SIGNED_STATUSES,
    UNSIGNED_STATUSES,
    AgreementStatus,
    PartyRole,
)
from liaison.agreements.models import (
    Agreement,
    AgreementAttachment,
    AgreementParty,
    PaymentMilestone,
    SigningEvent,
)
from liaison.agreements.services import (
    agreement_delete,
    agreement_expire,
    agreement_put_in_force,
    agreement_sign,
    agreement_update,
    attachment_create,
    attachment_delete,
    attachment_update,
    milestone_create,
    milestone_delete,
    milestone_update,
    party_create,
    party_delete,
    party_update,
    signing_event_create,
    signing_event_delete,
    signing_event_update,
)
from liaison.agreements.views import NOT_ENDED
from liaison.core import writes
from liaison.core.errors import StaleEditError
from liaison.core.lifecycle import today
from tests.agreements.factories import (
    AgreementFactory,
    AgreementPartyFactory,
    PaymentMilestoneFactory,
    SigningEventFactory,
)
from tests.centers.factories import CenterFactory
from tests.core.admin_pages import admin_url, posted_back
from tests.core.errors import codes, messages_of
from tests.organizations.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

D = datetime.date
SIGNED_ON = D(2023, 5, 6)
EFFECTIVE_ON = D(2023, 6, 1)
ENDED_ON = D(2024, 1, 1)


def draft() -> Agreement:
    agreement = AgreementFactory.create()
    AgreementPartyFactory.create(agreement=agreement, role=PartyRole.INSTITUTE)
    AgreementPartyFactory.create(agreement=agreement, role=PartyRole.PARTNER)
    return agreement


def signed() -> Agreement:
    return agreement_sign(agreement=draft(), signed_on=SIGNED_ON, by=None)


def in_force() -> Agreement:
    return agreement_put_in_force(agreement=signed(), effective_on=EFFECTIVE_ON, by=None)


def ended() -> Agreement:
    return agreement_expire(agreement=signed(), ended_on=ENDED_ON, by=None)


def in_status(status: str) -> Agreement:
    """An agreement that has reached `status` through its services."""
    agreement = draft()
    if status == AgreementStatus.DRAFT:
        return agreement
    if status == AgreementStatus.UNDER_REVIEW:
        return services.agreement_submit_for_review(agreement=agreement, by=None)
    agreement = agreement_sign(agreement=agreement, signed_on=SIGNED_ON, by=None)
    if status == AgreementStatus.SIGNED:
        return agreement
    if status == AgreementStatus.TERMINATED:
        return services.agreement_terminate(
            agreement=agreement, ended_on=ENDED_ON, reason="破产", by=None
        )
    if status == AgreementStatus.EXPIRED:
        return agreement_expire(agreement=agreement, ended_on=ENDED_ON, by=None)
    agreement = agreement_put_in_force(agreement=agreement, effective_on=EFFECTIVE_ON, by=None)
    if status == AgreementStatus.COMPLETED:
        return services.agreement_complete(agreement=agreement, ended_on=ENDED_ON, by=None)
    return agreement


def attach(agreement: Agreement, title: str = "签约文本") -> AgreementAttachment:
    return attachment_create(
        by=None,
        agreement=agreement,
        title=title,
        file=SimpleUploadedFile("contract.txt", b"signed text"),
    )


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


# Every model has its services ------------------------------------------------------------


@pytest.mark.parametrize(
    ("model", "target"),
    [
        (Agreement, "agreement"),
        (AgreementParty, "party"),
        (PaymentMilestone, "milestone"),
        (AgreementAttachment, "attachment"),
        (SigningEvent, "signing_event"),
    ],
)
def test_every_agreements_model_has_its_write_services(model: Any, target: str) -> None:
    assert writes.writes_for(model).target == target


# The table of moves ----------------------------------------------------------------------

STEP_TARGETS = [
    (steps.SUBMIT_FOR_REVIEW, AgreementStatus.UNDER_REVIEW),
    (steps.SIGN, AgreementStatus.SIGNED),
    (steps.PUT_IN_FORCE, AgreementStatus.IN_FORCE),
    (steps.COMPLETE, AgreementStatus.COMPLETED),
    (steps.EXPIRE, AgreementStatus.EXPIRED),
    (steps.TERMINATE, AgreementStatus.TERMINATED),
]


def test_every_step_is_offered_from_the_statuses_the_table_moves_from() -> None:
    assert [step for step, _wanted in STEP_TARGETS] == list(steps.AGREEMENT_STEPS)
    for step, wanted in STEP_TARGETS:
        assert set(step.offered_from or ()) == AGREEMENT_MOVES.into(wanted), step.name


def test_the_status_sets_are_read_from_the_table() -> None:
    assert {"draft", "under_review"} == UNSIGNED_STATUSES
    assert {"signed", "in_force", "completed", "expired", "terminated"} == SIGNED_STATUSES
    assert {"completed", "expired", "terminated"} == ENDED_STATUSES
    assert set(NOT_ENDED) == {"draft", "under_review", "signed", "in_force"}


STEP_CALLS: dict[str, Callable[[Agreement], Any]] = {
    AgreementStatus.UNDER_REVIEW: lambda a: services.agreement_submit_for_review(
        agreement=a, by=None
    ),
    AgreementStatus.SIGNED: lambda a: agreement_sign(agreement=a, signed_on=SIGNED_ON, by=None),
    AgreementStatus.IN_FORCE: lambda a: agreement_put_in_force(
        agreement=a, effective_on=EFFECTIVE_ON, by=None
    ),
    AgreementStatus.COMPLETED: lambda a: services.agreement_complete(
        agreement=a, ended_on=ENDED_ON, by=None
    ),
    AgreementStatus.EXPIRED: lambda a: agreement_expire(agreement=a, ended_on=ENDED_ON, by=None),
    AgreementStatus.TERMINATED: lambda a: services.agreement_terminate(
        agreement=a, ended_on=ENDED_ON, reason="违约", by=None
    ),
}


@pytest.mark.parametrize(
    ("current", "wanted"),
    [
        (current, wanted)
        for wanted in STEP_CALLS
        for current in AgreementStatus
        if current not in AGREEMENT_MOVES.into(wanted)
    ],
)
def test_a_move_absent_from_the_table_is_refused(current: str, wanted: str) -> None:
    agreement = in_status(current)

    with pytest.raises(ValidationError) as error:
        STEP_CALLS[wanted](agreement)

    assert codes(error) == ["illegal_transition"]
    assert Agreement.objects.get(pk=agreement.pk).status == current


# Agreements ------------------------------------------------------------------------------


def test_agreement_update_saves_its_fields_and_names_the_author(staff_user: User) -> None:
    agreement = draft()

    agreement_update(
        agreement=agreement, by=staff_user, version=agreement.version, title_en="Revised"
    )

    agreement.refresh_from_db()
    assert agreement.title_en == "Revised"
    assert agreement.history.latest().history_user == staff_user


def test_agreement_update_refuses_a_stale_version() -> None:
    agreement = draft()
    with pytest.raises(StaleEditError):
        agreement_update(agreement=agreement, by=None, version=agreement.version - 1, title_en="x")


def test_agreement_update_refuses_to_set_the_status_or_the_parties() -> None:
    agreement = draft()
    with pytest.raises(TypeError):
        agreement_update(agreement=agreement, by=None, status=AgreementStatus.SIGNED)
    with pytest.raises(TypeError):
        agreement_update(agreement=agreement, by=None, organizations=[OrganizationFactory.create()])


def test_agreement_update_refuses_an_expiry_before_the_signing() -> None:
    agreement = signed()
    with pytest.raises(ValidationError) as error:
        agreement_update(agreement=agreement, by=None, expires_on=D(2023, 1, 1))
    assert codes(error, "expires_on") == ["expires_before_signed"]


def test_a_draft_is_deleted_with_its_rows_each_recorded_with_the_author(
    staff_user: User,
) -> None:
    agreement = draft()
    PaymentMilestoneFactory.create(agreement=agreement)
    attach(agreement)
    pk = agreement.pk

    agreement_delete(agreement=agreement, by=staff_user, version=agreement.version)

    assert not Agreement.objects.filter(pk=pk).exists()
    for model in (AgreementParty, PaymentMilestone, AgreementAttachment):
        assert not model.objects.filter(agreement_id=pk).exists()
        deletions = model.history.filter(agreement_id=pk, history_type="-")
        assert deletions.exists()
        assert {row.history_user for row in deletions} == {staff_user}
    deleted = Agreement.history.get(id=pk, history_type="-")
    assert deleted.history_user == staff_user


def test_an_agreement_under_review_may_still_be_deleted() -> None:
    agreement = in_status(AgreementStatus.UNDER_REVIEW)
    agreement_delete(agreement=agreement, by=None)
    assert not Agreement.objects.filter(pk=agreement.pk).exists()


@pytest.mark.parametrize("status", sorted(SIGNED_STATUSES))
def test_a_signed_agreement_is_never_deleted(status: str) -> None:
    agreement = in_status(status)

    with pytest.raises(ValidationError) as error:
        agreement_delete(agreement=agreement, by=None)

    assert codes(error) == ["not_deletable"]
    assert "keeps its record" in error.value.messages[0]
    assert Agreement.objects.filter(pk=agreement.pk).exists()
    assert agreement.parties.count() == 2


def test_a_signed_agreement_in_force_is_told_to_end_instead() -> None:
    with pytest.raises(ValidationError) as error:
        agreement_delete(agreement=in_force(), by=None)
    assert "Complete, Expire or Terminate" in error.value.messages[0]


def test_a_draft_that_founded_a_center_is_not_deleted() -> None:
    agreement = draft()
    CenterFactory.create(founding_agreement=agreement)

    with pytest.raises(ValidationError) as error:
        agreement_delete(agreement=agreement, by=None)

    assert "refer to it" in error.value.messages[0]
    assert agreement.parties.count() == 2


def test_agreement_delete_refuses_a_stale_version() -> None:
    agreement = draft()
    with pytest.raises(StaleEditError):
        agreement_delete(agreement=agreement, by=None, version=agreement.version - 1)
    assert agreement.parties.count() == 2


# Parties ---------------------------------------------------------------------------------


def test_party_create_adds_a_party_with_its_author(staff_user: User) -> None:
    agreement = draft()
    party = party_create(
        by=staff_user,
        agreement=agreement,
        organization=OrganizationFactory.create(),
        role=PartyRole.WITNESS,
        signatory="张三",
    )
    assert party.agreement == agreement
    assert party.history.get().history_user == staff_user


def test_party_create_refuses_a_signed_agreement() -> None:
    agreement = signed()
    with pytest.raises(ValidationError) as error:
        party_create(by=None, agreement=agreement, organization=OrganizationFactory.create())
    assert codes(error) == ["parties_fixed"]
    assert agreement.parties.count() == 2


def test_party_update_changes_a_party_of_an_unsigned_agreement(staff_user: User) -> None:
    party = draft().parties.first()
    assert party is not None

    party_update(party=party, by=staff_user, version=party.version, role=PartyRole.CLIENT)

    party.refresh_from_db()
    assert party.role == PartyRole.CLIENT
    assert party.history.latest().history_user == staff_user


@pytest.mark.parametrize("change", [{"role": PartyRole.CLIENT}, {"organization": None}])
def test_party_update_refuses_another_party_or_role_once_signed(change: dict[str, Any]) -> None:
    party = signed().parties.first()
    assert party is not None
    if "organization" in change:
        change = {"organization": OrganizationFactory.create()}

    with pytest.raises(ValidationError) as error:
        party_update(party=party, by=None, **change)

    assert codes(error) == ["parties_fixed"]
    stored = AgreementParty.objects.get(pk=party.pk)
    assert (stored.role, stored.signatory, stored.organization_id) == (
        party.role,
        party.signatory,
        party.organization_id,
    )


def test_who_signed_for_a_party_may_be_recorded_after_the_signing(staff_user: User) -> None:
    party = signed().parties.first()
    assert party is not None

    party_update(
        party=party,
        by=staff_user,
        version=party.version,
        signatory="李四",
        role=party.role,
        organization=party.organization,
    )

    assert AgreementParty.objects.get(pk=party.pk).signatory == "李四"


def test_a_party_is_not_moved_to_a_signed_agreement() -> None:
    party = draft().parties.first()
    assert party is not None
    with pytest.raises(ValidationError) as error:
        party_update(party=party, by=None, agreement=signed())
    assert codes(error) == ["parties_fixed"]


def test_party_update_refuses_a_stale_version() -> None:
    party = draft().parties.first()
    assert party is not None
    with pytest.raises(StaleEditError):
        party_update(party=party, by=None, version=party.version + 1, signatory="x")


def test_party_delete_removes_a_party_of_an_unsigned_agreement(staff_user: User) -> None:
    party = draft().parties.first()
    assert party is not None
    pk = party.pk

    party_delete(party=party, by=staff_user)

    assert not AgreementParty.objects.filter(pk=pk).exists()
    assert AgreementParty.history.get(id=pk, history_type="-").history_user == staff_user


def test_party_delete_refuses_a_party_of_a_signed_agreement() -> None:
    agreement = signed()
    party = agreement.parties.first()
    assert party is not None
    with pytest.raises(ValidationError) as error:
        party_delete(party=party, by=None)
    assert codes(error) == ["not_deletable"]
    assert agreement.parties.count() == 2


# Milestones ------------------------------------------------------------------------------


def test_milestone_create_records_its_author(staff_user: User) -> None:
    milestone = milestone_create(
        by=staff_user, agreement=draft(), title="首付款", due_on=D(2023, 7, 1)
    )
    assert milestone.history.get().history_user == staff_user


def test_milestone_create_refuses_an_ended_agreement() -> None:
    agreement = ended()
    with pytest.raises(ValidationError) as error:
        milestone_create(by=None, agreement=agreement, title="尾款", due_on=D(2024, 7, 1))
    assert codes(error) == ["agreement_ended"]
    assert not agreement.milestones.exists()


def test_milestone_create_refuses_a_met_milestone_of_an_unsigned_agreement() -> None:
    with pytest.raises(ValidationError) as error:
        milestone_create(
            by=None, agreement=draft(), title="首付款", due_on=D(2023, 7, 1), done_on=D(2023, 7, 1)
        )
    assert codes(error) == ["agreement_not_signed"]


def test_milestone_create_refuses_a_date_met_in_the_future() -> None:
    tomorrow = today() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        milestone_create(
            by=None, agreement=signed(), title="首付款", due_on=D(2023, 7, 1), done_on=tomorrow
        )
    assert codes(error, "done_on") == ["future_date"]


def test_a_milestone_of_an_ended_agreement_may_still_be_corrected(staff_user: User) -> None:
    agreement = signed()
    milestone = PaymentMilestoneFactory.create(agreement=agreement)
    agreement_expire(agreement=agreement, ended_on=ENDED_ON, by=None)

    milestone_update(milestone=milestone, by=staff_user, version=milestone.version, title="尾款")

    milestone.refresh_from_db()
    assert milestone.title == "尾款"
    assert milestone.history.latest().history_user == staff_user


def test_a_milestone_is_not_moved_to_an_ended_agreement() -> None:
    milestone = PaymentMilestoneFactory.create(agreement=draft())
    with pytest.raises(ValidationError) as error:
        milestone_update(milestone=milestone, by=None, agreement=ended())
    assert codes(error) == ["agreement_ended"]


def test_milestone_update_refuses_a_met_date_before_the_signing() -> None:
    milestone = PaymentMilestoneFactory.create(agreement=signed())
    with pytest.raises(ValidationError) as error:
        milestone_update(milestone=milestone, by=None, done_on=D(2023, 1, 1))
    assert codes(error, "done_on") == ["done_before_signed"]


def test_milestone_update_refuses_a_stale_version() -> None:
    milestone = PaymentMilestoneFactory.create(agreement=draft())
    with pytest.raises(StaleEditError):
        milestone_update(milestone=milestone, by=None, version=milestone.version + 1, title="x")


def test_an_unmet_milestone_may_be_deleted(staff_user: User) -> None:
    milestone = PaymentMilestoneFactory.create(agreement=in_force())
    pk = milestone.pk

    milestone_delete(milestone=milestone, by=staff_user)

    assert not PaymentMilestone.objects.filter(pk=pk).exists()
    assert PaymentMilestone.history.get(id=pk, history_type="-").history_user == staff_user


def test_a_met_milestone_is_never_deleted() -> None:
    milestone = PaymentMilestoneFactory.create(agreement=in_force(), done_on=D(2023, 7, 1))
    with pytest.raises(ValidationError) as error:
        milestone_delete(milestone=milestone, by=None)
    assert codes(error) == ["not_deletable"]
    assert PaymentMilestone.objects.filter(pk=milestone.pk).exists()


# Attachments -----------------------------------------------------------------------------


def test_attachment_create_records_its_author(staff_user: User) -> None:
    attachment = attachment_create(
        by=staff_user,
        agreement=draft(),
        title="草稿",
        file=SimpleUploadedFile("draft.txt", b"draft"),
    )
    assert attachment.history.get().history_user == staff_user


def test_an_attachment_of_an_unsigned_agreement_may_be_deleted(staff_user: User) -> None:
    attachment = attach(draft())
    pk = attachment.pk
    attachment_delete(attachment=attachment, by=staff_user)
    assert not AgreementAttachment.objects.filter(pk=pk).exists()
    assert AgreementAttachment.history.get(id=pk, history_type="-").history_user == staff_user


def test_the_signed_text_of_a_signed_agreement_is_never_deleted() -> None:
    agreement = draft()
    attachment = attach(agreement)
    agreement_sign(agreement=agreement, signed_on=SIGNED_ON, by=None)

    with pytest.raises(ValidationError) as error:
        attachment_delete(attachment=attachment, by=None)

    assert codes(error) == ["not_deletable"]
    assert AgreementAttachment.objects.filter(pk=attachment.pk).exists()


def test_a_file_added_after_the_signing_may_be_deleted() -> None:
    attachment = attach(signed(), title="误传的文件")
    attachment_delete(attachment=attachment, by=None)
    assert not AgreementAttachment.objects.filter(pk=attachment.pk).exists()


def test_the_signed_text_may_be_retitled_but_not_replaced_or_moved(staff_user: User) -> None:
    agreement = draft()
    attachment = attach(agreement)
    agreement_sign(agreement=agreement, signed_on=SIGNED_ON, by=None)

    attachment_update(
        attachment=attachment, by=staff_user, version=attachment.version, title="签约文本（盖章）"
    )
    assert attachment.history.latest().history_user == staff_user
    with pytest.raises(ValidationError) as error:
        attachment_update(
            attachment=attachment,
            by=None,
            file=SimpleUploadedFile("other.txt", b"other"),
            agreement=draft(),
        )

    assert codes(error, "file") == ["signed_with"]
    assert codes(error, "agreement") == ["signed_with"]
    stored = AgreementAttachment.objects.get(pk=attachment.pk)
    assert (stored.file.name, stored.agreement_id) == (attachment.file.name, agreement.pk)


def test_attachment_update_refuses_a_stale_version() -> None:
    attachment = attach(draft())
    with pytest.raises(StaleEditError):
        attachment_update(attachment=attachment, by=None, version=attachment.version + 1, title="x")


# Signing events --------------------------------------------------------------------------


def test_a_signing_event_is_created_changed_and_deleted_with_its_author(staff_user: User) -> None:
    event = signing_event_create(by=staff_user, title_zh="签约仪式", held_on=D(2023, 5, 6))
    signing_event_update(signing_event=event, by=staff_user, version=event.version, place="温州")
    assert event.history.latest().history_user == staff_user
    pk = event.pk

    signing_event_delete(signing_event=event, by=staff_user)

    assert not SigningEvent.objects.filter(pk=pk).exists()
    assert SigningEvent.history.get(id=pk, history_type="-").history_user == staff_user


def test_signing_event_update_refuses_a_stale_version() -> None:
    event = SigningEventFactory.create()
    with pytest.raises(StaleEditError):
        signing_event_update(signing_event=event, by=None, version=event.version + 1, place="x")


def test_a_signing_event_an_agreement_refers_to_is_not_deleted() -> None:
    event = SigningEventFactory.create()
    agreement = AgreementFactory.create(signing_event=event)

    with pytest.raises(ValidationError) as error:
        signing_event_delete(signing_event=event, by=None)

    assert codes(error) == ["not_deletable"]
    assert str(agreement) in error.value.messages[0]
    assert SigningEvent.objects.filter(pk=event.pk).exists()


# The generic pages -----------------------------------------------------------------------


def test_the_delete_page_refuses_an_agreement_in_force_and_says_why(signed_in: Client) -> None:
    agreement = in_force()

    response = signed_in.post(reverse("agreements:agreement_delete", args=(agreement.pk,)))

    assert response.status_code == 302
    assert response["Location"] == reverse("agreements:agreement_detail", args=(agreement.pk,))
    assert any("Complete, Expire or Terminate" in m for m in messages_of(response))
    assert Agreement.objects.get(pk=agreement.pk).status == AgreementStatus.IN_FORCE
    assert agreement.history.filter(status=AgreementStatus.SIGNED).exists()


def test_the_delete_page_deletes_a_draft(signed_in: Client, staff_user: User) -> None:
    agreement = draft()

    response = signed_in.post(reverse("agreements:agreement_delete", args=(agreement.pk,)))

    assert response.status_code == 302
    assert not Agreement.objects.filter(pk=agreement.pk).exists()
    deleted = Agreement.history.get(id=agreement.pk, history_type="-")
    assert deleted.history_user == staff_user


def test_the_edit_page_shows_the_services_refusal_under_the_field(signed_in: Client) -> None:
    agreement = signed()
    url = reverse("agreements:agreement_edit", args=(agreement.pk,))
    data = {
        "number": agreement.number,
        "title_zh": agreement.title_zh,
        "kind": agreement.kind,
        "confidentiality": agreement.confidentiality,
        "currency": agreement.currency,
        "expires_on": "2023-01-01",
        "loaded_version": agreement.version,
    }

    response = signed_in.post(url, data)

    assert response.status_code == 400
    assert "expires_on" in response.context["form"].errors
    assert Agreement.objects.get(pk=agreement.pk).expires_on is None


def test_the_attachment_delete_page_keeps_the_signed_text(signed_in: Client) -> None:
    agreement = draft()
    attachment = attach(agreement)
    agreement_sign(agreement=agreement, signed_on=SIGNED_ON, by=None)

    response = signed_in.post(
        reverse("agreements:agreementattachment_delete", args=(attachment.pk,))
    )

    assert response.status_code == 302
    assert any("kept as it is" in m for m in messages_of(response))
    assert AgreementAttachment.objects.filter(pk=attachment.pk).exists()


def test_the_attachment_edit_page_refuses_replacing_the_signed_text(signed_in: Client) -> None:
    agreement = draft()
    attachment = attach(agreement)
    agreement_sign(agreement=agreement, signed_on=SIGNED_ON, by=None)
    url = reverse("agreements:agreementattachment_edit", args=(attachment.pk,))

    response = signed_in.post(
        url,
        {
            "agreement": agreement.pk,
            "title": attachment.title,
            "file": SimpleUploadedFile("other.txt", b"other"),
            "loaded_version": attachment.version,
        },
    )

    assert response.status_code == 400
    assert "file" in response.context["form"].errors
    assert AgreementAttachment.objects.get(pk=attachment.pk).file.name == attachment.file.name


def test_the_signing_event_delete_page_refuses_an_event_in_use(signed_in: Client) -> None:
    event = SigningEventFactory.create()
    AgreementFactory.create(signing_event=event)

    response = signed_in.post(reverse("agreements:signingevent_delete", args=(event.pk,)))

    assert response.status_code == 302
    assert any("refer to it" in m for m in messages_of(response))
    assert SigningEvent.objects.filter(pk=event.pk).exists()


# The admin -------------------------------------------------------------------------------


def test_the_admin_delete_page_refuses_an_agreement_in_force(admin_client: Client) -> None:
    agreement = in_force()

    response = admin_client.post(admin_url(Agreement, "delete", agreement.pk), {"post": "yes"})

    assert response.status_code == 302
    assert response["Location"] == admin_url(Agreement, "change", agreement.pk)
    assert any("Complete, Expire or Terminate" in m for m in messages_of(response))
    assert Agreement.objects.filter(pk=agreement.pk).exists()
    assert agreement.parties.count() == 2


def test_the_admin_delete_page_deletes_a_draft_with_its_rows(admin_client: Client) -> None:
    agreement = draft()
    PaymentMilestoneFactory.create(agreement=agreement)

    response = admin_client.post(admin_url(Agreement, "delete", agreement.pk), {"post": "yes"})

    assert response.status_code == 302
    assert not Agreement.objects.filter(pk=agreement.pk).exists()
    assert not AgreementParty.objects.filter(agreement_id=agreement.pk).exists()
    assert not PaymentMilestone.objects.filter(agreement_id=agreement.pk).exists()


def test_the_admin_bulk_delete_refuses_and_deletes_nothing(admin_client: Client) -> None:
    kept, mistaken = in_force(), draft()

    response = admin_client.post(
        admin_url(Agreement, "changelist"),
        {"action": "delete_selected", "_selected_action": [kept.pk, mistaken.pk], "post": "yes"},
    )

    assert response.status_code == 302
    assert any("Complete, Expire or Terminate" in m for m in messages_of(response))
    assert set(Agreement.objects.values_list("pk", flat=True)) == {kept.pk, mistaken.pk}
    assert AgreementParty.objects.filter(agreement=mistaken).count() == 2


def test_the_admin_change_page_shows_the_services_refusal(admin_client: Client) -> None:
    agreement = signed()
    url = admin_url(Agreement, "change", agreement.pk)

    response = admin_client.post(
        url, {**posted_back(admin_client.get(url)), "expires_on": "2023-01-01"}
    )

    assert response.status_code == 200
    assert "expires_on" in response.context["adminform"].form.errors
    assert Agreement.objects.get(pk=agreement.pk).expires_on is None


def test_the_agreement_page_offers_adding_rows_while_they_may_be_added(
    admin_client: Client,
) -> None:
    def adds(agreement: Agreement) -> set[str]:
        response = admin_client.get(admin_url(Agreement, "change", agreement.pk))
        return {link["url"].split("?")[0] for link in response.context["liaison_inline_adds"]}

    party, milestone, attachment = (
        admin_url(m, "add") for m in (AgreementParty, PaymentMilestone, AgreementAttachment)
    )
    assert adds(draft()) == {party, milestone, attachment}
    assert adds(in_force()) == {milestone, attachment}
    assert adds(ended()) == {attachment}


def test_a_party_is_added_on_its_own_admin_page_with_its_author(
    client: Client, staff_user: User
) -> None:
    agreement = draft()
    client.force_login(staff_user)
    url = f"{admin_url(AgreementParty, 'add')}?agreement={agreement.pk}"
    data = posted_back(client.get(url))
    data.update(organization=OrganizationFactory.create().pk, role=PartyRole.WITNESS)

    assert client.post(url, data).status_code == 302
    party = agreement.parties.get(role=PartyRole.WITNESS)
    assert party.history.get().history_user == staff_user


def test_the_admin_refuses_removing_a_party_of_a_signed_agreement(admin_client: Client) -> None:
    party = signed().parties.first()
    assert party is not None

    response = admin_client.post(admin_url(AgreementParty, "delete", party.pk), {"post": "yes"})

    assert any("fixed once it is signed" in m for m in messages_of(response))
    assert AgreementParty.objects.filter(pk=party.pk).exists()


def test_the_admin_refuses_a_milestone_for_an_ended_agreement(admin_client: Client) -> None:
    agreement = ended()
    url = f"{admin_url(PaymentMilestone, 'add')}?agreement={agreement.pk}"
    data = posted_back(admin_client.get(url))
    data.update(title="尾款", due_on="2024-07-01", currency="CNY")

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert "has ended" in " ".join(response.context["adminform"].form.non_field_errors())
    assert not agreement.milestones.exists()


def test_the_admin_refuses_deleting_a_met_milestone(admin_client: Client) -> None:
    milestone = PaymentMilestoneFactory.create(agreement=in_force(), done_on=D(2023, 7, 1))

    response = admin_client.post(
        admin_url(PaymentMilestone, "delete", milestone.pk), {"post": "yes"}
    )

    assert any("has been met" in m for m in messages_of(response))
    assert PaymentMilestone.objects.filter(pk=milestone.pk).exists()


def test_the_admin_refuses_deleting_the_signed_text(admin_client: Client) -> None:
    agreement = draft()
    attachment = attach(agreement)
    agreement_sign(agreement=agreement, signed_on=SIGNED_ON, by=None)

    response = admin_client.post(
        admin_url(AgreementAttachment, "delete", attachment.pk), {"post": "yes"}
    )

    assert any("kept as it is" in m for m in messages_of(response))
    assert AgreementAttachment.objects.filter(pk=attachment.pk).exists()


def test_the_admin_refuses_deleting_a_signing_event_in_use(admin_client: Client) -> None:
    event = SigningEventFactory.create()
    AgreementFactory.create(signing_event=event)

    response = admin_client.post(admin_url(SigningEvent, "delete", event.pk), {"post": "yes"})

    assert any("refer to it" in m for m in messages_of(response))
    assert SigningEvent.objects.filter(pk=event.pk).exists()
