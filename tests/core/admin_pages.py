"""Helpers for the admin tests: one record of every model, and a change form posted back as loaded."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Model
from django.forms import BaseForm, CheckboxInput, FileField
from django.urls import reverse

from liaison.accounts.choices import RoleKind
from liaison.accounts.invitations import invitation_create
from liaison.accounts.models import Invitation, Role, RoleAssignment, Rule
from liaison.accounts.services import default_role
from liaison.achievements.models import StageEntry
from liaison.agreements.models import AgreementAttachment
from liaison.centers.choices import AppointmentRole
from liaison.centers.models import Appointment
from liaison.needs.choices import CandidateKind
from liaison.needs.models import MatchCandidate, NeedAttachment, NeedMessage, ServiceRecord
from tests.accounts.factories import UserFactory
from tests.achievements.factories import AchievementFactory
from tests.agreements.factories import (
    AgreementFactory,
    AgreementPartyFactory,
    PaymentMilestoneFactory,
    SigningEventFactory,
    contract_registration,
)
from tests.brokers.factories import (
    BrokerFactory,
    CommissionPaymentFactory,
    IntroductionFactory,
    engaged,
)
from tests.centers.factories import (
    AppointmentFactory,
    CenterFactory,
    CenterPartnerFactory,
    CommitteeFactory,
)
from tests.chains.factories import (
    ChainSegmentFactory,
    IndustryChainFactory,
    SegmentPlacementFactory,
)
from tests.disclosures.factories import (
    DisclosureEventFactory,
    DisclosureFactory,
    DisclosureFundingFactory,
    DisclosureInventorFactory,
)
from tests.disclosures.factories import make_attachment as make_disclosure_attachment
from tests.financing.factories import FinancingRoundFactory, RoundInvestorFactory
from tests.incubation.factories import (
    IncubationFactory,
    IncubationMilestoneFactory,
    IncubationResourceFactory,
)
from tests.market.factories import (
    EventAchievementFactory,
    EventAttendanceFactory,
    EventNeedFactory,
    MarketEventFactory,
)
from tests.market.factories import outcome as market_outcome
from tests.needs.factories import ServiceRecordFactory, TechnicalNeedFactory
from tests.opencalls.factories import OpenCallFactory, application, make_review
from tests.opencalls.factories import make_attachment as make_call_attachment
from tests.organizations.factories import OrganizationFactory
from tests.patents.factories import fee_payment, office_action_of_a_center, patent_of_a_center
from tests.people.factories import AffiliationFactory, PersonFactory
from tests.training.factories import SupervisionFactory, TraineeFactory
from tests.transfer.factories import (
    RewardPolicyFactory,
    cost_borne,
    income_received,
    notice_of_a_center,
    objection_of_a_posted_notice,
    reward_proposed,
    reward_share,
)


def make_attachment() -> AgreementAttachment:
    return AgreementAttachment.objects.create(
        agreement=AgreementFactory.create(),
        title="签约文本",
        file=SimpleUploadedFile("contract.txt", b"signed text"),
    )


def make_stage_entry() -> StageEntry:
    return StageEntry.objects.create(
        achievement=AchievementFactory.create(),
        stage="prototype",
        reached_on=datetime.date(2023, 1, 1),
    )


def make_candidate() -> MatchCandidate:
    return MatchCandidate.objects.create(
        need=TechnicalNeedFactory.create(),
        kind=CandidateKind.EXPERT,
        person=PersonFactory.create(),
        rank=1,
    )


def make_appointment() -> Appointment:
    committee = CommitteeFactory.create()
    return AppointmentFactory.create(
        center=committee.center, committee=committee, role=AppointmentRole.COMMITTEE_MEMBER
    )


def make_need_attachment() -> NeedAttachment:
    from liaison.core import writes

    return writes.create(
        NeedAttachment,
        by=None,
        need=TechnicalNeedFactory.create(),
        upload=SimpleUploadedFile("note.txt", b"a note"),
    )


def make_need_message() -> NeedMessage:
    from liaison.core import writes

    return writes.create(NeedMessage, by=None, need=TechnicalNeedFactory.create(), body="Hello")


def make_service_record() -> ServiceRecord:
    need = TechnicalNeedFactory.create()
    return ServiceRecordFactory.create(
        organization=need.organization,
        need=need,
        agreement=AgreementFactory.create(),
        center=CenterFactory.create(),
    )


def make_role() -> Role:
    return Role.objects.create(
        name=f"Visiting committee {Role.objects.count()}", kind=RoleKind.LEADERSHIP
    )


def make_rule() -> Rule:
    return Rule.objects.create(
        role=make_role(), record_types=["needs.technicalneed"], actions=["view"], scope="all"
    )


def make_assignment() -> RoleAssignment:
    return RoleAssignment.objects.create(
        user=UserFactory.create(role=None), role=default_role(RoleKind.LEADERSHIP)
    )


def make_invitation() -> Invitation:
    invitation, _token = invitation_create(
        email="contact@example.org", organization=OrganizationFactory.create(), by=None
    )
    return invitation


def make_incubation() -> Model:
    """A spin-off with its founding achievement, founders, contributed achievement, agreement."""
    stay = IncubationFactory.create(
        origin="spin_off",
        achievement=AchievementFactory.create(),
        agreement=AgreementFactory.create(kind="incubation"),
    )
    stay.founders.set([PersonFactory.create()])
    stay.achievements.set([AchievementFactory.create()])
    return stay


# One maker per model the admin shows: each makes a record with its related records filled.
MAKERS: dict[str, Callable[[], Model]] = {
    "organizations.organization": lambda: OrganizationFactory.create(
        parent=OrganizationFactory.create()
    ),
    "people.person": PersonFactory.create,
    "people.affiliation": AffiliationFactory.create,
    "agreements.signingevent": SigningEventFactory.create,
    "agreements.agreement": lambda: AgreementFactory.create(
        signing_event=SigningEventFactory.create()
    ),
    "agreements.agreementparty": AgreementPartyFactory.create,
    "agreements.paymentmilestone": PaymentMilestoneFactory.create,
    "agreements.agreementattachment": make_attachment,
    "agreements.contractregistration": contract_registration,
    "centers.center": lambda: CenterFactory.create(parent=CenterFactory.create()),
    "centers.centerpartner": CenterPartnerFactory.create,
    "centers.committee": CommitteeFactory.create,
    "centers.appointment": make_appointment,
    "achievements.achievement": lambda: AchievementFactory.create(center=CenterFactory.create()),
    "achievements.stageentry": make_stage_entry,
    "needs.technicalneed": lambda: TechnicalNeedFactory.create(
        assigned_center=CenterFactory.create()
    ),
    "needs.matchcandidate": make_candidate,
    "needs.servicerecord": make_service_record,
    "needs.needattachment": make_need_attachment,
    "needs.needmessage": make_need_message,
    "financing.financinground": lambda: FinancingRoundFactory.create(
        achievement=AchievementFactory.create()
    ),
    "financing.roundinvestor": RoundInvestorFactory.create,
    "disclosures.disclosure": lambda: DisclosureFactory.create(center=CenterFactory.create()),
    "disclosures.disclosureinventor": DisclosureInventorFactory.create,
    "disclosures.disclosurefunding": DisclosureFundingFactory.create,
    "disclosures.disclosureattachment": make_disclosure_attachment,
    "disclosures.disclosureevent": DisclosureEventFactory.create,
    "patents.patent": patent_of_a_center,
    "patents.feepayment": fee_payment,
    "patents.officeaction": office_action_of_a_center,
    "transfer.pricenotice": notice_of_a_center,
    "transfer.priceobjection": objection_of_a_posted_notice,
    "transfer.income": income_received,
    "transfer.cost": cost_borne,
    "transfer.rewardpolicy": RewardPolicyFactory.create,
    "transfer.reward": reward_proposed,
    "transfer.rewardshare": reward_share,
    "training.trainee": lambda: TraineeFactory.create(center=CenterFactory.create()),
    "training.supervision": SupervisionFactory.create,
    "incubation.incubation": make_incubation,
    "incubation.incubationmilestone": IncubationMilestoneFactory.create,
    "incubation.incubationresource": IncubationResourceFactory.create,
    "brokers.broker": BrokerFactory.create,
    "brokers.brokerengagement": engaged,
    "brokers.commissionpayment": CommissionPaymentFactory.create,
    "brokers.introduction": IntroductionFactory.create,
    "market.marketevent": lambda: MarketEventFactory.create(organizer=CenterFactory.create()),
    "market.eventachievement": EventAchievementFactory.create,
    "market.eventneed": EventNeedFactory.create,
    "market.eventattendance": EventAttendanceFactory.create,
    "market.eventoutcome": market_outcome,
    "chains.industrychain": IndustryChainFactory.create,
    "chains.chainsegment": ChainSegmentFactory.create,
    "chains.segmentplacement": SegmentPlacementFactory.create,
    "opencalls.opencall": OpenCallFactory.create,
    "opencalls.callapplication": application,
    "opencalls.callattachment": make_call_attachment,
    "opencalls.callreview": make_review,
    "accounts.role": make_role,
    "accounts.rule": make_rule,
    "accounts.roleassignment": make_assignment,
    "accounts.invitation": make_invitation,
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
