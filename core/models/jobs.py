"""Runs of the scheduled jobs (Celery beat → worker): when, which, who asked, what each created."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.scoping import ScopedQuerySet


class JobRunQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        if not getattr(user, "is_authenticated", False) or user.client_organisation_id:
            return self.none()
        return self.all() if user.has_perm("core.view_jobrun") else self.none()


class JobRun(models.Model):
    """One run of a scheduled job: when, which, who asked (a "run now") and what it created."""

    job = models.CharField(_("job"), max_length=100, db_index=True)
    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    ok = models.BooleanField(_("succeeded"), null=True)
    result = models.JSONField(_("what it did"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("run now by"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")  # fmt: skip

    objects = JobRunQuerySet.as_manager()

    class Meta:
        verbose_name = _("job run")
        verbose_name_plural = _("job runs")
        ordering = ["-started_at", "-id"]
        permissions = [("run_job", _("Run a scheduled job now"))]

    def __str__(self) -> str:
        return f"{self.job} {self.started_at:%Y-%m-%d %H:%M}"
