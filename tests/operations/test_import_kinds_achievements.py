"""Importing centers, achievements and their stage history: written by their services, the
stages recorded one by one as the achievement's page records them, left alone when
re-imported, updated when changed, refused row by row."""

from __future__ import annotations

import datetime

import pytest

from liaison.accounts.models import User
from liaison.achievements.choices import Stage
from liaison.achievements.models import Achievement, StageEntry
from liaison.centers.models import Center
from liaison.organizations.models import Organization
from tests.accounts.factories import UserFactory
from tests.agreements.factories import AgreementFactory
from tests.operations.import_files import Sheets, counts, errors, run
from tests.organizations.factories import OrganizationFactory
from tests.people.factories import AffiliationFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def office() -> User:
    return UserFactory.create()


@pytest.fixture
def owners() -> list[Organization]:
    return [OrganizationFactory.create(), OrganizationFactory.create()]


def achievements_file(owners: list[Organization]) -> Sheets:
    AgreementFactory.create(number="WZ-CENTER-1")
    inventor = PersonFactory.create(name_zh="李发明")
    AffiliationFactory.create(person=inventor, organization=owners[0])
    first, second = (o.credit_code for o in owners)
    return {
        "centers": [
            ["name_zh", "kind", "status", "parent", "founding_agreement", "established_on"],
            ["生物材料联合研发中心", "Joint R&D center", "Active", "", "WZ-CENTER-1", "2021-05-06"],
            ["血管支架实验室", "Laboratory", "运行中", "生物材料联合研发中心", "", ""],
        ],
        "achievements": [
            ["title_zh", "kind", "center", "owners", "inventors", "trl", "keywords"],
            [
                "可降解镁合金血管支架",
                "Medical device",
                "血管支架实验室",
                f"{first}; {second}",
                f"李发明 ({first})",
                4,
                "支架; 镁合金",
            ],
        ],
        "achievement-stages": [
            ["achievement", "stage", "reached_on", "evidence"],
            ["可降解镁合金血管支架", "Research", "2020-01-01", ""],
            ["可降解镁合金血管支架", "Pilot", "2021-05-01", "中试报告"],
            ["可降解镁合金血管支架", "临床试验", "2022-01-01", "伦理批件"],
        ],
    }


def test_centers_achievements_and_stages_are_written_through_their_services(
    office: User, owners: list[Organization]
) -> None:
    report = run(achievements_file(owners), office)

    assert report.ok, errors(report)
    assert counts(report) == {
        "centers": (2, 0, 0, 0),
        "achievements": (1, 0, 0, 0),
        "achievement-stages": (3, 0, 0, 0),
    }
    lab = Center.objects.get(name_zh="血管支架实验室")
    assert lab.parent == Center.objects.get(name_zh="生物材料联合研发中心")
    achievement = Achievement.objects.get()
    assert achievement.center == lab
    assert set(achievement.owners.all()) == set(owners)
    assert [p.name_zh for p in achievement.inventors.all()] == ["李发明"]
    # Each stage moved the current one, as the stage service does.
    assert (achievement.stage, achievement.stage_since) == (
        Stage.CLINICAL_TRIAL,
        datetime.date(2022, 1, 1),
    )
    assert {row.history_user for row in achievement.history.all()} == {office}


def test_reimporting_centers_achievements_and_stages_leaves_every_row_alone(
    office: User, owners: list[Organization]
) -> None:
    sheets = achievements_file(owners)
    run(sheets, office)

    again = run(sheets, office)

    assert again.ok, errors(again)
    assert counts(again) == {
        "centers": (0, 0, 2, 0),
        "achievements": (0, 0, 1, 0),
        "achievement-stages": (0, 0, 3, 0),
    }


def test_a_changed_achievement_and_its_owners_are_updated_through_its_service(
    office: User, owners: list[Organization]
) -> None:
    sheets = achievements_file(owners)
    run(sheets, office)
    sheets["achievements"][1][3] = owners[1].credit_code
    sheets["achievements"][1][5] = 6

    again = run(sheets, office)

    assert counts(again)["achievements"] == (0, 1, 0, 0)
    achievement = Achievement.objects.get()
    assert (list(achievement.owners.all()), achievement.trl) == ([owners[1]], 6)


def test_a_stage_recorded_before_stays_as_it_was_recorded(
    office: User, owners: list[Organization]
) -> None:
    sheets = achievements_file(owners)
    run(sheets, office)
    sheets["achievement-stages"][2][3] = "另一份报告"

    again = run(sheets, office)

    assert errors(again) == [
        (
            "achievement-stages",
            3,
            "evidence",
            "A stage of an achievement's history stays as it was recorded; record the stage it "
            "reached next instead.",
        )
    ]


def test_broken_stage_and_achievement_rows_are_refused_each_on_its_column(
    office: User, owners: list[Organization]
) -> None:
    sheets = achievements_file(owners)
    sheets["achievement-stages"] += [
        # Back in time: before the clinical trial recorded above.
        ["可降解镁合金血管支架", "Market", "2021-12-31", ""],
        # Back to an earlier stage without saying it went back.
        ["可降解镁合金血管支架", "Prototype", "2022-02-01", ""],
    ]
    sheets["achievements"].append(
        ["无主成果", "Drug", "没有的中心", "91330300XXXXXXXXXX", "", 3, ""]
    )

    report = run(sheets, office)

    assert sorted((sheet, row, column) for sheet, row, column, _m in errors(report)) == [
        ("achievement-stages", 5, "reached_on"),
        ("achievement-stages", 6, "stage"),
        ("achievements", 3, "center"),
        ("achievements", 3, "owners"),
    ]
    assert not Achievement.objects.exists()
    assert not StageEntry.objects.exists()
    assert not Center.objects.exists()
