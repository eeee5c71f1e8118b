"""An import from the pages: the uploaded file kept in the data folder, its dry run and then its
import run as background jobs, their state in a small JSON file the progress page polls.

The dry run remembers the versions of the records it found; the import the person confirms
gives them to the run, which refuses any record changed meanwhile (`runs.run_import`'s
`expected`).
"""

from __future__ import annotations

import dataclasses
import json
import secrets
import time
from pathlib import Path
from typing import Any

from django.conf import settings

from liaison.core.exports import KEEP_FOR
from liaison.core.permissions import user_may
from liaison.organizations.models import Organization

from .runs import Report

DRY_RUN, IMPORT = "dry_run", "import"
QUEUED, RUNNING, FINISHED, FAILED = "queued", "running", "finished", "failed"


def may_import(user: Any) -> bool:
    """Whether `user` may import and export from the pages: the office, who may add
    organizations (each row is still checked against the user's roles)."""
    return bool(user is not None and user.is_authenticated and user_may(user, "add", Organization))


def imports_dir() -> Path:
    folder = Path(settings.DATA_DIR) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@dataclasses.dataclass
class ImportJob:
    """One uploaded file's dry run, then perhaps its import."""

    token: str
    user_id: int
    filename: str
    extension: str
    language: str = "en"
    phase: str = DRY_RUN
    state: str = QUEUED
    done: int = 0
    total: int = 0
    error: str = ""
    report: dict[str, Any] | None = None
    # The dry run's report, kept once the import runs: its versions and what it promised.
    dry_run: dict[str, Any] | None = None

    @property
    def status_path(self) -> Path:
        return imports_dir() / f"{self.token}.json"

    @property
    def file_path(self) -> Path:
        return imports_dir() / f"{self.token}.{self.extension}"

    @property
    def percent(self) -> int:
        if self.state == FINISHED:
            return 100
        return min(99, int(100 * self.done / self.total)) if self.total else 0

    @property
    def outcome(self) -> Report | None:
        return Report.from_dict(self.report) if self.report is not None else None

    @property
    def running(self) -> bool:
        return self.state in (QUEUED, RUNNING)

    def save(self) -> None:
        # Written beside and renamed, so the polling page never reads half a status.
        partial = self.status_path.with_suffix(".part")
        partial.write_text(json.dumps(dataclasses.asdict(self)), encoding="utf-8")
        partial.replace(self.status_path)

    @classmethod
    def new(
        cls, *, user_id: int, filename: str, extension: str, content: bytes, language: str
    ) -> ImportJob:
        clear_old_imports()
        job = cls(
            token=secrets.token_urlsafe(16),
            user_id=user_id,
            filename=filename,
            extension=extension,
            language=language,
        )
        job.file_path.write_bytes(content)
        job.save()
        return job

    @classmethod
    def load(cls, token: str) -> ImportJob | None:
        if not token.replace("-", "").replace("_", "").isalnum():
            return None
        try:
            data = json.loads((imports_dir() / f"{token}.json").read_text(encoding="utf-8"))
            return cls(**data)
        except (OSError, ValueError, TypeError):
            return None


def clear_old_imports() -> None:
    limit = time.time() - KEEP_FOR.total_seconds()
    for path in imports_dir().iterdir():
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
        except OSError:
            continue
