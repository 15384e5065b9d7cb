"""Scheduled contract jobs (declared in settings.CELERY_BEAT_SCHEDULE). Thin and idempotent."""

from __future__ import annotations

from celery import shared_task
from django.utils.translation import gettext_lazy as _

from core.jobs import describe_job, run_recorded

describe_job(
    "contracts.tasks.contract_alerts",
    title=_(
        "Warn of expiring contracts, opening notice windows, invoicing thresholds, overdue obligations and late "
        "evaluations"
    ),
    clause="8.2.2",
)


@shared_task(name="contracts.tasks.contract_alerts")
def contract_alerts(requested_by_id: int | None = None) -> dict:
    """Daily: the contract alerts of 8.2.2–8.2.3."""
    from contracts.services import contract_alerts as run

    return run_recorded("contracts.tasks.contract_alerts", run, requested_by_id=requested_by_id)
