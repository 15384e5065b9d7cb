"""The risk response workflow (7.2), declared in one place:

- avoid, reduce, transfer: the measures are in progress until the responsible person records them done;
- accept: the department head approves; for the two highest levels the head passes it to the executive, who
  approves (7.2.1); either may reject it with the reason. An accepted risk lapses at its expiry and is voided when
  its level goes up (both by the system, risk.register), which asks for the acceptance again.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models.workflow import ApprovalDecision
from core.roles import Role, role_holders
from core.workflow import Condition, Transition, Workflow
from risk.choices import ResponseStatus
from risk.matrix import TOP_LEVELS
from risk.models import RiskResponse

R = ResponseStatus


below_top = Condition(
    "7.2.1",
    _("the risk is of one of the two highest levels: the executive approves accepting it."),
    lambda r, u: r.risk.level not in TOP_LEVELS,
    routing=True,
    summary=_("Below the two highest levels the department head approves accepting a risk."),
)
at_top = Condition(
    "7.2.1",
    _("the risk is below the two highest levels: the department head approves accepting it."),
    lambda r, u: r.risk.level in TOP_LEVELS,
    routing=True,
    summary=_("At the two highest levels the executive approves accepting a risk, after the department head."),
)
risk_open = Condition("7.2.1", _("the risk is closed."), lambda r, u: r.risk.status == "open")
not_expired = Condition(
    "7.2.1",
    _("the acceptance's expiry date has passed; ask for it again with a new expiry."),
    lambda r, u: r.expires_on is not None and r.expires_on > timezone.localdate(),
)
not_own = Condition(
    "7.2.1", _("the person who asked to accept the risk does not approve it."), lambda r, u: r.proposed_by_id != u.pk
)


def _on_enter(response: RiskResponse, t: Transition, actor) -> None:
    if t.target in (R.ACCEPTED, R.REJECTED):
        response.decided_at = timezone.now()
    if t.target == R.ACCEPTED:
        # what was accepted: a later rise above this level voids the acceptance (7.2.1)
        response.level_at_request = response.risk.level
    if t.target == R.COMPLETED:
        response.completed_at = timezone.now()


def _recipients(response: RiskResponse, t: Transition):
    if t.target == R.PENDING_EXECUTIVE:
        return role_holders(Role.EXECUTIVE)
    return [response.owner, response.proposed_by]


RESPONSE_WORKFLOW = Workflow(
    name="risk-response",
    model=RiskResponse,
    field="status",
    states=ResponseStatus,
    clause="7.2.1",
    on_enter=_on_enter,
    recipients=_recipients,
    url=lambda r: r.get_absolute_url(),
    transitions=[
        Transition(R.IN_PROGRESS, R.COMPLETED, "risk.change_riskresponse", _("Record the measures done"), "7.2.2",
                   conditions=(risk_open,), button="success"),
        Transition(R.PENDING_HEAD, R.ACCEPTED, "risk.approve_acceptance", _("Approve accepting the risk"), "7.2.1",
                   conditions=(risk_open, not_expired, not_own, below_top), approval_step="risk-acceptance:head",
                   button="success"),
        Transition(R.PENDING_HEAD, R.PENDING_EXECUTIVE, "risk.approve_acceptance",
                   _("Approve and pass to the executive"), "7.2.1",
                   conditions=(risk_open, not_expired, not_own, at_top),
                   approval_step="risk-acceptance:head", button="success"),
        Transition(R.PENDING_HEAD, R.REJECTED, "risk.approve_acceptance", _("Reject"), "7.2.1",
                   approval_step="risk-acceptance:head", decision=ApprovalDecision.REJECTED, requires_comment=True,
                   button="danger"),
        Transition(R.PENDING_EXECUTIVE, R.ACCEPTED, "risk.approve_acceptance_high",
                   _("Approve accepting the risk"), "7.2.1", conditions=(risk_open, not_expired, not_own),
                   approval_step="risk-acceptance:executive", button="success"),
        Transition(R.PENDING_EXECUTIVE, R.REJECTED, "risk.approve_acceptance_high", _("Reject"), "7.2.1",
                   approval_step="risk-acceptance:executive", decision=ApprovalDecision.REJECTED,
                   requires_comment=True, button="danger"),
    ],
)  # fmt: skip

__all__ = ["RESPONSE_WORKFLOW"]
