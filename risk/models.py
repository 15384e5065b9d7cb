"""The risk register (policy ch. 7). Its first entries come from the intake's preliminary evaluation (3.1.2);
assessment, responses, indicators and warnings arrive with the risk issue."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.audit import AuditedModel
from core.roles import DEPARTMENT_WIDE_ROLES, roles_of
from core.scoping import ScopedQuerySet
from risk.choices import RiskCategory, RiskLevel, RiskSource


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
