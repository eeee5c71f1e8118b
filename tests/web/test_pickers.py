"""Record pickers: forms choose among thousands of records by search, never by listing them."""

import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from liaison.accounts.models import User
from liaison.achievements.models import Achievement
from liaison.centers.choices import AppointmentRole
from liaison.centers.models import Appointment
from liaison.core.views.pages import LOOKUP_LIMIT
from liaison.financing.models import FinancingRound
from tests.achievements.factories import AchievementFactory
from tests.centers.factories import CenterFactory, CommitteeFactory
from tests.organizations.factories import OrganizationFactory
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db

ORGANIZATION_LOOKUP = ("organizations.organization",)
PERSON_LOOKUP = ("people.person",)
# What the new achievement's and financing round's forms may cost, however many
# organizations, people and achievements there are to choose from.
ACHIEVEMENT_ADD_QUERIES = 4
ROUND_ADD_QUERIES = 4


def boxes(html: str, name: str) -> dict[str, bool]:
    """The checkboxes named `name`: value → ticked."""
    found = re.findall(rf'<input[^>]*name="{name}" value="(\d+)"( checked)?', html)
    return {value: bool(checked) for value, checked in found}


def lookup(client: Client, model: tuple[str, ...], field: str, term: str, **params: Any) -> Any:
    return client.get(
        reverse("lookup", args=model), {f"{field}__lookup": term, "field": field, **params}
    )


def test_a_picker_finds_a_person_by_part_of_the_chinese_name(signed_in: Client) -> None:
    wanted = PersonFactory.create(name_zh="欧阳明远", name_en="Ouyang Mingyuan")
    PersonFactory.create(name_zh="张伟", name_en="Zhang Wei")
    html = lookup(signed_in, PERSON_LOOKUP, "inventors", "明远", multiple="1").content.decode()
    assert boxes(html, "inventors") == {str(wanted.pk): False}


def test_a_picker_finds_an_organization_by_part_of_the_english_name_in_any_case(
    signed_in: Client,
) -> None:
    wanted = OrganizationFactory.create(name_en="Oujiang Biomaterials Ltd.")
    OrganizationFactory.create(name_en="Unrelated Co.")
    html = lookup(signed_in, ORGANIZATION_LOOKUP, "owners", "BIOMAT", multiple="1").content.decode()
    assert boxes(html, "owners") == {str(wanted.pk): False}


def test_a_picker_keeps_the_ticked_records_and_offers_the_others_after_them(
    signed_in: Client,
) -> None:
    ticked = OrganizationFactory.create(name_en="Wenzhou Lab A")
    other = OrganizationFactory.create(name_en="Wenzhou Lab B")
    html = lookup(
        signed_in, ORGANIZATION_LOOKUP, "owners", "Wenzhou", multiple="1", owners=[ticked.pk]
    ).content.decode()
    assert boxes(html, "owners") == {str(ticked.pk): True, str(other.pk): False}
    assert html.index(f'value="{ticked.pk}"') < html.index(f'value="{other.pk}"')


def test_a_picker_offers_at_most_twenty_matches(signed_in: Client) -> None:
    for n in range(LOOKUP_LIMIT + 5):
        OrganizationFactory.create(name_en=f"Ruian Valve Works {n}")
    with CaptureQueriesContext(connection) as queries:
        html = lookup(signed_in, ORGANIZATION_LOOKUP, "owners", "Ruian", multiple="1").content
    assert LOOKUP_LIMIT == 20
    assert len(boxes(html.decode(), "owners")) == LOOKUP_LIMIT
    assert len(queries) <= 6  # the user's roles, then the lookup


def test_a_picker_offers_nothing_a_user_may_not_see(
    client: Client, django_user_model: type[User]
) -> None:
    secret = OrganizationFactory.create(name_en="Secret Partner Co.")
    client.force_login(django_user_model.objects.create_user(username="outsider"))
    html = lookup(
        client, ORGANIZATION_LOOKUP, "owners", "Secret", multiple="1", owners=[secret.pk]
    ).content.decode()
    assert boxes(html, "owners") == {}
    assert "Secret Partner Co." not in html


def test_a_picker_asks_who_is_searching(client: Client) -> None:
    OrganizationFactory.create(name_en="Public Co.")
    response = lookup(client, ORGANIZATION_LOOKUP, "owners", "Public", multiple="1")
    assert response.status_code == 302
    assert "Public Co." not in response.content.decode()


def test_an_achievement_form_shows_only_the_chosen_owners(signed_in: Client) -> None:
    owner = OrganizationFactory.create(name_en="Chosen Owner")
    for n in range(5):
        OrganizationFactory.create(name_en=f"Bystander {n}")
    achievement = AchievementFactory.create()
    achievement.owners.add(owner)
    html = signed_in.get(
        reverse("achievements:achievement_edit", args=(achievement.pk,))
    ).content.decode()
    assert boxes(html, "owners") == {str(owner.pk): True}
    assert "Chosen Owner" in html
    assert "Bystander" not in html


@pytest.mark.parametrize(
    ("url_name", "pinned"),
    [
        ("achievements:achievement_add", ACHIEVEMENT_ADD_QUERIES),
        ("financing:financinground_add", ROUND_ADD_QUERIES),
    ],
)
def test_a_form_costs_the_same_queries_however_many_records_it_may_pick(
    signed_in: Client, url_name: str, pinned: int
) -> None:
    url = reverse(url_name)
    OrganizationFactory.create()
    signed_in.get(url)  # the session and the user's permissions, read once
    with CaptureQueriesContext(connection) as few:
        assert signed_in.get(url).status_code == 200
    for _ in range(30):
        OrganizationFactory.create()
        PersonFactory.create()
        AchievementFactory.create()
    CenterFactory.create_batch(5)
    with CaptureQueriesContext(connection) as many:
        html = signed_in.get(url).content.decode()
    assert len(many) == len(few) <= pinned
    assert html.count("<option") < 40


def test_an_achievement_is_saved_with_the_owners_and_inventors_picked(signed_in: Client) -> None:
    owner = OrganizationFactory.create(name_en="Picked Owner")
    inventor = PersonFactory.create(name_en="Picked Inventor")
    center = CenterFactory.create()
    response = signed_in.post(
        reverse("achievements:achievement_add"),
        {
            "title_zh": "丝素蛋白止血材料",
            "kind": "material",
            "trl": 4,
            "center": center.pk,
            "owners": [owner.pk],
            "inventors": [inventor.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    achievement = Achievement.objects.get(title_zh="丝素蛋白止血材料")
    assert achievement.center == center
    assert list(achievement.owners.all()) == [owner]
    assert list(achievement.inventors.all()) == [inventor]


def test_a_financing_round_is_saved_with_the_investors_picked(signed_in: Client) -> None:
    venture = OrganizationFactory.create(name_en="Venture Co.")
    lead, other = OrganizationFactory.create_batch(2)
    response = signed_in.post(
        reverse("financing:financinground_add"),
        {
            "venture": venture.pk,
            "kind": "angel",
            "amount": "3000000",
            "currency": "CNY",
            "cny_rate": "1",
            "announced_on": "2023-06-01",
            "investors": [other.pk],
            "lead_investor": lead.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    financing_round = FinancingRound.objects.get(venture=venture)
    assert set(financing_round.investors.all()) == {lead, other}


def test_a_picked_record_that_is_not_offered_is_refused(signed_in: Client) -> None:
    response = signed_in.post(
        reverse("achievements:achievement_add"),
        {"title_zh": "无主成果", "kind": "material", "trl": 4, "owners": ["999999"]},
    )
    assert response.status_code == 400
    assert "999999 is not one of the available choices" in response.content.decode()
    assert not Achievement.objects.filter(title_zh="无主成果").exists()


def test_an_appointment_offers_only_the_committees_of_the_centers_page(signed_in: Client) -> None:
    center, elsewhere = CenterFactory.create_batch(2)
    own = CommitteeFactory.create(center=center, name_en="Own Committee")
    other = CommitteeFactory.create(center=elsewhere, name_en="Other Committee")
    url = reverse("centers:center_action", args=(center.pk, "appoint"))
    html = signed_in.get(url).content.decode()
    assert f'value="{own.pk}"' in html
    assert f'value="{other.pk}"' not in html
    person = PersonFactory.create()
    data = {
        "person": person.pk,
        "role": AppointmentRole.COMMITTEE_MEMBER,
        "committee": other.pk,
        "starts_on": "2024-01-01",
    }
    assert signed_in.post(url, data).status_code == 400
    assert signed_in.post(url, {**data, "committee": own.pk}).status_code == 302
    assert Appointment.objects.get(person=person).committee == own
