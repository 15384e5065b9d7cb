"""API of finance. This slice: invoices issued under contracts (8.2.2 reads the total invoiced)."""

from __future__ import annotations

from decimal import Decimal

from rest_framework import mixins, serializers, viewsets

from contracts.api.views import ContractField
from core.api.viewsets import ScopedViewSetMixin
from finance.models import Invoice
from finance.services import invoice_record


class InvoiceSerializer(serializers.ModelSerializer):
    contract = ContractField()

    class Meta:
        model = Invoice
        fields = ["id", "project", "contract", "number", "amount", "currency", "issued_on", "received_on",
                  "created_by", "created_at"]  # fmt: skip
        read_only_fields = ["project", "currency", "created_by", "created_at"]
        extra_kwargs = {"amount": {"min_value": Decimal("0.01")}}


class InvoiceViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                     viewsets.GenericViewSet):  # fmt: skip
    """Invoices issued under signed contracts. Internal: clients never see finance records."""

    queryset = Invoice.objects.all()
    serializer_class = InvoiceSerializer
    filterset_fields = ["project", "contract"]
    search_fields = ["number"]

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = invoice_record(actor=self.request.user, contract_pk=data.pop("contract").pk, **data)
