"""Scheduled staff jobs (declared in settings.CELERY_BEAT_SCHEDULE). Thin and idempotent."""

from __future__ import annotations

from celery import shared_task
from django.utils.translation import gettext_lazy as _

from core.jobs import describe_job, run_recorded

describe_job("staff.tasks.deactivate_leavers", title=_("Deactivate the accounts of leavers on their leaving date"),
             clause="5.3.3")  # fmt: skip


@shared_task(name="staff.tasks.deactivate_leavers")
def deactivate_leavers(requested_by_id: int | None = None) -> dict:
    from staff.services import deactivate_leavers as run

    return run_recorded("staff.tasks.deactivate_leavers", run, requested_by_id=requested_by_id)
