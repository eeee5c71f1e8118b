"""The API's description and the API agree: the schema is valid OpenAPI, Schemathesis finds no
500, no answer outside its schema and no record outside an enterprise's scope, and a program
meets each error status the API documents, in the one error shape."""

from __future__ import annotations

import collections
import contextlib
import copy
import json
import os
import re
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.conf import settings
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client, override_settings
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from openapi_spec_validator import validate
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Err
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from liaison.accounts.choices import RoleKind
from liaison.accounts.models import User
from liaison.api.endpoints import endpoints
from liaison.api.models import TokenScope
from liaison.needs.models import TechnicalNeed
from liaison.organizations.models import Organization
from tests.accounts.factories import UserFactory
from tests.achievements.factories import AchievementFactory
from tests.agreements.factories import AgreementPartyFactory, PaymentMilestoneFactory
from tests.api.factories import bearer, make_token
from tests.needs.factories import ServiceRecordFactory, TechnicalNeedFactory
from tests.organizations.factories import OrganizationFactory
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db

SCHEMA = "/api/schema/?format=json"
FIGURES = "/tmp/api-fuzz-figures.txt"
# Examples per operation and mode: 169 operations, two callers, two modes, in well under a
# minute; LIAISON_API_FUZZ_SCALE=10 tries ten times as many, for a longer hunt by hand.
SCALE = int(os.environ.get("LIAISON_API_FUZZ_SCALE", "1"))
EXAMPLES = {GenerationMode.POSITIVE: 2 * SCALE, GenerationMode.NEGATIVE: 2 * SCALE}
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture(autouse=True)
def _fresh_rates() -> Iterator[None]:
    # The throttle counts in the default cache: every test starts with none counted.
    cache.clear()
    yield
    cache.clear()


def _schema(client: Client) -> dict[str, Any]:
    """The schema as served (made once: it takes seconds, and no test changes it)."""
    if not _SERVED:
        answer = client.get(SCHEMA)
        assert answer.status_code == 200, answer.content[:500]
        _SERVED.append(answer.json())
    return copy.deepcopy(_SERVED[0])


_SERVED: list[dict[str, Any]] = []


# The schema --------------------------------------------------------------------------------------


def test_the_schema_is_valid_openapi(client: Client) -> None:
    validate(_schema(client))


def test_each_records_choices_have_a_name_of_their_own(client: Client) -> None:
    names = list(_schema(client)["components"]["schemas"])
    assert "AgreementStatusEnum" in names
    # drf-spectacular's fallback for a collision is a hash: Kind0d5Enum.
    assert not [n for n in names if re.search(r"[0-9a-f]{3}Enum$", n)], names


def test_every_operation_documents_its_errors_in_the_one_shape(client: Client) -> None:
    schema = _schema(client)
    error = {"$ref": "#/components/schemas/Error"}
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            responses = operation["responses"]
            for status in ("400", "401", "403", "404", "429"):
                assert status in responses, (method, path, status)
                assert responses[status]["content"]["application/json"]["schema"] == error
            if method in {"put", "patch", "delete"}:
                assert {"412", "428"} <= set(responses), (method, path)


def test_a_choice_not_made_is_answered_blank_as_the_schema_allows(
    client: Client, staff_key: str
) -> None:
    achievement = AchievementFactory.create(transfer_mode="")
    answer = call(client, "get", f"/api/v1/achievements/{achievement.pk}/", staff_key)
    assert answer.json()["transfer_mode"] == ""
    field = _schema(client)["components"]["schemas"]["Achievement"]["properties"]["transfer_mode"]
    assert {"$ref": "#/components/schemas/BlankEnum"} in field["oneOf"], field


def test_the_schema_is_served_as_yaml_unless_json_is_asked(client: Client) -> None:
    answer = client.get("/api/schema/")
    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("application/vnd.oai.openapi")
    assert answer.content.startswith(b"openapi:")


# Fuzzing -----------------------------------------------------------------------------------------


def _world() -> tuple[Organization, Organization]:
    """Two enterprises, each with a need, a service, an agreement with a milestone, an
    achievement it holds, and a person; the first is the fuzzing enterprise's own."""
    own, other = OrganizationFactory.create(), OrganizationFactory.create()
    for organization in (own, other):
        TechnicalNeedFactory.create(organization=organization)
        ServiceRecordFactory.create(organization=organization)
        party = AgreementPartyFactory.create(organization=organization)
        PaymentMilestoneFactory.create(agreement=party.agreement)
        AchievementFactory.create()
        PersonFactory.create()
    return own, other


def _served_model(path: str) -> Any:
    parts = path.strip("/").split("/")
    slug = parts[2] if len(parts) > 2 else ""
    return next((e.model for e in endpoints() if e.slug == slug), None)


def _answered_ids(body: Any) -> list[int]:
    """The records an answer hands out: a list's results or one record."""
    if not isinstance(body, dict):
        return []
    if isinstance(body.get("results"), list):
        return [r["id"] for r in body["results"] if isinstance(r, dict) and "id" in r]
    return [body["id"]] if isinstance(body.get("id"), int) else []


def _check_scope(user: User, path: str, status: int, body: Any) -> None:
    """Every record in a 2xx answer is one `user` may see."""
    if not 200 <= status < 300:
        return
    if path == "/api/v1/changes/":
        seen = [(c["type"], c["record"]["id"]) for c in body["changes"] if c["kind"] != "deleted"]
        for slug, pk in seen:
            model = next(e.model for e in endpoints() if e.slug == slug)
            visible = model._default_manager.restrict(user, "view")  # type: ignore[attr-defined]
            assert visible.filter(pk=pk).exists(), (slug, pk)
        return
    model = _served_model(path)
    if model is None:
        return
    ids = _answered_ids(body)
    visible = set(
        model._default_manager.restrict(user, "view")
        .filter(pk__in=ids)
        .values_list("pk", flat=True)
    )
    assert set(ids) <= visible, (path, sorted(set(ids) - visible))


def _bad_kind(case: Any) -> str:
    """What a negative case got wrong: the parts of the request made invalid."""
    negated = sorted(
        str(location.value if hasattr(location, "value") else location)
        for location, info in case.meta.components.items()
        if info.mode == GenerationMode.NEGATIVE
    )
    return "+".join(negated) or "none"


def _fuzz(client: Client, user: User, key: str, figures: collections.Counter[str]) -> None:
    schema = schemathesis.openapi.from_dict(_schema(client))
    # Some requests name a real record: the first three of each type, in scope or not.
    records = {
        endpoint.model: list(
            endpoint.model._default_manager.order_by("pk").values_list("pk", flat=True)[:3]
        )
        for endpoint in endpoints()
    }
    # The throttle has its own test below; here it would answer a longer hunt's rest with 429.
    rates = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"caller": "100000/minute"}}
    with _connection_kept_open(), override_settings(REST_FRAMEWORK=rates):
        for result in schema.get_all_operations():
            _operation(result, records, user, key, figures)


@contextlib.contextmanager
def _connection_kept_open() -> Iterator[None]:
    """A WSGI request closes the database connection when it ends, which would end the test's
    transaction (on PostgreSQL); Django's test client keeps it open the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _operation(
    result: Any,
    records: dict[Any, list[int]],
    user: User,
    key: str,
    figures: collections.Counter[str],
) -> None:
    """Fuzz one operation in both modes, naming real records in some requests."""
    if isinstance(result, Err):
        raise result.err()
    operation = result.ok()
    model = _served_model(operation.path)
    for mode in EXAMPLES:
        strategy = operation.as_strategy(generation_mode=mode)
        if "{id}" in operation.path and model is not None:
            for pk in records.get(model, []):
                strategy |= operation.as_strategy(
                    generation_mode=mode,
                    path_parameters={"id": pk},
                    # A fresh record's version, so that some changes get through.
                    headers={"If-Match": '"v1"'} if operation.method != "get" else None,
                )
        _run(strategy, mode, user, key, figures)


def _run(
    strategy: Any, mode: GenerationMode, user: User, key: str, figures: collections.Counter[str]
) -> None:
    """Send `EXAMPLES[mode]` requests drawn from `strategy` and check every answer.

    The examples share the test's transaction: what one writes the next may read or change,
    and all of it is rolled back at the test's end.
    """
    app = WSGIHandler()
    headers = {"Authorization": f"Bearer {key}"}

    @hypothesis_settings(
        max_examples=EXAMPLES[mode],
        derandomize=True,
        deadline=None,
        database=None,
        # Few examples of a strategy joined from several: no health check applies.
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def run(case: Any) -> None:
        response = case.call(app=app, headers=headers)
        label = f"bad|{_bad_kind(case)}" if mode == GenerationMode.NEGATIVE else "good|valid"
        figures[f"{user.username}|{label}|{response.status_code}"] += 1
        case.validate_response(response, checks=CHECKS, headers=headers)
        body = response.json() if response.content else None
        _check_scope(user, case.operation.path, response.status_code, body)

    run()


def _summary(figures: collections.Counter[str]) -> str:
    by_status: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    for label, count in figures.items():
        _user, mode, kind, status = label.split("|")
        by_status[f"{mode}:{kind}"][status] += count
    parts = [
        f"{name} {sum(c.values())} → " + ", ".join(f"{s}×{n}" for s, n in sorted(c.items()))
        for name, c in sorted(by_status.items())
    ]
    return "; ".join(parts)


@pytest.fixture(scope="module")
def figures() -> Iterator[collections.Counter[str]]:
    counted: collections.Counter[str] = collections.Counter()
    yield counted
    if counted:
        line = f"API fuzz: {sum(counted.values())} requests: {_summary(counted)}"
        print("\n" + line)
        with open(FIGURES, "w", encoding="utf-8") as out:
            out.write(line + "\n")
            for label, count in sorted(counted.items()):
                out.write(f"{label}\t{count}\n")


def test_schemathesis_finds_nothing_for_the_staff(
    client: Client, figures: collections.Counter[str]
) -> None:
    _world()
    staff = UserFactory.create(username="fuzz-staff")
    _fuzz(client, staff, make_token(staff), figures)


def test_schemathesis_finds_nothing_for_an_enterprise_and_nothing_outside_its_scope(
    client: Client, figures: collections.Counter[str]
) -> None:
    own, _other = _world()
    user = UserFactory.create(
        username="fuzz-enterprise", role=RoleKind.ENTERPRISE, organization=own
    )
    _fuzz(client, user, make_token(user), figures)


# The error statuses a program meets -------------------------------------------------------------

ORGANIZATIONS = "/api/v1/organizations/"


def call(
    client: Client, method: str, path: str, key: str | None, body: Any = None, **extra: Any
) -> Any:
    kwargs: dict[str, Any] = {**(bearer(key) if key else {}), **extra}
    if body is not None:
        kwargs.setdefault("data", json.dumps(body))
        kwargs.setdefault("content_type", "application/json")
    return getattr(client, method)(path, **kwargs)


def _error(answer: Any, status: int, code: str | None = None) -> dict[str, Any]:
    assert answer.status_code == status, answer.content[:500]
    body: dict[str, Any] = answer.json()
    assert body["status"] == status
    assert isinstance(body["detail"], str)
    if code is not None:
        assert body["code"] == code, body
    return body


@pytest.fixture
def staff_key(staff_user: User) -> str:
    return make_token(staff_user)


@pytest.fixture
def enterprise() -> tuple[User, Organization, Organization]:
    own, other = OrganizationFactory.create(), OrganizationFactory.create()
    user = UserFactory.create(role=RoleKind.ENTERPRISE, organization=own)
    return user, own, other


def test_no_token_is_a_401(client: Client) -> None:
    _error(call(client, "get", ORGANIZATIONS, None), 401, "not_authenticated")


def test_a_wrong_token_is_a_401(client: Client) -> None:
    _error(call(client, "get", ORGANIZATIONS, "lia_not-a-key-anyone-was-given"), 401)


def test_a_read_only_token_writing_is_a_403(client: Client, staff_user: User) -> None:
    key = make_token(staff_user, scope=TokenScope.READ)
    body = {"name_zh": "只读公司", "kind": "enterprise"}
    _error(call(client, "post", ORGANIZATIONS, key, body), 403, "read_only_token")
    assert not Organization.objects.filter(name_zh="只读公司").exists()


def test_an_enterprise_changing_a_record_it_sees_but_may_not_change_is_a_403(
    client: Client, enterprise: tuple[User, Organization, Organization]
) -> None:
    user, own, _other = enterprise
    url = f"{ORGANIZATIONS}{own.pk}/"
    assert call(client, "get", url, make_token(user)).status_code == 200
    answer = call(
        client,
        "patch",
        url,
        make_token(user),
        {"name_en": "Renamed"},
        HTTP_IF_MATCH=f'"v{own.version}"',
    )
    _error(answer, 403, "permission_denied")
    own.refresh_from_db()
    assert own.name_en != "Renamed"


def test_a_record_outside_the_callers_scope_is_a_404(
    client: Client, enterprise: tuple[User, Organization, Organization]
) -> None:
    user, own, other = enterprise
    mine = TechnicalNeedFactory.create(organization=own)
    theirs = TechnicalNeedFactory.create(organization=other)
    key = make_token(user)
    assert call(client, "get", f"/api/v1/technical-needs/{mine.pk}/", key).status_code == 200
    _error(call(client, "get", f"/api/v1/technical-needs/{theirs.pk}/", key), 404, "not_found")
    answer = call(
        client,
        "patch",
        f"/api/v1/technical-needs/{theirs.pk}/",
        key,
        {"title": "Taken over"},
        HTTP_IF_MATCH=f'"v{theirs.version}"',
    )
    _error(answer, 404, "not_found")


@pytest.mark.parametrize(
    "path", ["/api/v1/no-such-records/", "/api/v1/organizations/1.5/", "/api/nowhere/"]
)
def test_an_unknown_address_is_the_apis_404(client: Client, staff_key: str, path: str) -> None:
    answer = call(client, "get", path, staff_key)
    assert answer["Content-Type"] == "application/json"
    _error(answer, 404, "not_found")


def test_an_unknown_address_without_its_slash_is_sent_to_it(client: Client, staff_key: str) -> None:
    answer = call(client, "get", "/api/v1/organizations", staff_key)
    assert answer.status_code == 301
    assert answer["Location"] == ORGANIZATIONS


def test_put_on_the_changes_feed_is_a_405(client: Client, staff_key: str) -> None:
    _error(call(client, "put", "/api/v1/changes/", staff_key, {}), 405, "method_not_allowed")


def test_delete_on_a_list_is_a_405(client: Client, staff_key: str) -> None:
    _error(call(client, "delete", ORGANIZATIONS, staff_key), 405, "method_not_allowed")


def test_a_stale_if_match_is_a_412_and_overwrites_nothing(client: Client, staff_key: str) -> None:
    organization = OrganizationFactory.create(name_en="First Name")
    url = f"{ORGANIZATIONS}{organization.pk}/"
    read = call(client, "get", url, staff_key)
    first = call(
        client, "patch", url, staff_key, {"name_en": "Second Name"}, HTTP_IF_MATCH=read["ETag"]
    )
    assert first.status_code == 200, first.content
    body = _error(
        call(client, "patch", url, staff_key, {"name_en": "Lost Name"}, HTTP_IF_MATCH=read["ETag"]),
        412,
        "stale",
    )
    assert body["current_version"] == first.json()["version"]
    assert body["last_change"]["fields"] == ["name_en"]
    _error(call(client, "delete", url, staff_key, HTTP_IF_MATCH=read["ETag"]), 412, "stale")
    organization.refresh_from_db()
    assert organization.name_en == "Second Name"


def test_a_change_without_if_match_is_a_428(client: Client, staff_key: str) -> None:
    organization = OrganizationFactory.create(name_en="Kept")
    url = f"{ORGANIZATIONS}{organization.pk}/"
    _error(call(client, "patch", url, staff_key, {"name_en": "Lost"}), 428, "version_required")
    _error(call(client, "delete", url, staff_key), 428, "version_required")
    assert Organization.objects.get(pk=organization.pk).name_en == "Kept"


def test_a_body_over_the_upload_limit_is_a_413(
    client: Client, staff_key: str, settings: Any
) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = {"name_zh": "大" * 2000, "kind": "enterprise"}
    _error(call(client, "post", ORGANIZATIONS, staff_key, body), 413, "too_large")


def test_a_text_body_is_a_415(client: Client, staff_key: str) -> None:
    answer = call(
        client,
        "post",
        ORGANIZATIONS,
        staff_key,
        "name_zh=公司",
        data="name_zh=公司",
        content_type="text/plain",
    )
    _error(answer, 415, "unsupported_media_type")


def test_too_many_requests_is_a_429_with_retry_after(client: Client, staff_key: str) -> None:
    rates = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"caller": "2/minute"}}
    with override_settings(REST_FRAMEWORK=rates):
        for _ in range(2):
            assert call(client, "get", ORGANIZATIONS, staff_key).status_code == 200
        body = _error(call(client, "get", ORGANIZATIONS, staff_key), 429, "throttled")
    assert 0 < body["retry_after"] <= 60


def test_a_services_refusal_is_said_in_chinese_when_asked(client: Client, staff_key: str) -> None:
    from tests.agreements.factories import AgreementFactory

    agreement = AgreementFactory.create()
    answer = call(
        client,
        "post",
        f"/api/v1/agreements/{agreement.pk}/steps/put-in-force/",
        staff_key,
        {"effective_on": "2026-01-01"},
        HTTP_IF_MATCH=f'"v{agreement.version}"',
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    body = _error(answer, 400, "invalid")
    assert "协议须在签订后方可生效" in body["detail"], body


def test_malformed_json_is_a_400(client: Client, staff_key: str) -> None:
    answer = call(
        client,
        "post",
        ORGANIZATIONS,
        staff_key,
        "x",
        data='{"name_zh": ',
        content_type="application/json",
    )
    _error(answer, 400)


@pytest.mark.parametrize("body", [[], "text", 3, None])
def test_a_json_body_that_is_not_an_object_is_a_400(
    client: Client, staff_key: str, body: Any
) -> None:
    answer = call(
        client,
        "post",
        ORGANIZATIONS,
        staff_key,
        "x",
        data=json.dumps(body),
        content_type="application/json",
    )
    _error(answer, 400, "invalid")


def test_an_unknown_ordering_field_is_a_400(client: Client, staff_key: str) -> None:
    body = _error(
        call(client, "get", f"{ORGANIZATIONS}?ordering=no_such_field", staff_key), 400, "invalid"
    )
    assert "ordering" in body["fields"]


# Not base64; a cursor whose offset is not a number ("o=x").
@pytest.mark.parametrize("cursor", ["garbage", "bz14"])
def test_a_bad_cursor_is_a_4xx(client: Client, staff_key: str, cursor: str) -> None:
    answer = call(client, "get", f"{ORGANIZATIONS}?cursor={cursor}", staff_key)
    assert 400 <= answer.status_code < 500, answer.content
    assert answer.json()["status"] == answer.status_code


def test_the_changes_feed_goes_on_from_since_in_steps_of_limit(
    client: Client, staff_key: str
) -> None:
    for n in range(3):
        call(
            client,
            "post",
            ORGANIZATIONS,
            staff_key,
            {"name_zh": f"变更公司{n}", "kind": "enterprise"},
        )
    first = call(client, "get", "/api/v1/changes/?since=0&limit=2", staff_key).json()
    assert len(first["changes"]) == 2
    assert first["more"] is True
    rest = call(client, "get", f"/api/v1/changes/?since={first['next']}", staff_key).json()
    ids = [c["id"] for c in first["changes"] + rest["changes"]]
    assert ids == sorted(set(ids))
    names = [c["record"]["display"] for c in first["changes"] + rest["changes"]]
    assert all(any(f"变更公司{n}" in name for name in names) for n in range(3))


@pytest.mark.parametrize("query", ["since=-1", "since=x", "limit=0", "limit=1001", "since=1e3"])
def test_a_bad_since_or_limit_is_a_400(client: Client, staff_key: str, query: str) -> None:
    _error(call(client, "get", f"/api/v1/changes/?{query}", staff_key), 400, "invalid")


def test_the_changes_feed_holds_no_change_of_a_record_the_enterprise_cannot_see(
    client: Client, staff_key: str, enterprise: tuple[User, Organization, Organization]
) -> None:
    user, own, other = enterprise
    for organization in (own, other):
        need = TechnicalNeedFactory.create(organization=organization)
        answer = call(
            client,
            "patch",
            f"/api/v1/technical-needs/{need.pk}/",
            staff_key,
            {"title": f"Changed need of {organization.pk}"},
            HTTP_IF_MATCH=f'"v{need.version}"',
        )
        assert answer.status_code == 200, answer.content
    staff_sees = call(client, "get", "/api/v1/changes/", staff_key).json()["changes"]
    seen = call(client, "get", "/api/v1/changes/", make_token(user)).json()["changes"]
    needs = {c["record"]["id"] for c in seen if c["type"] == "technical-needs"}
    assert needs == set(TechnicalNeed.objects.filter(organization=own).values_list("pk", flat=True))
    assert len(seen) < len(staff_sees)
    for change in seen:
        _check_scope(user, "/api/v1/changes/", 200, {"changes": [change]})
