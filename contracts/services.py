"""Contract commands. This slice: record a contract's key terms for a project and sign it (3.1.3, 8.1.1)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from contracts.choices import ContractStatus
from contracts.models import Contract
from core.roles import require_permission as _require
from core.workflow import cite, transition_perform

TERM_FIELDS = ("title", "service_content", "fee_standard", "amount", "service_start", "service_end",
               "rights_obligations", "response_hours")  # fmt: skip


@transaction.atomic
def contract_create(*, actor, project_pk, number: str, **terms) -> Contract:
    """Record a draft service contract for a project, with the key terms of 3.1.3."""
    from projects.models import Project

    _require(actor, "contracts.add_contract")
    project = Project.objects.locked_in_scope(actor, project_pk)
    unknown = set(terms) - set(TERM_FIELDS)
    if unknown:
        raise TypeError(f"Unknown contract fields: {sorted(unknown)}")
    contract = Contract(project=project, client=project.client, number=number, created_by=actor, **terms)
    contract.full_clean()
    contract.save()
    return contract


@transaction.atomic
def contract_update(*, actor, pk, **terms) -> Contract:
    """Change a draft contract's terms. A signed contract is changed only by an amendment (8.2.3)."""
    _require(actor, "contracts.change_contract")
    contract = Contract.objects.locked_in_scope(actor, pk)
    if contract.status != ContractStatus.DRAFT:
        raise ValidationError(cite("8.2.3", _("a signed contract changes only through an amendment.")))
    unknown = set(terms) - set(TERM_FIELDS)
    if unknown:
        raise TypeError(f"Unknown contract fields: {sorted(unknown)}")
    for key, value in terms.items():
        setattr(contract, key, value)
    contract.full_clean()
    contract.save()
    return contract


def contract_sign(*, actor, pk, signed_on, client_signatory: str, comment: str = "") -> Contract:
    """Sign the contract on behalf of the organisation (8.1.1: the legal representative or an authorised
    delegate only). A signed contract releases the project from intake (3.1.3)."""
    from contracts.workflows import CONTRACT_WORKFLOW

    return transition_perform(
        workflow=CONTRACT_WORKFLOW,
        pk=pk,
        target=ContractStatus.SIGNED,
        actor=actor,
        comment=comment,
        expected_source=ContractStatus.DRAFT,
        fields={"signed_on": signed_on, "client_signatory": client_signatory},
    )
