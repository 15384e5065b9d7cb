"""Intake commands (3.1): contacts and talks, the preliminary evaluation with its risks, the head's decision."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.roles import require_permission as _require
from core.workflow import cite, transition_perform
from projects.choices import IntakeDecision, Stage
from projects.models import Evaluation, Project, ProjectContact, Talk
from risk.choices import RiskSource
from risk.models import Risk


def _lock_in_intake(actor, pk) -> Project:
    project = Project.objects.locked_in_scope(actor, pk)
    if project.stage != Stage.INTAKE:
        raise ValidationError(cite("3.1", _("the project has left intake; its intake records are closed.")))
    return project


@transaction.atomic
def contact_add(*, actor, pk, name: str, position: str = "", phone: str = "", email: str = "") -> ProjectContact:
    """Record a contact person of the prospective client (3.1.1)."""
    _require(actor, "projects.add_projectcontact")
    project = Project.objects.locked_in_scope(actor, pk)
    contact = ProjectContact(project=project, name=name, position=position, phone=phone, email=email)
    contact.full_clean()
    contact.save()
    return contact


@transaction.atomic
def talk_add(*, actor, pk, date, participants: str, summary: str, next_step: str = "") -> Talk:
    """Log a talk with the prospective client (3.1.1)."""
    _require(actor, "projects.add_talk")
    project = Project.objects.locked_in_scope(actor, pk)
    talk = Talk(project=project, date=date, participants=participants, summary=summary, next_step=next_step,
                recorded_by=actor)  # fmt: skip
    talk.full_clean()
    talk.save()
    return talk


@transaction.atomic
def evaluation_save(
    *, actor, pk, feasibility: str, reasoning: str, estimated_resources: str = "", estimated_fee=None
) -> Evaluation:
    """Record or revise the preliminary evaluation (3.1.2). Once the head has decided, it is closed."""
    project = _lock_in_intake(actor, pk)
    evaluation = Evaluation.objects.filter(project=project).first()
    _require(actor, "projects.change_evaluation" if evaluation else "projects.add_evaluation")
    if evaluation is None:
        evaluation = Evaluation(project=project)
    elif evaluation.decision != IntakeDecision.PENDING:
        raise ValidationError(cite("3.1.2", _("the head has decided on this evaluation; it can no longer change.")))
    evaluation.feasibility = feasibility
    evaluation.reasoning = reasoning
    evaluation.estimated_resources = estimated_resources
    evaluation.estimated_fee = estimated_fee
    evaluation.evaluated_by = actor
    evaluation.full_clean()
    evaluation.save()
    return evaluation


@transaction.atomic
def intake_risk_add(*, actor, pk, category: str, description: str, level: str) -> Risk:
    """Record a potential risk found by the preliminary evaluation (3.1.2): the project's first risk-register
    entry (7.1.2)."""
    _require(actor, "risk.add_risk")
    project = _lock_in_intake(actor, pk)
    risk = Risk(project=project, category=category, description=description, level=level,
                source=RiskSource.INTAKE_EVALUATION, identified_by=actor)  # fmt: skip
    risk.full_clean()
    risk.save()
    return risk


@transaction.atomic
def evaluation_decide(*, actor, pk, decision: str, reason: str) -> Evaluation:
    """The department head takes the lead on or declines it (3.1.2–3.1.3).

    Declining closes the lead at once (intake → declined). Taking on records the decision; the project leaves
    intake when its service contract is signed and the head approves the gate (3.1.3).
    """
    _require(actor, "projects.decide_intake")
    project = _lock_in_intake(actor, pk)
    evaluation = Evaluation.objects.select_for_update().filter(project=project).first()
    if evaluation is None:
        raise ValidationError(cite("3.1.2", _("the preliminary evaluation is not recorded.")))
    if decision not in (IntakeDecision.TAKE_ON, IntakeDecision.DECLINE):
        raise ValidationError({"decision": _("Choose to take on or to decline.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the decision.")})
    evaluation.decision = decision
    evaluation.decision_reason = reason
    evaluation.decided_by = actor
    evaluation.decided_at = timezone.now()
    evaluation.save()
    if decision == IntakeDecision.DECLINE:
        transition_perform(workflow=_stage_workflow(), pk=project.pk, target=Stage.DECLINED, actor=actor,
                           comment=reason, expected_source=Stage.INTAKE)  # fmt: skip
    return evaluation


def _stage_workflow():
    from projects.workflows import STAGE_WORKFLOW

    return STAGE_WORKFLOW
