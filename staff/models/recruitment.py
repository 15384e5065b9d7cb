"""Recruitment (5.1.1–5.1.2): plans approved by the department head and HR; candidates from several channels through
a pipeline; an offer only within the approved headcount; hiring creates the employee."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.audit import AuditedModel
from core.scoping import ScopedQuerySet
from staff.choices import CandidateStatus, Channel, PlanStatus
from staff.models.employee import sees_all_staff


class RecruitmentQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """Recruitment is HR's, the head's, the executive's and auditors' business."""
        return self.all() if sees_all_staff(user) else self.none()


class RecruitmentPlan(AuditedModel):
    department = models.ForeignKey("core.Department", verbose_name=_("department"), on_delete=models.PROTECT,
                                   related_name="+")  # fmt: skip
    position = models.CharField(_("position"), max_length=120)
    headcount = models.PositiveSmallIntegerField(_("headcount"))
    requirements = models.TextField(_("requirements"))
    justification = models.TextField(_("justification"))
    status = models.CharField(_("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT,
                              db_index=True)  # fmt: skip
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("prepared by"),
                                   on_delete=models.PROTECT, related_name="+")  # fmt: skip
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = RecruitmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("recruitment plan")
        verbose_name_plural = _("recruitment plans")
        ordering = ["-created_at", "-id"]
        permissions = [("approve_recruitment_head", _("Approve a recruitment plan (department head)")),
                       ("approve_recruitment_hr", _("Approve a recruitment plan (HR)"))]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.position} × {self.headcount}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("staff:plan", args=[self.pk])


class Candidate(AuditedModel):
    plan = models.ForeignKey(RecruitmentPlan, verbose_name=_("recruitment plan"), on_delete=models.PROTECT,
                             related_name="candidates")  # fmt: skip
    name = models.CharField(pgettext_lazy("person", "name"), max_length=120)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    referred_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("referred by"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")  # fmt: skip
    status = models.CharField(_("status"), max_length=20, choices=CandidateStatus.choices,
                              default=CandidateStatus.APPLIED, db_index=True)  # fmt: skip
    employee = models.OneToOneField("staff.Employee", verbose_name=_("employee"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="candidate")  # fmt: skip
    applied_at = models.DateTimeField(_("applied at"), default=timezone.now)

    objects = RecruitmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["-applied_at", "-id"]
        permissions = [("hire_candidate", _("Take candidates through the pipeline and hire them (HR)"))]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return f"{self.plan.get_absolute_url()}#candidate-{self.pk}"


class InterviewNote(AuditedModel):
    candidate = models.ForeignKey(Candidate, verbose_name=_("candidate"), on_delete=models.CASCADE,
                                  related_name="interviews")  # fmt: skip
    interviewer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("interviewer"),
                                    on_delete=models.PROTECT, related_name="+")  # fmt: skip
    held_on = models.DateField(_("held on"))
    notes = models.TextField(_("notes"))

    objects = RecruitmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("interview note")
        verbose_name_plural = _("interview notes")
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return f"{self.candidate_id} {self.held_on}"
