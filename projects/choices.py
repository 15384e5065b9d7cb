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
    DECLINED = "declined", _("Declined")


class MemberRole(models.TextChoices):
    MARKET = "market", _("Market contact")
    PLANNER = "planner", _("Planner")
    SERVICE = "service", _("Customer service")
    INSPECTOR = "inspector", _("Quality inspector")
    LEAD = "lead", _("Project lead")


class Feasibility(models.TextChoices):
    FEASIBLE = "feasible", _("Feasible")
    CONDITIONAL = "conditional", _("Feasible with conditions")
    NOT_FEASIBLE = "not_feasible", _("Not feasible")


class IntakeDecision(models.TextChoices):
    PENDING = "pending", _("Not decided yet")
    TAKE_ON = "take_on", _("Take on")
    DECLINE = "decline", _("Decline")


class PlanStatus(models.TextChoices):
    """The internal review of an operations plan version (3.2.3)."""

    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In internal review")
    RETURNED = "returned", _("Returned for revision")
    PASSED = "passed", _("Passed")


class ReviewVerdict(models.TextChoices):
    PASS = "pass", _("Sound and feasible")
    REVISE = "revise", _("Needs revision")


class ResourceKind(models.TextChoices):
    PEOPLE = "people", _("People")
    MATERIALS = "materials", _("Materials")
    FUNDS = "funds", _("Funds")


class TaskCategory(models.TextChoices):
    """What a work-plan task belongs to (3.3.2), including the daily operations of 4.1.1."""

    MARKETING = "marketing", _("Marketing")
    CUSTOMER_SERVICE = "customer_service", _("Customer service")
    OPERATIONS = "operations", _("Operations management")
    MAINTENANCE = "maintenance", _("Equipment maintenance")
    SAFETY = "safety", _("Safety management")


class TaskStatus(models.TextChoices):
    TODO = "todo", _("To do")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class Priority(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    URGENT = "urgent", _("Urgent")


class IssueStatus(models.TextChoices):
    """A problem or conflict in the coordination log (3.3.3)."""

    OPEN = "open", _("Open")
    ESCALATED = "escalated", _("Escalated to the department head")
    RESOLVED = "resolved", _("Resolved")


class InspectionKind(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    AD_HOC = "ad_hoc", _("Ad hoc")


class InspectionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class InspectionResult(models.TextChoices):
    PASS = "pass", _("Meets the standard")
    FAIL = "fail", _("Below the standard")


class RectificationStatus(models.TextChoices):
    """A rectification notice followed up until the problem is fixed (3.4.2)."""

    ISSUED = "issued", _("Issued")
    SUBMITTED = "submitted", _("Fix submitted")
    CLOSED = "closed", _("Verified and closed")
