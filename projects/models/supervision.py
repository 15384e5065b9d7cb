"""Supervision (3.4): quality standards as checklists, inspections, the supervision archive, rectification notices."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.audit import AuditedModel
from core.models.attachments import attachable
from core.scoping import ScopedQuerySet
from projects.choices import (
    InspectionFrequency,
    InspectionKind,
    InspectionResult,
    InspectionStatus,
    MeritKind,
    MeritStatus,
    RectificationStatus,
)
from projects.models.project import Project, ProjectRecordQuerySet


class ChecklistQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """Quality standards are the department's own documents: every person of the organisation reads them."""
        if not getattr(user, "is_authenticated", False) or user.client_organisation_id:
            return self.none()
        return self.all()


class Checklist(AuditedModel):
    """A quality standard as an inspection checklist, owned by the quality-supervision group (2.2.4)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("scope and purpose"), blank=True)
    active = models.BooleanField(_("in use"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ChecklistQuerySet.as_manager()

    class Meta:
        verbose_name = _("checklist")
        verbose_name_plural = _("checklists")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("projects:checklist-detail", args=[self.pk])


class ChecklistItem(AuditedModel):
    """One check of a checklist, with its weight and the criterion that makes it pass."""

    checklist = models.ForeignKey(Checklist, on_delete=models.CASCADE, related_name="items")
    text = models.CharField(_("check"), max_length=300)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1, validators=[MinValueValidator(1)])
    pass_criterion = models.CharField(_("pass criterion"), max_length=300)

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.text


class InspectionQuerySet(ProjectRecordQuerySet):
    def visible_to(self, user):
        """Staff follow the project's scope; a client sees the outcome of its projects' completed inspections."""
        if getattr(user, "is_authenticated", False) and user.client_organisation_id:
            projects = Project.objects.visible_to(user).values("pk")
            return self.filter(project__in=projects, status=InspectionStatus.COMPLETED)
        return super().visible_to(user)


# The step of each frequency in days, or in months for the calendar ones.
FREQUENCY_STEP = {
    InspectionFrequency.WEEKLY: ("days", 7),
    InspectionFrequency.FORTNIGHTLY: ("days", 14),
    InspectionFrequency.MONTHLY: ("months", 1),
    InspectionFrequency.QUARTERLY: ("months", 3),
}


def _add_months(day, months: int):
    import calendar

    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


class InspectionPlan(AuditedModel):
    """A scheduled inspection of a project (3.4.1): which checklist, by whom, how often, from when to when.

    The scheduled inspections are created from the plan by ``inspection_plan_generate`` (idempotent: one inspection
    per plan and date)."""

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="inspection_plans")
    checklist = models.ForeignKey(Checklist, verbose_name=_("checklist"), on_delete=models.PROTECT, related_name="+")
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("inspector"), on_delete=models.PROTECT, related_name="+"
    )
    frequency = models.CharField(_("frequency"), max_length=20, choices=InspectionFrequency.choices)
    starts_on = models.DateField(_("first inspection on"))
    ends_on = models.DateField(_("last inspection by"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ProjectRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("inspection plan")
        verbose_name_plural = _("inspection plans")
        ordering = ["starts_on", "id"]

    def __str__(self) -> str:
        return f"{self.checklist} · {self.get_frequency_display()}"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The plan cannot end before its first inspection.")})

    def due_dates(self, until):
        """The dates of this plan's inspections from its start up to ``until`` (inclusive) and its end."""
        unit, step = FREQUENCY_STEP[self.frequency]
        last = min(until, self.ends_on) if self.ends_on else until
        dates, n = [], 0
        while True:
            day = (
                self.starts_on + timezone.timedelta(days=step * n)
                if unit == "days"
                else _add_months(self.starts_on, step * n)
            )
            if day > last:
                return dates
            dates.append(day)
            n += 1


@attachable
class Inspection(AuditedModel):
    """An inspection of a project against a checklist, scheduled or ad hoc (3.4.1), kept in the supervision
    archive with its scores and result (3.4.2). Its status moves only through ``INSPECTION_WORKFLOW``."""

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="inspections")
    checklist = models.ForeignKey(Checklist, verbose_name=_("checklist"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=InspectionKind.choices, default=InspectionKind.AD_HOC)
    plan = models.ForeignKey(
        InspectionPlan, verbose_name=_("inspection plan"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="inspections",
    )  # fmt: skip
    planned_on = models.DateField(_("planned for"), default=timezone.localdate)
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("inspector"), on_delete=models.PROTECT, related_name="inspections"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=InspectionStatus.choices, default=InspectionStatus.PLANNED, db_index=True
    )
    performed_on = models.DateField(_("performed on"), null=True, blank=True)
    score = models.DecimalField(_("weighted score"), max_digits=5, decimal_places=1, null=True, blank=True)
    result = models.CharField(_("result"), max_length=10, choices=InspectionResult.choices, blank=True)
    summary = models.TextField(_("summary of findings"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = InspectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-planned_on", "-id"]
        permissions = [("perform_inspection", _("Perform an inspection and record its result"))]
        indexes = [models.Index(fields=["-planned_on", "-id"], name="inspection_planned_idx")]
        constraints = [
            # One scheduled inspection per plan and date: generating the due inspections twice changes nothing.
            models.UniqueConstraint(fields=["plan", "planned_on"], name="inspection_plan_date_unique")
        ]

    def __str__(self) -> str:
        return f"{self.project.code} · {self.checklist} · {self.planned_on}"

    def get_absolute_url(self) -> str:
        return reverse("projects:inspection-detail", args=[self.project_id, self.pk])

    def compute_result(self) -> tuple[Decimal | None, str]:
        """The weighted score (0–100) and the result: it meets the standard only if every item passes."""
        scores = list(self.scores.select_related("item"))
        total_weight = sum(s.item.weight for s in scores)
        if not scores or not total_weight:
            return None, ""
        weighted = sum(Decimal(s.score) * s.item.weight for s in scores) / total_weight
        passed = all(s.passed for s in scores)
        return weighted.quantize(Decimal("0.1")), InspectionResult.PASS if passed else InspectionResult.FAIL


class InspectionScore(AuditedModel):
    """The inspector's score of one checklist item, whether it passes, and what was found (3.4.1)."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="scores")
    item = models.ForeignKey(ChecklistItem, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(_("score"), validators=[MaxValueValidator(100)])
    passed = models.BooleanField(_("passes"))
    finding = models.CharField(_("finding"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("item score")
        verbose_name_plural = _("item scores")
        ordering = ["item_id"]
        constraints = [models.UniqueConstraint(fields=["inspection", "item"], name="inspection_item_unique")]

    def __str__(self) -> str:
        return f"{self.item}: {self.score}"


class RectificationQuerySet(ProjectRecordQuerySet):
    client_facing = False

    def overdue(self, today=None):
        today = today or timezone.localdate()
        return self.filter(deadline__lt=today).exclude(status=RectificationStatus.CLOSED)


@attachable
class RectificationNotice(AuditedModel):
    """A rectification notice issued from an inspection's finding, followed up until the fix is verified (3.4.2).

    Its status moves only through ``RECTIFICATION_WORKFLOW``."""

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="rectifications")
    inspection = models.ForeignKey(
        Inspection, verbose_name=_("inspection"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="rectifications",
    )  # fmt: skip
    acceptance_round = models.ForeignKey(
        "projects.AcceptanceRound", verbose_name=_("acceptance round"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="rectifications",
    )  # fmt: skip
    finding = models.TextField(_("problem found"))
    requirement = models.TextField(_("what must be rectified"))
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("responsible"), on_delete=models.PROTECT, related_name="rectifications"
    )
    deadline = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=20, choices=RectificationStatus.choices, default=RectificationStatus.ISSUED,
        db_index=True,
    )  # fmt: skip
    fix_description = models.TextField(_("fix carried out"), blank=True)
    submitted_at = models.DateTimeField(_("fix submitted at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)

    objects = RectificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("rectification notice")
        verbose_name_plural = _("rectification notices")
        ordering = ["deadline", "id"]
        permissions = [("verify_rectification", _("Verify a rectification and close the notice"))]
        indexes = [models.Index(fields=["deadline", "id"], name="rectification_deadline_idx")]

    def __str__(self) -> str:
        return f"{self.project.code} · {self.finding[:60]}"

    def get_absolute_url(self) -> str:
        return reverse("projects:rectification-detail", args=[self.project_id, self.pk])

    @property
    def is_overdue(self) -> bool:
        return self.status != RectificationStatus.CLOSED and self.deadline < timezone.localdate()


class MeritRecord(AuditedModel):
    """A commendation, an urge to improve or an accountability record for a team or a person, justified by
    supervision results (3.4.3) and approved by the department head. The staff app reads the approved ones in
    appraisals (5.2)."""

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="merit_records")
    kind = models.CharField(_("kind"), max_length=20, choices=MeritKind.choices)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="merit_records",
    )  # fmt: skip
    team = models.CharField(_("team"), max_length=120, blank=True, help_text=_("A group or team, when not a person."))
    inspections = models.ManyToManyField(Inspection, verbose_name=_("justifying inspections"), related_name="+")
    reason = models.TextField(_("reason"))
    measure = models.TextField(_("reward or measure"))
    status = models.CharField(
        _("status"), max_length=20, choices=MeritStatus.choices, default=MeritStatus.PROPOSED, db_index=True
    )
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(_("proposed at"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    objects = ProjectRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("commendation or accountability record")
        verbose_name_plural = _("commendation and accountability records")
        ordering = ["-proposed_at", "-id"]
        permissions = [("approve_meritrecord", _("Approve a commendation or accountability record"))]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(person__isnull=False) & models.Q(team=""))
                | (models.Q(person__isnull=True) & ~models.Q(team="")),
                name="merit_record_person_or_team",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.subject}"

    @property
    def subject(self) -> str:
        return str(self.person) if self.person_id else self.team

    def get_absolute_url(self) -> str:
        return reverse("projects:merit-detail", args=[self.project_id, self.pk])
