"""The finance workflows (6.1.3, 6.3.3), declared in one place:

- a budget: draft → finance review → the executive → approved (then locked: changed only by an adjustment);
- a budget adjustment: draft → finance review → the executive → approved (a new version in force) or rejected;
- an expense claim: draft → the manager → finance → (over standard: the executive) → approved → paid, or rejected
  with the reason at any review.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.models.workflow import ApprovalDecision
from core.roles import Role, role_holders
from core.workflow import Condition, Transition, Workflow
from finance.choices import AdjustmentStatus, BudgetStatus, ClaimStatus, FinanceKind
from finance.models import Budget, BudgetAdjustment, ExpenseClaim

B, A, C = BudgetStatus, AdjustmentStatus, ClaimStatus


# Who acts next on a budget or an adjustment in review.
NEXT_BUDGET_ACTORS = {B.SUBMITTED: [Role.FINANCE], B.REVIEWED: [Role.EXECUTIVE]}

# -- budgets -------------------------------------------------------------------------------------------------------
three_budgets = Condition(
    "6.1.1",
    _("a project's budget has revenue, cost and expense lines."),
    lambda b, u: (
        b.project_id is None or set(b.lines.values_list("category__kind", flat=True)) >= set(FinanceKind.values)
    ),
)
some_lines = Condition("6.1.1", _("the budget has no lines yet."), lambda b, u: b.lines.exists())
assumptions_stated = Condition(
    "6.1.2",
    _("the assumptions (market changes, business needs) are not stated."),
    lambda b, u: bool(b.assumptions.strip()),
)

not_own_budget = Condition(
    "6.1.3", _("the person who prepared the budget does not review it."), lambda b, u: b.prepared_by_id != u.pk
)
not_own_adjustment = Condition(
    "6.1.3", _("the person who requested the adjustment does not review it."),
    lambda a, u: a.requested_by_id != u.pk,
)  # fmt: skip

BUDGET_WORKFLOW = Workflow(
    name="budget",
    model=Budget,
    field="status",
    states=BudgetStatus,
    clause="6.1.3",
    recipients=lambda b, t: role_holders(*NEXT_BUDGET_ACTORS.get(t.target, [Role.HEAD, Role.FINANCE])),
    url=lambda b: b.get_absolute_url(),
    transitions=[
        Transition(B.DRAFT, B.SUBMITTED, "finance.change_budget", _("Submit for finance review"), "6.1.3",
                   conditions=(some_lines, three_budgets, assumptions_stated)),
        Transition(B.SUBMITTED, B.REVIEWED, "finance.review_budget", _("Pass the finance review"), "6.1.3",
                   conditions=(not_own_budget,), approval_step="budget:finance", button="success"),
        Transition(B.SUBMITTED, B.DRAFT, "finance.review_budget", _("Return for revision"), "6.1.3",
                   approval_step="budget:finance", decision=ApprovalDecision.RETURNED, requires_comment=True,
                   button="warning"),
        Transition(B.REVIEWED, B.APPROVED, "finance.approve_budget", _("Approve the budget"), "6.1.3",
                   approval_step="budget:executive", button="success"),
        Transition(B.REVIEWED, B.DRAFT, "finance.approve_budget", _("Send back"), "6.1.3",
                   approval_step="budget:executive", decision=ApprovalDecision.REJECTED, requires_comment=True,
                   button="danger"),
    ],
)  # fmt: skip


# -- budget adjustments --------------------------------------------------------------------------------------------
based_on_version_in_force = Condition(
    "6.1.3",
    _("the budget has changed since this adjustment was requested; request it again on the version in force."),
    lambda a, u: a.based_on == a.budget.version,
)

ADJUSTMENT_WORKFLOW = Workflow(
    name="budget-adjustment",
    model=BudgetAdjustment,
    field="status",
    states=AdjustmentStatus,
    clause="6.1.3",
    recipients=lambda a, t: [a.requested_by, *role_holders(*NEXT_BUDGET_ACTORS.get(t.target, []))],
    url=lambda a: a.get_absolute_url(),
    transitions=[
        Transition(A.DRAFT, A.SUBMITTED, "finance.change_budgetadjustment", _("Submit for finance review"), "6.1.3",
                   conditions=(based_on_version_in_force,)),
        Transition(A.SUBMITTED, A.REVIEWED, "finance.review_budget", _("Pass the finance review"), "6.1.3",
                   approval_step="adjustment:finance", conditions=(based_on_version_in_force, not_own_adjustment),
                   button="success"),
        Transition(A.SUBMITTED, A.REJECTED, "finance.review_budget", _("Reject"), "6.1.3",
                   approval_step="adjustment:finance", decision=ApprovalDecision.REJECTED, requires_comment=True,
                   button="danger"),
        Transition(A.REVIEWED, A.APPROVED, "finance.approve_budget", _("Approve the adjustment"), "6.1.3",
                   approval_step="adjustment:executive", conditions=(based_on_version_in_force,), button="success"),
        Transition(A.REVIEWED, A.REJECTED, "finance.approve_budget", _("Reject"), "6.1.3",
                   approval_step="adjustment:executive", decision=ApprovalDecision.REJECTED, requires_comment=True,
                   button="danger"),
    ],
)  # fmt: skip


# -- expense claims ------------------------------------------------------------------------------------------------
claimant_submits = Condition(
    "6.3.3", _("only the claimant submits the claim."), lambda c, u: c.claimant_id == u.pk or u.is_superuser
)
has_items = Condition("6.3.3", _("the claim has no items."), lambda c, u: c.items.exists())
has_receipts = Condition(
    "6.3.3",
    _("the receipts are not attached."),
    lambda c, u: _receipts(c) > 0,
)
not_own_claim = Condition("6.3.3", _("nobody reviews their own claim."), lambda c, u: c.claimant_id != u.pk)
within_standard = Condition(
    "6.3.1",
    _("an item is over its category's standard: the executive approves it."),
    lambda c, u: not c.over_standard_items(),
    routing=True,
    summary=_("Within the standards finance approves a claim."),
)
over_standard = Condition(
    "6.3.1",
    _("every item is within its category's standard: finance approves it."),
    lambda c, u: bool(c.over_standard_items()),
    routing=True,
    summary=_("Over a standard the executive approves a claim after finance."),
)


def _receipts(claim) -> int:
    from core.models import Attachment

    return Attachment.objects.for_object(claim).count()


def _claim_recipients(claim, t):
    if t.target in (C.APPROVED, C.PAID, C.REJECTED, C.EXECUTIVE_REVIEW):
        extra = {C.EXECUTIVE_REVIEW: [Role.EXECUTIVE], C.APPROVED: [Role.FINANCE]}.get(t.target, [])
        return [claim.claimant, *role_holders(*extra)]
    return role_holders(*{C.SUBMITTED: [Role.HEAD], C.MANAGER_APPROVED: [Role.FINANCE]}.get(t.target, []))


CLAIM_WORKFLOW = Workflow(
    name="expense-claim",
    model=ExpenseClaim,
    field="status",
    states=ClaimStatus,
    clause="6.3.3",
    recipients=_claim_recipients,
    url=lambda c: c.get_absolute_url(),
    transitions=[
        Transition(C.DRAFT, C.SUBMITTED, "finance.change_expenseclaim", _("Submit the claim"), "6.3.3",
                   conditions=(claimant_submits, has_items, has_receipts)),
        Transition(C.SUBMITTED, C.MANAGER_APPROVED, "finance.review_claim_manager", _("Approve as manager"),
                   "6.3.3", conditions=(not_own_claim,), approval_step="claim:manager", button="success"),
        Transition(C.SUBMITTED, C.REJECTED, "finance.review_claim_manager", _("Reject"), "6.3.3",
                   conditions=(not_own_claim,), approval_step="claim:manager", decision=ApprovalDecision.REJECTED,
                   requires_comment=True, button="danger"),
        Transition(C.MANAGER_APPROVED, C.APPROVED, "finance.review_claim_finance", _("Approve for payment"),
                   "6.3.3", conditions=(not_own_claim, within_standard), approval_step="claim:finance",
                   button="success"),
        Transition(C.MANAGER_APPROVED, C.EXECUTIVE_REVIEW, "finance.review_claim_finance",
                   _("Pass to the executive (over standard)"), "6.3.1", conditions=(not_own_claim, over_standard),
                   approval_step="claim:finance", button="warning"),
        Transition(C.MANAGER_APPROVED, C.REJECTED, "finance.review_claim_finance", _("Reject"), "6.3.3",
                   conditions=(not_own_claim,), approval_step="claim:finance", decision=ApprovalDecision.REJECTED,
                   requires_comment=True, button="danger"),
        Transition(C.EXECUTIVE_REVIEW, C.APPROVED, "finance.approve_claim_over_standard",
                   _("Approve over standard"), "6.3.1", conditions=(not_own_claim,), approval_step="claim:executive",
                   button="success"),
        Transition(C.EXECUTIVE_REVIEW, C.REJECTED, "finance.approve_claim_over_standard", _("Reject"), "6.3.3",
                   conditions=(not_own_claim,), approval_step="claim:executive",
                   decision=ApprovalDecision.REJECTED, requires_comment=True, button="danger"),
        Transition(C.APPROVED, C.PAID, "finance.pay_claim", _("Record the payment"), "6.3.3",
                   conditions=(not_own_claim,), button="success"),
    ],
)  # fmt: skip

__all__ = ["ADJUSTMENT_WORKFLOW", "BUDGET_WORKFLOW", "CLAIM_WORKFLOW"]
