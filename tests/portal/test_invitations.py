"""Staff invite an organization's contact; the link opens one account, once, before it expires."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from liaison.accounts.choices import RoleKind
from liaison.accounts.invitations import (
    invitation_accept,
    invitation_create,
    invitation_state,
    token_hash,
)
from liaison.accounts.models import Invitation, RoleAssignment, User
from liaison.core import writes
from liaison.organizations.models import Organization
from liaison.people.choices import PersonKind
from liaison.people.models import Person
from tests.accounts.factories import UserFactory
from tests.people.factories import AffiliationFactory, PersonFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Coating-Adhesion-2024"
LINK = re.compile(r"/portal/invitation/([A-Za-z0-9_-]+)/")


def invite(client: Client, organization: Organization, email: str = "li.ming@yiding.cn") -> str:
    """Invite `email` from the organization's invitations page; the token of the link shown."""
    response = client.post(
        reverse("portal:invitations", args=(organization.pk,)), {"email": email, "days": 7}
    )
    assert response.status_code == 200
    found = LINK.search(response.content.decode())
    assert found, "the page shows the link once"
    return found.group(1)


def accept(client: Client, token: str, **fields: str) -> Any:
    data = {
        "name": "李明",
        "username": "liming",
        "password": PASSWORD,
        "password_again": PASSWORD,
        **fields,
    }
    return client.post(reverse("portal:accept", args=(token,)), data)


def test_staff_invite_from_the_organizations_page(
    signed_in: Client, enterprise: Organization
) -> None:
    page = signed_in.get(reverse("organizations:organization_detail", args=(enterprise.pk,)))
    url = reverse("portal:invitations", args=(enterprise.pk,))
    assert url in page.content.decode()
    assert "Invite a contact" in page.content.decode()


def test_the_link_is_shown_once_and_only_its_hash_is_kept(
    signed_in: Client, enterprise: Organization
) -> None:
    token = invite(signed_in, enterprise)
    invitation = Invitation.objects.get()
    assert invitation.token_hash == token_hash(token)
    assert token not in invitation.token_hash
    assert invitation.email == "li.ming@yiding.cn"
    assert invitation.organization == enterprise
    assert invitation.role.kind == RoleKind.ENTERPRISE
    assert invitation_state(invitation) == "waiting"
    # The list shows the invitation, never its link again.
    again = signed_in.get(reverse("portal:invitations", args=(enterprise.pk,)))
    assert "li.ming@yiding.cn" in again.content.decode()
    assert token not in again.content.decode()


def test_the_link_is_mailed_through_the_email_backend(
    signed_in: Client, enterprise: Organization
) -> None:
    token = invite(signed_in, enterprise)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["li.ming@yiding.cn"]
    assert f"/portal/invitation/{token}/" in mail.outbox[0].body


def test_the_contact_accepts_and_lands_signed_in_on_the_portal(
    signed_in: Client, enterprise: Organization
) -> None:
    token = invite(signed_in, enterprise)
    visitor = Client()
    form = visitor.get(reverse("portal:accept", args=(token,)))
    assert form.status_code == 200
    assert "Yiding Dressings" in form.content.decode() or "伊鼎" in form.content.decode()

    response = accept(visitor, token)

    assert response.status_code == 302
    assert response["Location"] == reverse("portal:home")
    user = User.objects.get(username="liming")
    assert not user.is_staff
    assert not user.is_superuser
    assert user.email == "li.ming@yiding.cn"
    assert user.check_password(PASSWORD)
    assignment = RoleAssignment.objects.get(user=user)
    assert assignment.role.kind == RoleKind.ENTERPRISE
    assert assignment.organization == enterprise
    person = Person.objects.get(user=user)
    assert person.kind == PersonKind.ENTERPRISE_CONTACT
    assert person.name_zh == "李明"
    assert person.affiliations.get().organization == enterprise
    invitation = Invitation.objects.get()
    assert invitation.accepted_at is not None
    assert invitation.user == user
    assert visitor.get(reverse("portal:home")).status_code == 200


def test_an_existing_contact_of_the_organization_is_linked_not_duplicated(
    enterprise: Organization,
) -> None:
    known = PersonFactory.create(email="Li.Ming@yiding.cn", name_zh="李明")
    AffiliationFactory.create(person=known, organization=enterprise)
    _invitation, token = invitation_create(
        email="li.ming@yiding.cn", organization=enterprise, by=None
    )

    user = invitation_accept(token=token, username="liming", password=PASSWORD)

    known.refresh_from_db()
    assert known.user == user
    assert Person.objects.count() == 1


def test_a_used_link_is_refused(signed_in: Client, enterprise: Organization) -> None:
    token = invite(signed_in, enterprise)
    assert accept(Client(), token).status_code == 302

    again = accept(Client(), token, username="someone-else")

    assert again.status_code == 404
    assert "cannot be used" in again.content.decode()
    assert not User.objects.filter(username="someone-else").exists()


def test_an_expired_link_is_refused_with_the_same_message_as_an_unknown_one(
    signed_in: Client, enterprise: Organization
) -> None:
    token = invite(signed_in, enterprise)
    Invitation.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))

    expired = Client().get(reverse("portal:accept", args=(token,)))
    unknown = Client().get(reverse("portal:accept", args=("x" * 43,)))

    assert expired.status_code == unknown.status_code == 404
    assert expired.context["message"] == unknown.context["message"]
    assert "cannot be used" in expired.content.decode()
    assert accept(Client(), token).status_code == 404
    assert not User.objects.filter(username="liming").exists()


def test_the_service_refuses_unknown_expired_and_used_tokens_alike(
    enterprise: Organization,
) -> None:
    _invitation, used = invitation_create(email="a@yiding.cn", organization=enterprise, by=None)
    invitation_accept(token=used, username="first", password=PASSWORD)
    expired_invitation, expired = invitation_create(
        email="b@yiding.cn", organization=enterprise, by=None
    )
    Invitation.objects.filter(pk=expired_invitation.pk).update(expires_at=timezone.now())
    messages = set()
    for token in (used, expired, "forged-token"):
        with pytest.raises(ValidationError) as refused:
            invitation_accept(token=token, username="second", password=PASSWORD)
        messages.add(tuple(refused.value.messages))
    assert len(messages) == 1
    assert User.objects.filter(username="second").count() == 0


def test_a_revoked_link_stops_working(signed_in: Client, enterprise: Organization) -> None:
    token = invite(signed_in, enterprise)
    invitation = Invitation.objects.get()

    response = signed_in.post(
        reverse("portal:invitation_revoke", args=(invitation.pk,)),
        {"version": invitation.version},
    )

    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation_state(invitation) == "expired"
    assert accept(Client(), token).status_code == 404


def test_a_weak_password_is_refused_and_the_link_still_works(
    signed_in: Client, enterprise: Organization
) -> None:
    token = invite(signed_in, enterprise)

    response = accept(Client(), token, password="12345678", password_again="12345678")

    assert response.status_code == 400
    assert "password" in response.context["form"].errors
    assert not User.objects.filter(username="liming").exists()
    assert accept(Client(), token).status_code == 302


def test_the_two_passwords_must_match(signed_in: Client, enterprise: Organization) -> None:
    token = invite(signed_in, enterprise)
    response = accept(Client(), token, password_again=PASSWORD + "x")
    assert response.status_code == 400
    assert "password_again" in response.context["form"].errors
    assert not User.objects.filter(username="liming").exists()


def test_a_username_taken_is_refused(signed_in: Client, enterprise: Organization) -> None:
    UserFactory.create(username="LiMing")
    token = invite(signed_in, enterprise)
    response = accept(Client(), token)
    assert response.status_code == 400
    assert "username" in response.context["form"].errors


def test_an_invitation_is_revoked_but_not_changed(enterprise: Organization) -> None:
    staff = UserFactory.create()
    invitation = writes.create(Invitation, by=staff, email="c@yiding.cn", organization=enterprise)
    assert invitation.link_token  # type: ignore[attr-defined]

    with pytest.raises(ValidationError):
        writes.update(invitation, by=staff, version=invitation.version, email="d@yiding.cn")
    revoked = writes.update(invitation, by=staff, version=invitation.version, revoke=True)

    assert invitation_state(revoked) == "expired"


def test_only_an_invitation_never_accepted_is_deleted(enterprise: Organization) -> None:
    _waiting, _token = invitation_create(email="e@yiding.cn", organization=enterprise, by=None)
    accepted, token = invitation_create(email="f@yiding.cn", organization=enterprise, by=None)
    invitation_accept(token=token, username="accepted", password=PASSWORD)
    accepted.refresh_from_db()

    writes.delete(_waiting, by=None)
    with pytest.raises(ValidationError):
        writes.delete(accepted, by=None)

    assert list(Invitation.objects.all()) == [accepted]


def test_roles_without_invitations_cannot_invite(
    client: Client, enterprise: Organization, contact: User
) -> None:
    leadership = UserFactory.create(role=RoleKind.LEADERSHIP)
    url = reverse("portal:invitations", args=(enterprise.pk,))
    for user in (leadership, contact):
        client.force_login(user)
        assert client.post(url, {"email": "g@yiding.cn", "days": 7}).status_code == 403
    with pytest.raises(PermissionDenied):
        writes.create(Invitation, by=contact, email="h@yiding.cn", organization=enterprise)
    assert not Invitation.objects.exists()


def test_an_accepted_link_opens_one_account_even_when_sent_twice(
    enterprise: Organization,
) -> None:
    _invitation, token = invitation_create(email="i@yiding.cn", organization=enterprise, by=None)
    invitation_accept(token=token, username="once", password=PASSWORD)
    with pytest.raises(ValidationError):
        invitation_accept(token=token, username="twice", password=PASSWORD)
    assert RoleAssignment.objects.filter(organization=enterprise).count() == 1
