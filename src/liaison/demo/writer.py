"""The demo's one bulk path: generated records written in bulk, with history dated by the story.

Every other face writes a domain record through its service; the demo alone writes through
`BulkWriter`, because a service call per record and per step (with its validation, its
queries and its history row written one at a time) would make a large demo take minutes.
What it skips, and why what it writes is the same:

- validation (`full_clean`, the services' checks of moves and dates): the generators build
  each record complete and consistent, and tests/demo/test_bulk_path.py replays one record
  of each stateful kind (agreement, need with its candidates, achievement with its stages,
  closed round, appointment) through the services with the same arguments and dates, and
  requires the same record and the same history, row by row;
- a save per step: a record's lifecycle is given as `before` and dated `changes`, and its
  history gets the row each step's service would have written, with the version it reaches;
- the moment of the write: history rows are dated as the story has it, not now, and the
  author is `by` (or nobody), with the reason "liaison demo";
- the history of what has no lifecycle of its own (parties, milestones, candidates' decisions,
  stage entries): their creation only.

Two steps are folded into one row where the services write two: an achievement is created at
its first stage and each stage comes with the readiness (TRL) the office notes by an edit;
a technical contract's registration number comes with its signing. The test compares the
achievement's stages and final record; the registration number waits for an agreement edit
service to replay it (the test takes an agreement without one). Likewise on the transfer
side: the registration of a contract (its own record, registered days after the signing)
is decided with the number its agreement already carries; a reward's shares are created with
their amounts (the services create them at zero and split the reward in a second row); an
accepted disclosure links the achievement it became, which the story created at its first
stage (the service creates it at acceptance).
"""

from __future__ import annotations

import copy
import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from django.db import models
from simple_history.utils import get_history_manager_for_model

from liaison.achievements.models import Achievement, StageEntry
from liaison.agreements.models import (
    Agreement,
    AgreementParty,
    ContractRegistration,
    PaymentMilestone,
    SigningEvent,
)
from liaison.brokers.models import Broker, BrokerEngagement, CommissionPayment, Introduction
from liaison.centers.models import Appointment, Center, CenterPartner, Committee
from liaison.chains.models import ChainSegment, IndustryChain, SegmentPlacement
from liaison.core import freshness
from liaison.disclosures.models import (
    Disclosure,
    DisclosureEvent,
    DisclosureFunding,
    DisclosureInventor,
)
from liaison.financing.models import FinancingRound, RoundInvestor
from liaison.incubation.models import Incubation, IncubationMilestone, IncubationResource
from liaison.market.models import (
    EventAchievement,
    EventAttendance,
    EventNeed,
    EventOutcome,
    MarketEvent,
)
from liaison.needs.models import MatchCandidate, ServiceRecord, TechnicalNeed
from liaison.opencalls.models import CallApplication, CallReview, OpenCall
from liaison.organizations.models import Organization
from liaison.patents.models import FeePayment, OfficeAction, Patent
from liaison.people.models import Affiliation, Person
from liaison.training.models import Supervision, Trainee
from liaison.transfer.models import (
    Cost,
    Income,
    PriceNotice,
    PriceObjection,
    Reward,
    RewardPolicy,
    RewardShare,
)

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
    Disclosure,
    Disclosure.likely_licensees.through,
    DisclosureInventor,
    DisclosureFunding,
    DisclosureEvent,
    Patent,
    Patent.owners.through,
    Patent.inventors.through,
    FeePayment,
    OfficeAction,
    RewardPolicy,
    PriceNotice,
    PriceNotice.completers.through,
    PriceObjection,
    Income,
    Cost,
    Reward,
    RewardShare,
    ContractRegistration,
    Incubation,
    Incubation.founders.through,
    Incubation.achievements.through,
    IncubationMilestone,
    IncubationResource,
    Trainee,
    Supervision,
    Broker,
    Introduction,
    BrokerEngagement,
    CommissionPayment,
    OpenCall,
    CallApplication,
    CallApplication.members.through,
    CallReview,
    IndustryChain,
    ChainSegment,
    SegmentPlacement,
    MarketEvent,
    EventAchievement,
    EventNeed,
    EventAttendance,
    EventOutcome,
)
# Records entered a little before they were first needed: their history is dated once the
# whole story is written (`dated_later`, `first_needed`).
DATED_LATER: tuple[type[models.Model], ...] = (Organization, Person, Affiliation)

CHANGE_REASON = "liaison demo"

# A change in a record's lifecycle: when, and the fields it set.
Change = tuple[datetime.datetime, dict[str, Any]]


class BulkWriter:
    """Buffers new records and writes them in batches, in an order that satisfies their keys.

    A record added here is complete; once written it has its primary key, so later records
    can refer to it. Buffers are written whenever they hold `threshold` records, which keeps
    the memory of a large demo bounded.

    Each record's history starts with its creation at `created`. A record added with
    `changes` was created with the values `before` and moved through its lifecycle: it gets a
    history row per change, and the version of its last one. Organizations, people and
    affiliations are added without a date: the writer notes when each was first needed (by a
    dated record referring to it), and `finish` writes their history once they are dated.
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
        self.lifecycles: dict[int, tuple[dict[str, Any], Sequence[Change]]] = {}
        self.dated_later: list[models.Model] = []
        # When each record of DATED_LATER was first needed, by the id() of the record.
        self.first_needed: dict[int, datetime.datetime] = {}
        self._keys: dict[type[models.Model], list[models.ForeignKey[Any, Any]]] = {}

    def add(
        self,
        obj: models.Model,
        created: datetime.datetime | None = None,
        *,
        before: dict[str, Any] | None = None,
        changes: Sequence[Change] = (),
    ) -> None:
        """Buffer `obj`, created at `created` with the values `before`, then changed by `changes`."""
        if isinstance(obj, DATED_LATER):
            self.dated_later.append(obj)
        elif created is None:
            raise TypeError(f"a {type(obj).__name__} of the demo needs the moment it was created")
        else:
            before = before if before and changes else {}
            keys = self._keys_of(type(obj))
            refers_to = [before.get(k.name, k.get_cached_value(obj, None)) for k in keys]
            moment = self._not_before(created, refers_to)
            obj._history_date = moment  # type: ignore[attr-defined]
            if changes:
                steps = []
                for when, values in changes:  # each after the one before
                    moment = self._not_before(max(when, moment), values.values())
                    steps.append((moment, values))
                self.lifecycles[id(obj)] = (before, steps)
        self.pending[type(obj)].append(obj)
        self.count += 1
        if self.count >= self.threshold:
            self.flush()

    def date(self, obj: models.Model, created: datetime.datetime) -> None:
        """Date the creation of a record of DATED_LATER."""
        obj._history_date = created  # type: ignore[attr-defined]

    def _not_before(
        self, moment: datetime.datetime, refers_to: Iterable[object]
    ) -> datetime.datetime:
        """`moment`, or later if a record it refers to was created later (the story may have
        dated both the same day); notes when the records dated later were needed."""
        for ref in refers_to:
            if isinstance(ref, models.Model) and hasattr(ref, "_history_date"):
                moment = max(moment, ref._history_date)
        for ref in refers_to:
            if isinstance(ref, DATED_LATER):
                key = id(ref)
                if key not in self.first_needed or moment < self.first_needed[key]:
                    self.first_needed[key] = moment
        return moment

    def _keys_of(self, model: type[models.Model]) -> list[models.ForeignKey[Any, Any]]:
        """The keys of `model` to other records of the demo."""
        if model not in self._keys:
            self._keys[model] = [
                field
                for field in model._meta.concrete_fields
                if isinstance(field, models.ForeignKey) and field.related_model in WRITE_ORDER
            ]
        return self._keys[model]

    def flush(self) -> None:
        """Write everything buffered, models in dependency order."""
        for model in WRITE_ORDER:
            objs = self.pending.pop(model, None)
            if not objs:
                continue
            for obj in objs:
                lifecycle = self.lifecycles.get(id(obj))
                if lifecycle is not None:
                    obj.version = 1 + len(lifecycle[1])  # type: ignore[attr-defined]
            model._default_manager.bulk_create(objs, batch_size=self.batch_size)
            if objs[0].pk is None:
                raise RuntimeError("the database returned no keys for the demo's new records")
            # The plain link tables of many-to-many fields have no history of their own.
            if not model._meta.auto_created and model not in DATED_LATER:
                self._write_history(model, objs)
            if self.progress is not None:
                self.progress.update(len(objs))
        if self.pending:
            unknown = ", ".join(sorted(m.__name__ for m in self.pending))
            raise TypeError(f"the demo writer does not know where to write: {unknown}")
        self.count = 0

    def finish(self) -> None:
        """Write what is buffered, and the history of the records dated later (all dated now)."""
        self.flush()
        for model in DATED_LATER:
            objs = [obj for obj in self.dated_later if type(obj) is model]
            undated = [obj for obj in objs if not hasattr(obj, "_history_date")]
            if undated:
                raise TypeError(f"{len(undated)} demo {model.__name__} records have no date")
            self._write_history(model, objs)
        self.dated_later = []
        freshness.moved()  # written by bulk_create, which sends no signal

    def _write_history(self, model: type[models.Model], objs: list[models.Model]) -> None:
        created: list[models.Model] = []
        changed: list[models.Model] = []
        for obj in objs:
            lifecycle = self.lifecycles.pop(id(obj), None)
            if lifecycle is None:
                created.append(obj)
                continue
            before, changes = lifecycle
            row = copy.copy(obj)
            for name, value in before.items():
                setattr(row, name, value)
            row.version = 1  # type: ignore[attr-defined]
            created.append(row)
            for moment, values in changes:
                row = copy.copy(row)
                for name, value in values.items():
                    setattr(row, name, value)
                row.version += 1  # type: ignore[attr-defined]
                row._history_date = moment  # type: ignore[attr-defined]
                changed.append(row)
            names = set(before).union(*(values for _moment, values in changes))
            wrong = [name for name in names if getattr(row, name) != getattr(obj, name)]
            if wrong:
                raise ValueError(f"the lifecycle of {obj!r} does not end as it is: {wrong}")
        history = get_history_manager_for_model(model)
        for rows, update in ((created, False), (changed, True)):
            history.bulk_history_create(
                rows,
                batch_size=self.batch_size,
                update=update,
                default_user=self.by,
                default_change_reason=CHANGE_REASON,
            )
