"""The records' endpoints: reads through the pages' permissions, writes through the services."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

import pytest
from django.test import Client

from liaison.accounts.choices import RoleKind
from liaison.accounts.models import User
from liaison.organizations.models import Organization
from tests.accounts.factories import UserFactory
from tests.agreements.factories import AgreementFactory
from tests.api.factories import bearer, make_token
from tests.organizations.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def call(client: Client, method: str, path: str, key: str, body: Any = None, **headers: str) -> Any:
    kwargs: dict[str, Any] = {
        **bearer(key),
        **{f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items()},
    }
    if body is not None:
        kwargs["data"] = json.dumps(body)
        kwargs["content_type"] = "application/json"
    return getattr(client, method)(path, **kwargs)


@pytest.fixture
def staff_key(staff_user: User) -> str:
    return make_token(staff_user)


def test_a_list_is_paged_by_cursor_and_filtered_by_the_pages_filterset(
    client: Client, staff_key: str
) -> None:
    for n in range(3):
        OrganizationFactory.create(name_zh=f"温州测试{n}")
    OrganizationFactory.create(name_zh="杭州别的")
    query = urlencode({"q": "温州测试", "per_page": 2})
    answer = call(client, "get", f"/api/v1/organizations/?{query}", staff_key)
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert len(body["results"]) == 2
    assert body["next"]
    rest = call(client, "get", body["next"], staff_key).json()
    names = {r["name_zh"] for r in body["results"] + rest["results"]}
    assert names == {"温州测试0", "温州测试1", "温州测试2"}


def test_create_read_update_and_stale_update(client: Client, staff_key: str) -> None:
    created = call(
        client,
        "post",
        "/api/v1/organizations/",
        staff_key,
        {"name_zh": "新公司", "name_en": "New Co", "kind": "enterprise"},
    )
    assert created.status_code == 201, created.content
    record = created.json()
    assert created["ETag"] == f'"v{record["version"]}"'
    url = record["url"]
    changed = call(
        client, "patch", url, staff_key, {"name_en": "New Company"}, If_Match=created["ETag"]
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["name_en"] == "New Company"
    stale = call(client, "patch", url, staff_key, {"name_en": "Lost"}, If_Match=created["ETag"])
    assert stale.status_code == 412, stale.content
    assert stale.json()["code"] == "stale"
    assert stale.json()["current_version"] == changed.json()["version"]
    assert Organization.objects.get(pk=record["id"]).name_en == "New Company"
    missing = call(client, "patch", url, staff_key, {"name_en": "Lost"})
    assert missing.status_code == 428


def test_field_errors_come_from_the_services(client: Client, staff_key: str) -> None:
    answer = call(
        client,
        "post",
        "/api/v1/organizations/",
        staff_key,
        {"name_en": "No Chinese name", "kind": "nope"},
    )
    assert answer.status_code == 400
    body = answer.json()
    assert body["code"] == "invalid"
    assert "kind" in body["fields"]


def test_a_step_is_refused_with_the_pages_message(client: Client, staff_key: str) -> None:
    agreement = AgreementFactory.create()
    answer = call(
        client,
        "post",
        f"/api/v1/agreements/{agreement.pk}/steps/put-in-force/",
        staff_key,
        {"effective_on": "2026-01-01"},
        If_Match=f'"v{agreement.version}"',
    )
    assert answer.status_code == 400, answer.content
    print(answer.json())


def test_enterprise_sees_only_its_own(client: Client) -> None:
    own = OrganizationFactory.create()
    other = OrganizationFactory.create()
    user = UserFactory.create(role=RoleKind.ENTERPRISE, organization=own)
    key = make_token(user)
    mine = AgreementFactory.create()
    answer = call(client, "get", "/api/v1/technical-needs/", key)
    assert answer.status_code == 200, answer.content
    assert call(client, "get", f"/api/v1/organizations/{other.pk}/", key).status_code in (200, 404)
    assert call(client, "get", f"/api/v1/agreements/{mine.pk}/", key).status_code == 404


def test_schema_and_root(client: Client, staff_key: str) -> None:
    assert call(client, "get", "/api/v1/", staff_key).status_code == 200
    assert client.get("/api/schema/").status_code in (200, 401, 403)
