"""Execution (3.3): duties, the work plan and timetable, the coordination log."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.audit import AuditedModel
from projects.choices import IssueStatus, Priority, TaskCategory, TaskStatus
from projects.models.project import ProjectRecordQuerySet


class Duty(AuditedModel):
    """Who does what on the project, by group and person (3.3.1)."""

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="duties")
    group = models.ForeignKey(
        "core.Department", verbose_name=_("group"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.PROTECT, related_name="duties"
    )
    responsibility = models.CharField(_("responsibility"), max_length=300)

    objects = ProjectRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("duty")
        verbose_name_plural = _("duties")
        ordering = ["group_id", "id"]

    def __str__(self) -> str:
        return f"{self.person}: {self.responsibility}"


class TaskQuerySet(ProjectRecordQuerySet):
    def overdue(self, today=None):
        today = today or timezone.localdate()
        return self.filter(due_date__lt=today).exclude(status__in=[TaskStatus.DONE, TaskStatus.CANCELLED])


class WorkTask(AuditedModel):
    """A task of the project's work plan and timetable (3.3.1–3.3.2): owner, dates, category, progress.

    Its status moves only through ``TASK_WORKFLOW``."""

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("task"), max_length=200)
    category = models.CharField(_("category"), max_length=30, choices=TaskCategory.choices)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="work_tasks"
    )
    start_date = models.DateField(_("start"), default=timezone.localdate)
    due_date = models.DateField(_("due"))
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    status = models.CharField(
        _("status"), max_length=20, choices=TaskStatus.choices, default=TaskStatus.TODO, db_index=True
    )
    notes = models.TextField(_("notes"), blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("work-plan task")
        verbose_name_plural = _("work-plan tasks")
        ordering = ["due_date", "id"]
        indexes = [models.Index(fields=["project", "status", "due_date"], name="task_due_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="task_progress_max_100"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("projects:tasks", args=[self.project_id]) + f"#task-{self.pk}"

    def clean(self):
        if self.start_date and self.due_date and self.due_date < self.start_date:
            raise ValidationError({"due_date": _("The due date cannot be before the start.")})
        if self.progress is not None and self.progress > 100:
            raise ValidationError({"progress": _("Progress is at most 100 %.")})

    @property
    def is_overdue(self) -> bool:
        return self.status not in (TaskStatus.DONE, TaskStatus.CANCELLED) and self.due_date < timezone.localdate()


class CoordinationIssue(AuditedModel):
    """A problem or conflict raised during operation, coordinated to a resolution (3.3.3).

    Its status moves only through ``ISSUE_WORKFLOW``; escalation brings it to the department head."""

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="coordination_issues")
    title = models.CharField(_("problem"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    priority = models.CharField(_("priority"), max_length=10, choices=Priority.choices, default=Priority.NORMAL)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="owned_issues"
    )
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    raised_at = models.DateTimeField(_("raised at"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=20, choices=IssueStatus.choices, default=IssueStatus.OPEN, db_index=True
    )
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    resolution = models.TextField(_("resolution"), blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    objects = ProjectRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("coordination problem")
        verbose_name_plural = _("coordination problems")
        ordering = ["-raised_at", "-id"]
        permissions = [("resolve_escalated_issue", _("Resolve a problem escalated to the department head"))]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("projects:issue-detail", args=[self.project_id, self.pk])
