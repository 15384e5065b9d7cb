"""Planning (3.2): site surveys with attachments, versioned plans, internal review by named reviewers."""

import datetime
import itertools

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from core.models import Attachment
from core.workflow import ConditionFailed, TransitionNotAllowed, TransitionPermissionDenied
from projects.choices import PlanStatus
from projects.models import OperationsPlan
from projects.services import (
    plan_create,
    plan_review_record,
    plan_revise,
    plan_save,
    plan_transition,
    survey_add,
)
from projects.workflows import PLAN_WORKFLOW
from tests.helpers import PLAN, advance_to


@pytest.fixture
def planning(users, project):
    return advance_to(project, "planning", users)


def make_plan(users, project, **overrides):
    return plan_create(actor=users["planner"], pk=project.pk, reviewers=[users["inspector"]], **{**PLAN, **overrides})


@pytest.mark.django_db
def test_survey_with_attachments(users, planning):
    photo = SimpleUploadedFile("lobby.png", b"\x89PNG fake image", content_type="image/png")
    survey = survey_add(actor=users["planner"], pk=planning.pk, date=datetime.date(2026, 2, 2),
                        participants="planner; inspector", findings="Signage unclear.", files=[photo])  # fmt: skip
    attachment = Attachment.objects.for_object(survey).get()
    assert attachment.name == "lobby.png" and attachment.size == len(b"\x89PNG fake image")
    assert len(attachment.sha256) == 64
    assert list(Attachment.objects.visible_to(users["planner"])) == [attachment]
    assert list(Attachment.objects.visible_to(users["client"])) == []
    assert list(Attachment.objects.visible_to(users["client2"])) == []


@pytest.mark.django_db
def test_attachment_download_respects_scope(client, users, planning):
    photo = SimpleUploadedFile("a.txt", b"hello", content_type="text/plain")
    survey = survey_add(actor=users["planner"], pk=planning.pk, date=datetime.date(2026, 2, 2), participants="p",
                        findings="f", files=[photo])  # fmt: skip
    attachment = Attachment.objects.for_object(survey).get()
    client.force_login(users["planner"])
    response = client.get(f"/attachments/{attachment.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"hello"
    client.force_login(users["client"])
    assert client.get(f"/attachments/{attachment.pk}/").status_code == 404


PLAN_PAIRS = list(itertools.product(PlanStatus.values, PlanStatus.values))
PLAN_ALLOWED = {(t.source, t.target) for t in PLAN_WORKFLOW.transitions}


def plan_in(status, users, project):
    plan = make_plan(users, project)
    if status in ("in_review", "passed", "returned"):
        plan_transition(actor=users["planner"], plan_pk=plan.pk, target="in_review")
    if status == "passed":
        plan_review_record(actor=users["inspector"], plan_pk=plan.pk, verdict="pass", opinion="ok")
        plan_transition(actor=users["head"], plan_pk=plan.pk, target="passed")
    if status == "returned":
        plan_transition(actor=users["head"], plan_pk=plan.pk, target="returned", comment="More detail.")
    plan.refresh_from_db()
    assert plan.status == status
    return plan


@pytest.mark.django_db
@pytest.mark.parametrize(("source", "target"), PLAN_PAIRS, ids=[f"{a}->{b}" for a, b in PLAN_PAIRS])
def test_every_plan_review_pair(source, target, users, planning):
    plan = plan_in(source, users, planning)
    actor = users["planner"] if target == "in_review" else users["head"]
    if (source, target) in PLAN_ALLOWED:
        if target == "passed":
            plan_review_record(actor=users["inspector"], plan_pk=plan.pk, verdict="pass", opinion="ok")
        plan_transition(actor=actor, plan_pk=plan.pk, target=target, comment="Because.", expected_source=source)
        plan.refresh_from_db()
        assert plan.status == target
    else:
        with pytest.raises(TransitionNotAllowed) as exc:
            plan_transition(actor=actor, plan_pk=plan.pk, target=target, comment="x", expected_source=source)
        assert exc.value.clause == "3.2.3"


@pytest.mark.django_db
@pytest.mark.parametrize(("source", "target"), sorted(PLAN_ALLOWED))
@pytest.mark.parametrize("role", ["market", "service", "inspector", "executive", "auditor", "finance"])
def test_plan_transitions_refused_to_other_roles(source, target, role, users, planning):
    plan = plan_in(source, users, planning)
    from django.http import Http404

    with pytest.raises((TransitionPermissionDenied, Http404)):
        plan_transition(actor=users[role], plan_pk=plan.pk, target=target, comment="x")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("override", "clause"),
    [
        ({"goals": []}, "3.2.2"),
        ({"strategies": ""}, "3.2.2"),
        ({"milestones": []}, "3.2.2"),
        ({"resources": []}, "3.2.2"),
    ],
)
def test_submission_needs_a_complete_plan(override, clause, users, planning):
    plan = make_plan(users, planning, **override)
    with pytest.raises(ConditionFailed) as exc:
        plan_transition(actor=users["planner"], plan_pk=plan.pk, target="in_review")
    assert [f.split(" ")[0] for f in exc.value.failures] == [clause]


@pytest.mark.django_db
def test_submission_needs_named_reviewers(users, planning):
    plan = plan_create(actor=users["planner"], pk=planning.pk, **PLAN)
    with pytest.raises(ConditionFailed) as exc:
        plan_transition(actor=users["planner"], plan_pk=plan.pk, target="in_review")
    assert [f.split(" ")[0] for f in exc.value.failures] == ["3.2.3"]


@pytest.mark.django_db
def test_pass_needs_every_reviewer_opinion(users, planning):
    plan = plan_create(actor=users["planner"], pk=planning.pk, reviewers=[users["inspector"], users["service"]],
                       **PLAN)  # fmt: skip
    plan_transition(actor=users["planner"], plan_pk=plan.pk, target="in_review")
    plan_review_record(actor=users["inspector"], plan_pk=plan.pk, verdict="pass", opinion="ok")
    with pytest.raises(ConditionFailed) as exc:
        plan_transition(actor=users["head"], plan_pk=plan.pk, target="passed")
    assert "3.2.3" in str(exc.value)
    plan_review_record(actor=users["service"], plan_pk=plan.pk, verdict="revise", opinion="Add service KPIs.")
    plan_transition(actor=users["head"], plan_pk=plan.pk, target="passed")


@pytest.mark.django_db
def test_only_named_reviewers_review(users, planning):
    plan = plan_in("in_review", users, planning)
    with pytest.raises(PermissionDenied):
        plan_review_record(actor=users["service"], plan_pk=plan.pk, verdict="pass", opinion="ok")


@pytest.mark.django_db
def test_a_returned_plan_is_revised_as_a_new_version_and_the_old_stays(users, planning):
    old = plan_in("returned", users, planning)
    new = plan_revise(actor=users["planner"], plan_pk=old.pk)
    assert (new.version, new.status, new.previous_id) == (2, "draft", old.pk)
    assert [g.target for g in new.goals.all()] == [g.target for g in old.goals.all()]
    plan_save(actor=users["planner"], plan_pk=new.pk, title="Plan v2", strategies="Sharper.", goals=PLAN["goals"],
              milestones=PLAN["milestones"], resources=PLAN["resources"], reviewers=[users["inspector"]])  # fmt: skip
    old.refresh_from_db()
    assert old.status == "returned" and old.title == "Operations plan"  # unchanged, readable
    with pytest.raises(ValidationError):
        plan_save(actor=users["planner"], plan_pk=old.pk, title="x", strategies="", goals=[], milestones=[],
                  resources=[], reviewers=[])  # fmt: skip
    with pytest.raises(ValidationError):
        plan_revise(actor=users["planner"], plan_pk=old.pk)  # once only


@pytest.mark.django_db
def test_one_open_version_at_a_time(users, planning):
    make_plan(users, planning)
    with pytest.raises(ValidationError):
        make_plan(users, planning)
    assert OperationsPlan.objects.filter(project=planning).count() == 1


@pytest.mark.django_db
def test_a_named_reviewer_outside_the_project_scope_sees_the_plan(users, other_project):
    advance_to(other_project, "planning", {**users, "market": users["head"], "planner": users["head"]})
    plan = plan_create(actor=users["head"], pk=other_project.pk, reviewers=[users["service"]], **PLAN)
    assert plan in OperationsPlan.objects.visible_to(users["service"])  # named reviewer (3.2.3)
    assert plan not in OperationsPlan.objects.visible_to(users["planner"])  # not on that project
    plan_transition(actor=users["head"], plan_pk=plan.pk, target="in_review")
    plan_review_record(actor=users["service"], plan_pk=plan.pk, verdict="pass", opinion="Fine.")
