"""Intake (3.1): the lead's contacts and log of talks, the preliminary evaluation and the head's decision."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.audit import AuditedModel
from projects.choices import Feasibility, IntakeDecision
from projects.models.project import ProjectRecordQuerySet


class ProjectContact(AuditedModel):
    """A contact person at the (prospective) client for this project (3.1.1)."""

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=120)
    position = models.CharField(_("position"), max_length=120, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    objects = ProjectRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact people")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.position})" if self.position else self.name


class Talk(AuditedModel):
    """One talk with the prospective client (3.1.1): when, who took part, what was said, what comes next."""

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="talks")
    date = models.DateField(_("date"), default=timezone.localdate)
    participants = models.CharField(_("participants"), max_length=300)
    summary = models.TextField(_("summary"))
    next_step = models.CharField(_("next step"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = ProjectRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("talk")
        verbose_name_plural = _("talks")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.date}: {self.summary[:60]}"


class Evaluation(AuditedModel):
    """The preliminary evaluation of a lead (3.1.2) and the department head's decision on it.

    Its potential risks are ``risk.Risk`` rows with source ``intake_evaluation``: the risk register owns them.
    """

    project = models.OneToOneField("projects.Project", on_delete=models.CASCADE, related_name="evaluation")
    feasibility = models.CharField(_("feasibility conclusion"), max_length=20, choices=Feasibility.choices)
    reasoning = models.TextField(_("reasoning"))
    estimated_resources = models.TextField(_("estimated resources"), blank=True)
    estimated_fee = models.DecimalField(
        _("estimated annual fee"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    evaluated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("evaluated by"), on_delete=models.PROTECT, related_name="+"
    )
    evaluated_at = models.DateTimeField(_("evaluated at"), auto_now=True)
    decision = models.CharField(
        _("decision"), max_length=20, choices=IntakeDecision.choices, default=IntakeDecision.PENDING
    )
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    objects = ProjectRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("preliminary evaluation")
        verbose_name_plural = _("preliminary evaluations")
        ordering = ["-evaluated_at", "-id"]

    def __str__(self) -> str:
        return f"{self.project.code}: {self.get_feasibility_display()}"
