"""Project commands. Each is one transaction, re-checks the actor's scope and writes the audit trail."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from core.roles import require_permission as _require
from core.workflow import transition_perform
from projects.choices import MemberRole
from projects.models import Project, ProjectMember
from projects.workflows import STAGE_WORKFLOW

EDITABLE_FIELDS = (
    "name", "client", "site_address", "scale", "client_needs",
    "service_start", "service_end",
)  # fmt: skip


@transaction.atomic
def project_create(*, actor, code: str, name: str, client, **fields) -> Project:
    """Record a new project at intake (3.1.1). The market person creating it becomes its market contact."""
    _require(actor, "projects.add_project")
    if actor.client_organisation_id:
        raise PermissionDenied(_("Client users cannot create projects."))
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown project fields: {sorted(unknown)}")
    project = Project(
        code=code,
        name=name,
        client=client,
        market_owner=actor if actor.has_role("market") else None,
        **fields,
    )
    project.full_clean()
    project.save()
    if actor.has_role("market"):
        ProjectMember.objects.create(project=project, user=actor, role=MemberRole.MARKET)
    return project


@transaction.atomic
def project_update(*, actor, pk, **fields) -> Project:
    """Change a project's descriptive fields. The stage is not among them: only the workflow moves it."""
    _require(actor, "projects.change_project")
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown project fields: {sorted(unknown)}")
    project = Project.objects.locked_in_scope(actor, pk)
    for key, value in fields.items():
        setattr(project, key, value)
    project.full_clean()
    project.save()
    return project


@transaction.atomic
def project_member_add(*, actor, pk, user, role: str) -> ProjectMember:
    """Put a person on the project's team (3.2.1)."""
    _require(actor, "projects.manage_team")
    project = Project.objects.locked_in_scope(actor, pk)
    member, _created = ProjectMember.objects.get_or_create(project=project, user=user, role=role)
    return member


def project_stage_transition(*, actor, pk, target: str, comment: str = "", expected_source: str | None = None):
    """Move a project to another lifecycle stage through the stage workflow (stage-gate approval)."""
    return transition_perform(
        workflow=STAGE_WORKFLOW,
        pk=pk,
        target=target,
        actor=actor,
        comment=comment,
        expected_source=expected_source,
    )
