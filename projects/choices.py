from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


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


# ----------------------------------------------------------------------------------------------------------------
# Service records (ch. 4)
# ----------------------------------------------------------------------------------------------------------------
class RequestKind(models.TextChoices):
    """What a client raises (4.1.3): a request, a question, or a complaint (2.2.3)."""

    REQUEST = "request", _("Request")
    QUESTION = "question", pgettext_lazy("request kind", "Question")
    COMPLAINT = "complaint", _("Complaint")


class RequestChannel(models.TextChoices):
    PORTAL = "portal", _("Client portal")
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("E-mail")
    ON_SITE = "on_site", _("On site")
    OTHER = "other", _("Other")


class RequestCategory(models.TextChoices):
    FACILITIES = "facilities", _("Facilities and equipment")
    CLEANING = "cleaning", _("Cleaning and environment")
    SECURITY = "security", _("Security and safety")
    TENANCY = "tenancy", _("Tenants and leasing")
    MARKETING = "marketing", _("Marketing and events")
    BILLING = "billing", _("Fees and billing")
    OTHER = "other", _("Other")


class RequestStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("Being handled")
    ESCALATED = "escalated", _("Escalated to the department head")
    RESOLVED = "resolved", _("Resolved, awaiting the client's rating")
    CLOSED = "closed", pgettext_lazy("request", "Closed")


class RevisitStatus(models.TextChoices):
    DUE = "due", pgettext_lazy("revisit", "Due")
    DONE = "done", pgettext_lazy("revisit", "Done")
    MISSED = "missed", pgettext_lazy("revisit", "Missed")


class QuestionKind(models.TextChoices):
    RATING = "rating", _("Rating from 1 to 5")
    TEXT = "text", _("Free text")


class ActivityKind(models.TextChoices):
    """Marketing activities (4.1.2)."""

    ADVERTISING = "advertising", _("Advertising")
    PROMOTION = "promotion", _("Promotion")
    PUBLIC_RELATIONS = "public_relations", _("Public relations")
    EVENT = "event", pgettext_lazy("marketing", "Event")
    RESEARCH = "research", _("Market research")


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class LogKind(models.TextChoices):
    """The operations log (4.1.1): equipment maintenance, safety management, quality, business operations."""

    MAINTENANCE = "maintenance", _("Equipment maintenance")
    SAFETY = "safety", _("Safety event")
    QUALITY = "quality", _("Quality problem")
    BUSINESS = "business", _("Business operations")


class Severity(models.TextChoices):
    MINOR = "minor", _("Minor")
    MODERATE = "moderate", _("Moderate")
    MAJOR = "major", _("Major")


# ----------------------------------------------------------------------------------------------------------------
# KPI system (2.2.4, 4.2)
# ----------------------------------------------------------------------------------------------------------------
class KpiMetric(models.TextChoices):
    """The formulas a KPI can use, each computed from the service records of a project and period (4.2.3)."""

    ISSUE_HANDLING_RATE = "issue_handling_rate", _("Issue-handling rate: handled ÷ received, per cent")
    COMPLAINT_SATISFACTION = "complaint_satisfaction", _("Complaint-handling satisfaction: share rated 4 or 5")
    REVISIT_RATE = "revisit_rate", _("Client revisit rate: revisits done ÷ due, per cent")
    CLIENT_SATISFACTION = "client_satisfaction", _("Client satisfaction in surveys: share rated 4 or 5")
    TIMELY_RESPONSE = "timely_response", _("Timely first response: within the limit ÷ all, per cent")
    MAJOR_INCIDENTS = "major_incidents", _("Major safety incidents and quality problems (count)")


class Comparator(models.TextChoices):
    AT_LEAST = "gte", "≥"
    AT_MOST = "lte", "≤"


class KpiPeriod(models.TextChoices):
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")


class AlertStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Recovered")
