"""The risk register (policy ch. 7). Its first entries come from the intake's preliminary evaluation (3.1.2);
assessment, responses, indicators and warnings arrive with the risk issue."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.audit import AuditedModel
from core.roles import DEPARTMENT_WIDE_ROLES, Role, roles_of
from core.scoping import ScopedQuerySet
from risk.choices import IndicatorDirection, RiskCategory, RiskLevel, RiskSource, WarningLevel, WarningStatus


class RiskQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """Risks are internal: never a client's. Department-wide roles see all; others their projects' risks."""
        from projects.models import Project

        if not getattr(user, "is_authenticated", False) or user.client_organisation_id:
            return self.none()
        if user.is_superuser or roles_of(user) & DEPARTMENT_WIDE_ROLES:
            return self.all()
        if not user.has_perm("risk.view_risk"):
            return self.none()
        return self.filter(project__in=Project.objects.visible_to(user).values("pk"))


class Risk(AuditedModel):
    """A risk of a project (or of the organisation): category, description, rough level, who identified it and
    when (7.1.2). The intake evaluation's potential risks (3.1.2) are the project's first entries."""

    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="risks",
    )
    category = models.CharField(_("category"), max_length=20, choices=RiskCategory.choices)
    description = models.TextField(_("description"))
    cause = models.TextField(_("cause"), blank=True)
    consequence = models.TextField(_("consequence"), blank=True)
    level = models.CharField(_("rough level"), max_length=20, choices=RiskLevel.choices, default=RiskLevel.MEDIUM)
    source = models.CharField(_("source"), max_length=30, choices=RiskSource.choices, default=RiskSource.OTHER)
    identified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("identified by"), on_delete=models.PROTECT, related_name="+"
    )
    identified_at = models.DateTimeField(_("identified at"), default=timezone.now)

    objects = RiskQuerySet.as_manager()

    class Meta:
        verbose_name = _("risk")
        verbose_name_plural = _("risks")
        ordering = ["-identified_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_category_display()}: {self.description[:60]}"


class IndicatorQuerySet(ScopedQuerySet):
    # the path from a record to its indicator ("" for the indicator itself)
    indicator_path = ""

    def visible_to(self, user):
        """Indicators and their warnings are internal, for the department-wide roles; the financial ones (6.x) for
        finance, the head and the executive, and for an auditor only on the projects its engagements cover."""
        from finance.models.budget import audited_projects

        if not getattr(user, "is_authenticated", False) or user.client_organisation_id:
            return self.none()
        roles = roles_of(user)
        if user.is_superuser or roles & {Role.HEAD, Role.EXECUTIVE}:
            return self.all()
        if not roles & DEPARTMENT_WIDE_ROLES:
            return self.none()
        clause = f"{self.indicator_path}clause__startswith" if self.indicator_path else "clause__startswith"
        financial = models.Q(**{clause: "6."})
        if Role.FINANCE in roles:
            return self.all()
        if Role.AUDITOR in roles and hasattr(self.model, "project"):
            projects = audited_projects(user)
            covered = models.Q() if projects is None else models.Q(project__in=projects)
            return self.filter(~financial | (financial & covered))
        return self.exclude(financial)


class _ByIndicatorQuerySet(IndicatorQuerySet):
    indicator_path = "indicator__"


class Indicator(AuditedModel):
    """A key risk indicator (7.3.1): its value comes from the system (``metric``) or from manual readings; a warning
    is raised when it reaches the warning or the critical threshold in its direction (7.3.2)."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    metric = models.CharField(_("system source"), max_length=60, blank=True,
                              help_text=_("Empty: the value is read manually."))  # fmt: skip
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    direction = models.CharField(_("direction"), max_length=10, choices=IndicatorDirection.choices,
                                 default=IndicatorDirection.ABOVE)  # fmt: skip
    warning_threshold = models.DecimalField(_("warning threshold"), max_digits=16, decimal_places=2)
    critical_threshold = models.DecimalField(_("critical threshold"), max_digits=16, decimal_places=2)
    clause = models.CharField(_("policy clause"), max_length=10, default="7.3.2")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("owner"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")  # fmt: skip
    active = models.BooleanField(_("in use"), default=True)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        verbose_name = _("risk indicator")
        verbose_name_plural = _("risk indicators")
        ordering = ["code"]

    def __str__(self) -> str:
        from django.utils.translation import get_language

        return self.name_zh if (get_language() or "").startswith("zh") and self.name_zh else self.name

    def level_of(self, value):
        """The warning level ``value`` reaches, or None."""
        worse = (lambda v, t: v >= t) if self.direction == IndicatorDirection.ABOVE else (lambda v, t: v <= t)
        if worse(value, self.critical_threshold):
            return WarningLevel.CRITICAL
        if worse(value, self.warning_threshold):
            return WarningLevel.WARNING
        return None


class IndicatorReading(models.Model):
    """The value of an indicator for a project (or the organisation) on a day; one per day, the last evaluation
    of the day wins."""

    indicator = models.ForeignKey(Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE,
                                  related_name="readings")  # fmt: skip
    project = models.ForeignKey("projects.Project", verbose_name=_("project"), null=True, blank=True,
                                on_delete=models.CASCADE, related_name="+")  # fmt: skip
    day = models.DateField(_("day"))
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=2)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)

    objects = _ByIndicatorQuerySet.as_manager()

    class Meta:
        verbose_name = _("indicator reading")
        verbose_name_plural = _("indicator readings")
        ordering = ["-day", "indicator"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "project", "day"], name="one_reading_per_day"),
            models.UniqueConstraint(fields=["indicator", "day"], condition=models.Q(project__isnull=True),
                                    name="one_org_reading_per_day"),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.day}: {self.value}"


class RiskWarning(AuditedModel):
    """A warning raised when an indicator reached a threshold (7.3.2). One breach gives one warning: while it is
    open or handled, no second one is raised for the same indicator and project. It stays open until handled (the
    analysis and the action taken, 7.3.3) and closes once the value is back within the threshold."""

    indicator = models.ForeignKey(Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT,
                                  related_name="warnings")  # fmt: skip
    project = models.ForeignKey("projects.Project", verbose_name=_("project"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="risk_warnings")  # fmt: skip
    level = models.CharField(_("level"), max_length=10, choices=WarningLevel.choices)
    status = models.CharField(_("status"), max_length=10, choices=WarningStatus.choices, default=WarningStatus.OPEN,
                              db_index=True)  # fmt: skip
    value = models.DecimalField(_("value when raised"), max_digits=16, decimal_places=2)
    latest_value = models.DecimalField(_("latest value"), max_digits=16, decimal_places=2)
    raised_at = models.DateTimeField(_("raised at"), default=timezone.now)
    analysis = models.TextField(_("analysis"), blank=True)
    action_taken = models.TextField(_("action taken"), blank=True)
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("handled by"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")  # fmt: skip
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    escalated_at = models.DateTimeField(
        _("escalated at"), null=True, blank=True, help_text=_("When it was escalated for being left unhandled (7.3.2).")
    )

    objects = _ByIndicatorQuerySet.as_manager()

    class Meta:
        verbose_name = _("risk warning")
        verbose_name_plural = _("risk warnings")
        ordering = ["-raised_at", "-id"]
        permissions = [("handle_riskwarning", _("Record the handling of a risk warning"))]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "project"], condition=~models.Q(status="closed"),
                                    name="one_live_warning_per_indicator_project"),
            models.UniqueConstraint(fields=["indicator"], condition=~models.Q(status="closed")
                                    & models.Q(project__isnull=True), name="one_live_org_warning_per_indicator"),
        ]  # fmt: skip

    def __str__(self) -> str:
        subject = self.project.code if self.project_id else "—"
        return f"{self.indicator} · {subject} · {self.get_level_display()}"
