"""The risk register API (ch. 7): risks, their assessments (7.1.3), responses with the acceptance approvals and
effectiveness checks (7.2), and the periodic reviews (7.1.2). Internal: clients never see any of it."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from core.api.permissions import ViewPermission
from core.api.serializers import ServiceModelSerializer
from core.api.viewsets import ScopedViewSetMixin
from core.models import Department, User
from projects.services import intake_risk_add
from risk import register as services
from risk.choices import ResponseStatus
from risk.models import EffectivenessCheck, Risk, RiskAssessment, RiskResponse, RiskReview

_READ_CREATE = (mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet)


class RiskSerializer(ServiceModelSerializer):
    class Meta:
        model = Risk
        fields = ["id", "project", "category", "description", "cause", "consequence", "level", "source",
                  "identified_by", "identified_at", "status", "likelihood", "impact", "inherent_level",
                  "residual_level", "assessed_at", "closed_at", "close_reason"]  # fmt: skip
        read_only_fields = ["source", "identified_by", "identified_at", "cause", "consequence", "status", "likelihood",
                            "impact", "inherent_level", "residual_level", "assessed_at", "closed_at",
                            "close_reason"]  # fmt: skip
        extra_kwargs = {"project": {"required": True, "allow_null": False}}


class RiskViewSet(ScopedViewSetMixin, *_READ_CREATE):
    """The risk register (ch. 7). Creating a risk here records a potential risk of a lead's preliminary
    evaluation (3.1.2); the register page records the others (7.1.2)."""

    queryset = Risk.objects.all()
    serializer_class = RiskSerializer
    filterset_fields = ["project", "category", "level", "source", "status", "likelihood", "impact"]
    search_fields = ["description"]

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        project = data.pop("project")
        serializer.instance = intake_risk_add(actor=self.request.user, pk=project.pk, category=data["category"],
                                              description=data["description"], level=data["level"])  # fmt: skip


class RiskAssessmentSerializer(serializers.ModelSerializer):
    risk = serializers.PrimaryKeyRelatedField(queryset=Risk.objects.all())  # the service checks the scope (404)
    likelihood = serializers.IntegerField(min_value=1, max_value=99)
    impact = serializers.IntegerField(min_value=1, max_value=99)
    probability = serializers.DecimalField(max_digits=5, decimal_places=2, min_value=0, max_value=100)
    expected_loss = serializers.DecimalField(max_digits=16, decimal_places=2, min_value=0)

    class Meta:
        model = RiskAssessment
        fields = ["id", "risk", "stage", "likelihood", "impact", "level", "rationale", "probability", "expected_loss",
                  "assessed_by", "assessed_at"]  # fmt: skip
        read_only_fields = ["level", "assessed_by", "assessed_at"]


class RiskAssessmentViewSet(ScopedViewSetMixin, *_READ_CREATE):
    """Assessments (7.1.3): likelihood × impact on the matrix gives the level; every assessment is kept. Creating
    one re-assesses the risk."""

    queryset = RiskAssessment.objects.all()
    serializer_class = RiskAssessmentSerializer
    select_related = ("assessed_by",)
    filterset_fields = ["risk", "stage", "level"]

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.risk_assess(actor=self.request.user, pk=data.pop("risk").pk, **data)


class EffectivenessCheckSerializer(serializers.ModelSerializer):
    class Meta:
        model = EffectivenessCheck
        fields = ["id", "checked_on", "result", "notes", "checked_by"]
        read_only_fields = ["checked_by"]
        extra_kwargs = {"checked_on": {"required": False}}


class RiskResponseSerializer(serializers.ModelSerializer):
    risk = serializers.PrimaryKeyRelatedField(queryset=Risk.objects.all())  # the service checks the scope (404)
    department = serializers.PrimaryKeyRelatedField(queryset=Department.objects.all())
    owner = serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(client_organisation__isnull=True))
    check_every_days = serializers.IntegerField(min_value=1, max_value=366, required=False)
    checks = EffectivenessCheckSerializer(many=True, read_only=True)

    class Meta:
        model = RiskResponse
        fields = ["id", "risk", "strategy", "measures", "department", "owner", "due_on", "status", "expires_on",
                  "level_at_request", "check_every_days", "next_check_on", "proposed_by", "proposed_at",
                  "decided_at", "completed_at", "ended_reason", "checks"]  # fmt: skip
        read_only_fields = ["status", "level_at_request", "next_check_on", "proposed_by", "proposed_at", "decided_at",
                            "completed_at", "ended_reason"]  # fmt: skip


class RiskResponseTransitionSerializer(serializers.Serializer):
    target = serializers.ChoiceField(choices=ResponseStatus.choices)
    expected_source = serializers.ChoiceField(choices=ResponseStatus.choices, required=False)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=4000)


class RiskResponseViewSet(ScopedViewSetMixin, *_READ_CREATE):
    """Responses (7.2): avoid, reduce, transfer or accept, with measures, department, person and due date.
    ``transition`` approves or rejects accepting a risk (the executive for the two highest levels) or records the
    measures done; ``checks`` records a periodic effectiveness check (7.2.3)."""

    queryset = RiskResponse.objects.all()
    serializer_class = RiskResponseSerializer
    select_related = ("owner", "department")
    filterset_fields = ["risk", "strategy", "status", "owner"]

    def get_queryset(self):
        return super().get_queryset().prefetch_related("checks")

    def get_permissions(self):
        if self.action == "transition":  # the workflow checks each transition's permission, citing the clause
            return [ViewPermission()]
        if self.action == "checks":
            return [_MayCheck()]
        return super().get_permissions()

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.response_propose(actor=self.request.user, pk=data.pop("risk").pk, **data)

    def _response(self, response):
        response = self.get_queryset().get(pk=response.pk)
        return Response(RiskResponseSerializer(response, context=self.get_serializer_context()).data)

    @extend_schema(request=RiskResponseTransitionSerializer, responses={200: RiskResponseSerializer})
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        response = self.get_object()
        payload = RiskResponseTransitionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        return self._response(services.response_transition(actor=request.user, pk=response.pk,
                                                           **payload.validated_data))  # fmt: skip

    @extend_schema(request=EffectivenessCheckSerializer, responses={201: RiskResponseSerializer})
    @action(detail=True, methods=["post"])
    def checks(self, request, pk=None):
        response = self.get_object()
        payload = EffectivenessCheckSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.check_record(actor=request.user, pk=response.pk, **payload.validated_data)
        result = self._response(response)
        result.status_code = 201
        return result


class _MayCheck(BasePermission):
    def has_permission(self, request, view):
        return request.user.is_authenticated and request.user.has_perm("risk.add_effectivenesscheck")


class RiskReviewSerializer(serializers.ModelSerializer):
    class Meta:
        model = RiskReview
        fields = ["id", "project", "due_on", "every_days", "status", "completed_by", "completed_at", "notes"]
        read_only_fields = fields


class RiskReviewViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                        viewsets.GenericViewSet):  # fmt: skip
    """Periodic risk identification per project (7.1.2): the review due and the ones done."""

    queryset = RiskReview.objects.all()
    serializer_class = RiskReviewSerializer
    filterset_fields = ["project", "status"]
