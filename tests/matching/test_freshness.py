"""The index follows the records: every change is visible in the next match, through the jobs."""

from __future__ import annotations

import os
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import pytest

from liaison.matching import indexing, selectors, storage
from liaison.matching.engine import Document, Index, Matcher
from liaison.needs.choices import NeedStatus
from liaison.people.choices import PersonKind
from tests.achievements.factories import AchievementFactory
from tests.needs.factories import ServiceRecordFactory, TechnicalNeedFactory
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db


def searcher() -> Matcher:
    matcher = storage.open_matcher()
    assert matcher is not None
    return matcher


def experts(text: str, **kwargs: Any) -> list[str]:
    return [m.entity_id for m in selectors.match(text, kind="expert", **kwargs)]


def test_first_change_builds_the_whole_index(
    jobs: Callable[[], AbstractContextManager[list[Callable[[], Any]]]],
) -> None:
    earlier = PersonFactory.create(
        expertise=["透明质酸"]
    )  # no job: written before the index existed
    with jobs():
        PersonFactory.create(expertise=["海藻酸盐"])

    assert storage.live_path() is not None
    assert f"person:{earlier.pk}" in experts("透明质酸")


def test_profile_change_is_visible_in_the_next_match(
    jobs: Callable[[], AbstractContextManager[list[Callable[[], Any]]]],
) -> None:
    with jobs():
        person = PersonFactory.create(
            expertise=["羟基磷灰石"], profile="从事羟基磷灰石骨修复材料研究。"
        )
    assert experts("形状记忆合金") == []

    with jobs():
        person.expertise = ["形状记忆合金"]
        person.profile = "从事形状记忆合金与电气绝缘材料研究。"
        person.save()

    assert experts("形状记忆合金") == [f"person:{person.pk}"]
    assert f"person:{person.pk}" not in experts("羟基磷灰石")


def test_new_achievement_of_an_expert_makes_them_found_for_it(
    jobs: Callable[[], AbstractContextManager[list[Callable[[], Any]]]],
) -> None:
    with jobs():
        person = PersonFactory.create(expertise=["聚乳酸"])
    assert experts("magnesium alloy stent") == []

    with jobs():
        achievement = AchievementFactory.create()
        achievement.inventors.add(person)

    found = selectors.match("magnesium alloy stent", kind="expert")
    assert [m.entity_id for m in found] == [f"person:{person.pk}"]
    assert found[0].supports[0].document_id == f"achievement:{achievement.pk}"


def test_removing_an_inventor_takes_the_achievement_from_their_evidence(
    jobs: Callable[[], AbstractContextManager[list[Callable[[], Any]]]],
) -> None:
    with jobs():
        person = PersonFactory.create()
        achievement = AchievementFactory.create()
        achievement.inventors.add(person)
    assert experts("magnesium alloy stent") == [f"person:{person.pk}"]

    with jobs():
        person.achievements.remove(achievement)

    assert experts("magnesium alloy stent") == []


def test_deleted_person_disappears(
    jobs: Callable[[], AbstractContextManager[list[Callable[[], Any]]]],
) -> None:
    with jobs():
        person = PersonFactory.create(expertise=["牙科种植体"])
    assert experts("牙科种植体") == [f"person:{person.pk}"]

    with jobs():
        person.delete()

    assert experts("牙科种植体") == []


def test_person_who_becomes_a_contact_is_no_longer_an_expert(
    jobs: Callable[[], AbstractContextManager[list[Callable[[], Any]]]],
) -> None:
    with jobs():
        person = PersonFactory.create(expertise=["牙科种植体"])

    with jobs():
        person.kind = PersonKind.ENTERPRISE_CONTACT
        person.save()

    assert experts("牙科种植体") == []


def test_service_moved_to_another_need_leaves_the_first(
    jobs: Callable[[], AbstractContextManager[list[Callable[[], Any]]]],
) -> None:
    with jobs():
        first = TechnicalNeedFactory.create(title="乳制品保鲜", description="乳制品保鲜期短。")
        second = TechnicalNeedFactory.create(
            title="茶饮料澄清", description="茶饮料沉淀。", organization=first.organization
        )
        service = ServiceRecordFactory.create(
            organization=first.organization, need=first, title="喷雾干燥工艺验证"
        )
    assert [d for d, _ in searcher().search("喷雾干燥")] == [f"need:{first.pk}"]

    with jobs():
        service.need = second
        service.save()

    assert [d for d, _ in searcher().search("喷雾干燥")] == [f"need:{second.pk}"]


def test_rolled_back_change_queues_nothing(
    jobs: Callable[[], AbstractContextManager[list[Callable[[], Any]]]],
) -> None:
    from django.db import transaction

    with jobs():
        PersonFactory.create(expertise=["聚乳酸"])
    with jobs():
        try:
            with transaction.atomic():
                PersonFactory.create(expertise=["仿生矿化"])
                raise RuntimeError("undo")
        except RuntimeError:
            pass

    assert experts("仿生矿化") == []


def test_rebuild_swaps_in_a_new_generation_and_drops_the_old(
    jobs: Callable[[], AbstractContextManager[list[Callable[[], Any]]]],
) -> None:
    PersonFactory.create(expertise=["等离子体处理"])
    indexing.rebuild()
    first = storage.live_path()
    assert first is not None

    report = indexing.rebuild()

    assert storage.live_path() != first
    assert not first.exists()
    assert report.documents == 1
    assert len(experts("等离子体处理")) == 1


def test_a_large_rebuild_analyses_in_worker_processes_and_gives_the_same_matches(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    people = [
        PersonFactory.create(expertise=["等离子体处理"], profile="从事低温等离子体表面改性。"),
        PersonFactory.create(expertise=["plasma treatment"], profile="Cold plasma surfaces."),
        PersonFactory.create(expertise=["形状记忆合金"]),
    ]
    report = indexing.rebuild()
    alone = {q: selectors.match(q, kind="expert") for q in ("等离子体处理", "plasma", "合金")}
    asked: list[int] = []
    upsert = Index.upsert

    def counting(self: Index, documents: Any, *, processes: int = 1) -> None:
        asked.append(processes)
        upsert(self, documents, processes=processes)

    monkeypatch.setattr(Index, "upsert", counting)
    monkeypatch.setattr(indexing, "PARALLEL_BUILD_FROM", 1)
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0, 1}, raising=False)

    parallel = indexing.rebuild()

    assert asked == [2]
    assert (parallel.documents, parallel.records) == (report.documents, report.records)
    assert parallel.documents >= len(people)
    for query, matches in alone.items():
        found = selectors.match(query, kind="expert")
        assert [(m.entity_id, round(m.score, 6)) for m in found] == [
            (m.entity_id, round(m.score, 6)) for m in matches
        ]
    assert indexing.build_processes(0) == 1


def test_a_store_mostly_of_replaced_records_is_rebuilt_by_the_change_that_finds_it(
    jobs: Callable[[], AbstractContextManager[list[Callable[[], Any]]]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(indexing, "COMPACT_AT_DEAD", 2)
    person = PersonFactory.create(expertise=["等离子体处理"])
    indexing.rebuild()
    first = storage.live_path()
    assert first is not None
    key = f"person:{person.pk}"

    indexing.refresh([key])
    indexing.refresh([key])
    assert storage.live_path() == first  # two dead records: not yet more than two

    indexing.refresh([key])

    assert storage.live_path() != first
    index = storage.open_index()
    assert index is not None
    assert index.dead_records == 0
    assert len(experts("等离子体处理")) == 1


def test_reader_in_another_process_sees_a_commit_after_it(
    jobs: Callable[[], AbstractContextManager[list[Callable[[], Any]]]], index_dir: Path
) -> None:
    """A reader reloads after any commit, its own process's or another's."""
    with jobs():
        PersonFactory.create(expertise=["熔融共混"])
    before = storage.open_matcher()
    assert before is not None
    generation = before.index.generation
    indexing.refresh([])  # nothing to write: the reader stays as it is
    assert storage.open_matcher() is before
    assert before.index.generation == generation
    # Another process's commit: its own handle on the index, then the stamp moves on.
    live = storage.live_path()
    assert live is not None
    other = Index.open(live)
    other.upsert([Document(id="person:999", kind="expert", title="熔融共混", text="")])
    other.commit()
    del other

    storage.mark_committed()

    assert storage.open_matcher() is before
    assert "person:999" in experts("熔融共混")


def test_a_reader_opens_the_new_generation_after_a_rebuild(
    jobs: Callable[[], AbstractContextManager[list[Callable[[], Any]]]],
) -> None:
    with jobs():
        PersonFactory.create(expertise=["熔融共混"])
    before = storage.open_matcher()
    assert before is not None

    indexing.rebuild()

    assert storage.open_matcher() is not before
    after = storage.open_matcher()
    assert after is not None
    assert after.index.path == storage.live_path()


def test_solved_need_makes_its_solver_an_expert_for_it(
    jobs: Callable[[], AbstractContextManager[list[Callable[[], Any]]]],
) -> None:
    from liaison.needs.choices import Decision
    from tests.needs.factories import MatchCandidateFactory

    with jobs():
        solver = PersonFactory.create()
        need = TechnicalNeedFactory.create(
            title="天然色素添加剂超标", description="天然色素添加剂超标，需要菌种筛选。"
        )
        MatchCandidateFactory.create(need=need, person=solver, decision=Decision.ACCEPTED)
    assert experts("天然色素菌种筛选") == []

    with jobs():
        need.status = NeedStatus.SOLVED
        need.solved_on = need.submitted_on
        need.solution_summary = "采用菌种筛选解决。"
        need.save()

    assert experts("天然色素菌种筛选") == [f"person:{solver.pk}"]


def test_index_of_another_format_is_rebuilt_at_the_next_search(
    jobs: Callable[[], AbstractContextManager[list[Callable[[], Any]]]],
) -> None:
    """After an upgrade that changed the index's format, nobody has to rebuild by hand."""
    import json

    from liaison.matching.engine.index import SETTINGS_FILE

    PersonFactory.create(expertise=["等离子体处理"])
    indexing.rebuild()
    live = storage.live_path()
    assert live is not None
    settings_file = live / SETTINGS_FILE
    stored = json.loads(settings_file.read_text())
    settings_file.write_text(json.dumps({**stored, "format": -1}))
    storage.forget_readers()

    assert len(experts("等离子体处理")) == 1
    # The rebuild swapped a new copy in: read the live one again.
    rebuilt = storage.live_path()
    assert rebuilt is not None
    assert json.loads((rebuilt / SETTINGS_FILE).read_text())["format"] != -1


def test_one_transaction_queues_one_job(
    jobs: Callable[[], AbstractContextManager[list[Callable[[], Any]]]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from django.db import transaction

    from liaison.matching import signals

    queued: list[object] = []
    monkeypatch.setattr(signals.jobs, "refresh_documents", queued.append)
    with jobs(), transaction.atomic():
        people = [PersonFactory.create() for _ in range(5)]

    assert queued == [sorted(f"person:{p.pk}" for p in people)]


def test_clearing_a_persons_achievements_takes_them_from_their_evidence(
    jobs: Callable[[], AbstractContextManager[list[Callable[[], Any]]]],
) -> None:
    with jobs():
        person = PersonFactory.create()
        AchievementFactory.create().inventors.add(person)
    assert experts("magnesium alloy stent") == [f"person:{person.pk}"]

    with jobs():
        person.achievements.clear()

    assert experts("magnesium alloy stent") == []
