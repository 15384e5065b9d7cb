"""Budget commands (6.1): prepare a budget and its lines, take it through finance review and the executive's
approval (then it is locked), and change it only by an approved adjustment, each approval a new version."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import Department
from core.roles import require_permission as _require
from core.workflow import ConditionFailed, cite, transition_perform
from finance.choices import AdjustmentStatus, BudgetStatus
from finance.models import Budget, BudgetAdjustment, BudgetLine, BudgetVersion, FinanceCategory

CENT = Decimal("0.01")


def money(value, field: str = "amount") -> Decimal:
    """A non-negative amount to the cent, or a clear error (never a float)."""
    try:
        amount = Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, ValueError) as exc:
        raise ValidationError({field: _("Enter an amount such as 1250.00.")}) from exc
    if not amount.is_finite() or amount < 0:
        raise ValidationError({field: _("An amount is zero or more.")})
    if amount >= Decimal("1e12") or amount != amount.quantize(CENT):
        raise ValidationError({field: _("Amounts are given to the cent, below one trillion.")})
    return amount.quantize(CENT)


@transaction.atomic
def budget_create(*, actor, year: int, project=None, assumptions: str = "") -> Budget:
    """Open the annual budget of a project (or of the department itself) for a fiscal year (6.1.1)."""
    from projects.models import Project

    _require(actor, "finance.add_budget")
    if project is not None:
        project = Project.objects.locked_in_scope(actor, getattr(project, "pk", project))
    department = Department.objects.filter(code="managed-ops").first() or Department.objects.order_by("pk").first()
    if Budget.objects.filter(year=year, project=project, **({} if project else {"department": department})).exists():
        raise ValidationError({"year": _("This budget exists already for %(year)s.") % {"year": year}})
    budget = Budget(year=year, project=project, department=department, assumptions=(assumptions or "").strip(),
                    prepared_by=actor)  # fmt: skip
    budget.full_clean()
    try:
        with transaction.atomic():
            budget.save()
    except IntegrityError as exc:  # the same budget opened at the same moment
        raise ValidationError({"year": _("This budget exists already for %(year)s.") % {"year": year}}) from exc
    return budget


def _draft(actor, pk) -> Budget:
    _require(actor, "finance.change_budget")
    budget = Budget.objects.locked_in_scope(actor, pk)
    if budget.status != BudgetStatus.DRAFT:
        if budget.status == BudgetStatus.APPROVED:
            raise ValidationError(cite("6.1.3", _("an approved budget is executed as approved; a change goes through a "
                                                  "budget adjustment.")))  # fmt: skip
        raise ValidationError(cite("6.1.3", _("the budget is under review; it is sent back to draft before it "
                                              "changes.")))  # fmt: skip
    return budget


@transaction.atomic
def budget_update(*, actor, pk, assumptions: str) -> Budget:
    budget = _draft(actor, pk)
    budget.assumptions = (assumptions or "").strip()
    budget.full_clean()
    budget.save()
    return budget


@transaction.atomic
def budget_lines_set(*, actor, pk, lines: dict) -> Budget:
    """Set a draft budget's lines: ``lines`` maps (category_id, month) to an amount; zero or empty removes the line."""
    budget = _draft(actor, pk)
    categories = {c.pk: c for c in FinanceCategory.objects.filter(pk__in={c for c, _m in lines}, active=True)}
    wanted = {}
    for (category_id, month), value in lines.items():
        if category_id not in categories or not 1 <= int(month) <= 12:
            raise ValidationError({"lines": _("A line names an unknown category or month.")})
        amount = money(value or "0", "lines")
        if amount:
            wanted[(category_id, int(month))] = amount
    existing = {(line.category_id, line.month): line for line in budget.lines.all()}
    posted = {(c, int(m)) for c, m in lines}
    for key, line in existing.items():
        if key in posted and key not in wanted:  # a line not in the posted grid (a retired category) stays
            line.delete()
        elif line.amount != wanted[key]:
            line.amount = wanted[key]
            line.save(update_fields=["amount"])
    BudgetLine.objects.bulk_create([BudgetLine(budget=budget, category_id=c, month=m, amount=a)
                                    for (c, m), a in wanted.items() if (c, m) not in existing])  # fmt: skip
    from core.audit import AuditAction, audit_record

    audit_record(action=AuditAction.UPDATE, obj=budget, actor=actor,
                 changes={"lines": [len(existing), len(wanted)], "totals": [None, {
                     kind: str(total) for kind, total in budget.totals().items()}]},
                 comment=_("Budget lines saved."))  # fmt: skip
    return budget


def _lines_snapshot(budget: Budget) -> dict:
    return {f"{line.category_id}:{line.month}": str(line.amount) for line in budget.lines.all()}


@transaction.atomic
def budget_transition(*, actor, pk, target: str, comment: str = "", expected_source=None) -> Budget:
    """Move a budget through finance review and the executive's approval (6.1.3). Approval fixes version 1, in
    force from the first day of the fiscal year."""
    from finance.workflows import BUDGET_WORKFLOW

    budget = transition_perform(workflow=BUDGET_WORKFLOW, pk=pk, target=target, actor=actor, comment=comment,
                                expected_source=expected_source)  # fmt: skip
    if target == BudgetStatus.APPROVED:
        BudgetVersion.objects.create(budget=budget, number=1, lines=_lines_snapshot(budget),
                                     effective_from=datetime.date(budget.year, 1, 1), approved_by=actor)  # fmt: skip
        Budget.objects.filter(pk=budget.pk).update(version=1)
        budget.version = 1
    return budget


@transaction.atomic
def adjustment_request(*, actor, budget_pk, reason: str, changes: dict, effective_from=None) -> BudgetAdjustment:
    """Ask to change an approved budget (6.1.3): the reason, the lines changed ((category_id, month) → the new
    amount) and from when."""
    _require(actor, "finance.add_budgetadjustment")
    budget = Budget.objects.locked_in_scope(actor, budget_pk)
    if budget.status != BudgetStatus.APPROVED:
        raise ValidationError(cite("6.1.3", _("only an approved budget is adjusted; a draft is simply edited.")))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for the change.")})
    version = budget.versions.get(number=budget.version)
    known = set(FinanceCategory.objects.filter(active=True).values_list("pk", flat=True))
    normalised = {}
    for (category_id, month), value in changes.items():
        if category_id not in known or not 1 <= int(month) <= 12:
            raise ValidationError({"changes": _("A line names an unknown category or month.")})
        amount = money(value, "changes")
        if amount != version.amount(category_id, int(month)):
            normalised[f"{category_id}:{int(month)}"] = str(amount)
    today = timezone.localdate()
    effective_from = effective_from or today
    if effective_from.year != budget.year:
        raise ValidationError({"effective_from": _("The change takes effect within the budget's year.")})
    if effective_from < today.replace(day=1):
        raise ValidationError({"effective_from": cite("6.1.3", _(
            "a change takes effect from the current month on; the months gone are judged by the budget then in "
            "force."))})  # fmt: skip
    adjustment = BudgetAdjustment(budget=budget, reason=reason.strip(), changes=normalised, based_on=budget.version,
                                  effective_from=effective_from, requested_by=actor)  # fmt: skip
    adjustment.full_clean()
    adjustment.save()
    return adjustment


@transaction.atomic
def adjustment_transition(*, actor, pk, target: str, comment: str = "", expected_source=None) -> BudgetAdjustment:
    """Review and approve (or reject) a budget adjustment (6.1.3). Approval makes a new version in force from the
    adjustment's date; earlier months keep comparing against the version that was in force then."""
    from finance.workflows import ADJUSTMENT_WORKFLOW

    adjustment = transition_perform(workflow=ADJUSTMENT_WORKFLOW, pk=pk, target=target, actor=actor, comment=comment,
                                    expected_source=expected_source)  # fmt: skip
    if target == AdjustmentStatus.APPROVED:
        budget = Budget.objects.select_for_update().get(pk=adjustment.budget_id)
        if adjustment.based_on != budget.version:  # another adjustment was approved at the same moment
            message = cite("6.1.3", _("the budget has changed since this adjustment was requested; request it again "
                                      "on the version in force."))  # fmt: skip
            raise ConditionFailed(message, clause="6.1.3")
        current = budget.versions.get(number=budget.version)
        # approved late, it takes effect from the month of its approval at the earliest (the months gone keep theirs)
        effective_from = max(adjustment.effective_from, timezone.localdate().replace(day=1))
        lines = {**current.lines, **adjustment.changes}
        lines = {k: v for k, v in lines.items() if Decimal(v) != 0}
        BudgetVersion.objects.create(budget=budget, number=budget.version + 1, lines=lines, adjustment=adjustment,
                                     effective_from=effective_from, approved_by=actor)  # fmt: skip
        for key, value in adjustment.changes.items():
            category_id, month = (int(x) for x in key.split(":"))
            if Decimal(value):
                BudgetLine.objects.update_or_create(budget=budget, category_id=category_id, month=month,
                                                    defaults={"amount": Decimal(value)})  # fmt: skip
            else:
                BudgetLine.objects.filter(budget=budget, category_id=category_id, month=month).delete()
        Budget.objects.filter(pk=budget.pk).update(version=budget.version + 1)
    return adjustment
