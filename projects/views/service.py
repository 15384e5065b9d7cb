"""Service pages (ch. 4): client requests and complaints, revisits, satisfaction surveys, marketing activities and
the operations log of a project; the survey questionnaires of the department."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Avg, Count, Q, Sum
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from core.exports import ExportMixin
from core.mixins import apply_validation_error, run_command
from core.models import Approval
from core.views import object_audit_trail
from projects import services
from projects.choices import LogKind, QuestionKind, RequestStatus, RevisitStatus, Severity
from projects.forms import (
    ActivityForm,
    AssignForm,
    LogForm,
    QuestionnaireForm,
    RequestFilterForm,
    RequestForm,
    RequestTransitionForm,
    RevisitPlanForm,
    RevisitRecordForm,
    SurveyRoundForm,
)
from projects.models import (
    MarketingActivity,
    OperationsLogEntry,
    Revisit,
    RevisitPlan,
    ServiceRequest,
    Survey,
    SurveyAnswer,
    SurveyResponse,
    SurveyRound,
)
from projects.selectors import survey_results
from projects.services.service import SERVED_STAGES
from projects.views.intake import ProjectScopedMixin, _InlineAddView
from projects.workflows import SERVICE_REQUEST_WORKFLOW

__all__ = [
    "ActivityAddView",
    "ActivityEditView",
    "ActivityListView",
    "LogAddView",
    "LogListView",
    "QuestionnaireCreateView",
    "QuestionnaireListView",
    "RequestAssignView",
    "RequestDetailView",
    "RequestListView",
    "RequestRaiseView",
    "RequestTransitionView",
    "RevisitListView",
    "RevisitPlanView",
    "RevisitRecordView",
    "SurveyAnswerView",
    "SurveyRoundDetailView",
    "SurveyRoundListView",
    "SurveyRoundSendView",
]


def _querystring(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


# ----------------------------------------------------------------------------------------------------------------
# Client requests, questions and complaints (4.1.3, 2.2.3)
# ----------------------------------------------------------------------------------------------------------------
class RequestListView(ProjectScopedMixin, ExportMixin, ListView):
    """The project's client requests, questions and complaints; late first responses stand out (4.2.3)."""

    permission_required = "projects.view_servicerequest"
    template_name = "projects/request_list.html"
    context_object_name = "requests"
    paginate_by = 50

    def get_queryset(self):
        qs = ServiceRequest.objects.visible_to(self.request.user).filter(project=self.project)
        self.filter_form = RequestFilterForm(self.request.GET or None)
        if self.filter_form.is_valid():
            data = self.filter_form.cleaned_data
            if data["q"]:
                qs = qs.filter(Q(title__icontains=data["q"]) | Q(description__icontains=data["q"]))
            if data["kind"]:
                qs = qs.filter(kind=data["kind"])
            if data["status"] == "active":
                qs = qs.exclude(status=RequestStatus.CLOSED)
            elif data["status"]:
                qs = qs.filter(status=data["status"])
            if data["late"]:
                qs = qs.unanswered_past_limit()
        return qs.select_related("assignee", "raised_by")

    def get_context_data(self, **kwargs):
        user = self.request.user
        mine = ServiceRequest.objects.visible_to(user).filter(project=self.project)
        now = timezone.now()
        return {
            **super().get_context_data(**kwargs),
            "project": self.project,
            "filter_form": self.filter_form,
            "querystring": _querystring(self.request),
            "now": now,
            "counts": mine.counts(now),
            "can_raise": user.has_perm("projects.add_servicerequest") and self.project.stage in SERVED_STAGES,
        }


class RequestRaiseView(ProjectScopedMixin, FormView):
    """Raise a request, question or complaint: the client in its portal, or customer service on its behalf."""

    permission_required = "projects.add_servicerequest"
    template_name = "projects/request_form.html"
    form_class = RequestForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "client_user": bool(self.request.user.client_organisation_id)}

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "project": self.project,
            "in_service": self.project.stage in SERVED_STAGES,
            "response_hours": services.service.response_limit_hours(self.project),
        }

    def form_valid(self, form):
        try:
            req = services.request_raise(actor=self.request.user, pk=self.project.pk, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Recorded; customer service is notified."))
        return redirect(req)


class _RequestMixin(ProjectScopedMixin):
    @cached_property
    def service_request(self) -> ServiceRequest:
        return get_object_or_404(
            ServiceRequest.objects.visible_to(self.request.user)
            .filter(project=self.project)
            .select_related("assignee", "raised_by"),
            pk=self.kwargs["request_pk"],
        )


class RequestDetailView(_RequestMixin, TemplateView):
    permission_required = "projects.view_servicerequest"
    template_name = "projects/request_detail.html"

    def get_context_data(self, **kwargs):
        user, req = self.request.user, self.service_request
        staff = not user.client_organisation_id
        return {
            **super().get_context_data(**kwargs),
            "project": self.project,
            "req": req,
            "staff_view": staff,
            "now": timezone.now(),
            "options": SERVICE_REQUEST_WORKFLOW.options(req, user),
            "assign_form": AssignForm(initial={"assignee": req.assignee_id})
            if staff and user.has_perm("projects.handle_servicerequest") and req.status != RequestStatus.CLOSED
            else None,
            "approvals": Approval.objects.for_object(req).select_related("approver") if staff else [],
            "audit_events": object_audit_trail(req, user=user),
        }


class RequestTransitionView(_RequestMixin, View):
    permission_required = "projects.view_servicerequest"

    def post(self, request, pk, request_pk):
        form = RequestTransitionForm(request.POST)
        back = self.service_request.get_absolute_url()
        if not form.is_valid():
            messages.error(request, _("The request was incomplete; nothing was changed."))
            return redirect(back)
        return run_command(
            request,
            lambda: services.request_transition(
                actor=request.user, request_pk=self.service_request.pk, **form.cleaned_data
            ),
            success=_("Status changed."),
            back=back,
        )


class RequestAssignView(_InlineAddView):
    permission_required = "projects.handle_servicerequest"
    form_class = AssignForm
    success = gettext_lazy("Assigned; the person is notified.")

    def back_url(self) -> str:
        return reverse("projects:request-detail", args=[self.project.pk, self.kwargs["request_pk"]])

    def call(self, data):
        req = get_object_or_404(
            ServiceRequest.objects.visible_to(self.request.user).filter(project=self.project),
            pk=self.kwargs["request_pk"],
        )
        return services.request_assign(actor=self.request.user, request_pk=req.pk, **data)


# ----------------------------------------------------------------------------------------------------------------
# Revisits (4.1.3)
# ----------------------------------------------------------------------------------------------------------------
class RevisitListView(ProjectScopedMixin, ExportMixin, ListView):
    """The revisit schedule and the revisits: due and overdue ones first, then those done with what the client said."""

    permission_required = "projects.view_revisit"
    template_name = "projects/revisit_list.html"
    context_object_name = "revisits"
    paginate_by = 50

    def get_queryset(self):
        qs = Revisit.objects.visible_to(self.request.user).filter(project=self.project)
        self.status = self.request.GET.get("status", "")
        if self.status == "overdue":
            qs = qs.overdue()
        elif self.status in RevisitStatus.values:
            qs = qs.filter(status=self.status)
        else:
            self.status = ""
        return qs.select_related("done_by").order_by("status", "-due_on", "-id")

    def get_context_data(self, **kwargs):
        user = self.request.user
        today = timezone.localdate()
        plan = RevisitPlan.objects.visible_to(user).filter(project=self.project).select_related("owner").first()
        can_plan = user.has_perm("projects.add_revisitplan") and self.project.stage in SERVED_STAGES
        return {
            **super().get_context_data(**kwargs),
            "project": self.project,
            "today": today,
            "status": self.status,
            "statuses": RevisitStatus.choices,
            "querystring": _querystring(self.request),
            "plan": plan,
            "plan_form": RevisitPlanForm(
                initial={"every_days": plan.every_days, "starts_on": plan.starts_on, "owner": plan.owner_id}
                if plan
                else {"starts_on": today}
            )
            if can_plan
            else None,
            "record_form": RevisitRecordForm(initial={"done_on": today}),
            "can_record": user.has_perm("projects.change_revisit"),
            "counts": Revisit.objects.visible_to(user).filter(project=self.project).counts(today),
        }


class RevisitPlanView(_InlineAddView):
    permission_required = "projects.add_revisitplan"
    form_class = RevisitPlanForm
    success = gettext_lazy("Revisit schedule saved; the due revisits are planned.")

    def back_url(self) -> str:
        return reverse("projects:revisits", args=[self.project.pk])

    def call(self, data):
        return services.revisit_plan_set(actor=self.request.user, pk=self.project.pk, **data)


class RevisitRecordView(_InlineAddView):
    permission_required = "projects.change_revisit"
    form_class = RevisitRecordForm
    success = gettext_lazy("Revisit recorded.")

    def back_url(self) -> str:
        return reverse("projects:revisits", args=[self.project.pk])

    def call(self, data):
        revisit = get_object_or_404(
            Revisit.objects.visible_to(self.request.user).filter(project=self.project), pk=self.kwargs["revisit_pk"]
        )
        return services.revisit_record(actor=self.request.user, revisit_pk=revisit.pk, **data)


# ----------------------------------------------------------------------------------------------------------------
# Satisfaction surveys (4.1.3)
# ----------------------------------------------------------------------------------------------------------------
class SurveyRoundListView(ProjectScopedMixin, ExportMixin, ListView):
    permission_required = "projects.view_surveyround"
    template_name = "projects/survey_round_list.html"
    context_object_name = "rounds"
    paginate_by = 50

    def get_queryset(self):
        return SurveyRound.objects.visible_to(self.request.user).filter(project=self.project).select_related("survey")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        rounds = list(ctx["rounds"])
        results = survey_results([r.pk for r in rounds])
        answered = set(SurveyResponse.objects.filter(round__in=rounds, respondent=user).values_list("round", flat=True))
        for r in rounds:
            r.results = results[r.pk]
            r.answered = r.pk in answered
        can_send = user.has_perm("projects.add_surveyround") and self.project.stage in SERVED_STAGES
        return {
            **ctx,
            "rounds": rounds,
            "project": self.project,
            "send_form": SurveyRoundForm(initial={"closes_on": timezone.localdate() + timezone.timedelta(days=14)})
            if can_send
            else None,
        }


class SurveyRoundSendView(_InlineAddView):
    permission_required = "projects.add_surveyround"
    form_class = SurveyRoundForm
    success = gettext_lazy("Survey sent to the client's users.")

    def back_url(self) -> str:
        return reverse("projects:survey-rounds", args=[self.project.pk])

    def call(self, data):
        return services.survey_round_send(actor=self.request.user, pk=self.project.pk, **data)


class _SurveyRoundMixin(ProjectScopedMixin):
    @cached_property
    def round(self) -> SurveyRound:
        return get_object_or_404(
            SurveyRound.objects.visible_to(self.request.user).filter(project=self.project).select_related("survey"),
            pk=self.kwargs["round_pk"],
        )


class SurveyRoundDetailView(_SurveyRoundMixin, TemplateView):
    """Staff see the results per question; a client user answers the survey once while it is open."""

    permission_required = "projects.view_surveyround"
    template_name = "projects/survey_round_detail.html"

    def get_context_data(self, **kwargs):
        user, round_ = self.request.user, self.round
        questions = list(round_.survey.questions.all())
        staff = not user.client_organisation_id
        per_question = {}
        texts = []
        if staff:
            per_question = {
                r["question"]: r
                for r in SurveyAnswer.objects.filter(response__round=round_, rating__isnull=False)
                .values("question")
                .annotate(n=Count("id"), average=Avg("rating"), satisfied=Count("id", filter=Q(rating__gte=4)))
            }
            texts = list(
                SurveyAnswer.objects.filter(response__round=round_, question__kind=QuestionKind.TEXT)
                .exclude(text="")
                .select_related("question")
                .order_by("question__position", "id")[:200]
            )
        for q in questions:
            q.stats = per_question.get(q.pk)
        answered = SurveyResponse.objects.filter(round=round_, respondent=user).exists()
        return {
            **super().get_context_data(**kwargs),
            "project": self.project,
            "round": round_,
            "questions": questions,
            "staff_view": staff,
            "results": survey_results([round_.pk])[round_.pk],
            "texts": texts,
            "answered": answered,
            "can_answer": not staff
            and not answered
            and round_.is_open
            and user.has_perm("projects.add_surveyresponse"),
            "ratings": range(5, 0, -1),
        }


class SurveyAnswerView(_SurveyRoundMixin, View):
    permission_required = "projects.add_surveyresponse"

    def post(self, request, pk, round_pk):
        answers = {
            int(key.split("-", 1)[1]): value
            for key, value in request.POST.items()
            if key.startswith("q-") and key.split("-", 1)[1].isdigit()
        }
        return run_command(
            request,
            lambda: services.survey_answer(actor=request.user, round_pk=self.round.pk, answers=answers),
            success=_("Thank you: your answers are recorded."),
            back=self.round.get_absolute_url(),
        )


class QuestionnaireListView(LoginRequiredMixin, PermissionRequiredMixin, ExportMixin, ListView):
    """The department's satisfaction questionnaires."""

    permission_required = "projects.view_survey"
    template_name = "projects/questionnaire_list.html"
    context_object_name = "surveys"
    paginate_by = 50

    def get_queryset(self):
        return (
            Survey.objects.visible_to(self.request.user)
            .annotate(question_count=Count("questions", distinct=True), round_count=Count("rounds", distinct=True))
            .order_by("name")
        )

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "can_create": self.request.user.has_perm("projects.add_survey")}


class QuestionnaireCreateView(LoginRequiredMixin, PermissionRequiredMixin, FormView):
    permission_required = "projects.add_survey"
    template_name = "projects/questionnaire_form.html"
    form_class = QuestionnaireForm

    def form_valid(self, form):
        try:
            services.survey_create(actor=self.request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Survey saved."))
        return redirect("projects:questionnaires")


# ----------------------------------------------------------------------------------------------------------------
# Marketing activities (4.1.2) and the operations log (4.1.1, 4.2.1)
# ----------------------------------------------------------------------------------------------------------------
class ActivityListView(ProjectScopedMixin, ExportMixin, ListView):
    permission_required = "projects.view_marketingactivity"
    template_name = "projects/activity_list.html"
    context_object_name = "activities"
    paginate_by = 50

    def get_queryset(self):
        qs = MarketingActivity.objects.visible_to(self.request.user).filter(project=self.project)
        return qs.select_related("owner")

    def get_context_data(self, **kwargs):
        user = self.request.user
        totals = (
            MarketingActivity.objects.visible_to(user)
            .filter(project=self.project)
            .aggregate(count=Count("id"), reach=Sum("reach"), leads=Sum("leads"), budget=Sum("budget"))
        )
        return {
            **super().get_context_data(**kwargs),
            "project": self.project,
            "totals": totals,
            "activity_form": ActivityForm()
            if user.has_perm("projects.add_marketingactivity") and self.project.stage in SERVED_STAGES
            else None,
            "can_change": user.has_perm("projects.change_marketingactivity"),
        }


class ActivityAddView(_InlineAddView):
    permission_required = "projects.add_marketingactivity"
    form_class = ActivityForm
    success = gettext_lazy("Marketing activity planned.")

    def back_url(self) -> str:
        return reverse("projects:activities", args=[self.project.pk])

    def call(self, data):
        return services.activity_save(actor=self.request.user, pk=self.project.pk, **data)


class ActivityEditView(ProjectScopedMixin, FormView):
    """Update a marketing activity: its status and results (reach, leads, feedback)."""

    permission_required = "projects.change_marketingactivity"
    template_name = "projects/activity_form.html"
    form_class = ActivityForm

    @cached_property
    def activity(self) -> MarketingActivity:
        return get_object_or_404(
            MarketingActivity.objects.visible_to(self.request.user).filter(project=self.project),
            pk=self.kwargs["activity_pk"],
        )

    def get_initial(self):
        return {name: getattr(self.activity, name) for name in services.service.ACTIVITY_FIELDS}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "project": self.project, "activity": self.activity}

    def form_valid(self, form):
        try:
            services.activity_save(
                actor=self.request.user, pk=self.project.pk, activity_pk=self.activity.pk, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Marketing activity saved."))
        return redirect("projects:activities", pk=self.project.pk)


class LogListView(ProjectScopedMixin, ExportMixin, ListView):
    """The operations log (4.1.1): maintenance, safety, quality, business; major incidents flagged (4.2.1)."""

    permission_required = "projects.view_operationslogentry"
    template_name = "projects/log_list.html"
    context_object_name = "entries"
    paginate_by = 50

    def get_queryset(self):
        qs = OperationsLogEntry.objects.visible_to(self.request.user).filter(project=self.project)
        self.kind = self.request.GET.get("kind", "")
        self.severity = self.request.GET.get("severity", "")
        if self.kind in LogKind.values:
            qs = qs.filter(kind=self.kind)
        else:
            self.kind = ""
        if self.severity in Severity.values:
            qs = qs.filter(severity=self.severity)
        else:
            self.severity = ""
        return qs.select_related("recorded_by")

    def get_context_data(self, **kwargs):
        user = self.request.user
        major = Q(severity=Severity.MAJOR, kind__in=[LogKind.SAFETY, LogKind.QUALITY])
        return {
            **super().get_context_data(**kwargs),
            "project": self.project,
            "kind": self.kind,
            "severity": self.severity,
            "kinds": LogKind.choices,
            "severities": Severity.choices,
            "querystring": _querystring(self.request),
            "major_count": OperationsLogEntry.objects.visible_to(user).filter(major, project=self.project).count(),
            "log_form": LogForm()
            if user.has_perm("projects.add_operationslogentry") and self.project.stage in SERVED_STAGES
            else None,
        }


class LogAddView(_InlineAddView):
    permission_required = "projects.add_operationslogentry"
    form_class = LogForm
    success = gettext_lazy("Recorded in the operations log.")

    def back_url(self) -> str:
        return reverse("projects:operations-log", args=[self.project.pk])

    def call(self, data):
        return services.log_add(actor=self.request.user, pk=self.project.pk, **data)
