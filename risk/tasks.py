"""Scheduled risk jobs (declared in settings.CELERY_BEAT_SCHEDULE). Thin and idempotent."""

from __future__ import annotations

from celery import shared_task
from django.utils.translation import gettext_lazy as _

from core.jobs import describe_job, run_recorded

describe_job("risk.tasks.evaluate_indicators", title=_("Evaluate the risk indicators; warn on a breach"),
             clause="7.3.2")  # fmt: skip


@shared_task(name="risk.tasks.evaluate_indicators")
def evaluate_indicators(requested_by_id: int | None = None) -> dict:
    """Hourly: the key risk indicators, including the financial early warning (6.4.2, 7.3.2)."""
    from risk.services import evaluate_indicators as run

    return run_recorded("risk.tasks.evaluate_indicators", run, requested_by_id=requested_by_id)
