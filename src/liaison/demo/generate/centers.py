"""The institute's centers: laboratories, research and joint centers, and who works in them."""

from __future__ import annotations

import datetime

from liaison.agreements.models import Agreement, SigningEvent
from liaison.centers.choices import AppointmentRole, CenterStatus
from liaison.centers.models import Appointment, Center, CenterPartner, Committee
from liaison.people.models import Person

from ..texts import center_description
from ..vocabulary import DOMAINS, Term
from ..writer import Change
from .story import DAY, CenterRecord, Org, Story, years_later


class CentersGenerator(Story):
    """Generates centers, their partners and committee, and appoints their people."""

    def _center(
        self,
        *,
        name: Term,
        kind: str,
        domains: tuple[str, ...],
        established_on: datetime.date | None,
        focus: list[Term] | None = None,
        application: Term | None = None,
        partners: tuple[Org, ...] = (),
        agreement: Agreement | None = None,
        event: SigningEvent | None = None,
        status: str = CenterStatus.ACTIVE,
    ) -> CenterRecord:
        vocabulary = DOMAINS[domains[0]]
        focus = focus or [
            *self.rng.sample(vocabulary.subjects, 3),
            *(self.rng.sample(DOMAINS[domains[1]].subjects, 1) if len(domains) > 1 else []),
        ]
        center = Center(
            name_zh=name.zh,
            name_en=name.en,
            kind=kind,
            status=status,
            founding_agreement=agreement,
            established_on=established_on,
            established_at=event,
            focus_areas=[f.zh for f in focus],
            description=center_description(
                name=name.zh,
                focus=focus,
                application=application or self.rng.choice(vocabulary.applications),
            ),
        )
        if established_on is None:  # a planned center: a recent idea
            created = self._at(self.today, lead=(10, 300))
        else:
            created = self._at(established_on)
        # A joint center closes when its agreement ends.
        changes: list[Change] = []
        if status == CenterStatus.CLOSED:
            assert agreement is not None
            assert agreement.ended_on is not None
            changes.append((self._at(agreement.ended_on), {"status": status}))
        self.writer.add(center, created, before={"status": CenterStatus.ACTIVE}, changes=changes)
        for partner in partners:
            self.writer.add(
                CenterPartner(
                    center=center,
                    organization=partner.obj,
                    role="共建单位",
                    joined_on=established_on,
                ),
                created,
            )
        record = CenterRecord(center, domains)
        for domain in domains:
            self.centers[domain].append(record)
        for partner in partners:
            partner.centers.append(record)
        return record

    def _appoint(
        self,
        person: Person,
        center: CenterRecord,
        role: str,
        starts_on: datetime.date,
        *,
        years: int = 5,
        committee: Committee | None = None,
        event: SigningEvent | None = None,
    ) -> None:
        self.writer.add(
            Appointment(
                person=person,
                center=center.obj,
                committee=committee,
                role=role,
                starts_on=starts_on,
                ends_on=years_later(starts_on, years) - DAY,
                announced_at=event,
            ),
            self._at(starts_on),
        )

    def _staff_center(
        self,
        center: CenterRecord,
        starts_on: datetime.date,
        *,
        partner: Org | None = None,
        event: SigningEvent | None = None,
    ) -> None:
        """A director from the institute and, for a joint center, a deputy from the partner."""
        director = self.rng.choice(self.researchers[center.domains[0]])
        self._appoint(director.obj, center, AppointmentRole.DIRECTOR, starts_on, event=event)
        if partner is not None and partner.contacts:
            deputy = partner.contacts[0]
        elif partner is not None and partner.experts:
            deputy = partner.experts[0].obj
        else:
            deputy = self.rng.choice(self.researchers[center.domains[-1]]).obj
        if deputy is not director.obj:
            self._appoint(deputy, center, AppointmentRole.DEPUTY_DIRECTOR, starts_on, event=event)
