"""Technical-contract registrations (技术合同认定登记), one per agreement, named by its number.

A registration is of a signed contract, so it comes after the agreements' lifecycle. Its
status is reached through the registration services: applied for on the row's date (under the
rules then in force), then registered with the registry's number and the approved technical
income (which the agreement takes too), or not registered with the registry's reason.
"""

from __future__ import annotations

from typing import Any

from liaison.agreements import registration_services as services
from liaison.agreements.choices import RegistrationStatus
from liaison.agreements.models import ContractRegistration

from ..columns import KindsResource
from ..registry import register
from ..resources import Lifecycle, Step
from . import agreements  # noqa: F401  (agreements are named first)


def _decide(status: str) -> Any:
    def call(registration: ContractRegistration, values: Any, by: Any) -> ContractRegistration:
        return services.registration_decide(
            registration=registration,
            decision=status,
            decided_on=values["decided_on"],
            registration_number=values.get("registration_number") or "",
            approved_income=values.get("approved_income"),
            reason=values.get("decision_reason") or "",
            by=by,
        )

    return call


REGISTRATION_LIFE = Lifecycle(
    initial=RegistrationStatus.PREPARED,
    steps=(
        Step(
            RegistrationStatus.APPLIED,
            lambda r, v, by: services.registration_apply(
                registration=r, applied_on=v["applied_on"], by=by
            ),
            needs=("applied_on",),
        ),
        Step(
            RegistrationStatus.REGISTERED,
            _decide(RegistrationStatus.REGISTERED),
            needs=("decided_on",),
            final=True,
        ),
        Step(
            RegistrationStatus.NOT_REGISTERED,
            _decide(RegistrationStatus.NOT_REGISTERED),
            needs=("decided_on",),
            final=True,
        ),
    ),
    errors_on={"reason": "decision_reason", "decision": "status"},
)


class RegistrationResource(KindsResource):
    lifecycle = REGISTRATION_LIFE
    step_columns = ("registration_number", "approved_income", "decision_reason")
    headers = {
        "agreement": ("Agreement (number)", "协议（编号）"),
        "seller": ("Seller (credit code or Chinese name)", "卖方（信用代码或中文名称）"),
        "buyer": ("Buyer (credit code or Chinese name)", "买方（信用代码或中文名称）"),
    }

    class Meta(KindsResource.Meta):
        model = ContractRegistration
        fields = (
            "agreement",
            "registry",
            "project_name",
            "contract_type",
            "valid_from",
            "valid_until",
            "seller",
            "seller_country_code",
            "seller_region_code",
            "seller_entity_type",
            "buyer",
            "buyer_country_code",
            "buyer_region_code",
            "buyer_entity_type",
            "estimated_new_investment",
            "estimated_new_output",
            "currency",
            "status",
            "applied_on",
            "decided_on",
            "registration_number",
            "approved_income",
            "decision_reason",
        )
        import_id_fields = ("agreement",)


register("contract-registrations", RegistrationResource, order=130)
