"""Audit handlers for AuditedModel subclasses. They record; they hold no business rules."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from core.audit import AuditAction, AuditedModel, audit_record, current_context, diff, snapshot


@receiver(post_save, dispatch_uid="core.audit.post_save")
def audit_post_save(sender, instance, created, raw=False, **kwargs):
    if raw or not isinstance(instance, AuditedModel):
        return
    after = snapshot(instance)
    if not current_context().suppressed:
        changes = diff(None if created else instance.audit_baseline(), after)
        if created or changes:
            audit_record(action=AuditAction.CREATE if created else AuditAction.UPDATE, obj=instance, changes=changes)
    instance.audit_reset_baseline()


@receiver(post_delete, dispatch_uid="core.audit.post_delete")
def audit_post_delete(sender, instance, **kwargs):
    if isinstance(instance, AuditedModel) and not current_context().suppressed:
        audit_record(
            action=AuditAction.DELETE,
            obj=instance,
            changes={k: [v, None] for k, v in snapshot(instance).items()},
        )
