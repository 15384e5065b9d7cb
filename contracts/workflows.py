"""The contract workflow. This first slice has one step, signing (8.1.1); legal review (8.1.2) and the approval
flow (8.1.3) are inserted before it by the contracts issue."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from contracts.choices import ContractStatus
from contracts.models import Contract
from core.roles import Role
from core.workflow import Condition, Transition, Workflow

key_terms_complete = Condition(
    "3.1.3",
    _(
        "the contract's key terms (service content, fee standard, service period, rights and obligations) "
        "are incomplete."
    ),
    lambda c, u: not c.missing_key_terms,
)
signing_date_given = Condition(
    "8.1.1", _("the signing date is missing."), lambda c, u: c.signed_on is not None, on_input=True
)
client_signatory_named = Condition(
    "8.1.1", _("the client's signatory is not named."), lambda c, u: bool(c.client_signatory.strip()), on_input=True
)


def _enter(contract: Contract, transition: Transition, actor) -> None:
    if transition.target == ContractStatus.SIGNED:
        contract.signed_by = actor


def _recipients(contract: Contract, transition: Transition):
    from core.models import User

    return User.objects.filter(
        Q(pk=contract.created_by_id) | Q(groups__name__in=[Role.HEAD, Role.LEGAL]), is_active=True
    ).distinct()


CONTRACT_WORKFLOW = Workflow(
    name="contract",
    model=Contract,
    field="status",
    states=ContractStatus,
    clause="8.1",
    on_enter=_enter,
    recipients=_recipients,
    url=lambda c: c.get_absolute_url(),
    transitions=[
        Transition(
            ContractStatus.DRAFT,
            ContractStatus.SIGNED,
            "contracts.sign_contract",
            _("Sign the contract"),
            "8.1.1",
            conditions=(key_terms_complete, signing_date_given, client_signatory_named),
            approval_step="contract:sign",
        ),
    ],
)
