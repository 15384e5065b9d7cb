"""API of execution (3.3): duties, work-plan tasks and the coordination log; the same services as the pages."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api.permissions import ViewPermission
from core.api.serializers import UserBriefSerializer
from core.models import User
from projects import services
from projects.api.intake import ProjectField, _ProjectRecordViewSet
from projects.choices import IssueStatus, TaskStatus
from projects.models import CoordinationIssue, Duty, WorkTask


@extend_schema_field(OpenApiTypes.INT)
class StaffField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return User.objects.filter(client_organisation__isnull=True, is_active=True)


class DutySerializer(serializers.ModelSerializer):
    project = ProjectField()
    person = StaffField()

    class Meta:
        model = Duty
        fields = ["id", "project", "group", "person", "responsibility"]


class DutyViewSet(_ProjectRecordViewSet):
    queryset = Duty.objects.all()
    serializer_class = DutySerializer

    def create_record(self, project_pk, data):
        return services.duty_assign(actor=self.request.user, pk=project_pk, **data)


class TaskSerializer(serializers.ModelSerializer):
    project = ProjectField()
    owner = StaffField()
    is_overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = WorkTask
        fields = ["id", "project", "title", "category", "owner", "start_date", "due_date", "progress", "status",
                  "notes", "is_overdue", "completed_at", "created_at"]  # fmt: skip
        read_only_fields = ["status", "completed_at", "created_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            self.fields["project"].read_only = True


class TransitionSerializer(serializers.Serializer):
    target = serializers.CharField(max_length=20)
    expected_source = serializers.CharField(max_length=20, required=False)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=4000)


class TaskTransitionSerializer(TransitionSerializer):
    target = serializers.ChoiceField(choices=TaskStatus.choices)
    expected_source = serializers.ChoiceField(choices=TaskStatus.choices, required=False)


class WorkTaskViewSet(mixins.UpdateModelMixin, _ProjectRecordViewSet):
    """The work plan and timetable (3.3.1–3.3.2). ``?overdue=true`` lists the overdue tasks."""

    queryset = WorkTask.objects.all()
    serializer_class = TaskSerializer
    filterset_fields = ["project", "status", "category", "owner"]
    search_fields = ["title"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        qs = super().get_queryset()
        if self.request.query_params.get("overdue") in ("1", "true"):
            qs = qs.overdue()
        return qs

    def get_permissions(self):
        if self.action == "transition":
            return [ViewPermission()]
        return super().get_permissions()

    def create_record(self, project_pk, data):
        data.pop("progress", None)
        return services.task_add(actor=self.request.user, pk=project_pk, **data)

    def perform_update(self, serializer):
        serializer.instance = services.task_update(actor=self.request.user, task_pk=serializer.instance.pk,
                                                   **serializer.validated_data)  # fmt: skip

    @extend_schema(request=TaskTransitionSerializer, responses={200: TaskSerializer})
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        task = self.get_object()
        payload = TaskTransitionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        task = services.task_transition(actor=request.user, task_pk=task.pk, **payload.validated_data)
        return Response(TaskSerializer(task).data)


class IssueSerializer(serializers.ModelSerializer):
    project = ProjectField()
    owner = StaffField()
    raised_by = UserBriefSerializer(read_only=True)

    class Meta:
        model = CoordinationIssue
        fields = ["id", "project", "title", "description", "priority", "owner", "raised_by", "raised_at", "status",
                  "escalated_at", "resolution", "resolved_at"]  # fmt: skip
        read_only_fields = ["raised_at", "status", "escalated_at", "resolution", "resolved_at"]


class IssueTransitionSerializer(TransitionSerializer):
    target = serializers.ChoiceField(choices=IssueStatus.choices)
    expected_source = serializers.ChoiceField(choices=IssueStatus.choices, required=False)
    resolution = serializers.CharField(required=False, allow_blank=True, max_length=4000)


class CoordinationIssueViewSet(_ProjectRecordViewSet):
    """The coordination log (3.3.3): raise a problem, escalate it to the department head, resolve it."""

    queryset = CoordinationIssue.objects.all()
    serializer_class = IssueSerializer
    select_related = ("raised_by",)
    filterset_fields = ["project", "status", "priority", "owner"]
    search_fields = ["title"]

    def get_permissions(self):
        if self.action == "transition":
            return [ViewPermission()]
        return super().get_permissions()

    def create_record(self, project_pk, data):
        return services.issue_raise(actor=self.request.user, pk=project_pk, **data)

    @extend_schema(request=IssueTransitionSerializer, responses={200: IssueSerializer})
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        issue = self.get_object()
        payload = IssueTransitionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        issue = services.issue_transition(actor=request.user, issue_pk=issue.pk, **payload.validated_data)
        return Response(IssueSerializer(issue).data)
