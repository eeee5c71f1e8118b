"""A report written as a background job: its PDF or workbook, and the progress a page polls.

The same files and the same keeping as the lists' exports (`core.exports`: the data folder's
exports/, kept a day); a report's job also names what to write (the period, center and
language, or a saved report) and counts its progress in metrics computed.
"""

from __future__ import annotations

import dataclasses
import secrets
from pathlib import Path
from typing import Any

from liaison.core.exports import ExportJob, clear_old_exports, exports_dir

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclasses.dataclass
class ReportJob(ExportJob):
    """The state of one report's job; `params` say which report (see `tasks.write_report`)."""

    params: dict[str, Any] = dataclasses.field(default_factory=dict)

    @property
    def file_path(self) -> Path:
        return exports_dir() / f"{self.token}.{self.format}"

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.format]

    @classmethod
    def start(
        cls, *, user_id: int, format: str, filename: str, language: str, params: dict[str, Any]
    ) -> ReportJob:
        if format not in CONTENT_TYPES:
            raise ValueError(f"a report is written as {sorted(CONTENT_TYPES)}, not {format!r}")
        clear_old_exports()
        job = cls(
            token=secrets.token_urlsafe(16),
            user_id=user_id,
            format=format,
            filename=filename,
            total=0,
            language=language,
            params=params,
        )
        job.save()
        return job

    @classmethod
    def find(cls, token: str) -> ReportJob | None:
        job = cls.load(token)
        return job if isinstance(job, ReportJob) else None
