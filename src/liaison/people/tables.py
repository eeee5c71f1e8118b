from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from liaison.core.tables import ChoicesColumn, ListColumn, ObjectLinkColumn, ObjectTable

from .choices import Honour
from .models import Affiliation, Person

HONOURS = dict(Honour.choices)


class HonoursColumn(ListColumn):
    """Honours are stored as codes; a reader wants their names."""

    def render(self, value: list[str]) -> str:
        return ", ".join(str(HONOURS.get(v, v)) for v in value) if value else "—"

    def value(self, value: list[str]) -> str:
        return ", ".join(str(HONOURS.get(v, v)) for v in value) if value else ""


class PrimaryAffiliationColumn(tables.Column):
    """The person's primary affiliation, from the list's one prefetch (`primary_affiliations`)."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(accessor="pk", orderable=False, empty_values=(), **kwargs)

    def render(self, record: Person) -> str:
        return self.value(record) or "—"

    def value(self, record: Person) -> str:
        primary = getattr(record, "primary_affiliations", [])
        return ", ".join(str(a.organization) for a in primary)


class PersonTable(ObjectTable):
    name_zh = ObjectLinkColumn(verbose_name=_("Chinese name"))
    name_en = ObjectLinkColumn(verbose_name=_("English name"))
    kind = ChoicesColumn(verbose_name=_("Kind"))
    affiliation = PrimaryAffiliationColumn(verbose_name=_("Primary affiliation"))
    honours = HonoursColumn(verbose_name=_("Honours"), orderable=False)
    expertise = ListColumn(verbose_name=_("Expertise"), orderable=False)

    class Meta(ObjectTable.Meta):
        model = Person
        # Email and phone are personal data: never in a list or its exports.
        fields = (
            "name_zh",
            "name_en",
            "kind",
            "title",
            "affiliation",
            "honours",
            "expertise",
            "available",
        )


class AffiliationTable(ObjectTable):
    person = ObjectLinkColumn(verbose_name=_("Person"), related=True)
    organization = ObjectLinkColumn(verbose_name=_("Organization"), related=True)
    # The position opens the affiliation, where it can be ended.
    position = ObjectLinkColumn(verbose_name=_("Position"))

    class Meta(ObjectTable.Meta):
        model = Affiliation
        fields = ("person", "organization", "position", "starts_on", "ends_on", "is_primary")
