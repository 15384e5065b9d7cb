from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    """The project lifecycle of policy chapter 3."""

    INTAKE = "intake", _("Intake")
    PLANNING = "planning", _("Planning")
    EXECUTION = "execution", _("Execution")
    SUPERVISION = "supervision", _("Supervision")
    ACCEPTANCE = "acceptance", _("Acceptance")
    CLOSED = "closed", _("Closed")


class MemberRole(models.TextChoices):
    MARKET = "market", _("Market contact")
    PLANNER = "planner", _("Planner")
    SERVICE = "service", _("Customer service")
    INSPECTOR = "inspector", _("Quality inspector")
    LEAD = "lead", _("Project lead")
