"""LIAISON_MATCHING_DENSE: the dense ranking built, kept fresh and fused only when asked for."""

from __future__ import annotations

import pytest
from pytest_django.fixtures import Settings

from liaison.matching import adapters, embeddings, selectors, storage
from liaison.matching.engine.dense import DenseIndex, EnglishQueriesOnly
from liaison.matching.indexing import rebuild, refresh
from tests.matching.test_dense import HashingEmbedder
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def dense_on(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> HashingEmbedder:
    """The setting on, with a small hashing embedder instead of the transformer model."""
    settings.LIAISON_MATCHING_DENSE = True
    monkeypatch.setattr(embeddings, "PACKAGES", ())
    hashing = HashingEmbedder()
    monkeypatch.setattr(embeddings, "embedder", lambda: hashing)
    return hashing


def dense_ids() -> DenseIndex:
    live = storage.live_path()
    assert live is not None
    return DenseIndex.open(live / embeddings.FOLDER, embedder=HashingEmbedder())


def test_dense_ranking_is_off_by_default(settings: Settings) -> None:
    assert settings.LIAISON_MATCHING_DENSE is False
    PersonFactory.create(profile="turbine blade cooling")
    rebuild()
    live = storage.live_path()
    assert live is not None
    assert not (live / embeddings.FOLDER).exists()
    assert selectors.current_matcher().dense is None


def test_dense_ranking_is_built_fused_and_kept_fresh_when_on(dense_on: HashingEmbedder) -> None:
    kept = PersonFactory.create(profile="turbine blade cooling with film holes")
    gone = PersonFactory.create(profile="gas turbine blade coatings")
    rebuild()
    assert isinstance(selectors.current_matcher().dense, EnglishQueriesOnly)
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
    assert dense_on.calls == encoded + 1
    assert results[0].entity_id == adapters.document_id(added)
    # A Chinese query gets no dense ranking: the English model would only add noise.
    selectors.match("涡轮叶片冷却", kind="expert", top=3)
    assert dense_on.calls == encoded + 1
