"""Scheduled inspection plans (3.4.1) and the commendation and accountability records that supervision results lead
to (3.4.3)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from core.exports import ExportMixin
from core.mixins import apply_validation_error, run_command
from core.models import Approval
from core.views import object_audit_trail
from projects import services
from projects.choices import MeritKind, MeritStatus
from projects.forms import InspectionScheduleForm, MeritForm, MeritTransitionForm
from projects.models import InspectionPlan, MeritRecord
from projects.views.intake import ProjectScopedMixin
from projects.views.supervision import InspectionPlanView
from projects.workflows import MERIT_WORKFLOW

__all__ = [
    "InspectionPlanStopView",
    "InspectionScheduleView",
    "MeritDetailView",
    "MeritListView",
    "MeritProposeView",
    "MeritTransitionView",
]


class InspectionScheduleView(InspectionPlanView):
    """Plan scheduled inspections of the project: checklist, inspector, frequency and period (3.4.1). The
    inspections due within the next days are created at once; the daily job creates the later ones."""

    permission_required = "projects.add_inspectionplan"
    template_name = "projects/inspection_schedule_form.html"
    form_class = InspectionScheduleForm

    def get_initial(self):
        return {"starts_on": timezone.localdate()}

    def form_valid(self, form):
        try:
            plan = services.inspection_plan_schedule(actor=self.request.user, pk=self.project.pk, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
            return self.form_invalid(form)
        count = plan.inspections.count()
        messages.success(
            self.request,
            _("Inspection plan saved; %(count)s scheduled inspections are planned so far.") % {"count": count},
        )
        return redirect(reverse("projects:inspections", args=[self.project.pk]) + "#plans")


class InspectionPlanStopView(ProjectScopedMixin, View):
    """POST only: stop a scheduled inspection plan."""

    permission_required = "projects.change_inspectionplan"

    def post(self, request, pk, plan_pk):
        plan = get_object_or_404(InspectionPlan.objects.visible_to(request.user), project=self.project, pk=plan_pk)
        return run_command(
            request,
            lambda: services.inspection_plan_stop(actor=request.user, plan_pk=plan.pk),
            success=_("Inspection plan stopped; inspections already planned stay."),
            back=reverse("projects:inspections", args=[self.project.pk]) + "#plans",
        )


class MeritListView(ProjectScopedMixin, ExportMixin, ListView):
    """Commendations and accountability records of the project (3.4.3), filterable by kind and status."""

    permission_required = "projects.view_meritrecord"
    template_name = "projects/merit_list.html"
    context_object_name = "records"
    paginate_by = 50

    def get_queryset(self):
        qs = MeritRecord.objects.visible_to(self.request.user).filter(project=self.project)
        self.kind = self.request.GET.get("kind", "")
        self.status = self.request.GET.get("status", "")
        if self.kind in MeritKind.values:
            qs = qs.filter(kind=self.kind)
        else:
            self.kind = ""
        if self.status in MeritStatus.values:
            qs = qs.filter(status=self.status)
        else:
            self.status = ""
        return qs.select_related("person", "proposed_by")

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        return {
            **super().get_context_data(**kwargs),
            "project": self.project,
            "kind": self.kind,
            "status": self.status,
            "kinds": MeritKind.choices,
            "statuses": MeritStatus.choices,
            "querystring": query.urlencode(),
            "can_propose": self.request.user.has_perm("projects.add_meritrecord"),
        }


class MeritProposeView(ProjectScopedMixin, FormView):
    """Propose a commendation or an accountability record from the inspection results (3.4.3)."""

    permission_required = "projects.add_meritrecord"
    template_name = "projects/merit_form.html"
    form_class = MeritForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "project": self.project, "user": self.request.user}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "project": self.project}

    def form_valid(self, form):
        try:
            record = services.merit_propose(actor=self.request.user, pk=self.project.pk, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Proposed; the department head approves it."))
        return redirect(record)


class _MeritMixin(ProjectScopedMixin):
    @cached_property
    def record(self) -> MeritRecord:
        return get_object_or_404(
            MeritRecord.objects.visible_to(self.request.user)
            .filter(project=self.project)
            .select_related("person", "proposed_by"),
            pk=self.kwargs["merit_pk"],
        )


class MeritDetailView(_MeritMixin, TemplateView):
    permission_required = "projects.view_meritrecord"
    template_name = "projects/merit_detail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return {
            **super().get_context_data(**kwargs),
            "project": self.project,
            "record": self.record,
            "inspections": self.record.inspections.select_related("checklist", "inspector"),
            "options": MERIT_WORKFLOW.options(self.record, user),
            "approvals": Approval.objects.for_object(self.record).select_related("approver"),
            "audit_events": object_audit_trail(self.record, user=user),
        }


class MeritTransitionView(_MeritMixin, View):
    permission_required = "projects.view_meritrecord"

    def post(self, request, pk, merit_pk):
        form = MeritTransitionForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("The request was incomplete; nothing was changed."))
            return redirect(self.record)
        return run_command(
            request,
            lambda: services.merit_transition(actor=request.user, record_pk=self.record.pk, **form.cleaned_data),
            success=_("Record decided."),
            back=self.record.get_absolute_url(),
        )
