"""Intake pages (3.1): contacts, talks, the preliminary evaluation with its risks, the head's decision."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView

from core.mixins import InlinePostMixin, apply_validation_error
from projects import services
from projects.forms import ContactForm, DecisionForm, EvaluationForm, RiskForm, TalkForm
from projects.models import Evaluation, Project
from risk.choices import RiskSource
from risk.models import Risk

__all__ = ["ContactAddView", "DecisionView", "EvaluationView", "RiskAddView", "TalkAddView"]


class ProjectScopedMixin(LoginRequiredMixin, PermissionRequiredMixin):
    """A page about one project: permission first (403), then the project within the user's scope (404)."""

    @cached_property
    def project(self) -> Project:
        return get_object_or_404(Project.objects.visible_to(self.request.user), pk=self.kwargs["pk"])


class _InlineAddView(ProjectScopedMixin, InlinePostMixin, View):
    """POST-only: add one row from a form on the project page; errors come back as messages."""

    anchor = ""

    def back_url(self) -> str:
        """Where the user returns, whatever the outcome: the project page at ``anchor`` by default."""
        return f"{self.project.get_absolute_url()}#{self.anchor}"


class ContactAddView(_InlineAddView):
    permission_required = "projects.add_projectcontact"
    form_class = ContactForm
    anchor = "intake"
    success = gettext_lazy("Contact person added.")

    def call(self, data):
        return services.contact_add(actor=self.request.user, pk=self.project.pk, **data)


class TalkAddView(_InlineAddView):
    permission_required = "projects.add_talk"
    form_class = TalkForm
    anchor = "intake"
    success = gettext_lazy("Talk logged.")

    def call(self, data):
        return services.talk_add(actor=self.request.user, pk=self.project.pk, **data)


class RiskAddView(_InlineAddView):
    permission_required = "risk.add_risk"
    form_class = RiskForm
    anchor = "evaluation"
    success = gettext_lazy("Risk recorded in the risk register.")

    def back_url(self) -> str:
        return reverse("projects:evaluation", args=[self.project.pk])

    def call(self, data):
        return services.intake_risk_add(actor=self.request.user, pk=self.project.pk, **data)


class DecisionView(_InlineAddView):
    permission_required = "projects.decide_intake"
    form_class = DecisionForm
    anchor = "intake"
    success = gettext_lazy("Decision recorded.")

    def call(self, data):
        return services.evaluation_decide(actor=self.request.user, pk=self.project.pk, **data)


class EvaluationView(ProjectScopedMixin, FormView):
    """The preliminary evaluation (3.1.2): feasibility, reasoning, estimates and the potential risks."""

    permission_required = "projects.view_evaluation"
    template_name = "projects/evaluation.html"
    form_class = EvaluationForm

    @cached_property
    def evaluation(self):
        return Evaluation.objects.filter(project=self.project).select_related("evaluated_by", "decided_by").first()

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.evaluation}

    def get_context_data(self, **kwargs):
        user = self.request.user
        editable = (
            self.project.stage == "intake"
            and (self.evaluation is None or self.evaluation.decision == "pending")
            and user.has_perm("projects.change_evaluation" if self.evaluation else "projects.add_evaluation")
        )
        return {
            **super().get_context_data(**kwargs),
            "project": self.project,
            "evaluation": self.evaluation,
            "editable": editable,
            "risks": Risk.objects.visible_to(user).filter(project=self.project, source=RiskSource.INTAKE_EVALUATION)
            .select_related("identified_by"),
            "risk_form": RiskForm(),
            "can_add_risk": user.has_perm("risk.add_risk") and self.project.stage == "intake",
            "decision_form": DecisionForm(),
            "can_decide": user.has_perm("projects.decide_intake") and self.evaluation is not None
            and self.evaluation.decision == "pending" and self.project.stage == "intake",
        }  # fmt: skip

    def form_valid(self, form):
        try:
            services.evaluation_save(actor=self.request.user, pk=self.project.pk, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Preliminary evaluation saved."))
        return redirect("projects:evaluation", pk=self.project.pk)
