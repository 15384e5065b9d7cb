"""Planning pages (3.2): site surveys, operations-plan versions, their internal review."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView

from core.mixins import apply_validation_error, run_command
from core.models import Approval, Attachment
from projects import services
from projects.choices import PlanStatus
from projects.forms import (
    GoalFormSet,
    MilestoneFormSet,
    PlanForm,
    PlanTransitionForm,
    ResourceFormSet,
    ReviewForm,
    SurveyForm,
    formset_rows,
)
from projects.models import OperationsPlan, SiteSurvey
from projects.views.intake import ProjectScopedMixin
from projects.workflows import PLAN_WORKFLOW

__all__ = [
    "PlanCreateView",
    "PlanDetailView",
    "PlanEditView",
    "PlanReviewView",
    "PlanReviseView",
    "PlanTransitionView",
    "SurveyCreateView",
    "SurveyDetailView",
]


class SurveyCreateView(ProjectScopedMixin, FormView):
    permission_required = "projects.add_sitesurvey"
    template_name = "projects/survey_form.html"
    form_class = SurveyForm

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "project": self.project}

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        files = data.pop("files", []) or []
        try:
            survey = services.survey_add(actor=self.request.user, pk=self.project.pk, files=files, **data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Site survey recorded."))
        return redirect(survey)


class SurveyDetailView(ProjectScopedMixin, DetailView):
    permission_required = "projects.view_sitesurvey"
    template_name = "projects/survey_detail.html"
    context_object_name = "survey"
    pk_url_kwarg = "survey_pk"

    def get_queryset(self):
        return (
            SiteSurvey.objects.visible_to(self.request.user)
            .filter(project=self.project)
            .select_related("recorded_by", "project")
        )

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "project": self.project,
            "attachments": Attachment.objects.for_object(self.object).select_related("uploaded_by"),
        }


class PlanScopedMixin(ProjectScopedMixin):
    """A page about one plan version. Named reviewers reach it even when the project is outside their scope."""

    @cached_property
    def plan(self) -> OperationsPlan:
        return get_object_or_404(
            OperationsPlan.objects.visible_to(self.request.user).select_related("project", "author", "previous"),
            project_id=self.kwargs["pk"],
            pk=self.kwargs["plan_pk"],
        )

    @cached_property
    def project(self):
        return self.plan.project


class _PlanFormMixin(ProjectScopedMixin):
    template_name = "projects/plan_form.html"

    def formsets(self, data=None, initial=None):
        initial = initial or {}
        return {
            "goals": GoalFormSet(data, prefix="goals", initial=initial.get("goals")),
            "milestones": MilestoneFormSet(data, prefix="milestones", initial=initial.get("milestones")),
            "resources": ResourceFormSet(data, prefix="resources", initial=initial.get("resources")),
        }

    def render_form(self, form, formsets, status=200):
        response = self.render_to_response(
            {"project": self.project, "form": form, "formsets": formsets, "plan": getattr(self, "plan", None)}
        )
        response.status_code = status
        return response

    def save(self, form, formsets):  # pragma: no cover - overridden
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        form = PlanForm(request.POST)
        formsets = self.formsets(request.POST)
        if not (form.is_valid() and all(fs.is_valid() for fs in formsets.values())):
            return self.render_form(form, formsets)
        try:
            plan = self.save(form, {k: formset_rows(fs) for k, fs in formsets.items()})
        except ValidationError as exc:
            apply_validation_error(form, exc)
            return self.render_form(form, formsets)
        messages.success(request, _("Operations plan saved."))
        return redirect(plan)


class PlanCreateView(_PlanFormMixin, FormView):
    permission_required = "projects.add_operationsplan"
    form_class = PlanForm

    def get(self, request, *args, **kwargs):
        return self.render_form(PlanForm(), self.formsets())

    def save(self, form, rows):
        return services.plan_create(actor=self.request.user, pk=self.project.pk, **form.cleaned_data, **rows)


class PlanEditView(PlanScopedMixin, _PlanFormMixin, FormView):
    permission_required = "projects.change_operationsplan"
    form_class = PlanForm

    def get(self, request, *args, **kwargs):
        plan = self.plan
        if not plan.editable:
            messages.error(request, _("Only a draft can be edited."))
            return redirect(plan)
        form = PlanForm(initial={"title": plan.title, "strategies": plan.strategies,
                                 "reviewers": [r.reviewer_id for r in plan.reviews.all()]})  # fmt: skip
        initial = {
            "goals": list(plan.goals.values("description", "metric", "target")),
            "milestones": list(plan.milestones.values("name", "due_date")),
            "resources": list(plan.resources.values("kind", "description", "quantity")),
        }
        return self.render_form(form, self.formsets(initial=initial))

    def save(self, form, rows):
        return services.plan_save(actor=self.request.user, plan_pk=self.plan.pk, **form.cleaned_data, **rows)


class PlanDetailView(PlanScopedMixin, DetailView):
    permission_required = "projects.view_operationsplan"
    template_name = "projects/plan_detail.html"
    context_object_name = "plan"

    def get_object(self, queryset=None):
        return self.plan

    def get_context_data(self, **kwargs):
        plan, user = self.object, self.request.user
        reviews = list(plan.reviews.select_related("reviewer"))
        my_review = next((r for r in reviews if r.reviewer_id == user.pk), None)
        return {
            **super().get_context_data(**kwargs),
            "project": self.project,
            "goals": plan.goals.all(),
            "milestones": plan.milestones.all(),
            "resources": plan.resources.all(),
            "reviews": reviews,
            "review_form": ReviewForm(initial={"verdict": my_review.verdict} if my_review else None),
            "can_review": my_review is not None and plan.status == PlanStatus.IN_REVIEW,
            "options": PLAN_WORKFLOW.options(plan, user),
            "approvals": Approval.objects.for_object(plan).select_related("approver"),
            "versions": OperationsPlan.objects.visible_to(user).filter(project=self.project).only(
                "pk", "version", "status", "project_id"
            ),
            "can_edit": plan.editable and user.has_perm("projects.change_operationsplan"),
            "can_revise": plan.status == PlanStatus.RETURNED and not hasattr(plan, "revision")
            and user.has_perm("projects.add_operationsplan"),
        }  # fmt: skip


class _PlanPostView(PlanScopedMixin, View):
    pass


class PlanReviewView(_PlanPostView):
    """A named reviewer's opinion (3.2.3)."""

    permission_required = "projects.view_operationsplan"

    def post(self, request, pk, plan_pk):
        form = ReviewForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Give a verdict and your opinion."))
            return redirect(self.plan)
        return run_command(
            request,
            lambda: services.plan_review_record(actor=request.user, plan_pk=self.plan.pk, **form.cleaned_data),
            success=_("Your opinion is recorded."),
            back=self.plan.get_absolute_url(),
        )


class PlanTransitionView(_PlanPostView):
    permission_required = "projects.view_operationsplan"

    def post(self, request, pk, plan_pk):
        form = PlanTransitionForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("The request was incomplete; nothing was changed."))
            return redirect(self.plan)
        return run_command(
            request,
            lambda: services.plan_transition(actor=request.user, plan_pk=self.plan.pk, **form.cleaned_data),
            success=_("Plan status changed."),
            back=self.plan.get_absolute_url(),
        )


class PlanReviseView(_PlanPostView):
    permission_required = "projects.add_operationsplan"

    def post(self, request, pk, plan_pk):
        try:
            new = services.plan_revise(actor=request.user, plan_pk=self.plan.pk)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect(self.plan)
        messages.success(request, _("A new draft version was created from the returned plan."))
        return redirect(new.get_absolute_url())
