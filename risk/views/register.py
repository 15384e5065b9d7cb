"""Risk register pages (7.1–7.2): the register with filters and export, a risk with its assessments (history kept),
responses, acceptance approvals and effectiveness checks, the heat map and the trend of levels, a project's risks
and its periodic reviews. Clients never see any of it."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict

from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, Count, IntegerField, Prefetch, Q, Value, When
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views import View
from django.views.generic import ListView, TemplateView

from core.exports import ExportMixin
from core.mixins import InlinePostMixin
from core.models.workflow import Approval
from core.roles import permission_holders
from core.views import object_audit_trail
from core.widgets import DateInput
from risk import matrix
from risk import register as services
from risk.choices import (
    AssessmentStage,
    CheckResult,
    ResponseStatus,
    ResponseStrategy,
    ReviewStatus,
    RiskCategory,
    RiskLevel,
    RiskSource,
    RiskStatus,
    WarningStatus,
)
from risk.models import EffectivenessCheck, Risk, RiskAssessment, RiskResponse, RiskReview, RiskWarning


class RiskFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    category = forms.ChoiceField(label=_("Category"), required=False)
    level = forms.ChoiceField(label=_("Level"), required=False)
    source = forms.ChoiceField(label=_("Source"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    likelihood = forms.TypedChoiceField(label=_("Likelihood"), required=False, coerce=int, empty_value=None)
    impact = forms.TypedChoiceField(label=_("Impact"), required=False, coerce=int, empty_value=None)
    project = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("All categories")), *RiskCategory.choices]
        self.fields["level"].choices = [("", _("All levels")), *RiskLevel.choices]
        self.fields["source"].choices = [("", _("All sources")), *RiskSource.choices]
        self.fields["status"].choices = [("", _("Open and closed")), *RiskStatus.choices]
        self.fields["likelihood"].choices = [("", _("Any likelihood")), *matrix.scale(matrix.LIKELIHOOD_LABELS)]
        self.fields["impact"].choices = [("", _("Any impact")), *matrix.scale(matrix.IMPACT_LABELS)]


class RiskForm(forms.Form):
    project = forms.ModelChoiceField(label=_("Project"), required=False, queryset=None,
                                     empty_label=_("The organisation"))  # fmt: skip
    category = forms.ChoiceField(label=_("Category"))
    level = forms.ChoiceField(label=_("Rough level"))
    description = forms.CharField(label=_("Description"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))
    cause = forms.CharField(label=_("Cause"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))
    consequence = forms.CharField(label=_("Consequence"), required=False, max_length=4000,
                                  widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip

    def __init__(self, *args, user, **kwargs):
        from projects.models import Project

        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = Project.objects.visible_to(user).order_by("code")
        self.fields["category"].choices = RiskCategory.choices
        self.fields["level"].choices = RiskLevel.choices


class RiskRecordView(LoginRequiredMixin, PermissionRequiredMixin, InlinePostMixin, View):
    permission_required = "risk.add_risk"
    success = _("Risk recorded in the register.")

    def get_form(self):
        return RiskForm(self.request.POST, user=self.request.user)

    def back_url(self) -> str:
        url = self.request.POST.get("next", "")
        if url.startswith("/risk/") and "//" not in url:
            return url
        return reverse("risk:risks")

    def call(self, data):
        return services.risk_record(actor=self.request.user, **data)


def _open_first(risks):
    rank = Case(When(status=RiskStatus.OPEN, then=Value(0)), default=Value(1), output_field=IntegerField())
    return risks.annotate(open_rank=rank).order_by("open_rank", "-identified_at", "-id")


class RiskListView(LoginRequiredMixin, PermissionRequiredMixin, ExportMixin, ListView):
    """The risk register (7.1.1–7.1.2): every risk the user may see, by project and organisation-wide, with
    filters and CSV/XLSX export. Clients never see risks."""

    permission_required = "risk.view_risk"
    template_name = "risk/risk_list.html"
    context_object_name = "risks"
    paginate_by = 50

    @cached_property
    def filter_form(self):
        query = self.request.GET.copy()
        for key in ("page", "format"):
            query.pop(key, None)
        return RiskFilterForm(query or None)

    def get_queryset(self):
        qs = Risk.objects.visible_to(self.request.user).select_related("project", "identified_by")
        data = self.filter_form.cleaned_data if self.filter_form.is_valid() else {}
        if data.get("q"):
            qs = qs.filter(Q(description__icontains=data["q"]) | Q(project__code__icontains=data["q"]))
        for field in ("category", "level", "source", "status", "likelihood", "impact"):
            if data.get(field):
                qs = qs.filter(**{field: data[field]})
        if data.get("project"):
            qs = qs.filter(project_id=data["project"])
        return _open_first(qs)

    export_name = _("Risk register")

    def export_columns(self):
        return [
            (_("Project"), lambda r: r.project.code if r.project_id else ""),
            (_("Category"), lambda r: r.get_category_display()),
            (_("Status"), lambda r: r.get_status_display()),
            (_("Level"), lambda r: r.get_level_display()),
            (_("Likelihood"), lambda r: r.likelihood or ""),
            (_("Impact"), lambda r: r.impact or ""),
            (_("Inherent level"), lambda r: r.get_inherent_level_display()),
            (_("Residual level"), lambda r: r.get_residual_level_display()),
            (_("Description"), lambda r: r.description),
            (_("Cause"), lambda r: r.cause),
            (_("Consequence"), lambda r: r.consequence),
            (_("Source"), lambda r: r.get_source_display()),
            (_("Identified by"), lambda r: str(r.identified_by)),
            (_("Identified at"), lambda r: r.identified_at),
        ]

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        for key in ("page", "format"):
            query.pop(key, None)
        user = self.request.user
        form = RiskForm(user=user, auto_id="risk_%s") if user.has_perm("risk.add_risk") else None
        return {**super().get_context_data(**kwargs), "filter_form": self.filter_form, "querystring": query.urlencode(),
                "risk_form": form}  # fmt: skip


# -- one risk: assessments, responses, checks ------------------------------------------------------------------------
class AssessForm(forms.Form):
    stage = forms.ChoiceField(label=_("Stage"), choices=AssessmentStage.choices)
    likelihood = forms.TypedChoiceField(label=_("Likelihood"), coerce=int)
    impact = forms.TypedChoiceField(label=_("Impact"), coerce=int)
    rationale = forms.CharField(label=_("Rationale"), max_length=8000, widget=forms.Textarea(attrs={"rows": 2}))
    probability = forms.DecimalField(label=_("Probability (%)"), min_value=0, max_value=100, max_digits=5,
                                     decimal_places=2)  # fmt: skip
    expected_loss = forms.DecimalField(label=_("Expected loss (CNY)"), min_value=0, max_digits=16, decimal_places=2)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["likelihood"].choices = matrix.scale(matrix.LIKELIHOOD_LABELS)
        self.fields["impact"].choices = matrix.scale(matrix.IMPACT_LABELS)


class ResponseForm(forms.Form):
    strategy = forms.ChoiceField(label=pgettext_lazy("risk", "Response"), choices=ResponseStrategy.choices)
    measures = forms.CharField(
        label=pgettext_lazy("risk", "Measures"), max_length=8000, widget=forms.Textarea(attrs={"rows": 2})
    )
    department = forms.ModelChoiceField(label=_("Responsible department"), queryset=None)
    owner = forms.ModelChoiceField(label=_("Responsible person"), queryset=None)
    due_on = forms.DateField(label=_("Due date"), widget=DateInput())
    expires_on = forms.DateField(label=_("Acceptance expires on"), required=False, widget=DateInput(),
                                 help_text=_("Only for accepting the risk."))  # fmt: skip
    check_every_days = forms.IntegerField(label=_("Check the measures every (days)"), required=False, min_value=1,
                                          max_value=366)  # fmt: skip

    def __init__(self, *args, **kwargs):
        from core.models import Department

        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.all()
        self.fields["owner"].queryset = permission_holders("risk.view_risk")


class ResponseTransitionForm(forms.Form):
    target = forms.ChoiceField(choices=ResponseStatus.choices)
    expected_source = forms.ChoiceField(choices=ResponseStatus.choices)
    comment = forms.CharField(label=_("Opinion"), required=False, max_length=4000,
                              widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip


class CheckForm(forms.Form):
    result = forms.ChoiceField(label=_("Result"), choices=CheckResult.choices)
    notes = forms.CharField(
        label=pgettext_lazy("risk", "Findings"), max_length=8000, widget=forms.Textarea(attrs={"rows": 2})
    )
    checked_on = forms.DateField(label=_("Checked on"), required=False, widget=DateInput(),
                                 help_text=_("Empty: today."))  # fmt: skip


class CloseForm(forms.Form):
    reason = forms.CharField(label=_("Reason for closing"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))


class _RiskMixin(LoginRequiredMixin, PermissionRequiredMixin):
    permission_required = "risk.view_risk"

    @cached_property
    def risk(self) -> Risk:
        qs = Risk.objects.visible_to(self.request.user).select_related("project", "identified_by")
        return get_object_or_404(qs, pk=self.kwargs["pk"])

    def back_url(self) -> str:
        return self.risk.get_absolute_url()


def _approvals_by_object(model, pks) -> dict:
    """The approval records of several records of ``model`` in one query: {pk: [approvals]}."""
    rows = (Approval.objects.filter(content_type=ContentType.objects.get_for_model(model),
                                    object_id__in=[str(pk) for pk in pks]).select_related("approver")
            .order_by("decided_at", "id") if pks else [])  # fmt: skip
    result = defaultdict(list)
    for approval in rows:
        result[int(approval.object_id)].append(approval)
    return result


class RiskDetailView(_RiskMixin, TemplateView):
    """A risk (7.1–7.2): what it is, its assessments on the matrix (every one kept), its responses with their
    owners, the acceptance approvals and the effectiveness checks; forms for the next step."""

    template_name = "risk/risk_detail.html"

    def get_context_data(self, **kwargs):
        from risk.workflows import RESPONSE_WORKFLOW

        risk, user = self.risk, self.request.user
        is_open = risk.status == RiskStatus.OPEN
        responses = list(
            risk.responses.select_related("owner", "department", "proposed_by")
            .prefetch_related(Prefetch("checks", queryset=EffectivenessCheck.objects.select_related("checked_by")))
            .order_by("-proposed_at", "-id")
        )
        approvals = _approvals_by_object(RiskResponse, [r.pk for r in responses])
        can_check = is_open and user.has_perm("risk.add_effectivenesscheck")
        for response in responses:
            response.risk = risk  # the workflow's conditions read the risk's level
            response.options = RESPONSE_WORKFLOW.options(response, user) if is_open else []
            response.approvals = approvals.get(response.pk, [])
            response.checkable = can_check and response.status in services.CHECKED
        return {
            **super().get_context_data(**kwargs),
            "risk": risk,
            "assessments": risk.assessments.select_related("assessed_by").order_by("-assessed_at", "-id"),
            "responses": responses,
            "assess_form": AssessForm(initial={"stage": AssessmentStage.RESIDUAL if risk.inherent_level
                                               else AssessmentStage.INHERENT})
            if is_open and user.has_perm("risk.add_riskassessment") else None,
            "response_form": ResponseForm() if is_open and risk.assessed_at and user.has_perm("risk.add_riskresponse")
            else None,
            "check_form": CheckForm() if can_check else None,
            "close_form": CloseForm() if is_open and user.has_perm("risk.change_risk") else None,
            "cell": _cell(risk.likelihood, risk.impact) if matrix.on_matrix(risk.likelihood, risk.impact) else None,
            "top_levels": sorted(matrix.TOP_LEVELS),
            "audit_events": object_audit_trail(risk, user=user),
        }  # fmt: skip


def _cell(likelihood: int, impact: int) -> dict:
    return {"likelihood": likelihood, "impact": impact, "level": matrix.level_for(likelihood, impact),
            "label": RiskLevel(matrix.level_for(likelihood, impact)).label}  # fmt: skip


class RiskAssessView(_RiskMixin, InlinePostMixin, View):
    permission_required = "risk.add_riskassessment"
    form_class = AssessForm
    success = _("Assessment recorded.")

    def call(self, data):
        return services.risk_assess(actor=self.request.user, pk=self.risk.pk, **data)


class ResponseProposeView(_RiskMixin, InlinePostMixin, View):
    permission_required = "risk.add_riskresponse"
    form_class = ResponseForm
    success = _("Response recorded.")

    def call(self, data):
        return services.response_propose(actor=self.request.user, pk=self.risk.pk, **data)


class RiskCloseView(_RiskMixin, InlinePostMixin, View):
    permission_required = "risk.change_risk"
    form_class = CloseForm
    success = _("Risk closed.")

    def call(self, data):
        return services.risk_close(actor=self.request.user, pk=self.risk.pk, **data)


class _ResponseMixin(LoginRequiredMixin, PermissionRequiredMixin):
    permission_required = "risk.view_riskresponse"

    @cached_property
    def response(self) -> RiskResponse:
        return get_object_or_404(RiskResponse.objects.visible_to(self.request.user).select_related("risk"),
                                 pk=self.kwargs["pk"])  # fmt: skip

    def back_url(self) -> str:
        return self.response.get_absolute_url()


class ResponseTransitionView(_ResponseMixin, InlinePostMixin, View):
    form_class = ResponseTransitionForm
    success = _("Done.")

    def call(self, data):
        return services.response_transition(actor=self.request.user, pk=self.response.pk, **data)


class CheckRecordView(_ResponseMixin, InlinePostMixin, View):
    permission_required = "risk.add_effectivenesscheck"
    form_class = CheckForm
    success = _("Effectiveness check recorded.")

    def call(self, data):
        return services.check_record(actor=self.request.user, pk=self.response.pk, **data)


# -- heat map and trend ----------------------------------------------------------------------------------------------
def heatmap(risks, *, base_url: str) -> dict:
    """The matrix with the number of open assessed risks in each cell (likelihood rows from the highest down),
    each cell linking to the register filtered on it; and the open risks not assessed yet."""
    counts = {(row["likelihood"], row["impact"]): row["n"] for row in
              risks.filter(status=RiskStatus.OPEN, likelihood__isnull=False).order_by()
              .values("likelihood", "impact").annotate(n=Count("id"))}  # fmt: skip
    n = matrix.size()
    likelihood, impact = dict(matrix.scale(matrix.LIKELIHOOD_LABELS)), dict(matrix.scale(matrix.IMPACT_LABELS))
    rows = []
    for lk in range(n, 0, -1):
        cells = []
        for im in range(1, n + 1):
            count = counts.get((lk, im), 0)
            cells.append({**_cell(lk, im), "count": count,
                          "url": f"{base_url}likelihood={lk}&impact={im}&status=open"})  # fmt: skip
        rows.append({"likelihood": lk, "label": likelihood[lk], "cells": cells})
    unassessed = risks.filter(status=RiskStatus.OPEN, likelihood__isnull=True).count()
    return {"rows": rows, "impacts": [{"impact": i, "label": impact[i]} for i in range(1, n + 1)],
            "total": sum(counts.values()), "unassessed": unassessed}  # fmt: skip


def level_trend(risks, *, months: int = 12, today=None) -> dict:
    """How many risks stood at each level at the end of each of the last ``months`` months, from the assessment
    history (7.1.3): a risk counts from its first assessment until it is closed, at its latest level then."""
    today = today or timezone.localdate()
    ends = _month_ends(today, months)
    closed = dict(risks.filter(closed_at__isnull=False).values_list("pk", "closed_at"))
    history = defaultdict(list)
    rows = (RiskAssessment.objects.filter(risk__in=risks.values("pk")).order_by("assessed_at", "id")
            .values_list("risk_id", "assessed_at", "level"))  # fmt: skip
    for risk_id, at, level in rows:
        history[risk_id].append((timezone.localtime(at).date(), level))
    series = {level.value: [] for level in matrix.LEVEL_ORDER}
    for end in ends:
        tally = Counter()
        for risk_id, entries in history.items():
            gone = closed.get(risk_id)
            if gone is not None and timezone.localtime(gone).date() <= end:
                continue
            current = None
            for day, level in entries:
                if day > end:
                    break
                current = level
            if current:
                tally[current] += 1
        for level in series:
            series[level].append(tally[level])
    return {"labels": [end.strftime("%Y-%m") for end in ends],
            "datasets": [{"level": level.value, "label": str(level.label), "data": series[level.value]}
                         for level in matrix.LEVEL_ORDER]}  # fmt: skip


def _month_ends(today: datetime.date, months: int) -> list[datetime.date]:
    """The last day of each of the ``months`` months up to today's (today for the current one), oldest first."""
    ends = [today]
    first = today.replace(day=1)
    for _i in range(months - 1):
        end = first - datetime.timedelta(days=1)
        ends.append(end)
        first = end.replace(day=1)
    return list(reversed(ends))


class HeatmapView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """The heat map of the open risks in the user's scope, each cell linking to its risks, and the trend of the
    levels month by month (7.1.3)."""

    permission_required = "risk.view_risk"
    template_name = "risk/heatmap.html"

    def get_context_data(self, **kwargs):
        risks = Risk.objects.visible_to(self.request.user)
        trend = level_trend(risks)
        return {**super().get_context_data(**kwargs), "heatmap": heatmap(risks, base_url=reverse("risk:risks") + "?"),
                "trend": trend}  # fmt: skip


# -- a project's risks and its periodic reviews (7.1.2) --------------------------------------------------------------
class ReviewForm(forms.Form):
    notes = forms.CharField(
        label=pgettext_lazy("risk", "Findings"), max_length=8000, widget=forms.Textarea(attrs={"rows": 2})
    )
    every_days = forms.IntegerField(label=_("Next review in (days)"), required=False, min_value=7, max_value=366,
                                    help_text=_("Empty: the project's cadence."))  # fmt: skip


class ProjectRisksView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """A project's risk tab: its heat map, its risks, its live warnings and its periodic risk reviews."""

    permission_required = "risk.view_risk"
    template_name = "risk/project_risks.html"

    def get_context_data(self, **kwargs):
        from projects.models import Project

        user = self.request.user
        project = get_object_or_404(Project.objects.visible_to(user), pk=self.kwargs["pk"])
        risks = Risk.objects.visible_to(user).filter(project=project)
        base = reverse("risk:risks") + f"?project={project.pk}&"
        reviews = list(RiskReview.objects.visible_to(user).filter(project=project).select_related("completed_by")
                       .order_by("-due_on", "-id")[:20])  # fmt: skip
        active = project.stage in services.ACTIVE_STAGES
        due = next((r for r in reviews if r.status == ReviewStatus.DUE and active), None)
        return {
            **super().get_context_data(**kwargs),
            "project": project,
            "risks": _open_first(risks.select_related("identified_by"))[:100],
            "heatmap": heatmap(risks, base_url=base),
            "warnings": RiskWarning.objects.visible_to(user).filter(project=project)
            .exclude(status=WarningStatus.CLOSED).select_related("indicator")
            if user.has_perm("risk.view_riskwarning") else [],
            "reviews": reviews,
            "due_review": due,
            "review_form": ReviewForm(initial={"every_days": due.every_days})
            if due and user.has_perm("risk.change_riskreview") else None,
            "risk_form": RiskForm(user=user, initial={"project": project.pk}, auto_id="risk_%s")
            if user.has_perm("risk.add_risk") else None,
            "today": timezone.localdate(),
        }  # fmt: skip


class ReviewListView(LoginRequiredMixin, PermissionRequiredMixin, ExportMixin, ListView):
    """The periodic risk reviews due in the user's scope, the nearest first (7.1.2)."""

    permission_required = "risk.view_riskreview"
    template_name = "risk/review_list.html"
    context_object_name = "reviews"
    paginate_by = 50

    def get_queryset(self):
        self.status = self.request.GET.get("status", ReviewStatus.DUE)
        if self.status not in ReviewStatus.values:
            self.status = ReviewStatus.DUE
        qs = RiskReview.objects.visible_to(self.request.user).filter(status=self.status)
        if self.status == ReviewStatus.DUE:  # a project that left the active stages is no longer reviewed
            qs = qs.filter(project__stage__in=services.ACTIVE_STAGES)
        qs = qs.select_related("project", "completed_by")
        return qs.order_by("due_on", "id") if self.status == ReviewStatus.DUE else qs.order_by("-completed_at", "-id")

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "status": self.status, "statuses": ReviewStatus.choices,
                "today": timezone.localdate()}  # fmt: skip


class ReviewCompleteView(LoginRequiredMixin, PermissionRequiredMixin, InlinePostMixin, View):
    permission_required = "risk.change_riskreview"
    form_class = ReviewForm
    success = _("Risk review recorded; the next one is planned.")

    @cached_property
    def review(self) -> RiskReview:
        return get_object_or_404(RiskReview.objects.visible_to(self.request.user), pk=self.kwargs["pk"])

    def back_url(self) -> str:
        return reverse("risk:project", args=[self.review.project_id])

    def call(self, data):
        return services.review_complete(actor=self.request.user, pk=self.review.pk, **data)
