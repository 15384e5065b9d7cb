"""Scheduled project jobs (declared in settings.CELERY_BEAT_SCHEDULE)."""

from __future__ import annotations

from celery import shared_task

from projects.selectors import stage_overdue_remind


@shared_task(name="projects.tasks.stage_overdue_reminders")
def stage_overdue_reminders() -> int:
    """Daily: remind the department head and the team of projects overdue in their stage. Idempotent."""
    return stage_overdue_remind()
