"""The budget-execution indicators of the financial early warning (6.4.2), computed for the risk app's indicator
evaluation (7.3.2): spending ahead of the year, revenue short of the budget, receivables overdue."""

from __future__ import annotations

import calendar
import datetime
from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from finance.choices import BudgetStatus, FinanceKind
from finance.models import Budget, CostEntry, FinanceCategory, Invoice
from finance.selectors import MONTHS, ZERO, _versions_from
from risk.indicators import metric


def _approved_project_budgets(today: datetime.date):
    budgets = (Budget.objects.filter(year=today.year, status=BudgetStatus.APPROVED, project__isnull=False)
               .prefetch_related("versions"))  # fmt: skip
    kinds = dict(FinanceCategory.objects.values_list("pk", "kind"))
    for budget in budgets:
        by_month = _versions_from(list(budget.versions.all()), budget.year)
        yield budget, by_month, kinds


def _planned(by_month: dict, kinds: dict, wanted: set, months) -> Decimal:
    total = ZERO
    for m in months:
        version = by_month[m]
        for key, value in version.lines.items() if version else ():
            category_id, month = (int(x) for x in key.split(":"))
            if month == m and kinds.get(category_id) in wanted:
                total += Decimal(value)
    return total


@metric("finance.spending-ahead", label=_("Costs and expenses above the budget to date (%)"))
def spending_ahead(today: datetime.date) -> dict:
    """Per project with an approved budget: how far the costs and expenses so far exceed the budget of the months
    so far (the current month pro rata), in percent of that budget (6.4.2); 0 when within it."""
    spent = dict(CostEntry.objects.filter(incurred_on__year=today.year, incurred_on__lte=today, project__isnull=False)
                 .values_list("project_id").annotate(total=Sum("amount")))  # fmt: skip
    share = Decimal(today.day) / Decimal(calendar.monthrange(today.year, today.month)[1])
    spending = {FinanceKind.COST, FinanceKind.EXPENSE}
    result = {}
    for budget, by_month, kinds in _approved_project_budgets(today):
        planned = (_planned(by_month, kinds, spending, range(1, today.month))
                   + _planned(by_month, kinds, spending, [today.month]) * share)  # fmt: skip
        if planned:
            result[budget.project_id] = max(spent.get(budget.project_id, ZERO) - planned, ZERO) * 100 / planned
    return result


@metric("finance.revenue-shortfall", label=_("Revenue short of the budget to date (%)"))
def revenue_shortfall(today: datetime.date) -> dict:
    """Per project with an approved budget: how far the revenue recognised (invoiced) in the months gone falls short
    of the revenue budgeted for them, in percent of that budget (6.2.3, 6.4.2); the current month is not judged
    before it ends."""
    first = today.replace(day=1)
    invoiced = dict(Invoice.objects.filter(issued_on__year=today.year, issued_on__lt=first)
                    .values_list("project_id").annotate(total=Sum("amount")))  # fmt: skip
    months = [m for m in MONTHS if m < today.month]
    result = {}
    for budget, by_month, kinds in _approved_project_budgets(today):
        planned = _planned(by_month, kinds, {FinanceKind.REVENUE}, months)
        if planned:
            result[budget.project_id] = max(planned - invoiced.get(budget.project_id, ZERO), ZERO) * 100 / planned
    return result


@metric("finance.receivables-overdue", label=_("Receivables overdue (CNY)"))
def receivables_overdue(today: datetime.date) -> dict:
    """Per project that has invoices: the invoices unpaid past their due date (6.2.2, 6.4.2); 0 when none is, so
    that a warning closes once they are paid."""
    overdue = dict(Invoice.objects.overdue(today).values_list("project_id").annotate(total=Sum("amount")))
    projects = set(Invoice.objects.values_list("project_id", flat=True).distinct())
    return {pk: overdue.get(pk, ZERO) for pk in projects}
