from django.core.exceptions import FieldDoesNotExist
from django.urls import reverse
from rest_framework import serializers

from core.models import Attachment, AuditEvent, ClientOrganisation, JobRun, Notification, User
from core.roles import roles_of


class ChoiceLabelField(serializers.CharField):
    """The label of a choice field's value in the active language, read-only: ``ChoiceLabelField("stage")``.

    ``CharField(source="get_stage_display")`` does the same, but DRF inspects the signature of that bound
    ``partialmethod`` on every row to decide whether to call it — a sixth of a 50-row list's serialising time."""

    def __init__(self, field_name: str, **kwargs):
        self.choice_field = field_name
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, instance):
        return getattr(instance, f"get_{self.choice_field}_display")()


class ServiceModelSerializer(serializers.ModelSerializer):
    """A model serializer whose records are created by a service (``services.talk_add(**validated_data)``), not by
    ``Model.objects.create``: a field the request leaves out takes the model field's default here, as the model would
    have given it — the service takes it as an argument (it was a ``TypeError``, or a ``KeyError``: a 500)."""

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if self.instance is None:
            model = self.Meta.model
            for field in self._writable_fields:
                if field.source in attrs or field.source == "*" or "." in field.source:
                    continue
                try:
                    model_field = model._meta.get_field(field.source)
                except FieldDoesNotExist:
                    continue
                if model_field.concrete and model_field.has_default():
                    attrs[field.source] = model_field.get_default()
        return attrs


class UserBriefSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="__str__", read_only=True)

    class Meta:
        model = User
        fields = ["id", "username", "name"]


class MeSerializer(serializers.ModelSerializer):
    roles = serializers.SerializerMethodField()
    name = serializers.CharField(source="__str__", read_only=True)

    class Meta:
        model = User
        fields = ["id", "username", "name", "email", "roles", "client_organisation", "department", "language"]

    def get_roles(self, obj) -> list[str]:
        return sorted(roles_of(obj))


class ClientOrganisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = ClientOrganisation
        fields = ["id", "name", "code", "address", "contact_name", "contact_phone", "contact_email"]


class AuditEventSerializer(serializers.ModelSerializer):
    record_type = serializers.SerializerMethodField()

    class Meta:
        model = AuditEvent
        fields = [
            "id",
            "timestamp",
            "actor",
            "actor_repr",
            "action",
            "record_type",
            "object_id",
            "object_repr",
            "from_state",
            "to_state",
            "changes",
            "comment",
            "request_id",
            "ip_address",
        ]
        read_only_fields = fields

    def get_record_type(self, obj) -> str:
        return f"{obj.content_type.app_label}.{obj.content_type.model}" if obj.content_type_id else ""


class NotificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Notification
        fields = ["id", "title", "body", "url", "clause", "created_at", "read_at"]
        read_only_fields = fields


class PolicyClauseSerializer(serializers.Serializer):
    id = serializers.CharField()
    title = serializers.CharField()
    title_en = serializers.CharField()
    title_zh = serializers.CharField()
    text = serializers.CharField()
    enforced_at = serializers.ListField(child=serializers.CharField())


class AttachmentSerializer(serializers.ModelSerializer):
    """A file attached to a record: download it at ``url`` (the same scope as the record)."""

    url = serializers.SerializerMethodField()
    uploaded_by = serializers.StringRelatedField()

    class Meta:
        model = Attachment
        fields = ["id", "name", "size", "sha256", "description", "uploaded_by", "uploaded_at", "url"]
        read_only_fields = fields

    def get_url(self, obj) -> str:
        return reverse("attachment", args=[obj.pk])


class UploadSerializer(serializers.Serializer):
    """Files sent as multipart/form-data under the name ``files`` (one or more)."""

    files = serializers.ListField(child=serializers.FileField(), min_length=1, max_length=20)
    description = serializers.CharField(required=False, allow_blank=True, max_length=300)


class JobRunSerializer(serializers.ModelSerializer):
    requested_by = serializers.StringRelatedField()

    class Meta:
        model = JobRun
        fields = ["id", "job", "started_at", "finished_at", "ok", "result", "error", "requested_by"]
        read_only_fields = fields


class JobRunRequestSerializer(serializers.Serializer):
    task = serializers.CharField(max_length=100, help_text="the Celery task name of a scheduled job")
