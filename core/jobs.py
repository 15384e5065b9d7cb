"""The machinery of scheduled jobs: each run recorded (``JobRun``), rows inserted once however often a job runs.

A job is a Celery task declared in ``settings.CELERY_BEAT_SCHEDULE``; its body calls ``run_recorded`` so that the
run, who asked for it (a manager's "run now") and what it created are kept.
"""

from __future__ import annotations

import logging

from django.db import IntegrityError, transaction
from django.utils import timezone

from core.audit import acting_as, audit_bulk_created

logger = logging.getLogger(__name__)

# Celery task name → what the job does (translated) and the policy clause it serves; filled by each app's tasks.
JOBS: dict[str, dict] = {}


def describe_job(task_name: str, *, title, clause: str) -> None:
    JOBS[task_name] = {"title": title, "clause": clause}


def scheduled_jobs() -> list[dict]:
    """The jobs of ``CELERY_BEAT_SCHEDULE``, each with its schedule, description and clause."""
    import importlib

    from django.conf import settings

    rows = []
    for key, entry in settings.CELERY_BEAT_SCHEDULE.items():
        importlib.import_module(entry["task"].rsplit(".", 1)[0])  # the module describes its jobs when imported
        info = JOBS.get(entry["task"], {})
        rows.append({"key": key, "task": entry["task"], "schedule": entry["schedule"],
                     "title": info.get("title", entry["task"]), "clause": info.get("clause", "")})  # fmt: skip
    return rows


def enqueue_now(task_name: str, user) -> dict | None:
    """A manager's "run now": queue scheduled job ``task_name`` after the transaction commits, recorded as asked by
    ``user``. None if it is not a scheduled job."""
    from celery import current_app

    job = next((j for j in scheduled_jobs() if j["task"] == task_name), None)
    if job is None or task_name not in current_app.tasks:
        return None
    task = current_app.tasks[task_name]
    transaction.on_commit(lambda: task.delay(requested_by_id=user.pk))
    return job


def run_recorded(job: str, func, *, requested_by_id: int | None = None, **kwargs) -> dict:
    """Run ``func(**kwargs)`` as job ``job``: a ``JobRun`` row records when, who asked, the result dict or the error.
    The work is done as the requesting user (or the system) for the audit trail."""
    from core.models import JobRun, User

    user = User.objects.filter(pk=requested_by_id).first() if requested_by_id else None
    run = JobRun.objects.create(job=job, started_at=timezone.now(), requested_by=user)
    try:
        with acting_as(user, request_id=f"job-{run.pk}"):
            result = func(**kwargs) or {}
    except Exception as exc:
        run.ok, run.error, run.finished_at = False, f"{type(exc).__name__}: {exc}"[:4000], timezone.now()
        run.save(update_fields=["ok", "error", "finished_at"])
        raise
    run.ok, run.result, run.finished_at = True, result, timezone.now()
    run.save(update_fields=["ok", "result", "finished_at"])
    logger.info("job %s: %s", job, result)
    return result


def insert_once(model, rows: list, *, describe=None) -> list:
    """Insert ``rows`` of ``model`` whose unique constraint makes each single (a plan and a date, a project and a
    period …), audited, in one statement per batch. If a concurrent run inserted some of them first, fall back to one
    row at a time and skip those: running a job twice, or two at once, never inserts a row twice."""
    if not rows:
        return []
    try:
        with transaction.atomic():
            created = model.objects.bulk_create(rows, batch_size=1000)
    except IntegrityError:
        created = []
        for row in rows:
            row.pk = None
            try:
                with transaction.atomic():
                    model.objects.bulk_create([row])
            except IntegrityError:
                continue
            created.append(row)
    audit_bulk_created(model, created, describe=describe)
    return created
