"""Finance panels of the home dashboard: each role's queue in the budget and claim workflows (6.1.3, 6.3.3)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.dashboard import has_perm, panel
from finance.choices import AdjustmentStatus, BudgetStatus, ClaimStatus
from finance.models import Budget, BudgetAdjustment, ExpenseClaim


@panel(
    order=11, requires=has_perm("finance.approve_budget", "finance.review_budget"), title=_("Budgets waiting for you")
)
def budget_queue_panel(user):
    """Budgets and adjustments waiting for finance's review or the executive's approval (6.1.3)."""
    if user.has_perm("finance.approve_budget"):
        budget_status, adjustment_status = BudgetStatus.REVIEWED, AdjustmentStatus.REVIEWED
    else:
        budget_status, adjustment_status = BudgetStatus.SUBMITTED, AdjustmentStatus.SUBMITTED
    budgets = Budget.objects.visible_to(user).filter(status=budget_status).select_related("project", "department")
    adjustments = (BudgetAdjustment.objects.visible_to(user).filter(status=adjustment_status)
                   .select_related("budget__project", "budget__department"))  # fmt: skip
    items = [{"url": b.get_absolute_url(), "title": str(b), "detail": _("Budget")} for b in budgets[:10]]
    items += [{"url": a.get_absolute_url(), "title": str(a.budget), "detail": a.reason[:80],
               "badge": _("Adjustment")} for a in adjustments[:10]]  # fmt: skip
    return {"template": "tasks", "icon": "calculator", "items": items,
            "empty": _("No budget or adjustment waits for you."), "clause": "6.1.3"}  # fmt: skip


# Who acts on a claim in which status (6.3.3).
CLAIM_STEPS = (
    ("finance.review_claim_manager", ClaimStatus.SUBMITTED),
    ("finance.review_claim_finance", ClaimStatus.MANAGER_APPROVED),
    ("finance.approve_claim_over_standard", ClaimStatus.EXECUTIVE_REVIEW),
    ("finance.pay_claim", ClaimStatus.APPROVED),
)


@panel(order=12, requires=has_perm(*(perm for perm, _status in CLAIM_STEPS)), title=_("Expense claims waiting for you"))
def claim_queue_panel(user):
    """Expense claims waiting for this reviewer (6.3.3)."""
    statuses = [status for perm, status in CLAIM_STEPS if user.has_perm(perm)]
    claims = (ExpenseClaim.objects.visible_to(user).filter(status__in=statuses).exclude(claimant=user)
              .select_related("claimant")[:10])  # fmt: skip
    items = [{"url": c.get_absolute_url(), "title": c.purpose, "detail": str(c.claimant),
              "badge": c.get_status_display()} for c in claims]  # fmt: skip
    return {"template": "tasks", "icon": "receipt", "items": items,
            "empty": _("No expense claim waits for you."), "clause": "6.3.3",
            "more_url": reverse("finance:claims")}  # fmt: skip
