import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from liaison.accounts.models import User
from liaison.agreements.choices import AgreementKind, AgreementStatus, PartyRole
from liaison.agreements.models import Agreement
from liaison.agreements.services import (
    agreement_add_party,
    agreement_complete,
    agreement_create,
    agreement_expire,
    agreement_put_in_force,
    agreement_sign,
    agreement_submit_for_review,
    agreement_terminate,
    agreement_update,
    milestone_add,
    milestone_mark_done,
)
from liaison.core.lifecycle import today
from tests.agreements.factories import (
    AgreementFactory,
    AgreementPartyFactory,
    PaymentMilestoneFactory,
    SigningEventFactory,
)
from tests.core.errors import codes
from tests.organizations.factories import InstituteFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

D = datetime.date
SIGNED_ON = D(2023, 5, 6)


def two_party_agreement(**fields: Any) -> Agreement:
    agreement = AgreementFactory.create(**fields)
    AgreementPartyFactory.create(agreement=agreement, role=PartyRole.INSTITUTE)
    AgreementPartyFactory.create(agreement=agreement, role=PartyRole.PARTNER)
    return agreement


def signed_agreement(**fields: Any) -> Agreement:
    agreement = two_party_agreement(**fields)
    return agreement_sign(agreement=agreement, signed_on=SIGNED_ON, by=None)


def in_force_agreement(**fields: Any) -> Agreement:
    agreement = signed_agreement(**fields)
    return agreement_put_in_force(agreement=agreement, effective_on=SIGNED_ON, by=None)


def reload(agreement: Agreement) -> Agreement:
    return Agreement.objects.get(pk=agreement.pk)


# Creation and parties


def test_agreement_create_makes_a_draft_with_its_parties_and_author(staff_user: User) -> None:
    institute = InstituteFactory.create()
    partner = OrganizationFactory.create(kind="university")
    agreement = agreement_create(
        by=staff_user,
        number="WZ-2023-001",
        title_zh="全面合作框架协议",
        kind=AgreementKind.FRAMEWORK,
        parties=[(institute, PartyRole.INSTITUTE), (partner, PartyRole.PARTNER)],
    )
    agreement = reload(agreement)
    assert agreement.status == AgreementStatus.DRAFT
    assert {(p.organization, p.role) for p in agreement.parties.all()} == {
        (institute, PartyRole.INSTITUTE),
        (partner, PartyRole.PARTNER),
    }
    assert agreement.history.get().history_user == staff_user
    assert {p.history.get().history_user for p in agreement.parties.all()} == {staff_user}


def test_agreement_create_refuses_a_number_already_used() -> None:
    AgreementFactory.create(number="WZ-2023-001")
    with pytest.raises(ValidationError) as error:
        agreement_create(
            by=None, number="WZ-2023-001", title_zh="协议", kind=AgreementKind.FRAMEWORK
        )
    assert "number" in error.value.error_dict


def test_agreement_create_refuses_a_negative_value() -> None:
    with pytest.raises(ValidationError) as error:
        agreement_create(
            by=None,
            number="WZ-2023-001",
            title_zh="协议",
            kind=AgreementKind.FRAMEWORK,
            value=Decimal("-5"),
        )
    assert "cannot be negative" in error.value.message_dict["value"][0]
    assert not Agreement.objects.exists()


def test_an_agreement_of_no_value_is_accepted() -> None:
    agreement = agreement_create(
        by=None, number="WZ-2023-001", title_zh="协议", kind=AgreementKind.FRAMEWORK, value=0
    )
    assert agreement.value == 0


def test_the_approved_technical_income_is_at_most_the_contracts_value() -> None:
    with pytest.raises(ValidationError) as error:
        agreement_create(
            by=None,
            number="WZ-2023-001",
            title_zh="技术开发合同",
            kind=AgreementKind.TECH_DEVELOPMENT,
            value=Decimal("100000"),
            technical_income=Decimal("100000.01"),
        )
    assert codes(error, "technical_income") == ["income_above_value"]
    agreement = agreement_create(
        by=None,
        number="WZ-2023-001",
        title_zh="技术开发合同",
        kind=AgreementKind.TECH_DEVELOPMENT,
        value=Decimal("100000"),
        technical_income=Decimal("80000"),
    )
    # Lowering the value below the income already approved is refused too.
    with pytest.raises(ValidationError) as error:
        agreement_update(agreement=agreement, by=None, version=agreement.version, value=Decimal(1))
    assert codes(error, "technical_income") == ["income_above_value"]


def test_the_database_refuses_a_negative_value_written_around_the_services() -> None:
    agreement = AgreementFactory.create()
    with pytest.raises(IntegrityError), transaction.atomic():
        Agreement.objects.filter(pk=agreement.pk).update(value=Decimal("-5"))


def test_agreement_create_refuses_to_set_the_status() -> None:
    with pytest.raises(TypeError):
        agreement_create(
            by=None,
            number="WZ-2023-001",
            title_zh="协议",
            kind=AgreementKind.FRAMEWORK,
            status=AgreementStatus.IN_FORCE,
        )


def test_agreement_create_with_the_same_party_twice_is_refused_entirely() -> None:
    partner = OrganizationFactory.create()
    with pytest.raises(ValidationError):
        agreement_create(
            by=None,
            number="WZ-2023-001",
            title_zh="协议",
            kind=AgreementKind.FRAMEWORK,
            parties=[(partner, PartyRole.PARTNER), (partner, PartyRole.CLIENT)],
        )
    assert not Agreement.objects.exists()


def test_agreement_add_party_refuses_an_unknown_role() -> None:
    with pytest.raises(ValidationError) as error:
        agreement_add_party(
            agreement=AgreementFactory.create(),
            organization=OrganizationFactory.create(),
            role="boss",
            by=None,
        )
    assert "role" in error.value.error_dict


def test_the_parties_of_a_signed_agreement_are_fixed() -> None:
    agreement = signed_agreement()
    with pytest.raises(ValidationError) as error:
        agreement_add_party(
            agreement=agreement,
            organization=OrganizationFactory.create(),
            role=PartyRole.WITNESS,
            by=None,
        )
    assert codes(error) == ["parties_fixed"]


# Review and signing


def test_a_draft_can_be_submitted_for_review(staff_user: User) -> None:
    agreement = agreement_submit_for_review(agreement=AgreementFactory.create(), by=staff_user)
    assert reload(agreement).status == AgreementStatus.UNDER_REVIEW
    assert agreement.history.order_by("-history_id").first().history_user == staff_user


def test_only_a_draft_can_be_submitted_for_review() -> None:
    agreement = signed_agreement()
    with pytest.raises(ValidationError) as error:
        agreement_submit_for_review(agreement=agreement, by=None)
    assert codes(error) == ["illegal_transition"]
    assert "Signed" in error.value.messages[0]
    assert "Under review" in error.value.messages[0]


def test_agreement_sign_records_the_date_the_ceremony_and_the_author(staff_user: User) -> None:
    event = SigningEventFactory.create()
    agreement = agreement_sign(
        agreement=two_party_agreement(), signed_on=SIGNED_ON, signing_event=event, by=staff_user
    )
    agreement = reload(agreement)
    assert (agreement.status, agreement.signed_on, agreement.signing_event) == (
        AgreementStatus.SIGNED,
        SIGNED_ON,
        event,
    )
    assert agreement.history.order_by("-history_id").first().history_user == staff_user


def test_an_agreement_under_review_can_be_signed() -> None:
    agreement = agreement_submit_for_review(agreement=two_party_agreement(), by=None)
    agreement_sign(agreement=agreement, signed_on=SIGNED_ON, by=None)
    assert reload(agreement).status == AgreementStatus.SIGNED


def test_an_agreement_cannot_be_signed_with_fewer_than_two_parties() -> None:
    agreement = AgreementFactory.create()
    AgreementPartyFactory.create(agreement=agreement)
    with pytest.raises(ValidationError) as error:
        agreement_sign(agreement=agreement, signed_on=SIGNED_ON, by=None)
    assert codes(error) == ["too_few_parties"]
    assert reload(agreement).status == AgreementStatus.DRAFT


def test_an_agreement_cannot_be_signed_in_the_future() -> None:
    agreement = two_party_agreement()
    with pytest.raises(ValidationError) as error:
        agreement_sign(agreement=agreement, signed_on=today() + datetime.timedelta(days=1), by=None)
    assert codes(error, "signed_on") == ["future_date"]


def test_an_agreement_cannot_be_signed_after_it_expires() -> None:
    agreement = two_party_agreement(expires_on=D(2023, 1, 1))
    with pytest.raises(ValidationError) as error:
        agreement_sign(agreement=agreement, signed_on=SIGNED_ON, by=None)
    assert codes(error, "signed_on") == ["signed_after_expiry"]


def test_a_signed_agreement_cannot_be_signed_again() -> None:
    agreement = signed_agreement()
    with pytest.raises(ValidationError) as error:
        agreement_sign(agreement=agreement, signed_on=SIGNED_ON, by=None)
    assert codes(error) == ["illegal_transition"]


def test_a_refused_signing_leaves_the_agreement_unchanged_in_memory() -> None:
    agreement = AgreementFactory.create()
    with pytest.raises(ValidationError):
        agreement_sign(agreement=agreement, signed_on=SIGNED_ON, by=None)
    assert (agreement.status, agreement.signed_on) == (AgreementStatus.DRAFT, None)


# In force


def test_a_signed_agreement_can_be_put_in_force(staff_user: User) -> None:
    agreement = signed_agreement()
    agreement_put_in_force(agreement=agreement, effective_on=D(2023, 6, 1), by=staff_user)
    agreement = reload(agreement)
    assert (agreement.status, agreement.effective_on) == (AgreementStatus.IN_FORCE, D(2023, 6, 1))
    assert agreement.history.order_by("-history_id").first().history_user == staff_user


@pytest.mark.parametrize("submit", [False, True], ids=["draft", "under_review"])
def test_agreement_cannot_be_in_force_before_signed(submit: bool) -> None:
    agreement = two_party_agreement()
    if submit:
        agreement_submit_for_review(agreement=agreement, by=None)
    with pytest.raises(ValidationError) as error:
        agreement_put_in_force(agreement=agreement, effective_on=SIGNED_ON, by=None)
    assert codes(error) == ["illegal_transition"]
    assert "cannot be in force before it is signed" in error.value.messages[0]
    expected = AgreementStatus.UNDER_REVIEW if submit else AgreementStatus.DRAFT
    agreement = reload(agreement)
    assert (agreement.status, agreement.effective_on) == (expected, None)


def test_an_agreement_in_force_cannot_be_put_in_force_again() -> None:
    agreement = in_force_agreement()
    with pytest.raises(ValidationError) as error:
        agreement_put_in_force(agreement=agreement, effective_on=SIGNED_ON, by=None)
    assert codes(error) == ["illegal_transition"]


def test_an_agreement_cannot_take_effect_before_it_is_signed() -> None:
    agreement = signed_agreement()
    with pytest.raises(ValidationError) as error:
        agreement_put_in_force(agreement=agreement, effective_on=D(2023, 5, 5), by=None)
    assert codes(error, "effective_on") == ["effective_before_signed"]
    assert reload(agreement).status == AgreementStatus.SIGNED


def test_an_agreement_cannot_take_effect_after_it_expires() -> None:
    agreement = signed_agreement(expires_on=D(2023, 12, 31))
    with pytest.raises(ValidationError) as error:
        agreement_put_in_force(agreement=agreement, effective_on=D(2024, 1, 1), by=None)
    assert codes(error, "effective_on") == ["effective_after_expiry"]


def test_an_agreement_may_take_effect_on_the_day_it_expires() -> None:
    agreement = signed_agreement(expires_on=D(2023, 12, 31))
    agreement_put_in_force(agreement=agreement, effective_on=D(2023, 12, 31), by=None)
    assert reload(agreement).status == AgreementStatus.IN_FORCE


# Ending


def test_an_agreement_in_force_can_be_completed(staff_user: User) -> None:
    agreement = agreement_complete(
        agreement=in_force_agreement(), ended_on=D(2024, 5, 6), by=staff_user
    )
    agreement = reload(agreement)
    assert (agreement.status, agreement.ended_on) == (AgreementStatus.COMPLETED, D(2024, 5, 6))
    assert agreement.history.order_by("-history_id").first().history_user == staff_user


def test_a_signed_agreement_not_in_force_cannot_be_completed() -> None:
    with pytest.raises(ValidationError) as error:
        agreement_complete(agreement=signed_agreement(), ended_on=D(2024, 5, 6), by=None)
    assert codes(error) == ["illegal_transition"]


@pytest.mark.parametrize("make", [signed_agreement, in_force_agreement])
def test_a_signed_or_in_force_agreement_can_expire(make: Callable[[], Agreement]) -> None:
    agreement = agreement_expire(agreement=make(), ended_on=D(2024, 5, 6), by=None)
    agreement = reload(agreement)
    assert (agreement.status, agreement.ended_on) == (AgreementStatus.EXPIRED, D(2024, 5, 6))


@pytest.mark.parametrize("make", [signed_agreement, in_force_agreement])
def test_a_signed_or_in_force_agreement_can_be_terminated_with_its_reason(
    make: Callable[[], Agreement],
) -> None:
    agreement = agreement_terminate(
        agreement=make(), ended_on=D(2024, 1, 1), reason="合作方经营困难", by=None
    )
    agreement = reload(agreement)
    assert (agreement.status, agreement.ended_on, agreement.end_reason) == (
        AgreementStatus.TERMINATED,
        D(2024, 1, 1),
        "合作方经营困难",
    )


@pytest.mark.parametrize(
    "end",
    [
        lambda a: agreement_complete(agreement=a, ended_on=D(2024, 1, 1), by=None),
        lambda a: agreement_expire(agreement=a, ended_on=D(2024, 1, 1), by=None),
        lambda a: agreement_terminate(agreement=a, ended_on=D(2024, 1, 1), reason="x", by=None),
    ],
    ids=["complete", "expire", "terminate"],
)
def test_a_draft_cannot_end(end: Callable[[Agreement], Agreement]) -> None:
    agreement = two_party_agreement()
    with pytest.raises(ValidationError) as error:
        end(agreement)
    assert codes(error) == ["illegal_transition"]
    assert reload(agreement).status == AgreementStatus.DRAFT


def test_an_ended_agreement_cannot_end_again() -> None:
    agreement = agreement_expire(agreement=signed_agreement(), ended_on=D(2024, 1, 1), by=None)
    with pytest.raises(ValidationError) as error:
        agreement_terminate(agreement=agreement, ended_on=D(2024, 2, 1), reason="x", by=None)
    assert codes(error) == ["illegal_transition"]


def test_an_agreement_cannot_be_terminated_without_a_reason() -> None:
    agreement = signed_agreement()
    with pytest.raises(ValidationError) as error:
        agreement_terminate(agreement=agreement, ended_on=D(2024, 1, 1), reason="  ", by=None)
    assert codes(error, "reason") == ["reason_required"]
    assert reload(agreement).status == AgreementStatus.SIGNED


def test_an_agreement_cannot_end_before_it_is_signed() -> None:
    agreement = signed_agreement()
    with pytest.raises(ValidationError) as error:
        agreement_expire(agreement=agreement, ended_on=D(2023, 5, 5), by=None)
    assert codes(error, "ended_on") == ["ended_before_signed"]


def test_an_agreement_cannot_end_before_it_takes_effect() -> None:
    agreement = signed_agreement()
    agreement_put_in_force(agreement=agreement, effective_on=D(2023, 6, 1), by=None)
    with pytest.raises(ValidationError) as error:
        agreement_complete(agreement=agreement, ended_on=D(2023, 5, 20), by=None)
    assert codes(error, "ended_on") == ["ended_before_effective"]


def test_an_agreement_cannot_end_in_the_future() -> None:
    with pytest.raises(ValidationError) as error:
        agreement_complete(
            agreement=in_force_agreement(), ended_on=today() + datetime.timedelta(days=1), by=None
        )
    assert codes(error, "ended_on") == ["future_date"]


# Milestones


def test_milestone_add_records_the_payment_with_its_author(staff_user: User) -> None:
    agreement = AgreementFactory.create()
    milestone = milestone_add(
        agreement=agreement,
        title="首期款",
        due_on=D(2023, 7, 1),
        amount=Decimal("200000.00"),
        by=staff_user,
    )
    assert list(agreement.milestones.all()) == [milestone]
    assert milestone.currency == "CNY"
    assert milestone.history.get().history_user == staff_user


def test_a_milestone_amount_must_be_positive() -> None:
    with pytest.raises(ValidationError) as error:
        milestone_add(
            agreement=AgreementFactory.create(),
            title="首期款",
            due_on=D(2023, 7, 1),
            amount=Decimal("-1"),
            by=None,
        )
    assert codes(error, "amount") == ["amount"]


def test_an_ended_agreement_takes_no_new_milestones() -> None:
    agreement = agreement_expire(agreement=signed_agreement(), ended_on=D(2024, 1, 1), by=None)
    with pytest.raises(ValidationError) as error:
        milestone_add(agreement=agreement, title="尾款", due_on=D(2024, 7, 1), by=None)
    assert codes(error) == ["agreement_ended"]


def test_a_milestone_of_a_signed_agreement_can_be_marked_done(staff_user: User) -> None:
    milestone = PaymentMilestoneFactory.create(agreement=in_force_agreement())
    milestone_mark_done(milestone=milestone, done_on=D(2023, 7, 1), by=staff_user)
    milestone.refresh_from_db()
    assert milestone.done_on == D(2023, 7, 1)
    assert milestone.history.order_by("-history_id").first().history_user == staff_user


def test_a_milestone_of_an_unsigned_agreement_cannot_be_done() -> None:
    milestone = PaymentMilestoneFactory.create(agreement=two_party_agreement())
    with pytest.raises(ValidationError) as error:
        milestone_mark_done(milestone=milestone, done_on=D(2023, 7, 1), by=None)
    assert codes(error) == ["agreement_not_signed"]


def test_a_milestone_cannot_be_done_before_its_agreement_is_signed() -> None:
    milestone = PaymentMilestoneFactory.create(agreement=signed_agreement())
    with pytest.raises(ValidationError) as error:
        milestone_mark_done(milestone=milestone, done_on=D(2023, 5, 1), by=None)
    assert codes(error, "done_on") == ["done_before_signed"]


def test_a_milestone_cannot_be_done_twice() -> None:
    milestone = PaymentMilestoneFactory.create(agreement=signed_agreement(), done_on=D(2023, 7, 1))
    with pytest.raises(ValidationError) as error:
        milestone_mark_done(milestone=milestone, done_on=D(2023, 8, 1), by=None)
    assert codes(error, "done_on") == ["already_done"]


def test_an_agreement_cannot_expire_before_it_was_signed() -> None:
    agreement = signed_agreement()
    agreement.expires_on = SIGNED_ON - datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        agreement.full_clean()
    assert codes(error, "expires_on") == ["expires_before_signed"]
