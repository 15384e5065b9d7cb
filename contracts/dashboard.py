"""Contract panels of the home dashboard."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from contracts.choices import ContractStatus
from contracts.models import Contract
from core.dashboard import panel


@panel
def signatures_panel(user):
    """Draft contracts waiting for a signatory (8.1.1)."""
    if not user.has_perm("contracts.sign_contract"):
        return None
    drafts = Contract.objects.visible_to(user).filter(status=ContractStatus.DRAFT).select_related("client")[:10]
    items = [{"url": c.get_absolute_url(), "title": str(c), "detail": c.client.name,
              "badge": _("Terms incomplete") if c.missing_key_terms else ""} for c in drafts]  # fmt: skip
    return {"template": "tasks", "icon": "pen", "title": _("Contracts waiting for signature"), "items": items,
            "empty": _("No contract waits for your signature."), "clause": "8.1.1", "order": 10}  # fmt: skip
