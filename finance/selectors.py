"""Finance reads: budget-vs-actual (6.1.3, 6.2.3, 6.3.2) in a fixed number of queries."""

from __future__ import annotations

import calendar
import datetime
from decimal import Decimal

from django.db.models import Sum
from django.db.models.functions import ExtractMonth
from django.utils import timezone

from finance.choices import FinanceKind
from finance.models import Budget, CostEntry, FinanceCategory, Invoice

ZERO = Decimal("0.00")
MONTHS = list(range(1, 13))


def _month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def budget_vs_actual(budget: Budget, today: datetime.date | None = None) -> dict:
    """Per cost and expense category, and for revenue as a whole: the budget of each month (from the version in
    force then) against the actual (cost entries; invoices issued), with totals, the share consumed against the
    share of the year elapsed, and the largest overruns (the weak spots of 6.3.2)."""
    today = today or timezone.localdate()
    by_month = _versions_from(list(budget.versions.order_by("number")), budget.year)
    categories = {c.pk: c for c in FinanceCategory.objects.all()}
    scope = {"project": budget.project} if budget.project_id else {"project__isnull": True}

    costs = (CostEntry.objects.filter(incurred_on__year=budget.year, **scope).annotate(m=ExtractMonth("incurred_on"))
             .values("category_id", "m").annotate(total=Sum("amount")))  # fmt: skip
    actual = {(row["category_id"], row["m"]): row["total"] for row in costs}
    invoiced = (Invoice.objects.filter(issued_on__year=budget.year, **scope).annotate(m=ExtractMonth("issued_on"))
                .values("m").annotate(total=Sum("amount")))  # fmt: skip
    revenue_actual = {row["m"]: row["total"] for row in invoiced}

    keys = set()
    for version in {v.pk: v for v in by_month.values() if v}.values():
        keys |= {int(k.split(":")[0]) for k in version.lines}
    keys |= {c for c, _m in actual}

    def budgeted(category_id: int, month: int) -> Decimal:
        version = by_month[month]
        return version.amount(category_id, month) if version else ZERO

    rows, revenue_budget = [], [ZERO] * 12
    for category_id in sorted(keys, key=lambda pk: (categories[pk].kind, categories[pk].code)):
        category = categories[category_id]
        planned = [budgeted(category_id, m) for m in MONTHS]
        if category.kind == FinanceKind.REVENUE:
            revenue_budget = [a + b for a, b in zip(revenue_budget, planned, strict=True)]
            continue
        spent = [actual.get((category_id, m), ZERO) for m in MONTHS]
        rows.append(_row(category, category.kind, planned, spent, today, budget.year))
    revenue = _row(None, FinanceKind.REVENUE, revenue_budget, [revenue_actual.get(m, ZERO) for m in MONTHS], today,
                   budget.year)  # fmt: skip

    elapsed = _elapsed(budget.year, today)
    kinds = {}
    for kind in (FinanceKind.COST, FinanceKind.EXPENSE):
        planned = sum((r["budget_total"] for r in rows if r["kind"] == kind), ZERO)
        spent = sum((r["actual_total"] for r in rows if r["kind"] == kind), ZERO)
        kinds[kind] = {"budget": planned, "actual": spent, "consumed": _pct(spent, planned), "elapsed": elapsed}
    kinds[FinanceKind.REVENUE] = {"budget": revenue["budget_total"], "actual": revenue["actual_total"],
                                  "consumed": _pct(revenue["actual_total"], revenue["budget_total"]),
                                  "elapsed": elapsed}  # fmt: skip
    overruns = sorted((r for r in rows if r["to_date_variance"] > 0), key=lambda r: r["to_date_variance"],
                      reverse=True)[:5]  # fmt: skip
    return {"months": MONTHS, "rows": rows, "revenue": revenue, "kinds": kinds, "elapsed": elapsed,
            "overruns": overruns, "versions": {m: (v.number if v else None) for m, v in by_month.items()}}  # fmt: skip


def _row(category, kind, planned: list, spent: list, today: datetime.date, year: int) -> dict:
    to_date = [m for m in MONTHS if datetime.date(year, m, 1) <= today]
    budget_to_date = sum((planned[m - 1] for m in to_date), ZERO)
    actual_to_date = sum((spent[m - 1] for m in to_date), ZERO)
    budget_total, actual_total = sum(planned, ZERO), sum(spent, ZERO)
    return {"category": category, "kind": kind, "budget": planned, "actual": spent, "budget_total": budget_total,
            "actual_total": actual_total, "variance": actual_total - budget_total,
            "to_date_budget": budget_to_date, "to_date_actual": actual_to_date,
            "to_date_variance": actual_to_date - budget_to_date,
            "consumed": _pct(actual_total, budget_total)}  # fmt: skip


def _pct(part: Decimal, whole: Decimal) -> Decimal | None:
    return (part * 100 / whole).quantize(Decimal("0.1")) if whole else None


def _elapsed(year: int, today: datetime.date) -> Decimal:
    """The share of the fiscal year elapsed by ``today``, in percent."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    if today < start:
        return Decimal("0.0")
    if today > end:
        return Decimal("100.0")
    return (Decimal((today - start).days + 1) * 100 / Decimal((end - start).days + 1)).quantize(Decimal("0.1"))


def revenue_analysis(user, year: int, today: datetime.date | None = None) -> dict:
    """Per project in the user's scope: the budgeted revenue (approved versions) against the revenue recognised
    (invoices issued, 6.2.2) and received, the receivables outstanding and overdue; and the monthly trend (6.2.3).
    A fixed number of queries whatever the number of projects."""
    from projects.models import Project

    today = today or timezone.localdate()
    projects = {p.pk: p for p in Project.objects.visible_to(user).select_related("client")}
    invoices = Invoice.objects.visible_to(user).filter(project__in=list(projects), issued_on__year=year)
    issued = {(r["project_id"], r["m"]): r["total"] for r in invoices.annotate(m=ExtractMonth("issued_on"))
              .values("project_id", "m").annotate(total=Sum("amount"))}  # fmt: skip
    received = {r["project_id"]: r["total"] for r in invoices.filter(received_on__isnull=False)
                .values("project_id").annotate(total=Sum("amount"))}  # fmt: skip
    overdue = {r["project_id"]: r["total"] for r in Invoice.objects.visible_to(user).overdue(today)
               .filter(project__in=list(projects)).values("project_id").annotate(total=Sum("amount"))}  # fmt: skip
    budgets = {b.project_id: b for b in Budget.objects.visible_to(user).filter(year=year, project__in=list(projects))
               .prefetch_related("versions")}  # fmt: skip
    revenue_ids = set(FinanceCategory.objects.filter(kind=FinanceKind.REVENUE).values_list("pk", flat=True))
    from contracts.models import Contract

    fees = {c.project_id: c for c in Contract.objects.visible_to(user).in_force().filter(project__in=list(projects))
            .only("project_id", "number", "fee_standard", "payment_terms")}  # fmt: skip
    rows, trend, budget_trend = [], [ZERO] * 12, [ZERO] * 12
    for pk, project in sorted(projects.items(), key=lambda kv: kv[1].code):
        budget = budgets.get(pk)
        planned = [ZERO] * 12
        if budget is not None and budget.version:
            by_month = _versions_from(list(budget.versions.all()), year)
            for m in MONTHS:
                v = by_month[m]
                planned[m - 1] = sum((v.amount(c, m) for c in revenue_ids), ZERO) if v else ZERO
        actual = [issued.get((pk, m), ZERO) for m in MONTHS]
        if not any(planned) and not any(actual) and pk not in overdue:
            continue
        trend = [a + b for a, b in zip(trend, actual, strict=True)]
        budget_trend = [a + b for a, b in zip(budget_trend, planned, strict=True)]
        to_date = [m for m in MONTHS if datetime.date(year, m, 1) <= today]
        planned_to_date = sum((planned[m - 1] for m in to_date), ZERO)
        actual_total = sum(actual, ZERO)
        rows.append({"project": project, "contract": fees.get(pk), "budget": sum(planned, ZERO),
                     "budget_to_date": planned_to_date,
                     "invoiced": actual_total, "received": received.get(pk, ZERO),
                     "outstanding": actual_total - received.get(pk, ZERO), "overdue": overdue.get(pk, ZERO),
                     "completion": _pct(actual_total, planned_to_date),
                     "shortfall": max(planned_to_date - actual_total, ZERO)})  # fmt: skip
    totals = {key: sum((r[key] for r in rows), ZERO) for key in ("budget", "budget_to_date", "invoiced", "received",
                                                                  "outstanding", "overdue")}  # fmt: skip
    return {"rows": rows, "totals": totals, "trend": trend, "budget_trend": budget_trend, "months": MONTHS}


def _versions_from(versions: list, year: int) -> dict:
    """Month → the approved version in force at the month's end: the comparison a month is judged by never changes
    after the month (6.1.3; an adjustment takes effect from the month of its approval at the earliest)."""
    result = {}
    for month in MONTHS:
        day = _month_end(year, month)
        chosen = versions[0] if versions else None
        for v in versions:
            if v.effective_from <= day:
                chosen = v
        result[month] = chosen
    return result
