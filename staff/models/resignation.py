"""Resignation (5.3): the written application in advance (reason, leaving date), the department head's review with
an opinion on the reason and the handover, the superior's approval, HR's exit — the work handed over under a
designated supervisor who signs the handover record, the financial settlement, the items returned."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.audit import AuditedModel
from staff.choices import HandoverKind, ResignationStatus
from staff.models.employee import ByEmployeeQuerySet, sees_all_staff


class ResignationQuerySet(ByEmployeeQuerySet):
    def visible_to(self, user):
        """The leaver's own, the staff-wide roles' and the handover's designated supervisor's — not the manager's:
        a resignation's reason is the leaver's, the department head's and HR's business."""
        if not getattr(user, "is_authenticated", False) or user.client_organisation_id:
            return self.none()
        if sees_all_staff(user):
            return self.all()
        return self.filter(Q(employee__user=user) | Q(handover__supervisor=user))


class Resignation(AuditedModel):
    employee = models.ForeignKey("staff.Employee", verbose_name=_("employee"), on_delete=models.PROTECT,
                                 related_name="resignations")  # fmt: skip
    reason = models.TextField(pgettext_lazy("resignation", "reason"))
    leaving_date = models.DateField(_("leaving date"))
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    status = models.CharField(_("status"), max_length=20, choices=ResignationStatus.choices,
                              default=ResignationStatus.SUBMITTED, db_index=True)  # fmt: skip
    handover_state = models.TextField(
        _("handover state"), blank=True, help_text=_("The department head's view of the work to hand over (5.3.2).")
    )
    settlement_done = models.BooleanField(_("financial settlement done"), default=False)
    settlement_note = models.TextField(_("settlement"), blank=True)
    items_returned = models.BooleanField(_("items returned"), default=False)
    completed_at = models.DateTimeField(_("exit completed at"), null=True, blank=True)

    objects = ResignationQuerySet.as_manager()

    class Meta:
        verbose_name = _("resignation")
        verbose_name_plural = _("resignations")
        ordering = ["-submitted_at", "-id"]
        permissions = [("review_resignation", _("Review resignations (department head)")),
                       ("approve_resignation", _("Approve resignations (superior)")),
                       ("run_exit", _("Run the exit of a leaver (HR)"))]  # fmt: skip
        constraints = [
            models.UniqueConstraint(fields=["employee"], condition=Q(status__in=["submitted", "head_reviewed",
                                                                                 "approved"]),
                                    name="one_live_resignation_per_employee"),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.employee} → {self.leaving_date}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("staff:resignation", args=[self.pk])


class Handover(AuditedModel):
    """The handover of a leaver's work under a designated supervisor, who signs its record (5.3.4)."""

    resignation = models.OneToOneField(Resignation, verbose_name=_("resignation"), on_delete=models.CASCADE,
                                       related_name="handover")  # fmt: skip
    supervisor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("supervisor"),
                                   on_delete=models.PROTECT, related_name="+")  # fmt: skip
    notes = models.TextField(_("notes"), blank=True)
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("handover record")
        verbose_name_plural = _("handover records")

    def __str__(self) -> str:
        return f"{self.resignation}"


class HandoverItem(AuditedModel):
    handover = models.ForeignKey(Handover, verbose_name=_("handover"), on_delete=models.CASCADE,
                                 related_name="items")  # fmt: skip
    kind = models.CharField(_("kind"), max_length=12, choices=HandoverKind.choices)
    description = models.CharField(_("description"), max_length=300)
    receiver = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("handed to"), on_delete=models.PROTECT,
                                 related_name="+")  # fmt: skip

    class Meta:
        verbose_name = _("handover item")
        verbose_name_plural = _("handover items")
        ordering = ["handover", "kind", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.description}"
