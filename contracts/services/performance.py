"""Performance tracking (8.2.1–8.2.2): obligations, milestones and payments; periodic evaluations."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contracts.choices import ContractStatus, ObligationStatus
from contracts.models import Contract, Obligation, PerformanceEvaluation
from core.roles import require_permission as _require
from core.workflow import cite


def _original_only(contract: Contract) -> None:
    if contract.amends_id:
        raise ValidationError(cite("8.2.2", _("performance is tracked on the contract an amendment changes, not on the "
                                              "amendment.")))  # fmt: skip


@transaction.atomic
def obligation_add(*, actor, pk, description: str, due_on, party: str, kind: str, amount=None, department=None,
                   responsible=None) -> Obligation:  # fmt: skip
    """Track an obligation, milestone or payment of either party, with who answers for it and by when (8.2.1)."""
    _require(actor, "contracts.add_obligation")
    contract = Contract.objects.locked_in_scope(actor, pk)
    _original_only(contract)
    if contract.status == ContractStatus.TERMINATED:
        raise ValidationError(cite("8.2.3", _("the contract is terminated; nothing more is performed under it.")))
    if responsible is not None and (responsible.client_organisation_id or not responsible.is_active):
        raise ValidationError({"responsible": _("Choose an active person of the organisation.")})
    obligation = Obligation(contract=contract, description=(description or "").strip(), due_on=due_on, party=party,
                            kind=kind, amount=amount, department=department, responsible=responsible,
                            created_by=actor)  # fmt: skip
    obligation.full_clean()
    obligation.save()
    return obligation


@transaction.atomic
def obligation_fulfil(*, actor, pk, obligation_pk, done_on=None, note: str = "") -> Obligation:
    """Record that an obligation was fulfilled, when and how (8.2.2)."""
    _require(actor, "contracts.change_obligation")
    obligation = Obligation.objects.visible_to(actor).select_for_update().filter(contract_id=pk, pk=obligation_pk)
    obligation = obligation.first()
    if obligation is None:
        from django.http import Http404

        raise Http404(_("No such record in your scope."))
    if obligation.status == ObligationStatus.DONE:
        raise ValidationError(_("This obligation is already fulfilled."))
    done_on = done_on or timezone.localdate()
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": _("The date cannot be in the future.")})
    if not (note or "").strip():
        raise ValidationError({"note": _("Say how it was fulfilled.")})
    obligation.status, obligation.done_on, obligation.done_note = ObligationStatus.DONE, done_on, note.strip()
    obligation.save()
    return obligation


@transaction.atomic
def evaluation_record(*, actor, pk, period_start, period_end, rating: str, findings: str,
                      measures: str = "") -> PerformanceEvaluation:  # fmt: skip
    """A periodic evaluation of the contract's performance: problems found and how they are solved (8.2.2)."""
    _require(actor, "contracts.add_performanceevaluation")
    contract = Contract.objects.locked_in_scope(actor, pk)
    _original_only(contract)
    if contract.status not in (ContractStatus.SIGNED, ContractStatus.TERMINATED):
        raise ValidationError(cite("8.2.2", _("performance is evaluated once the contract is signed.")))
    if period_end and period_end > timezone.localdate():
        raise ValidationError({"period_end": _("Evaluate a period that has passed.")})
    evaluation = PerformanceEvaluation(contract=contract, period_start=period_start, period_end=period_end,
                                       rating=rating, findings=(findings or "").strip(),
                                       measures=(measures or "").strip(), evaluated_by=actor)  # fmt: skip
    evaluation.full_clean()
    evaluation.save()
    return evaluation
