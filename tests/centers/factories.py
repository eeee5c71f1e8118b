import datetime

import factory

from liaison.centers.choices import AppointmentRole, CenterKind, CommitteeKind
from liaison.centers.models import Appointment, Center, CenterPartner, Committee
from tests.organizations.factories import OrganizationFactory
from tests.people.factories import PersonFactory


class CenterFactory(factory.django.DjangoModelFactory[Center]):
    class Meta:
        model = Center

    name_zh = factory.Sequence(lambda n: f"联合研发中心{n}")
    name_en = factory.Sequence(lambda n: f"Joint R&D Center {n}")
    kind = CenterKind.JOINT_RD
    established_on = datetime.date(2023, 2, 15)


class CenterPartnerFactory(factory.django.DjangoModelFactory[CenterPartner]):
    class Meta:
        model = CenterPartner

    center = factory.SubFactory(CenterFactory)
    organization = factory.SubFactory(OrganizationFactory)


class CommitteeFactory(factory.django.DjangoModelFactory[Committee]):
    class Meta:
        model = Committee

    center = factory.SubFactory(CenterFactory)
    kind = CommitteeKind.ACADEMIC
    name_zh = "学术委员会"
    name_en = "Academic Committee"


class AppointmentFactory(factory.django.DjangoModelFactory[Appointment]):
    class Meta:
        model = Appointment

    person = factory.SubFactory(PersonFactory)
    center = factory.SubFactory(CenterFactory)
    role = AppointmentRole.DIRECTOR
    starts_on = datetime.date(2023, 5, 6)
