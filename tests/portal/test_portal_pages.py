"""The portal's pages for an organization's contact: what each shows, what it writes, and
that another organization's records are absent (404) by every address, portal's or staff's."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from liaison.accounts.models import User
from liaison.core import writes
from liaison.needs.attachments import need_rate
from liaison.needs.choices import CandidateKind, Decision, NeedStatus
from liaison.needs.models import NeedAttachment, NeedMessage, TechnicalNeed
from liaison.needs.services import (
    need_decide_candidate,
    need_propose_candidates,
    need_solve,
    need_triage,
)
from liaison.organizations.models import Organization
from tests.agreements.factories import AgreementPartyFactory
from tests.centers.factories import CenterFactory
from tests.needs.factories import TechnicalNeedFactory
from tests.people.factories import PersonFactory

from .conftest import PDF

pytestmark = pytest.mark.django_db


def need_of(organization: Organization, **fields: Any) -> TechnicalNeed:
    return TechnicalNeedFactory.create(organization=organization, **fields)


def solved(organization: Organization) -> TechnicalNeed:
    need = need_triage(need=need_of(organization), triaged_on=datetime.date(2023, 3, 2), by=None)
    return need_solve(
        need=need, solved_on=datetime.date(2023, 6, 1), solution_summary="新涂层工艺", by=None
    )


def attachment_of(need: TechnicalNeed) -> NeedAttachment:
    return writes.create(
        NeedAttachment, by=None, need=need, upload=SimpleUploadedFile("图纸.pdf", PDF)
    )


# Each page, for the enterprise's contact -----------------------------------------------------


def test_the_home_lists_the_organizations_needs_agreements_and_services(
    portal: Client, enterprise: Organization, other_enterprise: Organization
) -> None:
    mine = need_of(enterprise, title="敷料涂层脱落")
    theirs = need_of(other_enterprise, title="阀门密封失效")
    party = AgreementPartyFactory.create(organization=enterprise)

    page = portal.get(reverse("portal:home")).content.decode()

    assert mine.title in page
    assert theirs.title not in page
    assert str(party.agreement) in page
    assert "Submitted" in page


def test_submitting_a_need_files_it_for_the_users_organization_with_its_files(
    portal: Client, contact: User, enterprise: Organization
) -> None:
    response = portal.post(
        reverse("portal:need_submit"),
        {
            "title": "敷料涂层脱落",
            "description": "灭菌后涂层脱落。",
            "domains": ["biomaterials"],
            "confidentiality": "confidential",
            "budget": "50000",
            "attachments": [
                SimpleUploadedFile("图纸.pdf", PDF),
                SimpleUploadedFile("data.csv", b"a,b\n1,2\n"),
            ],
        },
    )

    need = TechnicalNeed.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:need", args=(need.pk,))
    assert need.organization == enterprise
    assert need.status == NeedStatus.SUBMITTED
    assert need.history.first().history_user == contact
    files = list(need.attachments.order_by("pk"))
    assert [f.name for f in files] == ["图纸.pdf", "data.csv"]
    assert [f.content_type for f in files] == ["application/pdf", "text/csv"]
    assert files[0].uploaded_by == contact
    # Stored under a random name with the checked extension, not the uploaded one.
    assert "图纸" not in files[0].file.name
    assert files[0].file.name.endswith(".pdf")


def test_the_need_page_shows_status_steps_files_and_conversation(
    portal: Client, enterprise: Organization
) -> None:
    need = need_triage(need=need_of(enterprise), triaged_on=datetime.date(2023, 3, 2), by=None)
    attachment_of(need)
    staff = User.objects.create(username="office")
    writes.create(NeedMessage, by=None, need=need, body="Which sterilization do you use?")
    NeedMessage.objects.update(author=staff)

    page = portal.get(reverse("portal:need", args=(need.pk,))).content.decode()

    assert "Triaged" in page
    assert "Submitted" in page
    assert "图纸.pdf" in page
    assert reverse("needs:needattachment_download", args=(need.attachments.get().pk,)) in page
    assert "Which sterilization do you use?" in page
    assert "The office" in page
    assert "Withdraw" in page


def test_the_enterprise_downloads_its_file_as_an_attachment_never_sniffed(
    portal: Client, enterprise: Organization
) -> None:
    attachment = attachment_of(need_of(enterprise))

    response = portal.get(reverse("needs:needattachment_download", args=(attachment.pk,)))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''%E5%9B%BE%E7%BA%B8.pdf" in disposition
    assert b"".join(response.streaming_content) == PDF  # type: ignore[attr-defined]


def test_the_team_shows_only_when_the_office_allows_it(
    portal: Client, enterprise: Organization
) -> None:
    center = CenterFactory.create(name_en="Biomaterials Center", name_zh="生物材料中心")
    need = need_triage(
        need=need_of(enterprise),
        triaged_on=datetime.date(2023, 3, 2),
        assigned_center=center,
        by=None,
    )
    expert = PersonFactory.create(name_en="Dr. Coating", name_zh="涂层博士")
    pending = PersonFactory.create(name_en="Dr. Maybe", name_zh="待定博士")
    accepted, _other = need_propose_candidates(
        need=need,
        candidates=[
            {"kind": CandidateKind.EXPERT, "person": expert},
            {"kind": CandidateKind.EXPERT, "person": pending},
        ],
        by=None,
    )
    need_decide_candidate(candidate=accepted, decision=Decision.ACCEPTED, by=None)
    url = reverse("portal:need", args=(need.pk,))

    hidden = portal.get(url).content.decode()
    TechnicalNeed.objects.filter(pk=need.pk).update(team_visible=True)
    shown = portal.get(url).content.decode()

    assert "Who works on it" not in hidden
    assert "Dr. Coating" not in hidden
    assert "Who works on it" in shown
    assert "Dr. Coating" in shown
    assert "Biomaterials Center" in shown
    assert "Dr. Maybe" not in shown


def test_the_enterprise_answers_and_the_staff_see_it_on_the_need_page(
    portal: Client, staff_user: User, enterprise: Organization
) -> None:
    need = need_of(enterprise)
    signed_in = Client()
    signed_in.force_login(staff_user)
    signed_in.post(reverse("needs:needmessage_add", args=(need.pk,)), {"body": "Which steriliser?"})

    response = portal.post(
        reverse("portal:need_message", args=(need.pk,)), {"body": "Ethylene oxide."}
    )

    assert response.status_code == 302
    question, answer = NeedMessage.objects.order_by("pk")
    assert not question.from_enterprise
    assert answer.from_enterprise
    staff_page = signed_in.get(reverse("needs:technicalneed_detail", args=(need.pk,)))
    assert "Ethylene oxide." in staff_page.content.decode()
    assert "Which steriliser?" in staff_page.content.decode()


def test_a_conversation_is_kept_as_written(enterprise: Organization, contact: User) -> None:
    message = writes.create(NeedMessage, by=contact, need=need_of(enterprise), body="Hello")
    staff = User.objects.create(username="office", is_staff=True)
    staff.is_superuser = True
    with pytest.raises(ValidationError):
        writes.update(message, by=staff, version=message.version, body="Changed")
    with pytest.raises(ValidationError):
        writes.delete(message, by=staff)
    message.refresh_from_db()
    assert message.body == "Hello"


def test_the_enterprise_withdraws_an_open_need(portal: Client, enterprise: Organization) -> None:
    need = need_of(enterprise)

    response = portal.post(
        reverse("portal:need_withdraw", args=(need.pk,)),
        {"loaded_version": need.version, "reason": "Solved in house."},
    )

    assert response.status_code == 302
    need.refresh_from_db()
    assert need.status == NeedStatus.WITHDRAWN
    assert need.close_reason == "Solved in house."
    assert "Withdraw the need" not in portal.get(response["Location"]).content.decode()


def test_withdrawing_from_a_stale_page_is_refused(portal: Client, enterprise: Organization) -> None:
    need = need_of(enterprise)
    response = portal.post(
        reverse("portal:need_withdraw", args=(need.pk,)), {"loaded_version": need.version - 1}
    )
    assert response.status_code == 400
    need.refresh_from_db()
    assert need.status == NeedStatus.SUBMITTED


def test_the_agreement_page_shows_parties_dates_status_and_value(
    portal: Client, enterprise: Organization
) -> None:
    party = AgreementPartyFactory.create(organization=enterprise)
    agreement = party.agreement
    page = portal.get(reverse("portal:agreement", args=(agreement.pk,))).content.decode()
    assert agreement.number in page
    assert str(enterprise) in page
    assert agreement.get_status_display() in page


def test_the_services_page_lists_the_organizations_services(
    portal: Client, enterprise: Organization, other_enterprise: Organization
) -> None:
    from tests.needs.factories import ServiceRecordFactory

    ServiceRecordFactory.create(organization=enterprise, title="拉伸强度检测")
    ServiceRecordFactory.create(organization=other_enterprise, title="阀门气密检测")
    page = portal.get(reverse("portal:services")).content.decode()
    assert "拉伸强度检测" in page
    assert "阀门气密检测" not in page


def test_every_portal_page_answers_the_enterprise(portal: Client, enterprise: Organization) -> None:
    need = need_of(enterprise)
    agreement = AgreementPartyFactory.create(organization=enterprise).agreement
    for url in (
        reverse("portal:home"),
        reverse("portal:need_submit"),
        reverse("portal:need", args=(need.pk,)),
        reverse("portal:agreements"),
        reverse("portal:agreement", args=(agreement.pk,)),
        reverse("portal:services"),
    ):
        response = portal.get(url)
        assert response.status_code == 200, url
        # The portal's own layout: the office's menu is not there.
        assert 'id="navbar-menu"' not in response.content.decode()


# Another organization's records: absent everywhere ----------------------------------------------


def other_organizations_records(other: Organization) -> dict[str, Any]:
    need = need_of(other)
    solved_need = solved(other)
    return {
        "need": need,
        "solved": solved_need,
        "attachment": attachment_of(need),
        "agreement": AgreementPartyFactory.create(organization=other).agreement,
    }


def test_another_organizations_records_are_not_found_on_the_portal(
    portal: Client, other_enterprise: Organization
) -> None:
    records = other_organizations_records(other_enterprise)
    need, solved_need = records["need"], records["solved"]
    before = (TechnicalNeed.objects.count(), NeedMessage.objects.count())
    gets = [
        reverse("portal:need", args=(need.pk,)),
        reverse("portal:agreement", args=(records["agreement"].pk,)),
        reverse("needs:needattachment_download", args=(records["attachment"].pk,)),
    ]
    posts = [
        (reverse("portal:need_message", args=(need.pk,)), {"body": "Hi"}),
        (
            reverse("portal:need_attach", args=(need.pk,)),
            {"attachments": [SimpleUploadedFile("x.pdf", PDF)]},
        ),
        (reverse("portal:need_withdraw", args=(need.pk,)), {"loaded_version": need.version}),
        (
            reverse("portal:need_rate", args=(solved_need.pk,)),
            {"loaded_version": solved_need.version, "satisfaction": 5},
        ),
    ]
    for url in gets:
        assert portal.get(url).status_code == 404, url
    for url, data in posts:
        assert portal.post(url, data).status_code == 404, url
    need.refresh_from_db()
    solved_need.refresh_from_db()
    assert need.status == NeedStatus.SUBMITTED
    assert solved_need.satisfaction is None
    assert (TechnicalNeed.objects.count(), NeedMessage.objects.count()) == before
    assert NeedAttachment.objects.count() == 1


def test_another_organizations_records_are_not_found_on_the_staff_pages(
    portal: Client, other_enterprise: Organization
) -> None:
    records = other_organizations_records(other_enterprise)
    need = records["need"]
    for url in (
        reverse("needs:technicalneed_detail", args=(need.pk,)),
        reverse("needs:technicalneed_edit", args=(need.pk,)),
        reverse("agreements:agreement_detail", args=(records["agreement"].pk,)),
    ):
        assert portal.get(url).status_code == 404, url
    response = portal.post(reverse("needs:needmessage_add", args=(need.pk,)), {"body": "Hi"})
    assert response.status_code == 404
    assert not NeedMessage.objects.exists()


def test_ids_past_the_last_record_are_not_found(portal: Client, enterprise: Organization) -> None:
    need_of(enterprise)
    for name in ("portal:need", "portal:agreement"):
        assert portal.get(reverse(name, args=(999_999,))).status_code == 404


# Who lands where -----------------------------------------------------------------------------


def test_an_enterprise_user_opening_the_site_lands_on_the_portal(portal: Client) -> None:
    response = portal.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:home")


def test_signing_in_takes_an_enterprise_user_to_the_portal(client: Client, contact: User) -> None:
    from tests.accounts.factories import PASSWORD

    response = client.post(
        reverse("login"), {"username": contact.username, "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("portal:home")
    assert response.status_code == 200


def test_staff_opening_the_portal_are_told_what_it_is(signed_in: Client) -> None:
    response = signed_in.get(reverse("portal:home"))
    assert response.status_code == 200
    assert "Invite a contact" in response.content.decode()


def test_the_portal_needs_a_signed_in_user(client: Client) -> None:
    response = client.get(reverse("portal:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# Rating -------------------------------------------------------------------------------------


def test_the_enterprise_rates_a_solved_need_once(portal: Client, enterprise: Organization) -> None:
    need = solved(enterprise)
    url = reverse("portal:need_rate", args=(need.pk,))
    assert (
        "Rate the solution" in portal.get(reverse("portal:need", args=(need.pk,))).content.decode()
    )

    first = portal.post(url, {"loaded_version": need.version, "satisfaction": 4})
    need.refresh_from_db()
    second = portal.post(url, {"loaded_version": need.version, "satisfaction": 1})

    assert first.status_code == 302
    assert second.status_code == 400
    need.refresh_from_db()
    assert need.satisfaction == 4


def test_an_open_need_is_not_rated(contact: User, enterprise: Organization) -> None:
    need = need_of(enterprise)
    with pytest.raises(ValidationError):
        need_rate(need=need, satisfaction=5, by=contact, version=need.version)
    need.refresh_from_db()
    assert need.satisfaction is None


@pytest.mark.parametrize("satisfaction", [0, 6, "x", None, True, "3.5"])
def test_a_rating_runs_from_1_to_5(
    contact: User, enterprise: Organization, satisfaction: Any
) -> None:
    need = solved(enterprise)
    with pytest.raises(ValidationError):
        need_rate(need=need, satisfaction=satisfaction, by=contact, version=need.version)
    need.refresh_from_db()
    assert need.satisfaction is None


def test_another_organizations_user_cannot_rate(
    other_contact: User, enterprise: Organization
) -> None:
    need = solved(enterprise)
    with pytest.raises(PermissionDenied):
        need_rate(need=need, satisfaction=5, by=other_contact, version=need.version)


def test_staff_may_record_the_rating(staff_user: User, enterprise: Organization) -> None:
    need = solved(enterprise)
    rated = need_rate(need=need, satisfaction=3, by=staff_user, version=need.version)
    assert rated.satisfaction == 3
