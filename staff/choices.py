from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class EmployeeStatus(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("employee", "Active")
    LEAVING = "leaving", _("Leaving")
    LEFT = "left", _("Left")


class PlanStatus(models.TextChoices):
    """A recruitment plan approved by the department head and HR (5.1.1)."""

    DRAFT = "draft", pgettext_lazy("recruitment plan", "Draft")
    SUBMITTED = "submitted", _("Awaiting the department head")
    HEAD_APPROVED = "head_approved", _("Awaiting HR")
    APPROVED = "approved", pgettext_lazy("recruitment plan", "Approved")
    REJECTED = "rejected", pgettext_lazy("recruitment plan", "Rejected")


class Channel(models.TextChoices):
    """The recruitment channels of 5.1.2."""

    JOB_SITE = "job_site", _("Job site")
    TALENT_MARKET = "talent_market", _("Talent market")
    CAMPUS = "campus", _("Campus")
    REFERRAL = "referral", _("Internal referral")


class CandidateStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    SCREENED = "screened", _("Screened")
    INTERVIEWED = "interviewed", _("Interviewed")
    OFFERED = "offered", _("Offered")
    HIRED = "hired", _("Hired")
    REJECTED = "rejected", pgettext_lazy("candidate", "Rejected")


class OnboardingArea(models.TextChoices):
    """The four areas of onboarding training (5.1.3)."""

    ORGANISATION = "organisation", _("The organisation")
    KNOWLEDGE = "knowledge", _("Managed-operations knowledge")
    PROCESSES = "processes", _("Processes and norms")
    CONDUCT = "conduct", _("Professional conduct")


class Dimension(models.TextChoices):
    """The three appraisal dimensions of 5.2.2."""

    RESULTS = "results", _("Results")
    ATTITUDE = "attitude", _("Attitude")
    TEAMWORK = "teamwork", _("Teamwork")


class CycleStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("appraisal cycle", "Draft")
    OPEN = "open", pgettext_lazy("appraisal cycle", "Open")
    CLOSED = "closed", pgettext_lazy("appraisal cycle", "Closed")


class AppraisalStatus(models.TextChoices):
    SELF = "self", _("Self-assessment")
    MANAGER = "manager", _("Manager's scoring")
    FINAL = "final", _("Final")


class Grade(models.TextChoices):
    EXCELLENT = "A", _("A · Excellent")
    GOOD = "B", _("B · Good")
    ADEQUATE = "C", _("C · Adequate")
    POOR = "D", _("D · Needs improvement")


class DecisionKind(models.TextChoices):
    """What an appraisal's outcome is linked to (5.2.2) and the incentives (5.2.3)."""

    PAY = "pay", _("Pay")
    PROMOTION = "promotion", pgettext_lazy("staff decision", "Promotion")
    BONUS = "bonus", _("Bonus")
    TITLE = "title", _("Honorary title")


class DecisionStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    APPROVED = "approved", pgettext_lazy("staff decision", "Approved")
    REJECTED = "rejected", pgettext_lazy("staff decision", "Rejected")


class ResignationStatus(models.TextChoices):
    """A resignation (5.3): the application, the head's review, the superior's approval, HR's exit."""

    SUBMITTED = "submitted", _("Awaiting the department head")
    HEAD_REVIEWED = "head_reviewed", _("Awaiting the superior")
    APPROVED = "approved", _("Approved: exit under way")
    COMPLETED = "completed", _("Exit completed")
    REJECTED = "rejected", pgettext_lazy("resignation", "Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")

    LIVE: tuple


ResignationStatus.LIVE = (ResignationStatus.SUBMITTED, ResignationStatus.HEAD_REVIEWED, ResignationStatus.APPROVED)


class HandoverKind(models.TextChoices):
    """What a handover covers (5.3.4)."""

    MATERIALS = "materials", _("Work materials")
    DOCUMENTS = "documents", _("Documents")
    EQUIPMENT = "equipment", _("Equipment")
    CLIENT_INFO = "client_info", _("Client information")
