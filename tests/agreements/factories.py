import datetime

import factory

from liaison.agreements.choices import AgreementKind, AgreementStatus, PartyRole
from liaison.agreements.models import (
    Agreement,
    AgreementParty,
    ContractRegistration,
    PaymentMilestone,
    SigningEvent,
)
from liaison.organizations.models import Organization
from tests.organizations.factories import OrganizationFactory


class SigningEventFactory(factory.django.DjangoModelFactory[SigningEvent]):
    class Meta:
        model = SigningEvent

    title_zh = factory.Sequence(lambda n: f"科技创新项目集中签约仪式{n}")
    title_en = factory.Sequence(lambda n: f"Signing ceremony {n}")
    held_on = datetime.date(2023, 5, 6)
    place = "温州"


class AgreementFactory(factory.django.DjangoModelFactory[Agreement]):
    """A draft agreement; move it on with the agreement services."""

    class Meta:
        model = Agreement

    number = factory.Sequence(lambda n: f"WZ-TEST-{n:05d}")
    title_zh = factory.Sequence(lambda n: f"技术开发合同{n}")
    title_en = factory.Sequence(lambda n: f"Technology development contract {n}")
    kind = AgreementKind.TECH_DEVELOPMENT


class AgreementPartyFactory(factory.django.DjangoModelFactory[AgreementParty]):
    class Meta:
        model = AgreementParty

    agreement = factory.SubFactory(AgreementFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = PartyRole.PARTNER


class PaymentMilestoneFactory(factory.django.DjangoModelFactory[PaymentMilestone]):
    class Meta:
        model = PaymentMilestone

    agreement = factory.SubFactory(AgreementFactory)
    title = factory.Sequence(lambda n: f"Payment {n}")
    due_on = datetime.date(2024, 1, 1)


def signed_technical_agreement(
    *,
    kind: str = AgreementKind.TECH_DEVELOPMENT,
    signed_on: datetime.date = datetime.date(2025, 3, 10),
    seller_role: str = PartyRole.INSTITUTE,
    buyer_role: str = PartyRole.CLIENT,
    **fields: object,
) -> Agreement:
    """A technical contract between the institute (delivering) and an enterprise, recorded as
    signed on `signed_on` and valid two years.

    Written as the signing service leaves it rather than through it: a transfer or licence is
    signed only after its price notice (the transfer app's), which these records do not need.
    """
    from tests.organizations.factories import InstituteFactory

    fields.setdefault("expires_on", signed_on + datetime.timedelta(days=730))
    agreement = AgreementFactory.create(kind=kind, **fields)
    institute = Organization.objects.filter(is_institute=True).first() or InstituteFactory.create()
    AgreementPartyFactory.create(agreement=agreement, organization=institute, role=seller_role)
    AgreementPartyFactory.create(agreement=agreement, role=buyer_role)
    Agreement.objects.filter(pk=agreement.pk).update(
        status=AgreementStatus.SIGNED, signed_on=signed_on
    )
    agreement.refresh_from_db()
    return agreement


def contract_registration(**fields: object) -> ContractRegistration:
    """A registration prepared by its service, of a new signed technical contract."""
    from liaison.agreements.registration_services import registration_create

    agreement = fields.pop("agreement", None) or signed_technical_agreement()
    return registration_create(by=None, agreement=agreement, **fields)  # type: ignore[arg-type]
