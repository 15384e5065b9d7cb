"""A real Celery worker consumes tasks from Redis (the production broker) and runs them against the database."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from config.celery_app import app
from core.models import Notification
from core.tasks import ping
from projects.tasks import stage_overdue_reminders
from tests.factories import ProjectFactory


@pytest.fixture
def real_worker(require_redis):
    from celery.contrib.testing.worker import start_worker

    app.conf.task_always_eager = False
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=20) as worker:
            yield worker
    finally:
        app.conf.task_always_eager = True


def wait_for(predicate, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_worker_consumes_from_redis(real_worker, users):
    from django.core.cache import cache

    assert app.conf.broker_url.startswith("redis://")
    ping.delay("hello-worker")
    assert wait_for(lambda: cache.get("ping:hello-worker") == "pong"), "the worker did not run the task"

    project = ProjectFactory(stage_entered_at=timezone.now() - timedelta(days=400))
    stage_overdue_reminders.delay()
    assert wait_for(lambda: Notification.objects.filter(url=project.get_absolute_url()).exists())
    count = Notification.objects.count()
    stage_overdue_reminders.delay()  # a doubled beat tick changes nothing
    stage_overdue_reminders.delay()
    time.sleep(2)
    assert wait_for(lambda: Notification.objects.count() == count)
    assert Notification.objects.filter(recipient=users["head"], url=project.get_absolute_url()).count() == 1
