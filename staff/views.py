"""Staff pages (ch. 5): employees and their records; recruitment plans with the candidate pipeline and hiring;
onboarding and internal training; appraisal cycles, appraisals and the decisions linked to them; resignations with
the supervised handover. Each POST goes to a service; refusals come back as messages citing the clause."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views import View
from django.views.generic import ListView, TemplateView

from core.exports import ExportMixin
from core.mixins import InlinePostMixin, form_errors_as_messages, run_command
from core.models.workflow import Approval
from core.views import object_audit_trail
from staff import forms
from staff import services as s
from staff.choices import AppraisalStatus, CandidateStatus, CycleStatus, EmployeeStatus, ResignationStatus
from staff.models import (
    Appraisal,
    AppraisalCycle,
    Attendance,
    Candidate,
    Employee,
    HandoverItem,
    InterviewNote,
    OnboardingItem,
    RecruitmentPlan,
    Resignation,
    StaffDecision,
    TrainingSession,
)
from staff.workflows import CANDIDATE_WORKFLOW, DECISION_WORKFLOW, RECRUITMENT_WORKFLOW, RESIGNATION_WORKFLOW


class _Page(LoginRequiredMixin, PermissionRequiredMixin):
    pass


def _merits(person, viewer):
    """The approved commendations and accountability records of supervision (3.4.3) of a person, shown beside the
    scores, as far as the viewer may see them."""
    from projects.models import MeritRecord

    return (MeritRecord.objects.visible_to(viewer).filter(person=person, status="approved").select_related("project")
            .order_by("-id")[:20])  # fmt: skip


def _decisions(qs, user):
    decisions = list(qs.select_related("proposed_by", "employee", "appraisal__cycle").order_by("-proposed_at", "-id"))
    for d in decisions:
        d.options = DECISION_WORKFLOW.options(d, user)
    return decisions


# -- employees -------------------------------------------------------------------------------------------------------
class EmployeeListView(_Page, ExportMixin, ListView):
    """The staff in the user's scope (HR, the head, the executive, auditors: everyone; a manager: its reports; an
    employee: itself), searchable, filtered by status and department, exported as CSV or XLSX."""

    permission_required = "staff.view_employee"
    template_name = "staff/employee_list.html"
    context_object_name = "employees"
    paginate_by = 50
    export_name = _("Staff")

    def get_queryset(self):
        qs = Employee.objects.visible_to(self.request.user).select_related("user", "department", "manager")
        self.q = self.request.GET.get("q", "").replace("\x00", "").strip()[:100]
        self.status = self.request.GET.get("status", "")
        if self.q:
            qs = qs.filter(Q(number__icontains=self.q) | Q(user__display_name__icontains=self.q)
                           | Q(user__username__icontains=self.q) | Q(position__icontains=self.q))  # fmt: skip
        if self.status in EmployeeStatus.values:
            qs = qs.filter(status=self.status)
        return qs.annotate(onboarding_left=Count("onboarding", filter=Q(onboarding__completed_on__isnull=True))
                           ).order_by("number")  # fmt: skip

    def export_columns(self):
        return [(_("Employee number"), lambda e: e.number), (pgettext_lazy("person", "Name"), lambda e: str(e.user)),
                (_("Department"), lambda e: str(e.department)), (_("Position"), lambda e: e.position),
                (_("Hire date"), lambda e: e.hire_date), (_("Manager"), lambda e: str(e.manager or "")),
                (_("Status"), lambda e: e.get_status_display())]  # fmt: skip

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        for key in ("page", "format"):
            query.pop(key, None)
        user = self.request.user
        return {**super().get_context_data(**kwargs), "q": self.q, "status": self.status,
                "statuses": EmployeeStatus.choices, "querystring": query.urlencode(),
                "employee_form": forms.EmployeeForm() if user.has_perm("staff.add_employee") else None}  # fmt: skip


class EmployeeCreateView(_Page, InlinePostMixin, View):
    permission_required = "staff.add_employee"
    form_class = forms.EmployeeForm
    success = _("Employee record created; the onboarding is to do.")

    def back_url(self):
        return reverse("staff:employees")

    def call(self, data):
        return s.employee_create(actor=self.request.user, **data)


class EmployeeDetailView(_Page, TemplateView):
    """An employee's page: the facts, onboarding (5.1.3), training (5.1.4), appraisals with the commendations and
    accountability records beside them (5.2, 3.4.3), decisions and incentives (5.2.2–5.2.3), resignations (5.3)."""

    permission_required = "staff.view_employee"
    template_name = "staff/employee_detail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        qs = Employee.objects.visible_to(user).select_related("user", "department", "group", "manager")
        employee = get_object_or_404(qs, pk=self.kwargs["pk"])
        can_confirm = user.has_perm("staff.change_onboardingitem") or employee.manager_id == user.pk
        return {
            **super().get_context_data(**kwargs),
            "employee": employee,
            "onboarding": employee.onboarding.select_related("confirmed_by"),
            "can_confirm": can_confirm,
            "onboarding_form": forms.OnboardingForm() if can_confirm else None,
            "trainings": employee.trainings.select_related("session"),
            "appraisals": employee.appraisals.select_related("cycle").order_by("-cycle__period_start"),
            "decisions": _decisions(employee.decisions.all(), user),
            "decision_form": forms.DecisionForm() if user.has_perm("staff.add_staffdecision") else None,
            "merits": _merits(employee.user, user),
            "resignations": employee.resignations.all(),
            "audit_events": object_audit_trail(employee, user=user),
        }


class OnboardingCompleteView(_Page, InlinePostMixin, View):
    permission_required = "staff.view_onboardingitem"
    form_class = forms.OnboardingForm
    success = _("Onboarding area confirmed.")

    @cached_property
    def item(self):
        return get_object_or_404(OnboardingItem.objects.visible_to(self.request.user), pk=self.kwargs["pk"])

    def back_url(self):
        return reverse("staff:employee", args=[self.item.employee_id])

    def call(self, data):
        return s.onboarding_complete(actor=self.request.user, pk=self.item.pk, **data)


class DecisionProposeView(_Page, InlinePostMixin, View):
    permission_required = "staff.add_staffdecision"
    form_class = forms.DecisionForm
    success = _("Decision proposed for approval.")

    def back_url(self):
        url = self.request.POST.get("next", "")
        return url if url.startswith("/staff/") and "//" not in url else reverse("staff:employee",
                                                                                 args=[self.kwargs["pk"]])  # fmt: skip

    def call(self, data):
        appraisal = data.pop("appraisal")
        return s.decision_propose(actor=self.request.user, employee_pk=self.kwargs["pk"], appraisal_pk=appraisal,
                                  **data)  # fmt: skip


class DecisionTransitionView(_Page, InlinePostMixin, View):
    permission_required = "staff.view_staffdecision"
    form_class = forms.TransitionForm
    success = _("Done.")

    @cached_property
    def decision(self):
        return get_object_or_404(StaffDecision.objects.visible_to(self.request.user), pk=self.kwargs["pk"])

    def back_url(self):
        url = self.request.POST.get("next", "")
        if url.startswith("/staff/") and "//" not in url:
            return url
        return reverse("staff:employee", args=[self.decision.employee_id]) + f"#decision-{self.decision.pk}"

    def call(self, data):
        return s.decision_transition(actor=self.request.user, pk=self.decision.pk, **data)


# -- recruitment (5.1.1–5.1.2) ---------------------------------------------------------------------------------------
class PlanListView(_Page, ExportMixin, ListView):
    permission_required = "staff.view_recruitmentplan"
    template_name = "staff/plan_list.html"
    context_object_name = "plans"
    paginate_by = 50

    def get_queryset(self):
        return (RecruitmentPlan.objects.visible_to(self.request.user).select_related("department", "created_by")
                .annotate(candidate_count=Count("candidates"),
                          hired=Count("candidates", filter=Q(candidates__status=CandidateStatus.HIRED)))
                .order_by("-created_at", "-id"))  # fmt: skip

    def get_context_data(self, **kwargs):
        user = self.request.user
        return {**super().get_context_data(**kwargs),
                "plan_form": forms.PlanForm() if user.has_perm("staff.add_recruitmentplan") else None}  # fmt: skip


class PlanCreateView(_Page, InlinePostMixin, View):
    permission_required = "staff.add_recruitmentplan"
    form_class = forms.PlanForm
    success = _("Recruitment plan drafted.")

    def back_url(self):
        return reverse("staff:plans")

    def call(self, data):
        plan = s.plan_create(actor=self.request.user, **data)
        return redirect(plan.get_absolute_url())


class _PlanMixin(_Page):
    permission_required = "staff.view_recruitmentplan"

    @cached_property
    def plan(self):
        return get_object_or_404(RecruitmentPlan.objects.visible_to(self.request.user).select_related(
            "department", "created_by"), pk=self.kwargs["pk"])  # fmt: skip

    def back_url(self):
        return self.plan.get_absolute_url()


class PlanDetailView(_PlanMixin, TemplateView):
    """A recruitment plan (5.1.1) with its approvals, and its candidates through the pipeline (5.1.2)."""

    template_name = "staff/plan_detail.html"

    def get_context_data(self, **kwargs):
        plan, user = self.plan, self.request.user
        interviews = Prefetch("interviews", queryset=InterviewNote.objects.select_related("interviewer"))
        candidates = list(plan.candidates.select_related("referred_by", "employee").prefetch_related(interviews))
        plan.offers_taken = sum(c.status in (CandidateStatus.OFFERED, CandidateStatus.HIRED) for c in candidates)
        for c in candidates:
            c.plan = plan
            c.options = [o for o in CANDIDATE_WORKFLOW.options(c, user) if o["transition"].target != "hired"]
        hiring = user.has_perm("staff.hire_candidate")
        taken = sum(c.status in (CandidateStatus.OFFERED, CandidateStatus.HIRED) for c in candidates)
        return {
            **super().get_context_data(**kwargs),
            "plan": plan,
            "options": RECRUITMENT_WORKFLOW.options(plan, user),
            "approvals": Approval.objects.for_object(plan).select_related("approver"),
            "candidates": candidates,
            "taken": taken,
            "candidate_form": forms.CandidateForm() if plan.status == "approved" and user.has_perm(
                "staff.add_candidate") else None,
            "interview_form": forms.InterviewForm(initial={"held_on": timezone.localdate()})
            if user.has_perm("staff.add_interviewnote") else None,
            "hire_form": forms.HireForm(initial={"hire_date": timezone.localdate()}) if hiring else None,
            "audit_events": object_audit_trail(plan, user=user),
        }  # fmt: skip


class PlanTransitionView(_PlanMixin, InlinePostMixin, View):
    form_class = forms.TransitionForm
    success = _("Done.")

    def call(self, data):
        return s.plan_transition(actor=self.request.user, pk=self.plan.pk, **data)


class CandidateAddView(_PlanMixin, InlinePostMixin, View):
    permission_required = "staff.add_candidate"
    form_class = forms.CandidateForm
    success = _("Candidate added.")

    def call(self, data):
        return s.candidate_add(actor=self.request.user, plan_pk=self.plan.pk, **data)


class _CandidateMixin(_Page):
    permission_required = "staff.view_candidate"

    @cached_property
    def candidate(self):
        return get_object_or_404(Candidate.objects.visible_to(self.request.user).select_related("plan"),
                                 pk=self.kwargs["pk"])  # fmt: skip

    def back_url(self):
        return self.candidate.get_absolute_url()


class CandidateTransitionView(_CandidateMixin, InlinePostMixin, View):
    form_class = forms.TransitionForm
    success = _("Done.")

    def call(self, data):
        return s.candidate_transition(actor=self.request.user, pk=self.candidate.pk, **data)


class InterviewAddView(_CandidateMixin, InlinePostMixin, View):
    permission_required = "staff.add_interviewnote"
    form_class = forms.InterviewForm
    success = _("Interview notes recorded.")

    def call(self, data):
        return s.interview_add(actor=self.request.user, candidate_pk=self.candidate.pk, **data)


class HireView(_CandidateMixin, InlinePostMixin, View):
    permission_required = "staff.hire_candidate"
    form_class = forms.HireForm
    success = _("Hired: the employee record and the onboarding are created.")

    def call(self, data):
        employee = s.candidate_hire(actor=self.request.user, pk=self.candidate.pk, **data)
        return redirect(employee.get_absolute_url())


# -- training (5.1.4) ------------------------------------------------------------------------------------------------
class SessionListView(_Page, ExportMixin, ListView):
    permission_required = "staff.view_trainingsession"
    template_name = "staff/session_list.html"
    context_object_name = "sessions"
    paginate_by = 50

    def get_queryset(self):
        return TrainingSession.objects.visible_to(self.request.user).annotate(
            attendees=Count("attendance", filter=Q(attendance__attended=True))).order_by("-held_on", "-id")  # fmt: skip

    def get_context_data(self, **kwargs):
        form = forms.SessionForm() if self.request.user.has_perm("staff.add_trainingsession") else None
        return {**super().get_context_data(**kwargs), "session_form": form}


class SessionCreateView(_Page, InlinePostMixin, View):
    permission_required = "staff.add_trainingsession"
    form_class = forms.SessionForm
    success = _("Training session recorded.")

    def back_url(self):
        return reverse("staff:sessions")

    def call(self, data):
        return s.session_create(actor=self.request.user, **data)


class _SessionMixin(_Page):
    permission_required = "staff.view_trainingsession"

    @cached_property
    def session(self):
        return get_object_or_404(TrainingSession.objects.visible_to(self.request.user), pk=self.kwargs["pk"])

    def back_url(self):
        return self.session.get_absolute_url()


class SessionDetailView(_SessionMixin, TemplateView):
    template_name = "staff/session_detail.html"

    def get_context_data(self, **kwargs):
        user, session = self.request.user, self.session
        attendance = list(Attendance.objects.visible_to(user).filter(session=session)
                          .select_related("employee__user"))  # fmt: skip
        mine = next((a for a in attendance if a.employee.user_id == user.pk), None)
        return {**super().get_context_data(**kwargs), "session": session, "attendance": attendance, "mine": mine,
                "attendance_form": forms.AttendanceForm() if user.has_perm("staff.add_attendance") else None,
                "feedback_form": forms.FeedbackForm(initial={"rating": mine.rating, "feedback": mine.feedback})
                if mine else None}  # fmt: skip


class AttendanceView(_SessionMixin, InlinePostMixin, View):
    permission_required = "staff.add_attendance"
    form_class = forms.AttendanceForm
    success = _("Attendance recorded.")

    def call(self, data):
        return s.attendance_record(actor=self.request.user, session_pk=self.session.pk, **data)


class FeedbackView(_SessionMixin, InlinePostMixin, View):
    permission_required = "staff.change_attendance"
    form_class = forms.FeedbackForm
    success = _("Thank you for your feedback.")

    def call(self, data):
        mine = Attendance.objects.filter(session=self.session, employee__user=self.request.user).first()
        return s.feedback_give(actor=self.request.user, pk=mine.pk if mine else 0, **data)


# -- appraisal (5.2) -------------------------------------------------------------------------------------------------
class CycleListView(_Page, ExportMixin, ListView):
    permission_required = "staff.view_appraisalcycle"
    template_name = "staff/cycle_list.html"
    context_object_name = "cycles"
    paginate_by = 50

    def get_queryset(self):
        return AppraisalCycle.objects.visible_to(self.request.user).annotate(
            appraisal_count=Count("appraisals", distinct=True),
            final=Count("appraisals", filter=Q(appraisals__status=AppraisalStatus.FINAL), distinct=True)
        ).order_by("-period_start", "-id")  # fmt: skip

    def get_context_data(self, **kwargs):
        user = self.request.user
        mine = (Appraisal.objects.filter(employee__user=user).exclude(status=AppraisalStatus.FINAL)
                .select_related("cycle"))  # fmt: skip
        return {**super().get_context_data(**kwargs), "my_appraisals": mine,
                "cycle_form": forms.CycleForm() if user.has_perm("staff.add_appraisalcycle") else None}  # fmt: skip


class CycleCreateView(_Page, InlinePostMixin, View):
    permission_required = "staff.add_appraisalcycle"
    form_class = forms.CycleForm
    success = _("Appraisal cycle drafted: add its indicators.")

    def back_url(self):
        return reverse("staff:cycles")

    def call(self, data):
        return redirect(s.cycle_create(actor=self.request.user, **data).get_absolute_url())


class _CycleMixin(_Page):
    permission_required = "staff.view_appraisalcycle"

    @cached_property
    def cycle(self):
        return get_object_or_404(AppraisalCycle.objects.visible_to(self.request.user), pk=self.kwargs["pk"])

    def back_url(self):
        return self.cycle.get_absolute_url()


class CycleDetailView(_CycleMixin, TemplateView):
    """A cycle (5.2.1): its period and method, its indicators by dimension with their weights (which must sum to
    100 before it opens), and the appraisals in the user's scope."""

    template_name = "staff/cycle_detail.html"

    def get_context_data(self, **kwargs):
        cycle, user = self.cycle, self.request.user
        indicators = list(cycle.indicators.all())
        total = sum((i.weight for i in indicators), 0)
        draft = cycle.status == CycleStatus.DRAFT
        manage = user.has_perm("staff.change_appraisalcycle")
        return {**super().get_context_data(**kwargs), "cycle": cycle, "indicators": indicators, "total": total,
                "appraisals": Appraisal.objects.visible_to(user).filter(cycle=cycle)
                .select_related("employee__user", "scored_by"),
                "indicator_form": forms.IndicatorForm() if draft and user.has_perm("staff.add_appraisalindicator")
                else None,
                "can_remove": draft and user.has_perm("staff.change_appraisalindicator"),
                "can_open": draft and manage, "can_close": cycle.status == CycleStatus.OPEN and manage}  # fmt: skip


class IndicatorAddView(_CycleMixin, InlinePostMixin, View):
    permission_required = "staff.add_appraisalindicator"
    form_class = forms.IndicatorForm
    success = _("Indicator added.")

    def call(self, data):
        return s.indicator_add(actor=self.request.user, cycle_pk=self.cycle.pk, **data)


class _CycleCommand(_CycleMixin, View):
    permission_required = "staff.change_appraisalcycle"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        return run_command(request, self.command, success=str(self.success), back=self.back_url())


class IndicatorRemoveView(_CycleCommand):
    success = _("Indicator removed.")

    def command(self):
        return s.indicator_remove(actor=self.request.user, pk=self.kwargs["indicator"])


class CycleOpenView(_CycleCommand):
    success = _("Cycle opened: every employee has an appraisal to fill in.")

    def command(self):
        return s.cycle_open(actor=self.request.user, pk=self.cycle.pk)


class CycleCloseView(_CycleCommand):
    success = _("Cycle closed.")

    def command(self):
        return s.cycle_close(actor=self.request.user, pk=self.cycle.pk)


class _AppraisalMixin(_Page):
    permission_required = "staff.view_appraisal"

    @cached_property
    def appraisal(self):
        qs = Appraisal.objects.visible_to(self.request.user).select_related("cycle", "employee__user", "scored_by")
        return get_object_or_404(qs, pk=self.kwargs["pk"])

    def back_url(self):
        return self.appraisal.get_absolute_url()

    def may_score(self) -> bool:
        from core.roles import Role, roles_of

        user, employee = self.request.user, self.appraisal.employee
        return employee.user_id != user.pk and (employee.manager_id == user.pk or Role.HEAD in roles_of(user)
                                                or user.is_superuser)  # fmt: skip


class AppraisalDetailView(_AppraisalMixin, TemplateView):
    """One appraisal: the indicators with the self and the manager's scores, the final score and grade, the
    commendations and accountability records beside them (3.4.3), and the decisions linked to it (5.2.2)."""

    template_name = "staff/appraisal_detail.html"

    def get_context_data(self, **kwargs):
        appraisal, user = self.appraisal, self.request.user
        indicators = list(appraisal.cycle.indicators.all())
        rows = [{"indicator": i, "self": appraisal.self_scores.get(str(i.pk)),
                 "manager": appraisal.manager_scores.get(str(i.pk))} for i in indicators]  # fmt: skip
        is_open = appraisal.cycle.status == CycleStatus.OPEN
        self_form = manager_form = None
        if is_open and appraisal.status == AppraisalStatus.SELF and appraisal.employee.user_id == user.pk:
            self_form = forms.ScoresForm(indicators=indicators)
        if is_open and appraisal.status == AppraisalStatus.MANAGER and self.may_score():
            manager_form = forms.ScoresForm(indicators=indicators, initial_scores=appraisal.self_scores)
        return {**super().get_context_data(**kwargs), "appraisal": appraisal, "rows": rows,
                "self_form": self_form, "manager_form": manager_form, "merits": _merits(appraisal.employee.user, user),
                "decisions": _decisions(appraisal.decisions.all(), user),
                "decision_form": forms.DecisionForm() if appraisal.status == AppraisalStatus.FINAL
                and user.has_perm("staff.add_staffdecision") else None}  # fmt: skip


class AppraisalScoreView(_AppraisalMixin, View):
    """POST the self-assessment (the employee) or the manager's scores (the manager or the head)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        appraisal = self.appraisal
        form = forms.ScoresForm(request.POST, indicators=list(appraisal.cycle.indicators.all()))
        if not form.is_valid():
            form_errors_as_messages(request, form)
            return redirect(self.back_url())
        service = s.appraisal_self if appraisal.employee.user_id == request.user.pk else s.appraisal_manager
        return run_command(request, lambda: service(actor=request.user, pk=appraisal.pk, scores=form.scores(),
                                                    comment=form.cleaned_data["comment"]),
                           success=str(_("Scores recorded.")), back=self.back_url())  # fmt: skip


# -- resignation (5.3) -----------------------------------------------------------------------------------------------
class ResignationListView(_Page, ExportMixin, ListView):
    permission_required = "staff.view_resignation"
    template_name = "staff/resignation_list.html"
    context_object_name = "resignations"
    paginate_by = 50

    def get_queryset(self):
        return Resignation.objects.visible_to(self.request.user).select_related("employee__user")

    def get_context_data(self, **kwargs):
        user = self.request.user
        has_record = Employee.objects.filter(user=user).exclude(status=EmployeeStatus.LEFT).exists()
        applied = Resignation.objects.filter(employee__user=user, status__in=ResignationStatus.LIVE).exists()
        from django.conf import settings

        return {**super().get_context_data(**kwargs), "notice_days": settings.STAFF_NOTICE_DAYS,
                "resignation_form": forms.ResignationForm() if has_record and not applied
                and user.has_perm("staff.add_resignation") else None}  # fmt: skip


class ResignationSubmitView(_Page, InlinePostMixin, View):
    permission_required = "staff.add_resignation"
    form_class = forms.ResignationForm
    success = _("Your resignation was submitted to the department head.")

    def back_url(self):
        return reverse("staff:resignations")

    def call(self, data):
        return redirect(s.resignation_submit(actor=self.request.user, **data).get_absolute_url())


class _ResignationMixin(_Page):
    permission_required = "staff.view_resignation"

    def has_permission(self):
        """The readers of resignations, and the supervisor designated for a handover (5.3.4)."""
        from staff.models import Handover

        user = self.request.user
        return super().has_permission() or Handover.objects.filter(supervisor=user, resignation=self.kwargs["pk"]
                                                                   ).exists()  # fmt: skip

    @cached_property
    def resignation(self):
        return get_object_or_404(Resignation.objects.visible_to(self.request.user).select_related("employee__user"),
                                 pk=self.kwargs["pk"])  # fmt: skip

    def back_url(self):
        return self.resignation.get_absolute_url()


class ResignationDetailView(_ResignationMixin, TemplateView):
    """A resignation (5.3): the application, the head's review and the superior's approval, then HR's exit — the
    handover under its supervisor with the record signed, the settlement, the items, the open work reassigned."""

    template_name = "staff/resignation_detail.html"

    def get_context_data(self, **kwargs):
        from staff.work import open_work

        r, user = self.resignation, self.request.user
        handover = getattr(r, "handover", None)
        exit_open = r.status == ResignationStatus.APPROVED and user.has_perm("staff.run_exit")
        return {
            **super().get_context_data(**kwargs),
            "resignation": r,
            "options": RESIGNATION_WORKFLOW.options(r, user),
            "approvals": Approval.objects.for_object(r).select_related("approver"),
            "handover": handover,
            "items": HandoverItem.objects.filter(handover=handover).select_related("receiver") if handover else [],
            "open_work": open_work(r.employee.user) if r.status == ResignationStatus.APPROVED else [],
            "exit_open": exit_open,
            "handover_form": forms.HandoverForm(initial={"supervisor": handover.supervisor_id if handover else None})
            if exit_open and not (handover and handover.signed_at) else None,
            "item_form": forms.HandoverItemForm() if exit_open and handover and not handover.signed_at else None,
            "can_sign": handover is not None and handover.signed_at is None and handover.supervisor_id == user.pk
            and r.status == ResignationStatus.APPROVED,
            "exit_form": forms.ExitForm(initial={"settlement_done": r.settlement_done,
                                                 "settlement_note": r.settlement_note,
                                                 "items_returned": r.items_returned}) if exit_open else None,
            "reassign_form": forms.ReassignForm() if exit_open else None,
            "audit_events": object_audit_trail(r, user=user),
        }  # fmt: skip


class ResignationTransitionView(_ResignationMixin, InlinePostMixin, View):
    form_class = forms.ResignationTransitionForm
    success = _("Done.")

    def call(self, data):
        return s.resignation_transition(actor=self.request.user, pk=self.resignation.pk, **data)


class HandoverSetView(_ResignationMixin, InlinePostMixin, View):
    permission_required = "staff.run_exit"
    form_class = forms.HandoverForm
    success = _("Handover supervisor designated.")

    def call(self, data):
        return s.handover_set(actor=self.request.user, pk=self.resignation.pk, **data)


class HandoverItemView(_ResignationMixin, InlinePostMixin, View):
    permission_required = "staff.run_exit"
    form_class = forms.HandoverItemForm
    success = _("Handover item recorded.")

    def call(self, data):
        return s.handover_item_add(actor=self.request.user, pk=self.resignation.pk, **data)


class HandoverSignView(_ResignationMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        return run_command(request, lambda: s.handover_sign(actor=request.user, pk=self.resignation.pk),
                           success=str(_("Handover record signed.")), back=self.back_url())  # fmt: skip


class ExitUpdateView(_ResignationMixin, InlinePostMixin, View):
    permission_required = "staff.run_exit"
    form_class = forms.ExitForm
    success = _("Exit recorded.")

    def call(self, data):
        return s.exit_update(actor=self.request.user, pk=self.resignation.pk, **data)


class ReassignView(_ResignationMixin, InlinePostMixin, View):
    permission_required = "staff.run_exit"
    form_class = forms.ReassignForm
    success = _("The leaver's open work was reassigned.")

    def call(self, data):
        return s.work_reassign(actor=self.request.user, pk=self.resignation.pk, **data)
