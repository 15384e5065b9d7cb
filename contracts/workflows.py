"""The contract workflow (8.1–8.2.3), declared in one place:

draft → legal review (8.1.2) → returned to draft, or passed to the department head → (by amount tier, 8.1.3) the
executive → approved for signing → signed by the legal representative or an authorised delegate (8.1.1) →
terminated (8.2.3). Either approver may send it back to draft with a reason. An amendment is a contract of its own
and walks the same path.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from contracts.choices import ContractStatus, ReviewOutcome
from contracts.models import Contract, signing_authority
from core.models.workflow import ApprovalDecision
from core.roles import Role
from core.workflow import Condition, Transition, Workflow

S = ContractStatus

key_terms_complete = Condition(
    "3.1.3",
    _(
        "the contract's key terms (service content, fee standard, payment terms, service period, rights and "
        "obligations) are incomplete."
    ),
    lambda c, u: not c.missing_key_terms,
)
amount_stated = Condition(
    "8.1.3", _("the contract amount is missing; it decides who approves."), lambda c, u: c.amount is not None
)
legal_review_passed = Condition(
    "8.1.2",
    _("the legal department has not passed the version submitted."),
    lambda c, u: c.reviews.filter(version=c.version, outcome=ReviewOutcome.PASSED).exists(),
)
amendment_of_a_signed_contract = Condition(
    "8.2.3",
    _("the contract this amendment changes is no longer in force."),
    lambda c, u: c.amends_id is None or c.amends.status == ContractStatus.SIGNED,
)


def _threshold() -> str:
    return number_format(settings.CONTRACT_EXECUTIVE_APPROVAL_FROM, 2, force_grouping=True)


below_executive_tier = Condition(
    "8.1.3",
    lambda c, u: (
        gettext("from %(amount)s the executive approves after the department head.") % {"amount": _threshold()}
    ),
    lambda c, u: not c.needs_executive(),
    routing=True,
    summary=_("Below the executive tier the department head's approval is final."),
)
executive_tier = Condition(
    "8.1.3",
    lambda c, u: gettext("below %(amount)s the department head's approval is final.") % {"amount": _threshold()},
    lambda c, u: c.needs_executive(),
    routing=True,
    summary=_("From the executive tier the executive approves after the department head."),
)


def _signing_days(contract: Contract) -> tuple:
    """The authority to sign must hold on the signing date and on the day the signature is recorded, so that an
    expired delegate cannot record a back-dated signature."""
    today = timezone.localdate()
    return tuple(dict.fromkeys((contract.signed_on or today, today)))


def _authority_refusal(contract: Contract, user) -> str | None:
    return signing_authority(user, contract, *_signing_days(contract))[1]


def approved_on(contract: Contract):
    """The day the contract was approved for signing (the last approval that moved it there), or None."""
    from core.models import Approval

    decided = (Approval.objects.for_object(contract).filter(to_state=S.APPROVED).order_by("-decided_at")
               .values_list("decided_at", flat=True).first())  # fmt: skip
    return timezone.localdate(decided) if decided else None


authorised_to_sign = Condition(
    "8.1.1",
    lambda c, u: _authority_refusal(c, u) or "",
    lambda c, u: _authority_refusal(c, u) is None,
    summary=_("Only the legal representative, or a delegate within a valid authorisation, signs."),
)
signing_date_given = Condition(
    "8.1.1", _("the signing date is missing."), lambda c, u: c.signed_on is not None, on_input=True
)
signing_date_not_future = Condition(
    "8.1.1",
    _("the signing date cannot be in the future."),
    lambda c, u: c.signed_on is None or c.signed_on <= timezone.localdate(),
    on_input=True,
)
signed_after_approval = Condition(
    "8.1.3",
    _("the signing date cannot be before the contract was approved for signing."),
    lambda c, u: c.signed_on is None or approved_on(c) is None or c.signed_on >= approved_on(c),
    on_input=True,
)
client_signing_date_valid = Condition(
    "8.1.1",
    _("the client's signing date cannot be in the future."),
    lambda c, u: c.client_signed_on is None or c.client_signed_on <= timezone.localdate(),
    on_input=True,
)
client_signatory_named = Condition(
    "8.1.1", _("the client's signatory is not named."), lambda c, u: bool(c.client_signatory.strip()), on_input=True
)
termination_reason_given = Condition(
    "8.2.3", _("the reason for termination is missing."), lambda c, u: bool(c.termination_reason.strip()),
    on_input=True,
)  # fmt: skip
termination_basis_given = Condition(
    "8.2.3",
    _("the legal basis (the contract clause or the law) is missing."),
    lambda c, u: bool(c.termination_basis.strip()),
    on_input=True,
)
termination_date_given = Condition(
    "8.2.3", _("the termination date is missing."), lambda c, u: c.terminated_on is not None, on_input=True
)
termination_after_signing = Condition(
    "8.2.3",
    _("the termination cannot take effect before the contract was signed."),
    lambda c, u: c.terminated_on is None or c.signed_on is None or c.terminated_on >= c.signed_on,
    on_input=True,
)
an_original_contract = Condition(
    "8.2.3",
    _("an amendment is part of the contract it changes: terminate that contract."),
    lambda c, u: c.amends_id is None,
    q=lambda: Q(amends__isnull=True),
)


def _enter(contract: Contract, transition: Transition, actor) -> None:
    if transition.target == S.SIGNED:
        contract.signed_by = actor
        contract.signed_under = signing_authority(actor, contract, *_signing_days(contract))[0]


def _recipients(contract: Contract, transition: Transition):
    """Who hears of a step: the drafter, and the people who act next."""
    from core.models import User

    next_roles = {
        S.LEGAL_REVIEW: [Role.LEGAL],
        S.HEAD_APPROVAL: [Role.HEAD],
        S.EXECUTIVE_APPROVAL: [Role.EXECUTIVE],
        S.APPROVED: [Role.SIGNATORY],
        S.SIGNED: [Role.HEAD, Role.LEGAL],
        S.TERMINATED: [Role.HEAD, Role.LEGAL],
        S.DRAFT: [],
        S.WITHDRAWN: [],
    }[transition.target]
    return User.objects.filter(Q(pk=contract.created_by_id) | Q(groups__name__in=next_roles), is_active=True,
                               client_organisation__isnull=True).distinct()  # fmt: skip


CONTRACT_WORKFLOW = Workflow(
    name="contract",
    model=Contract,
    field="status",
    states=ContractStatus,
    clause="8.1.3",
    on_enter=_enter,
    recipients=_recipients,
    url=lambda c: c.get_absolute_url(),
    transitions=[
        Transition(S.DRAFT, S.WITHDRAWN, "contracts.change_contract", _("Withdraw the draft"), "8.1.3",
                   requires_comment=True, button="outline-secondary"),
        Transition(S.DRAFT, S.LEGAL_REVIEW, "contracts.change_contract", _("Submit for legal review"), "8.1.2",
                   conditions=(key_terms_complete, amount_stated, amendment_of_a_signed_contract)),
        Transition(S.LEGAL_REVIEW, S.HEAD_APPROVAL, "contracts.review_contract", _("Pass the legal review"), "8.1.2",
                   approval_step="contract:legal", button="success"),
        Transition(S.LEGAL_REVIEW, S.DRAFT, "contracts.review_contract", _("Return for revision"), "8.1.2",
                   approval_step="contract:legal", decision=ApprovalDecision.RETURNED, requires_comment=True,
                   button="warning"),
        Transition(S.HEAD_APPROVAL, S.APPROVED, "contracts.approve_contract", _("Approve"), "8.1.3",
                   conditions=(legal_review_passed, below_executive_tier), approval_step="contract:head",
                   button="success"),
        Transition(S.HEAD_APPROVAL, S.EXECUTIVE_APPROVAL, "contracts.approve_contract",
                   _("Approve and pass to the executive"), "8.1.3",
                   conditions=(legal_review_passed, executive_tier), approval_step="contract:head", button="success"),
        Transition(S.HEAD_APPROVAL, S.DRAFT, "contracts.approve_contract", _("Send back"), "8.1.3",
                   approval_step="contract:head", decision=ApprovalDecision.REJECTED, requires_comment=True,
                   button="danger"),
        Transition(S.EXECUTIVE_APPROVAL, S.APPROVED, "contracts.approve_contract_final", _("Approve"), "8.1.3",
                   conditions=(legal_review_passed,), approval_step="contract:executive", button="success"),
        Transition(S.EXECUTIVE_APPROVAL, S.DRAFT, "contracts.approve_contract_final", _("Send back"), "8.1.3",
                   approval_step="contract:executive", decision=ApprovalDecision.REJECTED, requires_comment=True,
                   button="danger"),
        Transition(S.APPROVED, S.SIGNED, "contracts.sign_contract", _("Sign the contract"), "8.1.1",
                   conditions=(key_terms_complete, amendment_of_a_signed_contract, authorised_to_sign,
                               signing_date_given, signing_date_not_future, signed_after_approval,
                               client_signatory_named, client_signing_date_valid),
                   approval_step="contract:sign"),
        Transition(S.SIGNED, S.TERMINATED, "contracts.terminate_contract", _("Terminate the contract"), "8.2.3",
                   conditions=(an_original_contract, termination_reason_given, termination_basis_given,
                               termination_date_given, termination_after_signing),
                   button="danger"),
    ],
)  # fmt: skip

# The transitions a reviewer or approver decides with an opinion (the generic decision form).
DECISION_TARGETS = {
    S.LEGAL_REVIEW: (S.HEAD_APPROVAL, S.DRAFT),
    S.HEAD_APPROVAL: (S.APPROVED, S.EXECUTIVE_APPROVAL, S.DRAFT),
    S.EXECUTIVE_APPROVAL: (S.APPROVED, S.DRAFT),
}
