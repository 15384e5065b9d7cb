from django.db import models
from django.utils.translation import gettext_lazy as _


class ContractStatus(models.TextChoices):
    """The contract's path (8.1–8.2): legal review, the approval flow by amount tier, signing, termination."""

    DRAFT = "draft", _("Draft")
    LEGAL_REVIEW = "legal_review", _("In legal review")
    HEAD_APPROVAL = "head_approval", _("Awaiting the department head")
    EXECUTIVE_APPROVAL = "executive_approval", _("Awaiting the executive")
    APPROVED = "approved", _("Approved for signing")
    SIGNED = "signed", _("Signed")
    TERMINATED = "terminated", _("Terminated")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# The states in which a contract binds the parties and is shown to the client.
CLIENT_FACING_STATUSES = (ContractStatus.SIGNED, ContractStatus.TERMINATED)
# The states in which the terms are under review or approval and may not be edited.
IN_APPROVAL_STATUSES = (ContractStatus.LEGAL_REVIEW, ContractStatus.HEAD_APPROVAL, ContractStatus.EXECUTIVE_APPROVAL,
                        ContractStatus.APPROVED)  # fmt: skip


class ContractType(models.TextChoices):
    SERVICE = "service", _("Managed-operations service")
    LEASING = "leasing", _("Leasing and investment promotion")
    PROCUREMENT = "procurement", _("Procurement")
    COOPERATION = "cooperation", _("Cooperation")
    OTHER = "other", _("Other")


class Party(models.TextChoices):
    OURS = "ours", _("Our organisation")
    CLIENT = "client", _("The client")
    BOTH = "both", _("Both parties")


class ClauseKind(models.TextChoices):
    RIGHT = "right", _("Right")
    OBLIGATION = "obligation", _("Obligation")
    OTHER = "other", _("Other term")


class ReviewOutcome(models.TextChoices):
    PASSED = "passed", _("Passed")
    RETURNED = "returned", _("Returned for revision")


class ObligationKind(models.TextChoices):
    OBLIGATION = "obligation", _("Obligation")
    MILESTONE = "milestone", _("Milestone")
    PAYMENT = "payment", _("Payment due")


class ObligationStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Fulfilled")


class EvaluationRating(models.TextChoices):
    GOOD = "good", _("Performing as agreed")
    ISSUES = "issues", _("Problems to solve")
    SERIOUS = "serious", _("Serious problems")


class BorrowingStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    LENT = "lent", _("Lent out")
    REFUSED = "refused", _("Refused")
    RETURNED = "returned", _("Returned")


class AccessKind(models.TextChoices):
    VIEW = "view", _("Viewed the archive record")
    DOWNLOAD = "download", _("Downloaded the electronic copy")
    BORROW_REQUEST = "borrow_request", _("Requested to borrow")
    BORROW_DECISION = "borrow_decision", _("Decided on a borrowing")
    RETURN = "return", _("Returned the original")
