"""Training (5.1.3–5.1.4): each new hire's onboarding over the four required areas; internal training sessions with
their attendance and feedback."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.audit import AuditedModel
from core.scoping import ScopedQuerySet, is_staff_user
from staff.choices import OnboardingArea
from staff.models.employee import ByEmployeeQuerySet


class OnboardingItem(AuditedModel):
    """One of the four areas of a new hire's onboarding training (5.1.3), done when completed."""

    employee = models.ForeignKey("staff.Employee", verbose_name=_("employee"), on_delete=models.CASCADE,
                                 related_name="onboarding")  # fmt: skip
    area = models.CharField(_("area"), max_length=20, choices=OnboardingArea.choices)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("confirmed by"), null=True,
                                     blank=True, on_delete=models.PROTECT, related_name="+")  # fmt: skip

    objects = ByEmployeeQuerySet.as_manager()

    class Meta:
        verbose_name = _("onboarding item")
        verbose_name_plural = _("onboarding items")
        ordering = ["employee", "id"]
        constraints = [models.UniqueConstraint(fields=["employee", "area"], name="one_onboarding_item_per_area")]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.area}"


class SessionQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """Internal training sessions are open to the organisation's staff."""
        return self.all() if is_staff_user(user) else self.none()


class TrainingSession(AuditedModel):
    topic = models.CharField(_("topic"), max_length=200)
    trainer = models.CharField(_("trainer"), max_length=120)
    held_on = models.DateField(_("held on"))
    description = models.TextField(_("description"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = SessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.held_on} {self.topic}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("staff:session", args=[self.pk])


class Attendance(AuditedModel):
    session = models.ForeignKey(TrainingSession, verbose_name=_("session"), on_delete=models.CASCADE,
                                related_name="attendance")  # fmt: skip
    employee = models.ForeignKey("staff.Employee", verbose_name=_("employee"), on_delete=models.PROTECT,
                                 related_name="trainings")  # fmt: skip
    attended = models.BooleanField(_("attended"), default=True)
    rating = models.PositiveSmallIntegerField(_("rating (1-5)"), null=True, blank=True)
    feedback = models.TextField(_("feedback"), blank=True)

    objects = ByEmployeeQuerySet.as_manager()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["session", "employee"]
        constraints = [models.UniqueConstraint(fields=["session", "employee"], name="one_attendance_per_session")]

    def __str__(self) -> str:
        return f"{self.session_id} {self.employee_id}"
