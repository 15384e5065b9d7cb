"""Appraisal (5.2): cycles with their period and method; indicators in the three dimensions (results, attitude,
teamwork) whose weights sum to 100; self and manager scoring to a final score and grade; the decisions on pay,
promotion and rewards linked to it (5.2.2) and the incentives (5.2.3), each approved."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.audit import AuditedModel
from core.scoping import ScopedQuerySet, is_staff_user
from staff.choices import AppraisalStatus, CycleStatus, DecisionKind, DecisionStatus, Dimension, Grade
from staff.models.employee import ByEmployeeQuerySet, sees_all_staff


class CycleQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """The cycles and their indicators are known to all staff (5.2.1)."""
        return self.all() if is_staff_user(user) else self.none()


class AppraisalCycle(AuditedModel):
    name = models.CharField(_("name"), max_length=120)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    method = models.TextField(_("method"), help_text=_("How the indicators are measured and who scores."))
    status = models.CharField(_("status"), max_length=10, choices=CycleStatus.choices, default=CycleStatus.DRAFT,
                              db_index=True)  # fmt: skip
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = CycleQuerySet.as_manager()

    class Meta:
        verbose_name = _("appraisal cycle")
        verbose_name_plural = _("appraisal cycles")
        ordering = ["-period_start", "-id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("staff:cycle", args=[self.pk])

    def weight_total(self) -> Decimal:
        return sum((i.weight for i in self.indicators.all()), Decimal(0))


class AppraisalIndicator(AuditedModel):
    cycle = models.ForeignKey(AppraisalCycle, verbose_name=_("cycle"), on_delete=models.CASCADE,
                              related_name="indicators")  # fmt: skip
    dimension = models.CharField(_("dimension"), max_length=10, choices=Dimension.choices)
    name = models.CharField(_("indicator"), max_length=200)
    weight = models.DecimalField(_("weight (%)"), max_digits=5, decimal_places=2)

    objects = CycleQuerySet.as_manager()

    class Meta:
        verbose_name = _("appraisal indicator")
        verbose_name_plural = _("appraisal indicators")
        ordering = ["cycle", "dimension", "id"]

    def __str__(self) -> str:
        return f"{self.get_dimension_display()}: {self.name} ({self.weight} %)"


class Appraisal(AuditedModel):
    """One employee's appraisal in a cycle: self scores, then the manager's, a final weighted score and grade."""

    cycle = models.ForeignKey(AppraisalCycle, verbose_name=_("cycle"), on_delete=models.PROTECT,
                              related_name="appraisals")  # fmt: skip
    employee = models.ForeignKey("staff.Employee", verbose_name=_("employee"), on_delete=models.PROTECT,
                                 related_name="appraisals")  # fmt: skip
    status = models.CharField(_("status"), max_length=10, choices=AppraisalStatus.choices,
                              default=AppraisalStatus.SELF)  # fmt: skip
    self_scores = models.JSONField(_("self scores"), default=dict, blank=True)
    manager_scores = models.JSONField(_("manager's scores"), default=dict, blank=True)
    self_comment = models.TextField(_("self-assessment"), blank=True)
    manager_comment = models.TextField(_("manager's comment"), blank=True)
    scored_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("scored by"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")  # fmt: skip
    final_score = models.DecimalField(_("final score"), max_digits=5, decimal_places=2, null=True, blank=True)
    grade = models.CharField(_("grade"), max_length=1, choices=Grade.choices, blank=True)
    finalised_at = models.DateTimeField(_("finalised at"), null=True, blank=True)

    objects = ByEmployeeQuerySet.as_manager()

    class Meta:
        verbose_name = _("appraisal")
        verbose_name_plural = _("appraisals")
        ordering = ["cycle", "employee"]
        constraints = [models.UniqueConstraint(fields=["cycle", "employee"], name="one_appraisal_per_cycle")]

    def __str__(self) -> str:
        return f"{self.cycle} · {self.employee}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("staff:appraisal", args=[self.pk])


class OwnDecisionQuerySet(ByEmployeeQuerySet):
    def visible_to(self, user):
        """Pay, promotion and rewards: the employee's own and the staff-wide roles', not the manager's."""
        if not getattr(user, "is_authenticated", False) or user.client_organisation_id:
            return self.none()
        return self.all() if sees_all_staff(user) else self.filter(employee__user=user)


class StaffDecision(AuditedModel):
    """A decision on pay, promotion or a reward linked to an appraisal (5.2.2), or an incentive — bonus, honorary
    title, promotion (5.2.3) — each approved before it takes effect."""

    employee = models.ForeignKey("staff.Employee", verbose_name=_("employee"), on_delete=models.PROTECT,
                                 related_name="decisions")  # fmt: skip
    appraisal = models.ForeignKey(Appraisal, verbose_name=_("appraisal"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="decisions")  # fmt: skip
    kind = models.CharField(_("kind"), max_length=12, choices=DecisionKind.choices)
    description = models.TextField(_("description"))
    amount = models.DecimalField(_("amount (CNY)"), max_digits=12, decimal_places=2, null=True, blank=True)
    new_position = models.CharField(_("new position"), max_length=120, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=DecisionStatus.choices,
                              default=DecisionStatus.PROPOSED, db_index=True)  # fmt: skip
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("proposed by"),
                                    on_delete=models.PROTECT, related_name="+")  # fmt: skip
    proposed_at = models.DateTimeField(_("proposed at"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    objects = OwnDecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("staff decision")
        verbose_name_plural = _("staff decisions")
        ordering = ["-proposed_at", "-id"]
        permissions = [("approve_staffdecision", _("Approve decisions on pay, promotion and rewards"))]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.description[:60]}"

    def get_absolute_url(self) -> str:
        return f"{self.employee.get_absolute_url()}#decision-{self.pk}"
