"""Audits (6.4.1, 6.4.3): audit engagements with their period, scope and auditors (whose view of the financial
records is limited to what an engagement in force covers), and the findings with their responses."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.audit import AuditedModel
from finance.models.budget import FinanceQuerySet


class EngagementKind(models.TextChoices):
    INTERNAL = "internal", _("Internal audit")
    EXTERNAL = "external", _("External audit")


class FindingStatus(models.TextChoices):
    OPEN = "open", _("Open")
    RESPONDED = "responded", _("Responded")
    CLOSED = "closed", pgettext_lazy("audit finding", "Closed")


class Severity(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class EngagementQuerySet(FinanceQuerySet):
    def audited_by(self, user):
        return self.filter(auditors=user, expires_on__gte=timezone.localdate())

    def in_force(self, day=None):
        return self.filter(expires_on__gte=day or timezone.localdate())


class AuditEngagement(AuditedModel):
    """A financial audit (6.4.1) or an external auditor's engagement (6.4.3): the period and projects it covers and
    the auditor logins, until when they may read."""

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=EngagementKind.choices, default=EngagementKind.INTERNAL)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    all_projects = models.BooleanField(_("all projects and the department"), default=False)
    projects = models.ManyToManyField("projects.Project", verbose_name=_("projects"), blank=True,
                                      related_name="audit_engagements")  # fmt: skip
    auditors = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("auditors"), blank=True,
                                      related_name="audit_engagements")  # fmt: skip
    expires_on = models.DateField(_("access until"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = EngagementQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit engagement")
        verbose_name_plural = _("audit engagements")
        ordering = ["-period_end", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("finance:audit", args=[self.pk])

    def clean(self):
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("The period cannot end before it starts.")})


class FindingQuerySet(FinanceQuerySet):
    def audited_by(self, user):
        return self.filter(engagement__auditors=user, engagement__expires_on__gte=timezone.localdate())


class AuditFinding(AuditedModel):
    engagement = models.ForeignKey(AuditEngagement, verbose_name=_("engagement"), on_delete=models.CASCADE,
                                   related_name="findings")  # fmt: skip
    title = models.CharField(_("finding"), max_length=200)
    description = models.TextField(_("description"))
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices, default=Severity.MEDIUM)
    status = models.CharField(_("status"), max_length=10, choices=FindingStatus.choices, default=FindingStatus.OPEN)
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    raised_at = models.DateTimeField(_("raised at"), auto_now_add=True)
    response = models.TextField(_("response"), blank=True)
    responded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("responded by"), null=True,
                                     blank=True, on_delete=models.PROTECT, related_name="+")  # fmt: skip
    responded_at = models.DateTimeField(_("responded at"), null=True, blank=True)

    objects = FindingQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit finding")
        verbose_name_plural = _("audit findings")
        ordering = ["engagement", "-raised_at", "-id"]
        permissions = [("respond_auditfinding", _("Respond to an audit finding"))]

    def __str__(self) -> str:
        return self.title
