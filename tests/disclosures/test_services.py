import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from liaison.accounts.choices import RoleKind
from liaison.achievements.choices import AchievementKind
from liaison.disclosures import services
from liaison.disclosures.choices import DisclosureDecision, DisclosureEventKind, DisclosureStatus
from liaison.disclosures.models import Disclosure, DisclosureInventor
from liaison.disclosures.selectors import contribution_shares
from liaison.disclosures.services import (
    attachment_create,
    disclosure_accept,
    disclosure_acknowledge,
    disclosure_assign,
    disclosure_decide,
    disclosure_delete,
    disclosure_start_evaluation,
    disclosure_update,
    disclosure_withdraw,
    funding_create,
    inventor_create,
    inventor_update,
    novelty_warnings,
)
from liaison.people.models import Person
from tests.accounts.factories import UserFactory
from tests.achievements.factories import AchievementFactory
from tests.centers.factories import CenterFactory
from tests.core.errors import codes
from tests.disclosures.factories import (
    ACKNOWLEDGED_ON,
    DECIDED_ON,
    DisclosureFactory,
    DisclosureInventorFactory,
    accepted,
    acknowledged,
    decided,
    evaluated,
    submitted_disclosure,
)
from tests.organizations.factories import InstituteFactory, OrganizationFactory
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def shares(*values: str) -> tuple[tuple[Person, str], ...]:
    return tuple((PersonFactory.create(), value) for value in values)


def reload(disclosure: Disclosure) -> Disclosure:
    return Disclosure.objects.get(pk=disclosure.pk)


# Shares -------------------------------------------------------------------------------------


def test_shares_adding_up_to_100_are_accepted_with_each_inventor() -> None:
    disclosure = submitted_disclosure(shares=shares("70", "30"))
    assert sorted(disclosure.inventors.values_list("share", flat=True)) == [
        Decimal("30.00"),
        Decimal("70.00"),
    ]
    assert disclosure.status == DisclosureStatus.SUBMITTED


def test_a_three_way_split_of_33_33_33_33_33_34_is_accepted() -> None:
    disclosure = submitted_disclosure(shares=shares("33.33", "33.33", "33.34"))
    assert disclosure.inventors.count() == 3


@pytest.mark.parametrize("split", [("60", "39.99"), ("60", "40.01"), ("33.33", "33.33", "33.33")])
def test_shares_not_adding_up_to_exactly_100_are_refused_under_the_inventors(
    split: tuple[str, ...],
) -> None:
    with pytest.raises(ValidationError) as error:
        submitted_disclosure(shares=shares(*split))
    assert codes(error, "inventors") == ["shares_not_100"]
    assert "must add up to exactly 100" in error.value.message_dict["inventors"][0]
    assert not Disclosure.objects.exists()


def test_a_share_of_zero_is_refused() -> None:
    with pytest.raises(ValidationError) as error:
        submitted_disclosure(shares=shares("100", "0"))
    assert codes(error, "inventors") == ["share_not_positive"]


def test_the_same_person_twice_is_refused() -> None:
    person = PersonFactory.create()
    with pytest.raises(ValidationError) as error:
        submitted_disclosure(shares=((person, "50"), (person, "50")))
    assert "inventor_twice" in codes(error, "inventors")


def test_a_submission_without_inventors_is_refused() -> None:
    with pytest.raises(ValidationError) as error:
        submitted_disclosure(shares=())
    assert codes(error, "inventors") == ["no_inventors"]


def test_a_conception_date_in_the_future_is_refused() -> None:
    with pytest.raises(ValidationError) as error:
        submitted_disclosure(conceived_on=D(2099, 1, 1))
    assert codes(error, "conceived_on") == ["future_date"]


def test_a_submission_is_dated_attributed_and_written_to_the_history() -> None:
    researcher = UserFactory.create(role=RoleKind.RESEARCHER)
    person = PersonFactory.create(user=researcher)
    disclosure = submitted_disclosure(by=researcher, shares=((person, "100"),))
    assert disclosure.submitted_by == researcher
    assert disclosure.case_number is None
    assert list(disclosure.events.values_list("kind", flat=True)) == [DisclosureEventKind.SUBMITTED]


def test_an_inventor_added_later_may_not_take_the_shares_above_100() -> None:
    inventor = DisclosureInventorFactory.create(share=Decimal("80"))
    with pytest.raises(ValidationError) as error:
        inventor_create(
            by=None, disclosure=inventor.disclosure, person=PersonFactory.create(), share="20.01"
        )
    assert codes(error, "share") == ["shares_over_100"]
    inventor_create(
        by=None, disclosure=inventor.disclosure, person=PersonFactory.create(), share="20"
    )


def test_funding_names_its_source() -> None:
    disclosure = submitted_disclosure()
    with pytest.raises(ValidationError) as error:
        funding_create(by=None, disclosure=disclosure, sponsor_has_rights=True)
    assert codes(error, "sponsor") == ["funding_source_required"]
    funding = funding_create(
        by=None,
        disclosure=disclosure,
        sponsor=OrganizationFactory.create(),
        sponsor_has_rights=True,
        rights_note="A non-exclusive licence.",
    )
    assert funding.sponsor_has_rights


# The office's steps -------------------------------------------------------------------------


def test_acknowledging_gives_the_years_case_numbers_in_turn_and_a_responsible_person() -> None:
    first = acknowledged(submitted_disclosure())
    second = acknowledged(submitted_disclosure())
    assert first.case_number == "ID-2026-0001"
    assert second.case_number == "ID-2026-0002"
    assert first.status == DisclosureStatus.ACKNOWLEDGED
    assert first.responsible is not None
    assert first.acknowledged_on == ACKNOWLEDGED_ON
    assert first.events.filter(kind=DisclosureEventKind.ACKNOWLEDGED).exists()


def test_case_numbers_start_again_each_year() -> None:
    last_year = acknowledged(submitted_disclosure(submitted_on=D(2025, 12, 1)), on=D(2025, 12, 30))
    this_year = acknowledged(submitted_disclosure())
    assert last_year.case_number == "ID-2025-0001"
    assert this_year.case_number == "ID-2026-0001"


def test_case_numbers_follow_the_highest_not_the_count() -> None:
    DisclosureFactory.create(case_number="ID-2026-0041")
    assert acknowledged(submitted_disclosure()).case_number == "ID-2026-0042"


def test_a_case_number_taken_meanwhile_is_skipped_for_the_next(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Another office acknowledged one with the number read, between the read and the save.
    DisclosureFactory.create(case_number="ID-2026-0007")
    real = services.next_case_number
    answers = iter(["ID-2026-0007"])
    monkeypatch.setattr(
        services, "next_case_number", lambda year: next(answers, None) or real(year)
    )
    assert acknowledged(submitted_disclosure()).case_number == "ID-2026-0008"


def test_a_disclosure_whose_shares_do_not_add_up_is_not_acknowledged() -> None:
    inventor = DisclosureInventorFactory.create(share=Decimal("90"))
    with pytest.raises(ValidationError) as error:
        acknowledged(inventor.disclosure)
    assert codes(error, "inventors") == ["shares_not_100"]
    assert reload(inventor.disclosure).case_number is None


def test_a_disclosure_is_acknowledged_once() -> None:
    disclosure = acknowledged(submitted_disclosure())
    with pytest.raises(ValidationError) as error:
        acknowledged(disclosure)
    assert error.value.code == "illegal_transition"


def test_a_researcher_may_not_take_the_offices_steps_on_their_own_disclosure() -> None:
    researcher = UserFactory.create(role=RoleKind.RESEARCHER)
    person = PersonFactory.create(user=researcher)
    disclosure = submitted_disclosure(by=researcher, shares=((person, "100"),))
    with pytest.raises(PermissionDenied):
        disclosure_acknowledge(
            disclosure=disclosure,
            acknowledged_on=ACKNOWLEDGED_ON,
            responsible=researcher,
            by=researcher,
        )
    assert reload(disclosure).status == DisclosureStatus.SUBMITTED


def test_office_staff_take_the_steps() -> None:
    staff = UserFactory.create()
    disclosure = decided(submitted_disclosure(), by=staff)
    assert disclosure.status == DisclosureStatus.DECIDED
    assert disclosure.responsible == staff


def test_assigning_names_another_responsible_person_in_the_history() -> None:
    disclosure = acknowledged(submitted_disclosure())
    colleague = UserFactory.create(username="colleague")
    disclosure_assign(disclosure=disclosure, responsible=colleague, by=None)
    assert reload(disclosure).responsible == colleague
    assert "colleague" in disclosure.events.get(kind=DisclosureEventKind.ASSIGNED).note
    with pytest.raises(ValidationError) as error:
        disclosure_assign(disclosure=reload(disclosure), responsible=colleague, by=None)
    assert codes(error, "responsible") == ["already_responsible"]


def test_the_evaluation_starts_only_once_acknowledged() -> None:
    with pytest.raises(ValidationError) as error:
        disclosure_start_evaluation(
            disclosure=submitted_disclosure(), started_on=ACKNOWLEDGED_ON, by=None
        )
    assert error.value.code == "illegal_transition"


def test_a_step_cannot_be_dated_before_the_last_one() -> None:
    disclosure = acknowledged(submitted_disclosure())
    with pytest.raises(ValidationError) as error:
        disclosure_start_evaluation(disclosure=disclosure, started_on=D(2026, 9, 1), by=None)
    assert codes(error, "started_on") == ["before_latest_step"]


def test_a_decision_needs_its_reasons_and_an_evaluation() -> None:
    disclosure = evaluated(submitted_disclosure())
    with pytest.raises(ValidationError) as error:
        disclosure_decide(
            disclosure=disclosure,
            decision=DisclosureDecision.KNOW_HOW,
            decided_on=DECIDED_ON,
            note=" ",
            by=None,
        )
    assert codes(error, "note") == ["note_required"]
    with pytest.raises(ValidationError) as error:
        disclosure_decide(
            disclosure=acknowledged(submitted_disclosure()),
            decision=DisclosureDecision.KNOW_HOW,
            decided_on=DECIDED_ON,
            note="Kept secret.",
            by=None,
        )
    assert error.value.code == "illegal_transition"


def test_a_decision_is_dated_with_its_note_in_the_history() -> None:
    disclosure = decided(submitted_disclosure(), decision=DisclosureDecision.RELEASE)
    assert disclosure.decided_on == DECIDED_ON
    assert disclosure.decision == DisclosureDecision.RELEASE
    event = disclosure.events.get(kind=DisclosureEventKind.DECIDED)
    assert event.happened_on == DECIDED_ON
    assert "Novel and inventive" in event.note
    assert list(disclosure.events.values_list("kind", flat=True)) == [
        "submitted",
        "acknowledged",
        "evaluation_started",
        "decided",
    ]


def test_accepting_makes_the_institutes_achievement_with_the_inventors_and_keeps_the_link() -> None:
    institute = InstituteFactory.create()
    center = CenterFactory.create()
    a, b = PersonFactory.create(), PersonFactory.create()
    disclosure = accepted(submitted_disclosure(shares=((a, "75"), (b, "25")), center=center))
    achievement = disclosure.achievement
    assert disclosure.status == DisclosureStatus.ACCEPTED
    assert achievement is not None
    assert achievement.title_zh == disclosure.title_zh
    assert achievement.kind == AchievementKind.PATENT
    assert achievement.center == center
    assert list(achievement.owners.all()) == [institute]
    assert set(achievement.inventors.all()) == {a, b}
    assert list(achievement.disclosures.all()) == [disclosure]
    assert disclosure.events.filter(kind=DisclosureEventKind.ACCEPTED).exists()


def test_a_disclosure_released_to_the_inventors_is_not_accepted() -> None:
    InstituteFactory.create()
    disclosure = decided(submitted_disclosure(), decision=DisclosureDecision.RELEASE)
    with pytest.raises(ValidationError) as error:
        disclosure_accept(disclosure=disclosure, accepted_on=DECIDED_ON, by=None)
    assert codes(error) == ["decision_not_kept"]
    assert reload(disclosure).achievement is None


def test_accepting_needs_the_institute_to_own_the_achievement() -> None:
    disclosure = decided(submitted_disclosure())
    with pytest.raises(ValidationError) as error:
        disclosure_accept(disclosure=disclosure, accepted_on=DECIDED_ON, by=None)
    assert codes(error) == ["no_institute"]


def test_the_researcher_withdraws_before_a_decision_and_says_why() -> None:
    disclosure = acknowledged(submitted_disclosure())
    with pytest.raises(ValidationError) as error:
        disclosure_withdraw(disclosure=disclosure, withdrawn_on=DECIDED_ON, reason="", by=None)
    assert codes(error, "reason") == ["reason_required"]
    disclosure_withdraw(
        disclosure=disclosure, withdrawn_on=DECIDED_ON, reason="Published by a competitor.", by=None
    )
    assert reload(disclosure).status == DisclosureStatus.WITHDRAWN


def test_a_decided_disclosure_cannot_be_withdrawn_or_changed() -> None:
    disclosure = decided(submitted_disclosure())
    with pytest.raises(ValidationError) as error:
        disclosure_withdraw(disclosure=disclosure, withdrawn_on=DECIDED_ON, reason="x", by=None)
    assert error.value.code == "illegal_transition"
    with pytest.raises(ValidationError) as error:
        disclosure_update(disclosure=disclosure, by=None, version=None, title_en="Renamed")
    assert codes(error) == ["disclosure_closed"]
    inventor = disclosure.inventors.first()
    assert inventor is not None
    with pytest.raises(ValidationError):
        inventor_update(inventor=inventor, by=None, version=None, share=Decimal("50"))


def test_only_a_disclosure_not_yet_acknowledged_is_deleted() -> None:
    kept = acknowledged(submitted_disclosure())
    with pytest.raises(ValidationError) as error:
        disclosure_delete(disclosure=kept, by=None)
    assert "withdraw it instead" in error.value.messages[0]
    gone = submitted_disclosure()
    pk = gone.pk
    staff = UserFactory.create()
    disclosure_delete(disclosure=gone, by=staff)
    assert not Disclosure.objects.filter(pk=pk).exists()
    # Its inventors went through their own service: each deletion names who made it.
    deleted = DisclosureInventor.history.filter(disclosure_id=pk, history_type="-")
    assert [row.history_user for row in deleted] == [staff, staff]


# Bar dates and documents ----------------------------------------------------------------------


def test_a_public_disclosure_or_a_publication_soon_is_warned_of() -> None:
    quiet = DisclosureFactory.build(first_public_on=None, planned_publication_on=D(2027, 6, 1))
    assert novelty_warnings(quiet, on=D(2026, 12, 7)) == []
    public = DisclosureFactory.build(first_public_on=D(2026, 11, 1))
    assert "made public on 2026-11-01" in novelty_warnings(public, on=D(2026, 12, 7))[0]
    soon = DisclosureFactory.build(planned_publication_on=D(2027, 1, 15))
    assert "in 39 days" in novelty_warnings(soon, on=D(2026, 12, 7))[0]


def test_a_document_is_judged_by_its_content_and_stored_under_a_random_name() -> None:
    disclosure = submitted_disclosure()
    with pytest.raises(ValidationError) as error:
        attachment_create(
            by=None,
            disclosure=disclosure,
            title="page",
            file=SimpleUploadedFile("notes.pdf", b"<html><script>x</script></html>"),
        )
    assert "file" in error.value.message_dict
    attachment = attachment_create(
        by=None, disclosure=disclosure, title="", file=SimpleUploadedFile("lab notes.txt", b"ok")
    )
    assert attachment.title == "lab notes.txt"
    assert "lab notes" not in attachment.file.name
    assert attachment.file.name.endswith(".txt")


# Shares for the rewards -----------------------------------------------------------------------


def test_contribution_shares_are_those_of_the_accepted_disclosure() -> None:
    a, b = PersonFactory.create(), PersonFactory.create()
    disclosure = accepted(submitted_disclosure(shares=((a, "33.33"), (b, "66.67"))))
    assert disclosure.achievement is not None
    assert contribution_shares(achievement=disclosure.achievement) == [
        (b, Decimal("66.67")),
        (a, Decimal("33.33")),
    ]


def test_an_achievement_from_no_disclosure_has_no_contribution_shares() -> None:
    assert contribution_shares(achievement=AchievementFactory.create()) is None


@pytest.mark.django_db(transaction=True)
def test_two_offices_acknowledging_at_once_get_two_numbers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Both read the same highest number; the unique index makes the second take the next."""
    import threading

    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writing transaction at a time (IMMEDIATE): no race")
    first, second = submitted_disclosure(), submitted_disclosure()
    responsible = UserFactory.create()
    real = services.next_case_number
    barrier = threading.Barrier(2, timeout=10)
    raced: list[str] = []

    def read_together(year: int) -> str:
        number = real(year)
        if len(raced) < 2:
            raced.append(number)
            barrier.wait()
        return number

    monkeypatch.setattr(services, "next_case_number", read_together)
    errors: list[BaseException] = []

    def acknowledge(disclosure: Disclosure) -> None:
        try:
            disclosure_acknowledge(
                disclosure=disclosure,
                acknowledged_on=ACKNOWLEDGED_ON,
                responsible=responsible,
                by=None,
            )
        except BaseException as error:  # reported below, in the test's thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=acknowledge, args=(d,)) for d in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert raced == ["ID-2026-0001", "ID-2026-0001"]
    assert sorted(n or "" for n in Disclosure.objects.values_list("case_number", flat=True)) == [
        "ID-2026-0001",
        "ID-2026-0002",
    ]
