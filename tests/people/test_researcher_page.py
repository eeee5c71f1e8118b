"""The researcher's own page: their profile, the needs proposed to them, their achievements.

A researcher sees and answers only what is their own; everything else is a 404, as for any
record outside a user's roles.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.formats import date_format
from pytest_django import DjangoCaptureOnCommitCallbacks
from pytest_django.fixtures import Settings

from liaison.accounts.choices import RoleKind, Scope
from liaison.accounts.models import Role, User
from liaison.accounts.services import default_role, rule_create
from liaison.achievements.choices import Stage
from liaison.achievements.models import Achievement
from liaison.achievements.services import achievement_record_stage
from liaison.core import permissions
from liaison.core.choices import Confidentiality
from liaison.matching import selectors, signals, storage
from liaison.needs.choices import CandidateKind, Decision
from liaison.needs.models import MatchCandidate, TechnicalNeed
from liaison.needs.responses import candidate_respond
from liaison.needs.services import need_close, need_propose_candidates
from liaison.people import researcher_views
from liaison.people.models import Person
from tests.accounts.factories import UserFactory
from tests.achievements.factories import AchievementFactory
from tests.core.errors import messages_of
from tests.needs.factories import triaged
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db

ME = "people:me"


def researcher(name: str = "Researcher Ru", **fields: Any) -> tuple[User, Person]:
    """A user with the Researcher role and the person their account is."""
    user = UserFactory.create(role=RoleKind.RESEARCHER)
    person = PersonFactory.create(user=user, name_en=name, **fields)
    return user, person


def propose(person: Person, title: str = "抗菌敷料涂层", score: float = 0.82) -> MatchCandidate:
    """A triaged need, matched by the office with `person` among its experts."""
    need = triaged()
    need.title = title
    need.save()
    (candidate,) = need_propose_candidates(
        need=need,
        candidates=[{"kind": CandidateKind.EXPERT, "person": person, "score": score}],
        by=None,
    )
    return candidate


def invent(person: Person, title: str) -> Achievement:
    achievement = AchievementFactory.create(title_en=title)
    achievement.inventors.add(person)
    achievement_record_stage(
        achievement=achievement,
        stage=Stage.PROTOTYPE,
        reached_on=datetime.date(2022, 3, 1),
        by=None,
    )
    return achievement


def signed_in_as(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def answer(client: Client, candidate: MatchCandidate, verb: str, **data: Any) -> Any:
    data.setdefault("version", candidate.version)
    return client.post(reverse(f"people:me_{verb}", args=(candidate.pk,)), data)


@pytest.fixture
def ru() -> tuple[User, Person]:
    return researcher(email="ru@example.org", expertise=["丝素蛋白"], title="研究员")


# The page -----------------------------------------------------------------------------------


def test_page_shows_the_researchers_profile_proposals_and_achievements_only(
    ru: tuple[User, Person],
) -> None:
    user, person = ru
    mine = propose(person, title="Wound dressing coating")
    invent(person, "Silk fibroin scaffold")
    _other_user, other = researcher("Other Ou")
    propose(other, title="Other researcher's need")
    invent(other, "Other researcher's stent")

    html = signed_in_as(user).get(reverse(ME)).content.decode()

    assert "Researcher Ru" in html
    assert "丝素蛋白" in html
    assert "ru@example.org" in html
    assert "Wound dressing coating" in html
    assert str(mine.need.organization) in html
    assert "Silk fibroin scaffold" in html
    assert "Prototype" in html
    assert date_format(datetime.date(2022, 3, 1), "DATE_FORMAT") in html
    assert "Other researcher" not in html
    assert reverse("people:me_accept", args=(mine.pk,)) in html


def test_other_researchers_records_are_not_found_by_address(ru: tuple[User, Person]) -> None:
    user, _person = ru
    _other_user, other = researcher("Other Ou", email="ou@example.org")
    theirs = propose(other)
    their_achievement = invent(other, "Other researcher's stent")
    client = signed_in_as(user)

    for url in (
        reverse("needs:technicalneed_detail", args=(theirs.need.pk,)),
        reverse("achievements:achievement_detail", args=(their_achievement.pk,)),
        reverse("people:person_detail", args=(other.pk,)),
        reverse("people:person_edit", args=(other.pk,)),
    ):
        assert client.get(url).status_code == 404, url
    assert answer(client, theirs, "accept").status_code == 404
    assert answer(client, theirs, "decline").status_code == 404
    theirs.refresh_from_db()
    assert theirs.decision == Decision.PENDING


def test_own_need_and_achievement_pages_open_with_the_stage_history(
    ru: tuple[User, Person],
) -> None:
    user, person = ru
    candidate = propose(person, title="Wound dressing coating")
    achievement = invent(person, "Silk fibroin scaffold")
    client = signed_in_as(user)

    need_page = client.get(reverse("needs:technicalneed_detail", args=(candidate.need.pk,)))
    achievement_page = client.get(
        reverse("achievements:achievement_detail", args=(achievement.pk,))
    )

    assert need_page.status_code == 200
    assert achievement_page.status_code == 200
    assert "Stage history" in achievement_page.content.decode()
    assert "Prototype" in achievement_page.content.decode()


def test_page_makes_as_many_queries_for_two_proposals_as_for_six(
    ru: tuple[User, Person],
) -> None:
    user, person = ru
    client = signed_in_as(user)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse(ME)).status_code == 200
        # The session's own save (at most once a minute, core.sessions) is not the page's.
        return sum(
            1 for q in captured if "django_session" not in q["sql"] and "SAVEPOINT" not in q["sql"]
        )

    for number in range(2):
        propose(person, title=f"Need {number}")
        invent(person, f"Achievement {number}")
    few = queries()
    for number in range(2, 6):
        propose(person, title=f"Need {number}")
        invent(person, f"Achievement {number}")
    assert queries() == few


def test_page_lists_the_proposals_waiting_for_an_answer_first_and_links_to_the_rest(
    ru: tuple[User, Person], monkeypatch: pytest.MonkeyPatch
) -> None:
    user, person = ru
    monkeypatch.setattr(researcher_views, "MATCHES_SHOWN", 2)
    monkeypatch.setattr(researcher_views, "ACHIEVEMENTS_SHOWN", 2)
    waiting = propose(person, title="Older need waiting")
    TechnicalNeed.objects.filter(pk=waiting.need.pk).update(submitted_on=datetime.date(2020, 1, 1))
    client = signed_in_as(user)
    for number in range(2):
        answer(client, propose(person, title=f"Answered need {number}"), "decline")
    for number in range(3):
        invent(person, f"Achievement {number}")

    client.get(reverse(ME))  # the answers' messages shown and gone
    html = client.get(reverse(ME)).content.decode()

    assert html.index("Older need waiting") < html.index("Answered need")
    assert html.count("Answered need") == 1
    assert f'href="{reverse("needs:technicalneed_list")}">All the needs matched to you' in html
    assert f"?inventor={person.pk}" in html
    assert html.count("Achievement ") == 2


@pytest.mark.parametrize("role", [RoleKind.STAFF, None])
def test_an_account_linked_to_no_person_is_told_so(role: str | None) -> None:
    client = signed_in_as(UserFactory.create(role=role))

    for name in (ME, "people:me_profile"):
        response = client.get(reverse(name))
        assert response.status_code == 200
        assert "Your account is not linked to a person" in response.content.decode()


def test_a_researchers_home_is_their_page_and_staffs_the_dashboard(
    ru: tuple[User, Person], signed_in: Client
) -> None:
    user, _person = ru

    response = signed_in_as(user).get(reverse("home"))

    assert response.status_code == 302
    assert response["Location"] == reverse(ME)
    assert signed_in.get(reverse("home")).status_code == 200


def test_a_researcher_without_a_person_is_sent_to_the_page_that_says_so() -> None:
    client = signed_in_as(UserFactory.create(role=RoleKind.RESEARCHER))

    response = client.get(reverse("home"), follow=True)

    assert response.redirect_chain == [(reverse(ME), 302)]
    html = response.content.decode()
    assert "Your account is not linked to a person" in html
    assert "Go to the home page" not in html


def test_the_menu_offers_a_researcher_only_what_their_roles_allow(
    ru: tuple[User, Person],
) -> None:
    user, _person = ru

    html = signed_in_as(user).get(reverse(ME)).content.decode()

    for offered in (
        "people:person_list",
        "needs:technicalneed_list",
        "achievements:achievement_list",
    ):
        assert f'href="{reverse(offered)}"' in html, offered
    for refused in (
        "organizations:organization_list",
        "agreements:agreement_list",
        "centers:center_list",
        "financing:financinground_list",
        "needs:servicerecord_list",
        "people:person_add",
        "needs:technicalneed_add",
    ):
        assert f'href="{reverse(refused)}"' not in html, refused


# Accept and decline ------------------------------------------------------------------------


def test_accepting_records_the_answer_who_gave_it_and_when(ru: tuple[User, Person]) -> None:
    user, person = ru
    candidate = propose(person, title="Wound dressing coating")
    client = signed_in_as(user)

    response = answer(client, candidate, "accept")

    assert response.status_code == 302
    assert response["Location"] == f"{reverse(ME)}#matches"
    assert messages_of(response) == ["You accepted “Wound dressing coating”."]
    candidate.refresh_from_db()
    assert candidate.decision == Decision.ACCEPTED
    assert candidate.decided_by == user
    assert candidate.decided_at is not None
    assert candidate.history.first().history_user == user
    html = client.get(reverse(ME)).content.decode()
    assert "You answered on" in html
    assert reverse("people:me_accept", args=(candidate.pk,)) not in html


def test_declining_is_kept_and_the_office_does_not_propose_them_again(
    ru: tuple[User, Person],
) -> None:
    user, person = ru
    candidate = propose(person)

    answer(signed_in_as(user), candidate, "decline")

    candidate.refresh_from_db()
    assert candidate.decision == Decision.REJECTED
    assert candidate.decided_by == user
    # Find experts proposes through need_propose_candidates, which keeps decided candidates.
    need_propose_candidates(
        need=candidate.need,
        candidates=[
            {"kind": CandidateKind.EXPERT, "person": person},
            {"kind": CandidateKind.EXPERT, "person": PersonFactory.create()},
        ],
        by=None,
    )
    theirs = MatchCandidate.objects.filter(need=candidate.need, person=person)
    assert list(theirs.values_list("decision", flat=True)) == [Decision.REJECTED]
    assert "Declined" in signed_in_as(user).get(reverse(ME)).content.decode()


def test_an_answer_to_a_need_that_has_ended_is_refused_with_a_message(
    ru: tuple[User, Person],
) -> None:
    user, person = ru
    candidate = propose(person, title="Wound dressing coating")
    need_close(need=candidate.need, ended_on=datetime.date(2023, 4, 1), reason="预算取消", by=None)
    candidate.refresh_from_db()
    client = signed_in_as(user)

    response = answer(client, candidate, "accept")

    assert response.status_code == 302
    assert messages_of(response) == [
        "The need “Wound dressing coating” is “Closed”: it takes no answer any more."
    ]
    candidate.refresh_from_db()
    assert candidate.decision == Decision.PENDING
    html = client.get(reverse(ME)).content.decode()
    assert reverse("people:me_accept", args=(candidate.pk,)) not in html


def test_a_decided_proposal_is_not_answered_again(ru: tuple[User, Person]) -> None:
    user, person = ru
    candidate = propose(person, title="Wound dressing coating")
    client = signed_in_as(user)
    answer(client, candidate, "accept")
    candidate.refresh_from_db()

    response = answer(client, candidate, "decline")

    assert messages_of(response)[-1] == (
        "Your proposal for “Wound dressing coating” is already decided: Accepted."
    )
    candidate.refresh_from_db()
    assert candidate.decision == Decision.ACCEPTED


def test_an_answer_on_a_stale_page_is_refused(ru: tuple[User, Person]) -> None:
    user, person = ru
    candidate = propose(person)
    loaded = candidate.version
    candidate.score = 0.9
    candidate.save()

    response = answer(signed_in_as(user), candidate, "accept", version=loaded)

    assert "someone else saved" in " ".join(messages_of(response)).lower()
    candidate.refresh_from_db()
    assert candidate.decision == Decision.PENDING


def test_the_answer_service_refuses_a_user_who_may_not_change_the_proposal(
    ru: tuple[User, Person],
) -> None:
    user, _person = ru
    _other_user, other = researcher("Other Ou")
    theirs = propose(other)

    with pytest.raises(PermissionDenied):
        candidate_respond(candidate=theirs, accept=True, by=user, version=theirs.version)

    theirs.refresh_from_db()
    assert theirs.decision == Decision.PENDING


def test_answers_are_posted_not_opened_by_address(ru: tuple[User, Person]) -> None:
    user, person = ru
    candidate = propose(person)

    response = signed_in_as(user).get(reverse("people:me_accept", args=(candidate.pk,)))

    assert response.status_code == 405
    candidate.refresh_from_db()
    assert candidate.decision == Decision.PENDING


# The profile -------------------------------------------------------------------------------


def profile_data(person: Person, **changes: Any) -> dict[str, Any]:
    data = {
        "title": person.title,
        "expertise": "\n".join(person.expertise),
        "profile": person.profile,
        "available": "on" if person.available else "",
        "email": person.email,
        "phone": person.phone,
        "loaded_version": person.version,
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v != ""}


def test_profile_edit_saves_through_the_person_service(ru: tuple[User, Person]) -> None:
    user, person = ru
    client = signed_in_as(user)
    assert client.get(reverse("people:me_profile")).status_code == 200

    response = client.post(
        reverse("people:me_profile"),
        profile_data(
            person,
            expertise="丝素蛋白，形状记忆合金、 骨修复；丝素蛋白\nsilk fibroin",
            phone="0577-8888",
        ),
    )

    assert response.status_code == 302
    assert response["Location"] == reverse(ME)
    assert messages_of(response) == ["Your profile is saved."]
    person.refresh_from_db()
    assert person.expertise == ["丝素蛋白", "形状记忆合金", "骨修复", "silk fibroin"]
    assert person.phone == "0577-8888"
    assert person.history.first().history_user == user


def test_profile_edit_offers_only_the_researchers_own_fields(ru: tuple[User, Person]) -> None:
    user, person = ru
    client = signed_in_as(user)

    client.post(
        reverse("people:me_profile"),
        profile_data(person, name_zh="改名", kind="staff", honours=["academician_cas"]),
    )

    person.refresh_from_db()
    assert person.name_zh != "改名"
    assert person.honours == []


def test_a_bad_email_is_shown_under_its_field(ru: tuple[User, Person]) -> None:
    user, person = ru

    response = signed_in_as(user).post(
        reverse("people:me_profile"), profile_data(person, email="not an address")
    )

    assert response.status_code == 400
    assert response.context["form"].has_error("email")


def test_a_stale_profile_edit_is_refused_naming_the_other_change(
    ru: tuple[User, Person], staff_user: User
) -> None:
    user, person = ru
    loaded = profile_data(person, title="Professor")
    theirs = Person.objects.get(pk=person.pk)
    theirs.title = "Chief physician meanwhile"
    theirs.save()

    response = signed_in_as(user).post(reverse("people:me_profile"), loaded)

    assert response.status_code == 400
    assert response.context["stale"]
    assert "Chief physician meanwhile" in response.content.decode()
    person.refresh_from_db()
    assert person.title == "Chief physician meanwhile"


def test_a_profile_the_user_may_see_but_not_change_is_not_found() -> None:
    user = UserFactory.create(role=RoleKind.LEADERSHIP)
    PersonFactory.create(user=user)
    client = signed_in_as(user)

    assert client.get(reverse(ME)).status_code == 200
    assert client.get(reverse("people:me_profile")).status_code == 404
    assert client.post(reverse("people:me_profile"), {"title": "x"}).status_code == 404


def test_other_peoples_contact_data_stays_hidden_from_a_researcher(
    ru: tuple[User, Person],
) -> None:
    user, _person = ru
    other = PersonFactory.create(name_en="Other Ou", email="ou@example.org", phone="0577-1111")
    client = signed_in_as(user)
    assert client.get(reverse("people:person_detail", args=(other.pk,))).status_code == 404
    listed = client.get(reverse("people:person_list")).content.decode()
    assert "Researcher Ru" in listed
    assert "Other Ou" not in listed

    # An administrator lets researchers read everyone's record: the contacts stay hidden.
    role: Role = default_role(RoleKind.RESEARCHER)
    rule_create(
        by=None, role=role, record_types=["people.person"], actions=["view"], scope=Scope.ALL
    )
    permissions.forget(user)
    html = client.get(reverse("people:person_detail", args=(other.pk,))).content.decode()

    assert "Other Ou" in html
    assert "ou@example.org" not in html
    assert "0577-1111" not in html
    assert ">hidden<" in html


# Matching ----------------------------------------------------------------------------------


@pytest.fixture
def index_dir(settings: Settings, tmp_path: Path) -> Iterator[Path]:
    """A matching index of this test's own."""
    settings.MATCHING_INDEX_DIR = tmp_path / "matching-index"
    storage.forget_readers()
    signals.discard_pending()
    yield settings.MATCHING_INDEX_DIR
    storage.forget_readers()


def test_new_expertise_makes_matching_find_the_researcher(
    ru: tuple[User, Person],
    index_dir: Path,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    user, person = ru
    expert = f"person:{person.pk}"
    with django_capture_on_commit_callbacks(execute=True):
        PersonFactory.create(expertise=["羟基磷灰石"])  # the index exists before the edit
    assert expert not in [m.entity_id for m in selectors.match("形状记忆合金", kind="expert")]

    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in_as(user).post(
            reverse("people:me_profile"), profile_data(person, expertise="丝素蛋白、形状记忆合金")
        )
    assert response.status_code == 302

    assert expert in [m.entity_id for m in selectors.match("形状记忆合金", kind="expert")]


def test_a_secret_need_is_not_listed_to_the_researcher_proposed_for_it(
    ru: tuple[User, Person],
) -> None:
    user, person = ru
    candidate = propose(person, title="Secret need")
    TechnicalNeed.objects.filter(pk=candidate.need.pk).update(
        confidentiality=Confidentiality.SECRET
    )

    html = signed_in_as(user).get(reverse(ME)).content.decode()

    assert "Secret need" not in html
    assert answer(signed_in_as(user), candidate, "accept").status_code == 404
