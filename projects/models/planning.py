"""Planning (3.2): site surveys, versioned operations plans with goals, milestones and resources, internal review."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.audit import AuditedModel
from core.models.attachments import attachable
from core.scoping import ScopedQuerySet
from projects.choices import PlanStatus, ResourceKind, ReviewVerdict
from projects.models.project import Project, ProjectRecordQuerySet


@attachable
class SiteSurvey(AuditedModel):
    """A survey of the project site by the planning team (3.2.1): findings and the data collected."""

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="site_surveys")
    date = models.DateField(_("date"), default=timezone.localdate)
    participants = models.CharField(_("participants"), max_length=300)
    findings = models.TextField(_("findings"))
    data_collected = models.TextField(_("data and materials collected"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = ProjectRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("site survey")
        verbose_name_plural = _("site surveys")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.project.code} {self.date}"

    def get_absolute_url(self) -> str:
        return reverse("projects:survey-detail", args=[self.project_id, self.pk])


class PlanQuerySet(ProjectRecordQuerySet):
    def visible_to(self, user):
        """The project's scope, and the plans a person is a named reviewer of (3.2.3)."""
        scoped = super().visible_to(user)
        if not getattr(user, "is_authenticated", False) or user.client_organisation_id:
            return scoped
        reviewing = self.filter(Exists(PlanReview.objects.filter(plan=OuterRef("pk"), reviewer=user)))
        return scoped | reviewing


class OperationsPlan(AuditedModel):
    """One version of a project's operations plan (3.2.2): goals, strategies, schedule, resources.

    Versions are never rewritten once submitted: a plan returned by the internal review (3.2.3) is revised as a
    new version and the earlier one stays readable. Its status moves only through ``PLAN_WORKFLOW``.
    """

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="plans")
    version = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    strategies = models.TextField(_("strategies"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT, db_index=True
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    previous = models.OneToOneField(
        "self", verbose_name=_("revises"), null=True, blank=True, on_delete=models.PROTECT, related_name="revision"
    )

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("operations plan")
        verbose_name_plural = _("operations plans")
        ordering = ["project", "-version"]
        permissions = [
            ("submit_plan", _("Submit an operations plan for internal review")),
            ("decide_plan", _("Pass or return an operations plan after internal review")),
        ]
        constraints = [models.UniqueConstraint(fields=["project", "version"], name="plan_version_unique")]

    def __str__(self) -> str:
        return f"{self.project.code} v{self.version} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("projects:plan-detail", args=[self.project_id, self.pk])

    @property
    def editable(self) -> bool:
        return self.status == PlanStatus.DRAFT


class PlanGoal(AuditedModel):
    """A measurable goal of a plan, with its target (3.2.2)."""

    plan = models.ForeignKey(OperationsPlan, on_delete=models.CASCADE, related_name="goals")
    description = models.CharField(_("goal"), max_length=300)
    metric = models.CharField(_("measure"), max_length=120)
    target = models.CharField(_("target"), max_length=120)

    class Meta:
        verbose_name = _("plan goal")
        verbose_name_plural = _("plan goals")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.description}: {self.metric} {self.target}"


class MilestoneQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """Staff see the milestones of the plans they see; a client sees the schedule of its projects' passed plan
        versions (the schedule it is served by), never drafts."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.client_organisation_id:
            projects = Project.objects.visible_to(user).values("pk")
            return self.filter(plan__project__in=projects, plan__status=PlanStatus.PASSED)
        return self.filter(plan__in=OperationsPlan.objects.visible_to(user).values("pk"))


class PlanMilestone(AuditedModel):
    """A dated milestone of a plan's schedule (3.2.2)."""

    plan = models.ForeignKey(OperationsPlan, on_delete=models.CASCADE, related_name="milestones")
    name = models.CharField(_("milestone"), max_length=200)
    due_date = models.DateField(_("due date"))

    objects = MilestoneQuerySet.as_manager()

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["due_date", "id"]

    def __str__(self) -> str:
        return f"{self.due_date} {self.name}"


class PlanResource(AuditedModel):
    """People, materials or funds allocated by a plan (3.2.2)."""

    plan = models.ForeignKey(OperationsPlan, on_delete=models.CASCADE, related_name="resources")
    kind = models.CharField(_("kind"), max_length=20, choices=ResourceKind.choices)
    description = models.CharField(_("description"), max_length=300)
    quantity = models.CharField(_("quantity or amount"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("resource allocation")
        verbose_name_plural = _("resource allocations")
        ordering = ["kind", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.description}"


class PlanReview(AuditedModel):
    """A named reviewer's opinion on a plan version in internal review (3.2.3)."""

    plan = models.ForeignKey(OperationsPlan, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reviewer"), on_delete=models.PROTECT, related_name="plan_reviews"
    )
    verdict = models.CharField(_("verdict"), max_length=20, choices=ReviewVerdict.choices, blank=True)
    opinion = models.TextField(_("opinion"), blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("plan review")
        verbose_name_plural = _("plan reviews")
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["plan", "reviewer"], name="plan_reviewer_unique")]

    def __str__(self) -> str:
        return f"{self.reviewer}: {self.get_verdict_display() or '—'}"

    @property
    def done(self) -> bool:
        return bool(self.verdict)
