"""Generic approval records for multi-step approvals (stage gates, contracts, budgets, resignations …)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ApprovalDecision(models.TextChoices):
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    RETURNED = "returned", _("Returned for revision")


class ApprovalQuerySet(models.QuerySet):
    def for_object(self, obj):
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk))


class StateLabels:
    """``from_state_label`` and ``to_state_label`` of a record about another record (``content_type``): the labels of
    the states in that model's workflow (the stored value when the model has none)."""

    def _state_label(self, value: str) -> str:
        if not value or self.content_type_id is None:
            return value
        from core.workflow import WORKFLOWS

        model = ContentType.objects.get_for_id(self.content_type_id).model_class()  # cached: no query per row
        for workflow in WORKFLOWS.values():
            if workflow.model is model:
                return workflow.state_label(value)
        return value

    @property
    def from_state_label(self) -> str:
        return self._state_label(self.from_state)

    @property
    def to_state_label(self) -> str:
        return self._state_label(self.to_state)


class Approval(StateLabels, models.Model):
    """Who approved what, at which step, when, with what opinion. Written by the transition service only."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64)
    target = GenericForeignKey("content_type", "object_id")
    step = models.CharField(_("step"), max_length=60)
    decision = models.CharField(_("decision"), max_length=20, choices=ApprovalDecision.choices)
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approver"),
        on_delete=models.PROTECT,
        related_name="approvals",
    )
    role = models.CharField(_("as role"), max_length=30, blank=True)
    opinion = models.TextField(_("opinion"), blank=True)
    from_state = models.CharField(_("from"), max_length=40, blank=True)
    to_state = models.CharField(_("to"), max_length=40, blank=True)
    decided_at = models.DateTimeField(_("decided at"), default=timezone.now)

    objects = ApprovalQuerySet.as_manager()

    class Meta:
        verbose_name = _("approval")
        verbose_name_plural = _("approvals")
        ordering = ["decided_at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="approval_object_idx")]

    def __str__(self) -> str:
        return f"{self.step}: {self.get_decision_display()} ({self.approver})"
