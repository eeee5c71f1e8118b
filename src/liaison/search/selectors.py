"""Global search: every noun's records that hold words of a query, those holding most first.

Substring matching (`icontains`) finds a Chinese word inside longer Chinese text, which has no
spaces to split on, and an English word inside a name, on SQLite and PostgreSQL alike. A
Chinese phrase is cut into its words by the matching engine's analyzer, so "抗菌涂层" finds a
text about "涂层的抗菌性能" too. A record is found when it holds at least one word of the query
in one of its fields or another, and ranked by the words it holds, each weighted by its rarity
among the records found (the idf of ranked retrieval): a record holding more of the words,
and rarer ones, comes first. Function words ("for", "the") are left out of a query that has
other words, as the matching engine leaves them out.

A user finds only the records they may see, and only by what they may read of them: a word
in a value hidden from them (a confidential need's description, a contact's email) neither
finds the record nor ranks it, or the results would tell what the page does not.
"""

from __future__ import annotations

import functools
import json
import operator
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import reduce
from typing import TYPE_CHECKING, Any

from django.db.models import (
    Case,
    Count,
    ExpressionWrapper,
    FloatField,
    IntegerField,
    Model,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Cast, Greatest, Ln

from liaison.achievements.models import Achievement
from liaison.agreements.models import Agreement, SigningEvent
from liaison.centers.models import Center
from liaison.core import permissions, textsearch
from liaison.core.filtersets import search_parts
from liaison.financing.models import FinancingRound
from liaison.matching.engine import Analyzer
from liaison.matching.engine.analysis import CHINESE_STOPWORDS, ENGLISH_STOPWORDS
from liaison.needs.models import TechnicalNeed
from liaison.organizations.models import Organization
from liaison.people.models import Person

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser
    from django_stubs_ext import StrOrPromise

    User = AbstractBaseUser | AnonymousUser

# Bounds on what one query may ask of the database.
MAX_TERMS = 8
MAX_TERM_LENGTH = 100
PER_NOUN = 5
# The records holding one word that are ranked, per kind of record (see `_candidates`).
CANDIDATES_PER_TERM = 1000
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


@dataclass(frozen=True)
class Noun:
    """A kind of record the search looks into, and where in it."""

    key: str
    model: type[Model]
    # Records whose name or title holds every word come first.
    name_fields: tuple[str, ...]
    text_fields: tuple[str, ...] = ()
    # Lists kept as JSON (aliases, keywords): searched as their stored text.
    json_fields: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    # What a result shows under its name, to tell like-named records apart.
    detail_fields: tuple[str, ...] = ()

    @property
    def label(self) -> StrOrPromise:
        return self.model._meta.verbose_name_plural or self.key


NOUNS: tuple[Noun, ...] = (
    Noun(
        "organizations",
        Organization,
        name_fields=("name_zh", "name_en"),
        text_fields=("credit_code", "industry", "city", "description"),
        json_fields=("aliases",),
        detail_fields=("kind", "city"),
    ),
    Noun(
        "people",
        Person,
        name_fields=("name_zh", "name_en"),
        text_fields=("title", "profile"),
        json_fields=("expertise",),
        detail_fields=("kind", "title"),
    ),
    Noun(
        "agreements",
        Agreement,
        name_fields=("title_zh", "title_en", "number"),
        text_fields=("registration_number", "description"),
        detail_fields=("kind", "status", "signed_on"),
    ),
    Noun(
        "signing_events",
        SigningEvent,
        name_fields=("title_zh", "title_en"),
        text_fields=("place", "description"),
        detail_fields=("held_on", "place"),
    ),
    Noun(
        "centers",
        Center,
        name_fields=("name_zh", "name_en"),
        text_fields=("description",),
        json_fields=("focus_areas",),
        detail_fields=("kind", "status"),
    ),
    Noun(
        "achievements",
        Achievement,
        name_fields=("title_zh", "title_en"),
        text_fields=("patent_number", "description"),
        json_fields=("keywords",),
        detail_fields=("kind", "stage"),
    ),
    Noun(
        "technical_needs",
        TechnicalNeed,
        name_fields=("title",),
        text_fields=("description", "organization__name_zh", "organization__name_en"),
        related=("organization",),
        detail_fields=("organization", "status", "submitted_on"),
    ),
    Noun(
        "financing_rounds",
        FinancingRound,
        name_fields=("venture__name_zh", "venture__name_en"),
        text_fields=("achievement__title_zh", "achievement__title_en", "note"),
        related=("venture", "achievement"),
        detail_fields=("status", "announced_on"),
    ),
)

NOUNS_BY_KEY: dict[str, Noun] = {noun.key: noun for noun in NOUNS}


@dataclass(frozen=True)
class SearchGroup:
    """One noun's matches: how many in all, and the first of them."""

    noun: Noun
    total: int
    rows: list[Any]
    # More records hold a word than were ranked: `total` is a lower bound.
    more: bool = False


@functools.cache
def _chinese_segmenter() -> Analyzer:
    # The matching engine's analyzer, in its plain mode: whole words, without the overlapping
    # sub-words and bigrams that widen a ranked search but would only repeat a word here.
    return Analyzer(bigrams=False, search_mode=False)


def _words_of(chunk: str) -> list[str]:
    """A space-free piece of a query as words: Chinese cut into its words, others as typed.

    English is kept as typed because a stem is not always inside the word ("studies" →
    "studi" is, "study" → "studi" is not) and substring matching finds "coat" in "coatings".
    """
    if not _CJK.search(chunk):
        return [chunk]
    folded = unicodedata.normalize("NFKC", chunk).lower()
    words = [t for t in _chinese_segmenter().query_terms(chunk) if t in folded]
    return [_with_neighbour(w, folded) for w in words] or [chunk]


def _with_neighbour(word: str, chunk: str) -> str:
    """A Chinese character the segmenter left alone, with the one beside it in the query.

    jieba cuts terms it does not know into a character and a word ("水凝胶" → "水", "凝胶";
    "类器官" → "类", "器官"). The character alone is in nearly every record, and no pair of
    characters is in it for PostgreSQL's search indexes to answer from (core.textsearch): the
    pair it forms with its neighbour ("水凝", "类器") is in every record that holds the query.
    """
    if len(word) != 1 or not _CJK.match(word) or _is_function_word(word):
        return word
    at = chunk.find(word)
    if at + 1 < len(chunk) and _CJK.match(chunk[at + 1]):
        return chunk[at : at + 2]
    if at > 0 and _CJK.match(chunk[at - 1]):
        return chunk[at - 1 : at + 1]
    return word


def _is_function_word(term: str) -> bool:
    return term.casefold() in ENGLISH_STOPWORDS or term in CHINESE_STOPWORDS


def query_terms(query: str) -> list[str]:
    """The words of a query to look for in records, without repeats or function words."""
    terms: list[str] = []
    for chunk in query.split():
        for word in _words_of(chunk[:MAX_TERM_LENGTH]):
            if word.casefold() not in (t.casefold() for t in terms):
                terms.append(word)
    # A function word is found in nearly every record ("for" even inside "information"): it
    # would find them all and rank none. Alone, it is all there is to look for.
    topical = [t for t in terms if not _is_function_word(t)]
    return (topical or terms)[:MAX_TERMS]


def _plain_holds(field: str, term: str) -> Q:
    # A term without letters that have a case (Chinese) needs no case folding, which spares
    # an UPPER() of every row's text.
    lookup = "icontains" if term.upper() != term.lower() else "contains"
    return Q(**{f"{field}__{lookup}": term})


def _json_holds(field: str, term: str) -> Q:
    # Lists kept as JSON text; SQLite's holds non-ASCII letters as \uXXXX escapes. On a JSON
    # field `contains` means containment, not a substring: always icontains.
    variants = dict.fromkeys((term, json.dumps(term)[1:-1]))
    return reduce(operator.or_, (Q(**{f"{field}__icontains": v}) for v in variants))


def _any_field_holds(
    noun: Noun, term: str, *, user: Any, names_only: bool = False, indexed: bool = False
) -> Q:
    """Records holding `term` in a field `user` may read.

    `indexed`: the condition that finds them, which PostgreSQL's search indexes answer (a
    related record's field looked for in its own table: core.filtersets.search_parts);
    otherwise the plain test that ranks the records found, row by row.
    """
    fields = noun.name_fields if names_only else (*noun.name_fields, *noun.text_fields)
    searched = (*fields, *(f"{field}__json" for field in noun.json_fields))
    if names_only:
        searched = fields
    combine: Callable[[list[Q]], Q] = _or
    if indexed:
        parts = search_parts(searched, term, model=noun.model, whole_lists=False)
        conditions, combine = parts.holds, parts.combine
    else:
        conditions = [
            _json_holds(f.removesuffix("__json"), term)
            if f.endswith("__json")
            else _plain_holds(f, term)
            for f in searched
        ]
    # A field the user may not read finds nothing for them.
    return combine(
        [
            condition if where is None else condition & where
            for condition, field in zip(conditions, searched, strict=True)
            for where in [permissions.readable(noun.model, field.removesuffix("__json"), user)]
        ]
    )


def _or(conditions: list[Q]) -> Q:
    return reduce(operator.or_, conditions)


def _count_of(condition: Q) -> Case:
    return Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())


def _holding(condition: Q) -> Any:
    """How many of the records found hold `condition` (a window over them)."""
    return Window(Sum(_count_of(condition)))


def _relevance(holds: Sequence[Q]) -> Any:
    """The sum of the rarity weights of the terms a record holds.

    A term's weight is ln((n + 1) / (df + 0.5)), n the records found and df those holding the
    term: always above zero, so holding one more term always ranks higher, and larger the
    fewer records hold it. Both counts are windows over the rows found, so the ranking rides
    on the one query that finds them.
    """
    found = Cast(Window(Count("pk")), FloatField()) + Value(1.0)
    weights = []
    for condition in holds:
        holding = Cast(_holding(condition), FloatField()) + Value(0.5)
        weights.append(_count_of(condition) * Ln(found / holding))
    return reduce(operator.add, weights)


def _candidates(records: QuerySet[Any], noun: Noun, terms: Sequence[str], user: Any) -> Q:
    """The records ranked: those holding each term, at most CANDIDATES_PER_TERM of them.

    A word that most records hold (技术 among the needs) would otherwise have every one of
    them ranked and counted; a rarer word's records are all there, and with them the records
    holding most words, which hold the rarer ones.
    """
    conditions = []
    for term in terms:
        holding = records.filter(_any_field_holds(noun, term, user=user, indexed=True))
        first = holding.order_by().values("pk")[:CANDIDATES_PER_TERM]
        lookup = "pk__in_array" if textsearch.indexed() else "pk__in"
        conditions.append(Q(**{lookup: first}))
    return reduce(operator.or_, conditions)


def noun_matches(noun: Noun, *, user: User, terms: Sequence[str]) -> QuerySet[Any]:
    """The records of `noun` that `user` may see and that hold any of the terms, best first.

    Records that hold the same terms come in the order of how many of them their names hold.
    Each record carries `most_holding`: while it is below CANDIDATES_PER_TERM, every record
    holding a term was found (see `found_all`).
    """
    records: QuerySet[Any] = noun.model.objects.restrict(user, "view")  # type: ignore[attr-defined]
    if not terms:
        return records.none()
    holds = [_any_field_holds(noun, t, user=user) for t in terms]
    names_hold = [_count_of(_any_field_holds(noun, t, user=user, names_only=True)) for t in terms]
    holding = [_holding(condition) for condition in holds]
    ordering = [str(o) for o in noun.model._meta.ordering or ()]
    return (
        records.filter(_candidates(records, noun, terms, user))
        .annotate(
            relevance=ExpressionWrapper(_relevance(holds), output_field=FloatField()),
            name_terms=reduce(operator.add, names_hold),
            most_holding=holding[0] if len(holding) == 1 else Greatest(*holding),
        )
        .select_related(*noun.related)
        .order_by("-relevance", "-name_terms", *ordering, "pk")
    )


def found_all(record: Any) -> bool:
    """Whether the matches `record` came with (from `noun_matches`) are all there are."""
    return bool(record.most_holding < CANDIDATES_PER_TERM)


def search_everything(*, user: User, query: str, per_noun: int = PER_NOUN) -> list[SearchGroup]:
    """Every noun's matches for `query`: the count and the first `per_noun` (one query each)."""
    terms = query_terms(query)
    if not terms:
        return []
    groups = []
    for noun in NOUNS:
        # The count rides on the first rows as a window over all matches: one scan, not two.
        matches = noun_matches(noun, user=user, terms=terms).annotate(
            matches_in_all=Window(Count("pk"))
        )
        rows = list(matches[:per_noun])
        total = rows[0].matches_in_all if rows else 0
        more = bool(rows) and not found_all(rows[0])
        groups.append(SearchGroup(noun=noun, total=total, rows=rows, more=more))
    return groups
