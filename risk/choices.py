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
