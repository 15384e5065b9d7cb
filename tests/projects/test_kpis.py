"""The KPI system (4.2) and the scheduled jobs: the sweep, alerts with their rectification notices, recovery,
scheduled inspections, each job recorded and idempotent."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.jobs import run_recorded
from core.models import AuditEvent, JobRun, Notification
from projects.choices import KpiMetric
from projects.models import Inspection, KpiAlert, KpiDefinition, KpiValue, RectificationNotice
from projects.services import (
    checklist_create,
    inspection_plan_schedule,
    inspections_generate_due,
    log_add,
    request_raise,
    request_transition,
)
from projects.services.kpi import kpi_sweep, kpi_target_set, metric_counts, period_bounds
from projects.tasks import generate_scheduled_inspections
from projects.tasks import kpi_sweep as kpi_sweep_task
from tests.helpers import advance_to


@pytest.fixture(autouse=True)
def default_kpis(request):
    """The defaults come by migration; a transactional test elsewhere in this process may have flushed them."""
    if "db" in request.fixturenames or request.node.get_closest_marker("django_db"):
        from projects.kpi_defaults import install_default_kpis

        request.getfixturevalue("db")
        install_default_kpis(KpiDefinition)


@pytest.fixture
def serving(users, project):
    return advance_to(project, "execution", users)


def raise_request(users, project, **kw):
    return request_raise(actor=users["client"], pk=project.pk, kind=kw.pop("kind", "request"), category="facilities",
                         title="Lift", description="Stuck.", **kw)  # fmt: skip


def handle(users, req, *, resolve=True):
    request_transition(actor=users["service"], request_pk=req.pk, target="in_progress", first_response="On it.")
    if resolve:
        request_transition(actor=users["service"], request_pk=req.pk, target="resolved", resolution="Fixed.")


@pytest.mark.parametrize(
    ("period", "day", "expected"),
    [
        ("month", datetime.date(2026, 11, 24), ("2026-11-01", "2026-11-30")),
        ("month", datetime.date(2026, 12, 31), ("2026-12-01", "2026-12-31")),
        ("quarter", datetime.date(2026, 11, 24), ("2026-10-01", "2026-12-31")),
        ("quarter", datetime.date(2026, 2, 1), ("2026-01-01", "2026-03-31")),
    ],
)
def test_period_bounds(period, day, expected):
    assert tuple(d.isoformat() for d in period_bounds(period, day)) == expected


@pytest.mark.django_db
def test_the_default_kpis_of_4_2_3_are_there():
    assert {d.metric: (d.comparator, d.target) for d in KpiDefinition.objects.all()} == {
        "issue_handling_rate": ("gte", Decimal("100.00")),
        "complaint_satisfaction": ("gte", Decimal("95.00")),
        "revisit_rate": ("gte", Decimal("100.00")),
        "client_satisfaction": ("gte", Decimal("90.00")),
        "timely_response": ("gte", Decimal("100.00")),
        "major_incidents": ("lte", Decimal("0.00")),
    }


@pytest.mark.django_db
def test_a_breach_raises_one_alert_with_its_notice_and_recovery_closes_it(users, serving, other_project):
    handle(users, raise_request(users, serving))
    pending = raise_request(users, serving)
    first = kpi_sweep()
    value = KpiValue.objects.get(project=serving, definition__metric=KpiMetric.ISSUE_HANDLING_RATE)
    assert (value.numerator, value.denominator, value.value, value.met) == (1, 2, Decimal("50.00"), False)
    alert = KpiAlert.objects.get(project=serving, definition__metric=KpiMetric.ISSUE_HANDLING_RATE)
    assert alert.status == "open" and alert.rectification.responsible == users["service"]
    assert "50.00" in alert.rectification.finding
    assert Notification.objects.filter(recipient=users["service"], url=alert.get_absolute_url()).count() == 1
    assert Notification.objects.filter(recipient=users["head"], url="/projects/kpis/").count() == 1
    assert first["alerts_opened"] == 1 and first["projects"] == 1  # the other project is not in operation

    second = kpi_sweep()  # running again changes nothing
    assert second["alerts_opened"] == 0 and KpiAlert.objects.count() == 1 and RectificationNotice.objects.count() == 1
    assert KpiValue.objects.filter(project=serving).count() == KpiDefinition.objects.count()

    handle(users, pending)
    third = kpi_sweep()
    alert.refresh_from_db()
    assert third["alerts_closed"] == 1 and alert.status == "closed" and alert.closed_at is not None


@pytest.mark.django_db
def test_one_open_alert_per_kpi_and_project_is_a_database_rule(users, serving):
    handle(users, raise_request(users, serving), resolve=False)
    kpi_sweep()
    alert = KpiAlert.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        KpiAlert.objects.create(definition=alert.definition, project=serving, period_start=alert.period_start,
                                value=1, target=100, opened_at=timezone.now())  # fmt: skip


@pytest.mark.django_db
def test_a_project_target_overrides_the_department_one(users, serving):
    handle(users, raise_request(users, serving))
    raise_request(users, serving)
    definition = KpiDefinition.objects.get(metric=KpiMetric.ISSUE_HANDLING_RATE)
    kpi_target_set(actor=users["inspector"], pk=serving.pk, definition=definition, target=Decimal("50"),
                   reason="Contract clause 7.2")  # fmt: skip
    kpi_sweep()
    value = KpiValue.objects.get(project=serving, definition=definition)
    assert value.target == Decimal("50.00") and value.met is True
    assert not KpiAlert.objects.filter(definition=definition).exists()


@pytest.mark.django_db
def test_every_metric_is_one_grouped_query(users, serving, django_assert_num_queries):
    log_add(actor=users["inspector"], pk=serving.pk, kind="safety", severity="major", title="Fire in B2")
    start, end = period_bounds("month", timezone.localdate())
    for metric in KpiMetric.values:
        with django_assert_num_queries(1):
            metric_counts(metric, start, end)
    assert metric_counts(KpiMetric.MAJOR_INCIDENTS, start, end) == {serving.pk: (1, 1)}
    kpi_sweep()
    incidents = KpiValue.objects.get(project=serving, definition__metric=KpiMetric.MAJOR_INCIDENTS)
    assert incidents.value == 1 and incidents.met is False


@pytest.mark.django_db
def test_the_sweep_reads_a_constant_number_of_times(users, project, projects, django_assert_max_num_queries):
    from tests.factories import ProjectFactory

    serving = advance_to(project, "execution", users)
    for _ in range(5):
        ProjectFactory(stage="execution")
    kpi_sweep()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        kpi_sweep()
    for _ in range(20):
        ProjectFactory(stage="supervision")
    with CaptureQueriesContext(connection) as large:
        kpi_sweep()

    def reads(ctx):  # the upsert is batched (SQLite's variable limit); the reads must not grow
        return [q["sql"] for q in ctx.captured_queries if q["sql"].startswith("SELECT")]

    assert len(reads(large)) == len(reads(small)), reads(large)
    assert serving.kpi_values.exists()


# ------------------------------------------------------------------------------------------------------------------
# Scheduled inspections and the job records
# ------------------------------------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_scheduled_inspections_are_created_once_and_audited(users, serving):
    standard = checklist_create(actor=users["inspector"], name="Std", items=[
        {"text": "Exits clear", "weight": 1, "pass_criterion": "All clear"}])  # fmt: skip
    plan = inspection_plan_schedule(actor=users["inspector"], pk=serving.pk, checklist=standard,
                                    inspector=users["inspector"], frequency="weekly",
                                    starts_on=timezone.localdate())  # fmt: skip
    before = plan.inspections.count()
    later = timezone.localdate() + datetime.timedelta(days=14)
    created = inspections_generate_due(today=later)
    assert created == 2 and inspections_generate_due(today=later) == 0
    assert Inspection.objects.filter(plan=plan).count() == before + 2
    newest = Inspection.objects.filter(plan=plan).order_by("-planned_on").first()
    assert AuditEvent.objects.filter(content_type__model="inspection", object_id=str(newest.pk),
                                     action="create").exists()  # fmt: skip
    assert Notification.objects.filter(recipient=users["inspector"], clause="3.4.1").exists()


@pytest.mark.django_db
def test_each_run_is_recorded(users, serving):
    result = generate_scheduled_inspections.delay(requested_by_id=users["head"].pk).get()
    run = JobRun.objects.get()
    assert run.ok and run.result == result == {"inspections_created": 0} and run.requested_by == users["head"]
    kpi_sweep_task.delay().get()
    assert JobRun.objects.filter(job="projects.tasks.kpi_sweep", requested_by=None, ok=True).count() == 1

    def broken():
        raise RuntimeError("database went away")

    with pytest.raises(RuntimeError):
        run_recorded("test.broken", broken)
    failed = JobRun.objects.get(job="test.broken")
    assert failed.ok is False and "database went away" in failed.error and failed.finished_at


@pytest.mark.django_db
def test_run_now_is_for_managers(client, users):
    client.force_login(users["planner"])
    assert client.get("/jobs/").status_code == 403
    assert client.post("/jobs/run/", {"task": "projects.tasks.kpi_sweep"}).status_code == 403
    client.force_login(users["head"])
    with_commit = client.post("/jobs/run/", {"task": "projects.tasks.kpi_sweep"})
    assert with_commit.status_code == 302
    assert client.post("/jobs/run/", {"task": "os.system"}).status_code == 302
    assert not JobRun.objects.filter(job="os.system").exists()
