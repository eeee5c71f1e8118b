"""Writes to technical-contract registrations (技术合同认定登记), and the form's prefill.

prepared → applied → registered | not registered (the table is `REGISTRATION_MOVES`)

Only a technical contract is registered, and by its delivering party (the developer,
transferor, licensor, consultant, service provider or intermediary), once it is signed. The
form is filled on the version of the rules in force on the day of application
(`registration_forms`). The approved technical income and the registration number the
registry gives are written onto the agreement through its own service, so the figures read
them in one place.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from liaison.core import permissions, writes
from liaison.core.lifecycle import FieldErrors, check_not_in_future, save_changes, today
from liaison.core.writes import create_record, delete_record, update_record
from liaison.organizations.models import Organization

from . import services as agreement_services
from .choices import (
    REGISTRATION_MOVES,
    SIGNED_STATUSES,
    TECHNICAL_CONTRACT_KINDS,
    PartyRole,
    RegistrationStatus,
)
from .models import Agreement, ContractRegistration
from .registration_forms import (
    CHINA,
    COUNTRY_CODE,
    COUNTRY_CODES,
    PARTY_FIELDS,
    FormVersion,
    plausible_region_code,
    province_prefix,
    version_for,
)

if TYPE_CHECKING:
    from liaison.accounts.models import User

# The roles a party signs in that receive what the contract delivers, or take no part in it.
RECEIVING_ROLES = frozenset({PartyRole.CLIENT, PartyRole.LICENSEE})
NOT_CONTRACTING_ROLES = frozenset({PartyRole.WITNESS, PartyRole.INVESTOR})
# Delivering roles, the most telling first: a licensor or contractor names the seller outright.
DELIVERING_ROLES = (PartyRole.LICENSOR, PartyRole.CONTRACTOR, PartyRole.INSTITUTE)

# Organization kinds whose legal-entity type the kind tells.
ENTITY_TYPE_OF_KIND = {
    "research_institute": "021",
    "university": "022",
    "hospital": "023",
    "government": "010",
    "association": "030",
}


# The form's prefill --------------------------------------------------------------------------


def country_code_for(organization: Organization) -> str:
    return COUNTRY_CODES.get(organization.country, "")


def region_code_for(organization: Organization) -> str:
    """A Chinese organization's GB/T 2260 code: from its credit code (characters 3 to 8 are the
    registering authority's division), else its province's own code, else unknown."""
    if organization.country != "CN":
        return ""
    from_credit_code = (organization.credit_code or "")[2:8]
    if plausible_region_code(from_credit_code):
        return from_credit_code
    # A municipality (北京市, 上海市) is written as the city.
    prefix = province_prefix(organization.province) or province_prefix(organization.city)
    return f"{prefix}0000" if prefix else ""


def entity_type_for(organization: Organization) -> str:
    """The legal-entity type an organization's kind and name tell, or "" to be chosen."""
    if organization.kind in ENTITY_TYPE_OF_KIND:
        return ENTITY_TYPE_OF_KIND[organization.kind]
    if organization.country != "CN":
        return ""
    name = organization.name_zh
    if "股份有限公司" in name:
        return "160"
    if "有限公司" in name or "有限责任公司" in name:
        return "150"
    return ""


def _parties(agreement: Agreement) -> list[tuple[Organization, str]]:
    return [
        (party.organization, party.role)
        for party in agreement.parties.select_related("organization").order_by("pk")
    ]


def delivering_party(agreement: Agreement) -> Organization | None:
    """The party that delivers the technology and so applies: a licensor or contractor by its
    role, else the institute."""
    parties = _parties(agreement)
    for role in DELIVERING_ROLES:
        for organization, party_role in parties:
            if party_role == role:
                return organization
    return next((o for o, role in parties if o.is_institute and role not in RECEIVING_ROLES), None)


def receiving_party(agreement: Agreement, seller: Organization | None) -> Organization | None:
    """The party that receives it: a client or licensee by its role, else the other party."""
    parties = [(o, role) for o, role in _parties(agreement) if o != seller]
    for organization, role in parties:
        if role in RECEIVING_ROLES:
            return organization
    return next((o for o, role in parties if role not in NOT_CONTRACTING_ROLES), None)


def registration_prefill(*, agreement: Agreement) -> dict[str, Any]:
    """The registration form as the agreement and its parties fill it."""
    rules = version_for(today())
    seller = delivering_party(agreement)
    buyer = receiving_party(agreement, seller)
    fields: dict[str, Any] = {
        "project_name": agreement.title_zh,
        "contract_type": rules.contract_type_for(agreement.kind),
        "valid_from": agreement.effective_on or agreement.signed_on,
        "valid_until": agreement.expires_on,
        "currency": agreement.currency,
    }
    for prefix, organization in (("seller", seller), ("buyer", buyer)):
        fields[prefix] = organization
        fields[f"{prefix}_country_code"] = country_code_for(organization) if organization else ""
        fields[f"{prefix}_region_code"] = region_code_for(organization) if organization else ""
        fields[f"{prefix}_entity_type"] = entity_type_for(organization) if organization else ""
    return fields


# Checks --------------------------------------------------------------------------------------


def _check_registrable(errors: FieldErrors, agreement: Agreement | None) -> None:
    """A registration is of a signed technical contract."""
    if agreement is None:
        return
    if agreement.kind not in TECHNICAL_CONTRACT_KINDS:
        errors.add(
            "agreement",
            _(
                "Only a technical contract (development, transfer, licensing, consulting or "
                "service) is registered; this agreement is a “%(kind)s”."
            ),
            code="not_technical",
            params={"kind": agreement.get_kind_display()},
        )
    elif agreement.status not in SIGNED_STATUSES:
        errors.add(
            "agreement",
            _("A contract is registered once it is signed; this one is “%(current)s”."),
            code="not_signed",
            params={"current": agreement.get_status_display()},
        )


def _check_form(
    errors: FieldErrors, values: dict[str, Any], agreement: Agreement, rules: FormVersion
) -> None:
    """The form's codes and parties as the rules in `rules` take them."""
    roles = {party.organization_id: party.role for party in agreement.parties.all()}
    seller, buyer = values.get("seller"), values.get("buyer")
    if seller is not None:
        if seller.pk not in roles:
            errors.add(
                "seller",
                _("The seller must be a party to the agreement."),
                code="seller_not_party",
            )
        elif roles[seller.pk] in RECEIVING_ROLES | NOT_CONTRACTING_ROLES:
            errors.add(
                "seller",
                _(
                    "A contract is registered by the party that delivers the technology; "
                    "%(organization)s signed it as “%(role)s”."
                ),
                code="seller_not_delivering",
                params={
                    "organization": str(seller),
                    "role": PartyRole(roles[seller.pk]).label,
                },
            )
    if buyer is not None:
        if buyer.pk not in roles:
            errors.add(
                "buyer", _("The buyer must be a party to the agreement."), code="buyer_not_party"
            )
        elif seller is not None and buyer.pk == seller.pk:
            errors.add(
                "buyer",
                _("The buyer and the seller are different parties."),
                code="buyer_is_seller",
            )
    for side in ("seller", "buyer"):
        country = values.get(f"{side}_country_code") or ""
        if country and not COUNTRY_CODE.match(country):
            errors.add(
                f"{side}_country_code",
                _("A country code on the form has three digits (China is 142)."),
                code="country_code",
            )
        region = values.get(f"{side}_region_code") or ""
        if region and not plausible_region_code(region):
            errors.add(
                f"{side}_region_code",
                _(
                    "An administrative-division code (GB/T 2260) has six digits, the first two "
                    "naming a province (33 for Zhejiang); “%(code)s” is not one."
                ),
                code="region_code",
                params={"code": region},
            )
        entity_type = values.get(f"{side}_entity_type") or ""
        if entity_type and entity_type not in rules.entity_types:
            errors.add(
                f"{side}_entity_type",
                _("“%(code)s” is not a legal-entity type of the form (%(rules)s)."),
                code="entity_type",
                params={"code": entity_type, "rules": str(rules)},
            )
    contract_type = values.get("contract_type") or ""
    if contract_type and contract_type not in rules.contract_types:
        errors.add(
            "contract_type",
            _(
                "The %(rules)s register no “%(type)s” contracts: under them it is registered as "
                "“%(instead)s”."
            ),
            code="contract_type",
            params={
                "rules": str(rules),
                "type": ContractRegistration(
                    contract_type=contract_type
                ).get_contract_type_display(),
                "instead": ContractRegistration(
                    contract_type=rules.contract_type_for(agreement.kind)
                ).get_contract_type_display(),
            },
        )


def _check_complete(
    errors: FieldErrors, registration: ContractRegistration, rules: FormVersion
) -> None:
    """What the form must state before it is sent."""
    missing = _("The registration form asks for this.")
    for name in rules.required:
        if getattr(registration, name) in (None, ""):
            errors.add(name, missing, code="required")
    for side in ("seller", "buyer"):
        if getattr(registration, f"{side}_country_code") == CHINA and not getattr(
            registration, f"{side}_region_code"
        ):
            errors.add(f"{side}_region_code", missing, code="required")
    if registration.contract_type in rules.transfer_types:
        for name in ("estimated_new_investment", "estimated_new_output"):
            if getattr(registration, name) is None:
                errors.add(
                    name,
                    _("A transfer's registration states the expected new investment and output."),
                    code="required",
                )


# Services ------------------------------------------------------------------------------------


@transaction.atomic
def registration_create(
    *, by: User | None, agreement: Agreement, **fields: Any
) -> ContractRegistration:
    """Prepare the registration of a signed technical contract, the form filled from the
    agreement and its parties where `fields` leave it open."""
    errors = FieldErrors()
    _check_registrable(errors, agreement)
    errors.raise_any()
    values = {**registration_prefill(agreement=agreement), **fields}
    _check_form(errors, values, agreement, version_for(today()))
    return create_record(ContractRegistration, by=by, errors=errors, agreement=agreement, **values)


_FORM_PARTY_FIELDS = ("contract_type", *PARTY_FIELDS)

# What may still change once the application is in: the certificate, when it comes.
CHANGEABLE_AFTER_APPLYING = frozenset({"certificate"})


@transaction.atomic
def registration_update(
    *,
    registration: ContractRegistration,
    by: User | None,
    version: int | None = None,
    **fields: Any,
) -> ContractRegistration:
    """Change the form while it is prepared; once applied for, only add the certificate."""
    errors = FieldErrors()
    agreement = fields.get("agreement", registration.agreement)
    if agreement.pk != registration.agreement_id:
        errors.add(
            "agreement",
            _("A registration stays with the contract it registers."),
            code="agreement_fixed",
        )
    if registration.status != RegistrationStatus.PREPARED:
        changed = sorted(
            name
            for name, value in fields.items()
            if name not in CHANGEABLE_AFTER_APPLYING and value != getattr(registration, name)
        )
        for name in changed:
            errors.add(
                name,
                _(
                    "The form was sent to the registry on %(applied_on)s and stays as sent; "
                    "only the certificate is added."
                ),
                code="applied",
                params={"applied_on": registration.applied_on},
            )
    values = {name: fields.get(name, getattr(registration, name)) for name in _FORM_PARTY_FIELDS}
    _check_form(errors, values, registration.agreement, registration.rules)
    return update_record(registration, by=by, version=version, errors=errors, **fields)


@transaction.atomic
def registration_delete(
    *, registration: ContractRegistration, by: User | None, version: int | None = None
) -> None:
    """Delete a registration prepared by mistake; one sent to the registry keeps its record."""
    delete_record(
        registration,
        by=by,
        version=version,
        refusal=_("This registration was applied for on %(applied_on)s and keeps its record.")
        % {"applied_on": registration.applied_on}
        if registration.status != RegistrationStatus.PREPARED
        else None,
    )


@transaction.atomic
def registration_apply(
    *, registration: ContractRegistration, applied_on: datetime.date, by: User | None
) -> ContractRegistration:
    """Record that the form was filed with the registry on `applied_on`, under the rules then."""
    REGISTRATION_MOVES.require(registration, RegistrationStatus.APPLIED)
    errors = FieldErrors()
    rules = version_for(applied_on)
    signed_on = registration.agreement.signed_on
    if signed_on is not None and applied_on < signed_on:
        errors.add(
            "applied_on",
            _("A contract is registered after it is signed (%(signed_on)s)."),
            code="applied_before_signed",
            params={"signed_on": signed_on.isoformat()},
        )
    check_not_in_future(errors, "applied_on", applied_on)
    _check_complete(errors, registration, rules)
    _check_form(
        errors,
        {f.name: getattr(registration, f.name) for f in ContractRegistration._meta.fields},
        registration.agreement,
        rules,
    )
    return save_changes(
        registration,
        by=by,
        errors=errors,
        status=RegistrationStatus.APPLIED,
        applied_on=applied_on,
        form_version=rules.key,
    )


@transaction.atomic
def registration_decide(
    *,
    registration: ContractRegistration,
    decision: str,
    decided_on: datetime.date,
    by: User | None,
    registration_number: str = "",
    approved_income: Decimal | None = None,
    reason: str = "",
) -> ContractRegistration:
    """Record the registry's decision: registered, with its number and the approved technical
    income (written onto the agreement too), or not registered, with the reason given."""
    if decision not in (RegistrationStatus.REGISTERED, RegistrationStatus.NOT_REGISTERED):
        raise ValidationError(
            {"decision": ValidationError(_("Choose the registry's decision."), code="decision")}
        )
    REGISTRATION_MOVES.require(registration, decision)
    errors = FieldErrors()
    agreement = registration.agreement
    if registration.applied_on is not None and decided_on < registration.applied_on:
        errors.add(
            "decided_on",
            _("The registry decides after the application (%(applied_on)s)."),
            code="decided_before_applied",
            params={"applied_on": registration.applied_on.isoformat()},
        )
    check_not_in_future(errors, "decided_on", decided_on)
    registration_number = registration_number.strip()
    reason = reason.strip()
    if decision == RegistrationStatus.REGISTERED:
        digits = registration.rules.number_digits
        if not registration_number:
            errors.add(
                "registration_number",
                _("A registered contract has the number the registry gave it."),
                code="required",
            )
        elif digits and not (registration_number.isdigit() and len(registration_number) == digits):
            errors.add(
                "registration_number",
                _("A registration number under these rules has %(n)s digits."),
                code="registration_number",
                params={"n": digits},
            )
        if approved_income is None:
            errors.add(
                "approved_income",
                _("The certificate states the approved technical income: record it."),
                code="required",
            )
        elif approved_income < 0:
            errors.add(
                "approved_income",
                _("The approved technical income cannot be negative."),
                code="negative",
            )
        elif agreement.value is not None and approved_income > agreement.value:
            errors.add(
                "approved_income",
                _("The technical income is a part of the contract's value (%(value)s), not more."),
                code="income_above_value",
                params={"value": agreement.value},
            )
    elif not reason:
        errors.add(
            "reason",
            _("Say why the registry did not register the contract, as it wrote."),
            code="reason_required",
        )
    registered = decision == RegistrationStatus.REGISTERED
    saved = save_changes(
        registration,
        by=by,
        errors=errors,
        status=decision,
        decided_on=decided_on,
        registration_number=registration_number if registered else "",
        approved_income=approved_income if registered else None,
        decision_reason="" if registered else reason,
    )
    if registered:
        # One truth: the agreement carries the number and the income the figures read.
        agreement_services.agreement_update(
            agreement=agreement,
            by=by,
            registration_number=registration_number,
            technical_income=approved_income,
        )
    return saved


writes.register(
    ContractRegistration,
    create=registration_create,
    update=registration_update,
    delete=registration_delete,
    target="registration",
)

permissions.scoped(
    ContractRegistration,
    organization="agreement__organizations",
    center="agreement__founded_centers",
    hidden={
        "approved_income": "agreement__confidentiality",
        "estimated_new_investment": "agreement__confidentiality",
        "estimated_new_output": "agreement__confidentiality",
    },
)
