"""Files people upload, judged by what their bytes are, never by what they are called.

`check_upload` reads a file's content (the `filetype` package knows the signatures) and
accepts a short list of kinds: PDF, PNG, JPEG, GIF, WebP, Word, Excel and PowerPoint
documents, ZIP archives, and plain UTF-8 text or CSV. Anything else is refused with a message
for the person who chose the file: a program renamed .pdf, a web page, an SVG (which may
carry scripts), an empty file, one over the size limit, a file that is two kinds at once (an
image with a web page or an archive inside), and an archive that would unpack to far more
than its size, holds too many files, or names paths outside itself. A checked file is stored
under a random name with the extension of what it is (`stored_name`); the name it came with
is kept, cleaned (`display_name`), only to show and to download it as.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import secrets
import unicodedata
import zipfile
from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import IO, Any

import filetype  # type: ignore[import-untyped]
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

MB = 1024 * 1024
DEFAULT_MAX_MB = 20
# An archive unpacks to at most this many times its size, and never more than this in all:
# a few kilobytes of zeros that inflate to gigabytes (a "zip bomb") are refused unopened.
MAX_EXPANSION = 100
MAX_UNPACKED = 200 * MB
MAX_MEMBERS = 1000
# Where a browser looks for a web page in a file it sniffs, and where an image with a page
# hidden in it would put one.
SNIFFED_BYTES = 1024

_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
_ZIP = "application/zip"

# What `filetype` detects → the type it is stored and served as, and its extension.
ACCEPTED: dict[str, tuple[str, str]] = {
    "application/pdf": ("application/pdf", "pdf"),
    "image/png": ("image/png", "png"),
    "image/apng": ("image/png", "png"),  # an animated PNG is a PNG
    "image/jpeg": ("image/jpeg", "jpg"),
    "image/gif": ("image/gif", "gif"),
    "image/webp": ("image/webp", "webp"),
    _DOCX: (_DOCX, "docx"),
    _XLSX: (_XLSX, "xlsx"),
    _PPTX: (_PPTX, "pptx"),
    _ZIP: (_ZIP, "zip"),
}
ZIP_BASED = frozenset({_DOCX, _XLSX, _PPTX, _ZIP})
OFFICE = frozenset({_DOCX, _XLSX, _PPTX})

# Markup a browser would run, at the start of a file claimed to be text or an image.
_MARKUP = re.compile(
    rb"<\s*(?:!doctype|html|head|body|script|svg|iframe|object|embed|\?xml|meta|link|style)\b|"
    rb"javascript\s*:",
    re.IGNORECASE,
)
_CONTROL_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp"})
_DRIVE = re.compile(r"^[A-Za-z]:")


@dataclasses.dataclass(frozen=True)
class Checked:
    """What a file was found to be: the type it is served as, its extension, size and digest."""

    content_type: str
    extension: str
    size: int
    sha256: str


def max_upload_bytes() -> int:
    """The largest file accepted, from the setting LIAISON_ATTACHMENT_MAX_MB (20 MB unless set)."""
    return int(getattr(settings, "LIAISON_ATTACHMENT_MAX_MB", DEFAULT_MAX_MB)) * MB


def accepted_kinds() -> str:
    return _(
        "PDF, images (PNG, JPEG, GIF, WebP), Word, Excel and PowerPoint documents, "
        "ZIP archives, plain text and CSV"
    )


def _refuse(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def _chunks(file: IO[bytes], size: int = 64 * 1024) -> Iterator[bytes]:
    file.seek(0)
    while chunk := file.read(size):
        yield chunk


def check_upload(file: Any, *, max_bytes: int | None = None, name: str = "") -> Checked:
    """What `file` is, by its content; a `ValidationError` saying why it is refused otherwise.

    `file` is an open binary file (an uploaded file, a `BytesIO`); `name` (or `file.name`)
    only tells CSV from plain text, two kinds that look alike and are served alike.
    """
    limit = max_upload_bytes() if max_bytes is None else max_bytes
    declared = getattr(file, "size", None)
    if declared is not None and declared > limit:
        raise _too_large(limit)
    digest = hashlib.sha256()
    size = 0
    for chunk in _chunks(file):
        size += len(chunk)
        if size > limit:
            raise _too_large(limit)
        digest.update(chunk)
    if size == 0:
        raise _refuse(_("The file is empty."), "empty_file")
    file.seek(0)
    head = file.read(8192)
    kind = filetype.guess(head)
    if kind is None:
        content_type, extension = _text_kind(file, name or getattr(file, "name", "") or "")
    elif kind.mime in ACCEPTED:
        content_type, extension = ACCEPTED[kind.mime]
        if content_type in ZIP_BASED:
            _check_archive(file, size, office=content_type in OFFICE)
        else:
            _check_single_kind(file, head)
    else:
        raise _not_accepted()
    file.seek(0)
    return Checked(
        content_type=content_type, extension=extension, size=size, sha256=digest.hexdigest()
    )


def _too_large(limit: int) -> ValidationError:
    return _refuse(
        _("The file is larger than %(limit)s, the most a file may be.")
        % {"limit": filesizeformat(limit)},
        "file_too_large",
    )


def _not_accepted() -> ValidationError:
    return _refuse(
        _("This kind of file is not accepted. Accepted are: %(kinds)s.")
        % {"kinds": accepted_kinds()},
        "file_type_refused",
    )


def _text_kind(file: IO[bytes], name: str) -> tuple[str, str]:
    """Plain text or CSV: UTF-8 throughout, no NUL byte, and no web page or SVG markup."""
    file.seek(0)
    content = file.read()
    if b"\x00" in content:
        raise _not_accepted()
    try:
        content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _not_accepted() from error
    if _MARKUP.search(content[:SNIFFED_BYTES]) or content.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(
        b"<"
    ):
        raise _refuse(
            _(
                "Web pages, SVG drawings and other markup are not accepted: they may run "
                "scripts. Send a PDF or an image instead."
            ),
            "markup_refused",
        )
    if PurePosixPath(display_name(name)).suffix.lower() == ".csv":
        return "text/csv", "csv"
    return "text/plain", "txt"


def _check_single_kind(file: IO[bytes], head: bytes) -> None:
    """Refuse a document or image that is also something else: a page a browser would run,
    or an archive appended to it (a "polyglot")."""
    if _MARKUP.search(head[:SNIFFED_BYTES]):
        raise _polyglot()
    file.seek(0)
    if zipfile.is_zipfile(file):
        raise _polyglot()


def _polyglot() -> ValidationError:
    return _refuse(
        _(
            "The file is two kinds of file at once (a document or image with a web page or "
            "an archive hidden in it) and is not accepted."
        ),
        "polyglot_refused",
    )


def _check_archive(file: IO[bytes], size: int, *, office: bool) -> None:
    """Refuse an archive (Office documents are ones) that would unpack to far more than its
    size, holds too many files, or names a path outside itself; read from its directory,
    nothing is unpacked."""
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as error:
        raise _refuse(
            _("The archive or document is damaged and cannot be read."), "damaged_archive"
        ) from error
    if len(members) > MAX_MEMBERS:
        raise _refuse(
            _("The archive holds more than %(count)s files.") % {"count": MAX_MEMBERS},
            "too_many_members",
        )
    unpacked = 0
    for member in members:
        if _outside(member.filename):
            raise _refuse(
                _("The archive names a file outside itself (“%(name)s”) and is not accepted.")
                % {"name": display_name(member.filename)},
                "unsafe_member_path",
            )
        unpacked += member.file_size
    if unpacked > MAX_UNPACKED or unpacked > MAX_EXPANSION * size:
        raise _refuse(
            _(
                "The archive would unpack to %(unpacked)s, far more than its size; it is not "
                "accepted."
            )
            % {"unpacked": filesizeformat(unpacked)},
            "archive_bomb",
        )
    if office and "[Content_Types].xml" not in {m.filename for m in members}:
        raise _refuse(
            _("The archive or document is damaged and cannot be read."), "damaged_archive"
        )


def _outside(member_name: str) -> bool:
    path = member_name.replace("\\", "/")
    return path.startswith("/") or bool(_DRIVE.match(path)) or ".." in path.split("/")


def display_name(name: str, *, max_length: int = 255) -> str:
    """The name a file was uploaded as, fit to show: no folders, no control characters (nor
    the invisible ones that turn "exe.pdf" around), at most `max_length` characters, its
    extension kept."""
    name = re.split(r"[/\\]", str(name or ""))[-1]
    name = "".join(c for c in name if unicodedata.category(c) not in _CONTROL_CATEGORIES)
    name = name.strip().strip(".").strip()
    if not name:
        return _("file")
    if len(name) > max_length:
        suffix = PurePosixPath(name).suffix
        if len(suffix) >= max_length // 2:
            suffix = ""
        name = name[: max_length - len(suffix)] + suffix
    return name


def stored_name(checked: Checked) -> str:
    """A name to store a checked file under: random, with the extension of what it is."""
    return f"{secrets.token_hex(16)}.{checked.extension}"
