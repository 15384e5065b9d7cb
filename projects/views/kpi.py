"""KPI pages (2.2.4, 4.2): the department's KPI system and which projects miss which KPI; a project's KPIs with
their trend, alerts and the project's own targets."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView

from core.mixins import apply_validation_error
from projects.choices import AlertStatus
from projects.forms import KpiDefinitionForm, KpiTargetForm
from projects.models import KpiAlert, KpiDefinition, KpiTarget, KpiValue, Project
from projects.services import kpi as kpi_services
from projects.services.supervision import BEFORE_OPERATION
from projects.views.intake import ProjectScopedMixin, _InlineAddView

__all__ = ["KpiDashboardView", "KpiDefinitionCreateView", "KpiDefinitionEditView", "KpiTargetView", "ProjectKpiView"]

TREND_PERIODS = 12


class KpiDashboardView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """The department's KPI system and, for each KPI, the projects that miss it now (open alerts)."""

    permission_required = "projects.view_kpidefinition"
    template_name = "projects/kpi_dashboard.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        definitions = list(
            KpiDefinition.objects.visible_to(user)
            .annotate(open_alerts=Count("alerts", filter=Q(alerts__status=AlertStatus.OPEN)))
            .order_by("code")
        )
        alerts = (
            KpiAlert.objects.visible_to(user)
            .filter(status=AlertStatus.OPEN)
            .select_related("project", "definition", "rectification")
            .order_by("project__code", "definition__code")[:200]
        )
        missing: dict[int, dict] = {}
        for alert in alerts:
            row = missing.setdefault(alert.project_id, {"project": alert.project, "alerts": {}})
            row["alerts"][alert.definition_id] = alert
        rows = [
            {"project": r["project"], "cells": [r["alerts"].get(d.pk) for d in definitions]} for r in missing.values()
        ]
        return {
            **super().get_context_data(**kwargs),
            "definitions": definitions,
            "rows": rows,
            "can_edit": user.has_perm("projects.change_kpidefinition"),
            "can_add": user.has_perm("projects.add_kpidefinition"),
        }


class _DefinitionFormView(LoginRequiredMixin, PermissionRequiredMixin, FormView):
    template_name = "projects/kpi_definition_form.html"
    form_class = KpiDefinitionForm
    definition = None

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "definition": self.definition}

    def form_valid(self, form):
        try:
            kpi_services.kpi_definition_save(
                actor=self.request.user, pk=getattr(self.definition, "pk", None), **form.cleaned_data
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("KPI saved; the next sweep uses it."))
        return redirect("projects:kpi-dashboard")


class KpiDefinitionCreateView(_DefinitionFormView):
    permission_required = "projects.add_kpidefinition"


class KpiDefinitionEditView(_DefinitionFormView):
    permission_required = "projects.change_kpidefinition"

    @cached_property
    def definition(self):
        return get_object_or_404(KpiDefinition.objects.visible_to(self.request.user), pk=self.kwargs["kpi_pk"])

    def get_initial(self):
        d = self.definition
        return {
            name: getattr(d, name)
            for name in ("code", "name", "metric", "comparator", "target", "period", "clause", "active")
        }


class ProjectKpiView(ProjectScopedMixin, TemplateView):
    """A project's KPIs: the current value of each against its target, the trend over the last periods (chart), the
    alerts with their rectification notices, and the project's own targets."""

    permission_required = "projects.view_kpivalue"
    template_name = "projects/project_kpis.html"

    def get_context_data(self, **kwargs):
        user, project = self.request.user, self.project
        definitions = list(KpiDefinition.objects.visible_to(user).filter(active=True).order_by("code"))
        values = list(
            KpiValue.objects.visible_to(user).filter(project=project).order_by("definition_id", "-period_start")
        )
        by_definition: dict[int, list] = {}
        for v in values:
            by_definition.setdefault(v.definition_id, []).append(v)
        rows, series = [], []
        for d in definitions:
            history = by_definition.get(d.pk, [])[:TREND_PERIODS]
            rows.append({"definition": d, "current": history[0] if history else None})
            series.append(
                {
                    "label": d.name,
                    "points": [
                        {"x": v.period_start.isoformat(), "y": float(v.value) if v.value is not None else None}
                        for v in reversed(history)
                    ],
                }
            )
        return {
            **super().get_context_data(**kwargs),
            "project": project,
            "rows": rows,
            "trend_json": json.dumps(series),
            "alerts": KpiAlert.objects.visible_to(user)
            .filter(project=project)
            .select_related("definition", "rectification")[:50],
            "targets": KpiTarget.objects.visible_to(user).filter(project=project).select_related("definition"),
            "target_form": KpiTargetForm() if user.has_perm("projects.add_kpitarget") else None,
        }


class KpiTargetView(_InlineAddView):
    permission_required = "projects.add_kpitarget"
    form_class = KpiTargetForm
    success = gettext_lazy("The project's target is saved; the next sweep uses it.")

    def back_url(self) -> str:
        return reverse("projects:kpis", args=[self.project.pk])

    def call(self, data):
        return kpi_services.kpi_target_set(actor=self.request.user, pk=self.project.pk, **data)


def project_kpi_summary(project: Project, user) -> dict:
    """For the project page: how many KPIs are met and the open alerts."""
    if user.client_organisation_id or not user.has_perm("projects.view_kpivalue"):
        return {"show_kpis": False}
    if project.stage in BEFORE_OPERATION:
        return {"show_kpis": True, "kpi_alerts": []}  # KPIs are measured once a project operates (4.2.3)
    alerts = list(
        KpiAlert.objects.visible_to(user).filter(project=project, status=AlertStatus.OPEN).select_related("definition")
    )
    return {"show_kpis": True, "kpi_alerts": alerts}
