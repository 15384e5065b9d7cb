"""Crash and duplicate delivery (issue 10): a Celery worker process, consuming from Redis, is killed with SIGKILL
in the middle of a KPI sweep, a scheduled-inspection generation and a PDF render; a new worker takes the task again
(acknowledged late, delivered again after the visibility timeout), and the same task sent twice more (a doubled beat
tick) changes nothing: no duplicate, nothing lost. PostgreSQL and Redis, a real worker process each time.

"In the middle" is made certain, not timed: the job is held on a table lock taken by the test (it has started and
is inside its work, its transaction open) when the worker is killed; the PDF is killed while it is being laid out."""

import os
import signal
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from config.celery_app import app

ROOT = Path(__file__).resolve().parents[2]
VISIBILITY = 6  # seconds before a task taken by a dead worker is delivered again

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def dsn() -> str:
    s = connection.settings_dict
    return f"host={s['HOST'] or '127.0.0.1'} port={s['PORT'] or 5432} dbname={s['NAME']} user={s['USER'] or 'postgres'}"


@pytest.fixture
def queue(require_postgres, require_redis):
    """A queue of this test's own, so that no other test's worker takes its tasks; tasks are sent, not run."""
    name = f"crash-{uuid.uuid4().hex[:8]}"
    app.conf.task_always_eager = False
    yield name
    app.conf.task_always_eager = True
    with app.connection_for_write() as conn:
        conn.default_channel.queue_delete(name)


@contextmanager
def worker(queue: str, log: Path):
    """A worker process (as `make run` starts one) on ``queue``, against this test's database."""
    s = connection.settings_dict
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", "CELERY_TASK_ALWAYS_EAGER": "false",
           "DATABASE_URL": f"postgres://{s['USER'] or 'postgres'}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/"
                           f"{s['NAME']}",
           "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY), "PGAPPNAME": f"worker-{queue}",
           "MEDIA_ROOT": str(settings.MEDIA_ROOT)}  # fmt: skip
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    with log.open("ab") as out:
        proc = subprocess.Popen([str(Path(sys.executable).with_name("celery")), "-A", "config.celery_app", "worker",
                                 "--pool=solo", "-Q", queue, "-n", f"{queue}-{time.monotonic_ns()}@%h",
                                 "--without-mingle", "--without-gossip", "--without-heartbeat", "-l", "INFO"],
                                cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)  # fmt: skip
    try:
        assert wait_for(lambda: b"ready." in log.read_bytes() or proc.poll() is not None, 60), log.read_text()
        assert proc.poll() is None, log.read_text()
        yield proc
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()


def wait_for(predicate, timeout=60.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def waiting_on_a_lock(queue: str) -> bool:
    with psycopg.connect(dsn(), autocommit=True) as c:
        return bool(c.execute("SELECT 1 FROM pg_stat_activity WHERE application_name = %s AND wait_event_type = "
                              "'Lock'", [f"worker-{queue}"]).fetchone())  # fmt: skip


def kill(proc, queue: str) -> None:
    """SIGKILL the worker; the database then ends the dead worker's sessions, rolling back what they had begun."""
    proc.send_signal(signal.SIGKILL)
    proc.wait(20)
    with psycopg.connect(dsn(), autocommit=True) as c:
        c.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = %s",
                  [f"worker-{queue}"])  # fmt: skip


def killed_while_held(queue, log, table, send) -> None:
    """Hold ``table``, send the job, kill the worker once it waits on the table inside the job, let go."""
    with psycopg.connect(dsn()) as blocker:
        blocker.execute(f"LOCK TABLE {table} IN EXCLUSIVE MODE")
        with worker(queue, log) as proc:
            send()
            assert wait_for(lambda: waiting_on_a_lock(queue), 60), log.read_text()[-3000:]
            kill(proc, queue)
        blocker.rollback()
    time.sleep(VISIBILITY + 1)  # the next worker finds the dead one's task visible again when it starts


def finished_runs(job) -> int:
    from core.models import JobRun

    return JobRun.objects.filter(job=job, finished_at__isnull=False, ok=True).count()


def test_a_kpi_sweep_killed_half_way_is_done_once_by_the_next_worker(queue, tmp_path, users, project):
    from core.models import AuditEvent, JobRun, Notification
    from projects.kpi_defaults import install_default_kpis
    from projects.models import KpiAlert, KpiDefinition, RectificationNotice
    from projects.services import request_raise
    from projects.tasks import kpi_sweep
    from tests.helpers import advance_to

    install_default_kpis(KpiDefinition)
    serving = advance_to(project, "execution", users)
    request_raise(actor=users["client"], pk=serving.pk, kind="request", category="facilities", title="Lift",
                  description="Stuck.")  # fmt: skip
    job = "projects.tasks.kpi_sweep"
    killed_while_held(queue, tmp_path / "worker.log", "projects_kpialert",
                      lambda: kpi_sweep.apply_async(queue=queue))  # fmt: skip
    assert JobRun.objects.filter(job=job, finished_at__isnull=True).count() == 1  # it had started
    assert not KpiAlert.objects.exists() and not RectificationNotice.objects.exists()  # rolled back, nothing half

    with worker(queue, tmp_path / "worker.log"):
        assert wait_for(lambda: finished_runs(job) == 1, 60 + VISIBILITY), (tmp_path / "worker.log").read_text()
        kpi_sweep.apply_async(queue=queue)  # a doubled beat tick
        kpi_sweep.apply_async(queue=queue)
        assert wait_for(lambda: finished_runs(job) == 3, 60)
    alert = KpiAlert.objects.get(project=serving)  # exactly one, with its notice, its notifications and its events
    assert RectificationNotice.objects.filter(kpi_alert=alert).count() == 1
    assert AuditEvent.objects.filter(content_type__model="kpialert", object_id=str(alert.pk)).count() == 1
    keys = list(Notification.objects.filter(dedupe_key__contains=f"{alert.pk}").values_list("recipient", "dedupe_key"))
    assert keys and len(keys) == len(set(keys))


def test_an_inspection_generation_killed_half_way_is_done_once_by_the_next_worker(queue, tmp_path, users, project):
    from core.models import Notification
    from projects.models import Inspection
    from projects.services import checklist_create, inspection_plan_schedule
    from projects.tasks import generate_scheduled_inspections
    from tests.helpers import advance_to

    serving = advance_to(project, "execution", users)
    standard = checklist_create(actor=users["inspector"], name="Std", items=[
        {"text": "Exits clear", "weight": 1, "pass_criterion": "All clear"}])  # fmt: skip
    plan = inspection_plan_schedule(actor=users["inspector"], pk=serving.pk, checklist=standard,
                                    inspector=users["inspector"], frequency="weekly",
                                    starts_on=timezone.localdate())  # fmt: skip
    expected = sorted(plan.inspections.values_list("planned_on", flat=True))
    assert expected  # what the plan's horizon holds; taken away, for the job to plan again
    with psycopg.connect(dsn(), autocommit=True) as c:
        c.execute("DELETE FROM projects_inspection WHERE plan_id = %s", [plan.pk])
    Notification.objects.filter(recipient=users["inspector"]).delete()
    job = "projects.tasks.generate_scheduled_inspections"
    killed_while_held(queue, tmp_path / "worker.log", "projects_inspection",
                      lambda: generate_scheduled_inspections.apply_async(queue=queue))  # fmt: skip
    assert not Inspection.objects.filter(plan=plan).exists()

    with worker(queue, tmp_path / "worker.log"):
        assert wait_for(lambda: finished_runs(job) == 1, 60 + VISIBILITY), (tmp_path / "worker.log").read_text()
        generate_scheduled_inspections.apply_async(queue=queue)
        generate_scheduled_inspections.apply_async(queue=queue)
        assert wait_for(lambda: finished_runs(job) == 3, 60)
    assert sorted(Inspection.objects.filter(plan=plan).values_list("planned_on", flat=True)) == expected
    told = Notification.objects.filter(recipient=users["inspector"], dedupe_key__startswith="inspections-planned:")
    assert told.count() == 1  # told once, of inspections that exist


def test_a_pdf_render_killed_half_way_is_rendered_once_by_the_next_worker(queue, tmp_path, users, project):
    from core.audit import AuditAction, audit_record
    from core.models import Notification
    from reports.models import ReportExport
    from reports.tasks import render_report

    for i in range(2500):  # an audit extract of some eighty pages: seconds to lay out
        audit_record(action=AuditAction.UPDATE, obj=project, actor=users["head"], comment=f"第 {i} 次修改 change {i}")
    export = ReportExport.objects.create(report="audit-extract", language="zh-hans", filters={}, filters_text="-",
                                         requested_by=users["head"])  # fmt: skip
    log = tmp_path / "worker.log"
    with worker(queue, log) as proc:
        render_report.apply_async((export.pk,), queue=queue)
        rendering = lambda: ReportExport.objects.filter(pk=export.pk, status="running", progress__gte=60).exists()  # noqa: E731
        assert wait_for(rendering, 90), log.read_text()[-3000:]
        time.sleep(0.5)  # inside WeasyPrint
        kill(proc, queue)
    time.sleep(VISIBILITY + 1)
    export.refresh_from_db()
    assert export.status == "running" and not export.file and not export.sha256  # nothing stored half-way
    media = Path(settings.MEDIA_ROOT) / "reports"
    assert not list(media.glob(f"{export.reference}*"))

    with worker(queue, log):
        assert wait_for(lambda: ReportExport.objects.get(pk=export.pk).status == "done", 120 + VISIBILITY), \
            log.read_text()[-3000:]  # fmt: skip
        render_report.apply_async((export.pk,), queue=queue)  # delivered twice more: nothing rendered again
        render_report.apply_async((export.pk,), queue=queue)
        time.sleep(3)
    export.refresh_from_db()
    assert export.status == "done" and export.pages > 50 and len(export.sha256) == 64
    assert [p.name for p in media.glob(f"{export.reference}*")] == [Path(export.file.name).name]
    assert Notification.objects.filter(dedupe_key=f"report-ready:{export.pk}").count() == 1
    assert "render_report" in log.read_text()
