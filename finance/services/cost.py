"""Cost and expense commands (6.3): record a cost by project and category; an employee's expense claim with its
items and receipts through the manager's and finance's review (the executive's too over a standard) to payment,
when its items become cost entries."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_bulk_created
from core.models.attachments import attachment_add
from core.roles import require_permission as _require
from core.workflow import cite, transition_perform
from finance.choices import ClaimStatus, FinanceKind
from finance.models import CostEntry, ExpenseClaim, ExpenseItem, FinanceCategory
from finance.services.budget import money


def _project(actor, project):
    from projects.models import Project

    if project is None:
        return None
    return Project.objects.visible_to(actor).filter(pk=getattr(project, "pk", project)).first() or _no_project()


def _no_project():
    raise ValidationError({"project": _("Choose a project you work on.")})


def _not_future(day, field: str) -> None:
    if day is None or day > timezone.localdate():
        raise ValidationError({field: _("Give a date that is not in the future.")})


@transaction.atomic
def cost_record(*, actor, category, amount, incurred_on, description: str, project=None) -> CostEntry:
    """Record a cost or expense incurred, classified by project and category (6.3.2)."""
    _require(actor, "finance.add_costentry")
    category = FinanceCategory.objects.filter(pk=getattr(category, "pk", category), active=True,
                                              kind__in=[FinanceKind.COST, FinanceKind.EXPENSE]).first()  # fmt: skip
    if category is None:
        raise ValidationError({"category": _("Choose a cost or expense category.")})
    _not_future(incurred_on, "incurred_on")
    entry = CostEntry(project=_project(actor, project), category=category, amount=money(amount),
                      incurred_on=incurred_on, description=(description or "").strip(), recorded_by=actor)  # fmt: skip
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def claim_create(*, actor, purpose: str, project=None) -> ExpenseClaim:
    """Start an expense claim (6.3.3); items and receipts are added to the draft."""
    _require(actor, "finance.add_expenseclaim")
    claim = ExpenseClaim(claimant=actor, project=_project(actor, project), purpose=(purpose or "").strip())
    claim.full_clean()
    claim.save()
    return claim


def _own_draft(actor, pk) -> ExpenseClaim:
    _require(actor, "finance.change_expenseclaim")
    claim = ExpenseClaim.objects.locked_in_scope(actor, pk)
    if claim.claimant_id != actor.pk:
        raise PermissionDenied(cite("6.3.3", _("only the claimant changes a claim.")))
    if claim.status != ClaimStatus.DRAFT:
        raise ValidationError(cite("6.3.3", _("a submitted claim is reviewed as it was submitted.")))
    return claim


@transaction.atomic
def claim_item_add(*, actor, pk, category, spent_on, amount, description: str) -> ExpenseItem:
    claim = _own_draft(actor, pk)
    category = FinanceCategory.objects.filter(pk=getattr(category, "pk", category), active=True,
                                              kind=FinanceKind.EXPENSE).first()  # fmt: skip
    if category is None:
        raise ValidationError({"category": _("Choose an expense category.")})
    _not_future(spent_on, "spent_on")
    amount = money(amount)
    if not amount:
        raise ValidationError({"amount": _("An expense is more than zero.")})
    item = ExpenseItem(claim=claim, category=category, spent_on=spent_on, amount=amount,
                       description=(description or "").strip())  # fmt: skip
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def claim_item_remove(*, actor, pk, item_pk) -> None:
    claim = _own_draft(actor, pk)
    deleted, _rows = claim.items.filter(pk=item_pk).delete()
    if not deleted:
        raise ValidationError(_("No such item in this claim."))


@transaction.atomic
def claim_attach(*, actor, pk, files, description: str = "") -> ExpenseClaim:
    """Attach receipts to a draft claim."""
    claim = _own_draft(actor, pk)
    for upload in files:
        attachment_add(actor=actor, obj=claim, upload=upload, description=description)
    return claim


@transaction.atomic
def claim_transition(*, actor, pk, target: str, comment: str = "", expected_source=None) -> ExpenseClaim:
    """Submit, review, reject (saying why) or pay a claim (6.3.3). Paid, its items become cost entries."""
    from finance.workflows import CLAIM_WORKFLOW

    claim = transition_perform(workflow=CLAIM_WORKFLOW, pk=pk, target=target, actor=actor, comment=comment,
                               expected_source=expected_source)  # fmt: skip
    updates = {}
    if target == ClaimStatus.SUBMITTED:
        updates["submitted_at"] = timezone.now()
    elif target == ClaimStatus.REJECTED:
        updates["rejection_reason"] = comment.strip()
    elif target == ClaimStatus.PAID:
        updates["paid_on"] = timezone.localdate()
        entries = CostEntry.objects.bulk_create([
            CostEntry(project_id=claim.project_id, category_id=item.category_id, amount=item.amount,
                      incurred_on=item.spent_on, description=f"{claim.purpose} — {item.description}"[:300],
                      claim_item=item, recorded_by=actor)
            for item in claim.items.all()
        ])  # fmt: skip
        audit_bulk_created(CostEntry, entries, describe=lambda e: f"{e.incurred_on}: {e.amount}", actor=actor)
    if updates:
        ExpenseClaim.objects.filter(pk=claim.pk).update(**updates)
        for key, value in updates.items():
            setattr(claim, key, value)
    return claim
