"""Execution commands (3.3): duties, the work plan's tasks, the coordination log."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.notifications import notify
from core.roles import require_permission as _require
from core.workflow import cite, transition_perform
from projects.choices import Stage, TaskStatus
from projects.models import CoordinationIssue, Duty, Project, WorkTask

OPERATING_STAGES = (Stage.EXECUTION, Stage.SUPERVISION, Stage.ACCEPTANCE)


def _operating(actor, pk, clause: str) -> Project:
    project = Project.objects.locked_in_scope(actor, pk)
    if project.stage not in OPERATING_STAGES:
        raise ValidationError(cite(clause, _("the project is not being executed (its plan has not been approved).")))
    return project


def _staff(user, field: str) -> None:
    if user.client_organisation_id or not user.is_active:
        raise ValidationError({field: _("Choose an active person of the organisation.")})


@transaction.atomic
def duty_assign(*, actor, pk, person, responsibility: str, group=None) -> Duty:
    """Assign a duty on the project to a person, within a group (3.3.1)."""
    _require(actor, "projects.add_duty")
    project = Project.objects.locked_in_scope(actor, pk)
    if project.stage not in (Stage.PLANNING, *OPERATING_STAGES):
        raise ValidationError(cite("3.3.1", _("duties are assigned once the project is planned.")))
    _staff(person, "person")
    duty = Duty(project=project, person=person, responsibility=responsibility, group=group)
    duty.full_clean()
    duty.save()
    return duty


@transaction.atomic
def task_add(*, actor, pk, title: str, category: str, owner, due_date, start_date=None, notes: str = "") -> WorkTask:
    """Add a task to the work plan and timetable (3.3.1–3.3.2)."""
    _require(actor, "projects.add_worktask")
    project = Project.objects.locked_in_scope(actor, pk)
    if project.stage not in (Stage.PLANNING, *OPERATING_STAGES):
        raise ValidationError(cite("3.3.1", _("the work plan is drawn up from the approved operations plan.")))
    _staff(owner, "owner")
    task = WorkTask(project=project, title=title, category=category, owner=owner, due_date=due_date, notes=notes,
                    created_by=actor)  # fmt: skip
    if start_date:
        task.start_date = start_date
    task.full_clean()
    task.save()
    return task


@transaction.atomic
def task_update(*, actor, task_pk, **fields) -> WorkTask:
    """Change a task's plan (title, owner, dates, category, notes) or record its progress (3.3.2)."""
    _require(actor, "projects.change_worktask")
    allowed = {"title", "category", "owner", "start_date", "due_date", "progress", "notes"}
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"Unknown task fields: {sorted(unknown)}")
    task = WorkTask.objects.locked_in_scope(actor, task_pk)
    if task.status in (TaskStatus.DONE, TaskStatus.CANCELLED):
        raise ValidationError(cite("3.3.2", _("a finished or cancelled task is reopened before it changes.")))
    if "owner" in fields:
        _staff(fields["owner"], "owner")
    for key, value in fields.items():
        setattr(task, key, value)
    task.full_clean()
    task.save()
    return task


def task_transition(*, actor, task_pk, target: str, comment: str = "", expected_source: str | None = None):
    from projects.workflows import TASK_WORKFLOW

    return transition_perform(workflow=TASK_WORKFLOW, pk=task_pk, target=target, actor=actor, comment=comment,
                              expected_source=expected_source)  # fmt: skip


@transaction.atomic
def issue_raise(*, actor, pk, title: str, owner, priority: str = "normal", description: str = "") -> CoordinationIssue:
    """Record a problem or conflict that arose during operation, with an owner to coordinate it (3.3.3)."""
    _require(actor, "projects.add_coordinationissue")
    project = _operating(actor, pk, "3.3.3")
    _staff(owner, "owner")
    issue = CoordinationIssue(project=project, title=title, description=description, priority=priority, owner=owner,
                              raised_by=actor)  # fmt: skip
    issue.full_clean()
    issue.save()
    if owner.pk != actor.pk:
        notify(
            recipients=[owner],
            title=gettext_lazy("A problem for you to coordinate: %(title)s"),
            body=gettext_lazy("%(project)s · raised by %(actor)s · priority %(priority)s"),
            params={"title": title, "project": project, "actor": actor, "priority": issue.get_priority_display()},
            url=issue.get_absolute_url(),
            clause="3.3.3",
        )
    return issue


def issue_transition(*, actor, issue_pk, target: str, comment: str = "", resolution: str = "",
                     expected_source: str | None = None):  # fmt: skip
    """Escalate a problem to the department head, resolve it (recording the resolution) or reopen it (3.3.3)."""
    from projects.workflows import ISSUE_WORKFLOW

    fields = {"resolution": resolution} if resolution else None
    return transition_perform(workflow=ISSUE_WORKFLOW, pk=issue_pk, target=target, actor=actor, comment=comment,
                              expected_source=expected_source, fields=fields)  # fmt: skip
