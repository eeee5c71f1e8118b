"""LIAISON_MATCHING_DENSE: the dense ranking built, kept fresh and fused only when asked for."""

from __future__ import annotations

import pytest
from pytest_django.fixtures import Settings

from liaison.matching import adapters, embeddings, indexing, selectors, storage
from liaison.matching.engine.dense import DenseIndex, EnglishQueriesOnly
from liaison.matching.indexing import rebuild, refresh
from tests.matching.test_dense import HashingEmbedder
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db


class CountingEmbedder(HashingEmbedder):
    """The hashing embedder, keeping every passage it was asked to embed."""

    def __init__(self) -> None:
        super().__init__()
        self.passages: list[str] = []

    def encode_passages(self, texts: list[str]) -> object:
        self.passages.extend(texts)
        return self.encode(texts)


@pytest.fixture
def dense_on(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> CountingEmbedder:
    """The multilingual choice, with a small hashing embedder instead of the model."""
    settings.LIAISON_MATCHING_DENSE = embeddings.MULTILINGUAL
    monkeypatch.setitem(embeddings.PACKAGES, embeddings.MULTILINGUAL, ())
    monkeypatch.setitem(embeddings.PACKAGES, embeddings.ENGLISH, ())
    hashing = CountingEmbedder()
    monkeypatch.setattr(embeddings, "_embedder", lambda chosen: hashing)
    return hashing


def dense_ids() -> DenseIndex:
    live = storage.live_path()
    assert live is not None
    return DenseIndex.open(live / embeddings.FOLDER, embedder=HashingEmbedder())


def test_dense_ranking_is_off_by_default(settings: Settings) -> None:
    assert settings.LIAISON_MATCHING_DENSE == ""
    PersonFactory.create(profile="turbine blade cooling")
    rebuild()
    live = storage.live_path()
    assert live is not None
    assert not (live / embeddings.FOLDER).exists()
    assert selectors.current_matcher().dense is None


def test_the_setting_names_the_multilingual_or_the_english_embedder(settings: Settings) -> None:
    settings.LIAISON_MATCHING_DENSE = True
    assert embeddings.choice() == embeddings.ENGLISH
    settings.LIAISON_MATCHING_DENSE = "multilingual"
    assert embeddings.choice() == embeddings.MULTILINGUAL
    settings.LIAISON_MATCHING_DENSE = "french"
    with pytest.raises(ValueError, match="multilingual, english"):
        embeddings.choice()


def test_dense_ranking_is_built_fused_and_kept_fresh_when_on(dense_on: CountingEmbedder) -> None:
    kept = PersonFactory.create(profile="turbine blade cooling with film holes")
    gone = PersonFactory.create(profile="gas turbine blade coatings")
    rebuild()
    assert isinstance(selectors.current_matcher().dense, DenseIndex)
    assert adapters.document_id(kept) in dense_ids()
    assert adapters.document_id(gone) in dense_ids()

    added = PersonFactory.create(profile="battery electrolyte additives")
    gone_id = adapters.document_id(gone)
    gone.delete()
    refresh([adapters.document_id(added), gone_id])

    assert adapters.document_id(added) in dense_ids()
    assert gone_id not in dense_ids()
    encoded = dense_on.calls
    results = selectors.match("battery electrolyte", kind="expert", top=3)
    assert dense_on.calls > encoded
    assert results[0].entity_id == adapters.document_id(added)
    # The multilingual model embeds a Chinese query too.
    encoded = dense_on.calls
    selectors.match("涡轮叶片冷却", kind="expert", top=3)
    assert dense_on.calls > encoded


def test_the_english_choice_gives_chinese_queries_no_dense_ranking(
    settings: Settings, dense_on: CountingEmbedder
) -> None:
    settings.LIAISON_MATCHING_DENSE = embeddings.ENGLISH
    PersonFactory.create(profile="turbine blade cooling")
    rebuild()
    assert isinstance(selectors.current_matcher().dense, EnglishQueriesOnly)

    encoded = dense_on.calls
    selectors.match("涡轮叶片冷却", kind="expert", top=3)
    assert dense_on.calls == encoded


def test_only_documents_whose_text_changed_are_embedded_again(dense_on: CountingEmbedder) -> None:
    person = PersonFactory.create(profile="turbine blade cooling with film holes")
    other = PersonFactory.create(profile="bread dough fermentation")
    rebuild()
    dense_on.passages.clear()

    refresh([adapters.document_id(person), adapters.document_id(other)])
    assert dense_on.passages == []

    person.profile = "turbine blade cooling with impingement jets"
    person.save()
    refresh([adapters.document_id(person)])
    assert len(dense_on.passages) == 1
    assert "impingement" in dense_on.passages[0]


def test_a_rebuild_keeps_the_vectors_of_unchanged_documents(dense_on: CountingEmbedder) -> None:
    PersonFactory.create(profile="turbine blade cooling with film holes")
    PersonFactory.create(profile="bread dough fermentation")
    rebuild()
    before = storage.live_path()
    dense_on.passages.clear()

    rebuild()

    assert storage.live_path() != before
    assert dense_on.passages == []
    assert len(dense_ids()) == 2


def test_matching_works_by_words_while_the_embeddings_are_missing(
    dense_on: CountingEmbedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The background job that embeds has not run yet.
    monkeypatch.setattr(indexing, "_embed_later", lambda ids: None)
    expert = PersonFactory.create(profile="battery electrolyte additives")
    rebuild()
    assert len(dense_ids()) == 0

    results = selectors.match("battery electrolyte", kind="expert", top=3)

    assert [r.entity_id for r in results] == [adapters.document_id(expert)]
    assert indexing.embed() == 1
    assert adapters.document_id(expert) in dense_ids()


def test_an_expert_found_by_meaning_is_explained_by_a_sentence_of_the_profile(
    dense_on: CountingEmbedder,
) -> None:
    expert = PersonFactory.create(
        profile="Professor since 2010. Develops antibacterial wound dressings."
    )
    rebuild()

    (result,) = selectors.match("抗菌敷料", kind="expert", top=1)
    explanation = selectors.explanation(result)

    assert result.entity_id == adapters.document_id(expert)
    assert explanation["terms"] == []
    (document,), _removed = adapters.documents_for([result.entity_id])
    assert explanation["supports"][0]["meaning"]
    assert explanation["supports"][0]["meaning"] in document.text


def test_the_embedding_job_embeds_the_indexs_words_for_the_bridge(
    dense_on: CountingEmbedder,
) -> None:
    from liaison.matching import jobs

    PersonFactory.create(profile="turbine blade cooling")
    PersonFactory.create(profile="turbine blade coatings")
    PersonFactory.create(profile="battery electrolyte")
    rebuild()  # its embedding job runs at once in tests, the vocabulary after the documents

    words = dense_ids().words
    assert any(word.startswith("turbin") for word in words)  # held by two profiles
    assert not any(word.startswith("electrolyt") for word in words)  # by one only
    assert jobs.refresh_vocabulary() == 0  # nothing new to embed


def test_index_build_embeds_the_documents_and_the_words_for_the_bridge(
    dense_on: CountingEmbedder,
) -> None:
    from io import StringIO

    from django.core.management import call_command

    PersonFactory.create(profile="turbine blade cooling")
    PersonFactory.create(profile="turbine blade coatings")
    output = StringIO()

    call_command("index", "build", "--no-progress", stdout=output)

    assert any(word.startswith("turbin") for word in dense_ids().words)
    assert "new words of the index" in output.getvalue()
