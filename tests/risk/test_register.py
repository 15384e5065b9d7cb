"""The risk register (7.1–7.2): assessment on the configurable matrix with its history, responses with owners,
accepting a risk approved by the head (the executive for the two highest levels) with its expiry and its voiding
when the level rises, effectiveness checks, periodic reviews planned and reminded, and the system indicators."""

import datetime
from decimal import Decimal

import pytest
from django.core import checks
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from core.models import Department, Notification
from core.workflow import ConditionFailed, TransitionNotAllowed
from risk import matrix
from risk.choices import ResponseStatus
from risk.models import RiskResponse, RiskReview
from risk.register import (
    check_record,
    response_propose,
    response_transition,
    review_complete,
    risk_assess,
    risk_close,
    risk_record,
    risk_reminders,
)
from risk.workflows import RESPONSE_WORKFLOW

TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def _english():
    """The refusals are read in English here (the default language is zh-hans)."""
    from django.utils import translation

    with translation.override("en"):
        yield


def dept():
    return Department.objects.order_by("pk").first()


def make_risk(users, project, **kwargs):
    return risk_record(actor=users["planner"], project=project, category="operational",
                       description=kwargs.pop("description", "Cleaning crew short-staffed"), level="medium",
                       **kwargs)  # fmt: skip


def assess(users, risk, likelihood, impact, stage="inherent", actor="planner"):
    return risk_assess(actor=users[actor], pk=risk.pk, stage=stage, likelihood=likelihood, impact=impact,
                       rationale="Two leavers last month.", probability="40", expected_loss="25000")  # fmt: skip


def accept(users, risk, actor="planner", **kwargs):
    expires = kwargs.pop("expires_on", TODAY + datetime.timedelta(days=90))
    return response_propose(actor=users[actor], pk=risk.pk, strategy="accept", measures="Monitor weekly.",
                            department=dept(), owner=users["planner"], due_on=TODAY + datetime.timedelta(days=30),
                            expires_on=expires, **kwargs)  # fmt: skip


# -- the matrix ------------------------------------------------------------------------------------------------------
def test_the_default_matrix_gives_five_levels():
    assert matrix.level_for(1, 1) == "low"
    assert matrix.level_for(3, 3) == "high"
    assert matrix.level_for(4, 4) == "very_high"
    assert matrix.level_for(5, 5) == "critical"
    assert {cell for row in matrix.DEFAULT_RISK_MATRIX for cell in row} == set(matrix.RANK)
    assert {"very_high", "critical"} == matrix.TOP_LEVELS


def test_a_configured_matrix_is_checked_and_used(settings):
    from core.checks import risk_matrix_check

    settings.RISK_MATRIX = [["low", "high"], ["high", "bogus"]]
    assert [e.id for e in risk_matrix_check(None)] == ["risk.E001"]
    settings.RISK_MATRIX = [["low", "high"], ["high"]]
    assert "square" in risk_matrix_check(None)[0].msg
    settings.RISK_MATRIX = [["low", "medium", "high"], ["medium", "high", "very_high"], ["high", "very_high",
                                                                                          "critical"]]  # fmt: skip
    assert risk_matrix_check(None) == [] and matrix.size() == 3
    assert matrix.level_for(3, 3) == "critical"
    assert matrix.scale(matrix.LIKELIHOOD_LABELS) == [(1, "1"), (2, "2"), (3, "3")]
    assert not matrix.on_matrix(4, 1) and matrix.on_matrix(3, 1)  # a pair stored under the 5×5 matrix
    assert risk_matrix_check in checks.registry.registry.registered_checks


# -- assessment (7.1.3) ----------------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_assessments_set_the_levels_and_keep_the_history(users, project):
    risk = make_risk(users, project)
    with pytest.raises(ValidationError) as refused:
        assess(users, risk, 2, 2, stage="residual")
    assert "inherent" in str(refused.value)
    assess(users, risk, 4, 4)
    risk.refresh_from_db()
    assert (risk.level, risk.inherent_level, risk.residual_level, risk.likelihood, risk.impact) == (
        "very_high", "very_high", "", 4, 4)  # fmt: skip
    assess(users, risk, 2, 3, stage="residual")
    risk.refresh_from_db()
    assert (risk.level, risk.inherent_level, risk.residual_level) == ("medium", "very_high", "medium")
    assert list(risk.assessments.values_list("level", flat=True)) == ["medium", "very_high"]
    first = risk.assessments.last()
    assert (first.probability, first.expected_loss, first.assessed_by) == (Decimal("40.00"), Decimal("25000.00"),
                                                                           users["planner"])  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize("field, value", [("likelihood", 0), ("likelihood", 6), ("impact", 9), ("probability", "101"),
                                          ("probability", "-1"), ("expected_loss", "-5"), ("probability", "abc"),
                                          ("rationale", "  ")])  # fmt: skip
def test_bad_assessments_are_refused(users, project, field, value):
    risk = make_risk(users, project)
    data = {"stage": "inherent", "likelihood": 3, "impact": 3, "rationale": "Why.", "probability": "10",
            "expected_loss": "100", field: value}  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        risk_assess(actor=users["planner"], pk=risk.pk, **data)
    assert field in refused.value.error_dict
    assert not risk.assessments.exists()


@pytest.mark.django_db
def test_who_may_assess(users, project, other_project):
    risk = make_risk(users, project)
    for role in ("market", "service", "inspector", "auditor", "executive"):
        with pytest.raises((PermissionDenied, Http404)):
            assess(users, risk, 1, 1, actor=role)
    assess(users, risk, 1, 1, actor="legal")
    outside = risk_record(actor=users["head"], project=other_project, category="legal", description="x", level="low")
    with pytest.raises(Http404):  # the planner does not work on it
        assess(users, outside, 1, 1)


# -- responses (7.2.1–7.2.2) -----------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_a_response_needs_an_assessed_risk_an_owner_and_dates(users, project):
    risk = make_risk(users, project)
    with pytest.raises(ValidationError, match=r"7\.1\.3"):
        accept(users, risk)
    assess(users, risk, 2, 2)
    base = {"actor": users["planner"], "pk": risk.pk, "measures": "Hire two temps.", "department": dept(),
            "owner": users["inspector"], "due_on": TODAY + datetime.timedelta(days=14)}  # fmt: skip
    for change, field in (({"owner": users["client"]}, "owner"), ({"due_on": TODAY - datetime.timedelta(days=1)},
                          "due_on"), ({"measures": " "}, "measures"), ({"expires_on": TODAY}, "expires_on"),
                          ({"strategy": "pray"}, "strategy"), ({"department": None}, "department")):  # fmt: skip
        with pytest.raises(ValidationError) as refused:
            response_propose(**{**base, "strategy": "reduce", **change})
        assert field in refused.value.error_dict, field
    reduce = response_propose(**base, strategy="reduce")
    assert (reduce.status, reduce.next_check_on) == ("in_progress", TODAY + datetime.timedelta(days=30))
    assert Notification.objects.filter(recipient=users["inspector"], clause="7.2.2").exists()
    with pytest.raises(ValidationError) as refused:
        accept(users, risk, expires_on=None)
    assert "expires_on" in refused.value.error_dict
    with pytest.raises(ValidationError):
        accept(users, risk, expires_on=TODAY + datetime.timedelta(days=400))
    acceptance = accept(users, risk)
    assert acceptance.status == "pending_head" and acceptance.level_at_request == "low"
    with pytest.raises(ValidationError, match="already"):
        accept(users, risk)


# Every (from, to) pair of the response states: allowed pairs refused to the roles without their permission and
# performed by their owner; the others refused as not allowed.
STATES = list(ResponseStatus.values)
OWNER = {"risk.change_riskresponse": "planner", "risk.approve_acceptance": "head",
         "risk.approve_acceptance_high": "executive"}  # fmt: skip
OTHERS = ("market", "service", "inspector", "legal", "finance", "auditor", "hr", "employee", "client")


@pytest.mark.django_db
@pytest.mark.parametrize("source, target", [(s, t) for s in STATES for t in STATES if s != t])
def test_every_response_pair(users, project, source, target):
    risk = make_risk(users, project)
    # the head passes to the executive only at the two highest levels and approves alone below them
    top = target == "pending_executive" or source == "pending_executive"
    assess(users, risk, 5, 5) if top else assess(users, risk, 2, 2)
    strategy = "reduce" if source in ("in_progress", "completed") else "accept"
    expires = TODAY + datetime.timedelta(days=30) if strategy == "accept" else None
    response = response_propose(actor=users["planner"], pk=risk.pk, strategy=strategy, measures="Do it.",
                                department=dept(), owner=users["planner"], due_on=TODAY,
                                expires_on=expires)  # fmt: skip
    RiskResponse.objects.filter(pk=response.pk).update(status=source)
    transition = RESPONSE_WORKFLOW.get(source, target)
    if transition is None:
        with pytest.raises(TransitionNotAllowed):
            response_transition(actor=users["admin"], pk=response.pk, target=target, comment="c")
        return
    for role in OTHERS:
        with pytest.raises((PermissionDenied, Http404)):
            response_transition(actor=users[role], pk=response.pk, target=target, comment="c")
    owner = OWNER[transition.permission]
    if transition.requires_comment:
        with pytest.raises(ConditionFailed):
            response_transition(actor=users[owner], pk=response.pk, target=target)
    response_transition(actor=users[owner], pk=response.pk, target=target, comment="Reason.",
                        expected_source=source)  # fmt: skip
    response.refresh_from_db()
    assert response.status == target
    if target == "accepted":
        assert response.decided_at and response.level_at_request == risk.assessments.first().level


@pytest.mark.django_db
def test_accepting_a_risk_of_the_two_highest_levels_needs_the_executive(users, project):
    risk = make_risk(users, project)
    assess(users, risk, 4, 4)  # very high
    response = accept(users, risk)
    with pytest.raises(ConditionFailed, match="executive"):
        response_transition(actor=users["head"], pk=response.pk, target="accepted")
    response_transition(actor=users["head"], pk=response.pk, target="pending_executive", comment="Agreed.")
    assert Notification.objects.filter(recipient=users["executive"], clause="7.2.1").exists()
    with pytest.raises(PermissionDenied):
        response_transition(actor=users["head"], pk=response.pk, target="accepted")
    response_transition(actor=users["executive"], pk=response.pk, target="accepted", comment="Accepted for Q1.")
    response.refresh_from_db()
    assert (response.status, response.level_at_request) == ("accepted", "very_high")
    steps = list(response_approvals(response))
    assert steps == ["risk-acceptance:head", "risk-acceptance:executive"]


def response_approvals(response):
    from core.models.workflow import Approval

    return Approval.objects.for_object(response).order_by("decided_at", "id").values_list("step", flat=True)


@pytest.mark.django_db
def test_a_higher_level_voids_the_acceptance_and_asks_again(users, project):
    risk = make_risk(users, project)
    assess(users, risk, 2, 2)
    response = accept(users, risk)
    response_transition(actor=users["head"], pk=response.pk, target="accepted")
    assess(users, risk, 2, 1, stage="residual")  # lower: the acceptance stands
    response.refresh_from_db()
    assert response.status == "accepted"
    assess(users, risk, 5, 4, stage="residual")  # critical
    response.refresh_from_db()
    assert response.status == "void" and "rose" in response.ended_reason
    again = risk.responses.get(status="pending_head")
    assert (again.level_at_request, again.measures, again.expires_on) == ("critical", response.measures,
                                                                          response.expires_on)  # fmt: skip
    assert Notification.objects.filter(recipient=users["head"], url=again.get_absolute_url()).exists()
    with pytest.raises(ConditionFailed):  # now the executive's decision
        response_transition(actor=users["head"], pk=again.pk, target="accepted")
    from core.models import AuditEvent

    assert AuditEvent.objects.filter(object_id=str(response.pk), to_state="void").count() == 1


@pytest.mark.django_db
def test_effectiveness_checks_plan_the_next_and_report_failures(users, project):
    risk = make_risk(users, project)
    assess(users, risk, 3, 3)
    response = response_propose(actor=users["planner"], pk=risk.pk, strategy="reduce", measures="Train staff.",
                                department=dept(), owner=users["inspector"], due_on=TODAY,
                                check_every_days=14)  # fmt: skip
    with pytest.raises(PermissionDenied):
        check_record(actor=users["market"], pk=response.pk, result="effective", notes="Fine.")
    with pytest.raises(ValidationError):
        check_record(actor=users["inspector"], pk=response.pk, result="effective", notes="",
                     checked_on=TODAY)  # fmt: skip
    check_record(actor=users["inspector"], pk=response.pk, result="ineffective", notes="Still short.")
    response.refresh_from_db()
    assert response.next_check_on == TODAY + datetime.timedelta(days=14)
    assert Notification.objects.filter(recipient=users["head"], clause="7.2.3").exists()
    response_transition(actor=users["planner"], pk=response.pk, target="completed")
    check_record(actor=users["planner"], pk=response.pk, result="effective", notes="Back to full crew.")
    assert response.checks.count() == 2


@pytest.mark.django_db
def test_closing_a_risk_ends_its_pending_acceptance(users, project):
    risk = make_risk(users, project)
    assess(users, risk, 2, 2)
    response = accept(users, risk)
    with pytest.raises(ValidationError):
        risk_close(actor=users["planner"], pk=risk.pk, reason=" ")
    with pytest.raises(PermissionDenied):
        risk_close(actor=users["market"], pk=risk.pk, reason="Gone.")
    risk_close(actor=users["planner"], pk=risk.pk, reason="The client renewed the crew contract.")
    response.refresh_from_db()
    assert response.status == "rejected"
    with pytest.raises(ValidationError, match="closed"):
        assess(users, risk, 1, 1)


# -- the daily job (7.1.2, 7.2.1–7.2.3) ------------------------------------------------------------------------------
@pytest.mark.django_db
def test_reviews_are_planned_reminded_and_completed(users, project, other_project, settings):
    from projects.models import ProjectMember

    settings.RISK_REVIEW_DAYS = 30
    ProjectMember.objects.filter(project=project, user=users["planner"]).update(role="planner")
    type(project).objects.filter(pk=project.pk).update(stage="execution", created_at=timezone.now()
                                                       - datetime.timedelta(days=40))  # fmt: skip
    counts = risk_reminders()
    assert counts["planned"] == 1  # the intake project (other_project) has no review yet
    review = RiskReview.objects.get()
    assert (review.project, review.due_on, review.every_days) == (project, TODAY, 30)
    assert Notification.objects.filter(recipient=users["planner"], dedupe_key=f"risk-review:{review.pk}:due").exists()
    reminded = Notification.objects.filter(dedupe_key__startswith="risk-review:").count()
    again = risk_reminders()
    assert (again["planned"], again["reminded"]) == (0, 0) and RiskReview.objects.count() == 1
    assert Notification.objects.filter(dedupe_key__startswith="risk-review:").count() == reminded
    late = risk_reminders(today=TODAY + datetime.timedelta(days=1))
    assert late["reminded"] == 1
    assert Notification.objects.filter(recipient=users["head"], dedupe_key=f"risk-review:{review.pk}:late").exists()
    with pytest.raises(ValidationError):
        review_complete(actor=users["planner"], pk=review.pk, notes="")
    with pytest.raises(PermissionDenied):
        review_complete(actor=users["market"], pk=review.pk, notes="Done.")
    review_complete(actor=users["planner"], pk=review.pk, notes="Two new risks recorded.", every_days=60)
    nxt = RiskReview.objects.get(status="due")
    assert (nxt.due_on, nxt.every_days) == (TODAY + datetime.timedelta(days=60), 60)
    with pytest.raises(ValidationError):
        review_complete(actor=users["planner"], pk=review.pk, notes="Again.")


@pytest.mark.django_db
def test_expired_acceptances_lapse_and_checks_and_overdue_measures_are_reminded(users, project):
    risk = make_risk(users, project)
    assess(users, risk, 2, 2)
    response = accept(users, risk, expires_on=TODAY + datetime.timedelta(days=10))
    response_transition(actor=users["head"], pk=response.pk, target="accepted")
    reduce = response_propose(actor=users["planner"], pk=risk.pk, strategy="reduce", measures="Rota.",
                              department=dept(), owner=users["inspector"], due_on=TODAY,
                              check_every_days=5)  # fmt: skip
    later = TODAY + datetime.timedelta(days=10)  # the expiry day: no longer in force
    counts = risk_reminders(today=later)
    assert (counts["expired"], counts["overdue"]) == (1, 1)
    assert counts["checks"] == 1  # the reduce response's check (every 5 days) is due; the acceptance's is not
    response.refresh_from_db()
    assert response.status == "expired"
    key = f"risk-measures-overdue:{reduce.pk}:{TODAY}"
    assert Notification.objects.filter(recipient=users["inspector"], dedupe_key=key).count() == 1
    before = Notification.objects.count()
    assert risk_reminders(today=later)["expired"] == 0
    assert Notification.objects.count() == before  # the same events are not reminded twice


# -- system indicators (7.3.1) ---------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_overdue_rectifications_raise_a_warning_and_close_once_back(users, project):
    from projects.models import RectificationNotice
    from risk.models import RiskWarning
    from risk.services import evaluate_indicators, warning_handle

    notice = RectificationNotice.objects.create(project=project, finding="Lobby dirty", requirement="Clean it",
                                                responsible=users["service"], issued_by=users["inspector"],
                                                deadline=TODAY - datetime.timedelta(days=2))  # fmt: skip
    evaluate_indicators()
    evaluate_indicators()
    warning = RiskWarning.objects.get(indicator__code="risk-overdue-rectifications")
    assert (warning.project, warning.level, warning.value) == (project, "warning", Decimal("1.00"))
    assert Notification.objects.filter(recipient=users["head"], url=f"/risk/warnings/{warning.pk}/").count() == 1
    warning_handle(actor=users["head"], pk=warning.pk, analysis="Crew missed it.", action_taken="Re-assigned.")
    RectificationNotice.objects.filter(pk=notice.pk).update(status="closed")
    evaluate_indicators()
    warning.refresh_from_db()
    assert warning.status == "closed"
    evaluate_indicators()
    assert RiskWarning.objects.filter(indicator__code="risk-overdue-rectifications").count() == 1


@pytest.mark.django_db
def test_the_system_indicators_count_per_project(users, project, other_project):
    from projects.indicators import open_complaints
    from projects.models import ServiceRequest

    for p, n in ((project, 3), (other_project, 1)):
        for i in range(n):
            ServiceRequest.objects.create(project=p, kind="complaint", channel="phone", category="cleaning",
                                          title=f"C{i}", description="Noise", raised_by=users["service"],
                                          respond_by=timezone.now())  # fmt: skip
    assert open_complaints(TODAY) == {project.pk: Decimal(3), other_project.pk: Decimal(1)}


@pytest.mark.django_db
def test_the_level_is_the_residual_one_once_assessed(users, project):
    """Recording the inherent level again (a periodic review) leaves the residual level, and the acceptance given
    at it, standing (7.1.3, 7.2.1)."""
    risk = make_risk(users, project)
    assess(users, risk, 4, 4)
    assess(users, risk, 1, 2, stage="residual")
    response = accept(users, risk)
    response_transition(actor=users["head"], pk=response.pk, target="accepted")
    assess(users, risk, 4, 4)  # inherent, unchanged
    risk.refresh_from_db()
    response.refresh_from_db()
    assert (risk.level, risk.likelihood, risk.impact, risk.inherent_level) == ("low", 1, 2, "very_high")
    assert response.status == "accepted"


@pytest.mark.django_db
def test_nobody_approves_their_own_request_or_an_expired_one(users, project):
    from core.models import User

    risk = make_risk(users, project)
    assess(users, risk, 2, 2)
    own = accept(users, risk, actor="head")
    with pytest.raises(ConditionFailed, match="does not approve"):
        response_transition(actor=users["head"], pk=own.pk, target="accepted")
    response_transition(actor=users["head"], pk=own.pk, target="rejected", comment="Ask the planner.")
    late = accept(users, risk, expires_on=TODAY + datetime.timedelta(days=2))
    RiskResponse.objects.filter(pk=late.pk).update(expires_on=TODAY)
    with pytest.raises(ConditionFailed, match="expiry"):
        response_transition(actor=users["head"], pk=late.pk, target="accepted")
    assert risk_reminders()["expired"] == 1  # a request past its expiry lapses too
    late.refresh_from_db()
    assert late.status == "expired"
    outsider = User.objects.get(username="employee")
    with pytest.raises(ValidationError) as refused:  # the owner must be able to open the risk (7.2.2)
        response_propose(actor=users["planner"], pk=risk.pk, strategy="reduce", measures="m", department=dept(),
                         owner=outsider, due_on=TODAY)  # fmt: skip
    assert "owner" in refused.value.error_dict


@pytest.mark.django_db
def test_a_closed_risk_is_no_longer_reminded_checked_or_completed(users, project):
    risk = make_risk(users, project)
    assess(users, risk, 2, 2)
    reduce = response_propose(actor=users["planner"], pk=risk.pk, strategy="reduce", measures="Rota.",
                              department=dept(), owner=users["inspector"], due_on=TODAY,
                              check_every_days=1)  # fmt: skip
    acceptance = accept(users, risk, expires_on=TODAY + datetime.timedelta(days=2))
    response_transition(actor=users["head"], pk=acceptance.pk, target="accepted")
    risk_close(actor=users["planner"], pk=risk.pk, reason="The lease ended.")
    counts = risk_reminders(today=TODAY + datetime.timedelta(days=5))
    assert (counts["expired"], counts["checks"], counts["overdue"]) == (0, 0, 0)
    with pytest.raises(ValidationError):
        check_record(actor=users["planner"], pk=reduce.pk, result="effective", notes="n")
    with pytest.raises(ConditionFailed):
        response_transition(actor=users["planner"], pk=reduce.pk, target="completed")


@pytest.mark.django_db
def test_a_project_that_left_the_active_stages_is_not_reviewed_again(users, project):
    type(project).objects.filter(pk=project.pk).update(stage="execution")
    risk_reminders()
    review = RiskReview.objects.get(project=project)
    type(project).objects.filter(pk=project.pk).update(stage="closed")
    review_complete(actor=users["planner"], pk=review.pk, notes="Final review at closing.")
    assert not RiskReview.objects.filter(status="due").exists()
    assert risk_reminders()["planned"] == 0
