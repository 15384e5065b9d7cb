"""Writing the audit trail.

Domain models derive from ``AuditedModel``; a post_save/post_delete handler (core/signals.py) writes a
create/update/delete event for every change, whoever makes it (page, API, admin, shell, task), with the
changed fields old → new. The actor, request id and IP come from the current request (RequestContextMiddleware)
or from ``acting_as(user)`` in tasks and commands. Workflow transitions write their own ``transition`` event
with from/to (core/workflow.py) and suppress the generic update event for that save.
"""

from __future__ import annotations

import contextvars
import datetime
import decimal
import uuid
from contextlib import contextmanager
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable

from core.models.audit import AuditAction, AuditEvent


@dataclass
class AuditContext:
    request: object | None = None
    actor: object | None = None
    request_id: str = ""
    ip_address: str | None = None
    suppressed: bool = False


_context: contextvars.ContextVar[AuditContext | None] = contextvars.ContextVar("audit_context", default=None)


def current_context() -> AuditContext:
    return _context.get() or AuditContext()


@contextmanager
def request_context(request, *, request_id: str, ip_address: str | None):
    token = _context.set(AuditContext(request=request, request_id=request_id, ip_address=ip_address))
    try:
        yield
    finally:
        _context.reset(token)


@contextmanager
def acting_as(user, *, request_id: str = ""):
    """Attribute the audit events written inside the block to ``user`` (tasks, commands, seeding)."""
    ctx = current_context()
    token = _context.set(
        AuditContext(
            request=ctx.request,
            actor=user,
            request_id=request_id or ctx.request_id or f"task-{uuid.uuid4().hex[:12]}",
            ip_address=ctx.ip_address,
        )
    )
    try:
        yield
    finally:
        _context.reset(token)


@contextmanager
def suppressed():
    """Skip the generic update event (the caller writes a more specific one, e.g. a transition)."""
    ctx = current_context()
    token = _context.set(AuditContext(ctx.request, ctx.actor, ctx.request_id, ctx.ip_address, suppressed=True))
    try:
        yield
    finally:
        _context.reset(token)


def current_actor():
    ctx = current_context()
    if ctx.actor is not None:
        return ctx.actor
    user = getattr(ctx.request, "user", None)
    if user is not None and getattr(user, "is_authenticated", False):
        return user
    return None


def _json_value(value):
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    if hasattr(value, "name") and hasattr(value, "storage"):  # FieldFile
        return value.name or ""
    return value


def snapshot(instance: models.Model) -> dict:
    """The concrete field values of ``instance`` as JSON-safe data, keyed by attribute name."""
    return {f.attname: _json_value(getattr(instance, f.attname)) for f in instance._meta.concrete_fields}


def diff(before: dict | None, after: dict) -> dict:
    """``{field: [old, new]}`` for each field whose value changed (everything, for a create)."""
    before = before or {}
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


def audit_record(
    *,
    action: str,
    obj: models.Model | None = None,
    changes: dict | None = None,
    from_state: str = "",
    to_state: str = "",
    comment: str = "",
    actor=None,
) -> AuditEvent:
    """Append one event to the audit trail. With ``audit_bulk_created`` the only code that creates AuditEvent rows."""
    ctx = current_context()
    actor = actor or current_actor()
    return AuditEvent.objects.create(
        actor=actor if actor is not None and getattr(actor, "pk", None) else None,
        actor_repr=(actor.get_username() if actor is not None else "system")[:150],
        action=action,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        from_state=from_state,
        to_state=to_state,
        changes=changes or {},
        comment=comment,
        request_id=ctx.request_id,
        ip_address=ctx.ip_address,
    )


def audit_bulk_created(model, objs, *, describe=None, actor=None, batch_size: int = 1000) -> int:
    """Append one ``create`` event per row that a scheduled job inserted with ``bulk_create`` (which sends no
    signals), in one insert per batch. ``describe(obj)`` gives each row's label without extra queries."""
    objs = [o for o in objs if o.pk is not None]
    if not objs:
        return 0
    ctx = current_context()
    actor = actor or current_actor()
    ct = ContentType.objects.get_for_model(model)
    describe = describe or str
    events = [
        AuditEvent(
            actor=actor if actor is not None and getattr(actor, "pk", None) else None,
            actor_repr=(actor.get_username() if actor is not None else "system")[:150],
            action=AuditAction.CREATE,
            content_type=ct,
            object_id=str(o.pk),
            object_repr=describe(o)[:300],
            changes=diff(None, snapshot(o)),
            request_id=ctx.request_id,
            ip_address=ctx.ip_address,
        )
        for o in objs
    ]
    AuditEvent.objects.bulk_create(events, batch_size=batch_size)
    return len(events)


class AuditedModel(models.Model):
    """Base for domain records: every create/update/delete of a subclass lands in the audit trail."""

    class Meta:
        abstract = True

    def _get_FIELD_display(self, field):
        """``get_<field>_display()`` with the field's labels built once: Django rebuilds a dict of every choice on each
        call, which a 50-row list page with a few choice columns does hundreds of times. The labels are lazy
        translations, resolved in the active language here as Django does."""
        labels = field.__dict__.get("_display_labels")
        if labels is None:
            labels = field._display_labels = dict(make_hashable(field.flatchoices))
        value = getattr(self, field.attname)
        return force_str(labels.get(make_hashable(value), value), strings_only=True)

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._audit_loaded = dict(zip(field_names, values, strict=False))
        return instance

    def audit_baseline(self) -> dict | None:
        """The field values as last loaded or saved, or None for a new record."""
        loaded = getattr(self, "_audit_loaded", None)
        if loaded is None:
            return None
        return {k: _json_value(v) for k, v in loaded.items()}

    def audit_reset_baseline(self) -> None:
        self._audit_loaded = {f.attname: getattr(self, f.attname) for f in self._meta.concrete_fields}


__all__ = ["AuditAction", "AuditedModel", "acting_as", "audit_record", "diff", "snapshot", "suppressed"]
