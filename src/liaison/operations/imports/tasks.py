"""Background jobs of the imports page: a file's dry run or import, and an export of
everything a person may see."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils import translation
from huey.contrib.djhuey import db_task

from liaison.core.exports import ExportJob

from . import books, registry
from .jobs import DRY_RUN, FAILED, FINISHED, RUNNING, ImportJob
from .runs import run_import


@db_task()
def import_file(*, token: str) -> None:
    """Run the dry run or the import of job `token`, writing its progress as it goes."""
    job = ImportJob.load(token)
    if job is None:
        return
    job.state = RUNNING
    job.done = 0
    job.save()
    # Messages in the language of the person who uploaded the file.
    with translation.override(job.language):
        try:
            user = get_user_model()._default_manager.get(pk=job.user_id)

            def on_total(total: int) -> None:
                job.total = total
                job.save()

            def progress(rows: int) -> None:
                job.done += rows
                if job.done % 200 == 0 or job.done == job.total:
                    job.save()

            expected = None
            if job.phase != DRY_RUN and job.dry_run is not None:
                expected = job.dry_run.get("seen")
            with job.file_path.open("rb") as handle:
                report = run_import(
                    handle,
                    name=job.filename,
                    user=user,
                    dry_run=job.phase == DRY_RUN,
                    expected=expected,
                    progress=progress,
                    on_total=on_total,
                )
        except Exception as error:
            job.state = FAILED
            job.error = str(error)
            job.save()
            raise
    job.report = report.as_dict()
    job.state = FINISHED
    job.done = job.total
    job.save()


@db_task()
def export_everything(*, token: str) -> None:
    """Write every record the job's user may see into its workbook, in the import's format."""
    job = ExportJob.load(token)
    if job is None:
        return
    job.state = "running"
    job.save()
    try:
        user = get_user_model()._default_manager.get(pk=job.user_id)

        def progress(rows: int) -> None:
            job.done += rows
            if job.done % 500 == 0:
                job.save()

        with translation.override(job.language), job.file_path.open("wb") as handle:
            books.write_workbook(
                handle,
                language=job.language,
                selected=registry.kinds(),
                user=user,
                with_rows=True,
                progress=progress,
            )
    except Exception as error:
        job.state = "failed"
        job.error = str(error)
        job.save()
        raise
    job.done = job.total
    job.state = "finished"
    job.save()
