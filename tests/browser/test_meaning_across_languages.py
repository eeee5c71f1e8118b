"""A Chinese need of the demo finds an expert whose profile is only in English, and says why.

The dense ranking is on (LIAISON_MATCHING_DENSE=multilingual) with the embedder faked at its
interface: `ConceptEmbedder` embeds the Chinese need and the English profile alike because
they name the same concepts, as the multilingual model is meant to. The index is built from
the demo with its embeddings; the office then finds the need's candidates on its page.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Locator, Page, expect

from liaison.demo.loader import load_demo
from liaison.matching import adapters, embeddings, indexing, signals, storage
from liaison.matching.engine.dense import DenseIndex
from tests.demo.meaning import ConceptEmbedder, chinese_need, english_only_expert

from .conftest import screenshot

pytestmark = pytest.mark.translations

QUOTED = re.compile(r"“(.+)”")


@pytest.fixture
def dense_by_concepts(
    settings: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Iterator[ConceptEmbedder]:
    """The multilingual dense ranking, its model replaced by the concept table, in an index
    folder of the test's own (the live server runs in this process)."""
    settings.MATCHING_INDEX_DIR = tmp_path / "matching-index"
    settings.LIAISON_MATCHING_DENSE = embeddings.MULTILINGUAL
    # The extra need not be installed: the embedder it would provide is replaced.
    monkeypatch.setitem(embeddings.PACKAGES, embeddings.MULTILINGUAL, ())
    embedder = ConceptEmbedder()
    monkeypatch.setattr(embeddings, "_embedder", lambda chosen: embedder)
    storage.forget_readers()
    signals.discard_pending()
    yield embedder
    storage.forget_readers()


def meaning_of(row: Locator) -> str:
    """The sentence a candidate's "similar in meaning" explanation quotes."""
    found = QUOTED.search(row.locator(".liaison-meaning").inner_text())
    assert found is not None
    return found.group(1)


def test_a_chinese_need_finds_an_english_only_expert_by_meaning(
    staff_page: Page, dense_by_concepts: ConceptEmbedder
) -> None:
    page = staff_page
    load_demo(scale=1, progress=False)
    signals.discard_pending()
    need, expert = chinese_need(), english_only_expert()
    indexing.rebuild()
    live = storage.live_path()
    assert live is not None
    dense = DenseIndex.open(live / embeddings.FOLDER, embedder=dense_by_concepts)
    assert adapters.document_id(expert) in dense.ids

    page.goto(reverse("needs:technicalneed_detail", args=(need.pk,)))
    page.get_by_role("button", name="Find experts").click()

    candidates = page.locator("#candidates")
    row = candidates.locator("li.list-group-item").filter(
        has=page.get_by_role("link", name=expert.name_en, exact=True)
    )
    expect(row).to_be_visible()
    expect(row.locator(".liaison-meaning")).to_contain_text("Similar in meaning:")
    sentence = meaning_of(row)
    # A whole sentence of the profile, in English, under the Chinese need.
    assert sentence in expert.profile
    assert "microneedle" in sentence
    screenshot(page, "meaning-across-languages-en")

    page.get_by_role("button", name="中文").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    row = page.locator("#candidates li.list-group-item").filter(
        has=page.get_by_role("link", name=expert.name_zh, exact=True)
    )
    expect(row.locator(".liaison-meaning")).to_contain_text("语义相近：")
    assert meaning_of(row) == sentence
    screenshot(page, "meaning-across-languages-zh-hans")
