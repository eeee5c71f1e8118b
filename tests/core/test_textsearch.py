"""The search boxes' substring search: on PostgreSQL answered by the fields' search indexes,
finding exactly what `icontains` finds; on SQLite Django's own lookups."""

from __future__ import annotations

import pytest
from django.db import connection
from hypothesis import given
from hypothesis import strategies as st

from liaison.core.filtersets import search_query
from liaison.core.textsearch import bigrams
from liaison.needs.models import TechnicalNeed
from liaison.organizations.models import Organization
from tests.needs.factories import TechnicalNeedFactory
from tests.organizations.factories import OrganizationFactory

WORDS = st.text(alphabet="aB涂层%_\\ ", max_size=8)


@given(text=WORDS, term=WORDS)
def test_a_text_holding_a_term_holds_every_pair_of_its_characters(text: str, term: str) -> None:
    if term.lower() in text.lower():
        assert set(bigrams(term)) <= set(bigrams(text))


TEXTS = [
    "医用敷料抗菌涂层工艺优化",
    "Antibacterial COATINGS for dressings",
    "50%_discount \\ path",
    "钛",
    "",
]
TERMS = ["涂层", "coating", "COAT", "钛", "%_d", "\\", "_", "层工艺", "敷料 抗菌"]


@pytest.mark.django_db
@pytest.mark.parametrize("term", TERMS)
def test_the_search_box_finds_what_icontains_finds(term: str) -> None:
    for text in TEXTS:
        TechnicalNeedFactory.create(title=text)
    needs = TechnicalNeed.objects.all()

    found = set(needs.filter(search_query(("title",), term, model=TechnicalNeed)))

    assert found == set(needs.filter(title__icontains=term))


@pytest.mark.django_db
def test_a_field_of_the_record_pointed_to_finds_the_records_pointing_to_it() -> None:
    enterprise = OrganizationFactory.create(name_zh="温州抗菌材料有限公司")
    need = TechnicalNeedFactory.create(organization=enterprise, title="无", description="无")
    TechnicalNeedFactory.create(title="无", description="无")

    found = TechnicalNeed.objects.filter(
        search_query(("title", "organization__name_zh"), "抗菌", model=TechnicalNeed)
    )

    assert list(found) == [need]


@pytest.mark.django_db
def test_a_json_list_is_searched_in_its_text() -> None:
    known = OrganizationFactory.create(aliases=["温州抗菌所", "Wenzhou Antibacterial"])
    OrganizationFactory.create(aliases=["其他"])

    found = Organization.objects.filter(
        search_query(("aliases__json",), "抗菌", model=Organization)
    )

    assert list(found) == [known]


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigram indexes: PostgreSQL")
def test_on_postgresql_a_two_character_chinese_word_is_looked_up_in_the_search_index() -> None:
    query = TechnicalNeed.objects.filter(
        search_query(("title",), "涂层", model=TechnicalNeed)
    ).order_by()
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        # The test's table is tiny: the planner is told to prefer any index to reading it.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert "search_needs_technicalneed_title_pairs" in plan
