"""The whole demo institute: the core, its check, the volume, and its dated history."""

from __future__ import annotations

import datetime
import random
from collections import defaultdict

from liaison.people.models import Affiliation

from .. import announcement as report
from .brokers import BrokersGenerator
from .chains import ChainsGenerator
from .financing import FinancingGenerator
from .incubation import IncubationGenerator
from .market import MarketGenerator
from .meaning import MeaningGenerator
from .needs import NeedsGenerator
from .opencalls import OpenCallsGenerator
from .registrations import RegistrationsGenerator
from .story import HISTORY_STARTS, FigureGuardError


class DemoGenerator(
    MeaningGenerator,
    MarketGenerator,
    ChainsGenerator,
    OpenCallsGenerator,
    BrokersGenerator,
    IncubationGenerator,
    RegistrationsGenerator,
    NeedsGenerator,
    FinancingGenerator,
):
    """Generates the demo institute into a `BulkWriter`."""

    def run(self) -> None:
        self._core()
        self._check_core()
        self._use_stream(f"scale-{self.scale}")
        self.in_core = False
        self._volume()
        self._transfer_side()
        self._incubation_and_training()
        self._brokers()
        self._open_calls()
        self._industry_chains()
        self._market_events()
        self._across_languages()
        self._date_organizations_and_people()
        self.writer.finish()

    def _transfer_side(self) -> None:
        """Disclosures, patents, notices, income, rewards and registrations, from random
        streams of their own (records and history): the records before them stay as they were.
        """
        self._use_stream("transfer")
        clock = self.clock
        self.clock = random.Random(f"liaison-demo:{self.seed}:transfer-history")
        try:
            self.application_numbers = {
                a.obj.patent_number.removeprefix("ZL")
                for records in self.achievements.values()
                for a in records
                if a.obj.patent_number
            }
            self.patents = {}
            self.costs = defaultdict(list)
            self._patent_agencies()
            plans = [
                self._achievement_disclosure(record)
                for records in self.achievements.values()
                for record in records
            ]
            self.plans = {id(p.record.obj): p for p in plans if p.record is not None}
            for plan in plans:
                self._patents_for(plan)
            plans += self._volume_disclosure_plans()
            self._write_disclosures(plans)
            self._transfer_records()
            self._registrations()
        finally:
            self.clock = clock

    def _core(self) -> None:
        self._core_organizations()
        self._core_people()
        self._core_agreements_and_centers()
        self._core_achievements()
        self._core_needs_and_services()
        self._core_financing()

    def _volume(self) -> None:
        self._volume_organizations()
        self._volume_people()
        self._volume_agreements_and_centers()
        self._volume_achievements()
        self._volume_needs()
        self._volume_services()
        self._volume_financing()

    def _check_core(self) -> None:
        """Refuse a core that does not give the report's figures (a bug of the demo)."""
        problems = []
        for org in self.orgs:
            if org.served and not org.served_by_then:
                problems.append(f"{org.obj.name_zh} is to be served by 2023-05-08 but is not")
            if org.partner and not org.partnered_by_then:
                problems.append(f"{org.obj.name_zh} is to be a partner by 2023-05-08 but is not")
            if org.institution and not org.cooperating_then:
                problems.append(f"{org.obj.name_zh} is to cooperate on 2023-05-08 but does not")
        expected = report.FIGURES_AS_OF
        counts = {
            "organizations_served_local": sum(o.served for o in self.orgs),
            "cooperation_partners": sum(o.partner for o in self.orgs),
            "technical_problems_solved": self.solved_by_then,
            "institutions_cooperating": sum(o.institution for o in self.orgs),
            "achievements_market_or_clinical": self.achievements_by_then,
            "financing_cumulative_cny": self.financing_by_then,
        }
        problems += [
            f"{key}: {counts[key]} instead of {value}"
            for key, value in expected.items()
            if counts[key] != value
        ]
        if problems:
            raise FigureGuardError("; ".join(problems))

    def _date_organizations_and_people(self) -> None:
        """Date each organization and person in the history a little before it was first needed.

        A record that refers to an organization or a person needs it (the writer noted when);
        an organization is needed when one of its people or of the organizations under it is,
        and a researcher or staff member when they join the institute. An organization never
        needed was entered some day after it was founded; a person never needed, with their
        organization.
        """
        needed = dict(self.writer.first_needed)

        def need(obj: object, moment: datetime.datetime | None) -> None:
            if moment is not None and (id(obj) not in needed or moment < needed[id(obj)]):
                needed[id(obj)] = moment

        def entered(obj: object, floor: datetime.datetime) -> datetime.datetime:
            first = needed.get(id(obj))
            if first is None:
                return floor
            return min(first, max(floor, self._at(first.date(), lead=(1, 60))))

        institute = self.by_key["institute"].obj
        affiliations = [a for a in self.writer.dated_later if isinstance(a, Affiliation)]
        for affiliation in affiliations:
            if affiliation.organization is institute and affiliation.starts_on is not None:
                need(affiliation.person, self._at(affiliation.starts_on))
        for affiliation in affiliations:
            need(affiliation.organization, needed.get(id(affiliation.person)))
        for org in reversed(self.orgs):  # an organization comes after its parent
            if org.obj.parent is not None:
                need(org.obj.parent, needed.get(id(org.obj)))

        created: dict[int, datetime.datetime] = {}
        for org in self.orgs:
            obj = org.obj
            founded = max(obj.founded_on or HISTORY_STARTS, HISTORY_STARTS)
            floor = datetime.datetime.combine(founded, datetime.time(9), tzinfo=self.zone)
            if obj.parent is not None:
                floor = max(floor, created[id(obj.parent)])
            if id(obj) not in needed:
                floor = max(floor, self._at(self.today, lead=(0, (self.today - founded).days)))
            created[id(obj)] = entered(obj, min(floor, self.latest))
            self.writer.date(obj, created[id(obj)])
        joined: dict[int, datetime.datetime] = {}  # the latest of a person's organizations
        for affiliation in affiliations:
            organization, key = created[id(affiliation.organization)], id(affiliation.person)
            joined[key] = max(joined.get(key, organization), organization)
        for affiliation in affiliations:
            person = affiliation.person
            if id(person) not in created:
                created[id(person)] = entered(person, joined[id(person)])
                self.writer.date(person, created[id(person)])
            self.writer.date(affiliation, created[id(person)])
