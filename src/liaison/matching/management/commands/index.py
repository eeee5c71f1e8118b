"""`liaison index build`: the matching index rebuilt from the records; `liaison index status`;
`liaison index follow`: a web machine's replica of the writer's index kept in step."""

from __future__ import annotations

import sys
import time
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from tqdm import tqdm

from liaison.core.database import require_migrated_database
from liaison.matching import adapters, embeddings, indexing, jobs, replication, storage


class Command(BaseCommand):
    help = _(
        "Keep the matching index: `build` rebuilds it from the records and swaps it in at "
        "once (searches go on meanwhile); `status` says where it is and what it holds; "
        "`follow` keeps a web machine's replica of the writer's index in step."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        # A positional choice rather than sub-parsers, so the common options (-v0) go anywhere.
        parser.add_argument(
            "action",
            choices=("build", "status", "follow"),
            help=_(
                "build: rebuild the index from every record, with a progress bar; "
                "status: show the live index and its size; "
                "follow: copy each commit of the index at LIAISON_MATCHING_INDEX_SOURCE here."
            ),
        )
        parser.add_argument(
            "--once",
            action="store_true",
            help=_("follow: copy the source's last commit if it is new, then stop."),
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=2.0,
            help=_("follow: seconds between two looks at the source (default 2)."),
        )
        parser.add_argument(
            "--no-progress", action="store_true", help=_("Do not show the progress bar.")
        )

    def handle(self, *args: Any, action: str, verbosity: int = 1, **options: Any) -> None:
        if action == "follow":
            # A replica reads files only: it needs no database.
            self.follow(once=options.get("once", False), interval=options.get("interval", 2.0))
            return
        require_migrated_database()
        if action == "build":
            self.build(show_progress=verbosity >= 1 and not options.get("no_progress"))
        else:
            self.status()

    def build(self, *, show_progress: bool) -> None:
        total = adapters.count_records()
        with tqdm(
            total=total,
            unit=_("records"),
            desc=_("Indexing"),
            file=sys.stderr,
            disable=not show_progress,
        ) as bar:
            report = indexing.rebuild(progress=bar.update, embed_later=False)
        if embeddings.enabled():
            # Here rather than in a background job: whoever builds the index waits for it.
            with tqdm(
                total=report.documents,
                unit=_("documents"),
                desc=_("Embedding"),
                file=sys.stderr,
                disable=not show_progress,
            ) as bar:
                embedded = indexing.embed(progress=bar.update)
            self.stdout.write(
                _("Embedded %(embedded)s new or changed documents for the dense ranking.")
                % {"embedded": embedded}
            )
            # The bridge across languages: the index's words, as the embedding job does.
            words = jobs.refresh_vocabulary()
            self.stdout.write(
                _("Embedded %(words)s new words of the index for matching across languages.")
                % {"words": words}
            )
        self.stdout.write(
            _(
                "Indexed %(documents)s documents from %(records)s records in %(seconds).1f s: %(path)s"
            )
            % {
                "documents": report.documents,
                "records": report.records,
                "seconds": report.seconds,
                "path": storage.live_path(),
            }
        )

    def status(self) -> None:
        path = storage.live_path()
        if path is None:
            self.stdout.write(
                _("No matching index yet in %(root)s; run: liaison index build")
                % {"root": storage.index_root()}
            )
            return
        opened = storage.reader()
        assert opened is not None
        index = opened.index
        size = sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
        self.stdout.write(
            _("%(documents)s documents, %(megabytes).1f MB on disk: %(path)s")
            % {"documents": len(index), "megabytes": size / 1e6, "path": path}
        )

    def follow(self, *, once: bool, interval: float) -> None:
        if storage.source_root() is None:
            raise CommandError(
                _("LIAISON_MATCHING_INDEX_SOURCE is not set: this machine writes its own index.")
            )
        while True:
            try:
                report = replication.follow()
            except ImproperlyConfigured as error:
                raise CommandError(str(error)) from error
            except (
                replication.SourceNotReady,
                replication.ReplicaDiverged,
                OSError,
                ValueError,
            ) as error:
                # Unmounted, mid-write, a network hiccup: the replica stays as it was, and the
                # loop goes on (a unit that exited would only be restarted into the same).
                if once:
                    raise CommandError(str(error)) from error
                self.stderr.write(str(error))
            else:
                if report.changed:
                    message = (
                        _(
                            "Followed a new generation, %(generation)s: %(files)s files, %(megabytes).1f MB copied."
                        )
                        if report.rebuilt
                        else _(
                            "Followed %(generation)s: %(files)s files, %(megabytes).1f MB copied."
                        )
                    )
                    self.stdout.write(
                        message
                        % {
                            "generation": report.generation,
                            "files": report.files,
                            "megabytes": report.bytes / 1e6,
                        }
                    )
            if once:
                return
            time.sleep(interval)
