"""Execution pages (3.3): the work plan (duties and tasks) and the coordination log."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, FormView, ListView

from core.exports import ExportMixin
from core.mixins import apply_validation_error, run_command
from core.models import Approval
from core.views import object_audit_trail
from projects import services
from projects.choices import IssueStatus, TaskStatus
from projects.forms import (
    DutyForm,
    IssueForm,
    IssueTransitionForm,
    TaskEditForm,
    TaskFilterForm,
    TaskForm,
    TaskTransitionForm,
)
from projects.models import CoordinationIssue, Duty, WorkTask
from projects.views.intake import ProjectScopedMixin, _InlineAddView
from projects.workflows import ISSUE_WORKFLOW, TASK_WORKFLOW

__all__ = [
    "DutyAssignView",
    "IssueDetailView",
    "IssueListView",
    "IssueRaiseView",
    "IssueTransitionView",
    "TaskAddView",
    "TaskEditView",
    "TaskListView",
    "TaskTransitionView",
]


class TaskListView(ProjectScopedMixin, ExportMixin, ListView):
    """The work plan and timetable (3.3.1–3.3.2): duties, then tasks with filters; overdue tasks stand out."""

    permission_required = "projects.view_worktask"
    template_name = "projects/task_list.html"
    context_object_name = "tasks"
    paginate_by = 50

    def get_queryset(self):
        qs = WorkTask.objects.visible_to(self.request.user).filter(project=self.project).select_related("owner")
        self.filter_form = TaskFilterForm(self.request.GET or None)
        if self.filter_form.is_valid():
            data = self.filter_form.cleaned_data
            if data["q"]:
                qs = qs.filter(Q(title__icontains=data["q"]) | Q(notes__icontains=data["q"]))
            if data["status"]:
                qs = qs.filter(status=data["status"])
            if data["category"]:
                qs = qs.filter(category=data["category"])
            if data["owner"]:
                qs = qs.filter(owner=data["owner"])
            if data["overdue"]:
                qs = qs.overdue()
        return qs

    def get_context_data(self, **kwargs):
        user = self.request.user
        query = self.request.GET.copy()
        query.pop("page", None)
        tasks = WorkTask.objects.visible_to(user).filter(project=self.project)
        return {
            **super().get_context_data(**kwargs),
            "project": self.project,
            "filter_form": self.filter_form,
            "querystring": query.urlencode(),
            "today": timezone.localdate(),
            "duties": Duty.objects.visible_to(user).filter(project=self.project).select_related("person", "group"),
            "duty_form": DutyForm() if user.has_perm("projects.add_duty") else None,
            "task_form": TaskForm() if user.has_perm("projects.add_worktask") else None,
            "counts": tasks.aggregate(
                total=Count("id"),
                done=Count("id", filter=Q(status=TaskStatus.DONE)),
                overdue=Count("id", filter=Q(due_date__lt=timezone.localdate())
                              & ~Q(status__in=[TaskStatus.DONE, TaskStatus.CANCELLED])),
            ),
            "can_change": user.has_perm("projects.change_worktask"),
        }  # fmt: skip


class DutyAssignView(_InlineAddView):
    permission_required = "projects.add_duty"
    form_class = DutyForm
    success = gettext_lazy("Duty assigned.")

    def back_url(self) -> str:
        return reverse("projects:tasks", args=[self.project.pk])

    def call(self, data):
        return services.duty_assign(actor=self.request.user, pk=self.project.pk, **data)


class TaskAddView(_InlineAddView):
    permission_required = "projects.add_worktask"
    form_class = TaskForm
    success = gettext_lazy("Task added to the work plan.")

    def back_url(self) -> str:
        return reverse("projects:tasks", args=[self.project.pk])

    def call(self, data):
        return services.task_add(actor=self.request.user, pk=self.project.pk, **data)


class _TaskMixin(ProjectScopedMixin):
    @cached_property
    def task(self) -> WorkTask:
        return get_object_or_404(
            WorkTask.objects.visible_to(self.request.user).filter(project=self.project).select_related("owner"),
            pk=self.kwargs["task_pk"],
        )


class TaskEditView(_TaskMixin, FormView):
    permission_required = "projects.change_worktask"
    template_name = "projects/task_form.html"
    form_class = TaskEditForm

    def get_initial(self):
        t = self.task
        return {"title": t.title, "category": t.category, "owner": t.owner_id, "start_date": t.start_date,
                "due_date": t.due_date, "notes": t.notes, "progress": t.progress}  # fmt: skip

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "project": self.project,
            "task": self.task,
            "options": TASK_WORKFLOW.options(self.task, self.request.user),
            "audit_events": object_audit_trail(self.task, user=self.request.user),
        }

    def form_valid(self, form):
        try:
            services.task_update(actor=self.request.user, task_pk=self.task.pk, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Task saved."))
        return redirect("projects:tasks", pk=self.project.pk)


class TaskTransitionView(_TaskMixin, View):
    permission_required = "projects.view_worktask"

    def post(self, request, pk, task_pk):
        form = TaskTransitionForm(request.POST)
        back = request.POST.get("next") if (request.POST.get("next") or "").startswith("/projects/") else None
        back = back or self.task.get_absolute_url()
        if not form.is_valid():
            messages.error(request, _("The request was incomplete; nothing was changed."))
            return redirect(back)
        return run_command(
            request,
            lambda: services.task_transition(actor=request.user, task_pk=self.task.pk, **form.cleaned_data),
            success=_("Task status changed."),
            back=back,
        )


class IssueListView(ProjectScopedMixin, ExportMixin, ListView):
    """The coordination log (3.3.3): problems and conflicts, open ones first."""

    permission_required = "projects.view_coordinationissue"
    template_name = "projects/issue_list.html"
    context_object_name = "issues"
    paginate_by = 50

    def get_queryset(self):
        qs = CoordinationIssue.objects.visible_to(self.request.user).filter(project=self.project)
        self.status = self.request.GET.get("status", "")
        if self.status in IssueStatus.values:
            qs = qs.filter(status=self.status)
        elif self.status == "unresolved":
            qs = qs.exclude(status=IssueStatus.RESOLVED)
        return qs.select_related("owner", "raised_by")

    def get_context_data(self, **kwargs):
        user = self.request.user
        return {
            **super().get_context_data(**kwargs),
            "project": self.project,
            "status": self.status,
            "statuses": IssueStatus.choices,
            "querystring": f"status={self.status}" if self.status else "",
            "issue_form": IssueForm() if user.has_perm("projects.add_coordinationissue") else None,
        }


class IssueRaiseView(_InlineAddView):
    permission_required = "projects.add_coordinationissue"
    form_class = IssueForm
    success = gettext_lazy("Problem recorded in the coordination log.")

    def back_url(self) -> str:
        return reverse("projects:issues", args=[self.project.pk])

    def call(self, data):
        return services.issue_raise(actor=self.request.user, pk=self.project.pk, **data)


class _IssueMixin(ProjectScopedMixin):
    @cached_property
    def issue(self) -> CoordinationIssue:
        return get_object_or_404(
            CoordinationIssue.objects.visible_to(self.request.user)
            .filter(project=self.project)
            .select_related("owner", "raised_by"),
            pk=self.kwargs["issue_pk"],
        )


class IssueDetailView(_IssueMixin, DetailView):
    permission_required = "projects.view_coordinationissue"
    template_name = "projects/issue_detail.html"
    context_object_name = "issue"

    def get_object(self, queryset=None):
        return self.issue

    def get_context_data(self, **kwargs):
        user = self.request.user
        return {
            **super().get_context_data(**kwargs),
            "project": self.project,
            "options": ISSUE_WORKFLOW.options(self.issue, user),
            "approvals": Approval.objects.for_object(self.issue).select_related("approver"),
            "audit_events": object_audit_trail(self.issue, user=user),
        }


class IssueTransitionView(_IssueMixin, View):
    permission_required = "projects.view_coordinationissue"

    def post(self, request, pk, issue_pk):
        form = IssueTransitionForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("The request was incomplete; nothing was changed."))
            return redirect(self.issue)
        return run_command(
            request,
            lambda: services.issue_transition(actor=request.user, issue_pk=self.issue.pk, **form.cleaned_data),
            success=_("Problem status changed."),
            back=self.issue.get_absolute_url(),
        )
