"""Both languages ship complete: every marked string is in the zh-hans catalogue, translated."""

import shutil
from pathlib import Path

import polib
import pytest
from django.core.management import call_command
from django.test import override_settings

import liaison

PACKAGE = Path(liaison.__file__).parent
CATALOGUE = PACKAGE / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def entries(catalogue: polib.POFile) -> list[polib.POEntry]:
    return [e for e in catalogue if not e.obsolete]


def test_every_entry_of_the_chinese_catalogue_is_translated_and_not_fuzzy() -> None:
    catalogue = polib.pofile(str(CATALOGUE))
    missing = [e.msgid for e in entries(catalogue) if not e.translated()]
    assert missing == []


def test_the_compiled_catalogue_is_the_current_one() -> None:
    source = {
        (e.msgctxt, e.msgid): (e.msgstr, dict(e.msgstr_plural))
        for e in entries(polib.pofile(str(CATALOGUE)))
    }
    compiled = {
        (e.msgctxt, e.msgid): (e.msgstr, dict(e.msgstr_plural))
        for e in polib.mofile(str(CATALOGUE.with_suffix(".mo")))
        if e.msgid
    }
    assert compiled == source


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext is not installed")
def test_every_marked_string_of_the_source_is_in_the_catalogue(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # makemessages on a copy of the source, so the committed catalogue is left alone.
    tree = tmp_path / "liaison"
    shutil.copytree(
        PACKAGE, tree, ignore=shutil.ignore_patterns("locale", "__pycache__", "migrations")
    )
    monkeypatch.chdir(tree)
    with override_settings(LOCALE_PATHS=[str(tmp_path / "locale")]):
        call_command("makemessages", locale=["zh_Hans"], verbosity=0, no_location=True)
    extracted = polib.pofile(str(tmp_path / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"))
    committed = {(e.msgctxt, e.msgid) for e in entries(polib.pofile(str(CATALOGUE)))}
    absent = sorted(e.msgid for e in extracted if (e.msgctxt, e.msgid) not in committed)
    assert absent == [], (
        f"run `liaison makemessages -l zh_Hans` in src/liaison and translate: {absent}"
    )
