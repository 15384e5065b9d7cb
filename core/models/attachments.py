"""Files attached to records (site-survey photos, signed contract scans, inspection evidence …)."""

from __future__ import annotations

import hashlib
from pathlib import PurePath

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.db.models.functions import Cast
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.audit import AuditedModel
from core.scoping import ScopedQuerySet

# Models whose records may carry attachments: "app_label.model" → the attachment follows its record's scope.
ATTACHABLE: set[str] = set()


def attachable(model):
    """Class decorator: records of ``model`` may carry attachments."""
    ATTACHABLE.add(model._meta.label_lower)
    return model


def owner_ids(records):
    """The primary keys of ``records`` as text, the type of ``Attachment.object_id``."""
    return records.annotate(pk_text=Cast("pk", models.CharField())).values("pk_text")


class AttachmentQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """An attachment is visible exactly when the record it is attached to is."""
        from django.apps import apps

        if not getattr(user, "is_authenticated", False):
            return self.none()
        q = Q(pk__in=[])
        for label in sorted(ATTACHABLE):
            model = apps.get_model(label)
            ct = ContentType.objects.get_for_model(model)
            records = model.objects.all()
            if hasattr(records, "attachments_q"):  # the model narrows who sees its files further
                q |= Q(content_type=ct) & records.attachments_q(user)
            else:
                q |= Q(content_type=ct, object_id__in=owner_ids(records.visible_to(user)))
        return self.filter(q)

    def for_object(self, obj):
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk))


def _upload_to(instance, filename: str) -> str:
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"attachments/{timezone.now():%Y/%m}/{instance.sha256[:32]}{suffix}"


class Attachment(AuditedModel):
    """A file attached to one record, with who uploaded it and its SHA-256 digest."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64)
    target = GenericForeignKey("content_type", "object_id")
    file = models.FileField(_("file"), upload_to=_upload_to, max_length=300)
    name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="attachment_object_idx")]

    def __str__(self) -> str:
        return self.name


def attachment_add(*, actor, obj, upload, description: str = "") -> Attachment:
    """Attach an uploaded file to ``obj`` (the caller has checked that ``actor`` may change ``obj``)."""
    from django.core.exceptions import ValidationError

    from core.uploads import check_upload

    try:
        check_upload(upload)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from None
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    attachment = Attachment(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        name=PurePath(upload.name).name[:200],
        size=upload.size,
        sha256=digest.hexdigest(),
        description=description,
        uploaded_by=actor,
    )
    attachment.file.save(upload.name, upload, save=False)
    attachment.save()
    return attachment


# Sent when an attachment's file is served to a user (``sender``: Attachment; ``attachment``, ``user``), so that an
# app can log accesses its policy requires (the archived contract's electronic copy, 8.3.1).
attachment_served = Signal()
