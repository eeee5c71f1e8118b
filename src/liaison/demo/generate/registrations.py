"""Technical-contract registrations: the institute registers the contracts it delivers."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from liaison.agreements.choices import RegistrationStatus
from liaison.agreements.models import ContractRegistration
from liaison.agreements.registration_forms import (
    COUNTRY_CODES,
    plausible_region_code,
    province_prefix,
    version_for,
)
from liaison.core.choices import Currency

from ..writer import Change
from .agreements import AgreementsGenerator
from .story import DAY, ContractRecord, Org

REGISTRY = "温州市技术合同认定登记机构"
NOT_REGISTERED_REASONS = (
    "合同主要内容为仪器设备采购与常规检测，不属于技术合同认定范围。",
    "合同标的技术内容不明确，未能提供技术成果交付的有关证明，不予登记。",
)
REGISTRATION_CREATED: dict[str, Any] = {
    "status": RegistrationStatus.PREPARED,
    "applied_on": None,
    "form_version": "",
    "decided_on": None,
    "registration_number": "",
    "approved_income": None,
    "decision_reason": "",
}
ENTITY_TYPES = {
    "research_institute": "021",
    "university": "022",
    "hospital": "023",
    "government": "010",
    "association": "030",
}


def _region(org: Org) -> str:
    """The party's GB/T 2260 code, as the registration form's prefill reads it."""
    code = (org.obj.credit_code or "")[2:8]
    if plausible_region_code(code):
        return code
    prefix = province_prefix(org.obj.province) or province_prefix(org.obj.city)
    return f"{prefix}0000" if prefix else ""


def _entity_type(org: Org) -> str:
    if org.kind in ENTITY_TYPES:
        return ENTITY_TYPES[org.kind]
    if "股份有限公司" in org.obj.name_zh:
        return "160"
    if "有限公司" in org.obj.name_zh or "有限责任公司" in org.obj.name_zh:
        return "150"
    return "170"


class RegistrationsGenerator(AgreementsGenerator):
    """Generates the registration of each technical contract the institute signed: registered
    (the number and approved income its agreement carries), refused, or waiting for the
    registry's decision."""

    def _registration(self, contract: ContractRecord) -> None:
        agreement = contract.obj
        signed_on = agreement.signed_on
        if signed_on is None or agreement.value is None:
            return
        seller, buyer = self.by_key["institute"], contract.partner
        buyer_country = COUNTRY_CODES.get(buyer.obj.country, "")
        if not buyer_country:
            return  # a party the form's country table does not list yet
        applied_on = min(signed_on + self.rng.randrange(2, 21) * DAY, self.today)
        decided_on: datetime.date | None = min(
            applied_on + self.rng.randrange(3, 29) * DAY, self.today
        )
        decision: dict[str, Any]
        if agreement.registration_number:
            decision = {
                "status": RegistrationStatus.REGISTERED,
                "registration_number": agreement.registration_number,
                "approved_income": agreement.technical_income,
            }
        elif (self.today - signed_on).days < 45:
            decided_on = None  # the registry has not decided yet
            decision = {}
        elif self.rng.random() < 0.35:
            decision = {
                "status": RegistrationStatus.NOT_REGISTERED,
                "decision_reason": self.rng.choice(NOT_REGISTERED_REASONS),
            }
        else:
            return  # not sent to the registry
        rules = version_for(applied_on)
        contract_type = rules.contract_type_for(agreement.kind)
        estimates: dict[str, Decimal | None] = {
            "estimated_new_investment": None,
            "estimated_new_output": None,
        }
        if contract_type in rules.transfer_types:
            estimates = {
                "estimated_new_investment": agreement.value * self.rng.randrange(2, 7),
                "estimated_new_output": agreement.value * self.rng.randrange(5, 16),
            }
        registration = ContractRegistration(
            agreement=agreement,
            registry=REGISTRY,
            project_name=agreement.title_zh,
            contract_type=contract_type,
            valid_from=agreement.effective_on or signed_on,
            valid_until=agreement.expires_on,
            seller=seller.obj,
            seller_country_code=COUNTRY_CODES["CN"],
            seller_region_code=_region(seller),
            seller_entity_type=_entity_type(seller),
            buyer=buyer.obj,
            buyer_country_code=buyer_country,
            buyer_region_code=_region(buyer) if buyer.obj.country == "CN" else "",
            buyer_entity_type=_entity_type(buyer),
            currency=Currency.CNY,
            **estimates,
        )
        applied = {
            "status": RegistrationStatus.APPLIED,
            "applied_on": applied_on,
            "form_version": rules.key,
        }
        changes: list[Change] = [(self._at(applied_on), applied)]
        if decided_on is not None:
            changes.append((self._at(decided_on), {**decision, "decided_on": decided_on}))
        for _moment, values in changes:
            for name, value in values.items():
                setattr(registration, name, value)
        self.writer.add(
            registration,
            self._at(applied_on, lead=(0, max(0, min(3, (applied_on - signed_on).days)))),
            before=REGISTRATION_CREATED,
            changes=changes,
        )

    def _registrations(self) -> None:
        for contract in self.contracts:
            self._registration(contract)
