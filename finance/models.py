"""Financial management, policy chapter 6. This first record is the invoice, which contract performance reads
(fees invoiced against the contract amount, 8.2.2); budgets, costs, claims and audits arrive with the finance
issue."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.audit import AuditedModel
from core.roles import Role, roles_of
from core.scoping import ScopedQuerySet

FINANCE_WIDE_ROLES = frozenset({Role.FINANCE, Role.HEAD, Role.EXECUTIVE, Role.AUDITOR, Role.LEGAL})


class InvoiceQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """Finance records are internal: finance, the head, the executive, legal and auditors see them; clients
        never do."""
        if not getattr(user, "is_authenticated", False) or user.client_organisation_id:
            return self.none()
        if user.is_superuser:
            return self.all()
        if roles_of(user) & FINANCE_WIDE_ROLES and user.has_perm("finance.view_invoice"):
            return self.all()
        return self.none()


class Invoice(AuditedModel):
    """An invoice issued to the client for a project's fees, and its receipt."""

    project = models.ForeignKey(
        "projects.Project", verbose_name=_("project"), on_delete=models.PROTECT, related_name="invoices"
    )
    contract = models.ForeignKey(
        "contracts.Contract", verbose_name=_("contract"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="invoices",
    )  # fmt: skip
    number = models.CharField(_("invoice number"), max_length=40, unique=True)
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2,
                                 validators=[MinValueValidator(Decimal("0.01"))])  # fmt: skip
    currency = models.CharField(_("currency"), max_length=3, default="CNY")
    issued_on = models.DateField(_("issued on"))
    received_on = models.DateField(_("received on"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = InvoiceQuerySet.as_manager()

    class Meta:
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        ordering = ["-issued_on", "-id"]

    def __str__(self) -> str:
        return self.number

    def clean(self):
        if self.contract_id and self.project_id and self.contract.project_id != self.project_id:
            raise ValidationError({"contract": _("The contract belongs to another project.")})
        if self.received_on and self.issued_on and self.received_on < self.issued_on:
            raise ValidationError({"received_on": _("Payment cannot be received before the invoice is issued.")})
