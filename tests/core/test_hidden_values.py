"""Values marked confidential read "hidden" to a role not cleared for them, on every face.

A center manager (cleared for internal values, no contacts) sees a confidential agreement's
value, its milestones' amounts, a confidential round's amount and its investors' stakes, a
confidential need's budget and text and the revenue of a service for it as "hidden" on the
list, the record's page and its CSV and XLSX exports, and never the value, neither as zero
nor blank; the office's staff (cleared for confidential values) see them all. An edit form
leaves a hidden value out, and saving it keeps the stored value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from liaison.accounts.choices import RoleKind
from liaison.accounts.models import User
from liaison.agreements.models import Agreement
from liaison.centers.models import Center
from liaison.core import writes
from liaison.core.choices import Confidentiality
from liaison.core.display import field_value
from liaison.core.exports import _cell
from liaison.core.numbers import format_amount, format_number
from liaison.core.permissions import HIDDEN
from liaison.financing.models import FinancingRound
from liaison.needs.models import ServiceRecord, TechnicalNeed
from liaison.people.models import Person
from tests.accounts.factories import UserFactory
from tests.agreements.factories import AgreementFactory, PaymentMilestoneFactory
from tests.centers.factories import CenterFactory
from tests.financing.factories import FinancingRoundFactory, RoundInvestorFactory
from tests.needs.factories import ServiceRecordFactory, TechnicalNeedFactory
from tests.people.factories import PersonFactory
from tests.web.pages import export_text, loaded_version

pytestmark = pytest.mark.django_db

CONFIDENTIAL = Confidentiality.CONFIDENTIAL
NEED_TEXT = "Zirconia slurry recipe Z-7731 for the dressing coating"


@dataclass(frozen=True)
class Records:
    center: Center
    agreement: Agreement
    round: FinancingRound
    need: TechnicalNeed
    service: ServiceRecord
    person: Person


@pytest.fixture
def records() -> Records:
    agreement = AgreementFactory.create(value=Decimal("8765432.10"), confidentiality=CONFIDENTIAL)
    # The manager's center was founded by the agreement: it is theirs to change.
    center = CenterFactory.create(founding_agreement=agreement)
    PaymentMilestoneFactory.create(agreement=agreement, amount=Decimal("345678.90"))
    financing_round = FinancingRoundFactory.create(
        amount=Decimal("56780000.00"), confidentiality=CONFIDENTIAL
    )
    RoundInvestorFactory.create(round=financing_round, amount=Decimal("1230000.00"))
    need = TechnicalNeedFactory.create(
        budget=Decimal("4321000.00"), description=NEED_TEXT, confidentiality=CONFIDENTIAL
    )
    service = ServiceRecordFactory.create(
        need=need, organization=need.organization, revenue=Decimal("98765.43")
    )
    person = PersonFactory.create(email="li.wei@example.org", phone="+86 577 8888 1234")
    return Records(center, agreement, financing_round, need, service, person)


# What each value looks like wherever it is written: on a page (as the language writes it),
# in an export (exact), in the numbers' long form.
AGREEMENT_VALUE = ("8.77 million", "8765432", "8,765,432")
MILESTONE_AMOUNT = ("345,678.9", "345678")
ROUND_AMOUNT = ("56.78 million", "56780000", "56,780,000")
STAKE = ("1.23 million", "1230000", "1,230,000")
NEED_BUDGET = ("4.32 million", "4321000", "4,321,000")
NEED_DESCRIPTION = ("Z-7731",)
REVENUE = ("98,765.43", "98765.43")
CONTACTS = ("li.wei@example.org", "8888 1234")


@pytest.fixture
def manager(records: Records) -> User:
    return UserFactory.create(role=RoleKind.CENTER_MANAGER, centers=[records.center])


def client_of(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


def page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def export(client: Client, url: str, format: str) -> str:
    response = client.get(url, {"format": format})
    assert response.status_code == 200, url
    return export_text(response)


def assert_hidden(text: str, values: tuple[str, ...], where: str) -> None:
    for value in values:
        assert value not in text, f"{value!r} shown in {where}"
    assert "hidden" in text, f"no “hidden” in {where}"


def assert_shown(text: str, values: tuple[str, ...], where: str) -> None:
    assert any(value in text for value in values), f"none of {values} in {where}"


def detail(records: Records, name: str) -> str:
    record = getattr(records, name)
    opts = record._meta
    return reverse(f"{opts.app_label}:{opts.model_name}_detail", args=(record.pk,))


# (list url name, the records' attribute whose page shows the values, the values)
LISTS = [
    ("agreements:agreement_list", "agreement", AGREEMENT_VALUE),
    ("financing:financinground_list", "round", ROUND_AMOUNT),
    ("needs:technicalneed_list", "need", NEED_BUDGET),
    ("needs:servicerecord_list", "service", REVENUE),
]
PAGES = [
    ("agreement", AGREEMENT_VALUE),  # its value
    ("agreement", MILESTONE_AMOUNT),  # its milestones' panel
    ("round", ROUND_AMOUNT),
    ("round", STAKE),  # its investors' panel
    ("need", NEED_BUDGET),
    ("need", NEED_DESCRIPTION),
    ("service", REVENUE),
]


@pytest.mark.parametrize(("list_name", "_record", "values"), LISTS)
def test_a_confidential_value_reads_hidden_on_the_list_of_a_role_not_cleared_for_it(
    client: Client, records: Records, manager: User, list_name: str, _record: str, values: Any
) -> None:
    html = page(client_of(client, manager), reverse(list_name))

    assert_hidden(html, values, list_name)
    assert "liaison-hidden" in html  # the muted badge, not a blank cell


@pytest.mark.parametrize(("list_name", "_record", "values"), LISTS)
@pytest.mark.parametrize("format", ["csv", "xlsx"])
def test_a_confidential_value_is_left_out_of_the_exports_of_a_role_not_cleared_for_it(
    client: Client,
    records: Records,
    manager: User,
    list_name: str,
    _record: str,
    values: Any,
    format: str,
) -> None:
    url = reverse(list_name.replace("_list", "_export"))

    text = export(client_of(client, manager), url, format)

    assert_hidden(text, values, f"{list_name} as {format}")


@pytest.mark.parametrize(("name", "values"), PAGES)
def test_a_confidential_value_reads_hidden_on_the_page_of_a_role_not_cleared_for_it(
    client: Client, records: Records, manager: User, name: str, values: Any
) -> None:
    html = page(client_of(client, manager), detail(records, name))

    assert_hidden(html, values, f"the {name}'s page")


def test_a_milestones_own_page_shows_its_amount_hidden(
    client: Client, records: Records, manager: User
) -> None:
    milestone = records.agreement.milestones.get()
    url = reverse("agreements:paymentmilestone_detail", args=(milestone.pk,))

    assert_hidden(page(client_of(client, manager), url), MILESTONE_AMOUNT, "the milestone")


def test_a_persons_contact_data_is_not_shown_to_a_role_without_contacts(
    client: Client, records: Records, manager: User
) -> None:
    signed = client_of(client, manager)
    for url in (
        detail(records, "person"),
        reverse("people:person_list"),
        f"{reverse('people:person_export')}?format=csv",
    ):
        text = export_text(signed.get(url)) if "export" in url else page(signed, url)
        for value in CONTACTS:
            assert value not in text, url


@pytest.mark.parametrize(("list_name", "name", "values"), LISTS)
def test_the_office_staff_cleared_for_confidential_values_see_them_everywhere(
    signed_in: Client, records: Records, list_name: str, name: str, values: Any
) -> None:
    assert_shown(page(signed_in, reverse(list_name)), values, list_name)
    assert_shown(page(signed_in, detail(records, name)), values, f"the {name}'s page")
    export_url = reverse(list_name.replace("_list", "_export"))
    for format in ("csv", "xlsx"):
        text = export(signed_in, export_url, format)
        assert_shown(text, values, f"{list_name} as {format}")
        assert "hidden" not in text


@pytest.mark.parametrize(("name", "values"), PAGES)
def test_the_office_staff_see_each_value_on_the_records_page(
    signed_in: Client, records: Records, name: str, values: Any
) -> None:
    html = page(signed_in, detail(records, name))

    assert_shown(html, values, f"the {name}'s page")
    assert "liaison-hidden" not in html


def test_the_history_of_a_hidden_value_reads_hidden_before_and_after(
    client: Client, records: Records, manager: User, staff_user: User
) -> None:
    from liaison.agreements.services import agreement_update

    agreement_update(
        agreement=records.agreement,
        by=staff_user,
        version=records.agreement.version,
        value=Decimal("9876543.21"),
    )

    html = page(client_of(client, manager), detail(records, "agreement"))

    assert_hidden(html, (*AGREEMENT_VALUE, "9876543", "9.88 million"), "the history")


# The edit form ------------------------------------------------------------------------------


def form_data(html: str) -> dict[str, str]:
    """The values a browser would send back from the first form of `html`, unchanged."""
    data: dict[str, str] = {}
    for tag in re.findall(r"<input[^>]*>", html):
        name = re.search(r'name="([^"]*)"', tag)
        kind = re.search(r'type="([^"]*)"', tag)
        if name is None or (kind and kind.group(1) in {"checkbox", "radio", "submit"}):
            continue
        value = re.search(r'value="([^"]*)"', tag)
        data[name.group(1)] = value.group(1) if value else ""
    for name, body in re.findall(r'<textarea[^>]*name="([^"]*)"[^>]*>(.*?)</textarea>', html, re.S):
        data[name] = body.strip()
    for name, body in re.findall(r'<select[^>]*name="([^"]*)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', body)
        data[name] = chosen.group(1) if chosen else ""
    return data


def test_an_edit_form_leaves_out_a_value_hidden_from_the_editor_and_saving_keeps_it(
    client: Client, records: Records, manager: User
) -> None:
    signed = client_of(client, manager)
    url = reverse("agreements:agreement_edit", args=(records.agreement.pk,))

    html = page(signed, url)

    assert 'name="value"' not in html
    # Nor may the editor declassify what they may not see.
    assert 'name="confidentiality"' not in html
    assert_hidden(html, AGREEMENT_VALUE, "the edit form")
    data = form_data(html)
    assert data["loaded_version"] == loaded_version(html)
    data.update(title_en="Renamed by the center", value="1", confidentiality="public")

    response = signed.post(url, data)

    assert response.status_code == 302, response.content.decode()[:2000]
    records.agreement.refresh_from_db()
    assert records.agreement.title_en == "Renamed by the center"
    assert records.agreement.value == Decimal("8765432.10")
    assert records.agreement.confidentiality == CONFIDENTIAL


def test_an_edit_form_of_the_office_staff_shows_the_value(
    signed_in: Client, records: Records
) -> None:
    html = page(signed_in, reverse("agreements:agreement_edit", args=(records.agreement.pk,)))

    assert 'name="value"' in html
    assert 'value="8765432.10"' in html
    assert "liaison-withheld" not in html


# The pieces every face writes a value with ---------------------------------------------------


def test_hidden_in_is_hidden_out_of_every_writer_of_numbers() -> None:
    assert format_amount(HIDDEN) == "hidden"
    assert format_amount(HIDDEN, "USD", language="zh-hans") == "hidden"
    assert format_number(HIDDEN) == "hidden"
    # A spreadsheet cell gets the word, never an object openpyxl cannot write.
    assert _cell(HIDDEN) == "hidden"


def test_a_rounds_yuan_amount_is_hidden_with_its_amount() -> None:
    financing_round = FinancingRoundFactory.build(currency="USD", cny_rate=Decimal("7.1"))
    financing_round.amount = HIDDEN

    assert financing_round.amount_cny is HIDDEN
    assert "hidden" in str(financing_round)


def test_a_field_shown_hidden_stays_hidden_for_the_page() -> None:
    agreement = AgreementFactory.build(currency="CNY")
    agreement.value = HIDDEN

    assert field_value(agreement, "value") is HIDDEN


# Search -------------------------------------------------------------------------------------


def test_a_word_of_a_hidden_text_finds_nothing_for_a_role_not_cleared_for_it(
    client: Client, records: Records, manager: User, signed_in: Client
) -> None:
    from liaison.search.selectors import noun_matches, search_everything

    assert list(noun_matches(_noun("technical_needs"), user=manager, terms=["Z-7731"])) == []
    assert [g.total for g in search_everything(user=manager, query="Z-7731")] == [0] * 8
    html = page(client_of(Client(), manager), f"{reverse('search')}?q=Z-7731")
    assert records.need.title not in html
    # The office's staff, cleared for it, find the need by the words of its text.
    assert records.need.title in page(signed_in, f"{reverse('search')}?q=Z-7731")


def test_a_round_found_by_search_names_its_amount_hidden(
    client: Client, records: Records, manager: User
) -> None:
    venture = records.round.venture
    assert venture is not None

    html = page(client_of(client, manager), f"{reverse('search')}?q={venture.name_en}")

    assert f"{venture.name_en} · Series A · hidden" in html
    assert_hidden(html, ROUND_AMOUNT, "the search results")


def _noun(key: str) -> Any:
    from liaison.search.selectors import NOUNS_BY_KEY

    return NOUNS_BY_KEY[key]


def test_a_value_withheld_from_its_author_is_refused_on_every_face(
    records: Records, manager: User
) -> None:
    # The pages' and the admin's forms leave it out; a program may send it: the one write
    # path refuses it, and what classifies it, while the rest of the record may change.
    agreement = Agreement.objects.get(pk=records.agreement.pk)
    for fields in ({"value": Decimal(1)}, {"confidentiality": Confidentiality.PUBLIC}):
        with pytest.raises(ValidationError) as refused:
            writes.update(agreement, by=manager, version=agreement.version, **fields)
        assert refused.value.error_dict[next(iter(fields))][0].code == "withheld"
    saved = writes.update(agreement, by=manager, version=agreement.version, title_en="Renamed")
    assert saved.title_en == "Renamed"
    assert Agreement.objects.get(pk=agreement.pk).value == Decimal("8765432.10")
