"""Execution (3.3): duties, the work plan's tasks (their workflow, overdue), the coordination log (escalation)."""

import datetime
import itertools

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from core.models import Approval, Notification
from core.workflow import ConditionFailed, TransitionNotAllowed, TransitionPermissionDenied
from projects.choices import IssueStatus, TaskStatus
from projects.models import WorkTask
from projects.services import (
    duty_assign,
    issue_raise,
    issue_transition,
    project_stage_transition,
    task_add,
    task_transition,
    task_update,
)
from projects.workflows import ISSUE_WORKFLOW, TASK_WORKFLOW
from tests.helpers import advance_to, plan_the_work


@pytest.fixture
def executing(users, project):
    return advance_to(project, "execution", users)


def new_task(users, project, **kw):
    due = kw.get("due_date", timezone.localdate() + datetime.timedelta(days=7))
    return task_add(actor=users["planner"], pk=project.pk, title=kw.get("title", "Lift maintenance"),
                    category=kw.get("category", "maintenance"), owner=kw.get("owner", users["service"]),
                    start_date=min(due, timezone.localdate()), due_date=due)  # fmt: skip


@pytest.mark.django_db
def test_no_supervision_without_duties_and_a_work_plan(users, executing):
    with pytest.raises(ConditionFailed) as exc:
        project_stage_transition(actor=users["head"], pk=executing.pk, target="supervision")
    assert [f.split(" ")[0] for f in exc.value.failures] == ["3.3.1", "3.3.1"]
    plan_the_work(executing, users)
    project_stage_transition(actor=users["head"], pk=executing.pk, target="supervision")


@pytest.mark.django_db
def test_duties_and_tasks_are_for_people_of_the_organisation(users, executing):
    with pytest.raises(ValidationError):
        duty_assign(actor=users["planner"], pk=executing.pk, person=users["client"], responsibility="x")
    with pytest.raises(ValidationError):
        new_task(users, executing, owner=users["client"])
    with pytest.raises(PermissionDenied):
        duty_assign(actor=users["service"], pk=executing.pk, person=users["planner"], responsibility="x")


@pytest.mark.django_db
def test_task_dates_and_progress_are_checked(users, executing):
    with pytest.raises(ValidationError):
        task_add(actor=users["planner"], pk=executing.pk, title="t", category="safety", owner=users["planner"],
                 start_date=datetime.date(2026, 5, 2), due_date=datetime.date(2026, 5, 1))  # fmt: skip
    task = new_task(users, executing)
    with pytest.raises(ValidationError):
        task_update(actor=users["service"], task_pk=task.pk, progress=101)


@pytest.mark.django_db
def test_overdue_tasks(users, executing):
    late = new_task(users, executing, due_date=timezone.localdate() - datetime.timedelta(days=1))
    on_time = new_task(users, executing)
    assert list(WorkTask.objects.overdue()) == [late]
    assert late.is_overdue and not on_time.is_overdue
    task_transition(actor=users["service"], task_pk=late.pk, target="done")
    assert not WorkTask.objects.overdue().exists()
    late.refresh_from_db()
    assert late.progress == 100 and late.completed_at is not None


TASK_PAIRS = list(itertools.product(TaskStatus.values, TaskStatus.values))
TASK_ALLOWED = {(t.source, t.target) for t in TASK_WORKFLOW.transitions}


def task_in(status, users, project):
    task = new_task(users, project)
    path = {"todo": [], "in_progress": ["in_progress"], "done": ["done"], "cancelled": ["cancelled"]}[status]
    for target in path:
        task_transition(actor=users["service"], task_pk=task.pk, target=target, comment="because")
    task.refresh_from_db()
    assert task.status == status
    return task


@pytest.mark.django_db
@pytest.mark.parametrize(("source", "target"), TASK_PAIRS, ids=[f"{a}->{b}" for a, b in TASK_PAIRS])
def test_every_task_pair(source, target, users, executing):
    task = task_in(source, users, executing)
    if (source, target) in TASK_ALLOWED:
        task_transition(actor=users["service"], task_pk=task.pk, target=target, comment="c", expected_source=source)
        task.refresh_from_db()
        assert task.status == target
    else:
        with pytest.raises(TransitionNotAllowed) as exc:
            task_transition(actor=users["service"], task_pk=task.pk, target=target, comment="c")
        assert exc.value.clause == "3.3.2"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["inspector", "executive", "auditor", "market", "finance"])
def test_tasks_are_moved_only_by_the_team(role, users, executing):
    task = new_task(users, executing)
    with pytest.raises((TransitionPermissionDenied, Http404)):
        task_transition(actor=users[role], task_pk=task.pk, target="in_progress")


@pytest.mark.django_db
def test_a_finished_task_is_reopened_before_it_changes(users, executing):
    task = task_in("done", users, executing)
    with pytest.raises(ValidationError):
        task_update(actor=users["service"], task_pk=task.pk, title="Changed")
    with pytest.raises(ConditionFailed):  # reopening needs a reason
        task_transition(actor=users["service"], task_pk=task.pk, target="in_progress")
    task_transition(actor=users["service"], task_pk=task.pk, target="in_progress", comment="Not finished.")
    task.refresh_from_db()
    assert task.completed_at is None


ISSUE_PAIRS = list(itertools.product(IssueStatus.values, IssueStatus.values))
ISSUE_ALLOWED = {(t.source, t.target) for t in ISSUE_WORKFLOW.transitions}


def issue_in(status, users, project):
    issue = issue_raise(actor=users["service"], pk=project.pk, title="Parking complaints", owner=users["planner"],
                        priority="high")  # fmt: skip
    if status == "escalated":
        issue_transition(actor=users["service"], issue_pk=issue.pk, target="escalated", comment="Owner needed.")
    if status == "resolved":
        issue_transition(actor=users["planner"], issue_pk=issue.pk, target="resolved", resolution="More spaces.")
    issue.refresh_from_db()
    assert issue.status == status
    return issue


@pytest.mark.django_db
@pytest.mark.parametrize(("source", "target"), ISSUE_PAIRS, ids=[f"{a}->{b}" for a, b in ISSUE_PAIRS])
def test_every_issue_pair(source, target, users, executing):
    issue = issue_in(source, users, executing)
    actor = users["head"] if source == "escalated" else users["planner"]
    kwargs = {"comment": "c", "resolution": "Fixed." if target == "resolved" else ""}
    if (source, target) in ISSUE_ALLOWED:
        issue_transition(actor=actor, issue_pk=issue.pk, target=target, expected_source=source, **kwargs)
        issue.refresh_from_db()
        assert issue.status == target
    else:
        with pytest.raises(TransitionNotAllowed) as exc:
            issue_transition(actor=actor, issue_pk=issue.pk, target=target, **kwargs)
        assert exc.value.clause == "3.3.3"


@pytest.mark.django_db
def test_escalation_reaches_the_head_who_alone_resolves(users, executing):
    issue = issue_in("escalated", users, executing)
    assert Notification.objects.filter(recipient=users["head"], url=issue.get_absolute_url()).exists()
    with pytest.raises(TransitionPermissionDenied) as exc:
        issue_transition(actor=users["planner"], issue_pk=issue.pk, target="resolved", resolution="x")
    assert exc.value.clause == "3.3.3"
    with pytest.raises(ConditionFailed):
        issue_transition(actor=users["head"], issue_pk=issue.pk, target="resolved")
    issue_transition(actor=users["head"], issue_pk=issue.pk, target="resolved", resolution="Owner adds 40 spaces.")
    issue.refresh_from_db()
    assert issue.resolution == "Owner adds 40 spaces." and issue.resolved_at is not None
    assert Approval.objects.for_object(issue).get().approver == users["head"]


@pytest.mark.django_db
def test_problems_are_raised_only_while_operating(users, project):
    advance_to(project, "planning", users)
    with pytest.raises(ValidationError) as exc:
        issue_raise(actor=users["service"], pk=project.pk, title="x", owner=users["planner"])
    assert "3.3.3" in str(exc.value)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/projects/{pk}/tasks/", "/api/tasks/", "/projects/{pk}/issues/", "/api/coordination-issues/",
            "/api/duties/", "/projects/{pk}/"],
)  # fmt: skip
def test_execution_lists_run_a_constant_number_of_queries(client, users, executing, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def grow(n):
        for i in range(n):
            new_task(users, executing, title=f"Task {i}", owner=users["planner" if i % 2 else "service"])
            issue_raise(actor=users["service"], pk=executing.pk, title=f"Problem {i}", owner=users["planner"])
            duty_assign(actor=users["head"], pk=executing.pk, person=users["service"], responsibility=f"Duty {i}")

    client.force_login(users["head"])
    url = url.format(pk=executing.pk)
    grow(2)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    grow(12)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(large) == len(small), [q["sql"] for q in large.captured_queries][len(small) :]


@pytest.mark.django_db
def test_raising_a_problem_notifies_its_owner(users, executing):
    issue = issue_raise(actor=users["service"], pk=executing.pk, title="Noise", owner=users["planner"])
    assert Notification.objects.filter(recipient=users["planner"], url=issue.get_absolute_url()).exists()


@pytest.mark.django_db
def test_a_reopened_problem_needs_a_new_resolution(users, executing):
    issue = issue_in("resolved", users, executing)
    issue_transition(actor=users["planner"], issue_pk=issue.pk, target="open", comment="Back again.")
    issue.refresh_from_db()
    assert issue.resolution == ""
    with pytest.raises(ConditionFailed):
        issue_transition(actor=users["planner"], issue_pk=issue.pk, target="resolved")
