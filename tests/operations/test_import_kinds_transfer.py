"""Importing the transfer side: a price notice posted and concluded before its transfer is
signed (the agreements' sheet signs it after), income received under the signed transfer paying
its milestone, costs, and the registration of a technical contract applied for and registered;
left alone when re-imported, updated when changed, refused row by row."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from liaison.accounts.models import User
from liaison.agreements.choices import AgreementStatus, RegistrationStatus
from liaison.agreements.models import Agreement, ContractRegistration, PaymentMilestone
from liaison.transfer.choices import NoticeStatus
from liaison.transfer.models import Cost, Income, PriceNotice
from tests.accounts.factories import UserFactory
from tests.achievements.factories import AchievementFactory
from tests.operations.import_files import Sheets, counts, errors, run
from tests.organizations.factories import InstituteFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

ACHIEVEMENT = "可降解镁合金血管支架"


@pytest.fixture
def office() -> User:
    return UserFactory.create()


def transfer_file() -> Sheets:
    institute = InstituteFactory.create().credit_code
    licensee, client = (
        OrganizationFactory.create().credit_code,
        OrganizationFactory.create().credit_code,
    )
    AchievementFactory.create(title_zh=ACHIEVEMENT)
    return {
        "agreements": [
            [
                "number",
                "title_zh",
                "kind",
                "status",
                "signed_on",
                "effective_on",
                "expires_on",
                "value",
            ],
            [
                "WZ-T-001",
                "支架技术转让合同",
                "Technology transfer contract",
                "In force",
                "2024-03-20",
                "2024-03-21",
                "",
                "1000000",
            ],
            [
                "WZ-D-001",
                "涂层技术开发合同",
                "Technology development contract",
                "In force",
                "2024-03-05",
                "2024-03-10",
                "2026-03-05",
                "500000",
            ],
        ],
        "agreement-parties": [
            ["agreement", "organization", "role"],
            ["WZ-T-001", institute, "The institute"],
            ["WZ-T-001", licensee, "Licensee"],
            ["WZ-D-001", institute, "The institute"],
            ["WZ-D-001", client, "Client"],
        ],
        "payment-milestones": [
            ["agreement", "title", "due_on", "amount"],
            ["WZ-T-001", "首付款", "2024-04-01", "500000"],
        ],
        "price-notices": [
            ["agreement", "achievement", "price", "pricing", "status", "posted_on", "concluded_on"],
            [
                "WZ-T-001",
                ACHIEVEMENT,
                "1000000",
                "Agreed between the parties",
                "Concluded",
                "2024-03-01",
                "2024-03-17",
            ],
        ],
        "income": [
            ["agreement", "achievement", "kind", "received_on", "amount", "milestone", "payer"],
            [
                "WZ-T-001",
                ACHIEVEMENT,
                "Transfer price",
                "2024-04-02",
                "500000",
                "WZ-T-001 2024-04-01 首付款",
                licensee,
            ],
        ],
        "costs": [
            ["achievement", "kind", "incurred_on", "amount", "description"],
            [ACHIEVEMENT, "Patent agent", "2024-02-01", "20000", "转让前的专利代理费"],
        ],
        "contract-registrations": [
            [
                "agreement",
                "registry",
                "status",
                "applied_on",
                "decided_on",
                "registration_number",
                "approved_income",
            ],
            [
                "WZ-D-001",
                "温州市技术市场",
                "Registered",
                "2024-04-01",
                "2024-04-20",
                "3303002024000123",
                "400000",
            ],
        ],
    }


def test_a_transfer_is_signed_after_its_notice_and_its_income_pays_its_milestone(
    office: User,
) -> None:
    report = run(transfer_file(), office)

    assert report.ok, errors(report)
    mine = {
        k: v
        for k, v in counts(report).items()
        if k in {"price-notices", "income", "costs", "contract-registrations"}
    }
    assert mine == {
        "price-notices": (1, 0, 0, 0),
        "income": (1, 0, 0, 0),
        "costs": (1, 0, 0, 0),
        "contract-registrations": (1, 0, 0, 0),
    }
    notice = PriceNotice.objects.get()
    assert (notice.status, notice.ends_on) == (NoticeStatus.CONCLUDED, datetime.date(2024, 3, 16))
    transfer = Agreement.objects.get(number="WZ-T-001")
    assert (transfer.status, transfer.signed_on) == (
        AgreementStatus.IN_FORCE,
        datetime.date(2024, 3, 20),
    )
    assert Income.objects.get().amount == Decimal(500000)
    # Paid in full on the day the income came: the milestone is met.
    assert PaymentMilestone.objects.get().done_on == datetime.date(2024, 4, 2)
    assert Cost.objects.get().amount == Decimal(20000)


def test_a_registration_is_applied_for_and_registered_through_its_services(office: User) -> None:
    run(transfer_file(), office)

    registration = ContractRegistration.objects.get()
    assert (registration.status, registration.form_version, registration.approved_income) == (
        RegistrationStatus.REGISTERED,
        "2001",
        Decimal(400000),
    )
    # The form filled from the agreement and its parties, the number written onto the agreement.
    assert registration.buyer is not None
    assert registration.contract_type == "development"
    assert registration.agreement.registration_number == "3303002024000123"


def test_reimporting_the_transfer_side_leaves_every_row_alone(office: User) -> None:
    sheets = transfer_file()
    run(sheets, office)

    again = run(sheets, office)

    assert again.ok, errors(again)
    assert all(
        created == updated == refused == 0
        for created, updated, _u, refused in counts(again).values()
    )


def test_changed_income_cost_and_registry_are_updated_through_their_services(
    office: User,
) -> None:
    sheets = transfer_file()
    run(sheets, office)
    sheets["costs"][1][4] = "专利代理费（含检索）"
    sheets["income"][0].append("reference")
    sheets["income"][1].append("BANK-0402")

    again = run(sheets, office)

    assert (counts(again)["costs"], counts(again)["income"]) == ((0, 1, 0, 0), (0, 1, 0, 0))
    assert Cost.objects.get().description == "专利代理费（含检索）"
    assert Income.objects.get().reference == "BANK-0402"


def test_broken_transfer_rows_are_refused_each_on_its_column(office: User) -> None:
    sheets = transfer_file()
    sheets["income"].append(["WZ-D-001", ACHIEVEMENT, "Licence fee", "2024-05-01", "1000", "", ""])
    sheets["costs"].append([ACHIEVEMENT, "Legal", "2024-02-01", "-5", ""])
    sheets["price-notices"].append(
        ["WZ-D-001", ACHIEVEMENT, "100", "Agreed between the parties", "Draft", "", ""]
    )

    report = run(sheets, office)

    assert sorted((sheet, row, column) for sheet, row, column, _m in errors(report)) == [
        ("costs", 3, "amount"),
        ("income", 3, "agreement"),
        ("price-notices", 3, "agreement"),
    ]
    assert not PriceNotice.objects.exists()
    assert not Agreement.objects.exists()
