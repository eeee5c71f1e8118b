"""What an enterprise and the office exchange on a need: files, messages, and the rating.

A file is attached by `attachment_add`, which judges it by its content (`core.uploads`),
stores it under a random name and keeps the name it came with only for display; it is served
by `attachment_views` through the permission check, never from a public folder. Messages
(`message_post`) are the office's questions and the enterprise's answers, kept as written:
none is changed or deleted. `need_rate` records the enterprise's rating of a solved need,
once. Every face writes these through `core.writes`, as registered at the bottom.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from liaison.core import permissions, writes
from liaison.core.lifecycle import (
    FieldErrors,
    refuse_unmanaged_fields,
    require_version,
    save_changes,
    status_label,
)
from liaison.core.uploads import check_upload, display_name, max_upload_bytes, stored_name
from liaison.core.writes import delete_record, update_record

from .choices import NeedStatus
from .models import NeedAttachment, NeedMessage, TechnicalNeed

if TYPE_CHECKING:
    from liaison.accounts.models import User

# A message is a question or an answer, not a document: longer texts go in an attachment.
MESSAGE_MAX_LENGTH = 10_000


# Attachments ---------------------------------------------------------------------------------


@transaction.atomic
def attachment_add(
    *, need: TechnicalNeed, upload: Any, by: User | None, name: str = ""
) -> NeedAttachment:
    """Attach a file to a need once its content is one of the accepted kinds."""
    try:
        checked = check_upload(upload, max_bytes=max_upload_bytes(), name=name or upload.name)
    except ValidationError as error:
        raise ValidationError({"file": error.error_list}) from error
    attachment = NeedAttachment(
        need=need,
        name=display_name(name or getattr(upload, "name", "") or ""),
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=by,
    )
    upload.seek(0)
    attachment.file.save(stored_name(checked), upload, save=False)
    try:
        save_changes(attachment, by=by)
    except BaseException:
        discard_files([attachment])
        raise
    return attachment


def discard_files(attachments: Iterable[NeedAttachment]) -> None:
    """Delete the stored files of `attachments` whose rows were not kept.

    A file is written before its row, and the row may be undone with the transaction it was
    saved in (a need submitted with a second file refused): the face that undid it calls this.
    """
    for attachment in attachments:
        if attachment.file.name:
            attachment.file.storage.delete(attachment.file.name)


@transaction.atomic
def attachment_update(
    *, attachment: NeedAttachment, by: User | None, version: int | None = None, **fields: Any
) -> NeedAttachment:
    """Rename an attachment; its file is never replaced (attach a new one instead)."""
    other = set(fields) - {"name"}
    if other:
        raise ValidationError(
            _("Only an attachment's name may be changed; attach the new file instead."),
            code="attachment_file_fixed",
        )
    if "name" in fields:
        fields["name"] = display_name(fields["name"])
    return update_record(attachment, by=by, version=version, **fields)


@transaction.atomic
def attachment_delete(
    *, attachment: NeedAttachment, by: User | None, version: int | None = None
) -> None:
    """Delete an attachment and, once that is committed, its stored file."""
    storage, name = attachment.file.storage, attachment.file.name
    delete_record(attachment, by=by, version=version)
    if name:
        transaction.on_commit(lambda: storage.delete(name))


# Messages ------------------------------------------------------------------------------------


def _from_enterprise(user: User | None, need: TechnicalNeed) -> bool:
    """Whether `user` sees the need as one of its organization's people, not as the office."""
    grants = permissions.grants_of(user)
    return any(
        grant.scope == permissions.ORGANIZATION
        and grant.covers(TechnicalNeed, "view")
        and need.organization_id in grant.organization_ids
        for grant in grants.rules
    )


@transaction.atomic
def message_post(*, need: TechnicalNeed, body: str, by: User | None) -> NeedMessage:
    """Add a question of the office, or an answer of the enterprise, to a need's conversation."""
    errors = FieldErrors()
    body = (body or "").strip()
    if not body:
        errors.add("body", _("Write the message first."), code="empty_message")
    elif len(body) > MESSAGE_MAX_LENGTH:
        errors.add(
            "body",
            _(
                "A message is at most %(limit)s characters (this one has %(length)s); attach "
                "a longer text as a file."
            ),
            code="message_too_long",
            params={"limit": MESSAGE_MAX_LENGTH, "length": len(body)},
        )
    refuse_unmanaged_fields(NeedMessage, ("need", "body"))
    message = NeedMessage(author=by, from_enterprise=_from_enterprise(by, need))
    return save_changes(message, by=by, errors=errors, need=need, body=body)


def _conversation_kept(**_fields: Any) -> None:
    raise ValidationError(
        _(
            "A conversation is kept as it was written: a message cannot be changed or "
            "deleted. Post another message to correct it."
        ),
        code="message_kept",
    )


def message_update(
    *, message: NeedMessage, by: User | None, version: int | None = None, **fields: Any
) -> NeedMessage:
    _conversation_kept()
    return message  # pragma: no cover - refused above


def message_delete(*, message: NeedMessage, by: User | None, version: int | None = None) -> None:
    _conversation_kept()


# The enterprise's rating ---------------------------------------------------------------------


@transaction.atomic
def need_rate(
    *, need: TechnicalNeed, satisfaction: Any, by: User | None, version: int | None
) -> TechnicalNeed:
    """Record, once, how satisfied the enterprise is with the solution of its solved need."""
    permissions.refuse_unless(by, "change", need)
    require_version(need, version)
    errors = FieldErrors()
    if need.status != NeedStatus.SOLVED:
        errors.add(
            None,
            _("Only a solved need is rated; this one is “%(current)s”."),
            code="not_solved",
            params={"current": status_label(need, need.status)},
        )
    elif need.satisfaction is not None:
        errors.add(
            None,
            _("This need was rated already (%(rating)s of 5); a rating is given once."),
            code="already_rated",
            params={"rating": need.satisfaction},
        )
    value = _whole_number(satisfaction)
    if value is None or not 1 <= value <= 5:
        errors.add(
            "satisfaction",
            _("Satisfaction runs from 1 (poor) to 5 (excellent)."),
            code="satisfaction_range",
        )
    errors.raise_any()
    return save_changes(need, by=by, satisfaction=value)


def _whole_number(value: Any) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        return int(value.strip())
    return None


writes.register(
    NeedAttachment,
    create=attachment_add,
    update=attachment_update,
    delete=attachment_delete,
    target="attachment",
)
writes.register(
    NeedMessage,
    create=message_post,
    update=message_update,
    delete=message_delete,
    target="message",
)
