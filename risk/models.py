"""The risk register (policy ch. 7). Its first entries come from the intake's preliminary evaluation (3.1.2);
assessment, responses, indicators and warnings arrive with the risk issue."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.audit import AuditedModel
from core.roles import DEPARTMENT_WIDE_ROLES, Role, roles_of
from core.scoping import ScopedQuerySet
from risk.choices import (
    AssessmentStage,
    CheckResult,
    IndicatorDirection,
    ResponseStatus,
    ResponseStrategy,
    ReviewStatus,
    RiskCategory,
    RiskLevel,
    RiskSource,
    RiskStatus,
    WarningLevel,
    WarningStatus,
)


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
    level = models.CharField(
        pgettext_lazy("risk", "level"),
        max_length=20,
        choices=RiskLevel.choices,
        default=RiskLevel.MEDIUM,
        db_index=True,
        help_text=_("A rough level until assessed; then the latest assessment's."),
    )
    source = models.CharField(_("source"), max_length=30, choices=RiskSource.choices, default=RiskSource.OTHER)
    identified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("identified by"), on_delete=models.PROTECT, related_name="+"
    )
    identified_at = models.DateTimeField(_("identified at"), default=timezone.now)
    status = models.CharField(_("status"), max_length=10, choices=RiskStatus.choices, default=RiskStatus.OPEN,
                              db_index=True)  # fmt: skip
    # the latest assessment, kept here for the register and the heat map (7.1.3); the history is RiskAssessment
    likelihood = models.PositiveSmallIntegerField(_("likelihood"), null=True, blank=True)
    impact = models.PositiveSmallIntegerField(_("impact"), null=True, blank=True)
    inherent_level = models.CharField(_("inherent level"), max_length=20, choices=RiskLevel.choices, blank=True)
    residual_level = models.CharField(_("residual level"), max_length=20, choices=RiskLevel.choices, blank=True)
    assessed_at = models.DateTimeField(_("assessed at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    close_reason = models.TextField(_("reason for closing"), blank=True)

    objects = RiskQuerySet.as_manager()

    class Meta:
        verbose_name = _("risk")
        verbose_name_plural = _("risks")
        ordering = ["-identified_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_category_display()}: {self.description[:60]}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("risk:risk", args=[self.pk])


class _ByRiskQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """As the risk they belong to: never a client's."""
        return self.filter(risk__in=Risk.objects.visible_to(user).values("pk"))


class RiskAssessment(AuditedModel):
    """One assessment of a risk (7.1.3): qualitative (likelihood × impact on the matrix, a rationale) and
    quantitative (probability, expected loss) together; before the responses (inherent) or with them (residual).
    Never changed: a re-assessment is a new row, so the history is kept."""

    risk = models.ForeignKey(Risk, verbose_name=_("risk"), on_delete=models.CASCADE, related_name="assessments")
    stage = models.CharField(_("stage"), max_length=10, choices=AssessmentStage.choices)
    likelihood = models.PositiveSmallIntegerField(_("likelihood"))
    impact = models.PositiveSmallIntegerField(_("impact"))
    level = models.CharField(pgettext_lazy("risk", "level"), max_length=20, choices=RiskLevel.choices)
    rationale = models.TextField(_("rationale"))
    probability = models.DecimalField(_("probability (%)"), max_digits=5, decimal_places=2)
    expected_loss = models.DecimalField(_("expected loss (CNY)"), max_digits=16, decimal_places=2)
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("assessed by"),
                                    on_delete=models.PROTECT, related_name="+")  # fmt: skip
    assessed_at = models.DateTimeField(_("assessed at"), default=timezone.now, db_index=True)

    objects = _ByRiskQuerySet.as_manager()

    class Meta:
        verbose_name = _("risk assessment")
        verbose_name_plural = _("risk assessments")
        ordering = ["-assessed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.risk_id} {self.get_stage_display()} {self.likelihood}×{self.impact} {self.level}"


class RiskResponse(AuditedModel):
    """A response to a risk (7.2.1–7.2.2): avoid, reduce, transfer or accept, with concrete measures, the
    responsible department and person and a due date. Accepting needs the department head's approval (the
    executive's for the two highest levels) and lapses at its expiry; the level rising voids it (7.2.1). The
    measures are checked periodically (7.2.3)."""

    risk = models.ForeignKey(Risk, verbose_name=_("risk"), on_delete=models.CASCADE, related_name="responses")
    strategy = models.CharField(pgettext_lazy("risk", "response"), max_length=10, choices=ResponseStrategy.choices)
    measures = models.TextField(pgettext_lazy("risk", "measures"))
    department = models.ForeignKey("core.Department", verbose_name=_("responsible department"),
                                   on_delete=models.PROTECT, related_name="+")  # fmt: skip
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("responsible person"),
                              on_delete=models.PROTECT, related_name="risk_responses")  # fmt: skip
    due_on = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=20, choices=ResponseStatus.choices, db_index=True)
    expires_on = models.DateField(_("acceptance expires on"), null=True, blank=True)
    level_at_request = models.CharField(_("level when requested"), max_length=20, choices=RiskLevel.choices)
    check_every_days = models.PositiveSmallIntegerField(_("check the measures every (days)"), default=30)
    next_check_on = models.DateField(_("next effectiveness check"), null=True, blank=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("proposed by"),
                                    on_delete=models.PROTECT, related_name="+")  # fmt: skip
    proposed_at = models.DateTimeField(_("proposed at"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    ended_reason = models.TextField(_("why it ended"), blank=True)

    objects = _ByRiskQuerySet.as_manager()

    class Meta:
        verbose_name = _("risk response")
        verbose_name_plural = _("risk responses")
        ordering = ["-proposed_at", "-id"]
        permissions = [
            ("approve_acceptance", _("Approve accepting a risk (department head)")),
            ("approve_acceptance_high", _("Approve accepting a risk of the two highest levels (executive)")),
        ]

    def __str__(self) -> str:
        return f"{self.get_strategy_display()}: {self.measures[:60]}"

    def get_absolute_url(self) -> str:
        return f"{self.risk.get_absolute_url()}#response-{self.pk}"


class _ByResponseQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """As the response's risk: never a client's."""
        return self.filter(response__risk__in=Risk.objects.visible_to(user).values("pk"))


class EffectivenessCheck(AuditedModel):
    """A periodic check of whether a response's measures work (7.2.3)."""

    response = models.ForeignKey(RiskResponse, verbose_name=_("response"), on_delete=models.CASCADE,
                                 related_name="checks")  # fmt: skip
    checked_on = models.DateField(_("checked on"))
    result = models.CharField(_("result"), max_length=12, choices=CheckResult.choices)
    notes = models.TextField(pgettext_lazy("risk", "findings"))
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=pgettext_lazy("risk", "checked by"),
                                   on_delete=models.PROTECT, related_name="+")  # fmt: skip

    objects = _ByResponseQuerySet.as_manager()

    class Meta:
        verbose_name = _("effectiveness check")
        verbose_name_plural = _("effectiveness checks")
        ordering = ["-checked_on", "-id"]

    def __str__(self) -> str:
        return f"{self.response_id} {self.checked_on}: {self.result}"


class RiskReview(AuditedModel):
    """A project's periodic risk identification (7.1.2): due every ``every_days`` (the project's cadence), planned
    and reminded by a daily job; completing it plans the next."""

    project = models.ForeignKey("projects.Project", verbose_name=_("project"), on_delete=models.CASCADE,
                                related_name="risk_reviews")  # fmt: skip
    due_on = models.DateField(pgettext_lazy("risk review", "due on"), db_index=True)
    every_days = models.PositiveSmallIntegerField(_("cadence (days)"))
    status = models.CharField(_("status"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.DUE)
    completed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("completed by"), null=True,
                                     blank=True, on_delete=models.PROTECT, related_name="+")  # fmt: skip
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    notes = models.TextField(pgettext_lazy("risk", "findings"), blank=True)

    objects = RiskQuerySet.as_manager()  # a project's reviews are seen as its risks

    class Meta:
        verbose_name = _("risk review")
        verbose_name_plural = _("risk reviews")
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["project"], condition=models.Q(status="due"),
                                    name="one_due_risk_review_per_project"),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.project_id} {self.due_on} {self.status}"


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
