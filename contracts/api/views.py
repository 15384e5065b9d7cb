from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from contracts import services
from contracts.models import Contract
from core.api.viewsets import ScopedViewSetMixin


class ContractSerializer(serializers.ModelSerializer):
    client_name = serializers.CharField(source="client.name", read_only=True)

    class Meta:
        model = Contract
        fields = ["id", "number", "project", "title", "client", "client_name", "our_party", "service_content",
                  "fee_standard", "amount", "service_start", "service_end", "rights_obligations", "response_hours",
                  "status", "signed_on", "signed_by", "client_signatory", "created_at", "updated_at"]  # fmt: skip
        read_only_fields = ["client", "our_party", "status", "signed_on", "signed_by", "client_signatory",
                            "created_at", "updated_at"]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            self.fields["number"].read_only = True
            self.fields["project"].read_only = True


class SignSerializer(serializers.Serializer):
    signed_on = serializers.DateField()
    client_signatory = serializers.CharField(max_length=120)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=4000)


class ContractViewSet(ScopedViewSetMixin, viewsets.ModelViewSet):
    """Service contracts (3.1.3, ch. 8). Signing is ``POST /api/contracts/{id}/sign/`` (8.1.1)."""

    queryset = Contract.objects.all()
    serializer_class = ContractSerializer
    select_related = ("client",)
    filterset_fields = ["project", "status", "client"]
    search_fields = ["number", "title"]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_permissions(self):
        from core.api.permissions import ViewPermission

        if self.action == "sign":
            return [ViewPermission()]
        return super().get_permissions()

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        project = data.pop("project")
        serializer.instance = services.contract_create(actor=self.request.user, project_pk=project.pk, **data)

    def perform_update(self, serializer):
        data = {k: v for k, v in serializer.validated_data.items() if k not in ("number", "project")}
        serializer.instance = services.contract_update(actor=self.request.user, pk=serializer.instance.pk, **data)

    @extend_schema(request=SignSerializer, responses={200: ContractSerializer})
    @action(detail=True, methods=["post"])
    def sign(self, request, pk=None):
        contract = self.get_object()
        payload = SignSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        contract = services.contract_sign(actor=request.user, pk=contract.pk, **payload.validated_data)
        return Response(ContractSerializer(contract).data)
