"""Organizations: the announcement's and the known institutions, and synthetic ones."""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Sequence
from typing import Any, TypeVar

from liaison.organizations.choices import OrganizationKind, OrganizationSize
from liaison.organizations.models import Organization

from .. import announcement as report
from ..institutions import (
    DOMESTIC_INSTITUTIONS,
    FIRST_AFFILIATED_HOSPITAL,
    FOREIGN_INSTITUTIONS,
    FOREIGN_POOL,
    GOVERNMENT_BODIES,
    LOCAL_SERVED,
    OTHER_INSTITUTIONS,
    PARTNER_HOSPITALS,
    WENZHOU_UNIVERSITY,
)
from ..names import (
    CITIES_BY_NAME,
    FOREIGN_PLACES,
    OTHER_CITIES,
    OTHER_CITY_WEIGHTS,
    WENZHOU,
    WENZHOU_DISTRICT_WEIGHTS,
    City,
    District,
    association_names,
    hospital_names,
    institute_names,
    university_names,
)
from ..texts import enterprise_description, foreign_enterprise_description
from ..vocabulary import DOMAINS, Term, Trade
from .people import PeopleGenerator
from .story import AS_OF, DAY, Org, slug_of

Entry = TypeVar("Entry", bound=tuple[Any, ...])

# The core's composition. The report's organizations and the known institutions carry their
# own place in the figures (announcement.py, institutions.py); these synthetic enterprises
# complete the counts.
CORE_LOCAL_SERVED_ENTERPRISES = {
    "biomaterials": 22,
    "medical_engineering": 18,
    "life_health": 16,
    "food": 18,
    "materials": 25,
}
CORE_LOCAL_PARTNERS_PER_DOMAIN = {
    "biomaterials": 6,
    "medical_engineering": 5,
    "life_health": 4,
    "food": 4,
    "materials": 5,
}
CORE_OTHER_PARTNERS = (
    "biomaterials",
    "biomaterials",
    "medical_engineering",
    "medical_engineering",
    "life_health",
    "life_health",
    "food",
    "materials",
)


class OrganizationsGenerator(PeopleGenerator):
    """Generates organizations; enterprises and investors come with their contacts."""

    def _add_org(
        self,
        *,
        name_zh: str,
        name_en: str,
        kind: str,
        city: City | None = None,
        district: District | None = None,
        foreign: tuple[str, str] | None = None,
        domains: tuple[str, ...] = (),
        trade: Trade | None = None,
        short: Term | None = None,
        parent: Org | None = None,
        key: str | None = None,
        **fields: object,
    ) -> Org:
        if parent is not None and parent.obj.pk is None:
            self.writer.flush()  # a parent is written before the organizations under it
        self.namer.reserve_organization(name_zh)
        if foreign is not None:
            country, city_name = foreign
            place: dict[str, str] = {"country": country, "city": city_name}
            credit_code = ""
        else:
            assert city is not None
            place = {
                "country": "CN",
                "province": city.province,
                "city": city.zh,
                "district": district.zh if district else "",
            }
            credit_code = self.codes.issue(
                kind=kind, region=district.code if district else city.code
            )
        obj = Organization(
            name_zh=name_zh,
            name_en=name_en,
            kind=kind,
            credit_code=credit_code,
            parent=parent.obj if parent else None,
            tags=[DOMAINS[d].name.zh for d in domains],
            **place,
            **fields,
        )
        org = Org(
            obj=obj,
            domains=domains,
            trade=trade,
            short=short or Term(name_zh, name_en),
            email_domain=f"{slug_of(short.en if short else name_en)}.example.com",
        )
        self.writer.add(obj)
        self.orgs.append(org)
        if key:
            self.by_key[key] = org
        if kind == OrganizationKind.ENTERPRISE and org.domain and not self._young(org):
            self.enterprises[org.domain].append(org)
        return org

    @staticmethod
    def _young(org: Org) -> bool:
        """Founded after the report: nothing of it is dated before its founding."""
        return org.obj.founded_on is not None and org.obj.founded_on > AS_OF

    def _add_known(self, known: report.KnownOrganization) -> Org:
        city = district = foreign = None
        if known.country == "CN":
            city = CITIES_BY_NAME[known.city]
            district = next((d for d in city.districts if d.zh == known.district), None)
        else:
            foreign = (known.country, known.city)
        org = self._add_org(
            city=city,
            district=district,
            foreign=foreign,
            aliases=list(known.aliases),
            name_zh=known.name_zh,
            name_en=known.name_en,
            kind=known.kind,
            domains=known.domains,
            parent=self.by_key[known.parent] if known.parent else None,
            key=known.key,
            is_institute=known is report.INSTITUTE,
            founded_on=known.founded_on,
            industry=known.industry,
            description=known.description,
        )
        org.served, org.partner, org.institution = known.served, known.partner, known.institution
        if known.key == "institute":
            org.email_domain = "wiucas.example.com"
        return org

    def _new_enterprise(
        self,
        *,
        domain: str,
        local: bool,
        foreign: bool = False,
        young: bool = False,
        kind: str = OrganizationKind.ENTERPRISE,
        trade: Trade | None = None,
    ) -> Org:
        vocabulary = DOMAINS[domain]
        trade = trade or self.rng.choice(vocabulary.trades)
        subjects = self.rng.sample(vocabulary.subjects, 2)
        application = self.rng.choice(vocabulary.applications)
        if young:  # founded after the report, and at least a year old today
            founded_on = self._day(AS_OF + DAY, max(AS_OF + DAY, self.today - 400 * DAY))
        else:
            founded_on = (
                datetime.date(self.rng.randrange(1993, 2019), 1, 1) + self.rng.randrange(365) * DAY
            )
        size = self.rng.choices(
            OrganizationSize.values, weights=(20, 45, 25, 10) if not foreign else (0, 2, 4, 4)
        )[0]
        city = district = abroad = None
        if foreign:
            place = self.rng.choice(FOREIGN_PLACES)
            abroad = (place.country, place.city)
            name = self.namer.foreign_enterprise(country=place.country, trade=trade)
            description = foreign_enterprise_description(
                name=name.en, subjects=subjects, application=application
            )
            slug = slug_of(name.en)
        else:
            if local:
                city = WENZHOU
                district = self.rng.choices(WENZHOU.districts, weights=WENZHOU_DISTRICT_WEIGHTS)[0]
            else:
                city = self.rng.choices(OTHER_CITIES, weights=OTHER_CITY_WEIGHTS)[0]
                district = self.rng.choice(city.districts)
            name = self.namer.enterprise(city=city, district=district, trade=trade)
            description = enterprise_description(
                self.rng,
                name=name.zh,
                founded_year=founded_on.year,
                place=f"{city.zh}{district.zh}",
                subjects=subjects,
                application=application,
            )
            slug = slug_of(f"{name.short_en}-{trade.en}")
        return self._add_org(
            name_zh=name.zh,
            name_en=name.en,
            kind=kind,
            city=city,
            district=district,
            foreign=abroad,
            domains=(domain,),
            trade=trade,
            short=Term(name.short_zh, name.short_en),
            industry=trade.industry,
            size=size,
            founded_on=founded_on,
            description=description,
            website=f"https://www.{slug}.example.com",
        )

    def _new_investor(self, *, foreign: bool = False) -> Org:
        if foreign:
            place = self.rng.choice(FOREIGN_PLACES)
            name = self.namer.foreign_investor()
            org = self._add_org(
                name_zh=name.zh,
                name_en=name.en,
                kind=OrganizationKind.INVESTOR,
                foreign=(place.country, place.city),
                short=Term(name.short_zh, name.short_en),
                industry="风险投资",
            )
            self.foreign_investors.append(org)
            return org
        city = self.rng.choice(
            [
                WENZHOU,
                WENZHOU,
                CITIES_BY_NAME["杭州市"],
                CITIES_BY_NAME["上海市"],
                CITIES_BY_NAME["深圳市"],
                CITIES_BY_NAME["北京市"],
            ]
        )
        district = self.rng.choice(city.districts)
        name = self.namer.investor(city=city)
        org = self._add_org(
            name_zh=name.zh,
            name_en=name.en,
            kind=OrganizationKind.INVESTOR,
            city=city,
            district=district,
            short=Term(name.short_zh, name.short_en),
            industry="创业投资",
            founded_on=datetime.date(self.rng.randrange(2008, 2020), self.rng.randrange(1, 13), 1),
        )
        self.investors.append(org)
        return org

    def _core_organizations(self) -> None:
        for known in report.REPORTED_ORGANIZATIONS:
            self._add_known(known)
        for known in (
            FIRST_AFFILIATED_HOSPITAL,
            WENZHOU_UNIVERSITY,
            *LOCAL_SERVED,
            *PARTNER_HOSPITALS,
            *DOMESTIC_INSTITUTIONS,
            *FOREIGN_INSTITUTIONS,
            *OTHER_INSTITUTIONS,
            *GOVERNMENT_BODIES,
        ):
            self._add_known(known)
        # The partner of the third joint research center of February 2023.
        february = self._new_enterprise(domain="life_health", local=True)
        february.served = february.partner = True
        self.by_key["february_enterprise"] = february
        for domain, count in CORE_LOCAL_SERVED_ENTERPRISES.items():
            for number in range(count):
                org = self._new_enterprise(domain=domain, local=True)
                org.served = True
                org.partner = number < CORE_LOCAL_PARTNERS_PER_DOMAIN[domain]
        for domain in CORE_OTHER_PARTNERS:
            org = self._new_enterprise(domain=domain, local=False)
            org.partner = True
        for _ in range(8):
            self._new_investor()
        for _ in range(2):
            self._new_investor(foreign=True)

    def _volume_organizations(self) -> None:
        for _ in range(self._count("local_enterprises")):
            org = self._new_enterprise(
                domain=self._domain(),
                local=True,
                young=self.rng.random() < 0.2,
            )
            self._contact(org)
        for _ in range(self._count("other_enterprises")):
            self._contact(self._new_enterprise(domain=self._domain(), local=False))
        for _ in range(self._count("foreign_enterprises")):
            self._contact(self._new_enterprise(domain=self._domain(), local=False, foreign=True))
        for _ in range(self._count("service_providers")):
            trade = Trade("检测技术", "Testing Technology", "检验检测服务")
            self._new_enterprise(
                domain=self._domain(),
                local=self.rng.random() < 0.6,
                kind=OrganizationKind.SERVICE_PROVIDER,
                trade=trade,
            )
        for _ in range(self._count("investors")):
            self._contact(self._new_investor())
        for _ in range(self._count("foreign_investors")):
            self._contact(self._new_investor(foreign=True))
        for zh, en, city, district in self._unused_names("hospitals", hospital_names()):
            self._add_org(
                name_zh=zh,
                name_en=en,
                kind=OrganizationKind.HOSPITAL,
                city=city,
                district=district,
                domains=("medical_engineering", "life_health", "biomaterials"),
            )
        for zh, en, city in self._unused_names("universities", university_names()):
            self._add_org(
                name_zh=zh,
                name_en=en,
                kind=OrganizationKind.UNIVERSITY,
                city=city,
                domains=(self._domain(), self._domain()),
            )
        for zh, en, city in self._unused_names("institutes", institute_names()):
            self._add_org(
                name_zh=zh,
                name_en=en,
                kind=OrganizationKind.RESEARCH_INSTITUTE,
                city=city,
                domains=(self._domain(),),
            )
        for zh, en, city_en, country in self._unused_names("foreign_universities", FOREIGN_POOL):
            self._add_org(
                name_zh=zh,
                name_en=en,
                kind=OrganizationKind.UNIVERSITY,
                foreign=(country, city_en),
                domains=(self._domain(),),
            )
        for zh, en, city in self._unused_names("associations", association_names()):
            self._add_org(name_zh=zh, name_en=en, kind=OrganizationKind.ASSOCIATION, city=city)

    def _unused_names(self, key: str, pool: Sequence[Entry]) -> Iterator[Entry]:
        """Names for the volume's `key` from `pool`, as long as it has unused ones."""
        remaining = list(pool)
        for _ in range(self._count(key)):
            entry = self.namer.from_pool(remaining)
            if entry is not None:
                yield entry
