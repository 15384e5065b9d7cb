"""Performance (8.2): obligations, milestones and payments with who answers for them and when; periodic evaluations;
the notice to the other party when a contract is terminated (8.2.3)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contracts.choices import ContractStatus, EvaluationRating, ObligationKind, ObligationStatus, Party
from contracts.models.contract import Contract, _ByContractQuerySet
from core.audit import AuditedModel


class ObligationQuerySet(_ByContractQuerySet):
    def overdue(self, today=None):
        """Open obligations past their date under a contract in force (a terminated contract's are settled
        with its termination)."""
        return self.filter(status=ObligationStatus.OPEN, due_on__lt=today or timezone.localdate(),
                           contract__status=ContractStatus.SIGNED)  # fmt: skip


class Obligation(AuditedModel):
    """Something one party must do by a date: an obligation, a milestone or a payment (8.2.1), with the
    department and person who answer for it on our side."""

    contract = models.ForeignKey(
        Contract, verbose_name=_("contract"), on_delete=models.CASCADE, related_name="obligations"
    )
    party = models.CharField(_("party"), max_length=10, choices=Party.choices, default=Party.OURS)
    kind = models.CharField(_("kind"), max_length=12, choices=ObligationKind.choices, default=ObligationKind.OBLIGATION)
    description = models.CharField(_("description"), max_length=300)
    amount = models.DecimalField(
        _("amount"), max_digits=14, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
    )  # fmt: skip
    due_on = models.DateField(_("due date"), db_index=True)
    department = models.ForeignKey(
        "core.Department", verbose_name=_("responsible department"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("responsible person"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="contract_obligations",
    )  # fmt: skip
    status = models.CharField(_("status"), max_length=10, choices=ObligationStatus.choices,
                              default=ObligationStatus.OPEN, db_index=True)  # fmt: skip
    done_on = models.DateField(_("fulfilled on"), null=True, blank=True)
    done_note = models.TextField(_("how it was fulfilled"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ObligationQuerySet.as_manager()

    class Meta:
        verbose_name = _("contract obligation")
        verbose_name_plural = _("contract obligations")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.description

    def get_absolute_url(self) -> str:
        return reverse("contracts:detail", args=[self.contract_id]) + "#performance"

    def clean(self):
        if self.kind == ObligationKind.PAYMENT and self.amount is None:
            raise ValidationError({"amount": _("A payment needs its amount.")})

    @property
    def is_overdue(self) -> bool:
        return self.status == ObligationStatus.OPEN and self.due_on < timezone.localdate()


class PerformanceEvaluation(AuditedModel):
    """A periodic evaluation of how the contract is being performed (8.2.2): the problems found and the measures."""

    contract = models.ForeignKey(
        Contract, verbose_name=_("contract"), on_delete=models.CASCADE, related_name="evaluations"
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    rating = models.CharField(_("assessment"), max_length=10, choices=EvaluationRating.choices)
    findings = models.TextField(_("what was found"))
    measures = models.TextField(_("measures"), blank=True)
    evaluated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("evaluated by"), on_delete=models.PROTECT, related_name="+"
    )
    evaluated_at = models.DateTimeField(_("evaluated at"), auto_now_add=True)

    objects = _ByContractQuerySet.as_manager()

    class Meta:
        verbose_name = _("performance evaluation")
        verbose_name_plural = _("performance evaluations")
        ordering = ["contract", "-period_end", "-id"]

    def __str__(self) -> str:
        return f"{self.contract.number} {self.period_start}–{self.period_end}"

    def clean(self):
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("The period cannot end before it starts.")})
        if self.rating and self.rating != EvaluationRating.GOOD and not self.measures.strip():
            raise ValidationError({"measures": _("Say how the problems found will be solved (8.2.2).")})


class TerminationNotice(AuditedModel):
    """The notice of termination to the other party (8.2.3): generated when the contract is terminated, then sent,
    then acknowledged by the client (in the portal, or recorded by legal)."""

    contract = models.OneToOneField(
        Contract, verbose_name=_("contract"), on_delete=models.CASCADE, related_name="termination_notice"
    )
    text = models.TextField(_("notice text"))
    generated_at = models.DateTimeField(_("generated at"), auto_now_add=True)
    generated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    sent_via = models.CharField(_("sent by way of"), max_length=120, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("sent by"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    acknowledged_on = models.DateField(_("acknowledged on"), null=True, blank=True)
    acknowledged_by_name = models.CharField(_("acknowledged by"), max_length=120, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("acknowledgement recorded by"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip

    objects = _ByContractQuerySet.as_manager()

    class Meta:
        verbose_name = _("termination notice")
        verbose_name_plural = _("termination notices")
        permissions = [("acknowledge_terminationnotice", _("Acknowledge a termination notice for the client"))]

    def __str__(self) -> str:
        return f"{self.contract.number}: {self.get_state_display()}"

    @property
    def state(self) -> str:
        if self.acknowledged_on:
            return "acknowledged"
        return "sent" if self.sent_on else "generated"

    def get_state_display(self) -> str:
        return str({"generated": _("Generated, not sent"), "sent": _("Sent, awaiting acknowledgement"),
                    "acknowledged": _("Acknowledged")}[self.state])  # fmt: skip
