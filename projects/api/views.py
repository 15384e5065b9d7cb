from django.db import transaction
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers as drf_serializers
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from core.api.permissions import ViewPermission
from core.api.viewsets import ScopedViewSetMixin
from core.models import Approval, User
from projects import services
from projects.api.serializers import (
    ApprovalSerializer,
    ClientProjectSerializer,
    MemberAddSerializer,
    ProjectMemberSerializer,
    ProjectSerializer,
    TransitionSerializer,
    project_view_serializer,
)
from projects.models import Project


@extend_schema_view(
    list=extend_schema(responses=project_view_serializer()),
    retrieve=extend_schema(responses=project_view_serializer()),
)
class ProjectViewSet(ScopedViewSetMixin, viewsets.ModelViewSet):
    """Projects in the caller's scope. The stage moves only through ``POST /api/projects/{id}/transition/``."""

    queryset = Project.objects.all()
    serializer_class = ProjectSerializer
    select_related = ("client",)
    filterset_fields = ["stage", "client"]
    search_fields = ["code", "name", "client__name"]
    ordering_fields = ["code", "name", "created_at", "stage_entered_at"]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_permissions(self):
        if self.action in ("transition", "approvals", "members"):
            return [ViewPermission()]
        return super().get_permissions()

    def get_serializer_class(self):
        user = self.request.user
        if user.is_authenticated and user.client_organisation_id and self.action in ("list", "retrieve"):
            return ClientProjectSerializer
        return super().get_serializer_class()

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.project_create(actor=self.request.user, **data)

    def perform_update(self, serializer):
        data = {k: v for k, v in serializer.validated_data.items() if k != "code"}
        serializer.instance = services.project_update(actor=self.request.user, pk=serializer.instance.pk, **data)

    @extend_schema(request=TransitionSerializer, responses={200: ProjectSerializer})
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        project = self.get_object()
        payload = TransitionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        project = services.project_stage_transition(actor=request.user, pk=project.pk, **payload.validated_data)
        return Response(ProjectSerializer(project, context=self.get_serializer_context()).data)

    @extend_schema(responses={200: ApprovalSerializer(many=True)})
    @action(detail=True, methods=["get"])
    def approvals(self, request, pk=None):
        project = self.get_object()
        qs = Approval.objects.for_object(project).select_related("approver")
        return Response(ApprovalSerializer(qs, many=True).data)

    @extend_schema(
        request=MemberAddSerializer,
        responses={200: ProjectMemberSerializer(many=True), 201: ProjectMemberSerializer},
    )
    @action(detail=True, methods=["get", "post"])
    def members(self, request, pk=None):
        project = self.get_object()
        if request.method == "GET":
            if request.user.client_organisation_id:
                raise PermissionDenied
            return Response(ProjectMemberSerializer(project.members.select_related("user"), many=True).data)
        if not request.user.has_perm("projects.manage_team"):
            raise PermissionDenied
        payload = MemberAddSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        user = User.objects.filter(pk=payload.validated_data["user"], client_organisation__isnull=True).first()
        if user is None:
            raise drf_serializers.ValidationError({"user": ["No such staff member."]})
        with transaction.atomic():
            member = services.project_member_add(
                actor=request.user, pk=project.pk, user=user, role=payload.validated_data["role"]
            )
        return Response(ProjectMemberSerializer(member).data, status=status.HTTP_201_CREATED)
