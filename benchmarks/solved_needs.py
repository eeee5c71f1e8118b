"""Would Find experts have named who solved it? Each solved need of the demo, left out and matched.

    .venv/bin/python benchmarks/solved_needs.py [--scale 1] [--top 10] [--data-dir DIR]

Loads the demo institute into a SQLite database of its own (in `--data-dir`, default
`$TMPDIR/liaison-solved-needs-scale<SCALE>`; created, migrated and loaded only the first
time), builds the matching index from its records in a scratch folder, then, for each
solved need, removes the need's document from the index, matches the need as Find experts
does (`selectors.need_matches`, without its filters) and puts the document back. A need is a hit for experts when one of the experts
who solved it (accepted candidates, service providers) is among the first `--top` experts,
and for centers likewise (accepted candidates' centers, service centers, the assigned
center). Prints hit@1, hit@top and MRR@top for each, and how many needs were scored.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--seed", type=int, default=None, help="the demo's seed (its default)")
    parser.add_argument("--top", type=int, default=10)
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument(
        "--show", type=int, default=0, help="print the first N misses with their top 3"
    )
    parser.add_argument(
        "--ranking",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="override a setting of the engine's Ranking, e.g. template_share=0.2; repeatable",
    )
    return parser.parse_args()


def setup_django(data_dir: Path) -> None:
    os.environ.pop("DATABASE_URL", None)  # the embedded settings' SQLite file in data_dir
    os.environ["LIAISON_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liaison.settings.embedded")
    (data_dir / "static").mkdir(parents=True, exist_ok=True)
    import django

    django.setup()


def load_demo_once(scale: int, seed: int | None) -> None:
    from django.core.management import call_command

    from liaison.organizations.models import Organization

    call_command("migrate", verbosity=0)
    if Organization.objects.exists():
        return
    print(f"loading the demo at --scale {scale}…", file=sys.stderr)
    options = {"scale": scale, "no_progress": True}
    if seed is not None:
        options["seed"] = seed
    call_command("demo", **options)


def reciprocal_rank(found: list[str], wanted: set[str]) -> float:
    for rank, entity_id in enumerate(found, 1):
        if entity_id in wanted:
            return 1 / rank
    return 0.0


def main() -> None:
    args = parse_args()
    data_dir = args.data_dir or Path(tempfile.gettempdir()) / (
        f"liaison-solved-needs-scale{args.scale}"
    )
    data_dir.mkdir(parents=True, exist_ok=True)
    setup_django(data_dir)
    load_demo_once(args.scale, args.seed)

    from django.conf import settings

    from liaison.matching import adapters, indexing, selectors, storage
    from liaison.needs.choices import NeedStatus
    from liaison.needs.models import TechnicalNeed

    # An index of this run's own: runs side by side (other settings) must not swap each
    # other's generations.
    index_dir = tempfile.TemporaryDirectory(prefix="liaison-solved-needs-index-")
    settings.MATCHING_INDEX_DIR = Path(index_dir.name)
    started = time.perf_counter()
    report = indexing.rebuild()
    print(f"index: {report.documents} documents in {time.perf_counter() - started:.1f} s")
    index = storage.open_index()
    assert index is not None
    if args.ranking:
        import dataclasses

        matcher = selectors.current_matcher()
        defaults = matcher.ranking
        changes = {}
        for setting in args.ranking:
            name, _, value = setting.partition("=")
            kind = type(getattr(defaults, name))
            changes[name] = None if value == "None" else kind(value)
        matcher.ranking = dataclasses.replace(defaults, **changes)
        print(f"ranking: {changes}")

    needs = list(
        TechnicalNeed.objects.filter(status=NeedStatus.SOLVED)
        .select_related("organization")
        .prefetch_related("candidates__person", "services__provided_by")
        .order_by("pk")
    )
    scored = {"expert": [], "center": []}  # reciprocal ranks
    misses: list[str] = []
    started = time.perf_counter()
    for need in needs:
        solvers = adapters.need_solvers(need)
        wanted = {
            "expert": {s for s in solvers if s.startswith("person:")},
            "center": {s for s in solvers if s.startswith("center:")},
        }
        if not wanted["expert"] and not wanted["center"]:
            continue
        need_id = adapters.document_id(need)
        stored = index.get(need_id)
        if stored is not None:
            index.remove([need_id])
            index.commit()
        try:
            for kind in ("expert", "center"):
                if not wanted[kind]:
                    continue
                results = match_need(selectors, adapters, need, kind=kind, top=args.top)
                found = [r.entity_id for r in results]
                rr = reciprocal_rank(found, wanted[kind])
                scored[kind].append(rr)
                if kind == "expert" and not rr and len(misses) < args.show:
                    top3 = "; ".join(
                        f"{r.title} [{', '.join(t.term for t in r.terms[:6])}]" for r in results[:3]
                    )
                    misses.append(f"{need_id} {need.title!r}\n    top: {top3}")
        finally:
            if stored is not None:
                index.upsert([stored])
                index.commit()
    seconds = time.perf_counter() - started
    solved = TechnicalNeed.objects.filter(status=NeedStatus.SOLVED).count()
    print(f"solved needs: {solved}; with a known solver: {len(needs)} read ({seconds:.1f} s)")
    print(f"{'kind':<8} {'needs':>6} {'hit@1':>8} {f'hit@{args.top}':>8} {f'MRR@{args.top}':>8}")
    for kind, ranks in scored.items():
        n = len(ranks) or 1
        first = sum(1 for rr in ranks if rr == 1) / n
        hits = sum(1 for rr in ranks if rr > 0) / n
        print(f"{kind:<8} {len(ranks):>6} {first:>8.3f} {hits:>8.3f} {sum(ranks) / n:>8.3f}")
    for miss in misses:
        print(miss)
    index_dir.cleanup()


def match_need(selectors, adapters, need, *, kind: str, top: int):  # type: ignore[no-untyped-def]
    """What Find experts ranks for a need, without its filters."""
    return selectors.need_matches(need, kind=kind, top=top)


if __name__ == "__main__":
    main()
