from finance.models.audit import AuditEngagement, AuditFinding
from finance.models.budget import Budget, BudgetAdjustment, BudgetLine, BudgetVersion, FinanceCategory
from finance.models.cost import CostEntry, ExpenseClaim, ExpenseItem
from finance.models.invoice import Invoice

__all__ = [
    "AuditEngagement",
    "AuditFinding",
    "Budget",
    "BudgetAdjustment",
    "BudgetLine",
    "BudgetVersion",
    "CostEntry",
    "ExpenseClaim",
    "ExpenseItem",
    "FinanceCategory",
    "Invoice",
]
