from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import FileResponse
from django.test import Client
from django.urls import reverse

from liaison.accounts.choices import RoleKind
from liaison.accounts.models import User
from liaison.disclosures.choices import DisclosureDecision, DisclosureStatus
from liaison.disclosures.models import Disclosure
from liaison.people.models import Person
from tests.accounts.factories import UserFactory
from tests.centers.factories import CenterFactory
from tests.disclosures.factories import (
    DisclosureFactory,
    DisclosureInventorFactory,
    accepted,
    acknowledged,
    decided,
    submitted_disclosure,
)
from tests.organizations.factories import OrganizationFactory
from tests.people.factories import PersonFactory
from tests.web.pages import ObjectPageChecks, count_queries, pinned_queries


def inventor_rows(*rows: tuple[Person | None, str], count: int = 3) -> dict[str, Any]:
    """The inventor rows of the submission form, filled with `rows` and blank after; the
    management form counts the preset rows as initial ones, as the page sends it."""
    data: dict[str, Any] = {
        "inventors-TOTAL_FORMS": count,
        "inventors-INITIAL_FORMS": count,
        "inventors-MIN_NUM_FORMS": 0,
        "inventors-MAX_NUM_FORMS": 1000,
        "funding-TOTAL_FORMS": 2,
        "funding-INITIAL_FORMS": 2,
        "funding-MIN_NUM_FORMS": 0,
        "funding-MAX_NUM_FORMS": 1000,
    }
    for row in range(count):
        person, share = rows[row] if row < len(rows) else (None, "")
        data[f"inventors-{row}-person"] = person.pk if person else ""
        data[f"inventors-{row}-share"] = share
    return data


def submission(*rows: tuple[Person | None, str], **fields: Any) -> dict[str, Any]:
    return {
        "title_zh": "一种抗菌敷料",
        "title_en": "An antibacterial dressing",
        "description": "A dressing that releases silver ions for a week.",
        "conceived_on": "2026-05-01",
        **inventor_rows(*rows),
        **fields,
    }


def with_inventors(**fields: Any) -> Disclosure:
    disclosure = DisclosureFactory.create(**fields)
    DisclosureInventorFactory.create(disclosure=disclosure, share=Decimal("60"))
    DisclosureInventorFactory.create(disclosure=disclosure, share=Decimal("40"))
    return disclosure


class TestDisclosurePages(ObjectPageChecks):
    model = Disclosure
    factory = DisclosureFactory
    url_base = "disclosures:disclosure"
    stale_field = "title_en"
    stale_value = "Renamed meanwhile"

    def make(self, **fields: Any) -> Disclosure:
        fields.setdefault("center", CenterFactory.create())
        return with_inventors(**fields)

    def shown_as(self, obj: Disclosure) -> str:
        return obj.title_zh

    def valid_form_data(self) -> dict[str, Any]:
        return submission((PersonFactory.create(), "55.5"), (PersonFactory.create(), "44.5"))

    def invalid_form_data(self) -> tuple[dict[str, Any], str]:
        return {**self.valid_form_data(), "conceived_on": "not a date"}, "conceived_on"

    def filtered_pair(self) -> tuple[dict[str, str], Any, Any]:
        kept = self.make(title_zh="保留的披露")
        dropped = self.make(title_zh="排除的披露")
        acknowledged(kept)
        return {"status": DisclosureStatus.ACKNOWLEDGED}, kept, dropped


# The submission -----------------------------------------------------------------------------


@pytest.fixture
def researcher(db: None) -> User:
    user = UserFactory.create(role=RoleKind.RESEARCHER, username="researcher")
    PersonFactory.create(user=user, name_zh="李研究", name_en="Li Research")
    return user


@pytest.mark.django_db
def test_a_researcher_submits_with_a_colleague_and_sees_it_as_their_own(
    client: Client, researcher: User
) -> None:
    client.force_login(researcher)
    colleague = PersonFactory.create()
    form = client.get(reverse("disclosures:disclosure_add"))
    # The first row names the researcher.
    assert form.context["form"].inventor_formset.forms[0].initial["person"] == researcher.person.pk

    response = client.post(
        reverse("disclosures:disclosure_add"),
        submission(
            (researcher.person, "70"),
            (colleague, "30"),
            attachments=SimpleUploadedFile("notes.txt", b"lab notes"),
        ),
    )

    disclosure = Disclosure.objects.get(title_zh="一种抗菌敷料")
    assert response["Location"] == reverse("disclosures:disclosure_detail", args=(disclosure.pk,))
    assert disclosure.submitted_by == researcher
    assert disclosure.status == DisclosureStatus.SUBMITTED
    assert sorted(disclosure.inventors.values_list("share", flat=True)) == [
        Decimal("30.00"),
        Decimal("70.00"),
    ]
    assert disclosure.attachments.count() == 1
    page = client.get(reverse("people:me")).content.decode()
    assert "Your disclosures" in page
    assert "一种抗菌敷料" in page
    assert "Submitted" in page
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.django_db
def test_shares_not_adding_up_come_back_under_the_inventors_with_everything_typed(
    client: Client, researcher: User
) -> None:
    client.force_login(researcher)
    colleague = PersonFactory.create()
    response = client.post(
        reverse("disclosures:disclosure_add"),
        submission(
            (researcher.person, "70"),
            (colleague, "20"),
            **{
                "funding-0-project": "国家自然科学基金 82301234",
                "funding-0-sponsor_has_rights": "on",
                "funding-0-sponsor": OrganizationFactory.create().pk,
            },
        ),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "add up to 90.00 %" in html
    assert "liaison-inventors-error" in html
    # Nothing typed is lost.
    assert "A dressing that releases silver ions for a week." in html
    assert 'value="20"' in html or 'value="20.00"' in html
    assert "国家自然科学基金 82301234" in html
    assert not Disclosure.objects.exists()


@pytest.mark.django_db
def test_an_inventor_without_a_share_is_told_under_the_share(
    client: Client, researcher: User
) -> None:
    client.force_login(researcher)
    response = client.post(
        reverse("disclosures:disclosure_add"), submission((researcher.person, ""))
    )
    assert response.status_code == 400
    assert 'id="id_inventors-0-share_error"' in response.content.decode()


@pytest.mark.django_db
def test_a_researcher_sees_their_own_disclosure_and_not_anothers(
    client: Client, researcher: User
) -> None:
    own = submitted_disclosure(shares=((researcher.person, "50"), (PersonFactory.create(), "50")))
    other = submitted_disclosure(title_zh="别人的披露")
    client.force_login(researcher)

    assert client.get(reverse("disclosures:disclosure_detail", args=(own.pk,))).status_code == 200
    assert client.get(reverse("disclosures:disclosure_detail", args=(other.pk,))).status_code == 404
    listed = client.get(reverse("disclosures:disclosure_list")).content.decode()
    assert own.title_zh in listed
    assert "别人的披露" not in listed
    inventor = other.inventors.first()
    assert inventor is not None
    url = reverse("disclosures:disclosureinventor_detail", args=(inventor.pk,))
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_the_researcher_is_offered_withdrawing_and_the_office_its_steps(
    client: Client, researcher: User, staff_user: User
) -> None:
    disclosure = submitted_disclosure(shares=((researcher.person, "100"),))
    detail = reverse("disclosures:disclosure_detail", args=(disclosure.pk,))

    def offered(name: str) -> bool:
        url = reverse("disclosures:disclosure_action", args=(disclosure.pk, name))
        return url in client.get(detail).content.decode()

    client.force_login(researcher)
    assert offered("withdraw")
    assert not offered("acknowledge")
    refused = client.post(
        reverse("disclosures:disclosure_action", args=(disclosure.pk, "acknowledge")),
        {"acknowledged_on": "2026-12-01", "responsible": researcher.pk},
    )
    assert refused.status_code == 400
    assert Disclosure.objects.get(pk=disclosure.pk).status == DisclosureStatus.SUBMITTED

    client.force_login(staff_user)
    assert offered("acknowledge")
    response = client.post(
        reverse("disclosures:disclosure_action", args=(disclosure.pk, "acknowledge")),
        {"acknowledged_on": "2026-12-01", "responsible": staff_user.pk},
    )
    assert response.status_code == 302
    assert Disclosure.objects.get(pk=disclosure.pk).case_number == "ID-2026-0001"


@pytest.mark.django_db
def test_the_page_warns_of_a_public_disclosure(signed_in: Client) -> None:
    disclosure = with_inventors(first_public_on="2026-10-01")
    html = signed_in.get(reverse("disclosures:disclosure_detail", args=(disclosure.pk,))).content
    assert "made public on 2026-10-01" in html.decode()


@pytest.mark.django_db
def test_the_detail_page_shows_history_and_the_achievement_within_its_pin(
    signed_in: Client,
) -> None:
    disclosure = accepted(submitted_disclosure())
    response, queries = count_queries(
        signed_in, reverse("disclosures:disclosure_detail", args=(disclosure.pk,))
    )
    html = response.content.decode()
    assert "Accepted as an achievement" in html
    assert str(disclosure.achievement) in html
    assert queries <= pinned_queries("disclosures:disclosure_detail")


@pytest.mark.django_db
def test_the_achievements_page_lists_the_disclosure_it_came_from(signed_in: Client) -> None:
    disclosure = accepted(submitted_disclosure())
    html = signed_in.get(
        reverse("achievements:achievement_detail", args=(disclosure.achievement_id,))
    ).content.decode()
    assert disclosure.case_number is not None
    assert disclosure.case_number in html


@pytest.mark.django_db
def test_the_list_filters_by_decision_and_year(signed_in: Client) -> None:
    patent = decided(submitted_disclosure(title_zh="专利披露"))
    released = decided(
        submitted_disclosure(title_zh="放弃披露"), decision=DisclosureDecision.RELEASE
    )
    url = reverse("disclosures:disclosure_list")
    html = signed_in.get(f"{url}?decision=file_patent").content.decode()
    assert patent.title_zh in html
    assert released.title_zh not in html
    assert "专利披露" not in signed_in.get(f"{url}?year=2025").content.decode()
    assert "专利披露" in signed_in.get(f"{url}?year=2026").content.decode()


@pytest.mark.django_db
def test_a_document_is_downloaded_only_by_who_sees_the_disclosure(
    client: Client, researcher: User, staff_user: User
) -> None:
    from liaison.disclosures.services import attachment_create

    disclosure = submitted_disclosure()
    attachment = attachment_create(
        by=None,
        disclosure=disclosure,
        title="实验记录",
        file=SimpleUploadedFile("notes.txt", b"lab notes"),
    )
    url = reverse("disclosures:disclosureattachment_download", args=(attachment.pk,))
    client.force_login(staff_user)
    response = client.get(url)
    assert cast(FileResponse, response).getvalue() == b"lab notes"
    assert (
        "实验记录.txt" in response["Content-Disposition"]
        or "filename*" in response["Content-Disposition"]
    )
    client.force_login(researcher)
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_a_funding_row_without_its_source_is_told_under_the_row(
    client: Client, researcher: User
) -> None:
    client.force_login(researcher)
    response = client.post(
        reverse("disclosures:disclosure_add"),
        submission((researcher.person, "100"), **{"funding-0-sponsor_has_rights": "on"}),
    )
    assert response.status_code == 400
    assert 'id="id_funding-0-project_error"' in response.content.decode()
    assert not Disclosure.objects.exists()


@pytest.mark.django_db
def test_a_researcher_finds_a_colleague_to_name_as_inventor(
    client: Client, researcher: User
) -> None:
    PersonFactory.create(name_zh="王同事", name_en="Wang Colleague")
    client.force_login(researcher)
    url = reverse("disclosures:inventor_lookup")
    html = client.get(url, {"field": "inventors-1-person", "inventors-1-person__lookup": "王"})
    assert "Wang Colleague" in html.content.decode()
    # The general lookup shows them only the people their roles show.
    general = client.get(
        reverse("lookup", args=("people.person",)), {"field": "person", "person__lookup": "王"}
    )
    assert "Wang Colleague" not in general.content.decode()


@pytest.mark.django_db
def test_someone_who_may_not_submit_gets_no_colleagues(client: Client) -> None:
    PersonFactory.create(name_en="Wang Colleague")
    enterprise = OrganizationFactory.create()
    client.force_login(UserFactory.create(role=RoleKind.ENTERPRISE, organization=enterprise))
    url = reverse("disclosures:inventor_lookup")
    assert client.get(url, {"q": "Wang"}).status_code == 404


@pytest.mark.django_db
def test_a_researcher_is_asked_only_for_what_their_roles_let_them_choose(
    client: Client, researcher: User, staff_user: User
) -> None:
    client.force_login(researcher)
    form = client.get(reverse("disclosures:disclosure_add")).context["form"]
    assert "center" not in form.fields
    assert "likely_licensees" not in form.fields
    assert "licensees_note" in form.fields
    assert "sponsor" not in form.funding_formset.forms[0].fields
    client.force_login(staff_user)
    form = client.get(reverse("disclosures:disclosure_add")).context["form"]
    assert {"center", "likely_licensees"} <= set(form.fields)
    assert "sponsor" in form.funding_formset.forms[0].fields
