"""People: the institute's researchers and staff, outside experts, organizations' contacts."""

from __future__ import annotations

import datetime

from liaison.centers.choices import CenterKind
from liaison.organizations.choices import OrganizationKind
from liaison.people.choices import Honour, PersonKind
from liaison.people.models import Affiliation, Person

from .. import announcement as report
from ..names import PersonName
from ..texts import contact_profile, expert_profile, researcher_profile
from ..vocabulary import (
    ACADEMIC_EXPERT_TITLES,
    CLINICAL_EXPERT_TITLES,
    CONTACT_TITLES,
    DEGREE_UNIVERSITIES,
    DOMAIN_KEYS,
    DOMAINS,
    INVESTOR_TITLES,
    RESEARCHER_TITLES,
    STAFF_TITLES,
    Term,
)
from .centers import CentersGenerator
from .story import INSTITUTION_KINDS, Expert, Org, slug_of

RESEARCHERS_PER_DOMAIN = 7
HOME_CENTERS: dict[str, tuple[Term, str]] = {
    "biomaterials": (
        Term("组织修复材料实验室", "Tissue Repair Materials Laboratory"),
        CenterKind.LABORATORY,
    ),
    "medical_engineering": (
        Term("医学工程研究中心", "Medical Engineering Research Center"),
        CenterKind.RESEARCH_CENTER,
    ),
    "life_health": (
        Term("生命健康研究中心", "Life and Health Research Center"),
        CenterKind.RESEARCH_CENTER,
    ),
    "food": (
        Term("食品营养与安全实验室", "Food Nutrition and Safety Laboratory"),
        CenterKind.LABORATORY,
    ),
    "materials": (
        Term("先进功能材料研究中心", "Advanced Functional Materials Research Center"),
        CenterKind.RESEARCH_CENTER,
    ),
}


class PeopleGenerator(CentersGenerator):
    """Generates people with their affiliations; the institute's home centers come with them."""

    def _add_person(
        self,
        *,
        name: PersonName | Term,
        kind: str,
        title: str,
        organization: Org,
        position: str = "",
        starts_on: datetime.date | None = None,
        expertise: list[str] | None = None,
        profile: str = "",
        honours: list[str] | None = None,
        foreign: bool = False,
        available: bool | None = None,
    ) -> Person:
        local = name.email_local if isinstance(name, PersonName) else slug_of(name.en)
        person = Person(
            name_zh=name.zh,
            name_en=name.en,
            kind=kind,
            title=title,
            honours=honours or [],
            expertise=expertise or [],
            profile=profile,
            available=self.rng.random() < 0.85 if available is None else available,
            email=f"{local}@{organization.email_domain}",
            phone=self.namer.phone(foreign=foreign),
        )
        self.writer.add(person)
        self.writer.add(
            Affiliation(
                person=person,
                organization=organization.obj,
                position=position or title,
                starts_on=starts_on,
                is_primary=True,
            )
        )
        return person

    def _register(self, expert: Expert) -> Expert:
        self.experts[expert.domain].append(expert)
        if expert.internal:
            self.researchers[expert.domain].append(expert)
        for subject in expert.subjects:
            self.by_subject[(expert.domain, subject.zh)].append(expert)
        expert.organization.experts.append(expert)
        return expert

    def _researcher(
        self, *, domain: str, subjects: list[Term], joined: datetime.date, english: bool
    ) -> Expert:
        vocabulary = DOMAINS[domain]
        name = self.namer.chinese_person()
        title = self.rng.choice(RESEARCHER_TITLES)
        methods = self.rng.sample(vocabulary.methods, 2)
        applications = self.rng.sample(vocabulary.applications, 2)
        center = self.home_centers[domain]
        honours: list[str] = []
        if title.zh in {"研究员", "特聘研究员"}:
            roll = self.rng.random()
            if roll < 0.15:
                honours.append(Honour.NATIONAL_TALENT)
            elif roll < 0.45:
                honours.append(Honour.PROVINCIAL_TALENT)
        person = self._add_person(
            name=name,
            kind=PersonKind.RESEARCHER,
            title=title.zh,
            organization=self.by_key["institute"],
            position=f"{center.obj.name_zh}课题组长",
            starts_on=joined,
            expertise=[t.zh for t in (*subjects, *methods)],
            profile=researcher_profile(
                self.rng,
                name=Term(name.zh, name.en),
                title=title,
                university=self.rng.choice(DEGREE_UNIVERSITIES[domain]),
                center=center.name,
                expertise=[*subjects, *methods],
                applications=applications,
                english=english,
            ),
            honours=honours,
        )
        return self._register(
            Expert(
                person, domain, list(subjects), internal=True, organization=self.by_key["institute"]
            )
        )

    def _outside_expert(self, *, organization: Org, domain: str) -> Expert:
        vocabulary = DOMAINS[domain]
        foreign = organization.foreign
        name: PersonName = self.namer.foreign_person() if foreign else self.namer.chinese_person()
        clinical = organization.kind == OrganizationKind.HOSPITAL
        title = self.rng.choice(CLINICAL_EXPERT_TITLES if clinical else ACADEMIC_EXPERT_TITLES)
        subjects = self.rng.sample(vocabulary.subjects, 3)
        method = self.rng.choice(vocabulary.methods)
        person = self._add_person(
            name=name,
            kind=PersonKind.EXPERT,
            title=title.en if foreign else title.zh,
            organization=organization,
            starts_on=datetime.date(self.rng.randrange(2002, 2020), 9, 1),
            expertise=[t.en if foreign else t.zh for t in (*subjects, method)],
            profile=expert_profile(
                self.rng,
                name=Term(name.zh, name.en),
                title=title,
                organization=organization.name,
                expertise=subjects,
                applications=self.rng.sample(vocabulary.applications, 2),
                clinical=clinical,
                english=foreign,
            ),
            honours=[Honour.NATIONAL_TALENT] if self.rng.random() < 0.1 else [],
            foreign=foreign,
        )
        return self._register(
            Expert(person, domain, subjects, internal=False, organization=organization)
        )

    def _contact(self, org: Org) -> Person:
        name = self.namer.foreign_person() if org.foreign else self.namer.chinese_person()
        if org.kind == OrganizationKind.INVESTOR:
            title = self.rng.choice(INVESTOR_TITLES)
            kind, expertise, profile = PersonKind.INVESTOR_CONTACT, [], ""
        else:
            title = self.rng.choice(CONTACT_TITLES)
            kind = PersonKind.ENTERPRISE_CONTACT
            subjects = self.rng.sample(DOMAINS[org.domain or "materials"].subjects, 2)
            expertise = [s.en if org.foreign else s.zh for s in subjects]
            profile = contact_profile(
                name=name.zh, title=title.zh, organization=org.obj.name_zh, subjects=subjects
            )
        person = self._add_person(
            name=name,
            kind=kind,
            title=title.en if org.foreign else title.zh,
            organization=org,
            starts_on=org.obj.founded_on,
            expertise=expertise,
            profile=profile,
            foreign=org.foreign,
        )
        org.contacts.append(person)
        return person

    def _add_known_person(self, known: report.KnownPerson) -> Person:
        person = Person(
            name_zh=known.name_zh,
            name_en=known.name_en,
            kind=known.kind,
            title=known.title,
            honours=list(known.honours),
            expertise=list(known.expertise),
            profile=known.profile,
        )
        self.writer.add(person)
        for key, position, primary in known.affiliations:
            self.writer.add(
                Affiliation(
                    person=person,
                    organization=self.by_key[key].obj,
                    position=position,
                    is_primary=primary,
                )
            )
        return person

    def _core_people(self) -> None:
        self._add_known_person(report.YANG_GUOQIANG)
        self.zhang = self._add_known_person(report.ZHANG_HONGJIE)
        # The institute's own research units, set up with it: a record of any day may use them.
        for domain, (name, kind) in HOME_CENTERS.items():
            vocabulary = DOMAINS[domain]
            focus = self.rng.sample(vocabulary.subjects, 4)
            self.home_centers[domain] = self._center(
                name=name,
                kind=kind,
                domains=(domain,),
                established_on=report.INSTITUTE_FOUNDED_ON,
                focus=focus,
                application=self.rng.choice(vocabulary.applications),
            )
        for domain in DOMAIN_KEYS:
            # Between them the domain's researchers know every subject of it.
            subjects = list(DOMAINS[domain].subjects)
            self.rng.shuffle(subjects)
            for number in range(RESEARCHERS_PER_DOMAIN):
                mine = subjects[number::RESEARCHERS_PER_DOMAIN][:4]
                self._researcher(
                    domain=domain,
                    subjects=mine,
                    joined=self._day(report.INSTITUTE_FOUNDED_ON, datetime.date(2022, 6, 30)),
                    english=self.rng.random() < 0.2,
                )
        institute = self.by_key["institute"]
        for title in STAFF_TITLES:
            self._add_person(
                name=self.namer.chinese_person(),
                kind=PersonKind.STAFF,
                title=title.zh,
                organization=institute,
                starts_on=self._day(report.INSTITUTE_FOUNDED_ON, datetime.date(2020, 12, 31)),
            )
        for org in self.orgs:
            if org.kind in INSTITUTION_KINDS and not org.is_institute and org.domains:
                for _ in range(1 if org.foreign else self.rng.randrange(1, 3)):
                    self._outside_expert(organization=org, domain=self.rng.choice(org.domains))
            elif org.kind in {OrganizationKind.ENTERPRISE, OrganizationKind.INVESTOR}:
                self._contact(org)

    def _volume_people(self) -> None:
        for _ in range(self._count("researchers")):
            domain = self._domain()
            subjects = self.rng.sample(DOMAINS[domain].subjects, 3)
            self._researcher(
                domain=domain,
                subjects=subjects,
                joined=self._day(report.INSTITUTE_FOUNDED_ON, self.today),
                english=self.rng.random() < 0.2,
            )
        hosts = [
            o for o in self.orgs if o.kind in INSTITUTION_KINDS and not o.is_institute and o.domains
        ]
        for _ in range(self._count("experts")):
            org = self.rng.choice(hosts)
            self._outside_expert(organization=org, domain=self.rng.choice(org.domains))
