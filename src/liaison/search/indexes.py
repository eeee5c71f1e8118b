"""The fields with a search index on PostgreSQL (core.textsearch): those the global search and
the lists' search boxes look in, in the tables that grow by the hundred thousand.

A list whose search names a field of a record it points to (a need's organization's name)
looks for it in that record's table, by that table's index (core.filtersets.search_parts).
A field added here needs a migration that makes its index (as 0001_search_indexes does):
until then it is searched without one.
"""

from liaison.core import textsearch

SEARCHED: list[tuple[str, str, tuple[str, ...]]] = [
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


def register() -> None:
    """Tell core's search which fields have an index (the search app's ready())."""
    textsearch.INDEXED.update(
        (app, model, field) for app, model, fields in SEARCHED for field in fields
    )
