"""Organizations, people and their affiliations.

An organization is named by its unified social credit code, or by its Chinese name when it
has none (one outside mainland China); a person by their Chinese name and their organization
(`张三 (91310000…)`), or the name alone for one with no affiliation.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from import_export.fields import Field

from liaison.core import writes
from liaison.core.validators import normalize_credit_code
from liaison.organizations.models import Organization
from liaison.people.models import Affiliation, Person

from .. import widgets as cells
from ..registry import register
from ..resources import KindResource, key_widget, natural_key

# Organizations -----------------------------------------------------------------------------

_CODE = re.compile(r"^[0-9A-Z]{18}$")


def _as_code(value: str) -> str | None:
    code = normalize_credit_code(value)
    return code if _CODE.match(code) else None


def organization_key(organization: Organization) -> str:
    """How a cell names an organization: its credit code, else its Chinese name."""
    return organization.credit_code or organization.name_zh


def resolve_organizations(values: list[str]) -> dict[str, Any]:
    codes = {value: code for value in values if (code := _as_code(value))}
    names = [value for value in values if value not in codes]
    found: dict[str, Any] = {}
    if codes:
        by_code = {
            o.credit_code: o
            for o in Organization.objects.filter(credit_code__in=set(codes.values()))
        }
        found.update({value: by_code[code] for value, code in codes.items() if code in by_code})
    if names:
        found.update(
            cells.unique_map(Organization.objects.filter(name_zh__in=names), lambda o: o.name_zh)
        )
    return found


natural_key(
    Organization,
    lambda: cells.NaturalKey(
        Organization,
        resolve=resolve_organizations,
        render=organization_key,
        unknown=lambda: _("No organization has the credit code or Chinese name “%(value)s”."),
        ambiguous=lambda: _(
            "Several organizations are called “%(value)s”; name it by its credit code."
        ),
    ),
)


class OrganizationResource(KindResource):
    headers = {
        "parent": (
            "Parent organization (credit code or Chinese name)",
            "上级单位（信用代码或中文名称）",
        ),
    }

    class Meta(KindResource.Meta):
        model = Organization
        fields = (
            "name_zh",
            "name_en",
            "credit_code",
            "kind",
            "is_institute",
            "country",
            "province",
            "city",
            "district",
            "industry",
            "size",
            "parent",
            "founded_on",
            "website",
            "description",
            "aliases",
            "tags",
        )
        import_id_fields = ("credit_code", "name_zh")

    def required_columns(self) -> list[str]:
        return ["name_zh"]  # the credit code where there is one

    def key_of(self, row: Mapping[str, Any]) -> Any:
        code = normalize_credit_code(cells.as_text(row.get("credit_code")))
        if code:
            return ("code", code)
        name = cells.as_text(row.get("name_zh"))
        return ("name", name) if name else None

    def record_key(self, record: Any) -> tuple[Any, ...]:
        return ("code", record.credit_code) if record.credit_code else ("name", record.name_zh)

    def find(self, rows: list[Mapping[str, Any]]) -> dict[Any, Any]:
        keys = {key for key in (self.key_of(row) for row in rows) if key is not None}
        codes = sorted(value for kind, value in keys if kind == "code")
        names = sorted(value for kind, value in keys if kind == "name")
        found: dict[Any, Any] = {}
        for start in range(0, len(codes), 500):
            for record in Organization.objects.filter(credit_code__in=codes[start : start + 500]):
                found[("code", record.credit_code)] = record
        for start in range(0, len(names), 500):
            # Named by name only where it has no credit code: one with a code is named by it.
            chunk = Organization.objects.filter(
                name_zh__in=names[start : start + 500], credit_code=""
            )
            for key, record in cells.unique_map(chunk, self.record_key).items():
                found[key] = record
        return found

    def ambiguous_message(self, row: Mapping[str, Any]) -> str:
        return _(
            "Several organizations without a credit code are called “%(name)s”; tell them "
            "apart first."
        ) % {"name": cells.as_text(row.get("name_zh"))}


register("organizations", OrganizationResource, order=10)


# People -------------------------------------------------------------------------------------

_NAMED_AT = re.compile(r"^(.*?)\s*[(（]\s*(.+?)\s*[)）]\s*$")


def key_organization(person: Person) -> Organization | None:
    """The organization that, with their name, names a person: their primary affiliation's,
    else their first one's."""
    affiliations = sorted(person.affiliations.all(), key=lambda a: (not a.is_primary, a.pk))
    return affiliations[0].organization if affiliations else None


def person_key(person: Person) -> str:
    organization = key_organization(person)
    if organization is None:
        return person.name_zh
    return f"{person.name_zh} ({organization_key(organization)})"


def split_person(value: str) -> tuple[str, str]:
    """A person's cell as (name, organization's key); the latter empty when not given."""
    match = _NAMED_AT.match(value)
    if match:
        return match.group(1).strip(), match.group(2).strip()
    return value.strip(), ""


def people_named(names: set[str]) -> dict[str, list[tuple[Person, set[int]]]]:
    """The people with each of `names`, each with the organizations they are affiliated to."""
    found: dict[str, list[tuple[Person, set[int]]]] = {}
    people = Person.objects.filter(name_zh__in=names).prefetch_related(
        Prefetch("affiliations", queryset=Affiliation.objects.only("person_id", "organization_id"))
    )
    for person in people:
        organizations = {a.organization_id for a in person.affiliations.all()}
        found.setdefault(person.name_zh, []).append((person, organizations))
    return found


def match_person(
    candidates: list[tuple[Person, set[int]]], organization: Organization | None, *, strict: bool
) -> Any:
    """The one candidate at `organization` (with none: the one without affiliations, or, not
    `strict`, the only one of that name)."""
    if organization is not None:
        matching = [p for p, orgs in candidates if organization.pk in orgs]
    else:
        matching = [p for p, orgs in candidates if not orgs]
        if not matching and not strict and len(candidates) == 1:
            matching = [candidates[0][0]]
    if not matching:
        return None
    return matching[0] if len(matching) == 1 else cells.AMBIGUOUS


def resolve_people(values: list[str]) -> dict[str, Any]:
    parts = {value: split_person(value) for value in values}
    organizations = resolve_organizations(sorted({o for _n, o in parts.values() if o}))
    candidates = people_named({name for name, _o in parts.values()})
    found: dict[str, Any] = {}
    for value, (name, org_key) in parts.items():
        organization = organizations.get(org_key) if org_key else None
        if org_key and not isinstance(organization, Organization):
            continue
        match = match_person(candidates.get(name, []), organization, strict=False)
        if match is not None:
            found[value] = match
    return found


natural_key(
    Person,
    lambda: cells.NaturalKey(
        Person,
        resolve=resolve_people,
        render=person_key,
        unknown=lambda: _(
            "No person is “%(value)s”: write their Chinese name and, in brackets, their "
            "organization's credit code or name."
        ),
        ambiguous=lambda: _(
            "Several people are “%(value)s”; add their organization in brackets to tell them apart."
        ),
    ),
)


class PersonResource(KindResource):
    organization = Field(
        attribute="organization",
        column_name="organization",
        widget=key_widget(Organization),
    )
    headers = {
        "organization": (
            "Organization (credit code or Chinese name)",
            "单位（信用代码或中文名称）",
        ),
    }
    key_columns = ("organization",)

    class Meta(KindResource.Meta):
        model = Person
        fields = (
            "name_zh",
            "organization",
            "name_en",
            "kind",
            "title",
            "honours",
            "expertise",
            "profile",
            "available",
            "email",
            "phone",
        )
        import_id_fields = ("name_zh", "organization")

    def key_of(self, row: Mapping[str, Any]) -> Any:
        name = cells.as_text(row.get("name_zh"))
        if not name:
            return None
        try:
            organization = self.fields["organization"].clean(row)
        except ValueError:
            return None
        return (name, organization.pk if organization is not None else None)

    def find(self, rows: list[Mapping[str, Any]]) -> dict[Any, Any]:
        keys = {key for key in (self.key_of(row) for row in rows) if key is not None}
        candidates = people_named({name for name, _o in keys})
        found: dict[Any, Any] = {}
        for name, organization_id in keys:
            organization = Organization(pk=organization_id) if organization_id else None
            match = match_person(candidates.get(name, []), organization, strict=True)
            if match is not None:
                found[(name, organization_id)] = match
        return found

    def ambiguous_message(self, row: Mapping[str, Any]) -> str:
        return _("Several people called “%(name)s” work there; tell them apart first.") % {
            "name": cells.as_text(row.get("name_zh"))
        }

    def after_write(self, record: Any, values: dict[str, Any], *, created: bool) -> None:
        organization = values.get("organization")
        if created and organization is not None:
            # The organization names the person: a new person starts affiliated to it.
            affiliation = writes.create(
                Affiliation,
                by=self.run.user,
                person=record,
                organization=organization,
                is_primary=True,
            )
            # Written by this run: a dry run's confirmation does not take it for one it found.
            self.run.wrote(affiliation)

    def dehydrate_organization(self, person: Person) -> str:
        organization = key_organization(person)
        return organization_key(organization) if organization is not None else ""

    def export_queryset(self, user: Any) -> Any:
        return (
            super()
            .export_queryset(user)
            .prefetch_related(
                Prefetch(
                    "affiliations", queryset=Affiliation.objects.select_related("organization")
                )
            )
        )


register("people", PersonResource, order=20)


class AffiliationResource(KindResource):
    headers = {
        "person": ("Person (name and organization)", "人员（姓名和单位）"),
        "organization": (
            "Organization (credit code or Chinese name)",
            "单位（信用代码或中文名称）",
        ),
    }

    class Meta(KindResource.Meta):
        model = Affiliation
        fields = ("person", "organization", "position", "starts_on", "ends_on", "is_primary")
        import_id_fields = ("person", "organization")

    def export_queryset(self, user: Any) -> Any:
        return (
            super()
            .export_queryset(user)
            .prefetch_related(
                Prefetch(
                    "person__affiliations",
                    queryset=Affiliation.objects.select_related("organization"),
                )
            )
        )


register("affiliations", AffiliationResource, order=30)
