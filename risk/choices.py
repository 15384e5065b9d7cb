from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class RiskCategory(models.TextChoices):
    """The risk kinds of 7.1.2."""

    MARKET = "market", _("Market")
    OPERATIONAL = "operational", _("Operational")
    FINANCIAL = "financial", _("Financial")
    LEGAL = "legal", pgettext_lazy("risk category", "Legal")
    OTHER = "other", _("Other")


class RiskLevel(models.TextChoices):
    """The levels of the default 5×5 matrix (7.1.3)."""

    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    VERY_HIGH = "very_high", _("Very high")
    CRITICAL = "critical", _("Critical")


class RiskSource(models.TextChoices):
    INTAKE_EVALUATION = "intake_evaluation", _("Preliminary evaluation (3.1.2)")
    PERIODIC_REVIEW = "periodic_review", _("Periodic identification (7.1.2)")
    OTHER = "other", _("Other")


class IndicatorDirection(models.TextChoices):
    """Whether a value is worse as it rises or as it falls (7.3.1)."""

    ABOVE = "above", _("Worse when higher")
    BELOW = "below", _("Worse when lower")


class WarningLevel(models.TextChoices):
    WARNING = "warning", pgettext_lazy("warning level", "Warning")
    CRITICAL = "critical", pgettext_lazy("warning level", "Critical")


class WarningStatus(models.TextChoices):
    OPEN = "open", _("Open")
    HANDLED = "handled", _("Handled")
    CLOSED = "closed", pgettext_lazy("risk warning", "Closed")


class RiskStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("risk", "Open")
    CLOSED = "closed", pgettext_lazy("risk", "Closed")


class AssessmentStage(models.TextChoices):
    """Before the responses (inherent) or with them in place (residual) (7.1.3)."""

    INHERENT = "inherent", _("Inherent")
    RESIDUAL = "residual", _("Residual")


class ResponseStrategy(models.TextChoices):
    """The four responses of 7.2.1."""

    AVOID = "avoid", _("Avoid")
    REDUCE = "reduce", _("Reduce")
    TRANSFER = "transfer", _("Transfer")
    ACCEPT = "accept", _("Accept")


class ResponseStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("Measures in progress")
    COMPLETED = "completed", _("Measures completed")
    PENDING_HEAD = "pending_head", _("Awaiting the department head")
    PENDING_EXECUTIVE = "pending_executive", _("Awaiting the executive")
    ACCEPTED = "accepted", pgettext_lazy("risk acceptance", "Accepted")
    REJECTED = "rejected", pgettext_lazy("risk acceptance", "Rejected")
    VOID = "void", _("Void (the level went up)")
    EXPIRED = "expired", pgettext_lazy("risk acceptance", "Expired")


class CheckResult(models.TextChoices):
    """The outcome of a periodic check of a response's measures (7.2.3)."""

    EFFECTIVE = "effective", _("Effective")
    PARTLY = "partly", _("Partly effective")
    INEFFECTIVE = "ineffective", _("Not effective")


class ReviewStatus(models.TextChoices):
    DUE = "due", pgettext_lazy("risk review", "Due")
    DONE = "done", pgettext_lazy("risk review", "Done")
