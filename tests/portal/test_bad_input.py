"""Bad input against the portal, row by row: what each kind gets, and that none writes anything.

Each row of `BAD_INPUTS` is one request an enterprise's contact (or a visitor holding a link)
could send: files of the wrong kind, too large, empty or bombs; texts too long, scripts and SQL;
impossible dates and amounts; ratings out of range; another organization's ids; forged,
expired and used invitation links; weak passwords. Each must come back refused (a field's
error, a 404, or the refusal page), with the database and the files on disk as they were.
Scripts and SQL typed as text are not refused: they are kept as typed and shown escaped.
"""

from __future__ import annotations

import dataclasses
import datetime
import io
import zipfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from liaison.accounts.choices import RoleKind
from liaison.accounts.invitations import invitation_accept, invitation_create
from liaison.accounts.models import Invitation, RoleAssignment, User
from liaison.needs.models import NeedAttachment, NeedMessage, TechnicalNeed
from liaison.needs.services import need_solve, need_triage
from liaison.organizations.models import Organization
from liaison.people.models import Person
from tests.accounts.factories import UserFactory
from tests.needs.factories import TechnicalNeedFactory
from tests.organizations.factories import OrganizationFactory

from .conftest import PDF

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
LIMIT_MB = 1
GIF = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00"
PASSWORD = "Coating-Adhesion-2024"


def zipped(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression, compresslevel=1) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def zip_bomb() -> bytes:
    """150 MB of zeros declared, packed in about 150 KB, written a megabyte at a time."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive,
        archive.open("zeros.bin", "w") as member,
    ):
        for _ in range(150):
            member.write(b"\0" * MB)
    return buffer.getvalue()


@dataclasses.dataclass
class World:
    """What the rows act on: the user's organization and needs, another organization's."""

    portal: Client
    visitor: Client
    enterprise: Organization
    open_need: TechnicalNeed
    solved_need: TechnicalNeed
    other_need: TechnicalNeed
    other_solved: TechnicalNeed
    other_attachment: NeedAttachment
    token: str
    used_token: str
    expired_token: str
    media: Path


def need_form(**fields: Any) -> dict[str, Any]:
    return {
        "title": "敷料涂层脱落",
        "description": "灭菌后涂层脱落。",
        "confidentiality": "internal",
        **fields,
    }


def with_file(name: str, content: bytes, **fields: Any) -> dict[str, Any]:
    return need_form(attachments=[SimpleUploadedFile(name, content)], **fields)


def signup(**fields: str) -> dict[str, str]:
    return {
        "name": "李明",
        "username": "liming",
        "password": PASSWORD,
        "password_again": PASSWORD,
        **fields,
    }


@dataclasses.dataclass(frozen=True)
class BadInput:
    kind: str
    label: str
    send: Callable[[World], Any]
    # "field:<name>" (a 400 with that field's error), "404", or "refused" (a 400 whose form
    # says why above its fields).
    expect: str


def submit(data: Callable[[], dict[str, Any]]) -> Callable[[World], Any]:
    return lambda w: w.portal.post(reverse("portal:need_submit"), data())


def rate(value: Any, *, own: bool = True, solved: bool = True) -> Callable[[World], Any]:
    def send(w: World) -> Any:
        need = (w.solved_need if solved else w.open_need) if own else w.other_solved
        return w.portal.post(
            reverse("portal:need_rate", args=(need.pk,)),
            {"loaded_version": need.version, "satisfaction": value},
        )

    return send


def message(body: str) -> Callable[[World], Any]:
    return lambda w: w.portal.post(
        reverse("portal:need_message", args=(w.open_need.pk,)), {"body": body}
    )


def accept(token: Callable[[World], str], **fields: str) -> Callable[[World], Any]:
    return lambda w: w.visitor.post(reverse("portal:accept", args=(token(w),)), signup(**fields))


def other(url: str, method: str = "get", **data: Any) -> Callable[[World], Any]:
    def send(w: World) -> Any:
        target = {"need": w.other_need, "attachment": w.other_attachment}
        name, _, what = url.partition("@")
        address = reverse(name, args=(target[what].pk,))
        if method == "get":
            return w.portal.get(address)
        return w.portal.post(address, {"loaded_version": w.other_need.version, **data})

    return send


TOO_LONG = "涂" * (1024 * 1024)
TOMORROW = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
YESTERDAY = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()

BAD_INPUTS: list[BadInput] = [
    # Files that are not what they say, or not an accepted kind.
    BadInput("wrong file type", "a program renamed .pdf", submit(lambda: with_file("invoice.pdf", EXE)), "field:attachments"),
    BadInput("wrong file type", "a web page", submit(lambda: with_file("page.html", b"<!doctype html><script>alert(1)</script>")), "field:attachments"),
    BadInput("wrong file type", "an SVG drawing", submit(lambda: with_file("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"/>')), "field:attachments"),
    BadInput("wrong file type", "an SVG with a script named .png", submit(lambda: with_file("logo.png", b'<svg onload="alert(1)"/>')), "field:attachments"),
    BadInput("wrong file type", "a GIF with a script inside", submit(lambda: with_file("chart.gif", GIF[:13] + b"<script>alert(1)</script>" + GIF[13:])), "field:attachments"),
    BadInput("wrong file type", "a JPEG with an archive appended", submit(lambda: with_file("photo.jpg", JPEG + zipped({"a.html": b"<script>"}))), "field:attachments"),
    BadInput("wrong file type", "binary data named .csv", submit(lambda: with_file("data.csv", b"\x00\x01\x02\x03")), "field:attachments"),
    BadInput("wrong file type", "text in GB18030 named .txt", submit(lambda: with_file("notes.txt", "涂层脱落".encode("gb18030"))), "field:attachments"),
    BadInput("wrong file type", "a good PDF beside a program: neither kept", submit(lambda: need_form(attachments=[SimpleUploadedFile("ok.pdf", PDF), SimpleUploadedFile("bad.pdf", EXE)])), "field:attachments"),
    # Too large, empty, too many.
    BadInput("oversize file", "one byte over the limit", submit(lambda: with_file("big.pdf", PDF + b"0" * (LIMIT_MB * MB))), "field:attachments"),
    BadInput("empty file", "a file of no bytes", submit(lambda: with_file("empty.pdf", b"")), "field:attachments"),
    BadInput("too many files", "eleven files at once", submit(lambda: need_form(attachments=[SimpleUploadedFile(f"f{n}.pdf", PDF) for n in range(11)])), "field:attachments"),
    # Archives.
    BadInput("zip bomb", "150 MB of zeros in 150 KB", submit(lambda: with_file("data.zip", zip_bomb())), "field:attachments"),
    BadInput("zip bomb", "a .docx that unpacks to 2 MB from a few KB", submit(lambda: with_file("spec.docx", zipped({"[Content_Types].xml": b"<Types/>", "word/document.xml": b" " * (2 * MB)}))), "field:attachments"),
    BadInput("zip bomb", "1,001 members", submit(lambda: with_file("many.zip", zipped({f"f{n}": b"" for n in range(1001)}, zipfile.ZIP_STORED))), "field:attachments"),
    BadInput("zip bomb", "a member named ../../etc/passwd", submit(lambda: with_file("data.zip", zipped({"../../etc/passwd": b"x"}))), "field:attachments"),
    BadInput("zip bomb", "a member named /etc/passwd", submit(lambda: with_file("data.zip", zipped({"/etc/passwd": b"x"}))), "field:attachments"),
    # Texts.
    BadInput("1 MB title", "a title of a million characters", submit(lambda: need_form(title=TOO_LONG)), "field:title"),
    BadInput("missing text", "no title", submit(lambda: need_form(title="")), "field:title"),
    BadInput("missing text", "a title of spaces", submit(lambda: need_form(title="   ")), "field:title"),
    BadInput("missing text", "no description", submit(lambda: need_form(description="")), "field:description"),
    # Dates.
    BadInput("invalid date", "30 February", submit(lambda: need_form(deadline="2030-02-30")), "field:deadline"),
    BadInput("invalid date", "a word", submit(lambda: need_form(deadline="tomorrow")), "field:deadline"),
    BadInput("invalid date", "year 99999", submit(lambda: need_form(deadline="99999-01-01")), "field:deadline"),
    BadInput("invalid date", "a deadline already past", submit(lambda: need_form(deadline=YESTERDAY)), "field:deadline"),
    # Amounts.
    BadInput("bad budget", "negative", submit(lambda: need_form(budget="-1")), "field:budget"),
    BadInput("bad budget", "not a number", submit(lambda: need_form(budget="fifty thousand")), "field:budget"),
    BadInput("bad budget", "NaN", submit(lambda: need_form(budget="NaN")), "field:budget"),
    BadInput("bad budget", "Infinity", submit(lambda: need_form(budget="Infinity")), "field:budget"),
    BadInput("bad budget", "more digits than kept", submit(lambda: need_form(budget="1" * 40)), "field:budget"),
    # Choices.
    BadInput("bad choice", "a confidentiality that is none", submit(lambda: need_form(confidentiality="top-secret")), "field:confidentiality"),
    BadInput("bad choice", "a domain that is none", submit(lambda: need_form(domains=["astrology"])), "field:domains"),
    # Ratings.
    BadInput("bad rating", "0", rate(0), "field:satisfaction"),
    BadInput("bad rating", "6", rate(6), "field:satisfaction"),
    BadInput("bad rating", '"x"', rate("x"), "field:satisfaction"),
    BadInput("bad rating", "empty", rate(""), "field:satisfaction"),
    BadInput("bad rating", "3.5", rate("3.5"), "field:satisfaction"),
    BadInput("bad rating", "-1", rate(-1), "field:satisfaction"),
    BadInput("bad rating", "an open need", rate(5, solved=False), "refused"),
    # Messages.
    BadInput("bad message", "empty", message(""), "field:body"),
    BadInput("bad message", "spaces only", message("   \n "), "field:body"),
    BadInput("bad message", "10,001 characters", message("问" * 10_001), "field:body"),
    # Withdrawing.
    BadInput("stale or bad form", "withdraw from a stale page", lambda w: w.portal.post(reverse("portal:need_withdraw", args=(w.open_need.pk,)), {"loaded_version": w.open_need.version - 1}), "refused"),
    BadInput("stale or bad form", "withdraw with a version that is not a number", lambda w: w.portal.post(reverse("portal:need_withdraw", args=(w.open_need.pk,)), {"loaded_version": "1 OR 1=1"}), "refused"),
    BadInput("stale or bad form", "withdraw a solved need", lambda w: w.portal.post(reverse("portal:need_withdraw", args=(w.solved_need.pk,)), {"loaded_version": w.solved_need.version}), "refused"),
    # Another organization's ids.
    BadInput("other organization's id", "its need's page", other("portal:need@need"), "404"),
    BadInput("other organization's id", "its need's file", other("needs:needattachment_download@attachment"), "404"),
    BadInput("other organization's id", "a message on its need", other("portal:need_message@need", "post", body="Hi"), "404"),
    BadInput("other organization's id", "a file for its need", other("portal:need_attach@need", "post", attachments=[SimpleUploadedFile("x.pdf", PDF)]), "404"),
    BadInput("other organization's id", "withdrawing its need", other("portal:need_withdraw@need", "post"), "404"),
    BadInput("other organization's id", "rating its solved need", rate(5, own=False), "404"),
    BadInput("other organization's id", "its need on the staff's page", other("needs:technicalneed_detail@need"), "404"),
    BadInput("other organization's id", "its need's staff edit page", other("needs:technicalneed_edit@need", "post", title="Mine now"), "404"),
    BadInput("other organization's id", "an id with SQL in the address", lambda w: w.portal.get(f"/portal/needs/{w.other_need.pk}%20OR%201=1/"), "404"),
    # Invitation links.
    BadInput("bad invitation link", "forged", accept(lambda w: "forged-" + "x" * 36), "404"),
    BadInput("bad invitation link", "expired", accept(lambda w: w.expired_token), "404"),
    BadInput("bad invitation link", "used already", accept(lambda w: w.used_token, username="second"), "404"),
    BadInput("bad invitation link", "one character", accept(lambda w: "a"), "404"),
    BadInput("bad invitation link", "300 characters", accept(lambda w: "a" * 300), "404"),
    # Passwords and usernames.
    BadInput("weak password", "digits only", accept(lambda w: w.token, password="20240315", password_again="20240315"), "field:password"),
    BadInput("weak password", "a common password", accept(lambda w: w.token, password="password123", password_again="password123"), "field:password"),
    BadInput("weak password", "too short", accept(lambda w: w.token, password="Ab1!", password_again="Ab1!"), "field:password"),
    BadInput("weak password", "the username itself", accept(lambda w: w.token, username="coatingexpert", password="coatingexpert", password_again="coatingexpert"), "field:password"),
    BadInput("weak password", "typed differently twice", accept(lambda w: w.token, password_again=PASSWORD + "!"), "field:password_again"),
    BadInput("weak password", "empty", accept(lambda w: w.token, password="", password_again=""), "field:password"),
    BadInput("bad username", "with a space", accept(lambda w: w.token, username="li ming"), "field:username"),
    BadInput("bad username", "a script tag", accept(lambda w: w.token, username="<script>alert(1)</script>"), "field:username"),
    BadInput("bad username", "151 characters", accept(lambda w: w.token, username="a" * 151), "field:username"),
]  # fmt: skip


@pytest.fixture
def world(
    settings: Any, portal: Client, enterprise: Organization, other_enterprise: Organization
) -> World:
    settings.LIAISON_ATTACHMENT_MAX_MB = LIMIT_MB
    from liaison.core import writes

    def solved(organization: Organization) -> TechnicalNeed:
        need = need_triage(
            need=TechnicalNeedFactory.create(organization=organization),
            triaged_on=datetime.date(2023, 3, 2),
            by=None,
        )
        return need_solve(
            need=need, solved_on=datetime.date(2023, 6, 1), solution_summary="已解决", by=None
        )

    other_need = TechnicalNeedFactory.create(organization=other_enterprise)
    other_attachment = writes.create(
        NeedAttachment, by=None, need=other_need, upload=SimpleUploadedFile("x.pdf", PDF)
    )
    _invitation, token = invitation_create(
        email="li.ming@yiding.cn", organization=enterprise, by=None
    )
    _used, used_token = invitation_create(email="a@yiding.cn", organization=enterprise, by=None)
    invitation_accept(token=used_token, username="first", password=PASSWORD)
    expired, expired_token = invitation_create(
        email="b@yiding.cn", organization=enterprise, by=None
    )
    Invitation.objects.filter(pk=expired.pk).update(expires_at=timezone.now())
    return World(
        portal=portal,
        visitor=Client(),
        enterprise=enterprise,
        open_need=TechnicalNeedFactory.create(organization=enterprise),
        solved_need=solved(enterprise),
        other_need=other_need,
        other_solved=solved(other_enterprise),
        other_attachment=other_attachment,
        token=token,
        used_token=used_token,
        expired_token=expired_token,
        media=Path(settings.MEDIA_ROOT),
    )


def snapshot(world: World) -> dict[str, Any]:
    """Everything a bad input must leave as it was."""
    return {
        "needs": list(TechnicalNeed.objects.order_by("pk").values()),
        "attachments": list(NeedAttachment.objects.order_by("pk").values()),
        "messages": list(NeedMessage.objects.order_by("pk").values()),
        "users": list(User.objects.order_by("pk").values_list("pk", "username")),
        "people": Person.objects.count(),
        "roles": RoleAssignment.objects.count(),
        "invitations": list(Invitation.objects.order_by("pk").values()),
        "files": sorted(str(p) for p in world.media.rglob("*") if p.is_file()),
        "tables": sorted(connection.introspection.table_names()),
    }


@pytest.mark.parametrize("bad", BAD_INPUTS, ids=[f"{b.kind}: {b.label}" for b in BAD_INPUTS])
def test_a_bad_input_is_refused_and_writes_nothing(world: World, bad: BadInput) -> None:
    before = snapshot(world)

    response = bad.send(world)

    if bad.expect == "404":
        assert response.status_code == 404
    else:
        assert response.status_code == 400
        form = _form_of(response)
        if bad.expect == "refused":
            assert form.non_field_errors()
        else:
            field = bad.expect.removeprefix("field:")
            assert form.errors.get(field), form.errors
    assert snapshot(world) == before


def _form_of(response: Any) -> Any:
    """The form the page came back with errors on."""
    for name in ("form", "withdraw_form", "rate_form", "message_form", "attach_form"):
        form = response.context.get(name)
        if form is not None and form.is_bound and form.errors:
            return form
    raise AssertionError("no form came back with errors")


def test_a_file_refused_by_the_service_takes_the_need_and_the_files_before_it_along(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The form checks every file before anything is written; were a bad one to get past it,
    # the service refuses it and nothing of the submission stays, on disk or in the database.
    from liaison.core import forms
    from liaison.core.uploads import Checked

    monkeypatch.setattr(
        forms, "check_upload", lambda *a, **k: Checked("application/pdf", "pdf", 1, "0" * 64)
    )
    before = snapshot(world)

    response = world.portal.post(
        reverse("portal:need_submit"),
        need_form(
            attachments=[SimpleUploadedFile("ok.pdf", PDF), SimpleUploadedFile("bad.pdf", EXE)]
        ),
    )

    assert response.status_code == 400
    assert response.context["form"].errors["attachments"]
    assert snapshot(world) == before


def test_what_was_typed_is_kept_when_the_form_comes_back(world: World) -> None:
    response = world.portal.post(
        reverse("portal:need_submit"),
        need_form(title="涂层脱落问题", description="详细描述", budget="-5", deadline="2030-02-30"),
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert 'value="涂层脱落问题"' in page
    assert "详细描述" in page
    assert 'value="-5"' in page


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert('x')</script>",
        '"><img src=x onerror=alert(1)>',
        "'; DROP TABLE needs_technicalneed; --",
        "1' OR '1'='1",
    ],
)
def test_scripts_and_sql_typed_as_text_are_kept_as_typed_and_shown_escaped(
    world: World, text: str
) -> None:
    response = world.portal.post(
        reverse("portal:need_submit"), need_form(title=text[:300], description=text)
    )
    assert response.status_code == 302
    need = TechnicalNeed.objects.get(title=text[:300])
    assert need.description == text
    assert need.organization == world.enterprise
    page = world.portal.get(reverse("portal:need", args=(need.pk,))).content.decode()
    assert text not in page
    assert "<script>alert" not in page
    assert "<img src=x" not in page
    assert "needs_technicalneed" in connection.introspection.table_names()


def test_another_organizations_id_injected_into_the_form_is_ignored(
    world: World, other_enterprise: Organization
) -> None:
    response = world.portal.post(
        reverse("portal:need_submit"),
        need_form(
            title="注入的机构",
            organization=other_enterprise.pk,
            organization_id=other_enterprise.pk,
            status="solved",
            satisfaction="5",
        ),
    )
    assert response.status_code == 302
    need = TechnicalNeed.objects.get(title="注入的机构")
    assert need.organization == world.enterprise
    assert need.status == "submitted"
    assert need.satisfaction is None


def test_a_user_of_two_organizations_cannot_name_a_third(
    client: Client, enterprise: Organization, other_enterprise: Organization
) -> None:
    second = OrganizationFactory.create()
    user = UserFactory.create(role=RoleKind.ENTERPRISE, organization=enterprise)
    from liaison.accounts.services import assign

    assign(user, RoleKind.ENTERPRISE, organization=second)
    client.force_login(user)

    refused = client.post(
        reverse("portal:need_submit"), need_form(organization=other_enterprise.pk)
    )
    chosen = client.post(reverse("portal:need_submit"), need_form(organization=second.pk))

    assert refused.status_code == 400
    assert refused.context["form"].errors["organization"]
    assert chosen.status_code == 302
    assert list(TechnicalNeed.objects.values_list("organization", flat=True)) == [second.pk]


def test_the_table_covers_every_kind_the_issue_names() -> None:
    kinds = Counter(bad.kind for bad in BAD_INPUTS)
    for kind in (
        "wrong file type",
        "oversize file",
        "zip bomb",
        "empty file",
        "1 MB title",
        "invalid date",
        "bad budget",
        "bad rating",
        "other organization's id",
        "bad invitation link",
        "weak password",
    ):
        assert kinds[kind] >= 1, kind
    assert len(BAD_INPUTS) >= 60
