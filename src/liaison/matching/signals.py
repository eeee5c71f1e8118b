"""Every saved or deleted record that a matching document is made of queues a refresh of it.

The job is queued when the transaction commits, so it reads what was committed; one job
carries every document the transaction touched. The documents a deletion touches are found
before the rows go, while their links can still be followed.
"""

from __future__ import annotations

import threading
from typing import Any

from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from liaison.achievements.models import Achievement
from liaison.centers.models import Center
from liaison.needs.models import TechnicalNeed
from liaison.organizations.models import Organization
from liaison.people.models import Person

from . import adapters, jobs

_BEFORE = "_matching_affected_before"

# The records whose documents, beyond their own, are found by following the records that
# refer to them (a person's achievements, candidacies and services; an organization's people;
# a center's staff, achievements, needs and services; a need's services). One just created is
# referred to by nothing yet: its own document is all it touches, known without the queries
# (four for a person) that an import of thousands of new records would make for each.
_ONLY_REFERRED_TO = frozenset({Person, Organization, Center, TechnicalNeed})


# The documents changed by this thread since its last commit: a transaction that saves fifty
# records queues one job, not fifty. Ids of a rolled-back change stay until the next commit
# and are refreshed then, which is harmless (a job writes what the records are).
_pending = threading.local()


def _flush() -> None:
    ids: set[str] = getattr(_pending, "ids", set())
    _pending.ids = set()
    if ids:
        jobs.refresh_documents(sorted(ids))


def discard_pending() -> None:
    """Forget this thread's changes not yet committed (tests: each starts with a clean slate)."""
    _pending.ids = set()


def queue_refresh(ids: set[str]) -> None:
    if ids:
        if not hasattr(_pending, "ids"):
            _pending.ids = set()
        _pending.ids.update(ids)
        # Every change registers the flush: a savepoint's rollback drops only its own.
        transaction.on_commit(_flush)


def _before_change(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    # A service moved to another need, an appointment to another person: the old document
    # must forget it too.
    if instance.pk is None or kwargs.get("raw") or sender not in adapters.MOVABLE:
        return
    stored = sender._base_manager.filter(pk=instance.pk).first()
    if stored is not None:
        setattr(instance, _BEFORE, adapters.affected_ids(stored))


def _after_save(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    before: set[str] = getattr(instance, _BEFORE, set())
    if hasattr(instance, _BEFORE):
        delattr(instance, _BEFORE)
    queue_refresh(
        before | _affected_by_save(sender, instance, created=kwargs.get("created", False))
    )


def _affected_by_save(
    sender: type[models.Model], instance: models.Model, *, created: bool
) -> set[str]:
    if created and sender in _ONLY_REFERRED_TO:
        return {adapters.document_id(instance)}
    return adapters.affected_ids(instance)


def _after_delete(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    before: set[str] = getattr(instance, _BEFORE, set())
    queue_refresh(before)


def _before_delete(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    setattr(instance, _BEFORE, adapters.affected_ids(instance))


def _links_changed(
    sender: type[models.Model], instance: models.Model, action: str, **kwargs: Any
) -> None:
    if action == "pre_clear" and not isinstance(instance, Achievement):
        # A person's (or owner's) achievements all unlinked: the only moment to learn which.
        column = "person_id" if isinstance(instance, Person) else "organization_id"
        linked = sender._base_manager.filter(**{column: instance.pk})
        queue_refresh(
            {f"achievement:{pk}" for pk in linked.values_list("achievement_id", flat=True)}
        )
        return
    if not action.startswith("post_"):
        return
    if isinstance(instance, Achievement):
        queue_refresh({adapters.document_id(instance)})
    else:
        # The reverse side (a person's achievements changed): the achievements named.
        pks = kwargs.get("pk_set") or set()
        queue_refresh({f"achievement:{pk}" for pk in pks})


def connect() -> None:
    for model in adapters.WATCHED:
        uid = f"matching-{model._meta.label_lower}"
        pre_save.connect(_before_change, sender=model, dispatch_uid=f"{uid}-pre-save")
        post_save.connect(_after_save, sender=model, dispatch_uid=f"{uid}-post-save")
        pre_delete.connect(_before_delete, sender=model, dispatch_uid=f"{uid}-pre-delete")
        post_delete.connect(_after_delete, sender=model, dispatch_uid=f"{uid}-post-delete")
    for through in (Achievement.inventors.through, Achievement.owners.through):
        m2m_changed.connect(
            _links_changed, sender=through, dispatch_uid=f"matching-{through._meta.label_lower}"
        )
