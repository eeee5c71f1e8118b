"""Loading the demo: determinism, the figures at a larger scale, history, refusals, the command."""

import datetime
import io
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import timezone

from liaison.accounts.models import User
from liaison.demo.loader import load_demo
from liaison.demo.writer import WRITE_ORDER
from liaison.needs.models import TechnicalNeed
from liaison.organizations.models import Organization
from liaison.people.models import Person

from .figures import AS_OF, REPORTED, figures
from .meaning import chinese_need, english_only_expert

pytestmark = pytest.mark.django_db

# The historical models are added by django-simple-history, which has no stubs.
MODELS: list[Any] = [m for m in WRITE_ORDER if not m._meta.auto_created]


def snapshot() -> dict[str, Any]:
    """What the demo holds, without the database's own ids."""
    return {
        "counts": {m.__name__: m._default_manager.count() for m in MODELS},
        "organizations": sorted(
            Organization.objects.values_list("name_zh", "name_en", "credit_code", "city")
        ),
        "people": sorted(Person.objects.values_list("name_zh", "name_en", "email", "profile")),
        "needs": sorted(
            TechnicalNeed.objects.values_list(
                "title", "organization__name_zh", "status", "submitted_on", "solved_on"
            ),
            key=str,
        ),
        # Rows dated today may be moved back to the moment of loading.
        "history": sorted(
            TechnicalNeed.history.filter(history_date__lt=start_of_today()).values_list(
                "title", "status", "history_date"
            ),
            key=str,
        ),
    }


def start_of_today() -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time()))


def load_and_roll_back(**options: Any) -> dict[str, Any]:
    savepoint = transaction.savepoint()
    try:
        load_demo(progress=False, **options)
        return snapshot()
    finally:
        transaction.savepoint_rollback(savepoint)


def test_the_same_seed_gives_the_same_data() -> None:
    today = timezone.localdate()
    assert load_and_roll_back(seed=7, today=today) == load_and_roll_back(seed=7, today=today)


def test_a_different_seed_gives_different_data_with_the_same_facts() -> None:
    today = timezone.localdate()
    first = load_and_roll_back(seed=7, today=today)
    second = load_and_roll_back(seed=8, today=today)
    assert first["organizations"] != second["organizations"]
    assert first["people"] != second["people"]
    assert {"国科温州研究院", "宁波大学"} <= {o[0] for o in second["organizations"]}


def test_the_figures_are_exact_at_scale_two() -> None:
    load_demo(scale=2, seed=11, progress=False)
    assert figures(AS_OF) == REPORTED
    assert TechnicalNeed.objects.count() > 700


def test_scale_multiplies_the_volume_but_not_the_figures() -> None:
    small = load_and_roll_back(seed=3)
    load_demo(scale=3, seed=3, progress=False)
    assert figures(AS_OF) == REPORTED
    assert TechnicalNeed.objects.count() > 2 * small["counts"]["TechnicalNeed"]
    # The pair that only meaning matches is there at every scale and seed.
    assert chinese_need().status == "triaged"
    assert english_only_expert().available


def test_every_history_row_is_by_the_demo_admin(django_user_model: type[User]) -> None:
    admin = django_user_model.objects.create_superuser(username="admin", password="x")
    load_demo(by=admin, progress=False)
    for model in MODELS:
        history = model.history.model.objects
        assert history.filter(history_type="+").count() == model._default_manager.count(), model
        assert not history.exclude(history_user=admin).exists(), model


def test_without_an_admin_the_history_has_no_author() -> None:
    load_demo(progress=False)
    assert not Organization.history.exclude(history_user=None).exists()


def test_the_demo_refuses_a_database_that_holds_organizations() -> None:
    Organization.objects.create(name_zh="某企业", kind="enterprise")
    with pytest.raises(ValidationError) as refused:
        load_demo(progress=False)
    assert refused.value.code == "demo_database_not_empty"
    assert Organization.objects.count() == 1


def test_the_demo_refuses_a_scale_below_one() -> None:
    with pytest.raises(ValidationError) as refused:
        load_demo(scale=0, progress=False)
    assert refused.value.code == "demo_scale"


def test_the_command_loads_the_demo_and_prints_a_summary() -> None:
    out = io.StringIO()
    call_command("demo", "--no-progress", stdout=out)
    text = out.getvalue()
    assert "scale 1" in text
    assert "organizations" in text
    assert "technical needs" in text
    assert Organization.objects.filter(is_institute=True).exists()


def test_the_command_refuses_a_database_that_is_not_empty() -> None:
    call_command("demo", "--no-progress", stdout=io.StringIO())
    with pytest.raises(CommandError, match="already holds organizations"):
        call_command("demo", "--no-progress", stdout=io.StringIO())


def test_the_command_records_the_named_user_as_author(django_user_model: type[User]) -> None:
    admin = django_user_model.objects.create_user(username="office")
    call_command("demo", "--no-progress", "--user", "office", stdout=io.StringIO())
    assert Organization.history.filter(history_user=admin).count() == Organization.objects.count()


def test_the_command_refuses_an_unknown_user() -> None:
    with pytest.raises(CommandError, match="nobody"):
        call_command("demo", "--no-progress", "--user", "nobody", stdout=io.StringIO())


def test_progress_is_shown_on_standard_error(capsys: pytest.CaptureFixture[str]) -> None:
    load_demo(progress=True)
    captured = capsys.readouterr()
    assert "Demo institute" in captured.err
    assert captured.out == ""
