"""Supervision pages (3.4): quality standards as checklists (2.2.4), inspections and the supervision archive
(3.4.1–3.4.2), rectification notices (3.4.2), and the supervision card of the project page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, FormView, ListView, TemplateView

from core.exports import ExportMixin
from core.mixins import apply_validation_error, run_command
from core.models import Approval, Attachment
from core.queries import AggregateBatch
from core.views import object_audit_trail
from core.workflow import cite
from projects import services
from projects.choices import InspectionResult, InspectionStatus, RectificationStatus, Stage
from projects.forms import (
    ChecklistForm,
    ChecklistItemFormSet,
    EvidenceForm,
    InspectionFilterForm,
    InspectionPlanForm,
    InspectionRecordForm,
    InspectionScoreFormSet,
    InspectionTransitionForm,
    RectificationForm,
    RectificationTransitionForm,
    formset_rows,
)
from projects.models import Checklist, Inspection, InspectionPlan, MeritRecord, RectificationNotice
from projects.services.supervision import OPERATING_STAGES
from projects.views.intake import ProjectScopedMixin, _InlineAddView
from projects.workflows import INSPECTION_WORKFLOW, RECTIFICATION_WORKFLOW

__all__ = [
    "ChecklistCreateView",
    "ChecklistDetailView",
    "ChecklistEditView",
    "ChecklistListView",
    "InspectionDetailView",
    "InspectionListView",
    "InspectionPlanView",
    "InspectionRecordView",
    "InspectionTransitionView",
    "RectificationDetailView",
    "RectificationEvidenceView",
    "RectificationIssueView",
    "RectificationListView",
    "RectificationTransitionView",
]

# The stages in which the project page shows supervision: from execution on, and afterwards as a record.
SUPERVISED_STAGES = (*OPERATING_STAGES, Stage.CLOSED)


# ----------------------------------------------------------------------------------------------------------------
# Quality standards as checklists (2.2.4)
# ----------------------------------------------------------------------------------------------------------------
class ChecklistListView(LoginRequiredMixin, PermissionRequiredMixin, ExportMixin, ListView):
    """The quality standards the quality-supervision group sets (2.2.4), with their items and whether in use."""

    permission_required = "projects.view_checklist"
    template_name = "projects/checklist_list.html"
    context_object_name = "checklists"
    paginate_by = 50

    def get_queryset(self):
        self.q = (self.request.GET.get("q") or "").strip()
        qs = Checklist.objects.visible_to(self.request.user).annotate(
            item_count=Count("items"), used=Exists(Inspection.objects.filter(checklist=OuterRef("pk")))
        )
        if self.q:
            qs = qs.filter(Q(name__icontains=self.q) | Q(description__icontains=self.q))
        return qs.order_by("-active", "name")

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "q": self.q,
            "querystring": f"q={self.q}" if self.q else "",
            "can_create": self.request.user.has_perm("projects.add_checklist"),
        }


class _ChecklistMixin(LoginRequiredMixin, PermissionRequiredMixin):
    @cached_property
    def checklist(self) -> Checklist:
        return get_object_or_404(
            Checklist.objects.visible_to(self.request.user).select_related("created_by"), pk=self.kwargs["checklist_pk"]
        )

    @cached_property
    def used(self) -> bool:
        """Inspections used the checklist: its items are kept as they were inspected (3.4.2)."""
        return Inspection.objects.filter(checklist=self.checklist).exists()


class ChecklistDetailView(_ChecklistMixin, DetailView):
    permission_required = "projects.view_checklist"
    template_name = "projects/checklist_detail.html"
    context_object_name = "checklist"

    def get_object(self, queryset=None):
        return self.checklist

    def get_context_data(self, **kwargs):
        items = list(self.checklist.items.all())
        return {
            **super().get_context_data(**kwargs),
            "items": items,
            "total_weight": sum(i.weight for i in items),
            "used": self.used,
            "can_edit": self.request.user.has_perm("projects.change_checklist"),
        }


class _ChecklistFormView(TemplateView):
    """The checklist form with its items formset; a service refusal becomes a form error."""

    template_name = "projects/checklist_form.html"
    editing = False

    def initial(self) -> tuple[dict | None, list | None]:
        return None, None

    def build(self, data=None):
        form_initial, items_initial = self.initial()
        form = ChecklistForm(data, editing=self.editing, initial=form_initial)
        formset = ChecklistItemFormSet(data, prefix="items", initial=items_initial)
        return form, formset

    def render_form(self, form, formset):
        return self.render_to_response(self.get_context_data(form=form, formset=formset))

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "checklist": self.checklist if self.editing else None}

    def get(self, request, *args, **kwargs):
        return self.render_form(*self.build())

    def save(self, data: dict, rows: list[dict]) -> Checklist:  # pragma: no cover - overridden
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        form, formset = self.build(request.POST)
        if not (form.is_valid() and formset.is_valid()):
            return self.render_form(form, formset)
        try:
            checklist = self.save(form.cleaned_data, formset_rows(formset))
        except ValidationError as exc:
            apply_validation_error(form, exc)
            return self.render_form(form, formset)
        messages.success(request, _("Checklist saved."))
        return redirect(checklist)


class ChecklistCreateView(LoginRequiredMixin, PermissionRequiredMixin, _ChecklistFormView):
    permission_required = "projects.add_checklist"

    def save(self, data, rows):
        return services.checklist_create(actor=self.request.user, items=rows, **data)


class ChecklistEditView(_ChecklistMixin, _ChecklistFormView):
    permission_required = "projects.change_checklist"
    editing = True

    def initial(self):
        c = self.checklist
        items = list(c.items.values("text", "weight", "pass_criterion"))
        return {"name": c.name, "description": c.description, "active": c.active}, items

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "used": self.used}

    def save(self, data, rows):
        # The items are passed only when they changed: a checklist in use can still be renamed or retired.
        current = list(self.checklist.items.values("text", "weight", "pass_criterion"))
        items = None if rows == current else rows
        return services.checklist_update(actor=self.request.user, pk=self.checklist.pk, items=items, **data)


# ----------------------------------------------------------------------------------------------------------------
# Inspections and the supervision archive (3.4.1–3.4.2)
# ----------------------------------------------------------------------------------------------------------------
class InspectionListView(ProjectScopedMixin, ExportMixin, ListView):
    """The supervision archive (3.4.2): every inspection of the project with its result; CSV export."""

    permission_required = "projects.view_inspection"
    template_name = "projects/inspection_list.html"
    context_object_name = "inspections"
    paginate_by = 50

    def get_queryset(self):
        qs = (
            Inspection.objects.visible_to(self.request.user)
            .filter(project=self.project)
            .select_related("checklist", "inspector")
        )
        self.filter_form = InspectionFilterForm(self.request.GET or None)
        if self.filter_form.is_valid():
            data = self.filter_form.cleaned_data
            for field in ("kind", "status", "result"):
                if data[field]:
                    qs = qs.filter(**{field: data[field]})
            if data["date_from"] or data["date_to"]:
                qs = qs.annotate(on=Coalesce("performed_on", "planned_on"))
                if data["date_from"]:
                    qs = qs.filter(on__gte=data["date_from"])
                if data["date_to"]:
                    qs = qs.filter(on__lte=data["date_to"])
        return qs

    export_name = gettext_lazy("Supervision archive")

    def export_columns(self):
        return [(_("Planned on"), lambda i: i.planned_on), (_("Performed on"), lambda i: i.performed_on),
                (_("Kind"), lambda i: i.get_kind_display()), (_("Checklist"), lambda i: i.checklist.name),
                (_("Inspector"), lambda i: i.inspector), (_("Status"), lambda i: i.get_status_display()),
                (_("Score"), lambda i: i.score), (_("Result"), lambda i: i.get_result_display())]  # fmt: skip

    def get_context_data(self, **kwargs):
        user = self.request.user
        query = self.request.GET.copy()
        query.pop("page", None)
        query.pop("format", None)
        querystring = query.urlencode()
        return {
            **super().get_context_data(**kwargs),
            "project": self.project,
            "filter_form": self.filter_form,
            "querystring": querystring,
            "counts": _inspection_counts(Inspection.objects.visible_to(user).filter(project=self.project)),
            "can_plan": user.has_perm("projects.add_inspection") and self.project.stage in OPERATING_STAGES,
            "plans": InspectionPlan.objects.visible_to(user)
            .filter(project=self.project)
            .select_related("checklist", "inspector")
            .annotate(planned_count=Count("inspections"))
            .order_by("starts_on", "id"),
            "can_schedule": user.has_perm("projects.add_inspectionplan") and self.project.stage in OPERATING_STAGES,
            "can_stop_plan": user.has_perm("projects.change_inspectionplan"),
        }


INSPECTION_COUNTS = {
    "total": Count("id"),
    "planned": Count("id", filter=Q(status=InspectionStatus.PLANNED)),
    "completed": Count("id", filter=Q(status=InspectionStatus.COMPLETED)),
    "failing": Count("id", filter=Q(status=InspectionStatus.COMPLETED, result=InspectionResult.FAIL)),
}


def _inspection_counts(inspections) -> dict:
    return inspections.aggregate(**INSPECTION_COUNTS)


class InspectionPlanView(ProjectScopedMixin, FormView):
    """Plan a scheduled or ad hoc inspection of the project against a checklist (3.4.1)."""

    permission_required = "projects.add_inspection"
    template_name = "projects/inspection_form.html"
    form_class = InspectionPlanForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self):
        return {"planned_on": timezone.localdate()}

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "project": self.project,
            "in_operation": self.project.stage in OPERATING_STAGES,
        }

    def form_valid(self, form):
        try:
            inspection = services.inspection_plan(actor=self.request.user, pk=self.project.pk, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Inspection planned."))
        return redirect(inspection)


class _InspectionMixin(ProjectScopedMixin):
    @cached_property
    def inspection(self) -> Inspection:
        return get_object_or_404(
            Inspection.objects.visible_to(self.request.user)
            .filter(project=self.project)
            .select_related("checklist", "inspector"),
            pk=self.kwargs["inspection_pk"],
        )


class InspectionDetailView(_InspectionMixin, TemplateView):
    """One inspection: the checklist with the recorded scores, the scoring form for its inspector, the
    workflow (3.4.1), the result and the rectification notices that follow it up (3.4.2)."""

    permission_required = "projects.view_inspection"
    template_name = "projects/inspection_detail.html"

    @cached_property
    def items(self) -> list:
        return list(self.inspection.checklist.items.all())

    @cached_property
    def scores(self) -> dict:
        return {s.item_id: s for s in self.inspection.scores.all()}

    @cached_property
    def can_record(self) -> bool:
        user, inspection = self.request.user, self.inspection
        return (
            inspection.status == InspectionStatus.PLANNED
            and user.has_perm("projects.perform_inspection")
            and (inspection.inspector_id == user.pk or user.is_superuser)
        )

    def score_forms(self, data=None):
        initial = []
        for item in self.items:
            score = self.scores.get(item.pk)
            if score is None:
                initial.append({"item": item.pk, "score": None, "passed": False, "finding": ""})
            else:
                initial.append(
                    {"item": item.pk, "score": score.score, "passed": score.passed, "finding": score.finding}
                )
        formset = InspectionScoreFormSet(data, prefix="scores", initial=initial)
        by_pk = {item.pk: item for item in self.items}
        for form in formset.forms:
            form.checklist_item = by_pk.get(form.initial.get("item"))
        record_form = InspectionRecordForm(
            data,
            self.request.FILES if data is not None else None,
            initial={
                "summary": self.inspection.summary,
                "performed_on": self.inspection.performed_on or timezone.localdate(),
            },
        )
        return formset, record_form

    def get_context_data(self, **kwargs):
        user, inspection = self.request.user, self.inspection
        if self.can_record and "score_formset" not in kwargs:
            kwargs["score_formset"], kwargs["record_form"] = self.score_forms()
        can_see_notices = user.has_perm("projects.view_rectificationnotice")
        return {
            **super().get_context_data(**kwargs),
            "project": self.project,
            "inspection": inspection,
            "rows": [{"item": item, "score": self.scores.get(item.pk)} for item in self.items],
            "total_weight": sum(item.weight for item in self.items),
            "can_record": self.can_record,
            "options": INSPECTION_WORKFLOW.options(inspection, user),
            "can_see_notices": can_see_notices,
            "rectifications": RectificationNotice.objects.visible_to(user)
            .filter(inspection=inspection)
            .select_related("responsible")
            if can_see_notices
            else RectificationNotice.objects.none(),
            "can_issue_rectification": inspection.status == InspectionStatus.COMPLETED
            and user.has_perm("projects.add_rectificationnotice"),
            "attachments": Attachment.objects.for_object(inspection).select_related("uploaded_by"),
            "audit_events": object_audit_trail(inspection, user=user),
        }


class InspectionRecordView(InspectionDetailView):
    """POST only: the inspector records the scores, the summary and the date (3.4.1). Invalid input shows the
    inspection page again with the errors."""

    permission_required = "projects.perform_inspection"
    http_method_names = ["post"]

    def post(self, request, pk, inspection_pk):
        back = self.inspection.get_absolute_url()
        if self.inspection.status != InspectionStatus.PLANNED:
            messages.error(request, cite("3.4.2", _("a completed inspection is archived as it was.")))
            return redirect(back)
        if not self.can_record:
            raise PermissionDenied(cite("3.4.1", _("only the inspector assigned to this inspection records it.")))
        formset, record_form = self.score_forms(request.POST)
        if not (formset.is_valid() and record_form.is_valid()):
            return self.render_errors(formset, record_form)
        scores = [
            {"item": d["item"], "score": d["score"], "passed": d["passed"], "finding": d["finding"]}
            for d in (f.cleaned_data for f in formset.forms)
            if d.get("score") is not None
        ]
        try:
            services.inspection_record(actor=request.user, inspection_pk=self.inspection.pk, scores=scores,
                                       **record_form.cleaned_data)  # fmt: skip
        except ValidationError as exc:
            apply_validation_error(record_form, exc)
            return self.render_errors(formset, record_form)
        messages.success(request, _("Scores recorded."))
        return redirect(back)

    def render_errors(self, formset, record_form):
        messages.error(self.request, _("The scores were not saved; correct the marked fields."))
        return self.render_to_response(self.get_context_data(score_formset=formset, record_form=record_form))


class InspectionTransitionView(_InspectionMixin, View):
    permission_required = "projects.view_inspection"

    def post(self, request, pk, inspection_pk):
        form = InspectionTransitionForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("The request was incomplete; nothing was changed."))
            return redirect(self.inspection)
        return run_command(
            request,
            lambda: services.inspection_transition(
                actor=request.user, inspection_pk=self.inspection.pk, **form.cleaned_data
            ),
            success=_("Inspection status changed."),
            back=self.inspection.get_absolute_url(),
        )


# ----------------------------------------------------------------------------------------------------------------
# Rectification notices (3.4.2)
# ----------------------------------------------------------------------------------------------------------------
class RectificationListView(ProjectScopedMixin, ExportMixin, ListView):
    """The rectification notices of the project, open ones and overdue ones easy to find (3.4.2)."""

    permission_required = "projects.view_rectificationnotice"
    template_name = "projects/rectification_list.html"
    context_object_name = "notices"
    paginate_by = 50

    def get_queryset(self):
        qs = RectificationNotice.objects.visible_to(self.request.user).filter(project=self.project)
        self.status = self.request.GET.get("status", "")
        if self.status in RectificationStatus.values:
            qs = qs.filter(status=self.status)
        elif self.status == "open":
            qs = qs.exclude(status=RectificationStatus.CLOSED)
        elif self.status == "overdue":
            qs = qs.overdue()
        else:
            self.status = ""
        return qs.select_related("responsible", "inspection")

    def get_context_data(self, **kwargs):
        user = self.request.user
        today = timezone.localdate()
        notices = RectificationNotice.objects.visible_to(user).filter(project=self.project)
        return {
            **super().get_context_data(**kwargs),
            "project": self.project,
            "status": self.status,
            "statuses": RectificationStatus.choices,
            "querystring": f"status={self.status}" if self.status else "",
            "counts": notices.aggregate(
                open=Count("id", filter=~Q(status=RectificationStatus.CLOSED)),
                overdue=Count("id", filter=Q(deadline__lt=today) & ~Q(status=RectificationStatus.CLOSED)),
            ),
            "can_issue": user.has_perm("projects.add_rectificationnotice"),
        }


class RectificationIssueView(ProjectScopedMixin, FormView):
    """Issue a rectification notice for a problem found, optionally from a completed inspection (3.4.2)."""

    permission_required = "projects.add_rectificationnotice"
    template_name = "projects/rectification_form.html"
    form_class = RectificationForm

    @cached_property
    def source_inspection(self) -> Inspection | None:
        raw = self.request.GET.get("inspection", "")
        if not raw.isdigit():
            return None
        return (
            Inspection.objects.visible_to(self.request.user)
            .filter(project=self.project, status=InspectionStatus.COMPLETED, pk=raw)
            .select_related("checklist")
            .first()
        )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "project": self.project, "user": self.request.user}

    def get_initial(self):
        inspection = self.source_inspection
        if inspection is None:
            return {}
        failing = inspection.scores.filter(passed=False).select_related("item")
        lines = [f"{s.item.text} ({s.score}/100){': ' + s.finding if s.finding else ''}" for s in failing]
        return {"inspection": inspection.pk, "finding": "\n".join(lines)}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "project": self.project, "source": self.source_inspection}

    def form_valid(self, form):
        try:
            notice = services.rectification_issue(actor=self.request.user, pk=self.project.pk, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Rectification notice issued; the person responsible is notified."))
        return redirect(notice)


class _NoticeMixin(ProjectScopedMixin):
    @cached_property
    def notice(self) -> RectificationNotice:
        return get_object_or_404(
            RectificationNotice.objects.visible_to(self.request.user)
            .filter(project=self.project)
            .select_related("responsible", "issued_by", "inspection__checklist"),
            pk=self.kwargs["notice_pk"],
        )


class RectificationDetailView(_NoticeMixin, DetailView):
    permission_required = "projects.view_rectificationnotice"
    template_name = "projects/rectification_detail.html"
    context_object_name = "notice"

    def get_object(self, queryset=None):
        return self.notice

    def get_context_data(self, **kwargs):
        user = self.request.user
        return {
            **super().get_context_data(**kwargs),
            "project": self.project,
            "options": RECTIFICATION_WORKFLOW.options(self.notice, user),
            "attachments": Attachment.objects.for_object(self.notice).select_related("uploaded_by"),
            "can_add_evidence": self.notice.status != RectificationStatus.CLOSED
            and user.pk in (self.notice.responsible_id, self.notice.issued_by_id)
            and user.has_perm("projects.change_rectificationnotice"),
            "evidence_form": EvidenceForm(),
            "approvals": Approval.objects.for_object(self.notice).select_related("approver"),
            "audit_events": object_audit_trail(self.notice, user=user),
        }


class RectificationEvidenceView(_NoticeMixin, _InlineAddView):
    """POST only: the person responsible (or the issuer) attaches evidence of the fix (3.4.2)."""

    permission_required = "projects.change_rectificationnotice"
    form_class = EvidenceForm
    success = gettext_lazy("Evidence attached.")

    def back_url(self) -> str:
        return self.notice.get_absolute_url()

    def call(self, data):
        return services.rectification_evidence_add(actor=self.request.user, notice_pk=self.notice.pk, **data)


class RectificationTransitionView(_NoticeMixin, View):
    permission_required = "projects.view_rectificationnotice"

    def post(self, request, pk, notice_pk):
        form = RectificationTransitionForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("The request was incomplete; nothing was changed."))
            return redirect(self.notice)
        return run_command(
            request,
            lambda: services.rectification_transition(
                actor=request.user, notice_pk=self.notice.pk, **form.cleaned_data
            ),
            success=_("Rectification notice status changed."),
            back=self.notice.get_absolute_url(),
        )


# ----------------------------------------------------------------------------------------------------------------
# The project page's supervision card
# ----------------------------------------------------------------------------------------------------------------
def supervision_context(project, user, batch: AggregateBatch) -> dict:
    """What the project page shows of supervision (3.4), for staff holding ``projects.view_inspection`` once the
    project is in operation (and afterwards, as its record). Its counts are read with the page's others (``batch``)."""
    if user.client_organisation_id or not user.has_perm("projects.view_inspection"):
        return {"show_supervision": False}
    if project.stage not in SUPERVISED_STAGES:
        return {"show_supervision": False}
    inspections = Inspection.objects.visible_to(user).filter(project=project)
    can_see_notices = user.has_perm("projects.view_rectificationnotice")
    notice_counts = {}
    if can_see_notices:
        notice_counts = batch.add(
            RectificationNotice.objects.visible_to(user).filter(project=project),
            open=Count("id", filter=~Q(status=RectificationStatus.CLOSED)),
            overdue=Count("id", filter=Q(deadline__lt=timezone.localdate()) & ~Q(status=RectificationStatus.CLOSED)),
        )
    return {
        "show_supervision": True,
        "inspection_counts": batch.add(inspections, **INSPECTION_COUNTS),
        "latest_inspections": inspections.select_related("checklist", "inspector")[:5],
        "can_see_rectifications": can_see_notices,
        "rectification_counts": notice_counts,
        "can_plan_inspection": user.has_perm("projects.add_inspection") and project.stage in OPERATING_STAGES,
        "can_see_merits": user.has_perm("projects.view_meritrecord"),
        "merit_counts": batch.add(
            MeritRecord.objects.visible_to(user).filter(project=project),
            proposed=Count("id", filter=Q(status="proposed")),
            approved=Count("id", filter=Q(status="approved")),
        )
        if user.has_perm("projects.view_meritrecord")
        else {},
    }
