"""Revenue (6.2): invoices issued under signed contracts — the revenue recognised in the period they are issued
(6.2.2) — and their receipt; an invoice unpaid past its due date is an overdue receivable."""

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
    def overdue(self, today):
        """Receivables overdue (6.2.2): unpaid past their due date."""
        return self.filter(received_on__isnull=True, due_on__lt=today)

    def visible_to(self, user):
        """Finance records are internal: finance, the head, the executive and legal (for contract performance) see
        every invoice; an auditor what its engagements in force cover; clients never."""
        from finance.models.budget import audited_projects

        if not getattr(user, "is_authenticated", False) or user.client_organisation_id:
            return self.none()
        roles = roles_of(user)
        if user.is_superuser or (
            roles & (FINANCE_WIDE_ROLES - {Role.AUDITOR}) and user.has_perm("finance.view_invoice")
        ):
            return self.all()
        if Role.AUDITOR in roles:
            projects = audited_projects(user)
            return self.all() if projects is None else self.filter(project__in=projects)
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
    issued_on = models.DateField(_("issued on"), db_index=True)
    due_on = models.DateField(_("payment due on"), null=True, blank=True)
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
        if self.due_on and self.issued_on and self.due_on < self.issued_on:
            raise ValidationError({"due_on": _("Payment cannot fall due before the invoice is issued.")})
        if self.received_on and self.issued_on and self.received_on < self.issued_on:
            raise ValidationError({"received_on": _("Payment cannot be received before the invoice is issued.")})
