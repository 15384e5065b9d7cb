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


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_the_scheduled_jobs_once_over(real_worker, users, project):
    """KPI sweep, scheduled inspections, revisits and escalations through Redis to a real worker; every job sent
    twice (a doubled beat tick) creates exactly what one run creates."""
    from core.models import JobRun
    from projects.kpi_defaults import install_default_kpis
    from projects.models import Inspection, KpiAlert, KpiDefinition, RectificationNotice, Revisit
    from projects.services import checklist_create, inspection_plan_schedule, request_raise, revisit_plan_set
    from projects.tasks import escalations, generate_due_revisits, generate_scheduled_inspections, kpi_sweep
    from tests.helpers import advance_to

    install_default_kpis(KpiDefinition)  # a transactional test starts from flushed tables
    serving = advance_to(project, "execution", users)
    request_raise(actor=users["client"], pk=serving.pk, kind="request", category="facilities", title="Lift",
                  description="Stuck.")  # fmt: skip
    standard = checklist_create(actor=users["inspector"], name="Std", items=[
        {"text": "Exits clear", "weight": 1, "pass_criterion": "All clear"}])  # fmt: skip
    plan = inspection_plan_schedule(actor=users["inspector"], pk=serving.pk, checklist=standard,
                                    inspector=users["inspector"], frequency="weekly",
                                    starts_on=timezone.localdate())  # fmt: skip
    revisit_plan_set(actor=users["service"], pk=serving.pk, every_days=7, starts_on=timezone.localdate(),
                     owner=users["service"])  # fmt: skip
    inspections, revisits = plan.inspections.count(), Revisit.objects.count()

    tasks = (kpi_sweep, generate_scheduled_inspections, generate_due_revisits, escalations)
    for task in tasks * 2:
        task.delay()
    assert wait_for(lambda: JobRun.objects.filter(finished_at__isnull=False).count() == 8, timeout=60), list(
        JobRun.objects.values_list("job", "ok", "error")
    )
    assert JobRun.objects.filter(ok=True).count() == 8
    assert KpiAlert.objects.filter(project=serving).count() == 1
    assert RectificationNotice.objects.filter(kpi_alert__project=serving).count() == 1
    assert Inspection.objects.filter(plan=plan).count() == inspections
    assert Revisit.objects.count() == revisits


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_the_worker_raises_each_contract_alert_once(real_worker, users, project):
    """The daily contract alerts (8.2.2–8.2.3) through Redis to a real worker, sent twice: each event notifies each
    recipient once."""
    from contracts.models import Contract
    from contracts.services import obligation_add
    from contracts.tasks import contract_alerts
    from core.models import JobRun
    from tests.helpers import sign_contract

    contract = sign_contract(project, users, amount="500000.00")
    Contract.objects.filter(pk=contract.pk).update(service_end=timezone.localdate() + timedelta(days=10))
    late = obligation_add(actor=users["legal"], pk=contract.pk, description="Report", party="ours", kind="milestone",
                          due_on=timezone.localdate() - timedelta(days=1), responsible=users["planner"])  # fmt: skip
    contract_alerts.delay()
    contract_alerts.delay()
    assert wait_for(lambda: JobRun.objects.filter(finished_at__isnull=False).count() == 2, timeout=60)
    assert JobRun.objects.filter(ok=True).count() == 2
    expiring = Notification.objects.filter(dedupe_key__startswith=f"contract-expiring:{contract.pk}:")
    assert expiring.filter(recipient=users["legal"]).count() == 1
    key = f"obligation-overdue:{late.pk}:{late.due_on}"
    assert Notification.objects.filter(recipient=users["planner"], dedupe_key=key).count() == 1


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_the_worker_raises_one_warning_per_breach_and_escalates_it(real_worker, users, project, settings):
    """The hourly risk-indicator evaluation (6.4.2, 7.3.2) through Redis to a real worker, sent twice: one warning for
    the overdue receivable, escalated once when left unhandled."""
    from decimal import Decimal

    from core.models import JobRun
    from finance.services import invoice_record
    from risk.models import RiskWarning
    from risk.tasks import evaluate_indicators
    from tests.helpers import sign_contract

    settings.RISK_WARNING_ESCALATE_HOURS = 0
    contract = sign_contract(project, users, amount="500000.00")
    invoice_record(actor=users["finance"], contract_pk=contract.pk, number="FP-W", amount=Decimal("500.00"),
                   issued_on=timezone.localdate() - timedelta(days=40),
                   due_on=timezone.localdate() - timedelta(days=10))  # fmt: skip
    evaluate_indicators.delay()
    evaluate_indicators.delay()
    assert wait_for(lambda: JobRun.objects.filter(finished_at__isnull=False).count() == 2, timeout=60)
    assert JobRun.objects.filter(ok=True).count() == 2
    warning = RiskWarning.objects.get(indicator__code="finance-receivables-overdue", project=project)
    assert warning.escalated_at is not None
    assert Notification.objects.filter(dedupe_key=f"risk-warning-escalated:{warning.pk}",
                                       recipient=users["executive"]).count() == 1  # fmt: skip


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_the_worker_closes_a_warning_back_under_its_threshold_and_raises_none(real_worker, users, project):
    """An overdue rectification notice (7.3.1): the evaluation sent twice raises one warning; handled, and the notice
    closed, the next evaluations (sent twice) close it and raise none. The daily risk reminders sent twice plan one
    review per active project and remind it once (7.1.2)."""
    from core.models import JobRun
    from projects.models import Project, RectificationNotice
    from risk.models import RiskReview, RiskWarning
    from risk.services import warning_handle
    from risk.tasks import evaluate_indicators, risk_reminders

    today = timezone.localdate()
    notice = RectificationNotice.objects.create(project=project, finding="Exit blocked", requirement="Clear it",
                                                responsible=users["service"], issued_by=users["inspector"],
                                                deadline=today - timedelta(days=3))  # fmt: skip
    evaluate_indicators.delay()
    evaluate_indicators.delay()
    assert wait_for(lambda: JobRun.objects.filter(finished_at__isnull=False).count() == 2, timeout=60)
    warning = RiskWarning.objects.get(indicator__code="risk-overdue-rectifications")
    assert Notification.objects.filter(recipient=users["head"], url=f"/risk/warnings/{warning.pk}/").count() == 1
    warning_handle(actor=users["head"], pk=warning.pk, analysis="Late crew.", action_taken="Reassigned.")
    RectificationNotice.objects.filter(pk=notice.pk).update(status="closed")
    evaluate_indicators.delay()
    evaluate_indicators.delay()
    assert wait_for(lambda: JobRun.objects.filter(finished_at__isnull=False).count() == 4, timeout=60)
    assert JobRun.objects.filter(ok=True).count() == 4
    warning.refresh_from_db()
    assert warning.status == "closed"
    assert RiskWarning.objects.filter(indicator__code="risk-overdue-rectifications").count() == 1

    Project.objects.filter(pk=project.pk).update(stage="execution", created_at=timezone.now() - timedelta(days=400))
    risk_reminders.delay()
    risk_reminders.delay()
    assert wait_for(lambda: JobRun.objects.filter(job="risk.tasks.risk_reminders", finished_at__isnull=False)
                    .count() == 2, timeout=60)  # fmt: skip
    review = RiskReview.objects.get(project=project)
    assert Notification.objects.filter(recipient=users["head"], dedupe_key=f"risk-review:{review.pk}:due").count() == 1


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_the_worker_renders_a_report_once(real_worker, users, project):
    """A PDF export through Redis to a real worker: the export is rendered, its digest stored and its requester
    notified; delivered again, the finished export is not rendered twice (issue 9)."""
    from reports.models import ReportExport
    from reports.services import export_request
    from reports.tasks import render_report

    export = export_request(actor=users["head"], report_key="policy-map", language="zh-hans")
    assert wait_for(lambda: ReportExport.objects.get(pk=export.pk).status == "done", timeout=120)
    export.refresh_from_db()
    assert export.pages >= 1 and len(export.sha256) == 64 and export.progress == 100
    assert Notification.objects.filter(recipient=users["head"], dedupe_key=f"report-ready:{export.pk}").count() == 1
    digest = export.sha256
    render_report.delay(export.pk)  # a doubled delivery
    time.sleep(3)
    export.refresh_from_db()
    assert export.sha256 == digest and ReportExport.objects.count() == 1
