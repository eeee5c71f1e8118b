"""The trainees' and supervisions' pages, their steps, and what joint training adds to the
agreement's and the center's pages."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from liaison.accounts.models import User
from liaison.training import services
from liaison.training.choices import SupervisionSide, TraineeLevel, TraineeStatus
from liaison.training.models import Supervision, Trainee
from liaison.training.selectors import training_by_year
from tests.centers.factories import CenterFactory
from tests.people.factories import PersonFactory
from tests.training.factories import (
    SupervisionFactory,
    TraineeFactory,
    institute_person,
    partner_person,
    training_agreement,
)
from tests.web.pages import ObjectPageChecks

D = datetime.date


class TestTraineePages(ObjectPageChecks):
    model = Trainee
    factory = TraineeFactory
    url_base = "training:trainee"
    stale_field, stale_value = "title", "Retitled meanwhile"

    def shown_as(self, obj: Any) -> str:
        return str(obj.person)

    def valid_form_data(self) -> dict[str, Any]:
        return {
            "person": PersonFactory.create().pk,
            "agreement": training_agreement().pk,
            "level": TraineeLevel.DOCTORATE,
            "starts_on": "2024-09-01",
            "title": "Corneal repair with hydrogels",
        }

    def invalid_form_data(self) -> tuple[dict[str, Any], str]:
        # An agreement with no university or enterprise among its parties.
        from tests.agreements.factories import AgreementFactory

        return {**self.valid_form_data(), "agreement": AgreementFactory.create().pk}, "agreement"

    def filtered_pair(self) -> tuple[dict[str, str], Any, Any]:
        kept = self.make(level=TraineeLevel.POSTDOC)
        dropped = self.make(level=TraineeLevel.MASTER)
        return {"level": TraineeLevel.POSTDOC}, kept, dropped


class TestSupervisionPages(ObjectPageChecks):
    model = Supervision
    factory = SupervisionFactory
    url_base = "training:supervision"
    stale_field, stale_value = "side", SupervisionSide.PARTNER

    def shown_as(self, obj: Any) -> str:
        return str(obj.supervisor)

    def valid_form_data(self) -> dict[str, Any]:
        trainee = TraineeFactory.create()
        return {
            "trainee": trainee.pk,
            "supervisor": institute_person().pk,
            "side": SupervisionSide.INSTITUTE,
        }

    def invalid_form_data(self) -> tuple[dict[str, Any], str]:
        # Someone of no party of the agreement.
        return {**self.valid_form_data(), "supervisor": PersonFactory.create().pk}, "supervisor"

    def filtered_pair(self) -> tuple[dict[str, str], Any, Any]:
        kept = self.make()
        trainee = TraineeFactory.create()
        dropped = self.make(
            trainee=trainee, supervisor=partner_person(trainee.agreement), side="partner"
        )
        return {"side": SupervisionSide.INSTITUTE}, kept, dropped


pytestmark = pytest.mark.django_db


def test_the_filters_narrow_by_status_center_agreement_and_years(signed_in: Client) -> None:
    center = CenterFactory.create()
    graduated = TraineeFactory.create(center=center, starts_on=D(2022, 9, 1))
    services.trainee_graduate(trainee=graduated, ended_on=D(2025, 6, 30), by=None)
    current = TraineeFactory.create(agreement=graduated.agreement, starts_on=D(2024, 9, 1))
    elsewhere = TraineeFactory.create(starts_on=D(2024, 9, 1))
    url = reverse("training:trainee_list")

    def listed(**params: Any) -> set[int]:
        response = signed_in.get(url, params)
        return {row.record.pk for row in response.context["table"].rows}

    assert listed(status=TraineeStatus.GRADUATED) == {graduated.pk}
    assert listed(center=center.pk) == {graduated.pk}
    assert listed(agreement=graduated.agreement.pk) == {graduated.pk, current.pk}
    assert listed(year_started=2024) == {current.pk, elsewhere.pk}
    assert listed(year_ended=2025) == {graduated.pk}
    assert listed(in_training_in=2023) == {graduated.pk}
    assert listed(in_training_in=2025) == {graduated.pk, current.pk, elsewhere.pk}


def test_the_counts_by_year_open_exactly_the_trainees_they_count(signed_in: Client) -> None:
    agreement = training_agreement()
    first = TraineeFactory.create(agreement=agreement, starts_on=D(2022, 9, 1))
    services.trainee_graduate(trainee=first, ended_on=D(2025, 6, 30), by=None)
    left = TraineeFactory.create(agreement=agreement, starts_on=D(2023, 9, 1))
    services.trainee_withdraw(trainee=left, ended_on=D(2024, 3, 1), by=None)
    TraineeFactory.create(agreement=agreement, starts_on=D(2024, 9, 1))
    TraineeFactory.create(starts_on=D(2024, 9, 1))  # under another agreement

    summary = training_by_year(Trainee.objects.filter(agreement=agreement), until=D(2026, 12, 7))

    assert (summary.in_training, summary.graduated, summary.withdrew) == (1, 1, 1)
    by_year = {y.year: y for y in summary.years}
    assert list(by_year) == [2026, 2025, 2024, 2023, 2022]
    assert (by_year[2024].started, by_year[2024].in_training, by_year[2024].withdrew) == (1, 3, 1)
    assert (by_year[2025].in_training, by_year[2025].graduated) == (2, 1)
    assert by_year[2026].in_training == 1
    url = reverse("training:trainee_list")
    for year in by_year.values():
        params: tuple[tuple[dict[str, Any], int], ...] = (
            ({"year_started": year.year}, year.started),
            ({"in_training_in": year.year}, year.in_training),
            ({"year_ended": year.year, "status": "graduated"}, year.graduated),
            ({"year_ended": year.year, "status": "withdrew"}, year.withdrew),
        )
        for param, count in params:
            response = signed_in.get(url, {"agreement": agreement.pk, **param})
            assert len(response.context["table"].rows) == count, (year.year, param)


def test_the_agreement_page_counts_its_trainees_and_offers_to_add_one(signed_in: Client) -> None:
    agreement = training_agreement()
    trainee = TraineeFactory.create(agreement=agreement, starts_on=D(2024, 9, 1))
    services.trainee_graduate(trainee=trainee, ended_on=D(2026, 6, 30), by=None)
    TraineeFactory.create(agreement=agreement, starts_on=D(2025, 9, 1))

    html = signed_in.get(reverse("agreements:agreement_detail", args=(agreement.pk,))).content
    page = html.decode()

    assert "Joint training by year" in page
    assert "1 in training" in page
    assert "1 graduated" in page
    assert str(trainee.person) in page
    add = f"{reverse('training:trainee_add')}?agreement={agreement.pk}"
    assert add in page
    assert f"agreement={agreement.pk}&amp;year_ended=2026&amp;status=graduated" in page


def test_an_agreement_without_trainees_shows_no_counts(signed_in: Client) -> None:
    agreement = training_agreement()

    page = signed_in.get(reverse("agreements:agreement_detail", args=(agreement.pk,)))

    assert "Joint training by year" not in page.content.decode()


def test_the_add_page_opened_from_an_agreement_has_it_filled_in(signed_in: Client) -> None:
    agreement = training_agreement()

    response = signed_in.get(reverse("training:trainee_add"), {"agreement": agreement.pk})

    assert response.context["form"].initial["agreement"] == agreement.pk


def test_the_center_page_counts_its_trainees(signed_in: Client) -> None:
    center = CenterFactory.create()
    TraineeFactory.create(center=center, starts_on=D(2025, 9, 1))
    TraineeFactory.create(starts_on=D(2025, 9, 1))  # at no center

    page = signed_in.get(reverse("centers:center_detail", args=(center.pk,))).content.decode()

    assert "Joint training by year" in page
    assert "1 in training" in page
    assert f"center={center.pk}&amp;year_started=2025" in page


def test_graduating_from_the_trainees_page(signed_in: Client) -> None:
    trainee = TraineeFactory.create(starts_on=D(2023, 9, 1))
    url = reverse("training:trainee_detail", args=(trainee.pk,))
    assert "Graduate" in signed_in.get(url).content.decode()

    response = signed_in.post(
        reverse("training:trainee_action", args=(trainee.pk, "graduate")),
        {"ended_on": "2023-08-01", "loaded_version": trainee.version},
    )
    assert response.status_code == 400
    assert "cannot end before" in response.content.decode()

    signed_in.post(
        reverse("training:trainee_action", args=(trainee.pk, "graduate")),
        {"ended_on": "2026-06-30", "loaded_version": trainee.version},
    )
    trainee.refresh_from_db()
    assert (trainee.status, trainee.ends_on) == (TraineeStatus.GRADUATED, D(2026, 6, 30))


def test_adding_a_supervisor_from_the_trainees_page_names_the_parties_on_refusal(
    signed_in: Client, staff_user: User
) -> None:
    trainee = TraineeFactory.create()
    step = reverse("training:trainee_action", args=(trainee.pk, "add-supervisor"))
    stranger = PersonFactory.create()

    response = signed_in.post(
        step, {"supervisor": stranger.pk, "side": "partner", "loaded_version": trainee.version}
    )
    assert response.status_code == 400
    partner = services.partner_organizations(trainee.agreement)[0]
    assert str(partner) in response.content.decode()

    professor = partner_person(trainee.agreement)
    signed_in.post(
        step, {"supervisor": professor.pk, "side": "partner", "loaded_version": trainee.version}
    )
    supervision = trainee.supervisions.get()
    assert supervision.supervisor == professor
    assert supervision.history.latest().history_user == staff_user
