from django.db import models
from django.utils.translation import gettext_lazy as _


class FinanceKind(models.TextChoices):
    """The three budgets of 6.1.1."""

    REVENUE = "revenue", _("Revenue")
    COST = "cost", _("Cost")
    EXPENSE = "expense", _("Expense")


class BudgetStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("In finance review")
    REVIEWED = "reviewed", _("Awaiting the executive")
    APPROVED = "approved", _("Approved")


class AdjustmentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("In finance review")
    REVIEWED = "reviewed", _("Awaiting the executive")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class ClaimStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Awaiting the manager")
    MANAGER_APPROVED = "manager_approved", _("Awaiting finance")
    EXECUTIVE_REVIEW = "executive_review", _("Over standard: awaiting the executive")
    APPROVED = "approved", _("Approved for payment")
    PAID = "paid", _("Paid")
    REJECTED = "rejected", _("Rejected")


MONTHS = [(m, m) for m in range(1, 13)]
