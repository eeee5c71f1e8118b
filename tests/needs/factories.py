import datetime

import factory

from liaison.needs.choices import CandidateKind, ServiceKind
from liaison.needs.models import MatchCandidate, ServiceRecord, TechnicalNeed
from tests.organizations.factories import OrganizationFactory
from tests.people.factories import PersonFactory


class TechnicalNeedFactory(factory.django.DjangoModelFactory[TechnicalNeed]):
    """A freshly submitted need; move it on with the need services."""

    class Meta:
        model = TechnicalNeed

    title = factory.Sequence(lambda n: f"医用敷料抗菌涂层工艺优化{n}")
    description = (
        "We need an antibacterial coating for medical dressings that survives sterilization."
    )
    organization = factory.SubFactory(OrganizationFactory)
    submitted_on = datetime.date(2023, 3, 1)
    domains = factory.LazyFunction(lambda: ["biomaterials"])


class ServiceRecordFactory(factory.django.DjangoModelFactory[ServiceRecord]):
    class Meta:
        model = ServiceRecord

    organization = factory.SubFactory(OrganizationFactory)
    kind = ServiceKind.TESTING
    title = factory.Sequence(lambda n: f"材料力学性能检测{n}")
    delivered_on = datetime.date(2023, 4, 1)


class MatchCandidateFactory(factory.django.DjangoModelFactory[MatchCandidate]):
    """A pending expert candidate for a need."""

    class Meta:
        model = MatchCandidate

    need = factory.SubFactory(TechnicalNeedFactory)
    kind = CandidateKind.EXPERT
    person = factory.SubFactory(PersonFactory)
    score = 0.8
    rank = 1
