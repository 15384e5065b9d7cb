"""The workflows of the project lifecycle (policy ch. 3).

Stage: intake → planning → execution → supervision → acceptance → closed (and intake → declined). Every stage gate
is approved by the department head (``projects.approve_stage_gate``) and leaves an approval record.
Plan review: draft → in review → passed / returned (3.2.3).

Each condition cites its clause and, where it can, carries the equivalent queryset filter (``q``) so that lists and
dashboards can find the records whose gate is open without checking them one by one.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contracts.choices import ContractStatus
from core.roles import Role
from core.workflow import Condition, Transition, Workflow
from projects.choices import (
    AcceptanceStatus,
    InspectionStatus,
    IntakeDecision,
    IssueStatus,
    MeritStatus,
    PlanStatus,
    RectificationStatus,
    RequestStatus,
    Stage,
    TaskStatus,
)
from projects.models import (
    AcceptanceArrangement,
    AcceptanceRound,
    CoordinationIssue,
    Duty,
    Handover,
    Inspection,
    MeritRecord,
    OperationsPlan,
    Project,
    RectificationNotice,
    ServiceRequest,
    Talk,
    WorkTask,
)

APPROVE = "projects.approve_stage_gate"


def _evaluation(project):
    return getattr(project, "evaluation", None) if project.pk else None


def _signed_contract_q():
    from contracts.models import Contract

    return Exists(Contract.objects.filter(project=OuterRef("pk"), status=ContractStatus.SIGNED))


needs_recorded = Condition(
    "3.1.1",
    _("the client's needs and expectations are not recorded."),
    lambda p, u: bool(p.client_needs.strip()),
    q=~Q(client_needs=""),
)
talk_logged = Condition(
    "3.1.1",
    _("no talk with the client is logged."),
    lambda p, u: p.talks.exists(),
    q=Exists(Talk.objects.filter(project=OuterRef("pk"))),
)
evaluation_done = Condition(
    "3.1.2",
    _("the preliminary evaluation (feasibility and risks) is not recorded."),
    lambda p, u: _evaluation(p) is not None,
    q=Q(evaluation__isnull=False),
)
taken_on = Condition(
    "3.1.3",
    _("the department head has not decided to take the project on."),
    lambda p, u: (e := _evaluation(p)) is not None and e.decision == IntakeDecision.TAKE_ON,
    q=Q(evaluation__decision=IntakeDecision.TAKE_ON),
)
declined = Condition(
    "3.1.2",
    _("the department head has not decided to decline the lead."),
    lambda p, u: (e := _evaluation(p)) is not None and e.decision == IntakeDecision.DECLINE,
    q=Q(evaluation__decision=IntakeDecision.DECLINE),
)
contract_signed = Condition(
    "3.1.3",
    _("the project has no signed managed-operations service contract."),
    lambda p, u: p.contracts.filter(status=ContractStatus.SIGNED).exists(),
    q=_signed_contract_q,
)
plan_passed = Condition(
    "3.2.3",
    _("no version of the operations plan has passed the internal review."),
    lambda p, u: p.plans.filter(status=PlanStatus.PASSED).exists(),
    q=Exists(OperationsPlan.objects.filter(project=OuterRef("pk"), status=PlanStatus.PASSED)),
)
work_plan_written = Condition(
    "3.3.1",
    _("the work plan and timetable have no task."),
    lambda p, u: p.tasks.exists(),
    q=Exists(WorkTask.objects.filter(project=OuterRef("pk"))),
)
duties_assigned = Condition(
    "3.3.1",
    _("no duties are assigned to groups and people."),
    lambda p, u: p.duties.exists(),
    q=Exists(Duty.objects.filter(project=OuterRef("pk"))),
)
rectifications_closed = Condition(
    "3.4.2",
    _("rectification notices are still open: every rectification is followed up until it is verified."),
    lambda p, u: not p.rectifications.exclude(status=RectificationStatus.CLOSED).exists(),
    q=~Exists(RectificationNotice.objects.filter(project=OuterRef("pk")).exclude(status=RectificationStatus.CLOSED)),
)
acceptance_agreed = Condition(
    "3.5.1",
    _("the time and manner of acceptance are not agreed with the client."),
    lambda p, u: AcceptanceArrangement.objects.filter(project=p).exists(),
    q=Exists(AcceptanceArrangement.objects.filter(project=OuterRef("pk"))),
)
client_accepted = Condition(
    "3.5.3",
    _("the client has not accepted the project."),
    lambda p, u: p.acceptance_rounds.filter(status=AcceptanceStatus.ACCEPTED).exists(),
    q=Exists(AcceptanceRound.objects.filter(project=OuterRef("pk"), status=AcceptanceStatus.ACCEPTED)),
)
handover_completed = Condition(
    "3.5.3",
    _("the handover formalities are not completed."),
    lambda p, u: Handover.objects.filter(project=p, completed_at__isnull=False).exists(),
    q=Q(handover__completed_at__isnull=False),
)


def _enter_stage(project: Project, transition: Transition, actor) -> None:
    project.stage_entered_at = timezone.now()


def _stage_recipients(project: Project, transition: Transition):
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
    recipients=_stage_recipients,
    url=lambda p: p.get_absolute_url(),
    transitions=[
        Transition(
            Stage.INTAKE,
            Stage.PLANNING,
            APPROVE,
            _("Take on: start planning"),
            "3.1.3",
            conditions=(needs_recorded, talk_logged, evaluation_done, taken_on, contract_signed),
            approval_step="gate:planning",
        ),
        Transition(
            Stage.INTAKE,
            Stage.DECLINED,
            "projects.decide_intake",
            _("Decline the lead"),
            "3.1.2",
            conditions=(evaluation_done, declined),
            approval_step="gate:declined",
            decision="rejected",
            requires_comment=True,
            button="danger",
        ),
        Transition(
            Stage.PLANNING,
            Stage.EXECUTION,
            APPROVE,
            _("Approve the plan: start execution"),
            "3.2.3",
            conditions=(plan_passed,),
            approval_step="gate:execution",
        ),
        Transition(
            Stage.EXECUTION,
            Stage.SUPERVISION,
            APPROVE,
            _("Start supervision and assessment"),
            "3.4.1",
            conditions=(duties_assigned, work_plan_written),
            approval_step="gate:supervision",
        ),
        Transition(
            Stage.SUPERVISION,
            Stage.ACCEPTANCE,
            APPROVE,
            _("Start acceptance"),
            "3.5.1",
            conditions=(rectifications_closed, acceptance_agreed),
            approval_step="gate:acceptance",
        ),
        Transition(
            Stage.ACCEPTANCE,
            Stage.CLOSED,
            APPROVE,
            _("Close after acceptance and handover"),
            "3.5.3",
            conditions=(client_accepted, handover_completed),
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


# ----------------------------------------------------------------------------------------------------------------
# Operations plan internal review (3.2.3)
# ----------------------------------------------------------------------------------------------------------------
plan_has_goals = Condition(
    "3.2.2",
    _("the plan has no measurable goal with a target."),
    lambda plan, u: plan.goals.exclude(target="").exists(),
)
plan_has_strategies = Condition(
    "3.2.2", _("the plan states no strategies."), lambda plan, u: bool(plan.strategies.strip())
)
plan_has_schedule = Condition(
    "3.2.2", _("the plan's schedule has no milestone."), lambda plan, u: plan.milestones.exists()
)
plan_has_resources = Condition("3.2.2", _("the plan allocates no resources."), lambda plan, u: plan.resources.exists())
plan_has_reviewers = Condition(
    "3.2.3", _("no reviewer is named for the internal review."), lambda plan, u: plan.reviews.exists()
)
plan_reviewed = Condition(
    "3.2.3",
    _("not every named reviewer has given an opinion."),
    lambda plan, u: plan.reviews.exists() and not plan.reviews.filter(verdict="").exists(),
)
plan_is_current = Condition(
    "3.2.2",
    _("a newer version of this plan exists."),
    lambda plan, u: not OperationsPlan.objects.filter(project_id=plan.project_id, version__gt=plan.version).exists(),
)
project_in_planning = Condition(
    "3.2",
    _("the project is not in planning."),
    lambda plan, u: plan.project.stage == Stage.PLANNING,
)


def _plan_recipients(plan: OperationsPlan, transition: Transition):
    from core.models import User

    if transition.target == PlanStatus.IN_REVIEW:
        return User.objects.filter(Q(plan_reviews__plan=plan) | Q(groups__name=Role.HEAD), is_active=True).distinct()
    return User.objects.filter(Q(pk=plan.author_id) | Q(project_memberships__project=plan.project_id)).distinct()


PLAN_WORKFLOW = Workflow(
    name="operations-plan",
    model=OperationsPlan,
    field="status",
    states=PlanStatus,
    clause="3.2.3",
    recipients=_plan_recipients,
    url=lambda plan: plan.get_absolute_url(),
    transitions=[
        Transition(
            PlanStatus.DRAFT,
            PlanStatus.IN_REVIEW,
            "projects.submit_plan",
            _("Submit for internal review"),
            "3.2.3",
            conditions=(
                project_in_planning,
                plan_is_current,
                plan_has_goals,
                plan_has_strategies,
                plan_has_schedule,
                plan_has_resources,
                plan_has_reviewers,
            ),
        ),
        Transition(
            PlanStatus.IN_REVIEW,
            PlanStatus.PASSED,
            "projects.decide_plan",
            _("Pass the plan"),
            "3.2.3",
            conditions=(plan_reviewed,),
            approval_step="plan-review",
            button="success",
        ),
        Transition(
            PlanStatus.IN_REVIEW,
            PlanStatus.RETURNED,
            "projects.decide_plan",
            _("Return for revision"),
            "3.2.3",
            approval_step="plan-review",
            decision="returned",
            requires_comment=True,
            button="warning",
        ),
    ],
)


# ----------------------------------------------------------------------------------------------------------------
# Work-plan tasks (3.3.2) and the coordination log (3.3.3)
# ----------------------------------------------------------------------------------------------------------------
def _task_enter(task, transition: Transition, actor) -> None:
    if transition.target == TaskStatus.DONE:
        task.progress = 100
        task.completed_at = timezone.now()
    elif transition.source == TaskStatus.DONE:
        task.completed_at = None


task_in_execution = Condition(
    "3.3.2",
    _("the project is not being executed."),
    lambda task, u: task.project.stage in (Stage.EXECUTION, Stage.SUPERVISION, Stage.ACCEPTANCE),
)

TASK_WORKFLOW = Workflow(
    name="work-task",
    model=WorkTask,
    field="status",
    states=TaskStatus,
    clause="3.3.2",
    on_enter=_task_enter,
    recipients=lambda task, t: [task.owner],
    url=lambda task: task.get_absolute_url(),
    transitions=[
        Transition(
            TaskStatus.TODO,
            TaskStatus.IN_PROGRESS,
            "projects.change_worktask",
            _("Start"),
            "3.3.2",
            conditions=(task_in_execution,),
        ),
        Transition(
            TaskStatus.IN_PROGRESS,
            TaskStatus.DONE,
            "projects.change_worktask",
            _("Mark done"),
            "3.3.2",
            button="success",
        ),
        Transition(
            TaskStatus.TODO,
            TaskStatus.DONE,
            "projects.change_worktask",
            _("Mark done"),
            "3.3.2",
            conditions=(task_in_execution,),
            button="success",
        ),
        Transition(
            TaskStatus.DONE,
            TaskStatus.IN_PROGRESS,
            "projects.change_worktask",
            _("Reopen"),
            "3.3.2",
            requires_comment=True,
            button="warning",
        ),
        Transition(
            TaskStatus.TODO,
            TaskStatus.CANCELLED,
            "projects.change_worktask",
            _("Cancel"),
            "3.3.2",
            requires_comment=True,
            button="danger",
        ),
        Transition(
            TaskStatus.IN_PROGRESS,
            TaskStatus.CANCELLED,
            "projects.change_worktask",
            _("Cancel"),
            "3.3.2",
            requires_comment=True,
            button="danger",
        ),
        Transition(
            TaskStatus.CANCELLED,
            TaskStatus.TODO,
            "projects.change_worktask",
            _("Reopen"),
            "3.3.2",
            requires_comment=True,
            button="warning",
        ),
    ],
)


def _issue_enter(issue, transition: Transition, actor) -> None:
    if transition.target == IssueStatus.ESCALATED:
        issue.escalated_at = timezone.now()
    elif transition.target == IssueStatus.RESOLVED:
        issue.resolved_at = timezone.now()
    elif transition.target == IssueStatus.OPEN:
        # A reopened problem needs a new resolution; the old one stays in the audit trail.
        issue.resolved_at = None
        issue.resolution = ""


def _issue_recipients(issue, transition: Transition):
    from core.models import User

    if transition.target == IssueStatus.ESCALATED:
        return User.objects.filter(groups__name=Role.HEAD, is_active=True)
    return User.objects.filter(pk__in=[issue.owner_id, issue.raised_by_id], is_active=True)


resolution_recorded = Condition(
    "3.3.3",
    _("the resolution is not recorded."),
    lambda issue, u: bool(issue.resolution.strip()),
    on_input=True,
)

ISSUE_WORKFLOW = Workflow(
    name="coordination-issue",
    model=CoordinationIssue,
    field="status",
    states=IssueStatus,
    clause="3.3.3",
    on_enter=_issue_enter,
    recipients=_issue_recipients,
    url=lambda issue: issue.get_absolute_url(),
    transitions=[
        Transition(
            IssueStatus.OPEN,
            IssueStatus.ESCALATED,
            "projects.change_coordinationissue",
            _("Escalate to the department head"),
            "3.3.3",
            requires_comment=True,
            button="warning",
        ),
        Transition(
            IssueStatus.OPEN,
            IssueStatus.RESOLVED,
            "projects.change_coordinationissue",
            _("Resolve"),
            "3.3.3",
            conditions=(resolution_recorded,),
            button="success",
        ),
        Transition(
            IssueStatus.ESCALATED,
            IssueStatus.RESOLVED,
            "projects.resolve_escalated_issue",
            _("Resolve (department head)"),
            "3.3.3",
            conditions=(resolution_recorded,),
            approval_step="coordination:resolve",
            button="success",
        ),
        Transition(
            IssueStatus.RESOLVED,
            IssueStatus.OPEN,
            "projects.change_coordinationissue",
            _("Reopen"),
            "3.3.3",
            requires_comment=True,
            button="warning",
        ),
    ],
)


# ----------------------------------------------------------------------------------------------------------------
# Inspections (3.4.1) and rectification notices (3.4.2)
# ----------------------------------------------------------------------------------------------------------------
def _inspection_enter(inspection, transition: Transition, actor) -> None:
    if transition.target == InspectionStatus.COMPLETED:
        inspection.performed_on = inspection.performed_on or timezone.localdate()
        inspection.score, inspection.result = inspection.compute_result()


every_item_scored = Condition(
    "3.4.1",
    _("not every item of the checklist is scored."),
    lambda i, u: i.scores.count() == i.checklist.items.count() and i.scores.exists(),
)
by_the_inspector = Condition(
    "3.4.1",
    _("only the inspector assigned to this inspection records its result."),
    lambda i, u: i.inspector_id == u.pk or u.is_superuser,
)

INSPECTION_WORKFLOW = Workflow(
    name="inspection",
    model=Inspection,
    field="status",
    states=InspectionStatus,
    clause="3.4.1",
    on_enter=_inspection_enter,
    recipients=lambda i, t: _project_team(i.project),
    url=lambda i: i.get_absolute_url(),
    transitions=[
        Transition(
            InspectionStatus.PLANNED,
            InspectionStatus.COMPLETED,
            "projects.perform_inspection",
            _("Complete the inspection"),
            "3.4.2",
            conditions=(by_the_inspector, every_item_scored),
            button="success",
        ),
        Transition(
            InspectionStatus.PLANNED,
            InspectionStatus.CANCELLED,
            "projects.perform_inspection",
            _("Cancel the inspection"),
            "3.4.1",
            requires_comment=True,
            button="danger",
        ),
    ],
)


def _project_team(project):
    from core.models import User

    return User.objects.filter(
        Q(project_memberships__project=project) | Q(groups__name=Role.HEAD), is_active=True
    ).distinct()


def _rectification_enter(notice, transition: Transition, actor) -> None:
    if transition.target == RectificationStatus.SUBMITTED:
        notice.submitted_at = timezone.now()
    elif transition.target == RectificationStatus.CLOSED:
        notice.closed_at = timezone.now()


def _rectification_recipients(notice, transition: Transition):
    from core.models import User

    if transition.target == RectificationStatus.SUBMITTED:
        return User.objects.filter(pk=notice.issued_by_id)
    return User.objects.filter(pk=notice.responsible_id)


fix_recorded = Condition(
    "3.4.2",
    _("the fix carried out is not described."),
    lambda n, u: bool(n.fix_description.strip()),
    on_input=True,
)
by_the_responsible = Condition(
    "3.4.2",
    _("only the person responsible for the rectification submits its fix."),
    lambda n, u: n.responsible_id == u.pk,
)

RECTIFICATION_WORKFLOW = Workflow(
    name="rectification",
    model=RectificationNotice,
    field="status",
    states=RectificationStatus,
    clause="3.4.2",
    on_enter=_rectification_enter,
    recipients=_rectification_recipients,
    url=lambda n: n.get_absolute_url(),
    transitions=[
        Transition(
            RectificationStatus.ISSUED,
            RectificationStatus.SUBMITTED,
            "projects.change_rectificationnotice",
            _("Submit the fix"),
            "3.4.2",
            conditions=(by_the_responsible, fix_recorded),
        ),
        Transition(
            RectificationStatus.SUBMITTED,
            RectificationStatus.CLOSED,
            "projects.verify_rectification",
            _("Verify and close"),
            "3.4.2",
            approval_step="rectification:verify",
            button="success",
        ),
        Transition(
            RectificationStatus.SUBMITTED,
            RectificationStatus.ISSUED,
            "projects.verify_rectification",
            _("Send back: not fixed"),
            "3.4.2",
            approval_step="rectification:verify",
            decision="returned",
            requires_comment=True,
            button="warning",
        ),
    ],
)


# ----------------------------------------------------------------------------------------------------------------
# Commendation and accountability (3.4.3)
# ----------------------------------------------------------------------------------------------------------------
def _merit_enter(record, transition: Transition, actor) -> None:
    record.decided_at = timezone.now()


merit_justified = Condition(
    "3.4.3",
    _("no completed inspection of the project justifies this record."),
    lambda r, u: r.inspections.filter(status=InspectionStatus.COMPLETED).exists(),
)

MERIT_WORKFLOW = Workflow(
    name="merit-record",
    model=MeritRecord,
    field="status",
    states=MeritStatus,
    clause="3.4.3",
    on_enter=_merit_enter,
    recipients=lambda r, t: [u for u in (r.proposed_by, r.person) if u is not None],
    url=lambda r: r.get_absolute_url(),
    transitions=[
        Transition(
            MeritStatus.PROPOSED,
            MeritStatus.APPROVED,
            "projects.approve_meritrecord",
            _("Approve"),
            "3.4.3",
            conditions=(merit_justified,),
            approval_step="merit:approve",
            button="success",
        ),
        Transition(
            MeritStatus.PROPOSED,
            MeritStatus.REJECTED,
            "projects.approve_meritrecord",
            _("Do not approve"),
            "3.4.3",
            approval_step="merit:approve",
            decision="rejected",
            requires_comment=True,
            button="danger",
        ),
    ],
)


# ----------------------------------------------------------------------------------------------------------------
# Acceptance rounds (3.5.2–3.5.3)
# ----------------------------------------------------------------------------------------------------------------
def _acceptance_enter(round_, transition: Transition, actor) -> None:
    from core.audit import current_context

    now = timezone.now()
    if transition.target == AcceptanceStatus.SUBMITTED:
        round_.submitted_by, round_.submitted_at = actor, now
        round_.package_digest = round_.compute_digest()
    elif transition.target == AcceptanceStatus.PREPARING:
        round_.submitted_by = round_.submitted_at = None
        round_.package_digest = ""
    else:
        round_.decided_by, round_.decided_at = actor, now
        if transition.target == AcceptanceStatus.ACCEPTED:
            round_.signed_digest = round_.compute_digest()
            round_.signer_ip = current_context().ip_address or None


def _acceptance_recipients(round_, transition: Transition):
    from core.models import User

    if transition.target == AcceptanceStatus.SUBMITTED:
        return User.objects.filter(client_organisation=round_.project.client_id, groups__name=Role.CLIENT,
                                   is_active=True)  # fmt: skip
    return _project_team(round_.project)


round_in_acceptance = Condition(
    "3.5",
    _("the project is not in acceptance."),
    lambda r, u: r.project.stage == Stage.ACCEPTANCE,
)
round_arranged = Condition(
    "3.5.1",
    _("the time and manner of acceptance are not agreed with the client."),
    lambda r, u: AcceptanceArrangement.objects.filter(project=r.project_id).exists(),
)
operations_report_written = Condition(
    "3.5.2", _("the operations report is missing."), lambda r, u: bool(r.operations_report.strip())
)
quality_report_written = Condition(
    "3.5.2", _("the quality-assessment report is missing."), lambda r, u: bool(r.quality_report.strip())
)
satisfaction_results_given = Condition(
    "3.5.2",
    _("the customer-satisfaction survey results are missing."),
    lambda r, u: bool(r.satisfaction_results.strip()),
)
earlier_problems_rectified = Condition(
    "3.5.3",
    _("the problems the client found in an earlier round are not all rectified and verified."),
    lambda r, u: (
        not RectificationNotice.objects.filter(acceptance_round__project=r.project_id)
        .exclude(status=RectificationStatus.CLOSED)
        .exists()
    ),
)
by_the_client = Condition(
    "3.5.3",
    _("only a user of the client organisation decides on acceptance."),
    lambda r, u: bool(u.client_organisation_id) and u.client_organisation_id == r.project.client_id,
)
signer_identified = Condition(
    "3.5.3",
    _("the signer's name and position are required."),
    lambda r, u: bool(r.signer_name.strip() and r.signer_position.strip()),
    on_input=True,
)
signer_confirmed = Condition(
    "3.5.3", _("the acceptance is not confirmed."), lambda r, u: r.signer_confirmed, on_input=True
)
package_unchanged = Condition(
    "3.5.2",
    _("the package changed after it was sent to the client; it must be sent again."),
    lambda r, u: r.compute_digest() == r.package_digest,
)
problems_listed = Condition(
    "3.5.3",
    _("list the problems found, one per line."),
    lambda r, u: bool(r.problem_lines),
    on_input=True,
)

ACCEPTANCE_WORKFLOW = Workflow(
    name="acceptance-round",
    model=AcceptanceRound,
    field="status",
    states=AcceptanceStatus,
    clause="3.5",
    on_enter=_acceptance_enter,
    recipients=_acceptance_recipients,
    url=lambda r: r.get_absolute_url(),
    transitions=[
        Transition(
            AcceptanceStatus.PREPARING,
            AcceptanceStatus.SUBMITTED,
            "projects.submit_acceptance",
            _("Send the package to the client"),
            "3.5.2",
            conditions=(
                round_in_acceptance,
                round_arranged,
                operations_report_written,
                quality_report_written,
                satisfaction_results_given,
                earlier_problems_rectified,
            ),
        ),
        Transition(
            AcceptanceStatus.SUBMITTED,
            AcceptanceStatus.PREPARING,
            "projects.submit_acceptance",
            _("Withdraw the package"),
            "3.5.2",
            requires_comment=True,
            button="warning",
        ),
        Transition(
            AcceptanceStatus.SUBMITTED,
            AcceptanceStatus.ACCEPTED,
            "projects.decide_acceptance",
            _("Accept and sign off"),
            "3.5.3",
            conditions=(by_the_client, package_unchanged, signer_identified, signer_confirmed),
            approval_step="acceptance:client",
            button="success",
        ),
        Transition(
            AcceptanceStatus.SUBMITTED,
            AcceptanceStatus.REJECTED,
            "projects.decide_acceptance",
            _("Do not accept"),
            "3.5.3",
            conditions=(by_the_client, problems_listed),
            approval_step="acceptance:client",
            decision="rejected",
            button="danger",
        ),
    ],
)


# ----------------------------------------------------------------------------------------------------------------
# Client requests, questions and complaints (4.1.3, 2.2.3)
# ----------------------------------------------------------------------------------------------------------------
def _request_enter(req, transition: Transition, actor) -> None:
    now = timezone.now()
    if transition.target == RequestStatus.IN_PROGRESS and req.first_response_at is None:
        req.first_response_at = now
        req.assignee = req.assignee or actor
    elif transition.target == RequestStatus.RESOLVED:
        req.resolved_at = now
    elif transition.target == RequestStatus.CLOSED:
        req.closed_at = now
    if transition.source == RequestStatus.RESOLVED and transition.target == RequestStatus.IN_PROGRESS:
        req.resolved_at = None  # the client says it is not resolved: a new resolution is needed


def _request_recipients(req, transition: Transition):
    from core.models import User

    if transition.target == RequestStatus.ESCALATED:
        return User.objects.filter(groups__name=Role.HEAD, is_active=True)
    if transition.target == RequestStatus.RESOLVED:
        return User.objects.filter(pk=req.raised_by_id, is_active=True)
    staff = Q(project_memberships__project=req.project_id, project_memberships__role="service")
    return User.objects.filter(staff | Q(pk=req.assignee_id), is_active=True).distinct()


first_response_given = Condition(
    "4.1.3", _("the first response to the client is not written."), lambda r, u: bool(r.first_response.strip()),
    on_input=True,
)  # fmt: skip
request_resolution_given = Condition(
    "4.1.3", _("the resolution is not described."), lambda r, u: bool(r.resolution.strip()), on_input=True
)
rating_given = Condition(
    "4.2.3", _("rate the handling from 1 to 5."), lambda r, u: r.rating in (1, 2, 3, 4, 5), on_input=True
)
by_the_requesting_client = Condition(
    "2.2.3",
    _("only a user of the client organisation rates the handling."),
    lambda r, u: bool(u.client_organisation_id) and u.client_organisation_id == r.project.client_id,
)

SERVICE_REQUEST_WORKFLOW = Workflow(
    name="service-request",
    model=ServiceRequest,
    field="status",
    states=RequestStatus,
    clause="4.1.3",
    on_enter=_request_enter,
    recipients=_request_recipients,
    url=lambda r: r.get_absolute_url(),
    transitions=[
        Transition(RequestStatus.OPEN, RequestStatus.IN_PROGRESS, "projects.handle_servicerequest",
                   _("Respond and handle"), "4.1.3", conditions=(first_response_given,)),
        Transition(RequestStatus.OPEN, RequestStatus.ESCALATED, "projects.handle_servicerequest",
                   _("Escalate to the department head"), "2.2.3", requires_comment=True, button="warning"),
        Transition(RequestStatus.IN_PROGRESS, RequestStatus.ESCALATED, "projects.handle_servicerequest",
                   _("Escalate to the department head"), "2.2.3", requires_comment=True, button="warning"),
        Transition(RequestStatus.ESCALATED, RequestStatus.IN_PROGRESS, "projects.resolve_escalated_request",
                   _("Hand back with instructions"), "2.2.3", conditions=(first_response_given,),
                   requires_comment=True, approval_step="request:escalation"),
        Transition(RequestStatus.IN_PROGRESS, RequestStatus.RESOLVED, "projects.handle_servicerequest",
                   _("Resolve"), "4.1.3", conditions=(request_resolution_given,), button="success"),
        Transition(RequestStatus.ESCALATED, RequestStatus.RESOLVED, "projects.resolve_escalated_request",
                   _("Resolve (department head)"), "2.2.3", conditions=(first_response_given, request_resolution_given),
                   approval_step="request:escalation", button="success"),
        Transition(RequestStatus.RESOLVED, RequestStatus.CLOSED, "projects.rate_servicerequest",
                   _("Rate and close"), "4.2.3", conditions=(by_the_requesting_client, rating_given), button="success"),
        Transition(RequestStatus.RESOLVED, RequestStatus.IN_PROGRESS, "projects.rate_servicerequest",
                   _("Not resolved: reopen"), "4.1.3", conditions=(by_the_requesting_client,), requires_comment=True,
                   button="warning"),
    ],
)  # fmt: skip
