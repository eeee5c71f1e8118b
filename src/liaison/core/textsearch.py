"""Substring search that an index serves on PostgreSQL; SQLite's path is Django's own.

The search boxes find a word inside longer text (`icontains`): a Chinese word has no spaces
around it. PostgreSQL answers Django's `icontains` (`UPPER(col::text) LIKE UPPER('%term%')`)
by reading every row. A trigram index (pg_trgm) serves `LIKE '%term%'` only for a term with a
whole trigram in it, and most Chinese words are two characters long: `LIKE '%涂层%'` is still
a scan with one. So each searched field is indexed by the pairs of consecutive characters of
its lower-cased text (`liaison_bigrams`, a GIN index over the array, as the pg_bigm extension
does for Chinese and Japanese). A record holding a term holds every pair of the term's, so

    (field₁ LIKE '%term%' OR field₂ LIKE '%term%' …)                 what is looked for
    AND (pairs(field₁) @> pairs(term) OR pairs(field₂) @> … )        what the indexes answer

finds the same records as the plain LIKEs alone. PostgreSQL answers the second line from the
indexes (a bitmap OR; array containment is exact in GIN, so the pairs are not computed again
for the rows read) and tests the plain LIKEs on the rows found: a term reads only the records
that may hold it. A term that most records hold (only common pairs, by the index's
statistics: `common_pairs`) keeps the plain scan, which is cheaper for it, in a list that
counts every match; the global search ranks at most some hundreds per word and asks the
indexes always. A one-character term has no pair: the LIKEs alone, a scan as before. Only
fields that have such an index (`INDEXED`, which liaison.search fills) get the second line:
without one, it would compute the pairs of every row.

`liaison_bigrams` is made by core's migration 0002; the indexes by liaison.search's.
"""

from __future__ import annotations

import json
from typing import Any

from django.db import connection, models
from django.db.models import Lookup, Q

# (app label, model name, field name) of every field with a search index (liaison.search).
INDEXED: set[tuple[str, str, str]] = set()

BIGRAMS_FUNCTION = "liaison_bigrams"
# Immutable, so that an index may be built on it; its cost declared high, so that the planner
# reads the index rather than computing the pairs of every row in a scan (and, in a scan,
# tests the cheap LIKE first).
CREATE_BIGRAMS_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {BIGRAMS_FUNCTION}(text) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE COST 1000
AS $$
DECLARE
  letters text[] := string_to_array(lower($1), NULL);
  pairs text[] := '{{}}';
BEGIN
  FOR i IN 1 .. coalesce(array_length(letters, 1), 0) - 1 LOOP
    pairs := pairs || (letters[i] || letters[i + 1]);
  END LOOP;
  RETURN pairs;
END $$
"""
DROP_BIGRAMS_FUNCTION = f"DROP FUNCTION IF EXISTS {BIGRAMS_FUNCTION}(text)"


def bigrams(term: str) -> list[str]:
    """The pairs of consecutive characters of `term`, lower-cased, as `liaison_bigrams` makes."""
    folded = term.lower()
    return sorted({folded[i : i + 2] for i in range(len(folded) - 1)})


def like_escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def index_expression(column: str) -> str:
    """The SQL a search index on `column` is built on: what `Holds` compares."""
    return f'{BIGRAMS_FUNCTION}(("{column}")::text)'


class HoldsPairs(Lookup):
    """`field__pairs=term`: the field's text holds every pair of consecutive characters of
    `term` (`liaison_bigrams`), which its search index answers. PostgreSQL only."""

    lookup_name = "pairs"
    prepare_rhs = False

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return (
            f"{BIGRAMS_FUNCTION}(({lhs})::text) @> %s::text[]",
            [*lhs_params, bigrams(str(self.rhs))],
        )


class InArray(Lookup):
    """`fk__in_array=subquery`: `fk = ANY(ARRAY(subquery))`.

    Unlike `IN (subquery)`, the array is computed once, before the scan, and an index on the
    column serves the comparison, so it combines with the other fields' indexes (a bitmap OR)
    where a join or `IN (subquery)` would read every row.
    """

    lookup_name = "in_array"

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY(ARRAY{rhs})", [*lhs_params, *rhs_params]


def register() -> None:
    """Make `pairs` and `in_array` known to the fields they apply to (core's ready())."""
    for text in (models.CharField, models.TextField, models.JSONField):
        text.register_lookup(HoldsPairs)
    # A foreign key's lookups are its own, not inherited from Field's (ForeignObject).
    for key in (models.ForeignObject, models.AutoField, models.BigAutoField):
        key.register_lookup(InArray)


def indexed() -> bool:
    """Whether the database is PostgreSQL, where the search indexes serve `pairs`."""
    return connection.vendor == "postgresql"


def text_holds(field: str, term: str) -> Q:
    """Rows whose `field` contains `term` in any letter case: `icontains`, or `contains` for a
    term without letter case (Chinese, digits), which spares an UPPER() of every text."""
    lookup = "contains" if term.upper() == term.lower() else "icontains"
    return Q(**{f"{field}__{lookup}": term})


def json_text_holds(field: str, term: str) -> Q:
    """Rows whose JSON `field` holds `term` anywhere in its stored text.

    SQLite keeps "温州" as "\\u6e29\\u5dde" in the stored text, so the escaped form is looked
    for too. (On a JSON field `contains` means containment, not a substring: icontains.)
    """
    query = Q()
    for variant in json_variants(term):
        query |= Q(**{f"{field}__icontains": variant})
    return query


def json_variants(term: str) -> list[str]:
    """`term` and its form in JSON text with non-ASCII escaped (SQLite's)."""
    return list(dict.fromkeys((term, json.dumps(term)[1:-1])))


# A pair of characters held by more than this share of a field's records is common (技术 in
# the needs' descriptions). A term made only of common pairs is held by most records: reading
# them by the index saves nothing, and PostgreSQL, which cannot tell that the pairs need not be
# computed again for the rows it reads (array containment is exact in GIN), would choose a
# scan that computes them for every row the LIKE finds.
COMMON_SHARE = 0.2
_common_pairs: dict[str, set[str]] | None = None


def common_pairs(index: str) -> set[str]:
    """The pairs held by more than COMMON_SHARE of the records, by the index's statistics
    (read once per process, in one query, from pg_stats: what ANALYZE found)."""
    global _common_pairs
    if _common_pairs is None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT tablename, most_common_elems::text::text[], most_common_elem_freqs "
                "FROM pg_stats WHERE tablename LIKE 'search\\_%%' AND attname = %s",
                [BIGRAMS_FUNCTION],
            )
            _common_pairs = {
                name: {
                    pair for pair, share in zip(pairs, shares, strict=False) if share > COMMON_SHARE
                }
                for name, pairs, shares in cursor.fetchall()
                if pairs and shares
            }
    return _common_pairs.get(index, set())


def index_name(table: str, column: str) -> str:
    """The name of the search index of `column` (liaison.search's migrations make it)."""
    return f"search_{table}_{column}"[:56] + "_pairs"


def pairs_of(
    model: type[models.Model], field: str, term: str, *, json_text: bool, unless_common: bool
) -> Q | None:
    """What the search index of `field` answers for `term` (see the module), or None when
    there is none to ask: not PostgreSQL, no index on the field, a one-character term, or
    (`unless_common`) a term most records hold."""
    meta = model._meta
    if not indexed() or len(term) < 2:
        return None
    if (meta.app_label, meta.object_name, field) not in INDEXED:
        return None
    if unless_common:
        column = getattr(meta.get_field(field), "column", None) or field
        common = common_pairs(index_name(meta.db_table, column))
        if set(bigrams(term)) <= common:
            return None
    if not json_text:
        return Q(**{f"{field}__pairs": term})
    query = Q()
    for variant in json_variants(term):
        query |= Q(**{f"{field}__pairs": variant})
    return query
