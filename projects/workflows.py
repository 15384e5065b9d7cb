"""The project stage workflow (policy ch. 3): intake → planning → execution → supervision → acceptance → closed.

Every stage gate is approved by the department head (permission ``projects.approve_stage_gate``) and leaves an
approval record. Each gate's conditions cite the clause they enforce.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.roles import Role
from core.workflow import Condition, Transition, Workflow
from projects.choices import Stage
from projects.models import Project

APPROVE = "projects.approve_stage_gate"

needs_recorded = Condition(
    "3.1.1",
    _("the client's needs and expectations are not recorded."),
    lambda p, u: bool(p.client_needs.strip()),
)
evaluation_done = Condition(
    "3.1.2",
    _("the preliminary evaluation (feasibility and risks) is not recorded."),
    lambda p, u: bool(p.evaluation.strip()),
)
contract_signed = Condition(
    "3.1.3",
    _("the project has no signed managed-operations service contract."),
    lambda p, u: p.contract_signed_on is not None,
)
plan_written = Condition("3.2.2", _("the operations plan is not written."), lambda p, u: bool(p.plan_summary.strip()))
work_plan_written = Condition(
    "3.3.1", _("the work plan and timetable are not written."), lambda p, u: bool(p.work_plan.strip())
)
acceptance_agreed = Condition(
    "3.5.1",
    _("the time and manner of acceptance are not agreed with the client."),
    lambda p, u: p.acceptance_date is not None,
)
client_accepted = Condition(
    "3.5.3", _("the client has not accepted the project."), lambda p, u: p.accepted_on is not None
)


def _enter_stage(project: Project, transition: Transition) -> None:
    project.stage_entered_at = timezone.now()


def _recipients(project: Project, transition: Transition):
    from core.models import User

    return User.objects.filter(
        Q(project_memberships__project=project) | Q(pk=project.market_owner_id) | Q(groups__name=Role.HEAD),
        is_active=True,
    ).distinct()


STAGE_WORKFLOW = Workflow(
    name="project-stage",
    model=Project,
    field="stage",
    states=Stage,
    clause="3",
    on_enter=_enter_stage,
    recipients=_recipients,
    url=lambda p: p.get_absolute_url(),
    transitions=[
        Transition(
            Stage.INTAKE,
            Stage.PLANNING,
            APPROVE,
            _("Approve intake: start planning"),
            "3.1.3",
            conditions=(needs_recorded, evaluation_done, contract_signed),
            approval_step="gate:planning",
        ),
        Transition(
            Stage.PLANNING,
            Stage.EXECUTION,
            APPROVE,
            _("Approve the plan: start execution"),
            "3.2.3",
            conditions=(plan_written,),
            approval_step="gate:execution",
        ),
        Transition(
            Stage.EXECUTION,
            Stage.SUPERVISION,
            APPROVE,
            _("Start supervision and assessment"),
            "3.4.1",
            conditions=(work_plan_written,),
            approval_step="gate:supervision",
        ),
        Transition(
            Stage.SUPERVISION,
            Stage.ACCEPTANCE,
            APPROVE,
            _("Start acceptance"),
            "3.5.1",
            conditions=(acceptance_agreed,),
            approval_step="gate:acceptance",
        ),
        Transition(
            Stage.ACCEPTANCE,
            Stage.CLOSED,
            APPROVE,
            _("Close after acceptance and handover"),
            "3.5.3",
            conditions=(client_accepted,),
            approval_step="gate:closed",
        ),
        Transition(
            Stage.ACCEPTANCE,
            Stage.EXECUTION,
            APPROVE,
            _("Not accepted: back to rectification"),
            "3.5.3",
            approval_step="gate:rectify",
            decision="returned",
            requires_comment=True,
            button="warning",
        ),
    ],
)
