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


describe_job("risk.tasks.risk_reminders", title=_("Plan and remind risk reviews; lapse expired acceptances; remind "
                                                  "checks and overdue measures"), clause="7.1.2")  # fmt: skip


@shared_task(name="risk.tasks.risk_reminders")
def risk_reminders(requested_by_id: int | None = None) -> dict:
    """Daily: periodic risk identification (7.1.2), acceptances' expiry (7.2.1), measures' checks (7.2.2–7.2.3)."""
    from risk.register import risk_reminders as run

    return run_recorded("risk.tasks.risk_reminders", run, requested_by_id=requested_by_id)
