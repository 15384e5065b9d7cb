"""Finance commands. This slice: record an invoice against a contract (8.2.2 reads the total invoiced)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contracts.choices import ContractStatus
from core.roles import require_permission as _require
from core.workflow import cite
from finance.models import Invoice


@transaction.atomic
def invoice_record(*, actor, contract_pk, number: str, amount, issued_on, due_on=None,
                   received_on=None) -> Invoice:  # fmt: skip
    """Record an invoice issued under a signed contract, and its receipt when paid."""
    from contracts.models import Contract

    _require(actor, "finance.add_invoice")
    contract = Contract.objects.locked_in_scope(actor, contract_pk)
    if contract.status not in (ContractStatus.SIGNED, ContractStatus.TERMINATED):
        raise ValidationError(cite("8.2.1", _("fees are invoiced under a signed contract.")))
    if contract.amends_id:
        raise ValidationError(cite("8.2.1", _("fees are invoiced under the contract an amendment changes.")))
    for field, day in (("issued_on", issued_on), ("received_on", received_on)):
        if day and day > timezone.localdate():
            raise ValidationError({field: _("The date cannot be in the future.")})
    invoice = Invoice(project=contract.project, contract=contract, number=(number or "").strip(), amount=amount,
                      currency=contract.currency, issued_on=issued_on, due_on=due_on, received_on=received_on,
                      created_by=actor)  # fmt: skip
    invoice.full_clean()
    invoice.save()
    return invoice


@transaction.atomic
def invoice_receive(*, actor, pk, received_on) -> Invoice:
    """Record that an invoice was paid (6.2.2): its receivable is settled."""
    _require(actor, "finance.change_invoice")
    invoice = Invoice.objects.locked_in_scope(actor, pk)
    if invoice.received_on:
        raise ValidationError(_("This invoice is already recorded as paid."))
    if received_on is None or received_on > timezone.localdate():
        raise ValidationError({"received_on": _("The date cannot be in the future.")})
    invoice.received_on = received_on
    invoice.full_clean()
    invoice.save()
    return invoice
