from rest_framework import mixins, serializers, viewsets

from core.api.viewsets import ScopedViewSetMixin
from projects.services import intake_risk_add
from risk.models import Risk


class RiskSerializer(serializers.ModelSerializer):
    class Meta:
        model = Risk
        fields = ["id", "project", "category", "description", "cause", "consequence", "level", "source",
                  "identified_by", "identified_at"]  # fmt: skip
        read_only_fields = ["source", "identified_by", "identified_at", "cause", "consequence"]
        extra_kwargs = {"project": {"required": True, "allow_null": False}}


class RiskViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                  viewsets.GenericViewSet):  # fmt: skip
    """The risk register (ch. 7). Creating a risk here records a potential risk of a lead's preliminary
    evaluation (3.1.2); assessment and responses arrive with the risk issue."""

    queryset = Risk.objects.all()
    serializer_class = RiskSerializer
    filterset_fields = ["project", "category", "level", "source"]
    search_fields = ["description"]

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        project = data.pop("project")
        serializer.instance = intake_risk_add(actor=self.request.user, pk=project.pk, category=data["category"],
                                              description=data["description"], level=data["level"])  # fmt: skip
