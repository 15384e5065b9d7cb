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
from projects.choices import InspectionKind, InspectionResult, InspectionStatus, RectificationStatus
from projects.models.project import ProjectRecordQuerySet


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


@attachable
class Inspection(AuditedModel):
    """An inspection of a project against a checklist, scheduled or ad hoc (3.4.1), kept in the supervision
    archive with its scores and result (3.4.2). Its status moves only through ``INSPECTION_WORKFLOW``."""

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="inspections")
    checklist = models.ForeignKey(Checklist, verbose_name=_("checklist"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=InspectionKind.choices, default=InspectionKind.AD_HOC)
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

    objects = ProjectRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-planned_on", "-id"]
        permissions = [("perform_inspection", _("Perform an inspection and record its result"))]

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

    def __str__(self) -> str:
        return f"{self.project.code} · {self.finding[:60]}"

    def get_absolute_url(self) -> str:
        return reverse("projects:rectification-detail", args=[self.project_id, self.pk])

    @property
    def is_overdue(self) -> bool:
        return self.status != RectificationStatus.CLOSED and self.deadline < timezone.localdate()
