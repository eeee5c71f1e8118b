import datetime
from typing import Any

import pytest
from django.http import StreamingHttpResponse
from django.test import Client
from django.urls import reverse

from liaison.accounts.models import User
from liaison.agreements.choices import AgreementKind, AgreementStatus, PartyRole
from liaison.agreements.models import Agreement, PaymentMilestone, SigningEvent
from liaison.agreements.services import agreement_put_in_force, agreement_sign
from tests.agreements.factories import (
    AgreementFactory,
    AgreementPartyFactory,
    PaymentMilestoneFactory,
    SigningEventFactory,
)
from tests.centers.factories import AppointmentFactory, CenterFactory
from tests.organizations.factories import OrganizationFactory
from tests.web.pages import ObjectPageChecks, pinned_queries


def party_rows(*parties: tuple[Any, str], rows: int = 3) -> dict[str, Any]:
    """The party rows of the new-agreement form, filled with `parties` and blank after.

    The management form counts the preset rows as initial ones, as the page sends it.
    """
    data: dict[str, Any] = {
        "parties-TOTAL_FORMS": rows,
        "parties-INITIAL_FORMS": rows,
        "parties-MIN_NUM_FORMS": 0,
        "parties-MAX_NUM_FORMS": 1000,
    }
    for row in range(rows):
        organization, role = parties[row] if row < len(parties) else (None, PartyRole.PARTNER)
        data[f"parties-{row}-organization"] = organization.pk if organization else ""
        data[f"parties-{row}-role"] = role
    return data


def agreement_with_parties(**fields: Any) -> Agreement:
    agreement = AgreementFactory.create(**fields)
    AgreementPartyFactory.create(agreement=agreement, role=PartyRole.INSTITUTE)
    AgreementPartyFactory.create(agreement=agreement, role=PartyRole.PARTNER)
    return agreement


@pytest.mark.django_db
def test_the_list_shows_each_party_on_its_own_line_not_a_literal_br(
    client: Client, staff_user: User
) -> None:
    agreement = agreement_with_parties()
    first, second = (p.organization for p in agreement.parties.order_by("pk"))
    client.force_login(staff_user)

    html = client.get(reverse("agreements:agreement_list")).content.decode()

    assert "&lt;br&gt;" not in html
    assert f"{first}</a><br><a " in html or f"{second}</a><br><a " in html


class TestAgreementPages(ObjectPageChecks):
    model = Agreement
    factory = AgreementFactory
    url_base = "agreements:agreement"
    stale_field = "title_en"
    stale_value = "Renamed meanwhile"

    def make(self, **fields: Any) -> Agreement:
        # With parties and an event, so the list's parties and event columns are exercised.
        fields.setdefault("signing_event", SigningEventFactory.create())
        return agreement_with_parties(**fields)

    def shown_as(self, obj: Agreement) -> str:
        return obj.number

    def valid_form_data(self) -> dict[str, Any]:
        return {
            "number": "WZ-2026-001",
            "title_zh": "抗菌敷料联合开发协议",
            "title_en": "Antibacterial dressing joint development agreement",
            "kind": AgreementKind.TECH_DEVELOPMENT,
            "confidentiality": "internal",
            "currency": "CNY",
            "value": "1500000",
            **party_rows(),
        }

    def invalid_form_data(self) -> tuple[dict[str, Any], str]:
        return {**self.valid_form_data(), "value": "a lot"}, "value"

    def filtered_pair(self) -> tuple[dict[str, str], Any, Any]:
        kept = self.make(kind=AgreementKind.MOU, title_en="Kept memorandum")
        dropped = self.make(kind=AgreementKind.TECH_SERVICE, title_en="Dropped service contract")
        return {"kind": AgreementKind.MOU}, kept, dropped


class TestSigningEventPages(ObjectPageChecks):
    model = SigningEvent
    factory = SigningEventFactory
    url_base = "agreements:signingevent"
    stale_field = "place"
    stale_value = "宁波"

    def shown_as(self, obj: SigningEvent) -> str:
        return obj.title_en

    def make(self, **fields: Any) -> SigningEvent:
        event = SigningEventFactory.create(**fields)
        AgreementFactory.create(signing_event=event)
        CenterFactory.create(established_at=event)
        return event

    def valid_form_data(self) -> dict[str, Any]:
        return {"title_zh": "2026年度集中签约仪式", "held_on": "2026-05-06", "place": "温州"}

    def invalid_form_data(self) -> tuple[dict[str, Any], str]:
        return {**self.valid_form_data(), "held_on": "not a date"}, "held_on"

    def filtered_pair(self) -> tuple[dict[str, str], Any, Any]:
        kept = self.make(place="宁波市", title_en="Kept ceremony")
        dropped = self.make(place="温州市", title_en="Dropped ceremony")
        return {"place": "宁波"}, kept, dropped


def step(client: Any, agreement: Any, name: str, data: dict[str, Any] | None = None) -> Any:
    url = reverse("agreements:agreement_action", args=(agreement.pk, name))
    return client.post(url, data or {})


@pytest.mark.django_db
def test_a_new_agreement_is_recorded_with_its_parties_from_one_form(
    signed_in: Client, staff_user: User
) -> None:
    institute, partner = OrganizationFactory.create(), OrganizationFactory.create()
    response = signed_in.post(
        reverse("agreements:agreement_add"),
        {
            "number": "WZ-2026-002",
            "title_zh": "全面合作框架协议",
            "kind": AgreementKind.FRAMEWORK,
            "confidentiality": "internal",
            "currency": "CNY",
            **party_rows((institute, PartyRole.INSTITUTE), (partner, PartyRole.PARTNER)),
        },
    )
    agreement = Agreement.objects.get(number="WZ-2026-002")
    assert response["Location"] == reverse("agreements:agreement_detail", args=(agreement.pk,))
    assert agreement.status == AgreementStatus.DRAFT
    assert sorted(agreement.parties.values_list("organization_id", "role")) == sorted(
        [(institute.pk, PartyRole.INSTITUTE), (partner.pk, PartyRole.PARTNER)]
    )
    assert agreement.history.get().history_user == staff_user


@pytest.mark.django_db
def test_the_same_organization_twice_is_refused_and_nothing_is_recorded(signed_in: Client) -> None:
    organization = OrganizationFactory.create()
    response = signed_in.post(
        reverse("agreements:agreement_add"),
        {
            "number": "WZ-2026-003",
            "title_zh": "重复签约方",
            "kind": AgreementKind.MOU,
            "confidentiality": "internal",
            "currency": "CNY",
            **party_rows((organization, PartyRole.INSTITUTE), (organization, PartyRole.PARTNER)),
        },
    )
    assert response.status_code == 400
    assert "already a party" in response.content.decode()
    assert not Agreement.objects.filter(number="WZ-2026-003").exists()


@pytest.mark.django_db
def test_a_party_row_without_a_role_is_explained_under_its_field(signed_in: Client) -> None:
    data = {
        "number": "WZ-2026-004",
        "title_zh": "缺角色",
        "kind": AgreementKind.MOU,
        "confidentiality": "internal",
        "currency": "CNY",
        **party_rows((OrganizationFactory.create(), "")),
    }
    response = signed_in.post(reverse("agreements:agreement_add"), data)
    assert response.status_code == 400
    assert 'id="id_parties-0-role_error"' in response.content.decode()
    assert not Agreement.objects.filter(number="WZ-2026-004").exists()


@pytest.mark.django_db
def test_an_agreement_moves_from_draft_to_in_force_with_its_buttons(signed_in: Client) -> None:
    agreement = AgreementFactory.create()
    detail = reverse("agreements:agreement_detail", args=(agreement.pk,))

    def offered(name: str) -> bool:
        url = reverse("agreements:agreement_action", args=(agreement.pk, name))
        return url in signed_in.get(detail).content.decode()

    assert offered("add-party")
    assert offered("sign")
    assert not offered("put-in-force")

    for role in (PartyRole.INSTITUTE, PartyRole.PARTNER):
        response = step(
            signed_in,
            agreement,
            "add-party",
            {"organization": OrganizationFactory.create().pk, "role": role},
        )
        assert response.status_code == 302
    assert step(signed_in, agreement, "submit-for-review").status_code == 302
    event = SigningEventFactory.create()
    response = step(
        signed_in, agreement, "sign", {"signed_on": "2024-05-06", "signing_event": event.pk}
    )
    assert response.status_code == 302
    assert offered("put-in-force")
    assert not offered("add-party")
    assert not offered("sign")

    assert step(signed_in, agreement, "put-in-force", {"effective_on": "2024-06-01"})[
        "Location"
    ] == (detail)
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.IN_FORCE
    assert agreement.signing_event == event
    assert agreement.effective_on == datetime.date(2024, 6, 1)
    assert "Done: Put in force." in signed_in.get(detail).content.decode()


@pytest.mark.django_db
def test_signing_with_one_party_is_refused_with_the_services_reason(signed_in: Client) -> None:
    agreement = AgreementFactory.create()
    AgreementPartyFactory.create(agreement=agreement)
    response = step(signed_in, agreement, "sign", {"signed_on": "2024-05-06"})
    assert response.status_code == 400
    assert "at least two parties" in response.content.decode()
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.DRAFT


@pytest.mark.django_db
def test_taking_effect_before_the_signing_is_shown_under_the_date(signed_in: Client) -> None:
    agreement = agreement_with_parties()
    agreement_sign(agreement=agreement, signed_on=datetime.date(2024, 5, 6), by=None)
    response = step(signed_in, agreement, "put-in-force", {"effective_on": "2024-05-01"})
    assert response.status_code == 400
    assert "effective_on" in response.context["form"].errors
    assert 'id="id_effective_on_error"' in response.content.decode()


@pytest.mark.django_db
def test_a_termination_without_a_reason_is_refused_under_the_reason(signed_in: Client) -> None:
    agreement = agreement_with_parties()
    agreement_sign(agreement=agreement, signed_on=datetime.date(2024, 5, 6), by=None)
    response = step(signed_in, agreement, "terminate", {"ended_on": "2024-07-01", "reason": ""})
    assert response.status_code == 400
    assert "reason" in response.context["form"].errors
    response = step(
        signed_in, agreement, "terminate", {"ended_on": "2024-07-01", "reason": "Partner closed"}
    )
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.TERMINATED
    assert agreement.end_reason == "Partner closed"


@pytest.mark.django_db
def test_a_milestone_is_added_then_marked_done_from_the_agreement_page(signed_in: Client) -> None:
    agreement = agreement_with_parties()
    agreement_sign(agreement=agreement, signed_on=datetime.date(2024, 5, 6), by=None)
    agreement_put_in_force(agreement=agreement, effective_on=datetime.date(2024, 5, 6), by=None)
    response = step(
        signed_in,
        agreement,
        "add-milestone",
        {"title": "首付款", "due_on": "2024-09-01", "amount": "300000", "currency": "CNY"},
    )
    assert response.status_code == 302
    milestone = PaymentMilestone.objects.get(agreement=agreement)
    page = signed_in.get(reverse("agreements:agreement_detail", args=(agreement.pk,)))
    mark_done = reverse("agreements:paymentmilestone_action", args=(milestone.pk, "mark-done"))
    html = page.content.decode()
    assert "首付款" in html
    assert mark_done in html
    assert "30万元" in html or "CNY 300,000" in html

    response = signed_in.post(mark_done, {"done_on": "2024-09-03"})
    assert response.status_code == 302
    milestone.refresh_from_db()
    assert milestone.done_on == datetime.date(2024, 9, 3)
    html = signed_in.get(
        reverse("agreements:agreement_detail", args=(agreement.pk,))
    ).content.decode()
    assert mark_done not in html


@pytest.mark.django_db
def test_a_milestone_of_an_unsigned_agreement_offers_no_mark_done(signed_in: Client) -> None:
    milestone = PaymentMilestoneFactory.create()
    mark_done = reverse("agreements:paymentmilestone_action", args=(milestone.pk, "mark-done"))
    page = signed_in.get(reverse("agreements:agreement_detail", args=(milestone.agreement.pk,)))
    assert mark_done not in page.content.decode()
    response = signed_in.post(mark_done, {"done_on": "2024-09-03"})
    assert response.status_code == 400
    assert "only once its agreement is signed" in response.content.decode()


@pytest.mark.django_db
def test_search_and_party_filter_find_an_agreement_by_a_party_name(signed_in: Client) -> None:
    found = agreement_with_parties(title_en="With Yiding")
    AgreementPartyFactory.create(
        agreement=found, organization=OrganizationFactory.create(name_zh="浙江亿丁医用敷料有限公司")
    )
    agreement_with_parties(title_en="Without it")
    for params in ({"q": "亿丁"}, {"party": "亿丁"}):
        page = signed_in.get(reverse("agreements:agreement_list"), params).content.decode()
        assert "With Yiding" in page
        assert "Without it" not in page
        assert page.count("With Yiding") == 1


@pytest.mark.django_db
def test_an_organizations_agreements_link_lists_only_its_agreements(signed_in: Client) -> None:
    party = AgreementPartyFactory.create(
        agreement=AgreementFactory.create(title_en="Its agreement")
    )
    AgreementFactory.create(title_en="Someone else's")
    url = reverse("agreements:agreement_list")
    page = signed_in.get(url, {"organization": party.organization_id}).content.decode()
    assert "Its agreement" in page
    assert "Someone else&#x27;s" not in page
    assert "Someone else's" not in page


@pytest.mark.django_db
def test_a_signing_event_shows_what_was_signed_unveiled_and_appointed_there(
    signed_in: Client,
) -> None:
    event = SigningEventFactory.create(title_en="Spring ceremony")
    agreement = agreement_with_parties(signing_event=event, title_en="Signed that day")
    CenterFactory.create(established_at=event, name_en="Biomedical Materials Center")
    AppointmentFactory.create(announced_at=event, person__name_en="Chief Scientist Wang")
    AgreementFactory.create(title_en="Signed elsewhere")
    url = reverse("agreements:signingevent_detail", args=(event.pk,))
    for page_url in (url, reverse("agreements:signingevent_programme", args=(event.pk,))):
        html = signed_in.get(page_url).content.decode()
        assert "Signed that day" in html
        assert "Biomedical Materials Center" in html
        assert "Chief Scientist Wang" in html
        party = agreement.parties.first()
        assert party is not None
        assert str(party.organization) in html
        assert "Signed elsewhere" not in html
    assert (
        reverse("agreements:signingevent_programme", args=(event.pk,))
        in signed_in.get(url).content.decode()
    )


@pytest.mark.django_db
def test_the_programme_has_a_print_stylesheet_and_fixed_queries(signed_in: Client) -> None:
    from tests.web.pages import count_queries

    event = SigningEventFactory.create()
    url = reverse("agreements:signingevent_programme", args=(event.pk,))
    agreement_with_parties(signing_event=event)
    _, one = count_queries(signed_in, url)
    for _n in range(5):
        agreement_with_parties(signing_event=event)
        AppointmentFactory.create(announced_at=event)
    response, many = count_queries(signed_in, url)
    assert "agreements/programme.css" in response.content.decode()
    assert many == one
    assert many <= pinned_queries("agreements:signingevent_programme")


@pytest.mark.django_db
def test_the_programme_of_an_event_is_not_shown_to_an_anonymous_visitor(client: Client) -> None:
    event = SigningEventFactory.create(title_en="Private ceremony")
    response = client.get(reverse("agreements:signingevent_programme", args=(event.pk,)))
    assert response.status_code == 302
    assert "Private ceremony" not in response.content.decode()


@pytest.mark.django_db
def test_an_attachment_is_uploaded_from_the_agreement_page_and_downloaded(
    signed_in: Client,
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    agreement = AgreementFactory.create()
    detail = reverse("agreements:agreement_detail", args=(agreement.pk,))
    add_url = f"{reverse('agreements:agreementattachment_add')}?agreement={agreement.pk}"
    assert add_url in signed_in.get(detail).content.decode()
    form_page = signed_in.get(add_url)
    assert 'enctype="multipart/form-data"' in form_page.content.decode()
    assert form_page.context["form"]["agreement"].value() == agreement.pk

    upload = SimpleUploadedFile("contract-scan.pdf", b"%PDF-1.4 signed copy", "application/pdf")
    response = signed_in.post(
        add_url, {"agreement": agreement.pk, "title": "Signed scan", "file": upload}
    )
    assert response.status_code == 302
    attachment = agreement.attachments.get()
    download = reverse("agreements:agreementattachment_download", args=(attachment.pk,))
    html = signed_in.get(detail).content.decode()
    assert "Signed scan" in html
    assert download in html

    response = signed_in.get(download)
    assert isinstance(response, StreamingHttpResponse)
    assert b"".join(response.streaming_content) == b"%PDF-1.4 signed copy"
    assert "contract-scan.pdf" in response["Content-Disposition"]

    signed_in.logout()
    assert signed_in.get(download).status_code == 302


@pytest.mark.django_db
def test_an_attachment_without_a_file_is_refused_under_the_file(signed_in: Client) -> None:
    agreement = AgreementFactory.create()
    response = signed_in.post(
        reverse("agreements:agreementattachment_add"),
        {"agreement": agreement.pk, "title": "Nothing attached"},
    )
    assert response.status_code == 400
    assert "file" in response.context["form"].errors
    assert not agreement.attachments.exists()


@pytest.mark.django_db
def test_record_a_service_from_an_agreement_starts_from_the_agreement(signed_in: Client) -> None:
    agreement = AgreementFactory.create()
    html = signed_in.get(reverse("agreements:agreement_detail", args=(agreement.pk,))).content
    add_url = f"{reverse('needs:servicerecord_add')}?agreement={agreement.pk}"
    assert add_url in html.decode()
    assert signed_in.get(add_url).context["form"]["agreement"].value() == agreement.pk


@pytest.mark.django_db
def test_a_party_row_without_an_organization_is_no_party(signed_in: Client) -> None:
    organization = OrganizationFactory.create()
    data = {
        "number": "WZ-2026-005",
        "title_zh": "只有一方",
        "kind": AgreementKind.MOU,
        "confidentiality": "internal",
        "currency": "CNY",
        **party_rows((organization, PartyRole.INSTITUTE), (None, PartyRole.CLIENT)),
    }
    assert signed_in.post(reverse("agreements:agreement_add"), data).status_code == 302
    agreement = Agreement.objects.get(number="WZ-2026-005")
    assert list(agreement.parties.values_list("organization_id", flat=True)) == [organization.pk]


@pytest.mark.django_db
def test_a_negative_value_is_refused_under_its_field(signed_in: Client) -> None:
    data = {**TestAgreementPages().valid_form_data(), "value": "-5"}
    response = signed_in.post(reverse("agreements:agreement_add"), data)
    assert response.status_code == 400
    assert response.context["form"].errors["value"] == ["An agreement's value cannot be negative."]
    assert not Agreement.objects.exists()
