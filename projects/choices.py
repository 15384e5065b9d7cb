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


class InspectionFrequency(models.TextChoices):
    """How often a scheduled inspection plan inspects a project (3.4.1)."""

    WEEKLY = "weekly", _("Weekly")
    FORTNIGHTLY = "fortnightly", _("Every two weeks")
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")


class MeritKind(models.TextChoices):
    """What a supervision result leads to (3.4.3)."""

    COMMENDATION = "commendation", _("Commendation and reward")
    IMPROVEMENT = "improvement", _("Urge improvement")
    ACCOUNTABILITY = "accountability", _("Hold accountable")


class MeritStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Not approved")


class AcceptanceDue(models.TextChoices):
    """Why a project is due for acceptance (3.5.1)."""

    SERVICE_ENDED = "service_ended", _("The service period ends")
    CONDITIONS_MET = "conditions_met", _("The contract's acceptance conditions are met")


class AcceptanceManner(models.TextChoices):
    ON_SITE = "on_site", _("On-site walkthrough")
    MEETING = "meeting", _("Report meeting")
    REMOTE = "remote", _("Remote presentation")
    DOCUMENTS = "documents", _("Review of documents")


class AcceptanceStatus(models.TextChoices):
    """One round of client acceptance (3.5.2–3.5.3)."""

    PREPARING = "preparing", _("Package in preparation")
    SUBMITTED = "submitted", _("With the client")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Not accepted")


class HandoverCategory(models.TextChoices):
    DOCUMENTS = "documents", _("Documents and records")
    EQUIPMENT = "equipment", _("Equipment and facilities")
    ACCOUNTS = "accounts", _("Accounts, keys and access")
    CLIENT_INFORMATION = "client_information", _("Client information")
    MATERIALS = "materials", _("Work materials")
    OTHER = "other", _("Other")
