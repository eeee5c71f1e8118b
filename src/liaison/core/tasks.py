"""Background jobs of the pages: large exports."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.utils import translation
from django.utils.module_loading import import_string
from huey.contrib.djhuey import db_task

from .exports import ExportJob, table_rows, write_csv, write_xlsx


@db_task()
def export_list(*, token: str, view: str, params: dict[str, list[str]]) -> None:
    """Write the rows a list view shows for `params` into the export file of job `token`."""
    job = ExportJob.load(token)
    if job is None:
        return
    job.state = "running"
    job.save()
    # The headings and values are written in the language of the person who asked.
    with translation.override(job.language):
        _write(job, view=view, params=params)


def _write(job: ExportJob, *, view: str, params: dict[str, list[str]]) -> None:
    try:
        user = get_user_model()._default_manager.get(pk=job.user_id)
        view_class: Any = import_string(view)
        table = view_class.export_table(user=user, params=params)

        def progress(done: int) -> None:
            job.done = done
            job.save()

        rows = table_rows(table, progress=progress)
        if job.format == "csv":
            write_csv(rows, job.file_path)
        else:
            write_xlsx(rows, job.file_path, title=job.filename)
    except Exception as error:
        job.state = "failed"
        job.error = str(error)
        job.save()
        raise
    job.done = job.total
    job.state = "finished"
    job.save()
