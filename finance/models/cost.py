"""Costs and expenses (6.3): cost entries classified by project and category (6.3.2), and expense claims reviewed
by the manager and finance — the executive too when an item is over its category's standard (6.3.3)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.audit import AuditedModel
from core.models.attachments import attachable
from core.roles import Role, roles_of
from core.scoping import ScopedQuerySet
from finance.choices import ClaimStatus, FinanceKind
from finance.models.budget import FINANCE_READERS, FinanceCategory, FinanceQuerySet, audited_projects


class CostEntry(AuditedModel):
    """A cost or expense actually incurred, classified by project and category (6.3.2). Paid expense claims
    become entries of their own (``claim_item``)."""

    project = models.ForeignKey(
        "projects.Project", verbose_name=_("project"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="cost_entries", help_text=_("Empty: a cost of the department itself."),
    )  # fmt: skip
    category = models.ForeignKey(FinanceCategory, verbose_name=_("category"), on_delete=models.PROTECT,
                                 related_name="+", limit_choices_to={"kind__in": [FinanceKind.COST,
                                                                                  FinanceKind.EXPENSE]})  # fmt: skip
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2,
                                 validators=[MinValueValidator(Decimal("0.01"))])  # fmt: skip
    currency = models.CharField(_("currency"), max_length=3, default="CNY")
    incurred_on = models.DateField(_("incurred on"), db_index=True)
    description = models.CharField(_("description"), max_length=300)
    claim_item = models.OneToOneField("finance.ExpenseItem", verbose_name=_("from expense claim"), null=True,
                                      blank=True, on_delete=models.PROTECT, related_name="cost_entry")  # fmt: skip
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = FinanceQuerySet.as_manager()

    class Meta:
        verbose_name = _("cost entry")
        verbose_name_plural = _("cost entries")
        ordering = ["-incurred_on", "-id"]

    def __str__(self) -> str:
        return f"{self.incurred_on} {self.category}: {self.amount}"

    def clean(self):
        if self.category_id and self.category.kind == FinanceKind.REVENUE:
            raise ValidationError({"category": _("Choose a cost or expense category.")})


class ClaimQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """An employee sees its own claims; finance, the head, the executive and auditors see every claim."""
        if not getattr(user, "is_authenticated", False) or user.client_organisation_id:
            return self.none()
        roles = roles_of(user)
        if user.is_superuser or roles & (FINANCE_READERS - {Role.AUDITOR}):
            return self.all()
        own = self.filter(claimant=user)
        if Role.AUDITOR in roles:
            projects = audited_projects(user)
            return self.all() if projects is None else own | self.filter(project__in=projects)
        return own


@attachable
class ExpenseClaim(AuditedModel):
    """An employee's expense reimbursement claim (6.3.3): items with their receipts (attachments), reviewed for
    being real, reasonable and compliant."""

    claimant = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("claimant"), on_delete=models.PROTECT,
                                 related_name="expense_claims")  # fmt: skip
    project = models.ForeignKey(
        "projects.Project", verbose_name=_("project"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="expense_claims",
    )  # fmt: skip
    purpose = models.CharField(_("purpose of the claim"), max_length=300)
    status = models.CharField(_("status"), max_length=20, choices=ClaimStatus.choices, default=ClaimStatus.DRAFT,
                              db_index=True)  # fmt: skip
    currency = models.CharField(_("currency"), max_length=3, default="CNY")
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ClaimQuerySet.as_manager()

    class Meta:
        verbose_name = _("expense claim")
        verbose_name_plural = _("expense claims")
        ordering = ["-created_at", "-id"]
        permissions = [("review_claim_manager", _("Review an expense claim as the manager")),
                       ("review_claim_finance", _("Review an expense claim for finance")),
                       ("approve_claim_over_standard", _("Approve an expense claim over standard")),
                       ("pay_claim", _("Pay an expense claim"))]  # fmt: skip

    def __str__(self) -> str:
        return f"#{self.pk} {self.claimant} · {self.purpose[:40]}"

    def get_absolute_url(self) -> str:
        return reverse("finance:claim", args=[self.pk])

    @property
    def total(self) -> Decimal:
        return sum((i.amount for i in self.items.all()), Decimal("0.00"))

    def over_standard_items(self) -> list:
        """The items above their category's standard limit (6.3.1)."""
        return [i for i in self.items.all()
                if i.category.standard_limit is not None and i.amount > i.category.standard_limit]  # fmt: skip


class ExpenseItem(models.Model):
    claim = models.ForeignKey(ExpenseClaim, verbose_name=_("claim"), on_delete=models.CASCADE, related_name="items")
    category = models.ForeignKey(FinanceCategory, verbose_name=_("category"), on_delete=models.PROTECT,
                                 related_name="+", limit_choices_to={"kind": FinanceKind.EXPENSE})  # fmt: skip
    spent_on = models.DateField(_("date"))
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2,
                                 validators=[MinValueValidator(Decimal("0.01"))])  # fmt: skip
    description = models.CharField(_("description"), max_length=300)

    class Meta:
        verbose_name = _("expense item")
        verbose_name_plural = _("expense items")
        ordering = ["spent_on", "id"]

    def __str__(self) -> str:
        return f"{self.spent_on} {self.category}: {self.amount}"

    def clean(self):
        if self.category_id and self.category.kind != FinanceKind.EXPENSE:
            raise ValidationError({"category": _("Choose an expense category.")})

    @property
    def over_standard(self) -> bool:
        limit = self.category.standard_limit
        return limit is not None and self.amount > limit
