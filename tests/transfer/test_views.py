import datetime
from decimal import Decimal
from typing import Any, cast

import pytest
from django.http import FileResponse
from django.test import Client
from django.urls import reverse

from liaison.accounts.choices import RoleKind
from liaison.agreements.choices import AgreementKind
from liaison.transfer.choices import (
    CostKind,
    IncomeKind,
    NoticeStatus,
    RewardBasis,
    RewardStatus,
)
from liaison.transfer.models import (
    Cost,
    Income,
    PriceNotice,
    PriceObjection,
    Reward,
    RewardPolicy,
    RewardShare,
)
from tests.accounts.factories import UserFactory
from tests.achievements.factories import AchievementFactory
from tests.agreements.factories import AgreementFactory
from tests.people.factories import PersonFactory
from tests.transfer.factories import (
    CostFactory,
    IncomeRecordFactory,
    PriceNoticeFactory,
    PriceObjectionFactory,
    RewardFactory,
    RewardPolicyFactory,
    RewardShareFactory,
)
from tests.web.pages import ObjectPageChecks

D = datetime.date


class TestPriceNoticePages(ObjectPageChecks):
    model = PriceNotice
    factory = PriceNoticeFactory
    url_base = "transfer:pricenotice"
    stale_field, stale_value = "text", "Reworded meanwhile"

    def shown_as(self, obj: Any) -> str:
        return str(obj.achievement)

    def valid_form_data(self) -> dict[str, Any]:
        agreement = AgreementFactory.create(kind=AgreementKind.TECH_LICENSING)
        return {
            "agreement": agreement.pk,
            "achievement": AchievementFactory.create().pk,
            "price": "350000.00",
            "currency": "CNY",
            "pricing": "agreement",
            "text": "The licence of the stent patent at 350,000 yuan.",
        }

    def invalid_form_data(self) -> tuple[dict[str, Any], str]:
        development = AgreementFactory.create(kind=AgreementKind.TECH_DEVELOPMENT)
        return {**self.valid_form_data(), "agreement": development.pk}, "agreement"

    def filtered_pair(self) -> tuple[dict[str, str], Any, Any]:
        kept = self.make(pricing="auction")
        dropped = self.make(pricing="agreement")
        return {"pricing": "auction"}, kept, dropped


class TestPriceObjectionPages(ObjectPageChecks):
    model = PriceObjection
    factory = PriceObjectionFactory
    url_base = "transfer:priceobjection"
    stale_field, stale_value = "raised_by", "Someone else meanwhile"

    def shown_as(self, obj: Any) -> str:
        return str(obj.notice)

    def valid_form_data(self) -> dict[str, Any]:
        from liaison.transfer.services import notice_post

        notice = notice_post(notice=PriceNoticeFactory.create(), posted_on=D(2024, 3, 1), by=None)
        return {
            "notice": notice.pk,
            "raised_on": "2024-03-04",
            "raised_by": "A colleague",
            "text": "The evaluation is two years old.",
        }

    def invalid_form_data(self) -> tuple[dict[str, Any], str]:
        return {**self.valid_form_data(), "raised_on": "2024-02-01"}, "raised_on"

    def filtered_pair(self) -> tuple[dict[str, str], Any, Any]:
        kept = self.make(text="Kept objection")
        dropped = self.make(text="Dropped objection")
        return {"q": "Kept"}, kept, dropped

    def make(self, **fields: Any) -> Any:
        notice = fields.pop("notice", None) or PriceNoticeFactory.create(status=NoticeStatus.POSTED)
        return self.factory(notice=notice, **fields)


class TestIncomePages(ObjectPageChecks):
    model = Income
    factory = IncomeRecordFactory
    url_base = "transfer:income"
    stale_field, stale_value = "reference", "REF-MEANWHILE"

    def shown_as(self, obj: Any) -> str:
        return str(obj.agreement)

    def valid_form_data(self) -> dict[str, Any]:
        from tests.transfer.factories import signed_transfer

        achievement = AchievementFactory.create()
        agreement = signed_transfer(achievement=achievement)
        return {
            "agreement": agreement.pk,
            "achievement": achievement.pk,
            "kind": IncomeKind.TRANSFER,
            "received_on": "2024-04-01",
            "amount": "120000.00",
            "currency": "CNY",
        }

    def invalid_form_data(self) -> tuple[dict[str, Any], str]:
        return {**self.valid_form_data(), "received_on": "2024-01-01"}, "received_on"

    def filtered_pair(self) -> tuple[dict[str, str], Any, Any]:
        kept = self.make(kind=IncomeKind.LICENCE)
        dropped = self.make(kind=IncomeKind.TRANSFER)
        return {"kind": IncomeKind.LICENCE}, kept, dropped


class TestCostPages(ObjectPageChecks):
    model = Cost
    factory = CostFactory
    url_base = "transfer:cost"
    stale_field, stale_value = "description", "Reworded meanwhile"

    def shown_as(self, obj: Any) -> str:
        return str(obj.achievement)

    def valid_form_data(self) -> dict[str, Any]:
        return {
            "achievement": AchievementFactory.create().pk,
            "kind": CostKind.EVALUATION,
            "incurred_on": "2024-02-01",
            "amount": "8000.00",
            "currency": "CNY",
        }

    def invalid_form_data(self) -> tuple[dict[str, Any], str]:
        return {**self.valid_form_data(), "amount": "-5"}, "amount"

    def filtered_pair(self) -> tuple[dict[str, str], Any, Any]:
        kept = self.make(kind=CostKind.EVALUATION)
        dropped = self.make(kind=CostKind.AGENT)
        return {"kind": CostKind.EVALUATION}, kept, dropped


class TestRewardPolicyPages(ObjectPageChecks):
    model = RewardPolicy
    factory = RewardPolicyFactory
    url_base = "transfer:rewardpolicy"
    stale_field, stale_value = "note", "Noted meanwhile"

    def shown_as(self, obj: Any) -> str:
        return str(obj.title)

    def make(self, **fields: Any) -> Any:
        # One policy at a time: each made in a year of its own.
        count = RewardPolicy.objects.count()
        fields.setdefault("effective_from", D(1990 + count, 1, 1))
        fields.setdefault("effective_until", D(1990 + count, 12, 31))
        return self.factory(**fields)

    def valid_form_data(self) -> dict[str, Any]:
        return {
            "title": "2025 rules on transformation rewards",
            "regime": "transformation_law",
            "effective_from": "2025-01-01",
            "transfer_rate": "70",
            "notice_days": "15",
        }

    def invalid_form_data(self) -> tuple[dict[str, Any], str]:
        return {**self.valid_form_data(), "transfer_rate": "30"}, "transfer_rate"

    def filtered_pair(self) -> tuple[dict[str, str], Any, Any]:
        kept = self.make(regime="patent_rules", title="Kept patent policy")
        dropped = self.make(title="Dropped law policy")
        return {"regime": "patent_rules"}, kept, dropped


class TestRewardPages(ObjectPageChecks):
    model = Reward
    factory = RewardFactory
    url_base = "transfer:reward"
    stale_field, stale_value = "note", "Noted meanwhile"

    def shown_as(self, obj: Any) -> str:
        return str(obj.achievement)

    def valid_form_data(self) -> dict[str, Any]:
        return {
            "achievement": AchievementFactory.create().pk,
            "basis": RewardBasis.EQUITY,
            "base_amount": "300000.00",
            "currency": "CNY",
        }

    def invalid_form_data(self) -> tuple[dict[str, Any], str]:
        return {**self.valid_form_data(), "manual_rate": "40"}, "manual_rate"

    def filtered_pair(self) -> tuple[dict[str, str], Any, Any]:
        kept = self.make(status=RewardStatus.APPROVED)
        dropped = self.make(status=RewardStatus.PROPOSED)
        return {"status": RewardStatus.APPROVED}, kept, dropped


class TestRewardSharePages(ObjectPageChecks):
    model = RewardShare
    factory = RewardShareFactory
    url_base = "transfer:rewardshare"
    stale_field, stale_value = "share", Decimal("40.00")

    def shown_as(self, obj: Any) -> str:
        return str(obj.person)

    def valid_form_data(self) -> dict[str, Any]:
        return {
            "reward": RewardFactory.create().pk,
            "person": PersonFactory.create().pk,
            "share": "60",
        }

    def invalid_form_data(self) -> tuple[dict[str, Any], str]:
        return {**self.valid_form_data(), "share": "120"}, "share"

    def filtered_pair(self) -> tuple[dict[str, str], Any, Any]:
        kept = self.make(paid_on=D(2024, 6, 1))
        dropped = self.make()
        return {"paid": "true"}, kept, dropped


# The compute page, the agreement's way in, the net income -------------------------------------

pytestmark = pytest.mark.django_db


def test_compute_shows_the_reward_before_it_is_saved(signed_in: Client) -> None:
    achievement = AchievementFactory.create()
    response = signed_in.post(
        reverse("transfer:reward_add"),
        {
            "achievement": achievement.pk,
            "basis": RewardBasis.EQUITY,
            "base_amount": "300000.00",
            "currency": "CNY",
            "compute": "1",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "150000.00" in html
    assert "transformation-law-art45-2" in html
    assert not Reward.objects.exists()


def test_compute_names_the_floor_a_lower_rate_is_refused_by(signed_in: Client) -> None:
    response = signed_in.post(
        reverse("transfer:reward_add"),
        {
            "achievement": AchievementFactory.create().pk,
            "basis": RewardBasis.EQUITY,
            "base_amount": "300000.00",
            "manual_rate": "45",
            "currency": "CNY",
            "compute": "1",
        },
    )
    assert response.status_code == 400
    assert "50" in response.context["form"].errors["manual_rate"][0]


def test_a_notice_opened_from_an_agreement_starts_from_its_price(signed_in: Client) -> None:
    agreement = AgreementFactory.create(kind=AgreementKind.TECH_TRANSFER, value=Decimal(420000))
    response = signed_in.get(f"{reverse('transfer:pricenotice_add')}?agreement={agreement.pk}")
    form = response.context["form"]
    assert form.initial["agreement"] == agreement.pk
    assert Decimal(form.initial["price"]) == Decimal(420000)


def test_net_income_lists_its_parts(signed_in: Client) -> None:
    cost = CostFactory.create(amount=Decimal("1234.00"), incurred_on=D(2024, 2, 1))
    response = signed_in.get(
        reverse("transfer:net_income"),
        {"achievement": str(cost.achievement_id), "start": "2024-01-01", "end": "2024-12-31"},
    )
    assert response.status_code == 200
    assert response.context["result"].net == Decimal("-1234.00")
    assert reverse("transfer:cost_detail", args=(cost.pk,)) in response.content.decode()


# A researcher sees their own share, and no one else's ----------------------------------------


@pytest.fixture
def researcher() -> Any:
    user = UserFactory.create(role=RoleKind.RESEARCHER)
    PersonFactory.create(user=user, name_en="Researcher Ren")
    return user


def test_a_researcher_sees_their_own_share_and_not_anothers(
    client: Client, researcher: Any
) -> None:
    reward = RewardFactory.create()
    own = RewardShareFactory.create(reward=reward, person=researcher.person, share=Decimal(60))
    other = RewardShareFactory.create(reward=reward, share=Decimal(40))
    client.force_login(researcher)

    page = client.get(reverse("people:me")).content.decode()
    assert "Your rewards" in page
    assert str(own.share) in page
    assert str(other.amount) not in page or other.amount == own.amount
    # No link to the whole reward, which is not theirs to see.
    assert reverse("transfer:reward_detail", args=(reward.pk,)) not in page

    assert client.get(reverse("transfer:rewardshare_detail", args=(own.pk,))).status_code == 200
    assert client.get(reverse("transfer:rewardshare_detail", args=(other.pk,))).status_code == 404
    assert client.get(reverse("transfer:reward_detail", args=(reward.pk,))).status_code == 404
    own_page = client.get(reverse("transfer:rewardshare_detail", args=(own.pk,))).content.decode()
    assert reverse("transfer:reward_detail", args=(reward.pk,)) not in own_page
    listed = client.get(reverse("transfer:rewardshare_list")).content.decode()
    assert reverse("transfer:rewardshare_detail", args=(other.pk,)) not in listed


def test_income_and_rewards_are_hidden_from_a_center_manager(client: Client) -> None:
    manager = UserFactory.create(role=RoleKind.CENTER_MANAGER)
    income = IncomeRecordFactory.create()
    client.force_login(manager)
    assert client.get(reverse("transfer:income_detail", args=(income.pk,))).status_code == 404
    assert client.get(reverse("transfer:income_list")).status_code == 200
    notice = PriceNoticeFactory.create()
    # A price notice is posted inside the institute: the roles' "*" reach it.
    assert client.get(reverse("transfer:pricenotice_detail", args=(notice.pk,))).status_code == 200


def test_the_policy_document_is_served_only_through_the_permission_check(
    signed_in: Client, client: Client
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    policy = RewardPolicyFactory.create(
        document=SimpleUploadedFile("policy.txt", b"Rewards: 70 % of the net income.")
    )
    url = reverse("transfer:rewardpolicy_download", args=(policy.pk,))
    response = signed_in.get(url)
    assert response.status_code == 200
    assert cast(FileResponse, response).getvalue() == b"Rewards: 70 % of the net income."
    researcher = UserFactory.create(role=RoleKind.RESEARCHER)
    client.force_login(researcher)
    assert client.get(url).status_code == 404
