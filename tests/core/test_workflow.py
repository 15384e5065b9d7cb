"""The workflow machinery, proved on the project stage workflow: every (from, to) pair, permissions,
conditions citing their clause, stale state, approvals, audit events and notifications on commit."""

import itertools

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.http import Http404
from django.utils import translation

from core.models import Approval, AuditEvent, Notification
from core.models.audit import AuditAction
from core.workflow import (
    Condition,
    ConditionFailed,
    StateConflict,
    TransitionNotAllowed,
    TransitionPermissionDenied,
)
from projects.choices import Stage
from projects.services import project_stage_transition
from projects.workflows import STAGE_WORKFLOW
from tests.helpers import advance_to, evaluate, prepare_gate, ready_for_planning, record_needs_and_talk, sign_contract
from tests.roles_table import GATE_KEEPERS, ROLES

ALLOWED = {(t.source, t.target) for t in STAGE_WORKFLOW.transitions}
ALL_PAIRS = list(itertools.product(Stage.values, Stage.values))
ROLES_WITHOUT_GATE = [r for r in ROLES if r not in GATE_KEEPERS | {"client2"}]


def test_the_table_is_the_lifecycle_of_chapter_3():
    assert {
        ("intake", "planning"),
        ("intake", "declined"),
        ("planning", "execution"),
        ("execution", "supervision"),
        ("supervision", "acceptance"),
        ("acceptance", "closed"),
        ("acceptance", "execution"),
    } == ALLOWED


@pytest.mark.django_db
@pytest.mark.parametrize(("source", "target"), ALL_PAIRS, ids=[f"{a}->{b}" for a, b in ALL_PAIRS])
def test_every_pair(source, target, users, project):
    head = users["head"]
    advance_to(project, source, users)
    if (source, target) != ("intake", "declined"):
        prepare_gate(project, source, users)
    events_before = AuditEvent.objects.filter(action=AuditAction.TRANSITION).count()
    comment = "Rectify the lobby signage." if (source, target) == ("acceptance", "execution") else ""
    if (source, target) == ("intake", "declined"):
        # the head's decision to decline closes the lead through the same transition service
        record_needs_and_talk(project, users)
        evaluate(project, users, decision="decline")
        project.refresh_from_db()
        assert project.stage == "declined"
        assert AuditEvent.objects.filter(action=AuditAction.TRANSITION).count() == events_before + 1
    elif (source, target) in ALLOWED:
        project_stage_transition(actor=head, pk=project.pk, target=target, comment=comment, expected_source=source)
        project.refresh_from_db()
        assert project.stage == target
        event = AuditEvent.objects.filter(action=AuditAction.TRANSITION).first()
        assert (event.from_state, event.to_state, event.actor) == (source, target, head)
        assert AuditEvent.objects.filter(action=AuditAction.TRANSITION).count() == events_before + 1
    else:
        with pytest.raises(TransitionNotAllowed) as exc:
            project_stage_transition(actor=head, pk=project.pk, target=target, expected_source=source)
        assert str(exc.value).startswith("3 "), "the refusal cites the lifecycle clause"
        assert exc.value.clause == "3"
        project.refresh_from_db()
        assert project.stage == source
        assert AuditEvent.objects.filter(action=AuditAction.TRANSITION).count() == events_before


@pytest.mark.django_db
@pytest.mark.parametrize(("source", "target"), sorted(ALLOWED))
@pytest.mark.parametrize("role", ROLES_WITHOUT_GATE)
def test_allowed_pairs_are_refused_to_other_roles(source, target, role, users, project, client_org):
    advance_to(project, source, users)
    with pytest.raises((TransitionPermissionDenied, Http404)) as exc:
        project_stage_transition(actor=users[role], pk=project.pk, target=target, comment="x")
    if isinstance(exc.value, TransitionPermissionDenied):
        assert exc.value.status_code == 403
        assert exc.value.clause
    project.refresh_from_db()
    assert project.stage == source


@pytest.mark.django_db
def test_out_of_scope_record_is_404_even_for_gate_holders(users, other_project):
    # The head sees everything; a market person holding the gate permission on no project would not.
    with pytest.raises(Http404):
        project_stage_transition(actor=users["planner"], pk=other_project.pk, target="planning")


INTAKE_STEPS = {
    "needs and talk": lambda p, u: record_needs_and_talk(p, u),
    "evaluation": lambda p, u: evaluate(p, u, decision=None),
    "decision": lambda p, u: __import__("projects.services", fromlist=["x"]).evaluation_decide(
        actor=u["head"], pk=p.pk, decision="take_on", reason="Go."
    ),
    "contract": lambda p, u: sign_contract(p, u),
}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("skipped", "clauses"),
    [
        ("needs and talk", {"3.1.1"}),
        ("evaluation", {"3.1.2", "3.1.3"}),  # without an evaluation there is no decision either
        ("decision", {"3.1.3"}),
        ("contract", {"3.1.3"}),
    ],
)
def test_each_intake_condition_refuses_citing_its_clause(skipped, clauses, users, project):
    for name, step in INTAKE_STEPS.items():
        if name == skipped or (skipped == "evaluation" and name == "decision"):
            continue
        step(project, users)
    with pytest.raises(ConditionFailed) as exc:
        project_stage_transition(actor=users["head"], pk=project.pk, target="planning")
    assert {f.split(" ")[0] for f in exc.value.failures} == clauses, exc.value.failures
    project.refresh_from_db()
    assert project.stage == "intake"


@pytest.mark.django_db
def test_acceptance_gate_needs_the_agreed_time_and_manner(users, project):
    advance_to(project, "supervision", users)
    with pytest.raises(ConditionFailed) as exc:
        project_stage_transition(actor=users["head"], pk=project.pk, target="acceptance")
    assert [f.split(" ")[0] for f in exc.value.failures] == ["3.5.1"]


@pytest.mark.django_db
def test_closing_needs_the_client_acceptance_and_the_handover(users, project):
    advance_to(project, "acceptance", users)
    with pytest.raises(ConditionFailed) as exc:
        project_stage_transition(actor=users["head"], pk=project.pk, target="closed")
    assert [f.split(" ")[0] for f in exc.value.failures] == ["3.5.3", "3.5.3"]


@pytest.mark.django_db
def test_no_execution_without_a_passed_plan(users, project):
    advance_to(project, "planning", users)
    with pytest.raises(ConditionFailed) as exc:
        project_stage_transition(actor=users["head"], pk=project.pk, target="execution")
    assert [f.split(" ")[0] for f in exc.value.failures] == ["3.2.3"]


@pytest.mark.django_db
def test_rectification_needs_a_reason(users, project):
    advance_to(project, "acceptance", users)
    with pytest.raises(ConditionFailed) as exc:
        project_stage_transition(actor=users["head"], pk=project.pk, target="execution")
    assert "3.5.3" in str(exc.value)


@pytest.mark.django_db
def test_stale_source_state_is_a_clear_conflict(users, project):
    head = users["head"]
    advance_to(project, "planning", users)
    with translation.override("en"), pytest.raises(StateConflict) as exc:
        project_stage_transition(actor=head, pk=project.pk, target="planning", expected_source="intake")
    assert exc.value.code == "state_conflict"
    assert str(exc.value).startswith("3 ") and "someone else" in str(exc.value)


@pytest.mark.django_db
def test_gate_leaves_an_approval_record_and_audit_events(users, project):
    head = users["head"]
    ready_for_planning(project, users)
    project_stage_transition(actor=head, pk=project.pk, target="planning", comment="Contract signed, go.")
    approval = Approval.objects.for_object(project).get()
    assert (approval.step, approval.decision, approval.approver, approval.opinion) == (
        "gate:planning",
        "approved",
        head,
        "Contract signed, go.",
    )
    assert AuditEvent.objects.filter(action=AuditAction.APPROVAL, content_type__model="project").count() == 1


@pytest.mark.django_db(transaction=True)
def test_notifications_are_sent_to_the_team_on_commit(users, project, mailoutbox):
    head = users["head"]
    ready_for_planning(project, users)
    mailoutbox.clear()  # the contract's signing notified legal and the head
    project_stage_transition(actor=head, pk=project.pk, target="planning")
    recipients = set(
        Notification.objects.filter(url=project.get_absolute_url()).values_list("recipient__username", flat=True)
    )
    assert recipients == {"market", "planner", "service"}  # the team; not the head who acted
    assert {m.to[0] for m in mailoutbox} == {
        "market@example.test",
        "planner@example.test",
        "service@example.test",
    }


@pytest.mark.django_db
def test_refused_transition_changes_nothing(users, project):
    with pytest.raises(ConditionFailed):
        project_stage_transition(actor=users["head"], pk=project.pk, target="planning")
    assert not Approval.objects.exists()
    assert not Notification.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditAction.TRANSITION).exists()


def test_conditions_with_unknown_clauses_fail_at_declaration():
    with pytest.raises(ImproperlyConfigured):
        Condition("3.9.9", "typo", lambda obj, user: True)


@pytest.mark.django_db
def test_options_show_why_a_gate_is_closed(users, project):
    options = STAGE_WORKFLOW.options(project, users["head"])
    assert [o["transition"].target for o in options] == ["planning", "declined"]
    assert not options[0]["allowed"]
    assert {f.split(" ")[0] for f in options[0]["failures"]} == {"3.1.1", "3.1.2", "3.1.3"}
    assert STAGE_WORKFLOW.options(project, users["planner"]) == []
