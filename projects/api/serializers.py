from drf_spectacular.extensions import OpenApiSerializerExtension
from drf_spectacular.utils import PolymorphicProxySerializer
from rest_framework import serializers

from core.api.serializers import ChoiceLabelField, UserBriefSerializer
from core.models import Approval, ClientOrganisation
from projects.choices import Stage
from projects.models import Project, ProjectMember


class ProjectMemberSerializer(serializers.ModelSerializer):
    user = UserBriefSerializer(read_only=True)

    class Meta:
        model = ProjectMember
        fields = ["id", "user", "role"]


class ProjectSerializer(serializers.ModelSerializer):
    client = serializers.PrimaryKeyRelatedField(queryset=ClientOrganisation.objects.all())
    client_name = serializers.CharField(source="client.name", read_only=True)
    stage_label = ChoiceLabelField("stage")

    class Meta:
        model = Project
        fields = [
            "id",
            "code",
            "name",
            "client",
            "client_name",
            "site_address",
            "scale",
            "stage",
            "stage_label",
            "stage_entered_at",
            "market_owner",
            "service_start",
            "service_end",
            "client_needs",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["stage", "stage_entered_at", "market_owner", "created_at", "updated_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and request.user.is_authenticated:
            self.fields["client"].queryset = ClientOrganisation.objects.visible_to(request.user)
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            self.fields["code"].read_only = True


class ClientProjectSerializer(serializers.ModelSerializer):
    """What a client's user sees of a project: client-facing fields only."""

    client_name = serializers.CharField(source="client.name", read_only=True)
    stage_label = ChoiceLabelField("stage")

    class Meta:
        model = Project
        fields = [
            "id",
            "code",
            "name",
            "client",
            "client_name",
            "site_address",
            "stage",
            "stage_label",
            "service_start",
            "service_end",
        ]
        read_only_fields = fields


class ClientProjectSchema(OpenApiSerializerExtension):
    """A client's project has no other fields than these: what tells it from a staff member's in ``ProjectView``."""

    target_class = ClientProjectSerializer

    def map_serializer(self, auto_schema, direction):
        schema = auto_schema._map_serializer(self.target, direction, bypass_extensions=True)
        return {**schema, "additionalProperties": False}


def project_view_serializer():
    """What ``GET /api/projects/`` and ``/api/projects/{id}/`` answer: a staff member gets every field, a client's
    user the client-facing ones."""
    variants = [ProjectSerializer, ClientProjectSerializer]
    return PolymorphicProxySerializer(component_name="ProjectView", serializers=variants, resource_type_field_name=None)


class TransitionSerializer(serializers.Serializer):
    target = serializers.ChoiceField(choices=Stage.choices)
    expected_source = serializers.ChoiceField(choices=Stage.choices, required=False)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=4000)


class ApprovalSerializer(serializers.ModelSerializer):
    approver = UserBriefSerializer(read_only=True)

    class Meta:
        model = Approval
        fields = [
            "id",
            "step",
            "decision",
            "approver",
            "role",
            "opinion",
            "from_state",
            "to_state",
            "decided_at",
        ]


class MemberAddSerializer(serializers.Serializer):
    user = serializers.IntegerField()
    role = serializers.ChoiceField(choices=ProjectMember._meta.get_field("role").choices)
