"""Intake (3.1): contacts, talks, the preliminary evaluation with its risks, the head's decision, the contract."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from projects.services import (
    contact_add,
    evaluation_decide,
    evaluation_save,
    intake_risk_add,
    project_stage_transition,
    talk_add,
)
from risk.models import Risk
from tests.helpers import evaluate, ready_for_planning, record_needs_and_talk


@pytest.mark.django_db
def test_market_logs_contacts_and_talks(users, project):
    contact_add(actor=users["market"], pk=project.pk, name="Ms Liu", position="GM", email="liu@example.test")
    talk = talk_add(actor=users["market"], pk=project.pk, date=datetime.date(2026, 2, 1), participants="Liu; market",
                    summary="Needs a new operator.", next_step="Site visit")  # fmt: skip
    assert talk.recorded_by == users["market"]
    assert project.contacts.get().name == "Ms Liu"


@pytest.mark.django_db
def test_people_outside_the_scope_cannot_log_talks(users, other_project):
    with pytest.raises(Http404):
        talk_add(actor=users["market"], pk=other_project.pk, date=datetime.date(2026, 2, 1), participants="x",
                 summary="y")  # fmt: skip
    with pytest.raises(PermissionDenied):
        talk_add(actor=users["inspector"], pk=other_project.pk, date=datetime.date(2026, 2, 1), participants="x",
                 summary="y")  # fmt: skip


@pytest.mark.django_db
def test_evaluation_records_risks_in_the_register(users, project):
    evaluate(project, users, decision=None)
    risk = intake_risk_add(actor=users["head"], pk=project.pk, category="legal", level="high",
                           description="Unclear property rights.")  # fmt: skip
    assert risk.source == "intake_evaluation" and risk.identified_by == users["head"]
    assert risk in Risk.objects.visible_to(users["auditor"])
    assert set(Risk.objects.filter(project=project).values_list("source", flat=True)) == {"intake_evaluation"}
    assert list(Risk.objects.visible_to(users["client"])) == []  # risks are never client-facing


@pytest.mark.django_db
def test_evaluation_is_closed_once_decided(users, project):
    evaluate(project, users, decision="take_on")
    with pytest.raises(ValidationError) as exc:
        evaluation_save(actor=users["head"], pk=project.pk, feasibility="not_feasible", reasoning="Changed mind.")
    assert "3.1.2" in str(exc.value)


@pytest.mark.django_db
def test_only_the_head_decides_and_a_reason_is_required(users, project):
    evaluate(project, users, decision=None)
    with pytest.raises(PermissionDenied):
        evaluation_decide(actor=users["market"], pk=project.pk, decision="take_on", reason="Yes")
    with pytest.raises(ValidationError):
        evaluation_decide(actor=users["head"], pk=project.pk, decision="take_on", reason="  ")


@pytest.mark.django_db
def test_no_decision_without_an_evaluation(users, project):
    with pytest.raises(ValidationError) as exc:
        evaluation_decide(actor=users["head"], pk=project.pk, decision="take_on", reason="Yes")
    assert "3.1.2" in str(exc.value)


@pytest.mark.django_db
def test_declining_closes_the_lead(users, project):
    record_needs_and_talk(project, users)
    evaluate(project, users, decision="decline")
    project.refresh_from_db()
    assert project.stage == "declined"
    assert project.evaluation.decided_by == users["head"]
    with pytest.raises(ValidationError):  # the lead's intake records are closed
        intake_risk_add(actor=users["head"], pk=project.pk, category="market", level="low", description="x")


@pytest.mark.django_db
def test_taking_on_then_leaving_intake_needs_the_signed_contract(users, project):
    record_needs_and_talk(project, users)
    evaluate(project, users, decision="take_on")
    from core.workflow import ConditionFailed

    with pytest.raises(ConditionFailed) as exc:
        project_stage_transition(actor=users["head"], pk=project.pk, target="planning")
    assert [f.split(" ")[0] for f in exc.value.failures] == ["3.1.3"]


@pytest.mark.django_db
def test_full_intake_opens_the_gate(users, project):
    ready_for_planning(project, users)
    project_stage_transition(actor=users["head"], pk=project.pk, target="planning")
    project.refresh_from_db()
    assert project.stage == "planning"
