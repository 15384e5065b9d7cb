"""API of intake (3.1) and planning (3.2): the same services and scoping as the pages."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api.serializers import ServiceModelSerializer, UserBriefSerializer
from core.api.viewsets import ScopedViewSetMixin
from core.models import User
from projects import services
from projects.api.serializers import ApprovalSerializer
from projects.choices import IntakeDecision, PlanStatus
from projects.models import (
    Evaluation,
    OperationsPlan,
    PlanGoal,
    PlanMilestone,
    PlanResource,
    PlanReview,
    ProjectContact,
    SiteSurvey,
    Talk,
)


class _ProjectRecordViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                            mixins.CreateModelMixin, viewsets.GenericViewSet):  # fmt: skip
    """List, read and create records of a project; ``?project=<id>`` filters."""

    filterset_fields = ["project"]
    http_method_names = ["get", "post", "head", "options"]

    def create_record(self, project_pk, data):  # pragma: no cover - overridden
        raise NotImplementedError

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        project = data.pop("project")
        serializer.instance = self.create_record(project.pk, data)


class ProjectField(serializers.PrimaryKeyRelatedField):
    """A project id; existence only — the service checks the caller's scope (404 outside it)."""

    def get_queryset(self):
        from projects.models import Project

        return Project.objects.all()


class ContactSerializer(serializers.ModelSerializer):
    project = ProjectField()

    class Meta:
        model = ProjectContact
        fields = ["id", "project", "name", "position", "phone", "email"]


class ContactViewSet(_ProjectRecordViewSet):
    queryset = ProjectContact.objects.all()
    serializer_class = ContactSerializer

    def create_record(self, project_pk, data):
        return services.contact_add(actor=self.request.user, pk=project_pk, **data)


class TalkSerializer(ServiceModelSerializer):
    project = ProjectField()
    recorded_by = UserBriefSerializer(read_only=True)

    class Meta:
        model = Talk
        fields = ["id", "project", "date", "participants", "summary", "next_step", "recorded_by", "recorded_at"]
        read_only_fields = ["recorded_at"]


class TalkViewSet(_ProjectRecordViewSet):
    queryset = Talk.objects.all()
    serializer_class = TalkSerializer
    select_related = ("recorded_by",)

    def create_record(self, project_pk, data):
        return services.talk_add(actor=self.request.user, pk=project_pk, **data)


class EvaluationSerializer(serializers.ModelSerializer):
    project = ProjectField()

    class Meta:
        model = Evaluation
        fields = ["id", "project", "feasibility", "reasoning", "estimated_resources", "estimated_fee",
                  "evaluated_by", "evaluated_at", "decision", "decision_reason", "decided_by",
                  "decided_at"]  # fmt: skip
        read_only_fields = ["evaluated_by", "evaluated_at", "decision", "decision_reason", "decided_by",
                            "decided_at"]  # fmt: skip
        validators = []  # one per project: the service updates the existing one


class DecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=[IntakeDecision.TAKE_ON, IntakeDecision.DECLINE])
    reason = serializers.CharField(max_length=4000)


class EvaluationViewSet(_ProjectRecordViewSet):
    """The preliminary evaluation (3.1.2). POST records it, or revises it while undecided."""

    queryset = Evaluation.objects.all()
    serializer_class = EvaluationSerializer

    def create_record(self, project_pk, data):
        return services.evaluation_save(actor=self.request.user, pk=project_pk, **data)

    @extend_schema(request=DecisionSerializer, responses={200: EvaluationSerializer})
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        evaluation = self.get_object()
        payload = DecisionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        evaluation = services.evaluation_decide(actor=request.user, pk=evaluation.project_id, **payload.validated_data)
        return Response(EvaluationSerializer(evaluation).data)


class SiteSurveySerializer(ServiceModelSerializer):
    project = ProjectField()
    files = serializers.ListField(child=serializers.FileField(), write_only=True, required=False)
    attachments = serializers.SerializerMethodField()

    class Meta:
        model = SiteSurvey
        fields = ["id", "project", "date", "participants", "findings", "data_collected", "files", "attachments",
                  "recorded_by", "recorded_at"]  # fmt: skip
        read_only_fields = ["recorded_by", "recorded_at"]

    def get_attachments(self, obj) -> list[dict]:
        from core.models import Attachment

        return [{"id": a.pk, "name": a.name, "size": a.size, "sha256": a.sha256}
                for a in Attachment.objects.for_object(obj)]  # fmt: skip


class SiteSurveyViewSet(_ProjectRecordViewSet):
    queryset = SiteSurvey.objects.all()
    serializer_class = SiteSurveySerializer

    def create_record(self, project_pk, data):
        return services.survey_add(actor=self.request.user, pk=project_pk, **data)


class GoalSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlanGoal
        fields = ["description", "metric", "target"]


class MilestoneSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlanMilestone
        fields = ["name", "due_date"]


class ResourceSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlanResource
        fields = ["kind", "description", "quantity"]


class PlanReviewSerializer(serializers.ModelSerializer):
    reviewer = UserBriefSerializer(read_only=True)

    class Meta:
        model = PlanReview
        fields = ["reviewer", "verdict", "opinion", "reviewed_at"]


class PlanSerializer(serializers.ModelSerializer):
    project = ProjectField()
    goals = GoalSerializer(many=True, required=False)
    milestones = MilestoneSerializer(many=True, required=False)
    resources = ResourceSerializer(many=True, required=False)
    reviewers = serializers.PrimaryKeyRelatedField(
        many=True, write_only=True, required=False, queryset=User.objects.filter(client_organisation__isnull=True)
    )
    reviews = PlanReviewSerializer(many=True, read_only=True)

    class Meta:
        model = OperationsPlan
        fields = ["id", "project", "version", "title", "strategies", "status", "goals", "milestones", "resources",
                  "reviewers", "reviews", "author", "previous", "created_at", "updated_at"]  # fmt: skip
        read_only_fields = ["version", "status", "author", "previous", "created_at", "updated_at"]


class PlanTransitionSerializer(serializers.Serializer):
    target = serializers.ChoiceField(choices=PlanStatus.choices)
    expected_source = serializers.ChoiceField(choices=PlanStatus.choices, required=False)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=4000)


class ReviewSerializer(serializers.Serializer):
    verdict = serializers.ChoiceField(choices=PlanReview._meta.get_field("verdict").choices)
    opinion = serializers.CharField(max_length=4000)


class OperationsPlanViewSet(ScopedViewSetMixin, viewsets.ModelViewSet):
    """Operations-plan versions (3.2.2) and their internal review (3.2.3)."""

    queryset = OperationsPlan.objects.all()
    serializer_class = PlanSerializer
    filterset_fields = ["project", "status"]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        return super().get_queryset().prefetch_related("goals", "milestones", "resources", "reviews__reviewer")

    def get_permissions(self):
        from core.api.permissions import ViewPermission

        if self.action in ("transition", "review", "revise", "approvals"):
            return [ViewPermission()]
        return super().get_permissions()

    def _rows(self, data):
        return {
            "goals": data.pop("goals", []),
            "milestones": data.pop("milestones", []),
            "resources": data.pop("resources", []),
            "reviewers": data.pop("reviewers", []),
        }

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        project = data.pop("project")
        rows = self._rows(data)
        serializer.instance = services.plan_create(actor=self.request.user, pk=project.pk, **data, **rows)

    def perform_update(self, serializer):
        plan = serializer.instance
        data = dict(serializer.validated_data)
        data.pop("project", None)
        current = {
            "title": plan.title,
            "strategies": plan.strategies,
            "goals": list(plan.goals.values("description", "metric", "target")),
            "milestones": list(plan.milestones.values("name", "due_date")),
            "resources": list(plan.resources.values("kind", "description", "quantity")),
            "reviewers": [r.reviewer for r in plan.reviews.select_related("reviewer")],
        }
        current.update(data)
        serializer.instance = services.plan_save(actor=self.request.user, plan_pk=plan.pk, **current)

    @extend_schema(request=PlanTransitionSerializer, responses={200: PlanSerializer})
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        plan = self.get_object()
        payload = PlanTransitionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        plan = services.plan_transition(actor=request.user, plan_pk=plan.pk, **payload.validated_data)
        return Response(PlanSerializer(self.get_queryset().get(pk=plan.pk)).data)

    @extend_schema(request=ReviewSerializer, responses={200: PlanReviewSerializer})
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        plan = self.get_object()
        payload = ReviewSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        review = services.plan_review_record(actor=request.user, plan_pk=plan.pk, **payload.validated_data)
        return Response(PlanReviewSerializer(review).data)

    @extend_schema(request=None, responses={201: PlanSerializer})
    @action(detail=True, methods=["post"])
    def revise(self, request, pk=None):
        plan = self.get_object()
        new = services.plan_revise(actor=request.user, plan_pk=plan.pk)
        return Response(PlanSerializer(self.get_queryset().get(pk=new.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: ApprovalSerializer(many=True)})
    @action(detail=True, methods=["get"])
    def approvals(self, request, pk=None):
        from core.models import Approval

        plan = self.get_object()
        return Response(ApprovalSerializer(Approval.objects.for_object(plan).select_related("approver"),
                                           many=True).data)  # fmt: skip
