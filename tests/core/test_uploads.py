"""Uploads are judged by their content: the accepted kinds pass, every other kind is refused
with its own reason, and the names they are stored and shown under are safe."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import PurePosixPath

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from liaison.core.uploads import (
    MAX_MEMBERS,
    MB,
    Checked,
    check_upload,
    display_name,
    max_upload_bytes,
    stored_name,
)

# The smallest files of each kind, built here byte by byte.
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
GIF = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
WEBP = b"RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00/\x00\x00\x00\x10\x07\x10\x11\x11\x88\x88\xfe\x07\x00"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00"


def upload(content: bytes, name: str = "file.bin") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def zipped(members: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def office(folder: str) -> bytes:
    """A minimal Office Open XML package: its content types first, then its main part."""
    return zipped(
        {
            "[Content_Types].xml": b'<?xml version="1.0"?><Types/>',
            "_rels/.rels": b"<Relationships/>",
            f"{folder}/document.xml": b"<document/>",
        }
    )


def refusal(content: bytes, name: str, *, max_bytes: int) -> str:
    with pytest.raises(ValidationError) as refused:
        check_upload(upload(content, name), max_bytes=max_bytes)
    return str(refused.value.code)


# Accepted ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "name", "content_type", "extension"),
    [
        (PDF, "report.pdf", "application/pdf", "pdf"),
        (PNG, "photo.png", "image/png", "png"),
        (JPEG, "photo.jpeg", "image/jpeg", "jpg"),
        (GIF, "chart.gif", "image/gif", "gif"),
        (WEBP, "photo.webp", "image/webp", "webp"),
        (
            office("word"),
            "spec.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "docx",
        ),
        (
            office("xl"),
            "data.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
        ),
        (
            office("ppt"),
            "slides.pptx",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            "pptx",
        ),
        (zipped({"a.txt": b"hello", "b/c.txt": b"world"}), "data.zip", "application/zip", "zip"),
        ("涂层在灭菌后脱落。\n".encode(), "notes.txt", "text/plain", "txt"),
        (b"sample,strength\nA,12.5\n", "results.csv", "text/csv", "csv"),
    ],
)
def test_an_accepted_kind_is_known_by_its_content(
    content: bytes, name: str, content_type: str, extension: str
) -> None:
    checked = check_upload(upload(content, name), max_bytes=MB)
    assert checked.content_type == content_type
    assert checked.extension == extension
    assert checked.size == len(content)
    assert len(checked.sha256) == 64


def test_the_name_does_not_decide_the_kind() -> None:
    # A PDF called .txt is a PDF, stored and served as one.
    assert check_upload(upload(PDF, "report.txt"), max_bytes=MB).extension == "pdf"


def test_the_limit_defaults_to_the_setting(settings: pytest.FixtureRequest) -> None:
    settings.LIAISON_ATTACHMENT_MAX_MB = 3  # type: ignore[attr-defined]
    assert max_upload_bytes() == 3 * MB


# One test per kind of refusal ------------------------------------------------------------------


def test_a_program_renamed_pdf_is_refused() -> None:
    assert refusal(EXE, "invoice.pdf", max_bytes=MB) == "file_type_refused"


def test_a_web_page_is_refused() -> None:
    page = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
    assert refusal(page, "page.txt", max_bytes=MB) == "markup_refused"


def test_an_svg_is_refused_even_without_scripts() -> None:
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>'
    assert refusal(svg, "drawing.svg", max_bytes=MB) == "markup_refused"


def test_an_svg_with_a_script_is_refused() -> None:
    svg = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'
    assert refusal(svg, "drawing.png", max_bytes=MB) == "markup_refused"


def test_an_empty_file_is_refused() -> None:
    assert refusal(b"", "empty.pdf", max_bytes=MB) == "empty_file"


def test_a_file_over_the_limit_is_refused() -> None:
    assert refusal(PDF + b"0" * 2048, "big.pdf", max_bytes=1024) == "file_too_large"


def test_a_file_larger_than_it_says_is_refused_by_what_is_read() -> None:
    file = upload(PDF + b"0" * 2048, "big.pdf")
    file.size = 10  # a client can claim anything
    with pytest.raises(ValidationError) as refused:
        check_upload(file, max_bytes=1024)
    assert refused.value.code == "file_too_large"


def test_binary_data_that_is_no_accepted_kind_is_refused() -> None:
    assert refusal(b"\x00\x01\x02binary", "data.csv", max_bytes=MB) == "file_type_refused"


def test_text_that_is_not_utf8_is_refused() -> None:
    assert refusal("涂层脱落".encode("gb18030"), "notes.txt", max_bytes=MB) == "file_type_refused"


def test_an_image_with_a_web_page_inside_is_refused() -> None:
    polyglot = GIF[:13] + b"<script>alert(document.cookie)</script>" + GIF[13:]
    assert refusal(polyglot, "chart.gif", max_bytes=MB) == "polyglot_refused"


def test_an_image_with_an_archive_appended_is_refused() -> None:
    polyglot = JPEG + zipped({"payload.html": b"<script>alert(1)</script>"})
    assert refusal(polyglot, "photo.jpg", max_bytes=MB) == "polyglot_refused"


def bomb(zeros_mb: int, *, padding: bytes = b"") -> bytes:
    """An archive of `zeros_mb` megabytes of zeros (and `padding` stored as it is), written a
    megabyte at a time: small on disk, large once unpacked."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        with archive.open("zeros.bin", "w") as member:
            chunk = b"\0" * MB
            for _ in range(zeros_mb):
                member.write(chunk)
        if padding:
            archive.writestr("random.bin", padding, compress_type=zipfile.ZIP_STORED)
    return buffer.getvalue()


def test_a_zip_bomb_is_refused_without_unpacking_it() -> None:
    # 150 MB of zeros, declared in the archive's directory, packed into about 150 KB.
    archive = bomb(150)
    assert len(archive) < MB
    assert refusal(archive, "data.zip", max_bytes=20 * MB) == "archive_bomb"


def test_an_archive_declaring_over_200_mb_is_refused_even_within_100_times_its_size() -> None:
    # 2.5 MB that do not compress, and 199 MB of zeros: under 100 times, over 200 MB.
    archive = bomb(199, padding=os.urandom(2 * MB + MB // 2))
    assert 100 * len(archive) > 201 * MB
    assert refusal(archive, "data.zip", max_bytes=20 * MB) == "archive_bomb"


def test_an_office_document_that_unpacks_to_far_more_is_refused() -> None:
    bomb = zipped(
        {
            "[Content_Types].xml": b"<Types/>",
            "word/document.xml": b"<w/>" + b" " * (20 * MB),
        }
    )
    assert refusal(bomb, "spec.docx", max_bytes=20 * MB) == "archive_bomb"


def test_an_archive_with_too_many_files_is_refused() -> None:
    many = zipped(
        {f"f{n}.txt": b"" for n in range(MAX_MEMBERS + 1)}, compression=zipfile.ZIP_STORED
    )
    assert refusal(many, "many.zip", max_bytes=MB) == "too_many_members"


@pytest.mark.parametrize(
    "member", ["../../etc/passwd", "/etc/passwd", "C:\\Windows\\evil.dll", "a/../../b"]
)
def test_an_archive_naming_a_path_outside_itself_is_refused(member: str) -> None:
    assert refusal(zipped({member: b"x"}), "data.zip", max_bytes=MB) == "unsafe_member_path"


def test_a_damaged_archive_is_refused() -> None:
    broken = zipped({"a.txt": b"hello"})[:-30]
    assert refusal(broken, "data.zip", max_bytes=MB) == "damaged_archive"


# Names -------------------------------------------------------------------------------------


def test_a_file_is_stored_under_a_random_name_with_its_checked_extension() -> None:
    checked = Checked(content_type="application/pdf", extension="pdf", size=1, sha256="0" * 64)
    first, second = stored_name(checked), stored_name(checked)
    assert first != second
    assert PurePosixPath(first).suffix == ".pdf"
    assert "/" not in first


@pytest.mark.parametrize(
    ("uploaded", "shown"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\me\\report.pdf", "report.pdf"),
        ("re\x00port\x1b.pdf", "report.pdf"),
        ("invoice\u202efdp.exe", "invoicefdp.exe"),
        ("", "file"),
    ],
)
def test_the_uploaded_name_is_kept_cleaned_for_display(uploaded: str, shown: str) -> None:
    assert display_name(uploaded) == shown


def test_a_long_name_is_cut_to_255_characters_keeping_its_extension() -> None:
    shown = display_name("图" * 400 + ".pdf")
    assert len(shown) == 255
    assert shown.endswith(".pdf")
