"""The incubated companies' pages, the incubation center's section and the organization's panel."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from liaison.accounts.models import User
from liaison.centers.choices import CenterKind
from liaison.financing.services import round_close
from liaison.incubation import services
from liaison.incubation.choices import IncubationStatus, MilestoneKind, Origin
from liaison.incubation.models import Incubation, IncubationMilestone, IncubationResource
from liaison.incubation.selectors import incubator_summary
from tests.centers.factories import CenterFactory
from tests.financing.factories import FinancingRoundFactory
from tests.incubation.factories import (
    IncubationFactory,
    IncubationMilestoneFactory,
    IncubationResourceFactory,
    IncubatorFactory,
    incubating,
)
from tests.needs.factories import ServiceRecordFactory
from tests.organizations.factories import OrganizationFactory
from tests.web.pages import ObjectPageChecks

D = datetime.date


class TestIncubationPages(ObjectPageChecks):
    model = Incubation
    factory = IncubationFactory
    url_base = "incubation:incubation"
    stale_field = "space"
    stale_value = "Building 9, room 901"

    def valid_form_data(self) -> dict[str, Any]:
        return {
            "organization": OrganizationFactory.create().pk,
            "center": IncubatorFactory.create().pk,
            "origin": Origin.OUTSIDE_TENANT,
            "admitted_on": "2024-05-06",
            "space": "2号楼101室",
            "area_m2": "60",
        }

    def invalid_form_data(self) -> tuple[dict[str, Any], str]:
        # Only an incubation center admits companies.
        laboratory = CenterFactory.create(kind=CenterKind.LABORATORY)
        return {**self.valid_form_data(), "center": laboratory.pk}, "center"

    def filtered_pair(self) -> tuple[dict[str, str], Any, Any]:
        kept = incubating()
        dropped = self.make()
        return {"status": IncubationStatus.INCUBATING}, kept, dropped

    def shown_as(self, obj: Any) -> str:
        return str(obj.organization)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url_base", "fields", "date_field"),
    [
        (
            "incubation:incubationmilestone",
            {"kind": MilestoneKind.PRODUCT, "currency": "CNY"},
            "reached_on",
        ),
        ("incubation:incubationresource", {"kind": "lab_space", "currency": "CNY"}, "starts_on"),
    ],
)
def test_a_milestone_or_resource_is_added_from_its_company_and_refused_before_admission(
    signed_in: Client, url_base: str, fields: dict[str, str], date_field: str
) -> None:
    stay = IncubationFactory.create(admitted_on=D(2024, 3, 1))
    add = f"{reverse(url_base + '_add')}?incubation={stay.pk}"
    assert signed_in.get(add).context["form"].instance.incubation == stay

    data = {"incubation": stay.pk, **fields, date_field: "2024-02-01"}
    response = signed_in.post(add, data)
    assert response.status_code == 400
    assert date_field in response.context["form"].errors

    response = signed_in.post(add, {**data, date_field: "2024-06-01"})
    assert response.status_code == 302
    record = (stay.milestones if "milestone" in url_base else stay.resources).get()
    detail = signed_in.get(reverse(url_base + "_detail", args=(record.pk,)))
    assert detail.status_code == 200
    assert str(stay) in detail.content.decode()
    edit = signed_in.get(reverse(url_base + "_edit", args=(record.pk,)))
    assert edit.status_code == 200


@pytest.mark.django_db
def test_milestones_and_resources_are_deleted_from_their_pages(signed_in: Client) -> None:
    milestone = IncubationMilestoneFactory.create()
    resource = IncubationResourceFactory.create()
    for url_base, record in (
        ("incubation:incubationmilestone", milestone),
        ("incubation:incubationresource", resource),
    ):
        url = reverse(url_base + "_delete", args=(record.pk,))
        assert signed_in.get(url).status_code == 200
        response = signed_in.post(url, {"loaded_version": record.version})
        assert response.status_code == 302
    assert not IncubationMilestone.objects.exists()
    assert not IncubationResource.objects.exists()


# The lifecycle steps on the company's page -------------------------------------------------


def step_url(stay: Incubation, step: str) -> str:
    return reverse("incubation:incubation_action", args=(stay.pk, step))


@pytest.mark.django_db
def test_the_steps_go_through_the_services_and_their_refusal_is_shown(
    signed_in: Client,
) -> None:
    stay = IncubationFactory.create(admitted_on=D(2024, 3, 1))
    html = signed_in.get(reverse("incubation:incubation_detail", args=(stay.pk,))).content.decode()
    assert step_url(stay, "start") in html
    assert step_url(stay, "graduate") not in html  # only an incubating company graduates

    response = signed_in.post(
        step_url(stay, "start"), {"on": "2024-02-01", "loaded_version": stay.version}
    )
    assert response.status_code == 400
    assert "before the company was admitted" in str(response.context["form"].errors)

    response = signed_in.post(
        step_url(stay, "start"), {"on": "2024-04-01", "loaded_version": stay.version}
    )
    assert response.status_code == 302
    stay.refresh_from_db()
    assert stay.status == IncubationStatus.INCUBATING

    response = signed_in.post(
        step_url(stay, "record-milestone"),
        {
            "kind": MilestoneKind.FIRST_CUSTOMER,
            "reached_on": "2024-07-01",
            "currency": "CNY",
            "loaded_version": stay.version,
        },
    )
    assert response.status_code == 302
    response = signed_in.post(
        step_url(stay, "add-resource"),
        {
            "kind": "office_space",
            "starts_on": "2024-04-01",
            "currency": "CNY",
            "loaded_version": stay.version,
        },
    )
    assert response.status_code == 302
    response = signed_in.post(
        step_url(stay, "graduate"),
        {"on": "2025-06-30", "note": "Series A", "loaded_version": stay.version},
    )
    assert response.status_code == 302
    stay.refresh_from_db()
    assert stay.status == IncubationStatus.GRADUATED
    assert stay.milestones.count() == 1
    assert stay.resources.count() == 1

    html = signed_in.get(reverse("incubation:incubation_detail", args=(stay.pk,))).content.decode()
    assert "First customer" in html
    assert "Office space" in html
    # A company that left takes no new milestone.
    assert step_url(stay, "record-milestone") not in html


@pytest.mark.django_db
def test_admitting_from_the_company_page_fills_in_the_company(signed_in: Client) -> None:
    company = OrganizationFactory.create()
    stay = IncubationFactory.create(organization=company)
    html = signed_in.get(
        reverse("organizations:organization_detail", args=(company.pk,))
    ).content.decode()
    assert reverse("incubation:incubation_detail", args=(stay.pk,)) in html
    add = f"{reverse('incubation:incubation_add')}?organization={company.pk}"
    assert add in html
    form = signed_in.get(add).context["form"]
    assert form.instance.organization == company


# The incubation center's section on its page -----------------------------------------------


def an_incubator_with_companies() -> dict[str, Any]:
    center = IncubatorFactory.create()
    admitted = IncubationFactory.create(center=center, admitted_on=D(2024, 3, 1))
    graduated = incubating(center=center, admitted_on=D(2023, 1, 10))
    services.incubation_graduate(incubation=graduated, on=D(2025, 1, 1), by=None)
    closed = IncubationFactory.create(center=center, admitted_on=D(2023, 5, 1))
    services.incubation_close(incubation=closed, on=D(2023, 9, 1), by=None)
    elsewhere = IncubationFactory.create(admitted_on=D(2022, 1, 1))
    # Rounds: one closed after admission (counted), one before (not), one announced (not), one
    # by a company of another incubator (not).
    counted = FinancingRoundFactory.create(
        venture=graduated.organization, amount=Decimal("5000000"), announced_on=D(2024, 1, 1)
    )
    round_close(round=counted, closed_on=D(2024, 2, 1), by=None)
    before = FinancingRoundFactory.create(
        venture=graduated.organization, amount=Decimal("100"), announced_on=D(2022, 1, 1)
    )
    round_close(round=before, closed_on=D(2022, 2, 1), by=None)
    FinancingRoundFactory.create(venture=admitted.organization, announced_on=D(2024, 6, 1))
    other = FinancingRoundFactory.create(venture=elsewhere.organization, announced_on=D(2024, 1, 1))
    round_close(round=other, closed_on=D(2024, 2, 1), by=None)
    # Services: one after admission (counted), one before (not), one to another company (not).
    service = ServiceRecordFactory.create(
        organization=admitted.organization, delivered_on=D(2024, 4, 1)
    )
    ServiceRecordFactory.create(organization=admitted.organization, delivered_on=D(2024, 1, 1))
    ServiceRecordFactory.create(organization=elsewhere.organization, delivered_on=D(2024, 4, 1))
    return {
        "center": center,
        "admitted": admitted,
        "graduated": graduated,
        "closed": closed,
        "round": counted,
        "service": service,
    }


def listed_ids(client: Client, url: str) -> set[int]:
    response = client.get(url)
    assert response.status_code == 200
    return {row.pk for row in response.context["table"].data}


@pytest.mark.django_db
def test_an_incubation_center_shows_its_companies_funnel_financing_and_services(
    signed_in: Client, staff_user: User
) -> None:
    world = an_incubator_with_companies()
    center = world["center"]
    summary = incubator_summary(center=center, user=staff_user)
    assert summary is not None
    by_status = {f.label: f.count for f in summary.by_status}
    assert by_status == {
        "Admitted": 1,
        "Incubating": 0,
        "Graduated": 1,
        "Moved out": 0,
        "Closed": 1,
    }
    assert [f.count for f in summary.funnel] == [3, 1, 1]
    assert summary.financing_cny == Decimal("5000000.00")
    assert summary.financing_rounds == 1
    assert summary.services == 1
    assert [c.pk for c in summary.companies] == [world["admitted"].pk]

    # Each figure's drill-down lists exactly what it counts.
    stays = {name: world[name].pk for name in ("admitted", "graduated", "closed")}
    expected_by_status = {
        "Admitted": {stays["admitted"]},
        "Incubating": set(),
        "Graduated": {stays["graduated"]},
        "Moved out": set(),
        "Closed": {stays["closed"]},
    }
    for figure in summary.by_status:
        assert listed_ids(signed_in, figure.url) == expected_by_status[figure.label]
    funnel = [listed_ids(signed_in, f.url) for f in summary.funnel]
    assert funnel == [set(stays.values()), {stays["graduated"]}, {stays["graduated"]}]
    assert listed_ids(signed_in, summary.financing_url) == {world["round"].pk}
    assert listed_ids(signed_in, summary.services_url) == {world["service"].pk}

    html = signed_in.get(reverse("centers:center_detail", args=(center.pk,))).content.decode()
    section = html[html.index('id="incubation-title"') :]
    assert "Financing raised by its companies" in section
    assert str(world["admitted"].organization) in section


@pytest.mark.django_db
def test_other_centers_have_no_incubation_section(signed_in: Client, staff_user: User) -> None:
    center = CenterFactory.create(kind=CenterKind.JOINT_RD)
    assert incubator_summary(center=center, user=staff_user) is None
    html = signed_in.get(reverse("centers:center_detail", args=(center.pk,))).content.decode()
    assert 'id="incubation-title"' not in html
