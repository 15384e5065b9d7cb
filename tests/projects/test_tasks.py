"""The daily stage-overdue reminder (the periodic task that proves the beat → worker path)."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from core.models import Notification
from projects.tasks import stage_overdue_reminders
from tests.factories import ProjectFactory


@pytest.mark.django_db
def test_overdue_projects_are_reminded_once(users, project):
    project.stage_entered_at = timezone.now() - timedelta(days=settings.STAGE_MAX_DAYS["intake"] + 1)
    project.save()
    ProjectFactory(stage_entered_at=timezone.now())  # not overdue
    sent = stage_overdue_reminders.delay().get()
    recipients = set(Notification.objects.values_list("recipient__username", flat=True))
    assert recipients == {"head", "market", "planner", "service"}
    assert sent == {"notified": 4}
    assert stage_overdue_reminders.delay().get() == {"notified": 0}  # a second run changes nothing
    assert Notification.objects.count() == 4


@pytest.mark.django_db
def test_a_new_stay_in_a_stage_is_reminded_again(users, project):
    project.stage_entered_at = timezone.now() - timedelta(days=100)
    project.save()
    stage_overdue_reminders()
    project.stage_entered_at = timezone.now() - timedelta(days=99)
    project.save()
    stage_overdue_reminders()
    assert Notification.objects.filter(recipient=users["head"]).count() == 2


def test_the_schedule_is_declared_in_settings():
    entry = settings.CELERY_BEAT_SCHEDULE["projects-stage-overdue-reminders"]
    assert entry["task"] == stage_overdue_reminders.name


@pytest.mark.django_db(transaction=True)  # the scheduler closes its database connection
def test_beat_copies_the_schedule_into_the_admin_editable_tables():
    from django_celery_beat.schedulers import DatabaseScheduler

    from config.celery_app import app

    DatabaseScheduler(app=app, lazy=True).setup_schedule()
    assert PeriodicTask.objects.filter(task="projects.tasks.stage_overdue_reminders").exists()
