"""Test helpers that reach states through the real services."""

import datetime
import itertools

from projects.choices import Stage
from projects.models import Project
from projects.services import project_stage_transition, project_update

PATH = [Stage.INTAKE, Stage.PLANNING, Stage.EXECUTION, Stage.SUPERVISION, Stage.ACCEPTANCE, Stage.CLOSED]

ALL_GATE_FIELDS = {
    "client_needs": "Better tenant experience.",
    "evaluation": "Feasible; risk: tenant churn.",
    "contract_signed_on": datetime.date(2026, 1, 5),
    "plan_summary": "Operations plan v1.",
    "work_plan": "Monthly work plan.",
    "acceptance_date": datetime.date(2026, 12, 1),
    "accepted_on": datetime.date(2026, 12, 2),
}


def fill_gate_fields(project: Project, actor) -> Project:
    return project_update(actor=actor, pk=project.pk, **ALL_GATE_FIELDS)


def advance_to(project: Project, stage: str, head) -> Project:
    """Move ``project`` along the lifecycle to ``stage`` through the stage workflow, as ``head``."""
    fill_gate_fields(project, head)
    for _current, nxt in itertools.pairwise(PATH):
        project.refresh_from_db()
        if project.stage == stage:
            break
        project_stage_transition(actor=head, pk=project.pk, target=nxt)
    project.refresh_from_db()
    assert project.stage == stage
    return project
