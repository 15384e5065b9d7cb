"""Annual budgets (6.1): per project (or for the department itself) and fiscal year, lines of revenue, cost and
expense by category and month; reviewed by finance and approved by the executive, then locked (6.1.3). A change
is a budget adjustment with its own approval; every approved version is kept, and budget-vs-actual compares each
month against the version in force in that month."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.audit import AuditedModel
from core.roles import Role, roles_of
from core.scoping import ScopedQuerySet
from finance.choices import AdjustmentStatus, BudgetStatus, FinanceKind

# The roles that prepare, review, approve or read every budget and cost record (6.1, 6.3, 6.4).
FINANCE_READERS = frozenset({Role.FINANCE, Role.HEAD, Role.EXECUTIVE, Role.AUDITOR})


def audited_projects(user):
    """For an auditor: None when an engagement in force covers everything, else the projects the engagements in
    force cover (6.4.3: auditors see only what their engagement covers, until it expires)."""
    from django.utils import timezone

    from finance.models.audit import AuditEngagement

    engagements = AuditEngagement.objects.filter(auditors=user, expires_on__gte=timezone.localdate())
    if engagements.filter(all_projects=True).exists():
        return None
    return engagements.values("projects")


class FinanceQuerySet(ScopedQuerySet):
    """Financial records are internal: finance, the head and the executive see them all; an auditor sees what its
    audit engagements in force cover; nobody else (clients never)."""

    # the path from a record to its project, for the auditors' scope
    project_path = "project"

    def visible_to(self, user):
        if not getattr(user, "is_authenticated", False) or user.client_organisation_id:
            return self.none()
        roles = roles_of(user)
        if user.is_superuser or roles & (FINANCE_READERS - {Role.AUDITOR}):
            return self.all()
        if Role.AUDITOR in roles:
            return self.audited_by(user)
        return self.none()

    def audited_by(self, user):
        projects = audited_projects(user)
        return self.all() if projects is None else self.filter(**{f"{self.project_path}__in": projects})


class CategoryQuerySet(FinanceQuerySet):
    def visible_to(self, user):
        """The categories (with their standards, 6.3.1) are known to every member of staff: claims use them."""
        if not getattr(user, "is_authenticated", False) or user.client_organisation_id:
            return self.none()
        return self.all()


class FinanceCategory(AuditedModel):
    """A revenue, cost or expense category; cost and expense categories state the allowed scope of spending and
    a standard limit per item (6.3.1)."""

    kind = models.CharField(_("kind"), max_length=10, choices=FinanceKind.choices)
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    name_zh = models.CharField(_("name (Chinese)"), max_length=120, blank=True)
    scope = models.TextField(_("allowed scope"), blank=True, help_text=_("What may be charged to it (6.3.1)."))
    standard_limit = models.DecimalField(
        _("standard limit per item"), max_digits=14, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_("An expense item above it is over standard and needs the executive (6.3.3)."),
    )  # fmt: skip
    active = models.BooleanField(_("in use"), default=True)

    objects = CategoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("finance category")
        verbose_name_plural = _("finance categories")
        ordering = ["kind", "code"]

    def __str__(self) -> str:
        from django.utils.translation import get_language

        if (get_language() or "").startswith("zh") and self.name_zh:
            return self.name_zh
        return self.name


class Budget(AuditedModel):
    """The annual budget of one project (or of the department itself, without a project) (6.1.1)."""

    year = models.PositiveSmallIntegerField(
        _("fiscal year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    project = models.ForeignKey(
        "projects.Project", verbose_name=_("project"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="budgets",
    )  # fmt: skip
    department = models.ForeignKey(
        "core.Department", verbose_name=_("department"), on_delete=models.PROTECT, related_name="budgets"
    )
    assumptions = models.TextField(
        _("assumptions"), blank=True,
        help_text=_("The market changes and business needs the figures take into account (6.1.2)."),
    )  # fmt: skip
    status = models.CharField(_("status"), max_length=12, choices=BudgetStatus.choices, default=BudgetStatus.DRAFT,
                              db_index=True)  # fmt: skip
    version = models.PositiveIntegerField(_("version in force"), default=0)
    currency = models.CharField(_("currency"), max_length=3, default="CNY")
    prepared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = FinanceQuerySet.as_manager()

    class Meta:
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")
        ordering = ["-year", "project__code", "id"]
        permissions = [("review_budget", _("Review a budget for finance")),
                       ("approve_budget", _("Approve a budget"))]  # fmt: skip
        constraints = [
            models.UniqueConstraint(fields=["year", "project"], name="one_budget_per_project_year"),
            models.UniqueConstraint(fields=["year", "department"], condition=models.Q(project__isnull=True),
                                    name="one_department_budget_per_year"),
        ]  # fmt: skip

    def __str__(self) -> str:
        subject = self.project.code if self.project_id else self.department.name
        return f"{self.year} · {subject}"

    def get_absolute_url(self) -> str:
        return reverse("finance:budget", args=[self.pk])

    def totals(self) -> dict[str, Decimal]:
        """The draft lines' totals per kind."""
        result = dict.fromkeys(FinanceKind.values, Decimal("0.00"))
        for kind, total in self.lines.values_list("category__kind").annotate(total=models.Sum("amount")):
            result[kind] += total
        return result


class BudgetLine(models.Model):
    """One amount of a budget: a category in a month. Lines change only while the budget is a draft (6.1.3)."""

    budget = models.ForeignKey(Budget, verbose_name=_("budget"), on_delete=models.CASCADE, related_name="lines")
    category = models.ForeignKey(FinanceCategory, verbose_name=_("category"), on_delete=models.PROTECT,
                                 related_name="+")  # fmt: skip
    month = models.PositiveSmallIntegerField(_("month"), validators=[MinValueValidator(1), MaxValueValidator(12)])
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2,
                                 validators=[MinValueValidator(Decimal("0"))])  # fmt: skip

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["category__kind", "category__code", "month"]
        constraints = [models.UniqueConstraint(fields=["budget", "category", "month"], name="budget_line_unique")]

    def __str__(self) -> str:
        return f"{self.budget} {self.category} {self.month}: {self.amount}"


class BudgetVersionQuerySet(ScopedQuerySet):  # visible with its budget
    def visible_to(self, user):
        return self.filter(budget__in=Budget.objects.visible_to(user).values("pk"))

    def in_force(self, budget, day: datetime.date):
        """The approved version in force on ``day``: the last one effective on or before it (or the first)."""
        versions = list(self.filter(budget=budget).order_by("number"))
        chosen = versions[0] if versions else None
        for v in versions:
            if v.effective_from <= day:
                chosen = v
        return chosen


class BudgetVersion(models.Model):
    """An approved version of a budget, kept for good: the initial approval and each approved adjustment. Its
    ``lines`` map "category_id:month" to an amount (as text, exact to the cent)."""

    budget = models.ForeignKey(Budget, verbose_name=_("budget"), on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    lines = models.JSONField(_("lines"))
    effective_from = models.DateField(_("in force from"))
    adjustment = models.OneToOneField("finance.BudgetAdjustment", verbose_name=_("adjustment"), null=True,
                                      blank=True, on_delete=models.PROTECT, related_name="version")  # fmt: skip
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField(_("approved at"), auto_now_add=True)

    objects = BudgetVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("budget version")
        verbose_name_plural = _("budget versions")
        ordering = ["budget", "number"]
        constraints = [models.UniqueConstraint(fields=["budget", "number"], name="budget_version_unique")]

    def __str__(self) -> str:
        return f"{self.budget} v{self.number}"

    def amount(self, category_id: int, month: int) -> Decimal:
        return Decimal(self.lines.get(f"{category_id}:{month}", "0"))


class AdjustmentQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        return self.filter(budget__in=Budget.objects.visible_to(user).values("pk"))


class BudgetAdjustment(AuditedModel):
    """A request to change an approved budget (6.1.3): the reason, the lines changed (new amounts) and their
    effect; reviewed by finance and approved by the executive like the budget itself."""

    budget = models.ForeignKey(Budget, verbose_name=_("budget"), on_delete=models.PROTECT,
                               related_name="adjustments")  # fmt: skip
    reason = models.TextField(_("reason"))
    changes = models.JSONField(_("lines changed"), default=dict,
                               help_text=_('"category_id:month" → the new amount'))  # fmt: skip
    effective_from = models.DateField(_("in force from"))
    status = models.CharField(_("status"), max_length=12, choices=AdjustmentStatus.choices,
                              default=AdjustmentStatus.DRAFT, db_index=True)  # fmt: skip
    based_on = models.PositiveIntegerField(_("adjusts version"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = AdjustmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("budget adjustment")
        verbose_name_plural = _("budget adjustments")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.budget} · {self.reason[:40]}"

    def get_absolute_url(self) -> str:
        return reverse("finance:adjustment", args=[self.budget_id, self.pk])

    def clean(self):
        if not self.changes:
            raise ValidationError({"changes": _("Change at least one line.")})
        for key, value in self.changes.items():
            try:
                category_id, month = (int(x) for x in key.split(":"))
                amount = Decimal(value)
            except (ValueError, ArithmeticError) as exc:
                raise ValidationError({"changes": _("A changed line is malformed.")}) from exc
            if not 1 <= month <= 12 or amount < 0 or amount != amount.quantize(Decimal("0.01")):
                raise ValidationError({"changes": _("Amounts are zero or more, to the cent, in months 1 to 12.")})
            del category_id
