"""API of supervision (3.4): checklists, inspections with their scores, rectification notices."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from core.api.pagination import LogPagination
from core.api.permissions import ViewPermission
from core.api.serializers import AttachmentSerializer, ServiceModelSerializer, UploadSerializer
from core.api.viewsets import ScopedViewSetMixin, attachments_response
from projects import services
from projects.api.execution import StaffField
from projects.api.intake import ProjectField, _ProjectRecordViewSet
from projects.choices import InspectionStatus, RectificationStatus
from projects.models import Checklist, ChecklistItem, Inspection, InspectionScore, RectificationNotice


class ChecklistItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = ChecklistItem
        fields = ["id", "text", "weight", "pass_criterion"]
        read_only_fields = ["id"]


class ChecklistSerializer(serializers.ModelSerializer):
    items = ChecklistItemSerializer(many=True)

    class Meta:
        model = Checklist
        fields = ["id", "name", "description", "active", "items", "created_at"]
        read_only_fields = ["active", "created_at"]


class ChecklistViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                       viewsets.GenericViewSet):  # fmt: skip
    """Quality standards as checklists (2.2.4), owned by the quality-supervision group."""

    queryset = Checklist.objects.all()
    serializer_class = ChecklistSerializer
    search_fields = ["name"]

    def get_queryset(self):
        return super().get_queryset().prefetch_related("items")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.checklist_create(actor=self.request.user, **data)


class ScoreSerializer(serializers.ModelSerializer):
    class Meta:
        model = InspectionScore
        fields = ["item", "score", "passed", "finding"]


class InspectionSerializer(ServiceModelSerializer):
    project = ProjectField()
    inspector = StaffField()
    scores = ScoreSerializer(many=True, read_only=True)

    class Meta:
        model = Inspection
        fields = ["id", "project", "checklist", "kind", "planned_on", "inspector", "status", "performed_on", "score",
                  "result", "summary", "scores"]  # fmt: skip
        read_only_fields = ["status", "performed_on", "score", "result", "summary"]


class RecordSerializer(serializers.Serializer):
    scores = ScoreSerializer(many=True)
    summary = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    performed_on = serializers.DateField(required=False)


class InspectionTransitionSerializer(serializers.Serializer):
    target = serializers.ChoiceField(choices=InspectionStatus.choices)
    expected_source = serializers.ChoiceField(choices=InspectionStatus.choices, required=False)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=4000)


class InspectionViewSet(_ProjectRecordViewSet):
    """The supervision archive (3.4.2): every inspection of a project with its scores and result."""

    queryset = Inspection.objects.all()
    serializer_class = InspectionSerializer
    filterset_fields = ["project", "status", "kind", "result", "inspector"]
    ordering = ("-planned_on", "-id")
    pagination_class = LogPagination

    def get_queryset(self):
        return super().get_queryset().prefetch_related("scores")

    def get_permissions(self):
        if self.action in ("record", "transition", "attachments"):
            return [ViewPermission()]
        return super().get_permissions()

    @extend_schema(methods=["GET"], request=None, responses={200: AttachmentSerializer(many=True)})
    @extend_schema(methods=["POST"], request={"multipart/form-data": UploadSerializer},
                   responses={201: AttachmentSerializer(many=True)})  # fmt: skip
    @action(detail=True, methods=["get", "post"], parser_classes=[MultiPartParser, FormParser])
    def attachments(self, request, pk=None):
        """Photos and documents of the inspection; its inspector adds them while recording it (3.4.1)."""
        inspection = self.get_object()
        return attachments_response(request, inspection, lambda **data: services.inspection_attach(
            actor=request.user, inspection_pk=inspection.pk, **data))  # fmt: skip

    def create_record(self, project_pk, data):
        return services.inspection_plan(actor=self.request.user, pk=project_pk, **data)

    @extend_schema(request=RecordSerializer, responses={200: InspectionSerializer})
    @action(detail=True, methods=["post"])
    def record(self, request, pk=None):
        inspection = self.get_object()
        payload = RecordSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        inspection = services.inspection_record(actor=request.user, inspection_pk=inspection.pk,
                                                **payload.validated_data)  # fmt: skip
        return Response(InspectionSerializer(self.get_queryset().get(pk=inspection.pk)).data)

    @extend_schema(request=InspectionTransitionSerializer, responses={200: InspectionSerializer})
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        inspection = self.get_object()
        payload = InspectionTransitionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        inspection = services.inspection_transition(actor=request.user, inspection_pk=inspection.pk,
                                                    **payload.validated_data)  # fmt: skip
        return Response(InspectionSerializer(self.get_queryset().get(pk=inspection.pk)).data)


class RectificationSerializer(serializers.ModelSerializer):
    project = ProjectField()
    responsible = StaffField()
    is_overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = RectificationNotice
        fields = ["id", "project", "inspection", "finding", "requirement", "responsible", "deadline", "status",
                  "is_overdue", "fix_description", "submitted_at", "closed_at", "issued_at"]  # fmt: skip
        read_only_fields = ["status", "fix_description", "submitted_at", "closed_at", "issued_at"]


class RectificationTransitionSerializer(serializers.Serializer):
    target = serializers.ChoiceField(choices=RectificationStatus.choices)
    expected_source = serializers.ChoiceField(choices=RectificationStatus.choices, required=False)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    fix_description = serializers.CharField(required=False, allow_blank=True, max_length=4000)


class RectificationViewSet(_ProjectRecordViewSet):
    """Rectification notices (3.4.2), followed up until the fix is verified. ``?overdue=true`` filters."""

    queryset = RectificationNotice.objects.all()
    serializer_class = RectificationSerializer
    filterset_fields = ["project", "status", "responsible", "inspection"]

    def get_queryset(self):
        qs = super().get_queryset()
        if self.request.query_params.get("overdue") in ("1", "true"):
            qs = qs.overdue()
        return qs

    def get_permissions(self):
        if self.action in ("transition", "evidence"):
            return [ViewPermission()]
        return super().get_permissions()

    @extend_schema(methods=["GET"], request=None, responses={200: AttachmentSerializer(many=True)})
    @extend_schema(methods=["POST"], request={"multipart/form-data": UploadSerializer},
                   responses={201: AttachmentSerializer(many=True)})  # fmt: skip
    @action(detail=True, methods=["get", "post"], parser_classes=[MultiPartParser, FormParser])
    def evidence(self, request, pk=None):
        """Evidence of the fix: the person responsible or the issuer attaches it while the notice is open."""
        notice = self.get_object()
        return attachments_response(request, notice, lambda **data: services.rectification_evidence_add(
            actor=request.user, notice_pk=notice.pk, **data))  # fmt: skip

    def create_record(self, project_pk, data):
        return services.rectification_issue(actor=self.request.user, pk=project_pk, **data)

    @extend_schema(request=RectificationTransitionSerializer, responses={200: RectificationSerializer})
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        notice = self.get_object()
        payload = RectificationTransitionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        notice = services.rectification_transition(actor=request.user, notice_pk=notice.pk,
                                                   **payload.validated_data)  # fmt: skip
        return Response(RectificationSerializer(notice).data)
