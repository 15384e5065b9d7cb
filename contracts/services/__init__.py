"""Contract commands (ch. 8). Views, the API and Celery tasks call these; nothing else changes contract records."""

from contracts.services.alerts import contract_alerts
from contracts.services.archive import (
    access_log,
    borrowing_decide,
    borrowing_request,
    borrowing_return,
    contract_archive,
)
from contracts.services.contract import (
    amendment_create,
    clause_add,
    clause_remove,
    contract_attach,
    contract_create,
    contract_decide,
    contract_review,
    contract_sign,
    contract_submit,
    contract_terminate,
    contract_update,
    notice_acknowledge,
    notice_send,
)
from contracts.services.performance import evaluation_record, obligation_add, obligation_fulfil
from contracts.services.signing import authorisation_grant, authorisation_revoke

__all__ = [
    "access_log",
    "amendment_create",
    "authorisation_grant",
    "authorisation_revoke",
    "borrowing_decide",
    "borrowing_request",
    "borrowing_return",
    "clause_add",
    "clause_remove",
    "contract_alerts",
    "contract_archive",
    "contract_attach",
    "contract_create",
    "contract_decide",
    "contract_review",
    "contract_sign",
    "contract_submit",
    "contract_terminate",
    "contract_update",
    "evaluation_record",
    "notice_acknowledge",
    "notice_send",
    "obligation_add",
    "obligation_fulfil",
]
