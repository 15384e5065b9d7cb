"""A PDF report export: who asked for which report with which filters, in which language; its progress while a
worker renders it; the file and its SHA-256 digest, against which an uploaded copy is verified."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.scoping import ScopedQuerySet


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Rendering")
    DONE = "done", pgettext_lazy("report", "Ready")
    FAILED = "failed", _("Failed")


class ExportQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """One's own exports (an administrator: all)."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.all() if user.is_superuser else self.filter(requested_by=user)


class ReportExport(models.Model):
    reference = models.UUIDField(_("reference"), default=uuid.uuid4, unique=True, editable=False)
    report = models.CharField(_("report"), max_length=40)
    language = models.CharField(_("language"), max_length=10)
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    filters_text = models.TextField(_("filters (as shown)"), blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("requested by"),
                                     on_delete=models.PROTECT, related_name="report_exports")  # fmt: skip
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now, db_index=True)
    status = models.CharField(_("status"), max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    truncated = models.BooleanField(_("rows left out"), default=False)
    pages = models.PositiveIntegerField(_("pages"), default=0)
    file = models.FileField(_("file"), upload_to="reports/", blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True, db_index=True)
    error = models.TextField(_("error"), blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = ExportQuerySet.as_manager()

    class Meta:
        verbose_name = _("report export")
        verbose_name_plural = _("report exports")
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return f"{self.report} {self.reference}"

    @property
    def definition(self):
        from reports.registry import REPORTS

        return REPORTS.get(self.report)

    @property
    def title(self) -> str:
        d = self.definition
        return str(d.title) if d else self.report
