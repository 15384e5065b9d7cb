"""Scheduled project jobs (declared in settings.CELERY_BEAT_SCHEDULE). Thin: each records its run and calls a
service; each is idempotent (running it twice, or two at once, creates nothing twice)."""

from __future__ import annotations

from celery import shared_task
from django.utils.translation import gettext_lazy as _

from core.jobs import describe_job, run_recorded
from projects.selectors import stage_overdue_remind

describe_job(
    "projects.tasks.stage_overdue_reminders", title=_("Remind of projects overdue in their stage"), clause="2.2.1"
)
describe_job(
    "projects.tasks.generate_scheduled_inspections",
    title=_("Create the scheduled inspections due from the inspection plans"),
    clause="3.4.1",
)
describe_job(
    "projects.tasks.generate_due_revisits", title=_("Create the client revisits due from the schedules"), clause="4.1.3"
)
describe_job(
    "projects.tasks.kpi_sweep", title=_("Compute the KPIs; alert on a breach, close on recovery"), clause="4.2.3"
)
describe_job(
    "projects.tasks.escalations",
    title=_("Escalate overdue rectifications and revisits, late responses, projects due for acceptance"),
    clause="3.4.2",
)


@shared_task(name="projects.tasks.stage_overdue_reminders")
def stage_overdue_reminders(requested_by_id: int | None = None) -> dict:
    """Daily: remind the department head and the team of projects overdue in their stage."""
    return run_recorded("projects.tasks.stage_overdue_reminders", lambda: {"notified": stage_overdue_remind()},
                        requested_by_id=requested_by_id)  # fmt: skip


@shared_task(name="projects.tasks.generate_scheduled_inspections")
def generate_scheduled_inspections(requested_by_id: int | None = None) -> dict:
    """Daily: create the scheduled inspections due from the inspection plans (3.4.1) and tell the inspectors."""
    from projects.services import inspections_generate_due

    return run_recorded("projects.tasks.generate_scheduled_inspections",
                        lambda: {"inspections_created": inspections_generate_due()},
                        requested_by_id=requested_by_id)  # fmt: skip


@shared_task(name="projects.tasks.generate_due_revisits")
def generate_due_revisits(requested_by_id: int | None = None) -> dict:
    """Daily: create the client revisits due from the revisit schedules (4.1.3)."""
    from projects.services import revisits_generate_due

    return run_recorded("projects.tasks.generate_due_revisits", lambda: {"revisits_created": revisits_generate_due()},
                        requested_by_id=requested_by_id)  # fmt: skip


@shared_task(name="projects.tasks.kpi_sweep")
def kpi_sweep(requested_by_id: int | None = None) -> dict:
    """Hourly: compute the KPIs of every project in operation; alerts on breach, closed on recovery (4.2.3)."""
    from projects.services.kpi import kpi_sweep as sweep

    return run_recorded("projects.tasks.kpi_sweep", sweep, requested_by_id=requested_by_id)


@shared_task(name="projects.tasks.escalations")
def escalations(requested_by_id: int | None = None) -> dict:
    """Daily: escalate overdue rectifications, overdue revisits, unanswered requests, projects due for acceptance."""
    from projects.services.escalation import escalations_run

    return run_recorded("projects.tasks.escalations", escalations_run, requested_by_id=requested_by_id)
