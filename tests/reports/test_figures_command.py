import datetime
import json
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from liaison.achievements.choices import Stage
from liaison.agreements.choices import AgreementKind
from liaison.organizations.choices import OrganizationKind
from liaison.organizations.models import Organization
from tests.organizations.factories import InstituteFactory
from tests.reports.records import AFTER, achievement_at, closed_round, party_to, served, solved_need

pytestmark = pytest.mark.django_db


@pytest.fixture
def institute_with_records() -> Organization:
    institute = InstituteFactory.create(founded_on=datetime.date(2019, 5, 20))
    for _ in range(12):
        served()
    served(on=AFTER)
    party_to(AgreementKind.TECH_DEVELOPMENT, kind=OrganizationKind.ENTERPRISE)
    party_to(AgreementKind.TECH_SERVICE, kind=OrganizationKind.HOSPITAL)
    for _ in range(3):
        solved_need()
    party_to(AgreementKind.FRAMEWORK, kind=OrganizationKind.UNIVERSITY)
    achievement_at(Stage.MARKET)
    closed_round("1000000.00", currency="USD", cny_rate=Decimal("7.1"))
    closed_round("0.50")
    return institute


def figures(*args: str) -> str:
    out = []

    class Out:
        def write(self, text: str) -> None:
            out.append(text)

        def flush(self) -> None:
            pass

    call_command("figures", *args, stdout=Out())
    return "".join(out)


def test_json_lists_each_figure_with_key_value_and_definition(
    institute_with_records: Organization,
) -> None:
    document = json.loads(figures("--as-of", "2023-05-08", "--format", "json"))
    assert document["as_of"] == "2023-05-08"
    assert {key: f["value"] for f in document["figures"] for key in [f["key"]]} == {
        "organizations_served_local": 12,
        "cooperation_partners": 2,
        "technical_problems_solved": 3,
        "institutions_cooperating": 1,
        "achievements_market_or_clinical": 1,
        "financing_cumulative_cny": 7100000.5,
    }
    for figure in document["figures"]:
        assert {"key", "value", "definition"} <= set(figure)
        assert set(figure) <= {"key", "value", "definition", "label", "display", "unit"}
        assert isinstance(figure["definition"], str)
        assert figure["definition"]


def test_json_counts_are_json_integers(institute_with_records: Organization) -> None:
    document = json.loads(figures("--as-of", "2023-05-08", "--format", "json"))
    counts = [f["value"] for f in document["figures"] if f["unit"] == "count"]
    assert all(type(value) is int for value in counts)


def test_json_displays_the_figures_in_the_language_asked(
    institute_with_records: Organization,
) -> None:
    document = json.loads(figures("--as-of", "2023-05-08", "--format", "json", "--lang", "zh-hans"))
    assert [f["display"] for f in document["figures"]] == [
        "10余家",
        "2家",
        "3项",
        "1家",
        "1项",
        "超710万元",
    ]


def test_text_states_the_figures_as_of_the_date(institute_with_records: Organization) -> None:
    text = figures("--as-of", "2023-05-08")
    assert text.startswith(
        "Established in May 2019, Wenzhou Institute, University of Chinese Academy of Sciences "
        "has, as of 8 May 2023, provided technical services to more than 10 local enterprises, "
        "universities and institutes in Wenzhou,"
    )
    assert "horizontal cooperation with 2 enterprises and hospitals" in text
    assert "solved 3 technical problems" in text
    assert "in depth with 1 medical or research institution or university" in text
    assert "1 of its achievements has entered the market or clinical trial stage" in text
    assert "raised over 7.1 million yuan in financing." in text


def test_text_counts_only_what_happened_by_the_date(institute_with_records: Organization) -> None:
    text = figures("--as-of", "2023-05-05")
    assert "as of 5 May 2023" in text
    assert "technical services to 0 local" in text
    assert "raised 0 yuan" in text


def test_as_of_defaults_to_today_in_the_institutes_time_zone(
    institute_with_records: Organization, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 16:30 UTC on 7 May is half past midnight on 8 May in Asia/Shanghai.
    monkeypatch.setattr(
        timezone, "now", lambda: datetime.datetime(2023, 5, 7, 16, 30, tzinfo=datetime.UTC)
    )
    document = json.loads(figures("--format", "json"))
    assert document["as_of"] == "2023-05-08"


@pytest.mark.parametrize("bad", ["2023-13-01", "2023-02-30", "08/05/2023", "2023-5-8", "today"])
def test_a_bad_as_of_date_is_a_command_error(bad: str) -> None:
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        figures("--as-of", bad)


def test_an_as_of_date_in_the_future_is_refused() -> None:
    with pytest.raises(CommandError, match=r"--as-of 2099-01-01 is in the future: give today"):
        figures("--as-of", "2099-01-01")


def test_tomorrow_is_in_the_future_and_today_is_not(institute_with_records: Organization) -> None:
    today = timezone.localdate()
    with pytest.raises(CommandError, match="in the future"):
        figures("--as-of", (today + datetime.timedelta(days=1)).isoformat())

    document = json.loads(figures("--as-of", today.isoformat(), "--format", "json"))

    assert document["as_of"] == today.isoformat()


def test_text_takes_a_fixed_number_of_queries(
    institute_with_records: Organization, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    # Seven for the figures, two for the check that the database is there and migrated.
    with django_assert_num_queries(9):
        figures("--as-of", "2023-05-08")
