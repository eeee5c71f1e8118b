"""Writes generated records in bulk, each with its creation row in the history."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from django.db import models
from simple_history.utils import bulk_create_with_history

from liaison.achievements.models import Achievement, StageEntry
from liaison.agreements.models import Agreement, AgreementParty, PaymentMilestone, SigningEvent
from liaison.centers.models import Appointment, Center, CenterPartner, Committee
from liaison.financing.models import FinancingRound, RoundInvestor
from liaison.needs.models import MatchCandidate, ServiceRecord, TechnicalNeed
from liaison.organizations.models import Organization
from liaison.people.models import Affiliation, Person

if TYPE_CHECKING:
    from tqdm import tqdm

    from liaison.accounts.models import User

# Every model the demo writes, each after the ones it refers to.
WRITE_ORDER: tuple[type[models.Model], ...] = (
    Organization,
    Person,
    Affiliation,
    SigningEvent,
    Agreement,
    AgreementParty,
    PaymentMilestone,
    Center,
    CenterPartner,
    Committee,
    Appointment,
    Achievement,
    Achievement.owners.through,
    Achievement.inventors.through,
    StageEntry,
    TechnicalNeed,
    MatchCandidate,
    ServiceRecord,
    FinancingRound,
    RoundInvestor,
)

CHANGE_REASON = "liaison demo"


class BulkWriter:
    """Buffers new records and writes them in batches, in an order that satisfies their keys.

    A record added here is complete; once written it has its primary key, so later records
    can refer to it. Buffers are written whenever they hold `threshold` records, which keeps
    the memory of a large demo bounded.
    """

    def __init__(
        self,
        *,
        by: User | None,
        progress: tqdm[Any] | None = None,
        batch_size: int = 1000,
        threshold: int = 4000,
    ) -> None:
        self.by = by
        self.progress = progress
        self.batch_size = batch_size
        self.threshold = threshold
        self.pending: dict[type[models.Model], list[models.Model]] = defaultdict(list)
        self.count = 0

    def add(self, obj: models.Model) -> None:
        self.pending[type(obj)].append(obj)
        self.count += 1
        if self.count >= self.threshold:
            self.flush()

    def flush(self) -> None:
        """Write everything buffered, models in dependency order."""
        for model in WRITE_ORDER:
            objs = self.pending.pop(model, None)
            if not objs:
                continue
            if model._meta.auto_created:
                # The plain link tables of many-to-many fields have no history of their own.
                model._default_manager.bulk_create(objs, batch_size=self.batch_size)
            else:
                bulk_create_with_history(
                    objs,
                    model,
                    batch_size=self.batch_size,
                    default_user=self.by,
                    default_change_reason=CHANGE_REASON,
                )
            if self.progress is not None:
                self.progress.update(len(objs))
        if self.pending:
            unknown = ", ".join(sorted(m.__name__ for m in self.pending))
            raise TypeError(f"the demo writer does not know where to write: {unknown}")
        self.count = 0
