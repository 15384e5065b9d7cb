"""Acceptance (3.5): the agreed time and manner, the acceptance package in rounds with the client's sign-off or
rejection, and the handover after acceptance."""

from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.audit import AuditedModel
from core.models.attachments import attachable
from projects.choices import AcceptanceDue, AcceptanceManner, AcceptanceStatus, HandoverCategory
from projects.models.project import ProjectRecordQuerySet


class ClientFacingQuerySet(ProjectRecordQuerySet):
    """Records the client of the project sees in its portal."""

    client_facing = True


class AcceptanceArrangement(AuditedModel):
    """The time and manner of acceptance, agreed by customer service with the client once the project is due for
    acceptance: its service period ends or the contract's acceptance conditions are met (3.5.1)."""

    project = models.OneToOneField("projects.Project", on_delete=models.CASCADE, related_name="acceptance_arrangement")
    due_reason = models.CharField(_("due because"), max_length=20, choices=AcceptanceDue.choices)
    conditions_note = models.TextField(
        _("acceptance conditions met"),
        blank=True,
        help_text=_("Which of the contract's acceptance conditions are met."),
    )
    scheduled_for = models.DateField(_("acceptance on"))
    manner = models.CharField(_("manner"), max_length=20, choices=AcceptanceManner.choices)
    location = models.CharField(_("place"), max_length=200, blank=True)
    client_participants = models.CharField(_("client participants"), max_length=300)
    notes = models.TextField(_("notes"), blank=True)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("agreed by"), on_delete=models.PROTECT, related_name="+"
    )
    agreed_at = models.DateTimeField(_("agreed at"), default=timezone.now)

    objects = ClientFacingQuerySet.as_manager()

    class Meta:
        verbose_name = _("acceptance arrangement")
        verbose_name_plural = _("acceptance arrangements")
        ordering = ["scheduled_for", "id"]

    def __str__(self) -> str:
        return f"{self.project.code} · {self.scheduled_for} · {self.get_manner_display()}"

    def get_absolute_url(self) -> str:
        return reverse("projects:acceptance", args=[self.project_id])


class AcceptanceRoundQuerySet(ClientFacingQuerySet):
    def visible_to(self, user):
        """A client sees a round once its package has been sent to it, never one still in preparation."""
        qs = super().visible_to(user)
        if getattr(user, "is_authenticated", False) and user.client_organisation_id:
            qs = qs.exclude(status=AcceptanceStatus.PREPARING)
        return qs


@attachable
class AcceptanceRound(AuditedModel):
    """One round of acceptance: the package prepared by the planning and quality groups (3.5.2) and the client's
    decision on it (3.5.3). A rejected round leads to rectification and a new round; every round is kept.

    The package's digest is fixed when it goes to the client; the client's sign-off records the digest it signed,
    so that what was accepted can be proved later. Its status moves only through ``ACCEPTANCE_WORKFLOW``.
    """

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="acceptance_rounds")
    number = models.PositiveSmallIntegerField(_("round"))
    status = models.CharField(
        _("status"), max_length=20, choices=AcceptanceStatus.choices, default=AcceptanceStatus.PREPARING,
        db_index=True,
    )  # fmt: skip
    operations_report = models.TextField(_("operations report"), blank=True)
    quality_report = models.TextField(_("quality-assessment report"), blank=True)
    satisfaction_results = models.TextField(_("customer-satisfaction survey results"), blank=True)
    package_digest = models.CharField(_("package digest (SHA-256)"), max_length=64, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("sent by"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    submitted_at = models.DateTimeField(_("sent to the client at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    client_evaluation = models.TextField(_("client's evaluation"), blank=True)
    signer_name = models.CharField(_("signer's name"), max_length=120, blank=True)
    signer_position = models.CharField(_("signer's position"), max_length=120, blank=True)
    signer_confirmed = models.BooleanField(_("acceptance confirmed"), default=False)
    signer_ip = models.GenericIPAddressField(_("signed from IP"), null=True, blank=True)
    signed_digest = models.CharField(_("digest signed"), max_length=64, blank=True)
    problems = models.TextField(_("problems found"), blank=True, help_text=_("One problem per line."))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = AcceptanceRoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("acceptance round")
        verbose_name_plural = _("acceptance rounds")
        ordering = ["project_id", "number"]
        permissions = [
            ("submit_acceptance", _("Send the acceptance package to the client")),
            ("decide_acceptance", _("Accept or reject the acceptance package (client)")),
        ]
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="acceptance_round_unique"),
            # At most one round open (in preparation or with the client) per project.
            models.UniqueConstraint(
                fields=["project"],
                condition=models.Q(status__in=["preparing", "submitted"]),
                name="acceptance_round_one_open",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project.code} · {_('acceptance round')} {self.number}"

    def get_absolute_url(self) -> str:
        return reverse("projects:acceptance-round", args=[self.project_id, self.pk])

    @property
    def problem_lines(self) -> list[str]:
        return [line.strip() for line in self.problems.splitlines() if line.strip()]

    def compute_digest(self) -> str:
        """SHA-256 over the package as the client sees it: the three reports and each attached file's digest."""
        from core.models import Attachment

        files = sorted(Attachment.objects.for_object(self).values_list("name", "sha256"))
        package = {
            "project": self.project.code,
            "round": self.number,
            "operations_report": self.operations_report,
            "quality_report": self.quality_report,
            "satisfaction_results": self.satisfaction_results,
            "files": files,
        }
        return hashlib.sha256(json.dumps(package, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


class Handover(AuditedModel):
    """The handover formalities after acceptance (3.5.3): a checklist of what is handed over and the record of it."""

    project = models.OneToOneField("projects.Project", on_delete=models.CASCADE, related_name="handover")
    handed_over_on = models.DateField(_("handed over on"), null=True, blank=True)
    our_representative = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("our representative"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    client_representative = models.CharField(_("client representative"), max_length=120, blank=True)
    record = models.TextField(_("handover record"), blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ClientFacingQuerySet.as_manager()

    class Meta:
        verbose_name = _("handover")
        verbose_name_plural = _("handovers")
        ordering = ["-created_at", "-id"]
        permissions = [("complete_handover", _("Record the handover and complete it"))]

    def __str__(self) -> str:
        return f"{self.project.code} · {_('handover')}"

    def get_absolute_url(self) -> str:
        return reverse("projects:acceptance", args=[self.project_id]) + "#handover"


class HandoverItem(AuditedModel):
    """One thing to hand over: documents, equipment, accounts and keys, client information, materials."""

    handover = models.ForeignKey(Handover, on_delete=models.CASCADE, related_name="items")
    category = models.CharField(_("category"), max_length=20, choices=HandoverCategory.choices)
    description = models.CharField(_("what is handed over"), max_length=300)
    done = models.BooleanField(_("handed over"), default=False)
    note = models.CharField(_("note"), max_length=300, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("checked by"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("handover item")
        verbose_name_plural = _("handover items")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.description
