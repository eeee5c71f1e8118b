"""Invitations: the office asks an organization's contact in, by a link that works once.

`invitation_create` makes the link's token and keeps only its SHA-256: the token is shown
once to the staff who invited (and mailed, where the installation sends mail), and a copy of
the database opens no account. `invitation_accept` checks the token, opens the account with
the password the contact chose, links or records the contact as a person of the
organization, and gives the account the invitation's role for that organization, all in one
transaction that locks the invitation, so that a link used twice at once opens one account.
An unknown, expired or used link is refused with one message, so the refusal tells a guesser
nothing.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.core import permissions, writes
from liaison.core.lifecycle import FieldErrors, require_version, save_changes
from liaison.core.mail import mail_reaches_people
from liaison.core.writes import delete_record
from liaison.organizations.models import Organization
from liaison.people.choices import PersonKind
from liaison.people.models import Affiliation, Person

from .choices import RoleKind
from .models import Invitation, Role, RoleAssignment, User, invitation_token
from .services import default_role

logger = logging.getLogger(__name__)

DEFAULT_DAYS = 7
MAX_DAYS = 30


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def invalid_link_message() -> str:
    # One message for a link that never was, has expired or was used: no oracle.
    return _(
        "This invitation link cannot be used: it is unknown, has expired or was used already. "
        "Ask the office for a new one."
    )


def invitation_state(invitation: Invitation, now: datetime.datetime | None = None) -> str:
    """accepted, expired (or revoked: it expired the moment it was revoked) or waiting."""
    if invitation.accepted_at is not None:
        return "accepted"
    if invitation.expires_at <= (now or timezone.now()):
        return "expired"
    return "waiting"


@transaction.atomic
def invitation_create(
    *,
    email: str,
    organization: Organization,
    by: User | None,
    days: int = DEFAULT_DAYS,
    role: Role | None = None,
) -> tuple[Invitation, str]:
    """Invite `email` to become an enterprise user of `organization`; the token, once."""
    errors = FieldErrors()
    valid_days = isinstance(days, int) and not isinstance(days, bool) and 1 <= days <= MAX_DAYS
    if not valid_days:
        errors.add(
            "days",
            _("A link stays valid for 1 to %(max)s days.") % {"max": MAX_DAYS},
            code="days_range",
        )
    role = role or default_role(RoleKind.ENTERPRISE)
    if role.kind != RoleKind.ENTERPRISE:
        errors.add(
            "role",
            _("An invitation gives an enterprise user's role."),
            code="not_enterprise_role",
        )
    token = invitation_token()
    invitation = Invitation(
        token_hash=token_hash(token),
        invited_by=by,
        expires_at=timezone.now() + datetime.timedelta(days=days if valid_days else DEFAULT_DAYS),
    )
    save_changes(
        invitation,
        by=by,
        errors=errors,
        email=(email or "").strip(),
        organization=organization,
        role=role,
    )
    return invitation, token


@transaction.atomic
def invitation_add(
    *,
    by: User | None,
    email: str,
    organization: Organization,
    days: int = DEFAULT_DAYS,
    role: Role | None = None,
) -> Invitation:
    """The create service of the one write path: `invitation_create`, its token left on the
    returned invitation as `link_token` (never stored) for the face to show once."""
    invitation, token = invitation_create(
        email=email, organization=organization, by=by, days=days, role=role
    )
    invitation.link_token = token  # type: ignore[attr-defined]
    return invitation


def invitation_send(*, invitation: Invitation, link: str) -> bool:
    """Mail the link to the invited address, where the installation sends mail; whether it did.

    Mail goes out when it reaches people (`core.mail`: a mail server is set, or the tests'
    in-memory outbox); otherwise the staff copy the link themselves.
    """
    if not mail_reaches_people():
        return False
    subject = _("Your invitation to %(organization)s's page at the institute") % {
        "organization": invitation.organization
    }
    body = _(
        "The office invites you to follow %(organization)s's technical needs, agreements and "
        "services online.\n\nOpen this link to choose your password (it works once, until "
        "%(expires)s):\n%(link)s\n"
    ) % {
        "organization": invitation.organization,
        "expires": timezone.localtime(invitation.expires_at).strftime("%Y-%m-%d %H:%M"),
        "link": link,
    }
    try:
        send_mail(subject, body, None, [invitation.email])
    except OSError:
        logger.warning("The invitation to %s could not be mailed", invitation.email, exc_info=True)
        return False
    return True


def invitation_for_token(token: str) -> Invitation | None:
    """The invitation of `token` if it can still be accepted, else None."""
    if not token or len(token) > 200:
        return None
    invitation = (
        Invitation.objects.select_related("organization")
        .filter(token_hash=token_hash(token))
        .first()
    )
    if invitation is None or invitation_state(invitation) != "waiting":
        return None
    return invitation


def _check_account(errors: FieldErrors, username: str, password: str, email: str) -> None:
    field = User._meta.get_field("username")
    try:
        field.clean(username, None)
    except ValidationError as error:
        errors.add("username", " ".join(error.messages), code="invalid_username")
    else:
        if User._base_manager.filter(username__iexact=username).exists():
            errors.add(
                "username",
                _("This username is taken; choose another."),
                code="username_taken",
            )
    try:
        password_validation.validate_password(password, User(username=username, email=email))
    except ValidationError as error:
        for message in error.messages:
            errors.add("password", message, code="weak_password")


def _contact_person(invitation: Invitation, user: User, name: str) -> Person:
    """The organization's contact with the invited address and no account yet, or a new one."""
    person = (
        Person.objects.filter(
            user__isnull=True,
            email__iexact=invitation.email,
            affiliations__organization=invitation.organization,
        )
        .order_by("pk")
        .first()
    )
    if person is not None:
        return writes.update(person, by=None, version=person.version, user=user)
    person = writes.create(
        Person,
        by=None,
        name_zh=name or user.get_username(),
        kind=PersonKind.ENTERPRISE_CONTACT,
        email=invitation.email,
        user=user,
    )
    writes.create(
        Affiliation,
        by=None,
        person=person,
        organization=invitation.organization,
        starts_on=timezone.localdate(),
        is_primary=True,
    )
    return person


def invitation_accept(
    *, token: str, username: str, password: str, name: str = "", by: User | None = None
) -> User:
    """Open the invited contact's account: refused for an unknown, expired or used link."""
    username = (username or "").strip()
    name = (name or "").strip()
    try:
        with transaction.atomic():
            invitation = (
                Invitation.objects.select_for_update()
                .filter(token_hash=token_hash(token or ""))
                .first()
            )
            if invitation is None or invitation_state(invitation) != "waiting":
                raise ValidationError(invalid_link_message(), code="invalid_invitation")
            errors = FieldErrors()
            if len(name) > Person._meta.get_field("name_zh").max_length:  # type: ignore[operator]
                errors.add(
                    "name",
                    _("A name is at most %(max)s characters.")
                    % {"max": Person._meta.get_field("name_zh").max_length},
                    code="name_too_long",
                )
            _check_account(errors, username, password, invitation.email)
            errors.raise_any()
            user = User(username=username, email=invitation.email, first_name=name[:150])
            user.set_password(password)
            user.save()
            _contact_person(invitation, user, name)
            writes.create(
                RoleAssignment,
                by=None,
                user=user,
                role=invitation.role,
                organization=invitation.organization,
            )
            save_changes(invitation, by=user, accepted_at=timezone.now(), user=user)
    except IntegrityError as error:
        # The same username chosen at the same moment by someone else.
        raise ValidationError(
            {"username": [_("This username is taken; choose another.")]}
        ) from error
    return user


@transaction.atomic
def invitation_revoke(
    *, invitation: Invitation, by: User | None, version: int | None = None
) -> Invitation:
    """End a waiting invitation now: its link stops working."""
    if invitation.accepted_at is not None:
        raise ValidationError(
            _("This invitation was accepted already; remove the account's role instead."),
            code="invitation_accepted",
        )
    require_version(invitation, version)
    now = timezone.now()
    if invitation.expires_at <= now:
        return invitation
    return save_changes(invitation, by=by, expires_at=now)


@transaction.atomic
def invitation_update(
    *,
    invitation: Invitation,
    by: User | None,
    version: int | None = None,
    revoke: bool = False,
    **fields: Any,
) -> Invitation:
    """An invitation is not changed, only revoked (`revoke=True`): a new address or
    organization is a new invitation."""
    if fields:
        raise ValidationError(
            _("An invitation is not changed: revoke it and invite again."),
            code="invitation_fixed",
        )
    if revoke:
        return invitation_revoke(invitation=invitation, by=by, version=version)
    return invitation


@transaction.atomic
def invitation_delete(
    *, invitation: Invitation, by: User | None, version: int | None = None
) -> None:
    """Delete an invitation never accepted; an accepted one records how an account was opened."""
    refusal = (
        _("An accepted invitation is kept: it records how the account was opened.")
        if invitation.accepted_at is not None
        else None
    )
    delete_record(invitation, by=by, version=version, refusal=refusal)


writes.register(
    Invitation,
    create=invitation_add,
    update=invitation_update,
    delete=invitation_delete,
    target="invitation",
)
permissions.scoped(Invitation, domain=False, organization="organization")
