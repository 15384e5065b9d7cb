from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.pagination import LogPagination
from core.api.permissions import IsOrganisationStaff
from core.api.serializers import (
    AuditEventSerializer,
    ClientOrganisationSerializer,
    JobRunRequestSerializer,
    JobRunSerializer,
    MeSerializer,
    NotificationSerializer,
    PolicyClauseSerializer,
)
from core.api.viewsets import ScopedReadOnlyViewSet, ScopedViewSetMixin
from core.filters import AuditEventFilter
from core.models import AuditEvent, ClientOrganisation, JobRun, Notification
from core.notifications import notification_mark_read
from core.policy import registry


class MeView(APIView):
    """The signed-in user and their roles."""

    @extend_schema(responses=MeSerializer)
    def get(self, request):
        return Response(MeSerializer(request.user).data)


class ClientOrganisationViewSet(ScopedReadOnlyViewSet):
    queryset = ClientOrganisation.objects.all()
    serializer_class = ClientOrganisationSerializer
    search_fields = ["name", "code"]
    ordering_fields = ["name", "code"]


class AuditEventViewSet(ScopedReadOnlyViewSet):
    """The audit trail, read-only: there is no create, update or delete endpoint, by design."""

    queryset = AuditEvent.objects.all()
    serializer_class = AuditEventSerializer
    filterset_class = AuditEventFilter
    select_related = ("content_type",)
    ordering_fields = ["timestamp"]
    ordering = ("-timestamp", "-id")
    pagination_class = LogPagination


class NotificationViewSet(
    ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    queryset = Notification.objects.all()
    serializer_class = NotificationSerializer
    permission_classes = [permissions.IsAuthenticated]
    filterset_fields = {"read_at": ["isnull"]}

    @extend_schema(request=None, responses={200: NotificationSerializer})
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        note = self.get_object()
        notification_mark_read(user=request.user, pks=[note.pk])
        note.refresh_from_db()
        return Response(self.get_serializer(note).data)

    @extend_schema(request=None, responses={200: {"type": "object", "properties": {"marked": {"type": "integer"}}}})
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        return Response({"marked": notification_mark_read(user=request.user)}, status=status.HTTP_200_OK)


class PolicyClauseViewSet(viewsets.ViewSet):
    """The policy clause registry and where each clause is enforced (organisation staff only)."""

    permission_classes = [IsOrganisationStaff]
    serializer_class = PolicyClauseSerializer
    lookup_value_regex = r"[0-9.]+"

    def _row(self, c):
        return {
            "id": c.id,
            "title": c.title,
            "title_en": c.title_en,
            "title_zh": c.title_zh,
            "text": c.text,
            "enforced_at": [e.where for e in registry.enforcements_of(c.id)],
        }

    @extend_schema(responses=PolicyClauseSerializer(many=True))
    def list(self, request):
        return Response([self._row(c) for c in registry.all()])

    @extend_schema(responses=PolicyClauseSerializer)
    def retrieve(self, request, pk=None):
        if pk not in registry.clauses:
            raise Http404
        return Response(self._row(registry.get(pk)))


class JobRunViewSet(ScopedReadOnlyViewSet):
    """Runs of the scheduled jobs: when, which, who asked, what each created. POST ``/api/job-runs/run/``
    ``{"task": ...}`` enqueues a scheduled job now (``core.run_job``)."""

    queryset = JobRun.objects.all()
    serializer_class = JobRunSerializer
    filterset_fields = ["job", "ok"]

    def get_permissions(self):
        if self.action == "run":
            return [permissions.IsAuthenticated()]
        return super().get_permissions()

    @extend_schema(request=JobRunRequestSerializer, responses={202: None})
    @action(detail=False, methods=["post"])
    def run(self, request):
        from django.core.exceptions import PermissionDenied
        from rest_framework.exceptions import ValidationError

        from core.jobs import enqueue_now

        if not request.user.has_perm("core.run_job"):
            raise PermissionDenied
        payload = JobRunRequestSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        task_name = payload.validated_data["task"]
        if enqueue_now(task_name, request.user) is None:
            raise ValidationError({"task": "Not a scheduled job."})
        return Response({"queued": task_name}, status=status.HTTP_202_ACCEPTED)
