import datetime
from typing import Any

import pytest
from django.template.loader import get_template
from django.test import Client
from django.urls import reverse

from liaison.accounts.models import User
from liaison.achievements.choices import AchievementKind, Stage
from liaison.achievements.models import Achievement
from liaison.achievements.services import achievement_record_stage
from tests.achievements.factories import AchievementFactory, make_stent
from tests.organizations.factories import OrganizationFactory
from tests.people.factories import PersonFactory
from tests.web.pages import ObjectPageChecks, count_queries, pinned_queries


class TestAchievementPages(ObjectPageChecks):
    model = Achievement
    factory = AchievementFactory
    url_base = "achievements:achievement"
    stale_field = "title_en"
    stale_value = "Renamed meanwhile stent"

    def valid_form_data(self) -> dict[str, Any]:
        return {
            "title_zh": "丝素蛋白止血材料",
            "title_en": "Silk fibroin haemostatic material",
            "kind": AchievementKind.MATERIAL,
            "trl": 4,
            "keywords": "丝素蛋白\n止血",
        }

    def invalid_form_data(self) -> tuple[dict[str, Any], str]:
        return {**self.valid_form_data(), "trl": 12}, "trl"

    def filtered_pair(self) -> tuple[dict[str, str], Any, Any]:
        kept = self.make(kind=AchievementKind.DRUG, title_en="Kept drug")
        dropped = self.make(kind=AchievementKind.SOFTWARE, title_en="Dropped software")
        return {"kind": AchievementKind.DRUG}, kept, dropped


@pytest.fixture
def stent(db: None, staff_user: User) -> dict[str, Any]:
    return make_stent(staff_user)


def test_detail_shows_the_stage_history_and_a_place_for_likely_enterprises(
    signed_in: Client, stent: dict[str, Any]
) -> None:
    achievement = stent["achievement"]
    response = signed_in.get(reverse("achievements:achievement_detail", args=(achievement.pk,)))
    html = response.content.decode()
    history = html[html.index('id="stage-history-title"') :]
    assert history.index("Prototype") < history.index("Pilot")
    assert "2022-03-01" in history
    assert reverse("achievements:achievement_chains", args=(achievement.pk,)) in html
    assert "Stent Venture Co." in html
    assert "Inventor Bo" in html
    # The matching pages fill this block with the enterprises likely to want the achievement.
    source = get_template("achievements/achievement.html").template.source  # type: ignore[attr-defined]
    assert "{% block likely_enterprises %}" in source


def test_recording_a_stage_goes_through_the_service_and_its_refusal_is_shown(
    signed_in: Client, stent: dict[str, Any], staff_user: User
) -> None:
    achievement = stent["achievement"]
    step = reverse("achievements:achievement_action", args=(achievement.pk, "record-stage"))
    response = signed_in.post(
        step,
        {"stage": Stage.PILOT, "reached_on": "2023-01-01", "loaded_version": achievement.version},
    )
    assert response.status_code == 400
    assert "already at the stage" in response.context["form"].errors["stage"][0]

    response = signed_in.post(
        step,
        {
            "stage": Stage.CLINICAL_TRIAL,
            "reached_on": "2023-01-01",
            "evidence": "Trial NCT0001",
            "loaded_version": achievement.version,
        },
    )
    assert response["Location"] == reverse(
        "achievements:achievement_detail", args=(achievement.pk,)
    )
    achievement.refresh_from_db()
    assert achievement.stage == Stage.CLINICAL_TRIAL
    assert achievement.stage_since == datetime.date(2023, 1, 1)


def test_owners_and_inventors_are_kept_on_create_and_changed_on_edit(
    signed_in: Client, db: None
) -> None:
    owner, other_owner = OrganizationFactory.create(), OrganizationFactory.create()
    inventor = PersonFactory.create()
    data = {
        "title_zh": "丝素蛋白止血材料",
        "kind": AchievementKind.MATERIAL,
        "trl": 3,
        "owners": [owner.pk],
        "inventors": [inventor.pk],
    }
    signed_in.post(reverse("achievements:achievement_add"), data)
    achievement = Achievement.objects.get(title_zh="丝素蛋白止血材料")
    assert list(achievement.owners.all()) == [owner]
    assert list(achievement.inventors.all()) == [inventor]

    response = signed_in.post(
        reverse("achievements:achievement_edit", args=(achievement.pk,)),
        {
            **data,
            "owners": [other_owner.pk],
            "inventors": [],
            "loaded_version": achievement.version,
        },
    )
    assert response.status_code == 302
    assert list(achievement.owners.all()) == [other_owner]
    assert not achievement.inventors.exists()


def test_stage_filter_keeps_the_stages_ticked(
    signed_in: Client, staff_user: User, db: None
) -> None:
    at_market = AchievementFactory.create(title_en="On the market")
    achievement_record_stage(
        achievement=at_market,
        stage=Stage.MARKET,
        reached_on=datetime.date(2023, 1, 1),
        by=staff_user,
    )
    AchievementFactory.create(title_en="Still researched")
    page = signed_in.get(
        reverse("achievements:achievement_list"), {"stage": [Stage.MARKET, Stage.PILOT]}
    ).content.decode()
    assert "On the market" in page
    assert "Still researched" not in page


def test_detail_page_stays_within_its_pin_with_history_owners_and_rounds(
    signed_in: Client, stent: dict[str, Any]
) -> None:
    url = reverse("achievements:achievement_detail", args=(stent["achievement"].pk,))
    response, queries = count_queries(signed_in, url)
    assert response.status_code == 200
    assert queries <= pinned_queries("achievements:achievement_detail")


def test_the_record_stage_form_offers_the_stage_after_the_current_one(
    signed_in: Client, db: None
) -> None:
    achievement = AchievementFactory.create()
    achievement_record_stage(
        achievement=achievement,
        stage=Stage.REGISTRATION,
        reached_on=datetime.date(2023, 1, 1),
        by=None,
    )
    step = reverse("achievements:achievement_action", args=(achievement.pk, "record-stage"))
    form = signed_in.get(step).context["form"]
    assert form["stage"].value() == Stage.MARKET
