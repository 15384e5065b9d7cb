"""Scheduled inspection plans (3.4.1), commendation and accountability (3.4.3), and the project timeline."""

import datetime
import itertools

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from core.models import Approval
from core.workflow import ConditionFailed, TransitionNotAllowed, TransitionPermissionDenied
from projects.choices import MeritStatus
from projects.models import Inspection, InspectionPlan, MeritRecord
from projects.models.supervision import _add_months
from projects.selectors import project_timeline
from projects.services import (
    checklist_create,
    inspection_plan,
    inspection_plan_generate,
    inspection_plan_schedule,
    inspection_plan_stop,
    inspection_record,
    inspection_transition,
    merit_propose,
    merit_transition,
)
from projects.workflows import MERIT_WORKFLOW
from tests.helpers import advance_to

ITEMS = [{"text": "Fire exits unobstructed", "weight": 1, "pass_criterion": "All exits clear"}]


@pytest.fixture
def operating(users, project):
    return advance_to(project, "supervision", users)


@pytest.fixture
def checklist(users):
    return checklist_create(actor=users["inspector"], name="Plaza standard", items=ITEMS)


def schedule(users, project, checklist, **kw):
    values = {"frequency": "weekly", "starts_on": timezone.localdate(), **kw}
    return inspection_plan_schedule(actor=users["inspector"], pk=project.pk, checklist=checklist,
                                    inspector=users["inspector"], **values)  # fmt: skip


def completed_inspection(users, project, checklist, *, passed=True):
    inspection = inspection_plan(actor=users["inspector"], pk=project.pk, checklist=checklist,
                                 inspector=users["inspector"], planned_on=timezone.localdate())  # fmt: skip
    item = checklist.items.get()
    inspection_record(actor=users["inspector"], inspection_pk=inspection.pk,
                      scores=[{"item": item.pk, "score": 95 if passed else 30, "passed": passed}])  # fmt: skip
    return inspection_transition(actor=users["inspector"], inspection_pk=inspection.pk, target="completed")


# ------------------------------------------------------------------------------------------------------------------
# 3.4.1 scheduled inspections
# ------------------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("frequency", "start", "expected"),
    [
        ("weekly", datetime.date(2026, 1, 1), ["2026-01-01", "2026-01-08", "2026-01-15", "2026-01-22", "2026-01-29"]),
        ("fortnightly", datetime.date(2026, 1, 1), ["2026-01-01", "2026-01-15", "2026-01-29"]),
        ("monthly", datetime.date(2026, 1, 31), ["2026-01-31"]),
        ("quarterly", datetime.date(2025, 11, 30), ["2025-11-30"]),
    ],
)
def test_due_dates_follow_the_frequency(frequency, start, expected):
    plan = InspectionPlan(frequency=frequency, starts_on=start)
    assert [d.isoformat() for d in plan.due_dates(until=datetime.date(2026, 1, 31))] == expected


def test_months_are_added_to_the_calendar():
    assert _add_months(datetime.date(2026, 1, 31), 1) == datetime.date(2026, 2, 28)
    assert _add_months(datetime.date(2026, 11, 30), 3) == datetime.date(2027, 2, 28)
    assert _add_months(datetime.date(2026, 12, 15), 1) == datetime.date(2027, 1, 15)
    plan = InspectionPlan(frequency="monthly", starts_on=datetime.date(2026, 1, 31), ends_on=datetime.date(2026, 4, 1))
    assert plan.due_dates(until=datetime.date(2027, 1, 1)) == [
        datetime.date(2026, 1, 31), datetime.date(2026, 2, 28), datetime.date(2026, 3, 31)]  # fmt: skip


@pytest.mark.django_db
def test_a_plan_creates_its_due_inspections_once(users, operating, checklist):
    plan = schedule(users, operating, checklist)
    first = sorted(plan.inspections.values_list("planned_on", flat=True))
    today = timezone.localdate()
    assert first == [today + datetime.timedelta(days=d) for d in (0, 7)]  # horizon: the next 7 days
    assert inspection_plan_generate(plan_pk=plan.pk) == []  # running again changes nothing
    later = inspection_plan_generate(plan_pk=plan.pk, today=today + datetime.timedelta(days=7))
    assert [i.planned_on for i in later] == [today + datetime.timedelta(days=14)]
    assert all(i.kind == "scheduled" and i.inspector == users["inspector"] for i in plan.inspections.all())
    with pytest.raises(IntegrityError), transaction.atomic():
        Inspection.objects.create(project=operating, checklist=checklist, inspector=users["inspector"], plan=plan,
                                  planned_on=today)  # fmt: skip


@pytest.mark.django_db
def test_a_stopped_plan_creates_nothing_more(users, operating, checklist):
    plan = schedule(users, operating, checklist)
    with pytest.raises(PermissionDenied):
        inspection_plan_stop(actor=users["planner"], plan_pk=plan.pk)
    inspection_plan_stop(actor=users["inspector"], plan_pk=plan.pk)
    assert inspection_plan_generate(plan_pk=plan.pk, today=timezone.localdate() + datetime.timedelta(days=30)) == []
    assert plan.inspections.count() == 2  # the ones already planned stay


@pytest.mark.django_db
def test_plans_only_for_projects_in_operation_by_quality_staff(users, project, checklist):
    with pytest.raises(ValidationError) as exc:
        schedule(users, project, checklist)
    assert "3.4.1" in str(exc.value)
    operating = advance_to(project, "supervision", users)
    with pytest.raises(PermissionDenied):
        inspection_plan_schedule(actor=users["planner"], pk=operating.pk, checklist=checklist,
                                 inspector=users["inspector"], frequency="weekly",
                                 starts_on=timezone.localdate())  # fmt: skip
    with pytest.raises(ValidationError) as exc:
        inspection_plan_schedule(actor=users["inspector"], pk=operating.pk, checklist=checklist,
                                 inspector=users["planner"], frequency="weekly",
                                 starts_on=timezone.localdate())  # fmt: skip
    assert "inspector" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        schedule(users, operating, checklist, ends_on=timezone.localdate() - datetime.timedelta(days=1))
    assert "ends_on" in exc.value.message_dict


@pytest.mark.django_db
def test_plans_through_the_api_and_the_page(api_client, client, users, operating, checklist):
    api_client.force_authenticate(users["inspector"])
    made = api_client.post("/api/inspection-plans/", {
        "project": operating.pk, "checklist": checklist.pk, "inspector": users["inspector"].pk,
        "frequency": "monthly", "starts_on": timezone.localdate().isoformat()}, format="json")  # fmt: skip
    assert made.status_code == 201 and made.data["planned_count"] == 1, made.data
    stopped = api_client.post(f"/api/inspection-plans/{made.data['id']}/stop/")
    assert stopped.status_code == 200 and stopped.data["active"] is False
    api_client.force_authenticate(users["client"])
    assert api_client.get("/api/inspection-plans/").status_code == 403
    client.force_login(users["inspector"])
    page = client.get(f"/projects/{operating.pk}/inspections/")
    assert page.status_code == 200 and checklist.name in page.content.decode()
    response = client.post(f"/projects/{operating.pk}/inspections/schedule/", {
        "checklist": checklist.pk, "inspector": users["inspector"].pk, "frequency": "weekly",
        "starts_on": timezone.localdate().isoformat()})  # fmt: skip
    assert response.status_code == 302 and InspectionPlan.objects.filter(active=True).count() == 1


@pytest.mark.django_db
def test_clients_see_outcomes_of_completed_inspections_only(users, operating, checklist, other_project):
    done = completed_inspection(users, operating, checklist)
    schedule(users, operating, checklist)  # planned ones stay internal
    assert list(Inspection.objects.visible_to(users["client"])) == [done]
    assert not Inspection.objects.visible_to(users["client2"]).exists()


# ------------------------------------------------------------------------------------------------------------------
# 3.4.3 commendation and accountability
# ------------------------------------------------------------------------------------------------------------------
def propose(users, project, inspections, **kw):
    values = {"kind": "commendation", "person": users["planner"], "reason": "Top score three months running.",
              "measure": "Bonus and a commendation letter.", **kw}  # fmt: skip
    return merit_propose(actor=users["inspector"], pk=project.pk, inspections=inspections, **values)


@pytest.mark.django_db
def test_a_record_is_justified_by_completed_inspections(users, operating, checklist):
    planned = inspection_plan(actor=users["inspector"], pk=operating.pk, checklist=checklist,
                              inspector=users["inspector"], planned_on=timezone.localdate())  # fmt: skip
    with pytest.raises(ValidationError) as exc:
        propose(users, operating, [planned])
    assert "3.4.3" in str(exc.value)
    with pytest.raises(ValidationError):
        propose(users, operating, [completed_inspection(users, operating, checklist)], team="Ops team")
    with pytest.raises(PermissionDenied):
        merit_propose(actor=users["planner"], pk=operating.pk, kind="commendation", person=users["planner"],
                      reason="r", measure="m", inspections=[])  # fmt: skip
    record = propose(users, operating, [completed_inspection(users, operating, checklist, passed=False)],
                     kind="accountability", person=None, team="Night shift")  # fmt: skip
    assert record.subject == "Night shift" and record.status == "proposed"


MERIT_PAIRS = list(itertools.product(MeritStatus.values, MeritStatus.values))
MERIT_ALLOWED = {(t.source, t.target) for t in MERIT_WORKFLOW.transitions}


@pytest.mark.django_db
@pytest.mark.parametrize(("source", "target"), MERIT_PAIRS, ids=[f"{a}->{b}" for a, b in MERIT_PAIRS])
def test_every_merit_pair(source, target, users, operating, checklist):
    record = propose(users, operating, [completed_inspection(users, operating, checklist)])
    if source != "proposed":
        merit_transition(actor=users["head"], record_pk=record.pk, target=source, comment="Decided.")
    if (source, target) in MERIT_ALLOWED:
        for name in ("inspector", "planner", "executive", "auditor"):
            with pytest.raises(TransitionPermissionDenied):
                merit_transition(actor=users[name], record_pk=record.pk, target=target, comment="c")
        merit_transition(actor=users["head"], record_pk=record.pk, target=target, comment="c", expected_source=source)
        record.refresh_from_db()
        assert record.status == target and record.decided_at is not None
        assert Approval.objects.for_object(record).count() == 1
    else:
        with pytest.raises(TransitionNotAllowed) as exc:
            merit_transition(actor=users["head"], record_pk=record.pk, target=target, comment="c")
        assert exc.value.clause == "3.4.3"


@pytest.mark.django_db
def test_not_approving_needs_a_reason_and_records_stay_internal(client, users, operating, checklist):
    record = propose(users, operating, [completed_inspection(users, operating, checklist)])
    with pytest.raises(ConditionFailed):
        merit_transition(actor=users["head"], record_pk=record.pk, target="rejected")
    assert not MeritRecord.objects.visible_to(users["client"]).exists()
    assert not users["planner"].has_perm("projects.view_meritrecord")
    client.force_login(users["head"])
    assert client.get(record.get_absolute_url()).status_code == 200
    assert client.get(f"/projects/{operating.pk}/merits/?kind=commendation").status_code == 200
    decision = {"target": "approved", "expected_source": "proposed", "comment": "Well earned."}
    response = client.post(f"/projects/{operating.pk}/merits/{record.pk}/transition/", decision)
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.status == "approved"
    client.force_login(users["planner"])
    assert client.get(record.get_absolute_url()).status_code == 403


@pytest.mark.django_db
def test_merits_through_the_api(api_client, users, operating, checklist):
    inspection = completed_inspection(users, operating, checklist)
    api_client.force_authenticate(users["inspector"])
    made = api_client.post("/api/merit-records/", {
        "project": operating.pk, "kind": "improvement", "team": "Cleaning crew", "inspections": [inspection.pk],
        "reason": "Two failing scores.", "measure": "Retraining within a month."}, format="json")  # fmt: skip
    assert made.status_code == 201, made.data
    refused = api_client.post(f"/api/merit-records/{made.data['id']}/transition/", {"target": "approved"})
    assert refused.status_code == 403 and "3.4.3" in str(refused.data)
    api_client.force_authenticate(users["head"])
    done = api_client.post(f"/api/merit-records/{made.data['id']}/transition/", {"target": "approved"})
    assert done.status_code == 200 and done.data["status"] == "approved"


# ------------------------------------------------------------------------------------------------------------------
# The project timeline (from the audit log)
# ------------------------------------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_the_timeline_shows_the_gates_and_the_records_a_user_may_see(client, users, operating, checklist):
    propose(users, operating, [completed_inspection(users, operating, checklist)])
    head_events = list(project_timeline(operating, users["head"]))
    labels = {e.content_type.model for e in head_events}
    assert {"project", "inspection", "meritrecord", "operationsplan", "contract"} <= labels
    gates = [(e.from_state, e.to_state) for e in head_events if e.content_type.model == "project" and e.to_state]
    assert gates[:3] == [("execution", "supervision"), ("planning", "execution"), ("intake", "planning")]
    planner_labels = {e.content_type.model for e in project_timeline(operating, users["planner"])}
    assert "meritrecord" not in planner_labels and "project" in planner_labels
    client.force_login(users["planner"])
    page = client.get(reverse("projects:history", args=[operating.pk]), HTTP_HX_REQUEST="true")
    assert page.status_code == 200 and page.context["timeline"]
    assert 'data-testid="timeline-event"' in page.content.decode()
    client.force_login(users["client"])
    detail = client.get(operating.get_absolute_url())
    assert "timeline" not in detail.context
    assert reverse("projects:history", args=[operating.pk]) not in detail.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/projects/{pk}/merits/", "/api/merit-records/", "/api/inspection-plans/",
                                 "/projects/{pk}/inspections/", "/projects/{pk}/"])  # fmt: skip
def test_supervision_lists_run_a_constant_number_of_queries(client, users, operating, checklist, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def grow(n):
        for i in range(n):
            inspection = completed_inspection(users, operating, checklist)
            propose(users, operating, [inspection], person=None, team=f"Team {i}")
            schedule(users, operating, checklist, starts_on=timezone.localdate() + datetime.timedelta(days=i))

    client.force_login(users["head"])
    target = url.format(pk=operating.pk)
    grow(1)
    client.get(target)
    with CaptureQueriesContext(connection) as small:
        assert client.get(target).status_code == 200
    grow(5)
    with CaptureQueriesContext(connection) as large:
        assert client.get(target).status_code == 200
    assert len(large) == len(small), [q["sql"] for q in large.captured_queries][len(small) :]


@pytest.mark.django_db
def test_the_head_sees_records_to_approve(users, operating, checklist):
    from core.dashboard import panels_for

    record = propose(users, operating, [completed_inspection(users, operating, checklist)])
    panel = next(p for p in panels_for(users["head"]) if p.get("clause") == "3.4.3")
    assert [i["url"] for i in panel["items"]] == [record.get_absolute_url()]
    assert not any(p.get("clause") == "3.4.3" for p in panels_for(users["inspector"]))
    merit_transition(actor=users["head"], record_pk=record.pk, target="approved")
    assert not next(p for p in panels_for(users["head"]) if p.get("clause") == "3.4.3")["items"]
