"""Archive and custody (8.3.1): on signing, a designated custodian archives the contract; every access and every
borrowing of the original is logged."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from contracts.choices import AccessKind, BorrowingStatus
from contracts.models.contract import Contract
from core.audit import AuditedModel
from core.scoping import ScopedQuerySet


class ArchiveQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        if not getattr(user, "is_authenticated", False) or user.client_organisation_id:
            return self.none()
        if not user.has_perm("contracts.view_archiverecord"):
            return self.none()
        return self.filter(contract__in=Contract.objects.visible_to(user).values("pk"))


class ArchiveRecord(AuditedModel):
    """Where a signed contract is kept: archive number, physical location, electronic copy, custodian."""

    contract = models.OneToOneField(
        Contract, verbose_name=_("contract"), on_delete=models.PROTECT, related_name="archive_record"
    )
    archive_number = models.CharField(_("archive number"), max_length=40, unique=True)
    location = models.CharField(_("physical location"), max_length=200)
    electronic_copy = models.ForeignKey(
        "core.Attachment", verbose_name=_("electronic copy"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    custodian = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("custodian"), on_delete=models.PROTECT, related_name="+"
    )
    archived_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    archived_at = models.DateTimeField(_("archived at"), auto_now_add=True)

    objects = ArchiveQuerySet.as_manager()

    class Meta:
        verbose_name = _("archive record")
        verbose_name_plural = _("archive records")
        ordering = ["-archived_at", "-id"]

    def __str__(self) -> str:
        return f"{self.archive_number} · {self.contract.number}"

    def get_absolute_url(self) -> str:
        return reverse("contracts:archive-detail", args=[self.pk])


class _ByArchiveQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        return self.filter(record__in=ArchiveRecord.objects.visible_to(user).values("pk"))


class BorrowingQuerySet(_ByArchiveQuerySet):
    def visible_to(self, user):
        """The archive's readers see every borrowing; anyone else sees the borrowings they asked for."""
        if not getattr(user, "is_authenticated", False) or user.client_organisation_id:
            return self.none()
        return super().visible_to(user) | self.filter(borrower=user)


class Borrowing(AuditedModel):
    """A request to borrow the original: requested, then lent out (approved) or refused, then returned."""

    record = models.ForeignKey(
        ArchiveRecord, verbose_name=_("archive record"), on_delete=models.PROTECT, related_name="borrowings"
    )
    borrower = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("borrower"), on_delete=models.PROTECT, related_name="+"
    )
    purpose = models.CharField(_("purpose"), max_length=300)
    due_back = models.DateField(_("to be returned by"))
    status = models.CharField(_("status"), max_length=10, choices=BorrowingStatus.choices,
                              default=BorrowingStatus.REQUESTED, db_index=True)  # fmt: skip
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)

    objects = BorrowingQuerySet.as_manager()

    class Meta:
        verbose_name = _("borrowing")
        verbose_name_plural = _("borrowings")
        ordering = ["-requested_at", "-id"]
        permissions = [("decide_borrowing", _("Lend out or refuse an archived contract"))]
        constraints = [
            models.UniqueConstraint(fields=["record"], condition=models.Q(status="lent"),
                                    name="one_borrowing_lent_per_record"),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.record.archive_number} · {self.borrower}"

    def get_absolute_url(self) -> str:
        return self.record.get_absolute_url()

    def clean(self):
        if self.due_back and self.requested_at and self.due_back < self.requested_at.date():
            raise ValidationError({"due_back": _("The return date cannot be in the past.")})


class ArchiveAccess(models.Model):
    """One access to an archived contract (8.3.1): who, when, what. Append-only."""

    record = models.ForeignKey(
        ArchiveRecord, verbose_name=_("archive record"), on_delete=models.PROTECT, related_name="accesses"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT,
                             related_name="+")  # fmt: skip
    kind = models.CharField(_("access"), max_length=20, choices=AccessKind.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    objects = _ByArchiveQuerySet.as_manager()

    class Meta:
        verbose_name = _("archive access")
        verbose_name_plural = _("archive accesses")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.record.archive_number} · {self.user} · {self.get_kind_display()}"
