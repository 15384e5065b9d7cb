"""The append-only audit trail: every create/update/delete of domain records, every transition and approval."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models.workflow import StateLabels
from core.scoping import ScopedQuerySet


class AuditAction(models.TextChoices):
    CREATE = "create", _("Created")
    UPDATE = "update", _("Updated")
    DELETE = "delete", _("Deleted")
    TRANSITION = "transition", _("Transition")
    APPROVAL = "approval", _("Approval")
    EXPORT = "export", _("Export")
    LOGIN = "login", _("Signed in")


class AppendOnlyError(PermissionDenied):
    """Raised on any attempt to change or remove an audit event."""


class AuditEventQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.is_superuser or user.has_perm("core.view_auditevent"):
            return self.all()
        return self.none()

    def update(self, **kwargs):
        raise AppendOnlyError(_("The audit trail is append-only."))

    def delete(self):
        raise AppendOnlyError(_("The audit trail is append-only."))

    update.queryset_only = True
    delete.queryset_only = True


class AppendOnlyModel(models.Model):
    """A record written once and never changed or removed through the ORM (the database refuses it too)."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError(_("The audit trail is append-only."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(_("The audit trail is append-only."))


class AuditEvent(StateLabels, AppendOnlyModel):
    """One entry of the audit trail (2.2.1 supervision, 3.4.2 archive, 6.4 audit). Written once, never changed.

    The database refuses UPDATE and DELETE on this table too (a trigger installed by migration), so neither the
    admin, the API, a shell nor a raw SQL statement can rewrite history.
    """

    timestamp = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=True,
    )
    actor_repr = models.CharField(_("actor name"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=AuditAction.choices, db_index=True)
    content_type = models.ForeignKey(
        ContentType,
        verbose_name=_("record type"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    object_id = models.CharField(_("record id"), max_length=64, blank=True)
    object_repr = models.CharField(_("record"), max_length=300, blank=True)
    from_state = models.CharField(_("from"), max_length=40, blank=True)
    to_state = models.CharField(_("to"), max_length=40, blank=True)
    changes = models.JSONField(_("changed fields"), default=dict, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-timestamp", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "-timestamp"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"{self.timestamp:%Y-%m-%d %H:%M:%S} {self.actor_repr} {self.action} {self.object_repr}"


class AuditSeal(AppendOnlyModel):
    """The audit trail's hash chain: each event, once committed, is sealed in turn (``core.chain``) with the SHA-256
    of the previous seal's digest and the event's content. Changing, removing or inserting an event afterwards
    breaks the chain at that event, which ``manage.py audit_verify`` reports. Append-only like the events."""

    index = models.PositiveBigIntegerField(_("position in the chain"), unique=True)
    event = models.OneToOneField(AuditEvent, on_delete=models.PROTECT, related_name="seal", verbose_name=_("event"))
    digest = models.CharField(_("digest"), max_length=64)
    sealed_at = models.DateTimeField(_("sealed at"), default=timezone.now)

    class Meta:
        verbose_name = _("audit seal")
        verbose_name_plural = _("audit seals")
        ordering = ["index"]

    def __str__(self) -> str:
        return f"#{self.index} {self.digest[:12]}"
