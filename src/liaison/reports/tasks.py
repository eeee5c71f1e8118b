"""Background jobs of the reports: a report's PDF or workbook written for its page."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils import translation
from huey.contrib.djhuey import db_task

from .report_jobs import ReportJob
from .report_output import write_report_file


@db_task()
def write_report(*, token: str) -> None:
    """Write the report of job `token` into its file, telling its progress metric by metric."""
    job = ReportJob.find(token)
    if job is None:
        return
    job.state = "running"
    job.save()
    try:
        user = get_user_model()._default_manager.get(pk=job.user_id)

        def progress(done: int, total: int) -> None:
            # One more step after the metrics: laying the document out.
            job.done, job.total = done, total + 1
            job.save()

        with translation.override(job.language):
            content = write_report_file(
                params=job.params, format=job.format, user=user, progress=progress
            )
        job.file_path.write_bytes(content)
    except Exception as error:
        job.state = "failed"
        job.error = str(error)
        job.save()
        raise
    job.done = job.total
    job.state = "finished"
    job.save()
