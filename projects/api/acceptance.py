"""API of acceptance (3.5), scheduled inspection plans (3.4.1) and commendation and accountability (3.4.3)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from core.api.permissions import ViewPermission
from core.api.serializers import AttachmentSerializer, UploadSerializer
from core.api.viewsets import ScopedViewSetMixin, attachments_response
from projects import services
from projects.api.execution import StaffField
from projects.api.intake import ProjectField, _ProjectRecordViewSet
from projects.choices import AcceptanceStatus, HandoverCategory, MeritStatus
from projects.models import (
    AcceptanceArrangement,
    AcceptanceRound,
    Checklist,
    Handover,
    HandoverItem,
    Inspection,
    InspectionPlan,
    MeritRecord,
)


# ----------------------------------------------------------------------------------------------------------------
# Scheduled inspection plans (3.4.1)
# ----------------------------------------------------------------------------------------------------------------
class InspectionPlanSerializer(serializers.ModelSerializer):
    project = ProjectField()
    inspector = StaffField()
    checklist = serializers.PrimaryKeyRelatedField(queryset=Checklist.objects.all())
    planned_count = serializers.IntegerField(read_only=True, default=None)

    class Meta:
        model = InspectionPlan
        fields = ["id", "project", "checklist", "inspector", "frequency", "starts_on", "ends_on", "active",
                  "planned_count", "created_at"]  # fmt: skip
        read_only_fields = ["active", "created_at"]


class InspectionPlanViewSet(_ProjectRecordViewSet):
    """Scheduled inspection plans of a project (3.4.1). Creating one plans the inspections due in the next days;
    ``stop`` ends it."""

    queryset = InspectionPlan.objects.all()
    serializer_class = InspectionPlanSerializer
    filterset_fields = ["project", "active", "inspector"]

    def get_queryset(self):
        from django.db.models import Count

        # Meta.ordering does not apply to a GROUP BY query: order explicitly.
        return super().get_queryset().annotate(planned_count=Count("inspections")).order_by("starts_on", "id")

    def get_permissions(self):
        if self.action == "stop":
            return [ViewPermission()]
        return super().get_permissions()

    def create_record(self, project_pk, data):
        return services.inspection_plan_schedule(actor=self.request.user, pk=project_pk, **data)

    def perform_create(self, serializer):
        super().perform_create(serializer)
        serializer.instance = self.get_queryset().get(pk=serializer.instance.pk)

    @extend_schema(request=None, responses={200: InspectionPlanSerializer})
    @action(detail=True, methods=["post"])
    def stop(self, request, pk=None):
        plan = self.get_object()
        services.inspection_plan_stop(actor=request.user, plan_pk=plan.pk)
        return Response(InspectionPlanSerializer(self.get_queryset().get(pk=plan.pk)).data)


# ----------------------------------------------------------------------------------------------------------------
# Commendation and accountability (3.4.3)
# ----------------------------------------------------------------------------------------------------------------
class MeritSerializer(serializers.ModelSerializer):
    project = ProjectField()
    person = StaffField(required=False, allow_null=True)
    inspections = serializers.PrimaryKeyRelatedField(many=True, queryset=Inspection.objects.all())

    class Meta:
        model = MeritRecord
        fields = ["id", "project", "kind", "person", "team", "inspections", "reason", "measure", "status",
                  "proposed_by", "proposed_at", "decided_at"]  # fmt: skip
        read_only_fields = ["status", "proposed_by", "proposed_at", "decided_at"]


class MeritTransitionSerializer(serializers.Serializer):
    target = serializers.ChoiceField(choices=MeritStatus.choices)
    expected_source = serializers.ChoiceField(choices=MeritStatus.choices, required=False)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=4000)


class MeritRecordViewSet(_ProjectRecordViewSet):
    """Commendations, urges to improve and accountability records (3.4.3), approved by the department head."""

    queryset = MeritRecord.objects.all()
    serializer_class = MeritSerializer
    filterset_fields = ["project", "kind", "status", "person"]

    def get_queryset(self):
        return super().get_queryset().prefetch_related("inspections")

    def get_permissions(self):
        if self.action == "transition":
            return [ViewPermission()]
        return super().get_permissions()

    def create_record(self, project_pk, data):
        return services.merit_propose(actor=self.request.user, pk=project_pk, **data)

    @extend_schema(request=MeritTransitionSerializer, responses={200: MeritSerializer})
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        record = self.get_object()
        payload = MeritTransitionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.merit_transition(actor=request.user, record_pk=record.pk, **payload.validated_data)
        return Response(MeritSerializer(self.get_queryset().get(pk=record.pk)).data)


# ----------------------------------------------------------------------------------------------------------------
# Acceptance (3.5)
# ----------------------------------------------------------------------------------------------------------------
class ArrangementSerializer(serializers.ModelSerializer):
    project = ProjectField()

    class Meta:
        model = AcceptanceArrangement
        fields = ["id", "project", "due_reason", "conditions_note", "scheduled_for", "manner", "location",
                  "client_participants", "notes", "agreed_by", "agreed_at"]  # fmt: skip
        read_only_fields = ["agreed_by", "agreed_at"]
        validators = []  # one per project: posting again reschedules (the service updates it)


class AcceptanceArrangementViewSet(_ProjectRecordViewSet):
    """The time and manner of acceptance agreed with the client (3.5.1). POST again to reschedule."""

    queryset = AcceptanceArrangement.objects.all()
    serializer_class = ArrangementSerializer

    def create_record(self, project_pk, data):
        return services.acceptance_arrange(actor=self.request.user, pk=project_pk, **data)


class AcceptanceRoundSerializer(serializers.ModelSerializer):
    project = ProjectField()
    problem_lines = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = AcceptanceRound
        fields = ["id", "project", "number", "status", "operations_report", "quality_report",
                  "satisfaction_results", "package_digest", "submitted_by", "submitted_at", "decided_by",
                  "decided_at", "client_evaluation", "signer_name", "signer_position", "signer_confirmed",
                  "signer_ip", "signed_digest", "problems", "problem_lines", "created_at"]  # fmt: skip
        read_only_fields = [f for f in fields if f != "project"]


class PackageSerializer(serializers.Serializer):
    operations_report = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    quality_report = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    satisfaction_results = serializers.CharField(required=False, allow_blank=True, max_length=20000)


class AcceptanceTransitionSerializer(serializers.Serializer):
    target = serializers.ChoiceField(choices=AcceptanceStatus.choices)
    expected_source = serializers.ChoiceField(choices=AcceptanceStatus.choices, required=False)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    signer_name = serializers.CharField(required=False, allow_blank=True, max_length=120)
    signer_position = serializers.CharField(required=False, allow_blank=True, max_length=120)
    signer_confirmed = serializers.BooleanField(required=False, default=False)
    client_evaluation = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    problems = serializers.CharField(required=False, allow_blank=True, max_length=8000)


class AcceptanceRoundViewSet(_ProjectRecordViewSet):
    """Acceptance rounds (3.5.2–3.5.3). POST ``{"project": id}`` opens the next round; ``package`` writes the
    reports; ``transition`` sends or withdraws the package (staff) or records the client's decision: accepted
    with a sign-off (signer name, position, confirmation), or rejected with the problems found."""

    queryset = AcceptanceRound.objects.all()
    serializer_class = AcceptanceRoundSerializer
    filterset_fields = ["project", "status"]

    def get_permissions(self):
        if self.action in ("transition", "package", "documents"):
            return [ViewPermission()]
        return super().get_permissions()

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # Writing the package needs the change permission (not "add", as a POST would by default): 403 first.
        writes = self.action == "package" or (self.action == "documents" and request.method == "POST")
        if writes and not request.user.has_perm("projects.change_acceptanceround"):
            raise PermissionDenied(_("You are not allowed to do this."))

    def create_record(self, project_pk, data):
        return services.acceptance_round_start(actor=self.request.user, pk=project_pk)

    @extend_schema(request=PackageSerializer, responses={200: AcceptanceRoundSerializer})
    @action(detail=True, methods=["post"])
    def package(self, request, pk=None):
        round_ = self.get_object()
        payload = PackageSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        round_ = services.acceptance_package_save(actor=request.user, round_pk=round_.pk, **payload.validated_data)
        return Response(AcceptanceRoundSerializer(round_).data)

    @extend_schema(methods=["GET"], request=None, responses={200: AttachmentSerializer(many=True)})
    @extend_schema(methods=["POST"], request={"multipart/form-data": UploadSerializer},
                   responses={201: AttachmentSerializer(many=True)})  # fmt: skip
    @action(detail=True, methods=["get", "post"], parser_classes=[MultiPartParser, FormParser])
    def documents(self, request, pk=None):
        """The package's documents: part of what the client signs (their digests are in the package digest)."""
        round_ = self.get_object()
        return attachments_response(request, round_, lambda files, description="": services.acceptance_package_save(
            actor=request.user, round_pk=round_.pk, files=files))  # fmt: skip

    @extend_schema(request=AcceptanceTransitionSerializer, responses={200: AcceptanceRoundSerializer})
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        round_ = self.get_object()
        payload = AcceptanceTransitionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        round_ = services.acceptance_transition(actor=request.user, round_pk=round_.pk, **payload.validated_data)
        return Response(AcceptanceRoundSerializer(round_).data)


class HandoverItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = HandoverItem
        fields = ["id", "category", "description", "done", "note", "checked_by", "checked_at"]
        read_only_fields = ["checked_by", "checked_at"]


class HandoverSerializer(serializers.ModelSerializer):
    items = HandoverItemSerializer(many=True, read_only=True)

    class Meta:
        model = Handover
        fields = ["id", "project", "handed_over_on", "our_representative", "client_representative", "record",
                  "completed_at", "items"]  # fmt: skip
        read_only_fields = fields


class HandoverItemAddSerializer(serializers.Serializer):
    category = serializers.ChoiceField(choices=HandoverCategory.choices)
    description = serializers.CharField(max_length=300)


class HandoverCheckSerializer(serializers.Serializer):
    item = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    done = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True, max_length=300)


class HandoverCompleteSerializer(serializers.Serializer):
    handed_over_on = serializers.DateField()
    client_representative = serializers.CharField(max_length=120)
    record = serializers.CharField(max_length=8000)


class HandoverViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The handover after acceptance (3.5.3): opened with a default checklist when the client accepts."""

    queryset = Handover.objects.all()
    serializer_class = HandoverSerializer
    filterset_fields = ["project"]

    def get_queryset(self):
        return super().get_queryset().prefetch_related("items")

    def get_permissions(self):
        if self.action in ("items", "check", "complete"):
            return [ViewPermission()]
        return super().get_permissions()

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # Handover commands: no permission is a 403 whatever the body says (the service checks it again).
        if self.action in ("items", "check", "complete") and not request.user.has_perm("projects.complete_handover"):
            raise PermissionDenied(_("You are not allowed to do this."))

    def _respond(self, handover):
        return Response(HandoverSerializer(self.get_queryset().get(pk=handover.pk)).data)

    @extend_schema(request=HandoverItemAddSerializer, responses={200: HandoverSerializer})
    @action(detail=True, methods=["post"])
    def items(self, request, pk=None):
        handover = self.get_object()
        payload = HandoverItemAddSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.handover_item_add(actor=request.user, handover_pk=handover.pk, **payload.validated_data)
        return self._respond(handover)

    @extend_schema(request=HandoverCheckSerializer, responses={200: HandoverSerializer})
    @action(detail=True, methods=["post"])
    def check(self, request, pk=None):
        handover = self.get_object()
        payload = HandoverCheckSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        item = data.pop("item")
        if not handover.items.filter(pk=item).exists():
            raise Http404
        services.handover_item_check(actor=request.user, item_pk=item, **data)
        return self._respond(handover)

    @extend_schema(request=HandoverCompleteSerializer, responses={200: HandoverSerializer})
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        handover = self.get_object()
        payload = HandoverCompleteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.handover_complete(actor=request.user, handover_pk=handover.pk, **payload.validated_data)
        return self._respond(handover)
