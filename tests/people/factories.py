import factory

from liaison.people.choices import PersonKind
from liaison.people.models import Affiliation, Person
from tests.organizations.factories import OrganizationFactory


class PersonFactory(factory.django.DjangoModelFactory[Person]):
    class Meta:
        model = Person

    name_zh = factory.Sequence(lambda n: f"测试专家{n}")
    name_en = factory.Sequence(lambda n: f"Test Expert {n}")
    kind = PersonKind.RESEARCHER
    title = "研究员"


class AffiliationFactory(factory.django.DjangoModelFactory[Affiliation]):
    class Meta:
        model = Affiliation

    person = factory.SubFactory(PersonFactory)
    organization = factory.SubFactory(OrganizationFactory)
    position = "研究员"
