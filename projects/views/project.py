"""Project pages: thin views that parse, authorise, call a service and render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, FormView, ListView

from contracts.models import Contract
from core.exports import ExportMixin
from core.mixins import HtmxPartMixin, apply_validation_error, run_command
from core.models import Approval
from core.queries import AggregateBatch
from core.views import object_audit_trail
from projects import services
from projects.choices import IssueStatus, Stage, TaskStatus
from projects.forms import MemberForm, ProjectFilterForm, ProjectForm, TransitionForm
from projects.models import (
    CoordinationIssue,
    Duty,
    Evaluation,
    Inspection,
    OperationsPlan,
    PlanMilestone,
    Project,
    ProjectContact,
    SiteSurvey,
    Talk,
    WorkTask,
)
from projects.selectors import project_list, project_timeline
from projects.views.acceptance import acceptance_context
from projects.views.kpi import project_kpi_summary
from projects.views.supervision import supervision_context
from projects.workflows import STAGE_WORKFLOW
from risk.choices import RiskSource
from risk.models import Risk

__all__ = [
    "ProjectCreateView",
    "ProjectDetailView",
    "ProjectHistoryView",
    "ProjectListView",
    "ProjectMemberAddView",
    "ProjectStageRecordsView",
    "ProjectTransitionView",
    "ProjectUpdateView",
]


class ProjectListView(LoginRequiredMixin, PermissionRequiredMixin, ExportMixin, ListView):
    permission_required = "projects.view_project"
    template_name = "projects/project_list.html"
    paginate_by = 50
    context_object_name = "projects"

    def get_queryset(self):
        qs = project_list(user=self.request.user)
        self.filter_form = ProjectFilterForm(self.request.GET or None, user=self.request.user)
        if self.filter_form.is_valid():
            data = self.filter_form.cleaned_data
            if data["q"]:
                qs = qs.filter(
                    Q(code__icontains=data["q"]) | Q(name__icontains=data["q"]) | Q(client__name__icontains=data["q"])
                )
            if data["stage"]:
                qs = qs.filter(stage=data["stage"])
            if data["client"]:
                qs = qs.filter(client=data["client"])
            if data["overdue"]:
                qs = qs.overdue_in_stage()
        return qs

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["filter_form"] = self.filter_form
        query = self.request.GET.copy()
        query.pop("page", None)
        ctx["querystring"] = query.urlencode()
        ctx["can_create"] = self.request.user.has_perm("projects.add_project")
        return ctx


def deferred_sections(project) -> tuple[str, ...]:
    """The project page's sections shown as records, loaded after the page: intake and planning outside their own
    stage (a declined lead keeps its intake on the page: the decision is what it shows)."""
    if project.stage in (Stage.INTAKE, Stage.DECLINED):
        return ("planning",)
    if project.stage == Stage.PLANNING:
        return ("intake",)
    return ("planning", "intake")


class ProjectDetailView(LoginRequiredMixin, PermissionRequiredMixin, DetailView):
    permission_required = "projects.view_project"
    template_name = "projects/project_detail.html"
    context_object_name = "project"

    def get_queryset(self):
        # The acceptance card's arrangement and handover come with the project (one-to-one), not queries of their own.
        return Project.objects.visible_to(self.request.user).select_related(
            "client", "market_owner", "acceptance_arrangement__agreed_by", "handover__our_representative"
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        project, user = self.object, self.request.user
        ctx["staff_view"] = not user.client_organisation_id
        ctx["options"] = STAGE_WORKFLOW.options(project, user)
        ctx["members"] = project.members.select_related("user")
        ctx["can_edit"] = user.has_perm("projects.change_project") and ctx["staff_view"]
        ctx["can_manage_team"] = user.has_perm("projects.manage_team")
        ctx["member_form"] = MemberForm()
        ctx["stages"] = STAGE_WORKFLOW.states
        ctx["contracts"] = Contract.objects.visible_to(user).filter(project=project)
        # The sections' counters (requests, revisits, surveys, tasks, duties, inspections, notices, merits): one query.
        batch = AggregateBatch()
        ctx.update(acceptance_context(project, user))
        ctx.update(service_context(project, user, batch))
        if ctx["staff_view"]:
            # Intake and planning outside their own stage are the project's record: the page loads them after
            # itself (projects:stage-records), like its history.
            deferred = deferred_sections(project)
            if "intake" not in deferred:
                ctx.update(_intake_context(project, user))
            if "planning" not in deferred:
                ctx.update(_planning_context(project, user))
            elif project.stage in (Stage.INTAKE, Stage.DECLINED):  # a lead seldom has planning records: ask first
                ctx["planning_records"] = {
                    "surveys": batch.add(SiteSurvey.objects.visible_to(user).filter(project=project), n=Count("id")),
                    "plans": batch.add(OperationsPlan.objects.visible_to(user).filter(project=project), n=Count("id")),
                }
            ctx.update(_execution_context(project, user, batch))
            ctx.update(supervision_context(project, user, batch))
            ctx.update(project_kpi_summary(project, user))
        else:
            ctx.update(_client_context(project, user))
        return ctx


class _ProjectPartView(LoginRequiredMixin, PermissionRequiredMixin, HtmxPartMixin, DetailView):
    """A part of the project page that the page loads after itself (htmx: ``partial_template``); without JavaScript
    it is a page of its own (``projects/project_part.html`` around the same partial). Staff only: clients' users get
    a 404, like staff outside the project's scope."""

    permission_required = "projects.view_project"
    context_object_name = "project"
    template_name = "projects/project_part.html"
    title: str

    def get_queryset(self):
        if self.request.user.client_organisation_id:
            return Project.objects.none()
        return Project.objects.visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(staff_view=True, part_template=self.partial_template, part_title=self.title)
        return ctx


class ProjectHistoryView(_ProjectPartView):
    """A project's history for staff: the approvals of its gates, its timeline and its audit trail."""

    partial_template = "projects/_detail_history.html"
    title = gettext_lazy("Approvals, timeline and audit trail")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        project, user = self.object, self.request.user
        ctx["approvals"] = Approval.objects.for_object(project).select_related("approver")
        ctx["timeline"] = project_timeline(project, user)
        ctx["audit_events"] = object_audit_trail(project, user=user)
        return ctx


class ProjectStageRecordsView(_ProjectPartView):
    """A project's intake and planning records outside their own stage (``deferred_sections``)."""

    partial_template = "projects/_detail_records.html"
    title = gettext_lazy("Intake and planning records")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        project, user = self.object, self.request.user
        ctx["sections"] = deferred_sections(project)
        if "intake" in ctx["sections"]:
            ctx.update(_intake_context(project, user))
        if "planning" in ctx["sections"]:
            ctx.update(_planning_context(project, user))
        return ctx


def _client_context(project, user) -> dict:
    """What a client's user sees of its project besides status and acceptance: the schedule of the approved plan
    and the outcome of completed inspections. Never evaluations, risks, finance or staff data."""
    return {
        "schedule": PlanMilestone.objects.visible_to(user).filter(plan__project=project).order_by("due_date", "id"),
        "inspection_outcomes": Inspection.objects.visible_to(user)
        .filter(project=project)
        .select_related("checklist")
        .order_by("-performed_on", "-id")[:10],
    }


def _intake_context(project, user) -> dict:
    """What the project page shows of intake (3.1), for staff who may see it."""
    from projects.forms import ContactForm, DecisionForm, TalkForm

    evaluation = Evaluation.objects.visible_to(user).filter(project=project).select_related("decided_by").first()
    in_intake = project.stage == Stage.INTAKE
    return {
        "contacts": ProjectContact.objects.visible_to(user).filter(project=project),
        "talks": Talk.objects.visible_to(user).filter(project=project).select_related("recorded_by"),
        "evaluation": evaluation,
        "can_see_evaluation": user.has_perm("projects.view_evaluation"),
        "intake_risks": Risk.objects.visible_to(user).filter(project=project, source=RiskSource.INTAKE_EVALUATION),
        "contact_form": ContactForm() if in_intake and user.has_perm("projects.add_projectcontact") else None,
        "talk_form": TalkForm() if user.has_perm("projects.add_talk") else None,
        "decision_form": DecisionForm()
        if in_intake and evaluation and evaluation.decision == "pending" and user.has_perm("projects.decide_intake")
        else None,
        "can_add_contract": in_intake and user.has_perm("contracts.add_contract"),
    }  # fmt: skip


def _planning_context(project, user) -> dict:
    """What the project page shows of planning (3.2)."""
    in_planning = project.stage == Stage.PLANNING
    return {
        "surveys": SiteSurvey.objects.visible_to(user).filter(project=project).select_related("recorded_by"),
        "plans": OperationsPlan.objects.visible_to(user).filter(project=project).select_related("author"),
        "can_add_survey": user.has_perm("projects.add_sitesurvey"),
        "can_add_plan": in_planning and user.has_perm("projects.add_operationsplan")
        and not project.plans.filter(status__in=["draft", "in_review"]).exists(),
    }  # fmt: skip


def _execution_context(project, user, batch: AggregateBatch) -> dict:
    """What the project page shows of execution (3.3): the work plan's state and the open problems."""
    if not user.has_perm("projects.view_worktask"):
        return {"show_execution": False}
    tasks = WorkTask.objects.visible_to(user).filter(project=project)
    today = timezone.localdate()
    open_statuses = [TaskStatus.DONE, TaskStatus.CANCELLED]
    return {
        "show_execution": project.stage not in (Stage.INTAKE, Stage.DECLINED),
        "task_counts": batch.add(
            tasks,
            total=Count("id"),
            done=Count("id", filter=Q(status=TaskStatus.DONE)),
            overdue=Count("id", filter=Q(due_date__lt=today) & ~Q(status__in=open_statuses)),
        ),
        "overdue_tasks": tasks.overdue(today).select_related("owner")[:5],
        "duty_counts": batch.add(Duty.objects.visible_to(user).filter(project=project), total=Count("id")),
        "open_issues": CoordinationIssue.objects.visible_to(user)
        .filter(project=project)
        .exclude(status=IssueStatus.RESOLVED)
        .select_related("owner")[:5],
    }


class ProjectCreateView(LoginRequiredMixin, PermissionRequiredMixin, FormView):
    permission_required = "projects.add_project"
    template_name = "projects/project_form.html"
    form_class = ProjectForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            project = services.project_create(actor=self.request.user, **data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Project %(project)s recorded at intake.") % {"project": project})
        return redirect(project)


class ProjectUpdateView(LoginRequiredMixin, PermissionRequiredMixin, FormView):
    permission_required = "projects.change_project"
    template_name = "projects/project_form.html"
    form_class = ProjectForm

    @cached_property
    def project(self):
        # Looked up after the permission check: no permission is a 403, outside the scope a 404.
        return get_object_or_404(Project.objects.visible_to(self.request.user), pk=self.kwargs["pk"])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "instance": self.project}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "project": self.project}

    def form_valid(self, form):
        data = {k: v for k, v in form.cleaned_data.items() if k != "code"}
        try:
            project = services.project_update(actor=self.request.user, pk=self.project.pk, **data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Project saved."))
        return redirect(project)


class ProjectTransitionView(LoginRequiredMixin, View):
    """POST only: move the project through a stage gate (the same service as the API's ``transition``)."""

    def post(self, request, pk):
        project = get_object_or_404(Project.objects.visible_to(request.user), pk=pk)
        form = TransitionForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("The request was incomplete; nothing was changed."))
            return redirect(project)
        return run_command(
            request,
            lambda: services.project_stage_transition(actor=request.user, pk=project.pk, **form.cleaned_data),
            success=_("Stage changed."),
            back=project.get_absolute_url(),
        )


class ProjectMemberAddView(LoginRequiredMixin, PermissionRequiredMixin, View):
    permission_required = "projects.manage_team"

    def post(self, request, pk):
        project = get_object_or_404(Project.objects.visible_to(request.user), pk=pk)
        form = MemberForm(request.POST)
        if form.is_valid():
            services.project_member_add(actor=request.user, pk=project.pk, **form.cleaned_data)
            messages.success(request, _("Team member added."))
        else:
            messages.error(request, _("Choose a person and a role."))
        return redirect(project)


def service_context(project, user, batch: AggregateBatch) -> dict:
    """The service card of the project page (ch. 4): open requests and complaints, due revisits, open surveys —
    for staff and the project's client alike (each list is scoped). Its counts are read with the page's others
    (``batch``)."""
    from projects.models import Revisit, ServiceRequest, SurveyRound
    from projects.services.service import SERVED_STAGES

    if not user.has_perm("projects.view_servicerequest"):
        return {"show_service": False}
    today = timezone.localdate()
    requests = ServiceRequest.objects.visible_to(user).filter(project=project)
    revisits = Revisit.objects.visible_to(user).filter(project=project)
    surveys = SurveyRound.objects.visible_to(user).filter(project=project, opens_on__lte=today, closes_on__gte=today)
    return {
        "show_service": project.stage in (*SERVED_STAGES, Stage.CLOSED),
        "request_counts": batch.add(requests, **requests.count_aggregates()),
        "revisit_counts": batch.add(revisits, **revisits.count_aggregates(today)),
        "survey_counts": batch.add(surveys, open=Count("id")),
        "can_raise_request": user.has_perm("projects.add_servicerequest") and project.stage in SERVED_STAGES,
    }
