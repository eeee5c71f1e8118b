"""The technical-contract registration (技术合同认定登记): prefill, versions, codes, decision."""

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from liaison.accounts.models import User
from liaison.agreements.choices import (
    AgreementKind,
    PartyRole,
    RegistrationContractType,
    RegistrationStatus,
)
from liaison.agreements.filtersets import ContractRegistrationFilterSet
from liaison.agreements.models import Agreement, ContractRegistration
from liaison.agreements.registration_forms import (
    RULES_2001,
    RULES_2026,
    plausible_region_code,
    province_prefix,
    version_for,
)
from liaison.agreements.registration_services import (
    registration_apply,
    registration_create,
    registration_decide,
    registration_delete,
    registration_prefill,
    registration_update,
)
from liaison.agreements.services import agreement_update
from liaison.core.lifecycle import today
from tests.agreements.factories import (
    AgreementFactory,
    AgreementPartyFactory,
    contract_registration,
    signed_technical_agreement,
)
from tests.core.errors import codes
from tests.organizations.factories import OrganizationFactory
from tests.web.pages import ObjectPageChecks

pytestmark = pytest.mark.django_db

D = datetime.date
NUMBER = "2025330300000123"  # sixteen digits, as the 2001 form's registries give them


def applied(registration: ContractRegistration, on: datetime.date) -> ContractRegistration:
    return registration_apply(registration=registration, applied_on=on, by=None)


def reload(record: Any) -> Any:
    return type(record).objects.get(pk=record.pk)


# The prefill --------------------------------------------------------------------------------


def test_prefill_makes_the_institute_the_seller_and_the_client_the_buyer() -> None:
    agreement = signed_technical_agreement(value=Decimal("800000"))
    institute = agreement.parties.get(role=PartyRole.INSTITUTE).organization
    client = agreement.parties.get(role=PartyRole.CLIENT).organization

    form = registration_prefill(agreement=agreement)

    assert form["seller"] == institute
    assert form["buyer"] == client
    assert form["project_name"] == agreement.title_zh
    assert form["valid_from"] == agreement.signed_on
    assert form["seller_country_code"] == form["buyer_country_code"] == "142"
    # Characters 3 to 8 of the factories' credit codes: Wenzhou's division.
    assert form["seller_region_code"] == form["buyer_region_code"] == "330300"
    assert form["seller_entity_type"] == "021"  # a research institute
    assert form["buyer_entity_type"] == "150"  # 有限公司: a limited liability company


def test_prefill_names_a_licensor_the_seller_even_when_it_is_not_the_institute() -> None:
    agreement = AgreementFactory.create(kind=AgreementKind.TECH_LICENSING)
    licensor = AgreementPartyFactory.create(agreement=agreement, role=PartyRole.LICENSOR)
    licensee = AgreementPartyFactory.create(agreement=agreement, role=PartyRole.LICENSEE)

    form = registration_prefill(agreement=agreement)

    assert form["seller"] == licensor.organization
    assert form["buyer"] == licensee.organization


def test_prefill_reads_the_division_from_the_province_without_a_credit_code() -> None:
    agreement = signed_technical_agreement()
    buyer = agreement.parties.get(role=PartyRole.CLIENT).organization
    buyer.credit_code = ""
    buyer.province = "江苏省"
    buyer.name_zh = "南京测试股份有限公司"
    buyer.save()

    form = registration_prefill(agreement=agreement)

    assert form["buyer_region_code"] == "320000"
    assert form["buyer_entity_type"] == "160"  # 股份有限公司


def test_registration_is_created_prefilled_when_the_caller_gives_only_the_agreement() -> None:
    registration = contract_registration()

    assert registration.status == RegistrationStatus.PREPARED
    assert registration.seller is not None
    assert registration.seller.is_institute
    assert registration.contract_type == RegistrationContractType.DEVELOPMENT
    assert registration.seller_region_code == "330300"


# The versions of the rules --------------------------------------------------------------------


def test_the_form_is_chosen_by_the_day_of_application() -> None:
    assert version_for(D(2025, 12, 31)) is RULES_2001
    assert version_for(D(2026, 1, 23)) is RULES_2026
    assert version_for(D(1999, 1, 1)) is RULES_2001
    assert RULES_2026.issued_on == D(2026, 1, 23)


def test_a_licence_is_a_transfer_under_the_2001_rules_and_a_licence_under_2026() -> None:
    assert RULES_2001.contract_type_for(AgreementKind.TECH_LICENSING) == "transfer"
    assert RULES_2026.contract_type_for(AgreementKind.TECH_LICENSING) == "licensing"
    assert "licensing" not in RULES_2001.contract_types


def test_an_application_under_the_2001_rules_refuses_the_licensing_type() -> None:
    agreement = signed_technical_agreement(
        kind=AgreementKind.TECH_LICENSING,
        seller_role=PartyRole.LICENSOR,
        buyer_role=PartyRole.LICENSEE,
    )
    registration = contract_registration(
        agreement=agreement,
        estimated_new_investment=Decimal("1000000"),
        estimated_new_output=Decimal("5000000"),
    )
    assert registration.contract_type == "licensing"  # today's rules, those of 2026

    with pytest.raises(ValidationError) as error:
        applied(registration, D(2025, 12, 1))
    assert codes(error, "contract_type") == ["contract_type"]

    registration = applied(reload(registration), D(2026, 2, 1))
    assert registration.form_version == "2026"


def test_a_transfer_states_the_expected_investment_and_output_before_it_is_applied_for() -> None:
    agreement = signed_technical_agreement(kind=AgreementKind.TECH_TRANSFER)
    registration = contract_registration(agreement=agreement)

    with pytest.raises(ValidationError) as error:
        applied(registration, D(2025, 4, 1))
    assert codes(error, "estimated_new_investment") == ["required"]
    assert codes(error, "estimated_new_output") == ["required"]


# The codes ------------------------------------------------------------------------------------


def test_division_codes_have_six_digits_and_a_province_prefix() -> None:
    assert plausible_region_code("330302")
    assert not plausible_region_code("33030")  # five digits
    assert not plausible_region_code("990000")  # no province 99
    assert not plausible_region_code("33030A")
    assert province_prefix("广西壮族自治区") == "45"
    assert province_prefix("北京市") == "11"


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("seller_region_code", "33030", "region_code"),
        ("buyer_region_code", "990101", "region_code"),
        ("seller_country_code", "CN", "country_code"),
        ("buyer_entity_type", "999", "entity_type"),
    ],
)
def test_a_bad_code_is_refused_under_its_field(field: str, value: str, code: str) -> None:
    with pytest.raises(ValidationError) as error:
        contract_registration(**{field: value})
    assert code in codes(error, field)


def test_a_good_code_is_kept() -> None:
    registration = contract_registration(seller_region_code="330302", buyer_entity_type="022")
    assert registration.seller_region_code == "330302"
    assert registration.buyer_entity_type == "022"


# Who registers what ------------------------------------------------------------------------


def test_a_non_technical_agreement_cannot_be_registered() -> None:
    agreement = signed_technical_agreement(kind=AgreementKind.FRAMEWORK)

    with pytest.raises(ValidationError) as error:
        registration_create(by=None, agreement=agreement)
    assert codes(error, "agreement") == ["not_technical"]
    assert not ContractRegistration.objects.exists()


def test_an_unsigned_contract_cannot_be_registered() -> None:
    agreement = AgreementFactory.create(kind=AgreementKind.TECH_SERVICE)

    with pytest.raises(ValidationError) as error:
        registration_create(by=None, agreement=agreement)
    assert codes(error, "agreement") == ["not_signed"]


def test_the_receiving_party_is_not_the_one_that_registers() -> None:
    agreement = signed_technical_agreement()
    client = agreement.parties.get(role=PartyRole.CLIENT).organization

    with pytest.raises(ValidationError) as error:
        registration_create(by=None, agreement=agreement, seller=client)
    assert codes(error, "seller") == ["seller_not_delivering"]


def test_seller_and_buyer_are_parties_to_the_agreement() -> None:
    stranger = OrganizationFactory.create()
    with pytest.raises(ValidationError) as error:
        contract_registration(buyer=stranger)
    assert codes(error, "buyer") == ["buyer_not_party"]


# Applying and the decision -------------------------------------------------------------------


def test_a_registered_decision_writes_the_number_and_income_onto_the_agreement() -> None:
    agreement = signed_technical_agreement(value=Decimal("800000"))
    registration = applied(contract_registration(agreement=agreement), D(2025, 3, 20))

    registration_decide(
        registration=registration,
        decision=RegistrationStatus.REGISTERED,
        decided_on=D(2025, 4, 10),
        registration_number=NUMBER,
        approved_income=Decimal("650000"),
        by=None,
    )

    agreement = reload(agreement)
    assert agreement.registration_number == NUMBER
    assert agreement.technical_income == Decimal("650000")
    assert reload(registration).status == RegistrationStatus.REGISTERED


def test_a_registered_contracts_number_and_income_change_only_with_its_registration() -> None:
    agreement = signed_technical_agreement(value=Decimal("800000"))
    registration = applied(contract_registration(agreement=agreement), D(2025, 3, 20))
    registration_decide(
        registration=registration,
        decision=RegistrationStatus.REGISTERED,
        decided_on=D(2025, 4, 10),
        registration_number=NUMBER,
        approved_income=Decimal("650000"),
        by=None,
    )
    agreement = reload(agreement)

    with pytest.raises(ValidationError) as error:
        agreement_update(agreement=agreement, by=None, technical_income=Decimal("700000"))
    assert codes(error, "technical_income") == ["set_by_registration"]
    # Saving the agreement with the certificate's values, as its form does, is no change.
    agreement_update(
        agreement=reload(agreement),
        by=None,
        technical_income=Decimal("650000.00"),
        registration_number=NUMBER,
        title_en="Renamed",
    )


def test_the_approved_income_is_part_of_the_contracts_value() -> None:
    agreement = signed_technical_agreement(value=Decimal("100000"))
    registration = applied(contract_registration(agreement=agreement), D(2025, 3, 20))

    with pytest.raises(ValidationError) as error:
        registration_decide(
            registration=registration,
            decision=RegistrationStatus.REGISTERED,
            decided_on=D(2025, 4, 10),
            registration_number=NUMBER,
            approved_income=Decimal("100001"),
            by=None,
        )
    assert codes(error, "approved_income") == ["income_above_value"]


def test_a_2001_registration_number_has_sixteen_digits() -> None:
    registration = applied(contract_registration(), D(2025, 3, 20))
    with pytest.raises(ValidationError) as error:
        registration_decide(
            registration=registration,
            decision=RegistrationStatus.REGISTERED,
            decided_on=D(2025, 4, 10),
            registration_number="123",
            approved_income=Decimal(1),
            by=None,
        )
    assert codes(error, "registration_number") == ["registration_number"]


def test_not_registered_needs_the_reason_and_leaves_the_agreement_as_it_was() -> None:
    agreement = signed_technical_agreement(value=Decimal("800000"))
    registration = applied(contract_registration(agreement=agreement), D(2025, 3, 20))

    with pytest.raises(ValidationError) as error:
        registration_decide(
            registration=registration,
            decision=RegistrationStatus.NOT_REGISTERED,
            decided_on=D(2025, 4, 10),
            by=None,
        )
    assert codes(error, "reason") == ["reason_required"]

    registration_decide(
        registration=reload(registration),
        decision=RegistrationStatus.NOT_REGISTERED,
        decided_on=D(2025, 4, 10),
        reason="合同标的为一般性商品买卖，不属于技术合同。",
        by=None,
    )
    agreement = reload(agreement)
    assert agreement.registration_number == ""
    assert agreement.technical_income is None


def test_a_contract_is_not_applied_for_before_it_is_signed() -> None:
    registration = contract_registration()
    with pytest.raises(ValidationError) as error:
        applied(registration, D(2025, 3, 1))  # signed on 2025-03-10
    assert codes(error, "applied_on") == ["applied_before_signed"]


def test_a_decision_is_overdue_thirty_days_after_the_application() -> None:
    on_time = applied(contract_registration(), today() - datetime.timedelta(days=30))
    late = applied(contract_registration(), today() - datetime.timedelta(days=31))

    assert not on_time.decision_overdue
    assert late.decision_overdue
    assert late.applied_on is not None
    assert late.decision_due_on == late.applied_on + datetime.timedelta(days=30)
    overdue = ContractRegistrationFilterSet(
        {"overdue": "true"}, queryset=ContractRegistration.objects.all()
    ).qs
    assert list(overdue) == [late]


def test_once_applied_the_form_stays_as_sent_and_the_record_is_kept() -> None:
    registration = applied(contract_registration(), D(2025, 3, 20))

    with pytest.raises(ValidationError) as error:
        registration_update(registration=registration, by=None, project_name="改名")
    assert codes(error, "project_name") == ["applied"]
    with pytest.raises(ValidationError) as error:
        registration_delete(registration=reload(registration), by=None)
    assert codes(error) == ["not_deletable"]


def test_a_prepared_registration_is_edited_and_deleted() -> None:
    registration = contract_registration()
    registration = registration_update(
        registration=registration, by=None, registry="温州市技术合同登记处"
    )
    assert registration.registry == "温州市技术合同登记处"
    registration_delete(registration=registration, by=None)
    assert not ContractRegistration.objects.exists()


# Pages ---------------------------------------------------------------------------------------


class TestContractRegistrationPages(ObjectPageChecks):
    model = ContractRegistration
    factory = staticmethod(contract_registration)
    url_base = "agreements:contractregistration"
    stale_field = "registry"
    stale_value = "Renamed meanwhile"

    def make(self, **fields: Any) -> ContractRegistration:
        return contract_registration(**fields)

    def shown_as(self, obj: ContractRegistration) -> str:
        return obj.agreement.number

    def form_for(self, agreement: Agreement) -> dict[str, Any]:
        fields = registration_prefill(agreement=agreement)
        data = {
            name: ("" if value is None else getattr(value, "pk", value))
            for name, value in fields.items()
        }
        return {**data, "agreement": agreement.pk, "registry": "温州市技术合同登记处"}

    def valid_form_data(self) -> dict[str, Any]:
        return self.form_for(signed_technical_agreement())

    def invalid_form_data(self) -> tuple[dict[str, Any], str]:
        return {**self.valid_form_data(), "seller_region_code": "990000"}, "seller_region_code"

    def filtered_pair(self) -> tuple[dict[str, str], Any, Any]:
        kept = applied(self.make(), D(2025, 3, 20))
        return {"status": RegistrationStatus.APPLIED}, kept, self.make()


def test_the_agreement_page_offers_the_registration_then_shows_it(
    client: Client, staff_user: User
) -> None:
    agreement = signed_technical_agreement()
    client.force_login(staff_user)
    url = reverse("agreements:agreement_detail", args=(agreement.pk,))
    add = reverse("agreements:contractregistration_add")

    assert f"{add}?agreement={agreement.pk}" in client.get(url).content.decode()
    form = client.get(f"{add}?agreement={agreement.pk}").content.decode()
    assert 'value="330300"' in form  # pre-filled from the parties

    registration = contract_registration(agreement=agreement)
    html = client.get(url).content.decode()
    assert f"{add}?agreement={agreement.pk}" not in html
    assert reverse("agreements:contractregistration_detail", args=(registration.pk,)) in html


def test_the_steps_apply_and_record_the_decision_from_the_page(
    client: Client, staff_user: User
) -> None:
    agreement = signed_technical_agreement(value=Decimal("800000"))
    registration = contract_registration(agreement=agreement)
    client.force_login(staff_user)

    def step(name: str) -> str:
        return reverse("agreements:contractregistration_action", args=(registration.pk, name))

    response = client.post(step("apply"), {"applied_on": "2025-03-20"})
    assert response.status_code == 302
    response = client.post(
        step("record-decision"),
        {
            "decision": "registered",
            "decided_on": "2025-04-10",
            "registration_number": NUMBER,
            "approved_income": "650000",
        },
    )
    assert response.status_code == 302
    assert reload(agreement).technical_income == Decimal("650000")
    page = client.get(reverse("agreements:contractregistration_detail", args=(registration.pk,)))
    assert NUMBER in page.content.decode()


def test_the_certificate_is_added_on_the_edit_page_once_registered(
    client: Client, staff_user: User
) -> None:
    agreement = signed_technical_agreement(value=Decimal("800000"))
    registration = applied(contract_registration(agreement=agreement), D(2025, 3, 20))
    registration = registration_decide(
        registration=registration,
        decision=RegistrationStatus.REGISTERED,
        decided_on=D(2025, 4, 10),
        registration_number=NUMBER,
        approved_income=Decimal("650000"),
        by=None,
    )
    client.force_login(staff_user)
    edit = reverse("agreements:contractregistration_edit", args=(registration.pk,))
    form = client.get(edit).context["form"]
    data = {
        name: ("" if value is None else getattr(value, "pk", value))
        for name, value in form.initial.items()
        if name in form.fields and name != "certificate"
    }
    data["certificate"] = SimpleUploadedFile("certificate.pdf", b"%PDF-1.4\n")

    response = client.post(edit, data)

    assert response.status_code == 302, response.context and response.context["form"].errors
    registration = reload(registration)
    assert registration.certificate.name.endswith(".pdf")
    download = client.get(
        reverse("agreements:contractregistration_certificate", args=(registration.pk,))
    )
    assert b"".join(download.streaming_content).startswith(b"%PDF")  # type: ignore[attr-defined]
