"""The KPI system (2.2.4, 4.2): definitions owned by the quality group, per-project target overrides, the values
computed per project and period, and the alerts a breach raises."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.audit import AuditedModel
from core.scoping import ScopedQuerySet
from projects.choices import AlertStatus, Comparator, KpiMetric, KpiPeriod
from projects.models.project import ProjectRecordQuerySet


class KpiDefinitionQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """The KPI system is the department's standard: every staff member reads it."""
        if not getattr(user, "is_authenticated", False) or user.client_organisation_id:
            return self.none()
        return self.all()


class KpiDefinition(AuditedModel):
    """A KPI: a named formula over the service records (``metric``), a target and a comparator, per period."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    metric = models.CharField(_("formula"), max_length=30, choices=KpiMetric.choices)
    comparator = models.CharField(_("comparator"), max_length=3, choices=Comparator.choices)
    target = models.DecimalField(_("target"), max_digits=8, decimal_places=2)
    period = models.CharField(_("period"), max_length=10, choices=KpiPeriod.choices, default=KpiPeriod.MONTH)
    clause = models.CharField(_("policy clause"), max_length=10, default="4.2.3")
    active = models.BooleanField(_("in use"), default=True)

    objects = KpiDefinitionQuerySet.as_manager()

    class Meta:
        verbose_name = _("KPI")
        verbose_name_plural = _("KPIs")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def meets(self, value: Decimal | None, target: Decimal | None = None) -> bool | None:
        """Whether ``value`` meets the target (None: nothing to measure in the period)."""
        if value is None:
            return None
        target = self.target if target is None else target
        return value >= target if self.comparator == Comparator.AT_LEAST else value <= target


class KpiTarget(AuditedModel):
    """A project's own target for a KPI, overriding the department's (from its contract, 4.2)."""

    definition = models.ForeignKey(KpiDefinition, on_delete=models.CASCADE, related_name="overrides")
    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="kpi_targets")
    target = models.DecimalField(_("target"), max_digits=8, decimal_places=2)
    reason = models.CharField(_("reason"), max_length=300, help_text=_("e.g. the contract's clause"))

    objects = ProjectRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("project KPI target")
        verbose_name_plural = _("project KPI targets")
        constraints = [models.UniqueConstraint(fields=["definition", "project"], name="kpi_target_unique")]

    def __str__(self) -> str:
        return f"{self.project.code} · {self.definition.code} {self.target}"


class KpiValue(models.Model):
    """A KPI's value for one project and period (numerator ÷ denominator), as the sweep computed it."""

    definition = models.ForeignKey(KpiDefinition, on_delete=models.CASCADE, related_name="values")
    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="kpi_values")
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    numerator = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    denominator = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    value = models.DecimalField(_("value"), max_digits=8, decimal_places=2, null=True, blank=True)
    target = models.DecimalField(_("target"), max_digits=8, decimal_places=2)
    met = models.BooleanField(_("met"), null=True)
    computed_at = models.DateTimeField(_("computed at"))

    objects = ProjectRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("KPI value")
        verbose_name_plural = _("KPI values")
        ordering = ["definition_id", "-period_start"]
        constraints = [
            models.UniqueConstraint(fields=["definition", "project", "period_start"], name="kpi_value_unique")
        ]
        indexes = [models.Index(fields=["project", "period_start"], name="kpi_value_project_idx")]

    def __str__(self) -> str:
        return f"{self.project_id} · {self.definition_id} · {self.period_start}: {self.value}"


class KpiAlert(AuditedModel):
    """A KPI breach (4.2.3): open until the KPI recovers. One open alert per KPI and project at most (a database
    constraint), so the sweep running twice raises nothing twice. Its rectification notice follows it up (3.4.2)."""

    definition = models.ForeignKey(KpiDefinition, verbose_name=_("KPI"), on_delete=models.PROTECT,
                                   related_name="alerts")  # fmt: skip
    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="kpi_alerts")
    period_start = models.DateField(_("period from"))
    value = models.DecimalField(_("value"), max_digits=8, decimal_places=2)
    target = models.DecimalField(_("target"), max_digits=8, decimal_places=2)
    status = models.CharField(_("status"), max_length=10, choices=AlertStatus.choices, default=AlertStatus.OPEN)
    opened_at = models.DateTimeField(_("raised at"))
    closed_at = models.DateTimeField(_("recovered at"), null=True, blank=True)
    rectification = models.OneToOneField(
        "projects.RectificationNotice", verbose_name=_("rectification notice"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="kpi_alert",
    )  # fmt: skip

    objects = ProjectRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("KPI alert")
        verbose_name_plural = _("KPI alerts")
        ordering = ["-opened_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["definition", "project"], condition=models.Q(status="open"), name="kpi_alert_one_open"
            )
        ]

    def __str__(self) -> str:
        return f"{self.project.code} · {self.definition}: {self.value}"

    def get_absolute_url(self) -> str:
        return reverse("projects:kpis", args=[self.project_id]) + f"#alert-{self.pk}"
