"""The open calls' pages and the portal's: the office's list and call, a researcher applying
from the call's page and seeing it on their own page, the enterprise consenting, reviewing
and applying from the portal."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from liaison.accounts.choices import RoleKind
from liaison.core.lifecycle import today
from liaison.opencalls import services
from liaison.opencalls.choices import ApplicationStatus, CallStatus, ReviewSide
from liaison.opencalls.models import CallApplication, CallReview, OpenCall
from tests.accounts.factories import UserFactory
from tests.centers.factories import CenterFactory
from tests.opencalls.factories import OpenCallFactory, apply, endorse, published, triaged_need
from tests.organizations.factories import OrganizationFactory
from tests.people.factories import PersonFactory
from tests.web.pages import ObjectPageChecks, count_queries, pinned_queries

pytestmark = pytest.mark.django_db


class TestOpenCallPages(ObjectPageChecks):
    model = OpenCall
    factory = OpenCallFactory
    url_base = "opencalls:opencall"
    stale_field = "title_en"
    stale_value = "Renamed meanwhile"

    def valid_form_data(self) -> dict[str, Any]:
        return {
            "need": triaged_need().pk,
            "title_zh": "揭榜：乳品低温杀菌",
            "title_en": "Open call: cold pasteurisation",
            "statement_zh": "寻求乳品低温杀菌工艺。",
            "reward": "300000",
            "currency": "CNY",
            "deadline": "2031-06-30",
        }

    def invalid_form_data(self) -> tuple[dict[str, Any], str]:
        from tests.needs.factories import TechnicalNeedFactory

        # A call publishes a triaged need only.
        return {**self.valid_form_data(), "need": TechnicalNeedFactory.create().pk}, "need"

    def filtered_pair(self) -> tuple[dict[str, str], Any, Any]:
        return {"status": CallStatus.PUBLISHED}, published(), self.make()


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_researcher_applies_from_the_calls_page_and_sees_it_on_their_page() -> None:
    call = published()
    user = UserFactory.create(role=RoleKind.RESEARCHER)
    person = PersonFactory.create(user=user)
    client = _client(user)
    page = client.get(reverse("opencalls:opencall_detail", args=(call.pk,))).content.decode()
    apply_url = f"{reverse('opencalls:callapplication_add')}?call={call.pk}"
    assert apply_url.replace("&", "&amp;") in page or apply_url in page
    response = client.post(
        apply_url,
        {
            "call": call.pk,
            "applicant_kind": "person",
            "person": person.pk,
            "proposal": "A plasma-grafted coating.",
            "budget": "200000",
            "currency": "CNY",
            "duration_months": "9",
        },
    )
    assert response.status_code == 302, response.context and response.context["form"].errors
    application = CallApplication.objects.get(call=call)
    assert application.person == person
    assert application.submitted_by == user
    own = client.get(reverse("people:me")).content.decode()
    assert reverse("opencalls:callapplication_detail", args=(application.pk,)) in own


def test_the_office_sees_the_applications_reviews_and_endorsement_on_the_call() -> None:
    call = published()
    application = apply(call, person=PersonFactory.create(name_zh="揭榜人甲"))
    staff = UserFactory.create(role=RoleKind.STAFF)
    client = _client(staff)
    page = client.get(reverse("opencalls:opencall_detail", args=(call.pk,))).content.decode()
    assert str(application.applicant) in page
    detail = client.get(reverse("opencalls:callapplication_detail", args=(application.pk,)))
    assert detail.status_code == 200
    assert reverse("opencalls:callapplication_action", args=(application.pk, "select")) in (
        detail.content.decode()
    )


def test_the_enterprise_consents_reviews_and_the_office_selects_from_the_pages() -> None:
    call = OpenCallFactory.create()
    enterprise = UserFactory.create(role=RoleKind.ENTERPRISE, organization=call.need.organization)
    portal = _client(enterprise)
    listing = portal.get(reverse("portal:opencalls")).content.decode()
    assert reverse("portal:opencall", args=(call.pk,)) in listing
    response = portal.post(
        reverse("portal:opencall_consent", args=(call.pk,)), {"loaded_version": call.version}
    )
    assert response.status_code == 302
    call.refresh_from_db()
    assert call.consent_method == "portal"
    assert call.consent_user == enterprise

    office = _client(UserFactory.create(role=RoleKind.STAFF))
    response = office.post(
        reverse("opencalls:opencall_action", args=(call.pk, "publish")),
        {"published_on": today().isoformat(), "loaded_version": call.version},
    )
    assert response.status_code == 302
    call.refresh_from_db()
    assert call.status == CallStatus.PUBLISHED
    application = services.application_submit(
        by=None,
        call=call,
        applicant_kind="person",
        person=PersonFactory.create(),
        proposal="Our plan.",
        duration_months=6,
    )
    page = portal.get(reverse("portal:opencall", args=(call.pk,))).content.decode()
    assert "Our plan." in page
    prefix = f"review-{application.pk}"
    response = portal.post(
        reverse("portal:application_review", args=(application.pk,)),
        {f"{prefix}-recommendation": "select", f"{prefix}-score": "5", f"{prefix}-opinion": "Yes."},
    )
    assert response.status_code == 302
    review = CallReview.objects.get(application=application)
    assert review.side == ReviewSide.ENTERPRISE
    assert review.reviewer == enterprise
    response = office.post(
        reverse("opencalls:callapplication_action", args=(application.pk, "select")),
        {"decided_on": today().isoformat(), "loaded_version": application.version},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SELECTED


def test_an_enterprise_applies_to_anothers_call_from_the_portal() -> None:
    call = published()
    organization = OrganizationFactory.create()
    user = UserFactory.create(role=RoleKind.ENTERPRISE, organization=organization)
    portal = _client(user)
    assert (
        reverse("portal:opencall", args=(call.pk,))
        in portal.get(reverse("portal:opencalls")).content.decode()
    )
    response = portal.post(
        reverse("portal:opencall_apply", args=(call.pk,)),
        {"proposal": "Our pilot line.", "budget": "100000", "duration_months": "6"},
    )
    assert response.status_code == 302
    application = CallApplication.objects.get(call=call)
    assert application.organization == organization
    page = portal.get(reverse("portal:opencall", args=(call.pk,))).content.decode()
    assert application.get_status_display() in page
    # Another enterprise does not see it.
    other = _client(
        UserFactory.create(role=RoleKind.ENTERPRISE, organization=OrganizationFactory.create())
    )
    assert (
        "Our pilot line."
        not in other.get(reverse("portal:opencall", args=(call.pk,))).content.decode()
    )


def test_a_draft_is_a_404_on_the_portal_to_other_enterprises() -> None:
    call = OpenCallFactory.create()
    other = _client(
        UserFactory.create(role=RoleKind.ENTERPRISE, organization=OrganizationFactory.create())
    )
    assert other.get(reverse("portal:opencall", args=(call.pk,))).status_code == 404


def test_the_calls_page_reads_its_applications_and_reviews_in_a_fixed_number_of_queries(
    signed_in: Client,
) -> None:
    call = published()
    endorse(apply(call, person=PersonFactory.create()))
    url = reverse("opencalls:opencall_detail", args=(call.pk,))
    _response, one = count_queries(signed_in, url)
    for _ in range(4):
        endorse(apply(call, center=CenterFactory.create()))
    response, five = count_queries(signed_in, url)
    assert response.status_code == 200
    assert five == one <= pinned_queries("opencalls:opencall_detail")
    application = call.applications.first()
    assert application is not None
    detail = reverse("opencalls:callapplication_detail", args=(application.pk,))
    response, queries = count_queries(signed_in, detail)
    assert response.status_code == 200
    assert queries <= pinned_queries("opencalls:callapplication_detail")


def test_the_needs_page_shows_its_call_and_the_selected_team(signed_in: Client) -> None:
    call = published()
    chosen = apply(call, person=PersonFactory.create())
    endorse(chosen)
    services.application_select(callapplication=chosen, decided_on=today(), by=None)
    page = signed_in.get(reverse("needs:technicalneed_detail", args=(call.need_id,)))
    html = page.content.decode()
    assert reverse("opencalls:opencall_detail", args=(call.pk,)) in html
    assert str(chosen.applicant) in html
