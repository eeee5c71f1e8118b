import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from liaison.accounts.models import User
from liaison.core.lifecycle import today
from liaison.needs.choices import Decision, NeedStatus, ServiceKind
from liaison.needs.models import ServiceRecord, TechnicalNeed
from liaison.needs.services import need_start, need_triage
from tests.agreements.factories import AgreementFactory
from tests.centers.factories import CenterFactory
from tests.needs.factories import MatchCandidateFactory, ServiceRecordFactory, TechnicalNeedFactory
from tests.organizations.factories import OrganizationFactory
from tests.people.factories import PersonFactory
from tests.web.pages import ObjectPageChecks


class TestTechnicalNeedPages(ObjectPageChecks):
    model = TechnicalNeed
    factory = TechnicalNeedFactory
    url_base = "needs:technicalneed"
    stale_field = "title"
    stale_value = "Renamed meanwhile"

    def make(self, **fields: Any) -> TechnicalNeed:
        fields.setdefault("assigned_center", CenterFactory.create())
        fields.setdefault("budget", "200000")
        return TechnicalNeedFactory.create(**fields)

    def valid_form_data(self) -> dict[str, Any]:
        return {
            "title": "可降解支架涂层",
            "organization": OrganizationFactory.create().pk,
            "description": "Coating for a degradable stent.",
            "domains": ["biomaterials", "medical_engineering"],
            "submitted_on": "2024-03-01",
            "budget": "500000",
            "currency": "CNY",
            "confidentiality": "internal",
        }

    def invalid_form_data(self) -> tuple[dict[str, Any], str]:
        return {**self.valid_form_data(), "deadline": "2024-01-01"}, "deadline"

    def filtered_pair(self) -> tuple[dict[str, str], Any, Any]:
        kept = self.make(title="Kept food need", domains=["food"])
        dropped = self.make(title="Dropped materials need", domains=["materials"])
        return {"domain": "food"}, kept, dropped


class TestServiceRecordPages(ObjectPageChecks):
    model = ServiceRecord
    factory = ServiceRecordFactory
    url_base = "needs:servicerecord"
    stale_field = "title"
    stale_value = "Renamed meanwhile"

    def make(self, **fields: Any) -> ServiceRecord:
        organization = fields.setdefault("organization", OrganizationFactory.create())
        fields.setdefault("need", TechnicalNeedFactory.create(organization=organization))
        fields.setdefault("agreement", AgreementFactory.create())
        fields.setdefault("center", CenterFactory.create())
        fields.setdefault("revenue", "12000")
        return ServiceRecordFactory.create(**fields)

    def valid_form_data(self) -> dict[str, Any]:
        return {
            "title": "拉伸强度检测",
            "kind": ServiceKind.TESTING,
            "organization": OrganizationFactory.create().pk,
            "delivered_on": "2024-04-01",
            "revenue": "8000",
            "currency": "CNY",
        }

    def invalid_form_data(self) -> tuple[dict[str, Any], str]:
        return {**self.valid_form_data(), "revenue": "-5"}, "revenue"

    def filtered_pair(self) -> tuple[dict[str, str], Any, Any]:
        kept = self.make(title="Kept training", kind=ServiceKind.TRAINING)
        dropped = self.make(title="Dropped testing", kind=ServiceKind.TESTING)
        return {"kind": ServiceKind.TRAINING}, kept, dropped


def step(client: Any, need: TechnicalNeed, name: str, data: dict[str, Any] | None = None) -> Any:
    return client.post(reverse("needs:technicalneed_action", args=(need.pk, name)), data or {})


def offered(client: Any, need: TechnicalNeed, name: str) -> bool:
    page = client.get(reverse("needs:technicalneed_detail", args=(need.pk,))).content.decode()
    return reverse("needs:technicalneed_action", args=(need.pk, name)) in page


@pytest.mark.django_db
def test_a_submitted_need_is_triaged_to_a_center_with_the_triage_button(signed_in: Client) -> None:
    need = TechnicalNeedFactory.create(domains=["biomaterials"])
    center = CenterFactory.create()
    assert offered(signed_in, need, "triage")
    assert not offered(signed_in, need, "solve")

    response = step(
        signed_in, need, "triage", {"triaged_on": "2024-03-05", "assigned_center": center.pk}
    )
    assert response.status_code == 302
    need.refresh_from_db()
    assert need.status == NeedStatus.TRIAGED
    assert need.assigned_center == center
    assert need.triaged_on == datetime.date(2024, 3, 5)
    # Nothing ticked keeps the domains the need had.
    assert need.domains == ["biomaterials"]
    assert not offered(signed_in, need, "triage")
    assert offered(signed_in, need, "start")


@pytest.mark.django_db
def test_triage_before_the_submission_is_refused_under_its_date(signed_in: Client) -> None:
    need = TechnicalNeedFactory.create(submitted_on=datetime.date(2024, 3, 1))
    response = step(signed_in, need, "triage", {"triaged_on": "2024-02-01"})
    assert response.status_code == 400
    assert "triaged_on" in response.context["form"].errors
    need.refresh_from_db()
    assert need.status == NeedStatus.SUBMITTED


@pytest.mark.django_db
def test_a_need_cannot_be_solved_without_a_solution_summary(signed_in: Client) -> None:
    need = TechnicalNeedFactory.create()
    need_triage(need=need, triaged_on=datetime.date(2024, 3, 2), by=None)
    need_start(need=need, by=None)
    response = step(signed_in, need, "solve", {"solved_on": "2024-05-01", "solution_summary": " "})
    assert response.status_code == 400
    assert "solution_summary" in response.context["form"].errors
    assert 'id="id_solution_summary_error"' in response.content.decode()

    response = step(
        signed_in,
        need,
        "solve",
        {"solved_on": "2024-05-01", "solution_summary": "Plasma coating", "satisfaction": "5"},
    )
    assert response.status_code == 302
    need.refresh_from_db()
    assert need.status == NeedStatus.SOLVED
    assert need.satisfaction == 5


@pytest.mark.django_db
def test_rejecting_a_need_asks_why(signed_in: Client) -> None:
    need = TechnicalNeedFactory.create()
    response = step(signed_in, need, "reject", {"ended_on": "2024-03-02", "reason": ""})
    assert response.status_code == 400
    assert "reason" in response.context["form"].errors
    step(signed_in, need, "reject", {"ended_on": "2024-03-02", "reason": "Outside our fields"})
    need.refresh_from_db()
    assert need.status == NeedStatus.REJECTED
    assert not offered(signed_in, need, "close")


@pytest.mark.django_db
def test_a_withdrawal_needs_no_reason(signed_in: Client) -> None:
    need = TechnicalNeedFactory.create()
    assert step(signed_in, need, "withdraw", {"ended_on": "2024-03-02"}).status_code == 302
    need.refresh_from_db()
    assert need.status == NeedStatus.WITHDRAWN


@pytest.mark.django_db
def test_a_new_need_is_recorded_as_submitted_with_its_domains(
    signed_in: Client, staff_user: User
) -> None:
    organization = OrganizationFactory.create()
    response = signed_in.post(
        reverse("needs:technicalneed_add"),
        {
            "title": "乳清蛋白提纯",
            "organization": organization.pk,
            "description": "Whey protein purification at pilot scale.",
            "domains": ["food"],
            "submitted_on": "2024-03-01",
            "currency": "CNY",
            "confidentiality": "internal",
        },
    )
    need = TechnicalNeed.objects.get(title="乳清蛋白提纯")
    assert response["Location"] == reverse("needs:technicalneed_detail", args=(need.pk,))
    assert need.status == NeedStatus.SUBMITTED
    assert need.domains == ["food"]
    assert need.history.get().history_user == staff_user


@pytest.mark.django_db
def test_a_need_submitted_in_the_future_is_refused_under_its_date(signed_in: Client) -> None:
    response = signed_in.post(
        reverse("needs:technicalneed_add"),
        {
            "title": "未来的需求",
            "organization": OrganizationFactory.create().pk,
            "description": "Not yet.",
            "submitted_on": (datetime.date.today() + datetime.timedelta(days=30)).isoformat(),
            "currency": "CNY",
            "confidentiality": "internal",
        },
    )
    assert response.status_code == 400
    assert "submitted_on" in response.context["form"].errors
    assert not TechnicalNeed.objects.filter(title="未来的需求").exists()


@pytest.mark.django_db
def test_the_need_page_shows_its_candidates_in_a_candidates_block_and_its_services(
    signed_in: Client,
) -> None:
    need = TechnicalNeedFactory.create(domains=["biomaterials", "food"])
    MatchCandidateFactory.create(
        need=need,
        person=PersonFactory.create(name_en="Dr. Coating"),
        decision=Decision.ACCEPTED,
        explanation={"terms": [{"term": "涂层"}, {"term": "抗菌"}]},
        score=0.8765,
    )
    ServiceRecordFactory.create(
        organization=need.organization, need=need, title="Coating trial run"
    )
    html = signed_in.get(reverse("needs:technicalneed_detail", args=(need.pk,))).content.decode()
    assert 'id="candidates"' in html
    assert "Dr. Coating" in html
    assert "<mark>涂层</mark>, <mark>抗菌</mark>" in html  # English enumerates with commas
    assert "0.88" in html
    assert "Coating trial run" in html
    assert "Biomaterials, Food" in html


@pytest.mark.django_db
def test_the_candidates_panel_makes_no_query_per_candidate(signed_in: Client) -> None:
    from tests.web.pages import count_queries

    need = TechnicalNeedFactory.create()
    url = reverse("needs:technicalneed_detail", args=(need.pk,))
    MatchCandidateFactory.create(need=need, rank=1)
    _, one = count_queries(signed_in, url)
    for rank in range(2, 12):
        MatchCandidateFactory.create(need=need, rank=rank)
    _, many = count_queries(signed_in, url)
    assert many == one


@pytest.mark.django_db
def test_record_a_service_from_a_need_starts_from_the_need(signed_in: Client) -> None:
    center = CenterFactory.create()
    need = TechnicalNeedFactory.create(assigned_center=center)
    detail = signed_in.get(reverse("needs:technicalneed_detail", args=(need.pk,))).content
    add_url = f"{reverse('needs:servicerecord_add')}?need={need.pk}"
    assert add_url in detail.decode()
    form = signed_in.get(add_url).context["form"]
    assert form["need"].value() == need.pk
    assert form["organization"].value() == need.organization_id
    assert form["center"].value() == center.pk

    response = signed_in.post(
        add_url,
        {
            "title": "样品检测",
            "kind": ServiceKind.TESTING,
            "organization": need.organization_id,
            "need": need.pk,
            "delivered_on": "2024-04-02",
            "currency": "CNY",
        },
    )
    record = ServiceRecord.objects.get(title="样品检测")
    assert response["Location"] == reverse("needs:servicerecord_detail", args=(record.pk,))
    assert record.need == need


@pytest.mark.django_db
def test_a_service_for_another_organizations_need_is_refused_under_the_need(
    signed_in: Client,
) -> None:
    need = TechnicalNeedFactory.create()
    response = signed_in.post(
        reverse("needs:servicerecord_add"),
        {
            "title": "错配服务",
            "kind": ServiceKind.CONSULTING,
            "organization": OrganizationFactory.create().pk,
            "need": need.pk,
            "delivered_on": "2024-04-02",
            "currency": "CNY",
        },
    )
    assert response.status_code == 400
    assert "need" in response.context["form"].errors
    assert not ServiceRecord.objects.filter(title="错配服务").exists()


@pytest.mark.django_db
def test_needs_are_filtered_by_status_city_and_an_organizations_link(signed_in: Client) -> None:
    local = OrganizationFactory.create(city="温州市")
    kept = TechnicalNeedFactory.create(title="Local submitted", organization=local)
    triaged = TechnicalNeedFactory.create(title="Local triaged", organization=local)
    need_triage(need=triaged, triaged_on=datetime.date(2024, 3, 2), by=None)
    TechnicalNeedFactory.create(
        title="Far away", organization=OrganizationFactory.create(city="上海市")
    )
    url = reverse("needs:technicalneed_list")
    page = signed_in.get(url, {"status": "submitted", "city": "温州"}).content.decode()
    assert kept.title in page
    assert "Local triaged" not in page
    assert "Far away" not in page
    page = signed_in.get(url, {"organization": local.pk}).content.decode()
    assert "Local triaged" in page
    assert "Far away" not in page


@pytest.mark.django_db
def test_services_of_a_need_are_listed_by_its_link(signed_in: Client) -> None:
    need = TechnicalNeedFactory.create()
    ServiceRecordFactory.create(organization=need.organization, need=need, title="For the need")
    ServiceRecordFactory.create(title="Unrelated")
    page = signed_in.get(reverse("needs:servicerecord_list"), {"need": need.pk}).content.decode()
    assert "For the need" in page
    assert "Unrelated" not in page


@pytest.mark.django_db
def test_search_finds_a_chinese_word_inside_a_description_and_english_in_any_case(
    signed_in: Client,
) -> None:
    TechnicalNeedFactory.create(title="Dressing need", description="需要一种耐灭菌的抗菌涂层工艺")
    TechnicalNeedFactory.create(title="Dairy need", description="Whey protein purification")
    url = reverse("needs:technicalneed_list")
    page = signed_in.get(url, {"q": "抗菌涂层"}).content.decode()
    assert "Dressing need" in page
    assert "Dairy need" not in page
    page = signed_in.get(url, {"q": "WHEY"}).content.decode()
    assert "Dairy need" in page
    assert "Dressing need" not in page


@pytest.mark.django_db
def test_the_solve_form_marks_the_solution_summary_required(signed_in: Client) -> None:
    need = TechnicalNeedFactory.create()
    need_triage(need=need, triaged_on=datetime.date(2024, 3, 2), by=None)
    need_start(need=need, by=None)
    page = signed_in.get(reverse("needs:technicalneed_action", args=(need.pk, "solve")))
    html = page.content.decode()
    assert 'class="form-label required" for="id_solution_summary"' in html
    response = step(signed_in, need, "solve", {"solved_on": "2024-05-01", "solution_summary": ""})
    assert response.context["form"].errors["solution_summary"] == [
        "A need cannot be solved without a solution summary: say how it was solved."
    ]


@pytest.mark.django_db
def test_a_new_needs_submitted_on_starts_at_today(signed_in: Client) -> None:
    form = signed_in.get(reverse("needs:technicalneed_add")).context["form"]
    assert form["submitted_on"].value() == today()


@pytest.mark.django_db
def test_an_edited_needs_submitted_on_stays_as_recorded(signed_in: Client) -> None:
    need = TechnicalNeedFactory.create(submitted_on=datetime.date(2024, 3, 1))
    form = signed_in.get(reverse("needs:technicalneed_edit", args=(need.pk,))).context["form"]
    assert form["submitted_on"].value() == datetime.date(2024, 3, 1)
