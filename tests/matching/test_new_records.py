"""A record just created touches its own matching document only, found without a query.

A person's, an organization's, a center's and a need's other documents are those of the
records that refer to them, and nothing refers to a record yet when it is created: the
signal queues its document without asking (an import creates thousands of them).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection, models
from django.test.utils import CaptureQueriesContext

from liaison.matching import adapters, signals
from tests.centers.factories import CenterFactory
from tests.needs.factories import TechnicalNeedFactory
from tests.organizations.factories import OrganizationFactory
from tests.people.factories import AffiliationFactory, PersonFactory

pytestmark = pytest.mark.django_db

FACTORIES: dict[type[models.Model], Callable[[], models.Model]] = {
    factory._meta.model: factory.create
    for factory in (PersonFactory, OrganizationFactory, CenterFactory, TechnicalNeedFactory)
}


@pytest.mark.parametrize(
    "model", sorted(signals._ONLY_REFERRED_TO, key=str), ids=lambda model: model.__name__
)
def test_a_new_record_touches_what_the_full_reckoning_finds(model: type[models.Model]) -> None:
    record = FACTORIES[model]()

    assert signals._affected_by_save(model, record, created=True) == (adapters.affected_ids(record))


def test_a_new_person_is_queued_without_asking_who_refers_to_them() -> None:
    signals.discard_pending()
    with CaptureQueriesContext(connection) as queries:
        person = PersonFactory.create()

    assert f"person:{person.pk}" in signals._pending.ids
    assert not [q for q in queries.captured_queries if "needs_matchcandidate" in q["sql"]]


def test_a_saved_person_still_brings_the_documents_that_refer_to_them() -> None:
    person = PersonFactory.create()
    organization = OrganizationFactory.create()
    AffiliationFactory.create(person=person, organization=organization)
    signals.discard_pending()

    organization.save()

    assert signals._pending.ids == {f"organization:{organization.pk}", f"person:{person.pk}"}
