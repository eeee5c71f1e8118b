"""The checks every record's pages must pass, written once (NetBox's `ViewTestCases` manner).

To test an app's pages, subclass `ObjectPageChecks` in `tests/<app>/test_views.py`:

    class TestOrganizationPages(ObjectPageChecks):
        model = Organization
        factory = OrganizationFactory
        url_base = "organizations:organization"      # its object_urls names, without the action
        stale_field, stale_value = "name_en", "Renamed meanwhile"

        def valid_form_data(self):                    # a complete, valid create/edit form
            return {"name_zh": "新机构", "kind": "university", "country": "CN"}

        def invalid_form_data(self):                  # form data and the field that must complain
            return {**self.valid_form_data(), "credit_code": "123"}, "credit_code"

        def filtered_pair(self):                      # list params, a row they keep, one they drop
            return {"kind": "university"}, self.factory(kind="university"), self.factory(kind="enterprise")

and pin its pages' query counts in `tests/web/query_counts.json` ("<url_base>_list",
"<url_base>_detail"). The checks: anonymous users are sent to sign in and see no record; the
list renders with 1 and with 20 rows in the same number of queries, at most the pinned one;
the detail page renders within its pin; a bad form shows its field's error and a good one
creates the record; an edit on a stale copy is refused naming the other person's change;
CSV and XLSX exports hold the filtered rows and no others. Set `editable = False` for a
model without create/edit pages.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any, ClassVar

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.accounts.factories import UserFactory

QUERY_COUNTS = Path(__file__).with_name("query_counts.json")


def pinned_queries(view_name: str) -> int:
    """The most queries `view_name` may make, as pinned in query_counts.json."""
    counts = json.loads(QUERY_COUNTS.read_text(encoding="utf-8"))
    if view_name not in counts:
        pytest.fail(f"pin the query count of {view_name!r} in {QUERY_COUNTS}")
    return int(counts[view_name])


def count_queries(client: Any, url: str) -> tuple[Any, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, len(queries)


def export_text(response: Any) -> str:
    """The text of a CSV or XLSX export response, cell by cell."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content[:2] == b"PK":
        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(content), read_only=True).active
        return "\n".join(
            "\t".join("" if v is None else str(v) for v in row)
            for row in sheet.iter_rows(values_only=True)
        )
    return content.decode("utf-8-sig")


def loaded_version(html: str) -> str:
    match = re.search(r'name="loaded_version" value="(\d+)"', html)
    assert match, "the edit form carries the loaded version"
    return match.group(1)


class ObjectPageChecks:
    model: ClassVar[Any]
    factory: ClassVar[Any]
    url_base: ClassVar[str]
    editable: ClassVar[bool] = True
    stale_field: ClassVar[str] = ""
    stale_value: ClassVar[Any] = ""

    # What subclasses provide ------------------------------------------------------------------

    def valid_form_data(self) -> dict[str, Any]:
        raise NotImplementedError

    def invalid_form_data(self) -> tuple[dict[str, Any], str]:
        raise NotImplementedError

    def filtered_pair(self) -> tuple[dict[str, str], Any, Any]:
        raise NotImplementedError

    def make(self, **fields: Any) -> Any:
        return self.factory(**fields)

    def shown_as(self, obj: Any) -> str:
        """How a row is recognised in a page or an export."""
        return str(obj)

    # Helpers --------------------------------------------------------------------------------

    def url(self, action: str, obj: Any = None) -> str:
        args = (obj.pk,) if obj is not None else ()
        return reverse(f"{self.url_base}_{action}", args=args)

    @pytest.fixture(autouse=True)
    def _signed_in(self, db: Any, client: Any, staff_user: Any) -> None:
        self.client = client
        self.user = staff_user
        client.force_login(staff_user)

    # Checks ---------------------------------------------------------------------------------

    def test_anonymous_is_sent_to_sign_in_and_sees_no_record(self, client: Any) -> None:
        obj = self.make()
        client.logout()
        urls = [self.url("list"), self.url("detail", obj), self.url("export") + "?format=csv"]
        if self.editable:
            urls += [self.url("add"), self.url("edit", obj)]
        for url in urls:
            response = client.get(url)
            assert response.status_code == 302, url
            assert response["Location"].startswith(reverse("login")), url
            assert self.shown_as(obj) not in response.content.decode()

    def test_list_makes_the_same_pinned_number_of_queries_for_1_and_20_rows(self) -> None:
        pin = pinned_queries(f"{self.url_base}_list")
        self.make()
        response, with_one = count_queries(self.client, self.url("list"))
        assert response.status_code == 200
        for _ in range(19):
            self.make()
        response, with_twenty = count_queries(self.client, self.url("list"))
        assert response.status_code == 200
        assert with_twenty == with_one, "the list's queries grow with its rows (an N+1)"
        assert with_twenty <= pin, f"{with_twenty} queries, {pin} pinned"

    def test_detail_shows_the_record_within_its_pinned_queries(self) -> None:
        pin = pinned_queries(f"{self.url_base}_detail")
        obj = self.make()
        response, queries = count_queries(self.client, self.url("detail", obj))
        assert response.status_code == 200
        assert self.shown_as(obj) in response.content.decode()
        assert queries <= pin, f"{queries} queries, {pin} pinned"

    def test_list_filters_and_exports_only_the_filtered_rows_as_csv_and_xlsx(self) -> None:
        params, kept, dropped = self.filtered_pair()
        query = "&".join(f"{k}={v}" for k, v in params.items())
        page = self.client.get(f"{self.url('list')}?{query}").content.decode()
        assert self.shown_as(kept) in page
        assert self.shown_as(dropped) not in page
        for format in ("csv", "xlsx"):
            response = self.client.get(f"{self.url('export')}?{query}&format={format}")
            assert response.status_code == 200
            assert f".{format}" in response["Content-Disposition"]
            text = export_text(response)
            assert self.shown_as(kept) in text, format
            assert self.shown_as(dropped) not in text, format

    def test_create_form_shows_the_field_error_then_creates(self) -> None:
        if not self.editable:
            pytest.skip("no create page")
        before = self.model.objects.count()
        data, field = self.invalid_form_data()
        response = self.client.post(self.url("add"), data)
        assert response.status_code == 400
        assert field in response.context["form"].errors
        assert f'id="id_{field}_error"' in response.content.decode()
        assert self.model.objects.count() == before

        response = self.client.post(self.url("add"), self.valid_form_data())
        assert response.status_code == 302, response.context and response.context["form"].errors
        assert self.model.objects.count() == before + 1

    def test_stale_edit_is_refused_naming_the_other_change(self, django_user_model: Any) -> None:
        if not self.editable:
            pytest.skip("no edit page")
        obj = self.make()
        version = loaded_version(self.client.get(self.url("edit", obj)).content.decode())

        other = UserFactory.create(username="colleague")
        theirs = self.model.objects.get(pk=obj.pk)
        setattr(theirs, self.stale_field, self.stale_value)
        theirs._history_user = other
        theirs.save()

        data = {**self.valid_form_data(), "loaded_version": version}
        response = self.client.post(self.url("edit", obj), data)
        assert response.status_code == 400
        html = response.content.decode()
        assert "colleague" in html
        assert str(self.stale_value) in html
        assert response.context["stale"]
        obj.refresh_from_db()
        assert getattr(obj, self.stale_field) == self.stale_value
