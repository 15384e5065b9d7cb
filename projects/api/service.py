"""API of the service records (ch. 4) and the KPI system (4.2)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api.pagination import LogPagination
from core.api.permissions import ViewPermission
from core.api.serializers import ServiceModelSerializer
from core.api.viewsets import ScopedViewSetMixin
from projects import services
from projects.api.execution import StaffField
from projects.api.intake import ProjectField, _ProjectRecordViewSet
from projects.choices import QuestionKind, RequestStatus
from projects.models import (
    KpiAlert,
    KpiDefinition,
    KpiTarget,
    KpiValue,
    MarketingActivity,
    OperationsLogEntry,
    Revisit,
    RevisitPlan,
    ServiceRequest,
    Survey,
    SurveyQuestion,
    SurveyRound,
)
from projects.services import kpi as kpi_services


def _require(request, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied(_("You are not allowed to do this."))


# ----------------------------------------------------------------------------------------------------------------
# Requests, questions and complaints
# ----------------------------------------------------------------------------------------------------------------
class ServiceRequestSerializer(ServiceModelSerializer):
    project = ProjectField()
    assignee = StaffField(required=False, allow_null=True)
    is_late = serializers.BooleanField(read_only=True)
    channel = serializers.CharField(required=False, allow_blank=True)

    class Meta:
        model = ServiceRequest
        fields = ["id", "project", "kind", "channel", "category", "priority", "title", "description", "raised_by",
                  "on_behalf_of", "raised_at", "respond_by", "assignee", "status", "first_response",
                  "first_response_at", "resolution", "resolved_at", "rating", "rating_comment", "closed_at",
                  "is_late"]  # fmt: skip
        read_only_fields = ["raised_by", "raised_at", "respond_by", "status", "first_response", "first_response_at",
                            "resolution", "resolved_at", "rating", "rating_comment", "closed_at"]  # fmt: skip

    def validate_channel(self, value):
        from projects.choices import RequestChannel

        if value and value not in RequestChannel.values:
            raise serializers.ValidationError(_("Not a channel."))
        return value


class RequestTransitionSerializer(serializers.Serializer):
    target = serializers.ChoiceField(choices=RequestStatus.choices)
    expected_source = serializers.ChoiceField(choices=RequestStatus.choices, required=False)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    first_response = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    resolution = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    rating = serializers.IntegerField(required=False, min_value=1, max_value=5)
    rating_comment = serializers.CharField(required=False, allow_blank=True, max_length=4000)


class AssignSerializer(serializers.Serializer):
    assignee = StaffField()


class ServiceRequestViewSet(_ProjectRecordViewSet):
    """Client requests, questions and complaints (4.1.3, 2.2.3). ``?late=true``: unanswered past their limit.
    ``transition``: respond, escalate, resolve (staff); rate and close or reopen (the client)."""

    queryset = ServiceRequest.objects.all()
    serializer_class = ServiceRequestSerializer
    filterset_fields = ["project", "kind", "status", "category", "assignee"]
    search_fields = ["title", "description"]
    ordering = ("-raised_at", "-id")
    pagination_class = LogPagination

    def get_queryset(self):
        qs = super().get_queryset()
        if self.request.query_params.get("late") in ("1", "true"):
            qs = qs.unanswered_past_limit()
        return qs

    def get_permissions(self):
        if self.action in ("transition", "assign"):
            return [ViewPermission()]
        return super().get_permissions()

    def create_record(self, project_pk, data):
        return services.request_raise(actor=self.request.user, pk=project_pk, **data)

    @extend_schema(request=RequestTransitionSerializer, responses={200: ServiceRequestSerializer})
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        req = self.get_object()
        payload = RequestTransitionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        req = services.request_transition(actor=request.user, request_pk=req.pk, **payload.validated_data)
        return Response(ServiceRequestSerializer(req).data)

    @extend_schema(request=AssignSerializer, responses={200: ServiceRequestSerializer})
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        _require(request, "projects.handle_servicerequest")
        req = self.get_object()
        payload = AssignSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        req = services.request_assign(actor=request.user, request_pk=req.pk, **payload.validated_data)
        return Response(ServiceRequestSerializer(req).data)


# ----------------------------------------------------------------------------------------------------------------
# Revisits
# ----------------------------------------------------------------------------------------------------------------
class RevisitPlanSerializer(ServiceModelSerializer):
    project = ProjectField()
    owner = StaffField()

    class Meta:
        model = RevisitPlan
        fields = ["id", "project", "every_days", "starts_on", "owner", "active"]
        read_only_fields = ["active"]
        validators = []  # one per project: posting again changes it


class RevisitPlanViewSet(_ProjectRecordViewSet):
    """Revisit schedules (4.1.3): POST sets (or changes) a project's schedule; the due revisits follow."""

    queryset = RevisitPlan.objects.all()
    serializer_class = RevisitPlanSerializer

    def create_record(self, project_pk, data):
        return services.revisit_plan_set(actor=self.request.user, pk=project_pk, **data)


class RevisitSerializer(serializers.ModelSerializer):
    class Meta:
        model = Revisit
        fields = ["id", "project", "due_on", "status", "done_on", "done_by", "contact", "experience", "suggestions"]
        read_only_fields = fields


class RevisitRecordSerializer(serializers.Serializer):
    done_on = serializers.DateField()
    contact = serializers.CharField(default="", allow_blank=True, max_length=120)
    experience = serializers.CharField(max_length=4000)
    suggestions = serializers.CharField(default="", allow_blank=True, max_length=4000)


class RevisitViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Revisits (4.1.3); ``?overdue=true``; ``record`` writes what the client said."""

    queryset = Revisit.objects.all()
    serializer_class = RevisitSerializer
    filterset_fields = ["project", "status"]

    def get_queryset(self):
        qs = super().get_queryset()
        if self.request.query_params.get("overdue") in ("1", "true"):
            qs = qs.overdue()
        return qs

    def get_permissions(self):
        if self.action == "record":
            return [ViewPermission()]
        return super().get_permissions()

    @extend_schema(request=RevisitRecordSerializer, responses={200: RevisitSerializer})
    @action(detail=True, methods=["post"])
    def record(self, request, pk=None):
        _require(request, "projects.change_revisit")
        revisit = self.get_object()
        payload = RevisitRecordSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        revisit = services.revisit_record(actor=request.user, revisit_pk=revisit.pk, **payload.validated_data)
        return Response(RevisitSerializer(revisit).data)


# ----------------------------------------------------------------------------------------------------------------
# Satisfaction surveys
# ----------------------------------------------------------------------------------------------------------------
class QuestionSerializer(serializers.ModelSerializer):
    class Meta:
        model = SurveyQuestion
        fields = ["id", "text", "kind", "position"]
        read_only_fields = ["id", "position"]


class SurveySerializer(serializers.ModelSerializer):
    questions = QuestionSerializer(many=True)

    class Meta:
        model = Survey
        fields = ["id", "name", "intro", "active", "questions"]
        read_only_fields = ["active"]


class SurveyViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                    viewsets.GenericViewSet):  # fmt: skip
    """Satisfaction questionnaires: questions rated 1–5 or answered in words."""

    queryset = Survey.objects.all()
    serializer_class = SurveySerializer

    def get_queryset(self):
        return super().get_queryset().prefetch_related("questions")

    def perform_create(self, serializer):
        serializer.instance = services.survey_create(actor=self.request.user, **serializer.validated_data)


class SurveyRoundSerializer(serializers.ModelSerializer):
    project = ProjectField()
    survey = serializers.PrimaryKeyRelatedField(queryset=Survey.objects.all())
    is_open = serializers.BooleanField(read_only=True)

    class Meta:
        model = SurveyRound
        fields = ["id", "project", "survey", "title", "opens_on", "closes_on", "is_open", "sent_by", "created_at"]
        read_only_fields = ["sent_by", "created_at"]


class AnswerSerializer(serializers.Serializer):
    answers = serializers.DictField(child=serializers.CharField(allow_blank=True, max_length=4000),
                                    help_text="question id → rating 1–5, or text")  # fmt: skip


class SurveyRoundViewSet(_ProjectRecordViewSet):
    """Survey rounds sent to a project's client; ``answer`` (a client user, once); ``results`` (staff)."""

    queryset = SurveyRound.objects.all()
    serializer_class = SurveyRoundSerializer

    def get_queryset(self):
        return super().get_queryset().select_related("survey")

    def get_permissions(self):
        if self.action in ("answer", "results"):
            return [ViewPermission()]
        return super().get_permissions()

    def create_record(self, project_pk, data):
        return services.survey_round_send(actor=self.request.user, pk=project_pk, **data)

    @extend_schema(request=AnswerSerializer, responses={201: None})
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        _require(request, "projects.add_surveyresponse")
        round_ = self.get_object()
        payload = AnswerSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.survey_answer(actor=request.user, round_pk=round_.pk, answers=payload.validated_data["answers"])
        return Response(status=201)

    @extend_schema(request=None, responses={200: dict})
    @action(detail=True, methods=["get"])
    def results(self, request, pk=None):
        from django.db.models import Avg, Count, Q

        from projects.models import SurveyAnswer
        from projects.views.service import survey_results

        if request.user.client_organisation_id:
            raise PermissionDenied(_("You are not allowed to do this."))
        round_ = self.get_object()
        per_question = (
            SurveyAnswer.objects.filter(response__round=round_, question__kind=QuestionKind.RATING)
            .values("question")
            .annotate(n=Count("id"), average=Avg("rating"), satisfied=Count("id", filter=Q(rating__gte=4)))
        )
        return Response({**survey_results([round_.pk])[round_.pk], "questions": list(per_question)})


# ----------------------------------------------------------------------------------------------------------------
# Marketing activities and the operations log
# ----------------------------------------------------------------------------------------------------------------
class ActivitySerializer(serializers.ModelSerializer):
    project = ProjectField()

    class Meta:
        model = MarketingActivity
        fields = ["id", "project", "title", "kind", "status", "starts_on", "ends_on", "budget", "reach", "leads",
                  "feedback", "owner"]  # fmt: skip
        read_only_fields = ["owner"]


class MarketingActivityViewSet(_ProjectRecordViewSet, mixins.UpdateModelMixin):
    """Marketing activities (4.1.2): planned, run, results."""

    queryset = MarketingActivity.objects.all()
    serializer_class = ActivitySerializer
    filterset_fields = ["project", "kind", "status"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def create_record(self, project_pk, data):
        return services.activity_save(actor=self.request.user, pk=project_pk, **data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("project", None)
        serializer.instance = services.activity_save(actor=self.request.user, pk=serializer.instance.project_id,
                                                     activity_pk=serializer.instance.pk, **data)  # fmt: skip


class LogSerializer(ServiceModelSerializer):
    project = ProjectField()
    is_major_incident = serializers.BooleanField(read_only=True)

    class Meta:
        model = OperationsLogEntry
        fields = ["id", "project", "kind", "severity", "occurred_at", "title", "description", "recorded_by",
                  "is_major_incident"]  # fmt: skip
        read_only_fields = ["recorded_by"]


class OperationsLogViewSet(_ProjectRecordViewSet):
    """The operations log (4.1.1): maintenance, safety, quality, business; major incidents flagged (4.2.1)."""

    queryset = OperationsLogEntry.objects.all()
    serializer_class = LogSerializer
    filterset_fields = ["project", "kind", "severity"]

    def create_record(self, project_pk, data):
        return services.log_add(actor=self.request.user, pk=project_pk, **data)


# ----------------------------------------------------------------------------------------------------------------
# KPI system
# ----------------------------------------------------------------------------------------------------------------
class KpiDefinitionSerializer(serializers.ModelSerializer):
    class Meta:
        model = KpiDefinition
        fields = ["id", "code", "name", "metric", "comparator", "target", "period", "clause", "active"]


class KpiDefinitionViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                           mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet):  # fmt: skip
    """The KPI system (2.2.4, 4.2.3), owned by the quality group."""

    queryset = KpiDefinition.objects.all()
    serializer_class = KpiDefinitionSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    def perform_create(self, serializer):
        serializer.instance = kpi_services.kpi_definition_save(actor=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = kpi_services.kpi_definition_save(actor=self.request.user, pk=serializer.instance.pk,
                                                               **serializer.validated_data)  # fmt: skip


class KpiTargetSerializer(serializers.ModelSerializer):
    project = ProjectField()

    class Meta:
        model = KpiTarget
        fields = ["id", "project", "definition", "target", "reason"]
        validators = []  # one per KPI and project: posting again changes it


class KpiTargetViewSet(_ProjectRecordViewSet):
    """A project's own KPI targets (from its contract)."""

    queryset = KpiTarget.objects.all()
    serializer_class = KpiTargetSerializer

    def get_queryset(self):
        return super().get_queryset().order_by("project_id", "definition_id", "id")

    def create_record(self, project_pk, data):
        return kpi_services.kpi_target_set(actor=self.request.user, pk=project_pk, **data)


class KpiValueSerializer(serializers.ModelSerializer):
    class Meta:
        model = KpiValue
        fields = ["id", "definition", "project", "period_start", "period_end", "numerator", "denominator", "value",
                  "target", "met", "computed_at"]  # fmt: skip
        read_only_fields = fields


class KpiValueViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """KPI values per project and period, as the sweep computed them."""

    queryset = KpiValue.objects.all()
    serializer_class = KpiValueSerializer
    filterset_fields = ["project", "definition", "period_start", "met"]


class KpiAlertSerializer(serializers.ModelSerializer):
    class Meta:
        model = KpiAlert
        fields = ["id", "definition", "project", "period_start", "value", "target", "status", "opened_at",
                  "closed_at", "rectification"]  # fmt: skip
        read_only_fields = fields


class KpiAlertViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """KPI alerts: open until the KPI recovers; each with its rectification notice."""

    queryset = KpiAlert.objects.all()
    serializer_class = KpiAlertSerializer
    filterset_fields = ["project", "definition", "status"]
