"""Core records: organisation and users (ch. 2), audit trail, approvals, notifications."""

from core.models.attachments import Attachment
from core.models.audit import AuditEvent, AuditSeal
from core.models.jobs import JobRun
from core.models.notifications import Notification
from core.models.organisation import ClientOrganisation, Department, User
from core.models.workflow import Approval

__all__ = [
    "Approval",
    "Attachment",
    "AuditEvent",
    "AuditSeal",
    "ClientOrganisation",
    "Department",
    "JobRun",
    "Notification",
    "User",
]
