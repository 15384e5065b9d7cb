"""Rendering reports in the worker: a soft time limit keeps one report from starving the workers; delivered
twice (acks_late after a crash), a finished export is not rendered again."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings


@shared_task(name="reports.tasks.render_report", acks_late=True, soft_time_limit=settings.REPORT_SOFT_TIME_LIMIT,
             time_limit=settings.REPORT_SOFT_TIME_LIMIT + 30)  # fmt: skip
def render_report(export_id: int) -> dict:
    from reports.services import export_run

    export = export_run(export_id)
    return {"status": export.status, "pages": export.pages}
