"""PostgreSQL: indexes (GIN, over the pairs of consecutive characters of the text) on the
fields the global search and the lists' search boxes look in, built on the expression
`core.textsearch.Holds` compares. Nothing on SQLite.

Made concurrently (the migration runs outside a transaction), so that an installation that
already holds a million records keeps serving, and writing, while they are built.
"""

from typing import Any

from django.db import migrations

from liaison.core.textsearch import index_expression, index_name

# (app, model, fields): liaison.search.indexes.SEARCHED as it was when this migration was
# written (a migration keeps what it made, whatever the code becomes).
SEARCHED = [
    (
        "organizations",
        "Organization",
        ("name_zh", "name_en", "credit_code", "industry", "city", "description", "aliases"),
    ),
    ("people", "Person", ("name_zh", "name_en", "title", "profile", "expertise")),
    (
        "agreements",
        "Agreement",
        ("number", "title_zh", "title_en", "registration_number", "description"),
    ),
    ("agreements", "SigningEvent", ("title_zh", "title_en", "place", "description")),
    ("agreements", "ContractRegistration", ("registration_number", "project_name", "registry")),
    ("centers", "Center", ("name_zh", "name_en", "description", "focus_areas")),
    (
        "achievements",
        "Achievement",
        ("title_zh", "title_en", "patent_number", "description", "keywords"),
    ),
    ("needs", "TechnicalNeed", ("title", "description")),
    ("needs", "ServiceRecord", ("title", "description")),
    ("financing", "FinancingRound", ("note",)),
    ("disclosures", "Disclosure", ("case_number", "title_zh", "title_en", "description")),
    ("patents", "Patent", ("application_number", "patent_number", "title", "pct_number")),
]


def _indexes(apps: Any) -> list[tuple[str, str, str]]:
    """(index name, table, column) of every index made here."""
    found = []
    for app, model_name, fields in SEARCHED:
        meta = apps.get_model(app, model_name)._meta
        for field in fields:
            column = meta.get_field(field).column
            found.append((index_name(meta.db_table, column), meta.db_table, column))
    return found


def create(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    indexes = _indexes(apps)
    for name, table, column in indexes:
        schema_editor.execute(
            f'CREATE INDEX CONCURRENTLY IF NOT EXISTS "{name}" ON "{table}" '
            f"USING gin ({index_expression(column)})"
        )
    # Statistics of the indexed expressions, which the planner weighs the indexes by.
    for table in dict.fromkeys(table for _name, table, _column in indexes):
        schema_editor.execute(f'ANALYZE "{table}"')


def drop(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _column in _indexes(apps):
        schema_editor.execute(f'DROP INDEX CONCURRENTLY IF EXISTS "{name}"')


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("core", "0002_search_text"),
        ("organizations", "0001_initial"),
        ("people", "0001_initial"),
        ("agreements", "0005_party_role_intermediary"),
        ("centers", "0001_initial"),
        ("achievements", "0001_initial"),
        ("needs", "0004_assigned_staff_attachments_messages"),
        ("financing", "0002_round_confidentiality"),
        ("disclosures", "0002_licensees_note_and_decision"),
        ("patents", "0001_initial"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
