"""Helpers for the admin tests: one record of every model, and a change form posted back as loaded."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Model
from django.forms import BaseForm, CheckboxInput, FileField
from django.urls import reverse

from liaison.achievements.models import StageEntry
from liaison.agreements.models import AgreementAttachment
from liaison.centers.choices import AppointmentRole
from liaison.centers.models import Appointment
from liaison.needs.choices import CandidateKind
from liaison.needs.models import MatchCandidate, ServiceRecord
from tests.achievements.factories import AchievementFactory
from tests.agreements.factories import (
    AgreementFactory,
    AgreementPartyFactory,
    PaymentMilestoneFactory,
    SigningEventFactory,
)
from tests.centers.factories import (
    AppointmentFactory,
    CenterFactory,
    CenterPartnerFactory,
    CommitteeFactory,
)
from tests.financing.factories import FinancingRoundFactory, RoundInvestorFactory
from tests.needs.factories import ServiceRecordFactory, TechnicalNeedFactory
from tests.organizations.factories import OrganizationFactory
from tests.people.factories import AffiliationFactory, PersonFactory


def make_attachment() -> AgreementAttachment:
    return AgreementAttachment.objects.create(
        agreement=AgreementFactory(),
        title="签约文本",
        file=SimpleUploadedFile("contract.txt", b"signed text"),
    )


def make_stage_entry() -> StageEntry:
    return StageEntry.objects.create(
        achievement=AchievementFactory(), stage="prototype", reached_on=datetime.date(2023, 1, 1)
    )


def make_candidate() -> MatchCandidate:
    return MatchCandidate.objects.create(
        need=TechnicalNeedFactory(), kind=CandidateKind.EXPERT, person=PersonFactory(), rank=1
    )


def make_appointment() -> Appointment:
    committee = CommitteeFactory()
    return AppointmentFactory(  # type: ignore[no-any-return]
        center=committee.center, committee=committee, role=AppointmentRole.COMMITTEE_MEMBER
    )


def make_service_record() -> ServiceRecord:
    need = TechnicalNeedFactory()
    return ServiceRecordFactory(  # type: ignore[no-any-return]
        organization=need.organization,
        need=need,
        agreement=AgreementFactory(),
        center=CenterFactory(),
    )


# One maker per model the admin shows: each makes a record with its related records filled.
MAKERS: dict[str, Callable[[], Model]] = {
    "organizations.organization": lambda: OrganizationFactory(parent=OrganizationFactory()),
    "people.person": PersonFactory,
    "people.affiliation": AffiliationFactory,
    "agreements.signingevent": SigningEventFactory,
    "agreements.agreement": lambda: AgreementFactory(signing_event=SigningEventFactory()),
    "agreements.agreementparty": AgreementPartyFactory,
    "agreements.paymentmilestone": PaymentMilestoneFactory,
    "agreements.agreementattachment": make_attachment,
    "centers.center": lambda: CenterFactory(parent=CenterFactory()),
    "centers.centerpartner": CenterPartnerFactory,
    "centers.committee": CommitteeFactory,
    "centers.appointment": make_appointment,
    "achievements.achievement": lambda: AchievementFactory(center=CenterFactory()),
    "achievements.stageentry": make_stage_entry,
    "needs.technicalneed": lambda: TechnicalNeedFactory(assigned_center=CenterFactory()),
    "needs.matchcandidate": make_candidate,
    "needs.servicerecord": make_service_record,
    "financing.financinground": lambda: FinancingRoundFactory(achievement=AchievementFactory()),
    "financing.roundinvestor": RoundInvestorFactory,
}


def admin_url(model: type[Model] | Model, view: str, *args: Any) -> str:
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def _form_values(form: BaseForm, data: dict[str, Any]) -> None:
    for name, field in form.fields.items():
        key = form.add_prefix(name)
        if isinstance(field, FileField):
            continue
        value = form[name].value()  # already prepared for the widget, as a browser shows it
        if isinstance(field.widget, CheckboxInput):
            if value:
                data[key] = "on"
            continue
        if value is None:
            data[key] = ""
        elif isinstance(value, list | tuple):
            data[key] = [str(v) for v in value]
        elif isinstance(value, datetime.date):
            data[key] = value.isoformat()
        else:
            data[key] = str(value)


def posted_back(response: Any) -> dict[str, Any]:
    """The data a browser would post back from an admin change page, unchanged."""
    context = response.context
    data: dict[str, Any] = {}
    _form_values(context["adminform"].form, data)
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        _form_values(formset.management_form, data)
        for form in formset.forms:
            _form_values(form, data)
    return data
