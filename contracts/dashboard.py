"""Contract panels of the home dashboard: each role's queue in the contract workflow (8.1–8.3)."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from contracts.choices import ContractStatus
from contracts.models import Contract, Obligation
from core.dashboard import has_perm, panel

S = ContractStatus


def _queue(user, status, *, empty, clause, icon):
    contracts = Contract.objects.visible_to(user).filter(status=status).select_related("client")[:10]
    items = [{"url": c.get_absolute_url(), "title": str(c), "detail": c.client.name} for c in contracts]
    return {"template": "tasks", "icon": icon, "items": items, "empty": empty, "clause": clause}


@panel(order=9, requires=has_perm("contracts.review_contract"), title=_("Contracts waiting for legal review"))
def legal_review_panel(user):
    """Drafts submitted for the legal department's review (8.1.2)."""
    return _queue(user, S.LEGAL_REVIEW, icon="shield-check",
                  empty=_("No contract waits for legal review."), clause="8.1.2")  # fmt: skip


@panel(
    order=9,
    requires=has_perm("contracts.approve_contract_final", "contracts.approve_contract"),
    title=_("Contracts waiting for your approval"),
)
def contract_approvals_panel(user):
    """Contracts waiting for this approver (8.1.3): the department head, then by amount the executive."""
    status = S.EXECUTIVE_APPROVAL if user.has_perm("contracts.approve_contract_final") else S.HEAD_APPROVAL
    return _queue(user, status, icon="check2-square",
                  empty=_("No contract waits for your approval."), clause="8.1.3")  # fmt: skip


@panel(order=10, requires=has_perm("contracts.sign_contract"), title=_("Contracts waiting for signature"))
def signatures_panel(user):
    """Approved contracts waiting for a signatory (8.1.1)."""
    return _queue(user, S.APPROVED, icon="pen",
                  empty=_("No contract waits for your signature."), clause="8.1.1")  # fmt: skip


@panel(
    order=30,
    requires=has_perm("contracts.add_obligation", "contracts.change_obligation"),
    title=_("Contract performance"),
)
def contract_performance_panel(user):
    """Overdue obligations and contracts ending soon (8.2.2)."""
    today = timezone.localdate()
    overdue = (Obligation.objects.visible_to(user).overdue(today).select_related("contract")
               .order_by("due_on")[:8])  # fmt: skip
    items = [{"url": o.get_absolute_url(), "title": o.description,
              "detail": f"{o.contract.number} · {date_format(o.due_on)}", "badge": _("Overdue")}
             for o in overdue]  # fmt: skip
    ending = Contract.objects.visible_to(user).expiring(today, settings.CONTRACT_EXPIRY_ALERT_DAYS)[:5]
    items += [{"url": c.get_absolute_url(), "title": str(c), "detail": date_format(c.service_end),
               "badge": _("Ending soon")} for c in ending]  # fmt: skip
    return {"template": "tasks", "icon": "calendar-check", "items": items,
            "empty": _("No obligation is overdue and no contract ends soon."), "clause": "8.2.2",
            "more_url": reverse("contracts:obligations")}  # fmt: skip


@panel(order=31, requires=has_perm("contracts.add_archiverecord"), title=_("Signed contracts to archive"))
def archive_pending_panel(user):
    """Signed contracts the custodian has not archived yet (8.3.1)."""
    contracts = (Contract.objects.visible_to(user).filter(status__in=[S.SIGNED, S.TERMINATED],
                                                          archive_record__isnull=True)
                 .select_related("client")[:10])  # fmt: skip
    items = [{"url": reverse("contracts:archive", args=[c.pk]), "title": str(c), "detail": c.client.name}
             for c in contracts]  # fmt: skip
    return {"template": "tasks", "icon": "archive", "items": items,
            "empty": _("Every signed contract is archived."), "clause": "8.3.1"}  # fmt: skip
