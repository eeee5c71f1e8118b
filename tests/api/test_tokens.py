"""API tokens: made and revoked by the rules, a key that opens the API once made and never
after it is revoked or expired, read-only tokens that only read, a rate per caller, every
token request in the audit log, and the person's tokens page."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIRequestFactory

from liaison.accounts.audit import describe
from liaison.accounts.choices import AuditKind, RoleKind
from liaison.accounts.models import AuditEvent, User
from liaison.api.access import SignedIn
from liaison.api.models import ApiToken, TokenScope
from liaison.api.tokens import (
    authenticate_key,
    key_hash,
    record_use,
    token_create,
    token_revoke,
)
from tests.accounts.factories import UserFactory
from tests.api.factories import bearer, expire, make_token, token_of

ME = "/api/v1/me/"
TOKENS = "/api/tokens/"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rates() -> Iterator[None]:
    # The throttle counts in the default cache: every test starts with none counted.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def staff() -> User:
    return UserFactory.create(username="staff-member")


@pytest.fixture
def administrator() -> User:
    return UserFactory.create(username="admin-person", role=RoleKind.ADMINISTRATOR)


# Making and revoking ---------------------------------------------------------------------------


def test_a_person_makes_a_token_for_themselves_and_its_key_opens_the_api(
    client: Client, staff: User
) -> None:
    token, key = token_create(user=staff, by=staff, name="nightly export", scope=TokenScope.READ)
    assert key.startswith("lia_")
    assert len(key) > 40
    assert token.prefix == key[:12]
    response = client.get(ME, **bearer(key))
    assert response.status_code == 200
    assert response.json()["username"] == "staff-member"
    assert response.json()["token"]["prefix"] == token.prefix
    assert response.json()["token"]["scope"] == "read"


def test_only_the_hash_of_the_key_is_stored(staff: User) -> None:
    token, key = token_create(user=staff, by=staff, name="script")
    stored = ApiToken.objects.filter(pk=token.pk).values().get()
    assert key_hash(key) == stored["key_hash"]
    assert not any(key in str(value) for value in stored.values())


def test_a_token_expires_in_ninety_days_unless_told(staff: User) -> None:
    token, _key = token_create(user=staff, by=staff, name="script")
    expected = timezone.now() + datetime.timedelta(days=90)
    assert abs((token.expires_at - expected).total_seconds()) < 60


@pytest.mark.parametrize("days", [0, -1, 366])
def test_a_token_is_valid_for_one_to_365_days(staff: User, days: int) -> None:
    with pytest.raises(ValidationError) as refused:
        token_create(user=staff, by=staff, name="script", days=days)
    assert "days" in refused.value.error_dict
    assert not ApiToken.objects.exists()


def test_a_token_valid_for_the_longest_time_allowed_is_made(staff: User) -> None:
    token, _key = token_create(user=staff, by=staff, name="script", days=365)
    assert token.expires_at > timezone.now() + datetime.timedelta(days=364)


@override_settings(LIAISON_API_TOKEN_MAX_DAYS=30)
def test_the_longest_validity_is_a_setting(staff: User) -> None:
    with pytest.raises(ValidationError):
        token_create(user=staff, by=staff, name="script", days=31)


def test_an_expiry_date_must_be_after_today_and_within_the_limit(staff: User) -> None:
    today = timezone.localdate()
    for expires_on in (
        today,
        today - datetime.timedelta(days=1),
        today + datetime.timedelta(days=400),
    ):
        with pytest.raises(ValidationError) as refused:
            token_create(user=staff, by=staff, name="script", expires_on=expires_on)
        assert "expires_on" in refused.value.error_dict
    token, _key = token_create(
        user=staff, by=staff, name="script", expires_on=today + datetime.timedelta(days=10)
    )
    assert timezone.localdate(token.expires_at) == today + datetime.timedelta(days=11)


def test_a_token_needs_a_name(staff: User) -> None:
    with pytest.raises(ValidationError) as refused:
        token_create(user=staff, by=staff, name="   ")
    assert "name" in refused.value.error_dict


def test_a_token_has_a_known_scope(staff: User) -> None:
    with pytest.raises(ValidationError) as refused:
        token_create(user=staff, by=staff, name="script", scope="admin")
    assert "scope" in refused.value.error_dict


def test_only_an_administrator_makes_a_token_for_another_account(
    staff: User, administrator: User
) -> None:
    service = UserFactory.create(username="service-account", role=RoleKind.LEADERSHIP)
    with pytest.raises(PermissionDenied):
        token_create(user=service, by=staff, name="reporting")
    token, _key = token_create(user=service, by=administrator, name="reporting")
    assert token.user == service
    assert token.created_by == administrator


def test_an_inactive_account_gets_no_token(administrator: User) -> None:
    gone = UserFactory.create(username="gone", is_active=False)
    with pytest.raises(ValidationError) as refused:
        token_create(user=gone, by=administrator, name="script")
    assert "user" in refused.value.error_dict


def test_making_and_revoking_a_token_are_in_the_audit_log(staff: User) -> None:
    token, _key = token_create(user=staff, by=staff, name="script")
    token_revoke(token=token, by=staff)
    events = list(AuditEvent.objects.filter(kind=AuditKind.TOKEN).order_by("pk"))
    assert [e.user for e in events] == [staff, staff]
    assert {e.object_id for e in events} == {str(token.pk)}
    assert describe(events[0]).startswith("Token made")
    assert describe(events[1]) == "Token revoked"
    assert _key not in events[0].summary


def test_the_owner_revokes_their_token_and_its_key_stops_working(
    client: Client, staff: User
) -> None:
    key = make_token(staff)
    token = token_revoke(token=token_of(key), by=staff)
    assert token.revoked_at is not None
    assert token.revoked_by == staff
    assert authenticate_key(key) is None
    assert client.get(ME, **bearer(key)).status_code == 401


def test_revoking_twice_is_refused(staff: User) -> None:
    token = token_of(make_token(staff))
    token_revoke(token=token, by=staff)
    with pytest.raises(ValidationError, match="revoked already"):
        token_revoke(token=token_of_pk(token.pk), by=staff)


def token_of_pk(pk: int) -> ApiToken:
    return ApiToken.objects.get(pk=pk)


def test_only_the_owner_or_an_administrator_revokes_a_token(
    staff: User, administrator: User
) -> None:
    other = UserFactory.create(username="other-staff")
    token = token_of(make_token(staff))
    with pytest.raises(PermissionDenied):
        token_revoke(token=token, by=other)
    token_revoke(token=token, by=administrator)
    assert token_of_pk(token.pk).revoked_by == administrator


def test_a_key_is_refused_when_unknown_expired_revoked_or_its_account_inactive(
    staff: User,
) -> None:
    assert authenticate_key("lia_nothing-like-a-real-key") is None
    assert authenticate_key("") is None
    expired = make_token(staff, name="old")
    expire(expired)
    assert authenticate_key(expired) is None
    revoked = make_token(staff, name="revoked")
    token_revoke(token=token_of(revoked), by=staff)
    assert authenticate_key(revoked) is None
    working = make_token(staff, name="working")
    assert authenticate_key(working) == token_of(working)
    User.objects.filter(pk=staff.pk).update(is_active=False)
    assert authenticate_key(working) is None


# Authentication -------------------------------------------------------------------------------


@pytest.mark.parametrize("scheme", ["Bearer", "Token", "bearer"])
def test_the_key_is_sent_as_bearer_or_token(client: Client, staff: User, scheme: str) -> None:
    key = make_token(staff)
    assert client.get(ME, **bearer(key, scheme)).status_code == 200


def test_no_credentials_is_a_401_that_names_the_bearer_scheme(client: Client) -> None:
    response = client.get(ME)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    assert response.json()["code"] == "not_authenticated"


def test_another_scheme_is_not_a_token_and_signs_nobody_in(client: Client, staff: User) -> None:
    key = make_token(staff)
    response = client.get(ME, HTTP_AUTHORIZATION=f"Basic {key}")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


@pytest.mark.parametrize("header", ["Bearer", "Bearer two words", "Token "])
def test_a_malformed_header_is_refused(client: Client, header: str) -> None:
    response = client.get(ME, HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_an_unknown_key_is_refused_without_saying_more(client: Client) -> None:
    response = client.get(ME, **bearer("lia_" + "x" * 43))
    assert response.status_code == 401
    assert response.json() == {
        "status": 401,
        "code": "invalid_token",
        "detail": "This token is not valid.",
    }


def test_an_expired_key_is_refused_as_expired(client: Client, staff: User) -> None:
    key = make_token(staff)
    expire(key)
    response = client.get(ME, **bearer(key))
    assert response.status_code == 401
    assert response.json()["code"] == "expired_token"


def test_a_revoked_key_is_refused_as_revoked(client: Client, staff: User) -> None:
    key = make_token(staff)
    token_revoke(token=token_of(key), by=staff)
    response = client.get(ME, **bearer(key))
    assert response.status_code == 401
    assert response.json()["code"] == "revoked_token"


def test_the_key_of_an_inactive_account_is_refused(client: Client, staff: User) -> None:
    key = make_token(staff)
    User.objects.filter(pk=staff.pk).update(is_active=False)
    response = client.get(ME, **bearer(key))
    assert response.status_code == 401
    assert response.json()["code"] == "inactive_user"


def test_a_session_answers_me_without_a_token(client: Client, staff: User) -> None:
    client.force_login(staff)
    response = client.get(ME)
    assert response.status_code == 200
    body = response.json()
    assert body["token"] is None
    assert body["roles"] == [
        {"kind": "staff", "name": "Office staff", "organization": None, "centers": []}
    ]
    assert body["language"] == "en"


def test_a_session_write_needs_the_csrf_token_and_a_token_write_does_not(staff: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)
    response = client.post("/api/v1/organizations/", {}, content_type="application/json")
    assert response.status_code == 403
    token_client = Client(enforce_csrf_checks=True)
    response = token_client.post(
        "/api/v1/organizations/", {}, content_type="application/json", **bearer(make_token(staff))
    )
    assert response.status_code != 403


# A read-only token ---------------------------------------------------------------------------


def _signed_in(method: str, user: Any, token: ApiToken | None) -> tuple[bool, SignedIn]:
    request = SimpleNamespace(method=method, user=user, auth=token)
    permission = SignedIn()
    return permission.has_permission(request, None), permission  # type: ignore[arg-type]


def test_a_read_only_token_reads(staff: User) -> None:
    token = token_of(make_token(staff, scope=TokenScope.READ))
    for method in ("GET", "HEAD", "OPTIONS"):
        assert _signed_in(method, staff, token)[0]


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_a_read_only_token_is_refused_writes(staff: User, method: str) -> None:
    token = token_of(make_token(staff, scope=TokenScope.READ))
    allowed, permission = _signed_in(method, staff, token)
    assert not allowed
    assert permission.code == "read_only_token"
    assert str(permission.message) == "This token is read-only."


def test_a_read_and_write_token_and_a_session_write(staff: User) -> None:
    token = token_of(make_token(staff, scope=TokenScope.WRITE))
    assert _signed_in("POST", staff, token)[0]
    assert _signed_in("POST", staff, None)[0]


def test_an_inactive_or_anonymous_caller_is_not_signed_in(staff: User) -> None:
    from django.contrib.auth.models import AnonymousUser

    assert not _signed_in("GET", AnonymousUser(), None)[0]
    staff.is_active = False
    assert not _signed_in("GET", staff, None)[0]


def test_a_read_only_token_posting_to_the_api_is_a_403(client: Client, staff: User) -> None:
    key = make_token(staff, scope=TokenScope.READ)
    response = client.post(
        "/api/v1/organizations/",
        {"name_zh": "某公司"},
        content_type="application/json",
        **bearer(key),
    )
    assert response.status_code == 403
    assert response.json()["code"] == "read_only_token"
    assert response.json()["detail"] == "This token is read-only."


# Throttling -------------------------------------------------------------------------------


def _rate(rate: str) -> Any:
    return override_settings(
        REST_FRAMEWORK={**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"caller": rate}}
    )


def test_a_token_over_its_rate_is_told_to_wait(client: Client, staff: User) -> None:
    key = make_token(staff)
    with _rate("3/minute"):
        for _ in range(3):
            assert client.get(ME, **bearer(key)).status_code == 200
        response = client.get(ME, **bearer(key))
    assert response.status_code == 429
    assert response.json()["code"] == "throttled"
    assert 0 < int(response["Retry-After"]) <= 60


def test_the_rate_is_counted_per_token_and_per_session(client: Client, staff: User) -> None:
    first, second = make_token(staff, name="first"), make_token(staff, name="second")
    with _rate("3/minute"):
        for _ in range(3):
            client.get(ME, **bearer(first))
        assert client.get(ME, **bearer(first)).status_code == 429
        assert client.get(ME, **bearer(second)).status_code == 200
        session = Client()
        session.force_login(staff)
        assert session.get(ME).status_code == 200


def test_the_throttle_keys(staff: User) -> None:
    from django.contrib.auth.models import AnonymousUser

    from liaison.api.throttling import CallerRateThrottle

    token = token_of(make_token(staff))
    throttle = CallerRateThrottle()
    plain = APIRequestFactory().get("/")
    request: Any = SimpleNamespace(auth=token, user=staff, META=plain.META, headers=plain.headers)
    assert throttle.get_cache_key(request, None) == f"throttle_caller_token:{token.pk}"
    request.auth = None
    assert throttle.get_cache_key(request, None) == f"throttle_caller_user:{staff.pk}"
    request.user = AnonymousUser()
    assert throttle.get_cache_key(request, None) == "throttle_caller_address:127.0.0.1"


# What the audit log and the token keep of a request ---------------------------------------------


def test_each_token_request_is_one_audit_event(client: Client, staff: User) -> None:
    key = make_token(staff)
    token = token_of(key)
    client.get(ME, REMOTE_ADDR="10.1.2.3", HTTP_USER_AGENT="nightly/1.0", **bearer(key))
    client.get(ME + "?x=1", **bearer(key))
    events = list(AuditEvent.objects.filter(kind=AuditKind.API).order_by("pk"))
    assert len(events) == 2
    first = events[0]
    assert first.user == staff
    assert first.model == "api.apitoken"
    assert first.object_id == str(token.pk)
    assert first.object_repr == f"test script ({token.prefix}…)"
    assert first.summary == "GET /api/v1/me/ 200"
    assert first.ip_address == "10.1.2.3"
    assert first.user_agent == "nightly/1.0"
    assert events[1].summary == "GET /api/v1/me/?x=1 200"


def test_a_refused_token_request_is_in_the_audit_log_with_its_status(
    client: Client, staff: User
) -> None:
    key = make_token(staff, scope=TokenScope.READ)
    client.post("/api/v1/organizations/", {}, content_type="application/json", **bearer(key))
    event = AuditEvent.objects.get(kind=AuditKind.API)
    assert event.summary == "POST /api/v1/organizations/ 403"


def test_a_session_request_writes_no_api_event(client: Client, staff: User) -> None:
    client.force_login(staff)
    client.get(ME)
    assert not AuditEvent.objects.filter(kind=AuditKind.API).exists()


def test_the_last_use_moves_at_most_once_a_minute(client: Client, staff: User) -> None:
    key = make_token(staff)
    assert token_of(key).last_used_at is None
    client.get(ME, **bearer(key))
    first = token_of(key).last_used_at
    assert first is not None
    client.get(ME, **bearer(key))
    assert token_of(key).last_used_at == first
    earlier = first - datetime.timedelta(minutes=2)
    ApiToken.objects.filter(key_hash=key_hash(key)).update(last_used_at=earlier)
    client.get(ME, **bearer(key))
    assert token_of(key).last_used_at > earlier  # type: ignore[operator]


def test_recording_a_use_costs_two_queries_at_most(staff: User) -> None:
    token = authenticate_key(make_token(staff))  # as the authentication finds it: with its user
    request = APIRequestFactory().get(ME)
    request.auth = token
    with CaptureQueriesContext(connection) as queries:
        record_use(request, SimpleNamespace(status_code=200))
        record_use(request, SimpleNamespace(status_code=200))  # once per request
    statements = [q["sql"] for q in queries if "SAVEPOINT" not in q["sql"]]
    assert len(statements) == 2, statements
    assert AuditEvent.objects.filter(kind=AuditKind.API).count() == 1


# The tokens page --------------------------------------------------------------------------------


def _key_on(html: str) -> str | None:
    found = re.search(r'id="new-token-key"[^>]*value="(lia_[^"]+)"', html)
    return found.group(1) if found else None


def test_the_page_makes_a_token_and_shows_its_key_once(client: Client, staff: User) -> None:
    client.force_login(staff)
    response = client.post(TOKENS, {"name": "my script", "scope": "write", "days": "30"})
    assert response.status_code == 302
    assert response["Location"] == TOKENS
    page = client.get(TOKENS)
    assert page["Cache-Control"] == "no-store"
    key = _key_on(page.content.decode())
    assert key is not None
    token = token_of(key)
    assert (token.user, token.name, token.scope) == (staff, "my script", "write")
    assert "shown only this once" in page.content.decode()
    again = client.get(TOKENS).content.decode()
    assert _key_on(again) is None
    assert key not in again
    assert token.prefix in again
    assert client.get(ME, **bearer(key)).status_code == 200


def test_the_page_shows_a_refusal_under_its_field(client: Client, staff: User) -> None:
    client.force_login(staff)
    response = client.post(TOKENS, {"name": "", "scope": "read", "days": "30"})
    assert response.status_code == 400
    assert not ApiToken.objects.exists()
    assert response.context["form"].errors["name"]


def test_the_page_lists_only_the_persons_own_tokens(client: Client, staff: User) -> None:
    other = UserFactory.create(username="other-staff")
    make_token(staff, name="mine")
    make_token(other, name="theirs")
    client.force_login(staff)
    page = client.get(TOKENS).content.decode()
    assert "mine" in page
    assert "theirs" not in page


def test_the_page_revokes_a_token(client: Client, staff: User) -> None:
    key = make_token(staff)
    token = token_of(key)
    client.force_login(staff)
    response = client.post(f"{TOKENS}{token.pk}/revoke/")
    assert response.status_code == 302
    assert token_of(key).revoked_at is not None
    assert "is revoked" in str(next(iter(get_messages(response.wsgi_request))))
    page = client.get(TOKENS).content.decode()
    assert "Revoked" in page
    again = client.post(f"{TOKENS}{token.pk}/revoke/", follow=True)
    assert "revoked already" in again.content.decode()


def test_another_persons_token_is_not_found_on_the_page(client: Client, staff: User) -> None:
    other = UserFactory.create(username="other-staff")
    token = token_of(make_token(other))
    client.force_login(staff)
    assert client.post(f"{TOKENS}{token.pk}/revoke/").status_code == 404
    assert token_of_pk(token.pk).revoked_at is None


def test_the_page_asks_to_sign_in(client: Client) -> None:
    response = client.get(TOKENS)
    assert response.status_code == 302
    assert "/login" in response["Location"] or "login" in response["Location"]


def test_the_user_menu_links_the_page(client: Client, staff: User) -> None:
    client.force_login(staff)
    assert f'href="{TOKENS}"' in client.get("/").content.decode()


# The admin ----------------------------------------------------------------------------------------


def test_an_administrator_makes_a_token_for_a_service_account_in_the_admin(
    client: Client, administrator: User
) -> None:
    service = UserFactory.create(username="service-account", role=RoleKind.LEADERSHIP)
    client.force_login(administrator)
    response = client.post(
        "/admin/api/apitoken/add/",
        {"user": service.pk, "name": "reporting", "scope": "read", "days": "30"},
        follow=True,
    )
    assert response.status_code == 200
    token = ApiToken.objects.get()
    assert (token.user, token.created_by) == (service, administrator)
    shown = " ".join(str(m) for m in response.context["messages"])
    key = re.search(r"lia_\S+", shown)
    assert key is not None
    assert authenticate_key(key.group(0)) == token


def test_the_admin_revokes_tokens(client: Client, administrator: User, staff: User) -> None:
    token = token_of(make_token(staff))
    client.force_login(administrator)
    client.post(
        "/admin/api/apitoken/",
        {"action": "revoke", "_selected_action": [token.pk]},
    )
    assert token_of_pk(token.pk).revoked_by == administrator


def test_the_admin_shows_no_hash_and_edits_nothing(
    client: Client, administrator: User, staff: User
) -> None:
    token = token_of(make_token(staff))
    client.force_login(administrator)
    page = client.get(f"/admin/api/apitoken/{token.pk}/change/").content.decode()
    assert token.key_hash not in page
    client.post(f"/admin/api/apitoken/{token.pk}/change/", {"name": "renamed"})
    assert token_of_pk(token.pk).name == "test script"


def test_the_tokens_are_not_in_the_admin_for_the_staff(client: Client, staff: User) -> None:
    client.force_login(staff)
    assert client.get("/admin/api/apitoken/").status_code == 403
