"""`liaison match "TEXT"`: ranked, explained results; `liaison match evaluate …`: their quality."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from tqdm import tqdm

from liaison.core.database import require_migrated_database
from liaison.matching import embeddings, evaluation, selectors
from liaison.organizations.choices import OrganizationKind

EVALUATE = "evaluate"
KINDS = ("expert", "center", "achievement", "organization")
EVALUATE_OPTIONS = ("corpus", "queries", "qrels", "judgments", "dense", "cache")
SEARCH_OPTIONS = ("local", "not_local", "org_kind", "available", "center")


class Command(BaseCommand):
    help = _(
        "Rank experts, centers, achievements or organizations for a text, each with the terms "
        "it matched and the documents that support it:\n"
        '  liaison match "抗菌敷料 antibacterial dressing" --kind expert --top 5\n'
        "Or measure the ranking (nDCG@10, Recall@100, MRR@10) when the first word is "
        "“evaluate”: on a test collection in BEIR files,\n"
        "  liaison match evaluate --corpus corpus.jsonl --queries queries.jsonl --qrels qrels.tsv\n"
        "adding the dense ranking alone and fused with the words (plain and language-aware "
        "reciprocal-rank fusion) with --dense multilingual,\n"
        "or on the staff's accept/reject decisions on need candidates:\n"
        "  liaison match evaluate --judgments\n"
        "(To search for the single word “evaluate”, add another word to the text.)"
    )

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        from argparse import RawDescriptionHelpFormatter

        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.formatter_class = RawDescriptionHelpFormatter
        return parser

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "text",
            nargs="*",
            help=_("The text to match (a need, a topic, keywords), or “evaluate”."),
        )
        search = parser.add_argument_group(_("matching"))
        search.add_argument(
            "--kind",
            choices=KINDS,
            default="expert",
            help=_("What to rank (default expert)."),
        )
        search.add_argument("--top", type=int, default=10, help=_("How many results (default 10)."))
        search.add_argument("--json", action="store_true", help=_("Print the results as JSON."))
        search.add_argument(
            "--local",
            action="store_true",
            help=_("Only experts or organizations of the institute's own city."),
        )
        search.add_argument(
            "--not-local",
            action="store_true",
            help=_("Only experts or organizations outside the institute's city."),
        )
        search.add_argument(
            "--org-kind",
            action="append",
            choices=OrganizationKind.values,
            help=_("Only experts of (or organizations of) this kind of organization; repeatable."),
        )
        search.add_argument(
            "--available",
            action="store_true",
            help=_("Only experts available for new work, or active centers."),
        )
        search.add_argument(
            "--center",
            type=int,
            help=_("Only experts appointed at, or achievements of, this center (its id)."),
        )
        judged = parser.add_argument_group(_("evaluate"))
        judged.add_argument(
            "--corpus", type=Path, help=_("BEIR corpus.jsonl (with --queries, --qrels).")
        )
        judged.add_argument("--queries", type=Path, help=_("BEIR queries.jsonl."))
        judged.add_argument(
            "--qrels", type=Path, help=_("BEIR qrels (TSV: query-id, corpus-id, score).")
        )
        judged.add_argument(
            "--dense",
            choices=embeddings.CHOICES,
            help=_(
                "With BEIR files: also score this embedder's dense ranking alone, plain "
                "reciprocal-rank fusion and the language-aware fusion (needs its extra)."
            ),
        )
        judged.add_argument(
            "--cache",
            type=Path,
            help=_(
                "Where the corpus's embeddings are kept between runs "
                "(default: evaluation-embeddings in the data folder)."
            ),
        )
        judged.add_argument(
            "--judgments",
            action="store_true",
            help=_(
                "Score the live index on the staff's accepted (relevant) and rejected "
                "candidates of needs, the needs' texts as queries."
            ),
        )

    def handle(self, *args: Any, text: list[str], **options: Any) -> None:
        if text and text[0] == EVALUATE:
            if text[1:]:
                raise CommandError(
                    _("“evaluate” takes options only, not more words: %(words)s")
                    % {"words": " ".join(text[1:])}
                )
            self.evaluate(**options)
            return
        used = [name for name in EVALUATE_OPTIONS if options.get(name)]
        if used:
            raise CommandError(
                _("--%(option)s belongs to “liaison match evaluate”.")
                % {"option": used[0].replace("_", "-")}
            )
        query = " ".join(text).strip()
        if not query:
            raise CommandError(_('Give a text to match, e.g. liaison match "抗菌敷料".'))
        if options["top"] < 1:
            raise CommandError(_("--top must be 1 or more."))
        require_migrated_database()
        if not selectors.has_terms(query):
            raise CommandError(
                _(
                    "“%(text)s” has no words to match on: markup, numbers and single letters "
                    "are left out of a query."
                )
                % {"text": query}
            )
        results = selectors.match(
            query, kind=options["kind"], top=options["top"], filters=self.filters(options)
        )
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    [
                        {
                            "rank": r.rank,
                            "id": r.entity_id,
                            "kind": r.kind,
                            "title": r.title,
                            "score": round(r.score, 4),
                            "explanation": selectors.explanation(r),
                        }
                        for r in results
                    ],
                    ensure_ascii=False,
                    indent=2,
                )
            )
            return
        if not results:
            self.stdout.write(_("Nothing matches."))
            return
        for result in results:
            self.stdout.write(
                self.style.SUCCESS(f"{result.rank:>3}. {result.title}")
                + f"  [{result.entity_id}]  "
                + _("score %(score).2f") % {"score": result.score}
            )
            score = result.score or 1.0
            terms = ", ".join(f"{t.term} {t.weight / score:.0%}" for t in result.terms[:8])
            meaning = next((s.meaning for s in result.supports[:1] if s.meaning), "")
            if not terms and meaning:
                self.stdout.write(
                    "     " + _("similar in meaning: “%(sentence)s”") % {"sentence": meaning}
                )
            else:
                self.stdout.write("     " + _("matched: %(terms)s") % {"terms": terms or "—"})
            for support in result.supports[: selectors.SUPPORTS_SHOWN]:
                self.stdout.write(
                    "     "
                    + _("%(kind)s %(title)s (+%(contribution).2f: %(terms)s)")
                    % {
                        "kind": support.kind,
                        "title": support.title,
                        "contribution": support.contribution,
                        "terms": ", ".join(t.term for t in support.terms[:5]),
                    }
                )

    @staticmethod
    def filters(options: dict[str, Any]) -> dict[str, str | list[str]]:
        filters: dict[str, str | list[str]] = {}
        if options["local"] and options["not_local"]:
            raise CommandError(_("Choose --local or --not-local, not both."))
        if options["local"]:
            filters["local"] = "1"
        if options["not_local"]:
            filters["local"] = "0"
        if options["org_kind"]:
            filters["org_kind"] = list(options["org_kind"])
        if options["available"]:
            filters["available"] = "1"
        if options["center"] is not None:
            filters[f"center:{options['center']}"] = "1"
        return filters

    def evaluate(self, **options: Any) -> None:
        used = [name for name in SEARCH_OPTIONS if options.get(name)]
        if used:
            raise CommandError(
                _("--%(option)s is for matching a text, not for “evaluate”.")
                % {"option": used[0].replace("_", "-")}
            )
        files = [options[name] for name in ("corpus", "queries", "qrels")]
        verbose = options.get("verbosity", 1) >= 1
        if options["judgments"]:
            if any(files):
                raise CommandError(_("Evaluate on BEIR files or on --judgments, not both at once."))
            if options["dense"] or options["cache"]:
                raise CommandError(
                    _("--dense and --cache are for BEIR files; --judgments scores the live index.")
                )
            require_migrated_database()
            with tqdm(unit=_("queries"), file=sys.stderr, disable=not verbose) as bar:
                scores = evaluation.evaluate_judgments(progress=bar.update)
            if not scores:
                raise CommandError(
                    _("No need has an accepted candidate yet: there is nothing to score.")
                )
        elif all(files):
            missing = [str(f) for f in files if not f.is_file()]
            if missing:
                raise CommandError(_("No such file: %(files)s") % {"files": ", ".join(missing)})
            embedder = None
            if options["dense"]:
                try:
                    embedder = embeddings.named_embedder(options["dense"])
                except ImportError as error:
                    raise CommandError(str(error)) from error
            cache = options["cache"] or Path(settings.DATA_DIR) / "evaluation-embeddings"
            with tqdm(unit=_("queries"), file=sys.stderr, disable=not verbose) as bar:
                scores = evaluation.evaluate_beir(
                    *files, embedder=embedder, cache=cache, progress=bar.update
                )
        else:
            raise CommandError(
                _("Give --corpus, --queries and --qrels (BEIR files), or --judgments.")
            )
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    [{"ranking": s.label, "queries": s.queries, **s.metrics} for s in scores],
                    indent=2,
                )
            )
            return
        header = _("ranking")
        self.stdout.write(
            f"{header:<14} {_('queries'):>8} {'nDCG@10':>8} {'Recall@100':>10} {'MRR@10':>8}"
        )
        for s in scores:
            m = s.metrics
            self.stdout.write(
                f"{s.label:<14} {s.queries:>8} {m['ndcg@10']:>8.4f} "
                f"{m['recall@100']:>10.4f} {m['mrr@10']:>8.4f}"
            )
