"""Finance commands (ch. 6). Views, the API and Celery tasks call these; nothing else changes finance records."""

from finance.services.audit import engagement_create, finding_add, finding_close, finding_respond
from finance.services.budget import (
    adjustment_request,
    adjustment_transition,
    budget_create,
    budget_lines_set,
    budget_transition,
    budget_update,
    money,
)
from finance.services.cost import (
    claim_attach,
    claim_create,
    claim_item_add,
    claim_item_remove,
    claim_transition,
    cost_record,
)
from finance.services.invoice import invoice_receive, invoice_record

__all__ = [
    "adjustment_request",
    "adjustment_transition",
    "budget_create",
    "budget_lines_set",
    "budget_transition",
    "budget_update",
    "claim_attach",
    "claim_create",
    "claim_item_add",
    "claim_item_remove",
    "claim_transition",
    "cost_record",
    "engagement_create",
    "finding_add",
    "finding_close",
    "finding_respond",
    "invoice_receive",
    "invoice_record",
    "money",
]
