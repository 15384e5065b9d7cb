"""The staff workflows (ch. 5), declared in one place:

- a recruitment plan: draft → the department head → HR → approved, or rejected with the reason (5.1.1);
- a candidate: applied → screened → interviewed → offered → hired, or rejected; no offer beyond the approved
  headcount (5.1.1–5.1.2);
- a decision on pay, promotion or a reward: proposed → approved or rejected; pay and promotion by the executive
  (5.2.2–5.2.3);
- a resignation: submitted → reviewed by the department head → approved by the superior → the exit completed by HR
  once the handover record is signed, the settlement done, the items returned and the open work reassigned (5.3).
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models.workflow import ApprovalDecision
from core.roles import Role, role_holders, roles_of
from core.workflow import Condition, Transition, Workflow
from staff.choices import CandidateStatus, DecisionKind, DecisionStatus, EmployeeStatus, PlanStatus, ResignationStatus
from staff.models import Candidate, RecruitmentPlan, Resignation, StaffDecision

P, C, D, R = PlanStatus, CandidateStatus, DecisionStatus, ResignationStatus


# -- recruitment plans (5.1.1) ---------------------------------------------------------------------------------------
plan_complete = Condition(
    "5.1.1", _("the position, headcount, requirements and justification are needed."),
    lambda p, u: bool(p.position.strip() and p.headcount and p.requirements.strip() and p.justification.strip()),
)  # fmt: skip

NEXT_PLAN_ACTORS = {P.SUBMITTED: [Role.HEAD], P.HEAD_APPROVED: [Role.HR]}

RECRUITMENT_WORKFLOW = Workflow(
    name="recruitment-plan",
    model=RecruitmentPlan,
    field="status",
    states=PlanStatus,
    clause="5.1.1",
    recipients=lambda p, t: [p.created_by, *role_holders(*NEXT_PLAN_ACTORS.get(t.target, []))],
    url=lambda p: p.get_absolute_url(),
    transitions=[
        Transition(P.DRAFT, P.SUBMITTED, "staff.change_recruitmentplan", _("Submit for approval"), "5.1.1",
                   conditions=(plan_complete,)),
        Transition(P.SUBMITTED, P.HEAD_APPROVED, "staff.approve_recruitment_head", _("Approve as department head"),
                   "5.1.1", approval_step="recruitment:head", button="success"),
        Transition(P.SUBMITTED, P.REJECTED, "staff.approve_recruitment_head", _("Reject"), "5.1.1",
                   approval_step="recruitment:head", decision=ApprovalDecision.REJECTED, requires_comment=True,
                   button="danger"),
        Transition(P.HEAD_APPROVED, P.APPROVED, "staff.approve_recruitment_hr", _("Approve for HR"), "5.1.1",
                   approval_step="recruitment:hr", button="success"),
        Transition(P.HEAD_APPROVED, P.REJECTED, "staff.approve_recruitment_hr", _("Reject"), "5.1.1",
                   approval_step="recruitment:hr", decision=ApprovalDecision.REJECTED, requires_comment=True,
                   button="danger"),
    ],
)  # fmt: skip


# -- candidates (5.1.2) ----------------------------------------------------------------------------------------------
interviewed = Condition("5.1.2", _("record the interview notes first."), lambda c, u: c.interviews.exists())


def offers_taken(plan) -> int:
    """Offered or hired candidates of ``plan`` (a page showing many candidates sets ``plan.offers_taken`` once)."""
    taken = getattr(plan, "offers_taken", None)
    return taken if taken is not None else plan.candidates.filter(status__in=[C.OFFERED, C.HIRED]).count()


def _within_headcount(candidate, user) -> bool:
    return candidate.plan.status == P.APPROVED and offers_taken(candidate.plan) < candidate.plan.headcount


within_headcount = Condition(
    "5.1.1",
    lambda c, u: (
        _("the approved headcount of %(n)s for “%(position)s” is already offered or hired.")
        % {"n": c.plan.headcount, "position": c.plan.position}
    ),
    _within_headcount,
    summary=_("An offer is made only within the recruitment plan's approved headcount."),
)

CANDIDATE_WORKFLOW = Workflow(
    name="candidate",
    model=Candidate,
    field="status",
    states=CandidateStatus,
    clause="5.1.2",
    url=lambda c: c.get_absolute_url(),
    transitions=[
        Transition(C.APPLIED, C.SCREENED, "staff.hire_candidate", _("Pass the screening"), "5.1.2"),
        Transition(C.SCREENED, C.INTERVIEWED, "staff.hire_candidate", _("Record as interviewed"), "5.1.2",
                   conditions=(interviewed,)),
        Transition(C.INTERVIEWED, C.OFFERED, "staff.hire_candidate", _("Make an offer"), "5.1.1",
                   conditions=(within_headcount,), button="success"),
        Transition(C.OFFERED, C.HIRED, "staff.hire_candidate", _("Hire"), "5.1.3", button="success"),
        *[Transition(s, C.REJECTED, "staff.hire_candidate", _("Reject"), "5.1.2", requires_comment=True,
                     button="danger") for s in (C.APPLIED, C.SCREENED, C.INTERVIEWED, C.OFFERED)],
    ],
)  # fmt: skip


# -- decisions on pay, promotion and rewards (5.2.2–5.2.3) -----------------------------------------------------------
def _may_decide(decision, user) -> bool:
    return decision.kind not in (DecisionKind.PAY, DecisionKind.PROMOTION) or user.is_superuser or (
        Role.EXECUTIVE in roles_of(user))  # fmt: skip


executive_for_pay = Condition(
    "5.2.2", _("decisions on pay and promotion are the executive's."), _may_decide,
)  # fmt: skip
not_own_decision = Condition("5.2.2", _("the person who proposed the decision does not approve it."),
                             lambda d, u: d.proposed_by_id != u.pk)  # fmt: skip
not_about_oneself = Condition("5.2.2", _("nobody decides on their own pay, promotion or reward."),
                              lambda d, u: d.employee.user_id != u.pk)  # fmt: skip


def _decision_enter(decision, t, actor) -> None:
    decision.decided_at = timezone.now()
    if t.target == D.APPROVED and decision.kind == DecisionKind.PROMOTION and decision.new_position:
        employee = decision.employee
        employee.position = decision.new_position
        employee.save(update_fields=["position"])


DECISION_WORKFLOW = Workflow(
    name="staff-decision",
    model=StaffDecision,
    field="status",
    states=DecisionStatus,
    clause="5.2.2",
    on_enter=_decision_enter,
    recipients=lambda d, t: [d.proposed_by, d.employee.user],
    url=lambda d: d.get_absolute_url(),
    transitions=[
        Transition(D.PROPOSED, D.APPROVED, "staff.approve_staffdecision", _("Approve"), "5.2.2",
                   conditions=(not_own_decision, not_about_oneself, executive_for_pay), approval_step="staff-decision",
                   button="success"),
        Transition(D.PROPOSED, D.REJECTED, "staff.approve_staffdecision", _("Reject"), "5.2.2",
                   conditions=(not_own_decision, not_about_oneself), approval_step="staff-decision",
                   decision=ApprovalDecision.REJECTED, requires_comment=True, button="danger"),
    ],
)  # fmt: skip


# -- resignations (5.3) ----------------------------------------------------------------------------------------------
def _open_work(user):
    from staff.work import open_work

    return open_work(user)


def _open_work_message(r, u) -> str:
    rows = _open_work(r.employee.user)
    return _("reassign the leaver's open work first: %(work)s.") % {
        "work": ", ".join(f"{row['count']} {row['label']}" for row in rows)}  # fmt: skip


handover_state_given = Condition("5.3.2", _("give your view of the handover state."),
                                 lambda r, u: bool(r.handover_state.strip()), on_input=True)  # fmt: skip
handover_signed = Condition(
    "5.3.4", _("the handover record is not signed by its supervisor yet."),
    lambda r, u: hasattr(r, "handover") and r.handover.signed_at is not None,
)  # fmt: skip
settled = Condition("5.3.3", _("the financial settlement is not done yet."), lambda r, u: r.settlement_done)
items_back = Condition("5.3.3", _("the items are not returned yet."), lambda r, u: r.items_returned)
work_reassigned = Condition(
    "5.3.4", _open_work_message, lambda r, u: not _open_work(r.employee.user),
    summary=_("The leaver's open tasks, notices, project roles and risk responses are reassigned before the exit."),
)  # fmt: skip
own_resignation = Condition("5.3.1", _("only the employee withdraws its resignation."),
                            lambda r, u: r.employee.user_id == u.pk)  # fmt: skip
not_the_leaver = Condition("5.3.2", _("the leaver does not decide on their own resignation or exit."),
                           lambda r, u: r.employee.user_id != u.pk)  # fmt: skip


def _resignation_enter(resignation, t, actor) -> None:
    employee = resignation.employee
    if t.target == R.APPROVED:
        employee.status = EmployeeStatus.LEAVING
        employee.save(update_fields=["status"])
    elif t.target == R.COMPLETED:
        resignation.completed_at = timezone.now()


def _resignation_recipients(r, t):
    extra = {R.SUBMITTED: [Role.HEAD], R.HEAD_REVIEWED: [Role.EXECUTIVE], R.APPROVED: [Role.HR]}.get(t.target, [])
    return [r.employee.user, *role_holders(*extra)]


RESIGNATION_WORKFLOW = Workflow(
    name="resignation",
    model=Resignation,
    field="status",
    states=ResignationStatus,
    clause="5.3.2",
    on_enter=_resignation_enter,
    recipients=_resignation_recipients,
    url=lambda r: r.get_absolute_url(),
    transitions=[
        Transition(R.SUBMITTED, R.HEAD_REVIEWED, "staff.review_resignation",
                   _("Review and pass to the superior"), "5.3.2", conditions=(not_the_leaver, handover_state_given),
                   approval_step="resignation:head", requires_comment=True, button="success"),
        Transition(R.SUBMITTED, R.REJECTED, "staff.review_resignation", _("Reject"), "5.3.2",
                   conditions=(not_the_leaver,), approval_step="resignation:head", decision=ApprovalDecision.REJECTED,
                   requires_comment=True, button="danger"),
        Transition(R.SUBMITTED, R.WITHDRAWN, "staff.add_resignation", _("Withdraw"), "5.3.1",
                   conditions=(own_resignation,), button="warning"),
        Transition(R.HEAD_REVIEWED, R.APPROVED, "staff.approve_resignation", _("Approve"), "5.3.2",
                   conditions=(not_the_leaver,), approval_step="resignation:superior", button="success"),
        Transition(R.HEAD_REVIEWED, R.REJECTED, "staff.approve_resignation", _("Reject"), "5.3.2",
                   conditions=(not_the_leaver,), approval_step="resignation:superior",
                   decision=ApprovalDecision.REJECTED, requires_comment=True, button="danger"),
        Transition(R.APPROVED, R.COMPLETED, "staff.run_exit", _("Complete the exit"), "5.3.3",
                   conditions=(not_the_leaver, handover_signed, settled, items_back, work_reassigned),
                   button="success"),
    ],
)  # fmt: skip

__all__ = ["CANDIDATE_WORKFLOW", "DECISION_WORKFLOW", "RECRUITMENT_WORKFLOW", "RESIGNATION_WORKFLOW"]
