"""Projects and their lifecycle stage (policy ch. 3)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.audit import AuditedModel
from core.roles import DEPARTMENT_WIDE_ROLES, Role, roles_of
from core.scoping import ScopedQuerySet
from projects.choices import MemberRole, Stage


def sees_every_project(user) -> bool:
    """Whether ``user``'s scope is every project: a superuser or a department-wide role (DESIGN.md scopes)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    return not user.client_organisation_id and bool(roles_of(user) & DEPARTMENT_WIDE_ROLES)


class ProjectQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """DESIGN.md scopes: the department-wide roles see every project; market staff their own; planners and
        customer service the projects they are on; a client its organisation's projects; others none."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if sees_every_project(user):
            return self.all()
        roles = roles_of(user)
        if user.client_organisation_id:
            return self.filter(client_id=user.client_organisation_id) if Role.CLIENT in roles else self.none()
        q = Q(pk__in=[])
        if Role.MARKET in roles:
            q |= Q(market_owner=user)
        if roles & {Role.MARKET, Role.PLANNER, Role.SERVICE}:
            q |= Q(Exists(ProjectMember.objects.filter(project=OuterRef("pk"), user=user)))
        return self.filter(q)

    def overdue_in_stage(self, now=None):
        """Projects that have sat in their current stage longer than settings.STAGE_MAX_DAYS allows."""
        now = now or timezone.now()
        q = Q(pk__in=[])
        for stage, days in settings.STAGE_MAX_DAYS.items():
            q |= Q(stage=stage, stage_entered_at__lt=now - timezone.timedelta(days=days))
        return self.filter(q)

    def due_for_acceptance(self, today=None):
        """Projects in execution or supervision whose service period ends within ``ACCEPTANCE_NOTICE_DAYS`` and whose
        time and manner of acceptance are not agreed yet (3.5.1)."""
        limit = (today or timezone.localdate()) + timezone.timedelta(days=settings.ACCEPTANCE_NOTICE_DAYS)
        return self.filter(stage__in=[Stage.EXECUTION, Stage.SUPERVISION], service_end__lte=limit,
                           acceptance_arrangement__isnull=True)  # fmt: skip


class ProjectRecordQuerySet(ScopedQuerySet):
    """Records that belong to a project follow its scope. Internal records (the default) are never a client's."""

    client_facing = False

    def visible_to(self, user):
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.client_organisation_id and not self.client_facing:
            return self.none()
        if sees_every_project(user):
            # No ``project_id IN (SELECT id FROM projects_project)``: over a large table it turns an index scan of the
            # page's rows into a join of the whole table (docs/BENCHMARKS.md, "Scale").
            return self.all()
        return self.filter(project__in=Project.objects.visible_to(user).values("pk"))


class Project(AuditedModel):
    """A managed-operations project, from the first client contact (3.1.1) to handover (3.5.3).

    A project in ``intake`` is a lead (3.1.1): its contacts, talks and preliminary evaluation are recorded until the
    department head takes it on (a signed contract, 3.1.3) or declines it. ``stage`` is changed only by the stage
    workflow (projects/workflows.py).
    """

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=200)
    client = models.ForeignKey(
        "core.ClientOrganisation", verbose_name=_("client"), on_delete=models.PROTECT, related_name="projects"
    )
    site_address = models.CharField(_("site address"), max_length=300, blank=True)
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.INTAKE, db_index=True)
    stage_entered_at = models.DateTimeField(_("in stage since"), default=timezone.now)
    market_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("market contact"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="market_projects",
    )
    scale = models.CharField(_("scale"), max_length=200, blank=True, help_text=_("e.g. floor area, units, visitors"))
    client_needs = models.TextField(_("client needs and expectations"), blank=True, help_text="3.1.1")
    service_start = models.DateField(_("service start"), null=True, blank=True)
    service_end = models.DateField(_("service end"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["stage", "stage_entered_at"], name="project_stage_idx"),
            # The list's default order and the dashboard's "recently changed" (docs/BENCHMARKS.md, "Scale").
            models.Index(fields=["-created_at", "-id"], name="project_created_idx"),
            models.Index(fields=["-updated_at"], name="project_updated_idx"),
        ]
        permissions = [
            ("approve_stage_gate", _("Approve a project's stage gate")),
            ("manage_team", _("Manage a project's team")),
            ("decide_intake", _("Decide to take on or decline a lead")),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("projects:detail", args=[self.pk])

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.service_start and self.service_end and self.service_end < self.service_start:
            raise ValidationError({"service_end": _("The service period cannot end before it starts.")})


class ProjectMember(AuditedModel):
    """A person on a project's team (3.2.1 planning team, 3.3.1 duties), in a role on that project."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="project_memberships")
    role = models.CharField(_("role on the project"), max_length=20, choices=MemberRole.choices)

    objects = ProjectRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("project member")
        verbose_name_plural = _("project members")
        constraints = [models.UniqueConstraint(fields=["project", "user", "role"], name="project_member_unique")]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"
