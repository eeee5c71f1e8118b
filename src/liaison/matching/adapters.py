"""The records as the matching engine's documents, and which documents a change touches.

Each document is named "<model>:<pk>":

| document | kind | supports (entities) |
| --- | --- | --- |
| `person:N` — a researcher's or expert's profile | expert | itself |
| `center:N` — a center's names, focus areas, description | center | itself |
| `achievement:N` | achievement | its inventors (experts) and its center |
| `need:N` — a need with its solution and services | need | its enterprise; once solved, the experts and centers that solved it |
| `service:N` — a service given without a need | service | its provider, its center, the organization served |
| `organization:N` — names, industry, tags, description | organization | itself |

Confidential and secret needs are not indexed at all, nor the services given for them: their
text must never show in an explanation somebody else reads, and a document that is not in
the index cannot leak. (Public and internal needs are indexed; explanations are shown to
staff only.)
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Prefetch, Q

from liaison.achievements.models import Achievement, StageEntry
from liaison.centers.choices import CenterStatus
from liaison.centers.models import Appointment, Center
from liaison.core.choices import Confidentiality
from liaison.needs.choices import Decision, NeedStatus
from liaison.needs.models import MatchCandidate, ServiceRecord, TechnicalNeed
from liaison.organizations.models import Organization
from liaison.people.choices import PersonKind
from liaison.people.models import Affiliation, Person

from .engine import Document

# People who are matched to needs; contacts and staff are not.
EXPERT_KINDS = frozenset({PersonKind.RESEARCHER, PersonKind.EXPERT})
HIDDEN_CONFIDENTIALITY = frozenset({Confidentiality.CONFIDENTIAL, Confidentiality.SECRET})


def document_id(instance: models.Model) -> str:
    return f"{PREFIXES[type(instance)]}:{instance.pk}"


def parse_document_id(value: str) -> tuple[str, int]:
    prefix, _, pk = value.partition(":")
    if prefix not in MODELS or not pk.isdigit():
        raise ValueError(f"not a matching document id: {value!r}")
    return prefix, int(pk)


def _bilingual(zh: str, en: str) -> str:
    return f"{zh} ({en})" if zh and en and zh != en else zh or en


def _lines(*parts: str | Iterable[str]) -> str:
    out: list[str] = []
    for part in parts:
        if isinstance(part, str):
            if part.strip():
                out.append(part.strip())
        else:
            words = [str(w).strip() for w in part if str(w).strip()]
            if words:
                out.append("、".join(words))
    return "\n".join(out)


def _flag(value: bool) -> str:
    return "1" if value else "0"


def _is_local(organization: Organization | None) -> bool:
    return organization is not None and organization.city in settings.LIAISON_LOCAL_CITIES


# Builders ----------------------------------------------------------------------------------


def _home_organization(person: Person) -> Organization | None:
    """The organization a person speaks for: the primary affiliation, else a current one."""
    affiliations = list(person.affiliations.all())
    today = datetime.date.today()
    current = [a for a in affiliations if a.ends_on is None or a.ends_on >= today]
    for affiliation in sorted(current, key=lambda a: not a.is_primary):
        return affiliation.organization
    return None


def person_document(person: Person) -> Document | None:
    """A researcher's or expert's profile; None for contacts and staff."""
    if person.kind not in EXPERT_KINDS:
        return None
    today = datetime.date.today()
    centers = sorted(
        {
            f"center:{a.center_id}"
            for a in person.appointments.all()
            if a.ends_on is None or a.ends_on >= today
        }
    )
    home = _home_organization(person)
    attributes = {
        "available": _flag(person.available),
        "local": _flag(_is_local(home)),
        "person_kind": person.kind,
    }
    if home is not None:
        attributes["org_kind"] = home.kind
        attributes["organization"] = f"organization:{home.pk}"
    # Filters compare one value with one attribute, so each center is an attribute of its
    # own: {"center:3": "1"} holds for everyone appointed at center 3.
    attributes.update(dict.fromkeys(centers, "1"))
    return Document(
        id=document_id(person),
        kind="expert",
        title=_bilingual(person.name_zh, person.name_en),
        text=_lines(person.title, person.expertise, person.profile),
        keywords=tuple(str(k) for k in person.expertise),
        attributes=attributes,
    )


def center_document(center: Center) -> Document:
    return Document(
        id=document_id(center),
        kind="center",
        title=_bilingual(center.name_zh, center.name_en),
        text=_lines(center.focus_areas, center.description),
        keywords=tuple(str(k) for k in center.focus_areas),
        attributes={
            "center_kind": center.kind,
            "status": center.status,
            "available": _flag(center.status == CenterStatus.ACTIVE),
            document_id(center): "1",
        },
    )


def achievement_document(achievement: Achievement) -> Document:
    experts = [document_id(p) for p in achievement.inventors.all() if p.kind in EXPERT_KINDS]
    centers = [f"center:{achievement.center_id}"] if achievement.center_id else []
    attributes = {
        "achievement_kind": achievement.kind,
        "stage": achievement.stage,
        "trl": str(achievement.trl),
    }
    if achievement.center_id:
        attributes[f"center:{achievement.center_id}"] = "1"
    return Document(
        id=document_id(achievement),
        kind="achievement",
        title=_bilingual(achievement.title_zh, achievement.title_en),
        text=_lines(achievement.description),
        keywords=tuple(str(k) for k in achievement.keywords),
        entities=tuple(sorted(set(experts))) + tuple(centers),
        attributes=attributes,
    )


def _need_hidden(need: TechnicalNeed) -> bool:
    return need.confidentiality in HIDDEN_CONFIDENTIALITY


def need_solvers(need: TechnicalNeed) -> list[str]:
    """The experts and centers a solved need speaks for: accepted, serving or assigned."""
    if need.status != NeedStatus.SOLVED:
        return []
    people: set[str] = set()
    centers: set[str] = set()
    for candidate in need.candidates.all():
        if candidate.decision != Decision.ACCEPTED:
            continue
        if candidate.person is not None and candidate.person.kind in EXPERT_KINDS:
            people.add(f"person:{candidate.person_id}")
        if candidate.center_id is not None:
            centers.add(f"center:{candidate.center_id}")
    for service in need.services.all():
        if service.provided_by is not None and service.provided_by.kind in EXPERT_KINDS:
            people.add(f"person:{service.provided_by_id}")
        if service.center_id is not None:
            centers.add(f"center:{service.center_id}")
    if need.assigned_center_id is not None:
        centers.add(f"center:{need.assigned_center_id}")
    return sorted(people) + sorted(centers)


def need_document(need: TechnicalNeed) -> Document | None:
    """A public or internal need with how it was solved; None for a confidential one."""
    if _need_hidden(need):
        return None
    services = sorted(need.services.all(), key=lambda s: (s.delivered_on, s.pk))
    return Document(
        id=document_id(need),
        kind="need",
        title=need.title,
        text=_lines(
            need.description,
            need.solution_summary,
            *(_lines(s.title, s.description) for s in services),
        ),
        entities=(f"organization:{need.organization_id}", *need_solvers(need)),
        attributes={"status": need.status, "solved": _flag(need.status == NeedStatus.SOLVED)},
    )


def service_document(service: ServiceRecord) -> Document | None:
    """A service given without a need; one given for a need is part of the need's document."""
    if service.need_id is not None:
        return None
    entities = [f"organization:{service.organization_id}"]
    if service.provided_by is not None and service.provided_by.kind in EXPERT_KINDS:
        entities.append(f"person:{service.provided_by_id}")
    if service.center_id is not None:
        entities.append(f"center:{service.center_id}")
    return Document(
        id=document_id(service),
        kind="service",
        title=service.title,
        text=_lines(service.description),
        entities=tuple(entities),
        attributes={"service_kind": service.kind},
    )


def organization_document(organization: Organization) -> Document:
    keywords = [str(t) for t in organization.tags]
    if organization.industry:
        keywords.append(organization.industry)
    return Document(
        id=document_id(organization),
        kind="organization",
        title=_bilingual(organization.name_zh, organization.name_en),
        text=_lines(
            organization.industry, organization.tags, organization.aliases, organization.description
        ),
        keywords=tuple(keywords),
        attributes={
            "org_kind": organization.kind,
            "local": _flag(_is_local(organization)),
            "institute": _flag(organization.is_institute),
        },
    )


# What to load for each kind of document, with what its builder reads ----------------------


@dataclass(frozen=True)
class Source:
    model: type[models.Model]
    queryset: Callable[[], models.QuerySet[Any]]
    build: Callable[[Any], Document | None]


def _people() -> models.QuerySet[Person]:
    return Person.objects.filter(kind__in=EXPERT_KINDS).prefetch_related(
        Prefetch("affiliations", queryset=Affiliation.objects.select_related("organization")),
        Prefetch(
            "appointments",
            queryset=Appointment.objects.only("id", "person_id", "center_id", "ends_on"),
        ),
    )


def _needs() -> models.QuerySet[TechnicalNeed]:
    return TechnicalNeed.objects.exclude(
        confidentiality__in=HIDDEN_CONFIDENTIALITY
    ).prefetch_related(
        Prefetch("candidates", queryset=MatchCandidate.objects.select_related("person")),
        Prefetch("services", queryset=ServiceRecord.objects.select_related("provided_by")),
    )


SOURCES: dict[str, Source] = {
    "person": Source(Person, _people, person_document),
    "center": Source(Center, lambda: Center.objects.all(), center_document),
    "achievement": Source(
        Achievement,
        lambda: Achievement.objects.prefetch_related("inventors"),
        achievement_document,
    ),
    "need": Source(TechnicalNeed, _needs, need_document),
    "service": Source(
        ServiceRecord,
        lambda: ServiceRecord.objects.filter(need__isnull=True).select_related("provided_by"),
        service_document,
    ),
    "organization": Source(Organization, lambda: Organization.objects.all(), organization_document),
}
PREFIXES: dict[type[models.Model], str] = {s.model: prefix for prefix, s in SOURCES.items()}
MODELS = frozenset(SOURCES)


def documents_for(ids: Iterable[str]) -> tuple[list[Document], list[str]]:
    """The documents named by `ids` as the records are now: those to upsert, and the ids to remove."""
    wanted: dict[str, set[int]] = {}
    for value in ids:
        prefix, pk = parse_document_id(value)
        wanted.setdefault(prefix, set()).add(pk)
    upsert: list[Document] = []
    found: set[str] = set()
    for prefix, pks in wanted.items():
        source = SOURCES[prefix]
        for instance in source.queryset().filter(pk__in=pks):
            document = source.build(instance)
            if document is not None:
                upsert.append(document)
                found.add(document.id)
    remove = sorted({f"{p}:{pk}" for p, pks in wanted.items() for pk in pks} - found)
    return upsert, remove


def count_records() -> int:
    """How many records `all_documents` reads (for a progress bar)."""
    return sum(source.queryset().count() for source in SOURCES.values())


def all_documents(*, chunk_size: int = 500) -> Iterator[Document | None]:
    """Every record's document; None for a record read that gives none (to count progress)."""
    for source in SOURCES.values():
        for instance in source.queryset().order_by("pk").iterator(chunk_size=chunk_size):
            yield source.build(instance)


def user_words() -> tuple[str, ...]:
    """The records' own keywords, which the Chinese segmenter must keep whole."""
    words: set[str] = set()
    for values in Person.objects.filter(kind__in=EXPERT_KINDS).values_list("expertise", flat=True):
        words.update(str(v) for v in values or ())
    for values in Achievement.objects.values_list("keywords", flat=True):
        words.update(str(v) for v in values or ())
    for values in Center.objects.values_list("focus_areas", flat=True):
        words.update(str(v) for v in values or ())
    for values in Organization.objects.values_list("tags", flat=True):
        words.update(str(v) for v in values or ())
    return tuple(sorted(w.strip() for w in words if w.strip() and " " not in w.strip()))


# Which documents a change touches ----------------------------------------------------------


def _ids(prefix: str, pks: Iterable[int | None]) -> set[str]:
    return {f"{prefix}:{pk}" for pk in pks if pk is not None}


def affected_ids(instance: models.Model) -> set[str]:
    """The documents to rebuild when `instance` is saved or deleted (read before a delete)."""
    if isinstance(instance, Person):
        pk = instance.pk
        return (
            {f"person:{pk}"}
            | _ids(
                "achievement",
                Achievement.inventors.through.objects.filter(person_id=pk).values_list(
                    "achievement_id", flat=True
                ),
            )
            | _ids(
                "need",
                MatchCandidate.objects.filter(person_id=pk).values_list("need_id", flat=True),
            )
            | _ids(
                "need",
                ServiceRecord.objects.filter(provided_by_id=pk).values_list("need_id", flat=True),
            )
            | _ids(
                "service",
                ServiceRecord.objects.filter(provided_by_id=pk, need__isnull=True).values_list(
                    "pk", flat=True
                ),
            )
        )
    if isinstance(instance, Affiliation | Appointment):
        return {f"person:{instance.person_id}"}
    if isinstance(instance, Organization):
        return {f"organization:{instance.pk}"} | _ids(
            "person",
            Affiliation.objects.filter(organization_id=instance.pk).values_list(
                "person_id", flat=True
            ),
        )
    if isinstance(instance, Center):
        pk = instance.pk
        return (
            {f"center:{pk}"}
            | _ids(
                "person",
                Appointment.objects.filter(center_id=pk).values_list("person_id", flat=True),
            )
            | _ids(
                "achievement", Achievement.objects.filter(center_id=pk).values_list("pk", flat=True)
            )
            | _ids(
                "need",
                TechnicalNeed.objects.filter(
                    Q(assigned_center_id=pk)
                    | Q(services__center_id=pk)
                    | Q(candidates__center_id=pk)
                ).values_list("pk", flat=True),
            )
            | _ids(
                "service",
                ServiceRecord.objects.filter(center_id=pk, need__isnull=True).values_list(
                    "pk", flat=True
                ),
            )
        )
    if isinstance(instance, Achievement):
        return {f"achievement:{instance.pk}"}
    if isinstance(instance, StageEntry):
        return {f"achievement:{instance.achievement_id}"}
    if isinstance(instance, TechnicalNeed):
        # Its services stand alone once the need is gone.
        return {f"need:{instance.pk}"} | _ids(
            "service",
            ServiceRecord.objects.filter(need_id=instance.pk).values_list("pk", flat=True),
        )
    if isinstance(instance, ServiceRecord):
        return {f"service:{instance.pk}"} | _ids("need", [instance.need_id])
    if isinstance(instance, MatchCandidate):
        return {f"need:{instance.need_id}"}
    return set()


WATCHED: tuple[type[models.Model], ...] = (
    Person,
    Affiliation,
    Appointment,
    Organization,
    Center,
    Achievement,
    StageEntry,
    TechnicalNeed,
    ServiceRecord,
    MatchCandidate,
)
# Records whose links can move to another document (a service to another need): the document
# they left must be refreshed too.
MOVABLE: frozenset[type[models.Model]] = frozenset(
    {Affiliation, Appointment, StageEntry, ServiceRecord, MatchCandidate}
)
