"""API of finance (ch. 6): budgets with their lines, versions and adjustments, categories, costs, expense claims
and invoices — the same services, scoping and clause-citing refusals as the pages."""

from __future__ import annotations

from decimal import Decimal

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from contracts.api.views import ContractField
from core.api.permissions import ViewPermission
from core.api.serializers import AttachmentSerializer, UploadSerializer
from core.api.viewsets import ScopedViewSetMixin, attachments_response
from finance import services
from finance.choices import AdjustmentStatus, BudgetStatus, ClaimStatus, FinanceKind
from finance.models import Budget, BudgetAdjustment, CostEntry, ExpenseClaim, ExpenseItem, FinanceCategory, Invoice
from finance.services import invoice_record
from projects.api.intake import ProjectField

_READ_CREATE = (mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet)
_MONEY = {"max_digits": 14, "decimal_places": 2, "min_value": Decimal("0")}


class InvoiceSerializer(serializers.ModelSerializer):
    contract = ContractField()

    class Meta:
        model = Invoice
        fields = ["id", "project", "contract", "number", "amount", "currency", "issued_on", "due_on", "received_on",
                  "created_by", "created_at"]  # fmt: skip
        read_only_fields = ["project", "currency", "created_by", "created_at"]
        extra_kwargs = {"amount": {"min_value": Decimal("0.01")}}


class ReceiveSerializer(serializers.Serializer):
    received_on = serializers.DateField()


class InvoiceViewSet(ScopedViewSetMixin, *_READ_CREATE):
    """Invoices issued under signed contracts (revenue recognised, 6.2.2); ``receive`` records the payment.
    Internal: clients never see finance."""

    queryset = Invoice.objects.all()
    serializer_class = InvoiceSerializer
    filterset_fields = ["project", "contract"]
    search_fields = ["number"]

    def get_permissions(self):
        if self.action == "receive":
            return [ViewPermission()]
        return super().get_permissions()

    @extend_schema(request=ReceiveSerializer, responses={200: InvoiceSerializer})
    @action(detail=True, methods=["post"])
    def receive(self, request, pk=None):
        invoice = self.get_object()
        payload = ReceiveSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        invoice = services.invoice_receive(actor=request.user, pk=invoice.pk, **payload.validated_data)
        return Response(InvoiceSerializer(invoice, context=self.get_serializer_context()).data)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = invoice_record(actor=self.request.user, contract_pk=data.pop("contract").pk, **data)


class CategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = FinanceCategory
        fields = ["id", "kind", "code", "name", "name_zh", "scope", "standard_limit", "active"]


class CategoryViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Revenue, cost and expense categories with the allowed scope and standard limits (6.3.1)."""

    queryset = FinanceCategory.objects.all()
    serializer_class = CategorySerializer
    filterset_fields = ["kind", "active"]


class LineSerializer(serializers.Serializer):
    category = serializers.PrimaryKeyRelatedField(queryset=FinanceCategory.objects.filter(active=True))
    month = serializers.IntegerField(min_value=1, max_value=12)
    amount = serializers.DecimalField(**_MONEY)


class BudgetSerializer(serializers.ModelSerializer):
    project = ProjectField(required=False, allow_null=True)
    lines = serializers.SerializerMethodField()
    totals = serializers.SerializerMethodField()

    class Meta:
        model = Budget
        fields = ["id", "year", "project", "department", "assumptions", "status", "version", "currency", "lines",
                  "totals", "prepared_by", "created_at"]  # fmt: skip
        read_only_fields = ["department", "status", "version", "currency", "prepared_by", "created_at"]

    def get_lines(self, budget) -> list[dict]:
        return [{"category": line.category_id, "month": line.month, "amount": str(line.amount)}
                for line in budget.lines.all()]  # fmt: skip

    def get_totals(self, budget) -> dict[str, str]:
        totals = dict.fromkeys(FinanceKind.values, Decimal("0.00"))
        for line in budget.lines.all():  # prefetched with their categories
            totals[line.category.kind] += line.amount
        return {kind: str(total) for kind, total in totals.items()}


class BudgetTransitionSerializer(serializers.Serializer):
    target = serializers.ChoiceField(choices=BudgetStatus.choices)
    expected_source = serializers.ChoiceField(choices=BudgetStatus.choices, required=False)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=4000)


class BudgetViewSet(ScopedViewSetMixin, *_READ_CREATE):
    """Annual budgets (6.1): ``lines`` sets a draft's lines; ``transition`` takes it through finance review and the
    executive's approval (6.1.3); an approved budget changes only by an adjustment."""

    queryset = Budget.objects.all()
    serializer_class = BudgetSerializer
    filterset_fields = ["year", "project", "status"]

    def get_queryset(self):
        return super().get_queryset().prefetch_related("lines__category")

    def get_permissions(self):
        if self.action in ("lines", "transition"):
            return [ViewPermission()]
        return super().get_permissions()

    def perform_create(self, serializer):
        serializer.instance = services.budget_create(actor=self.request.user, **serializer.validated_data)

    def _budget(self, budget):
        return Response(BudgetSerializer(self.get_queryset().get(pk=budget.pk)).data)

    @extend_schema(request=LineSerializer(many=True), responses={200: BudgetSerializer})
    @action(detail=True, methods=["post"])
    def lines(self, request, pk=None):
        budget = self.get_object()
        payload = LineSerializer(data=request.data, many=True)
        payload.is_valid(raise_exception=True)
        lines = {(row["category"].pk, row["month"]): row["amount"] for row in payload.validated_data}
        return self._budget(services.budget_lines_set(actor=request.user, pk=budget.pk, lines=lines))

    @extend_schema(request=BudgetTransitionSerializer, responses={200: BudgetSerializer})
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        budget = self.get_object()
        payload = BudgetTransitionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        return self._budget(services.budget_transition(actor=request.user, pk=budget.pk, **payload.validated_data))


class AdjustmentSerializer(serializers.ModelSerializer):
    budget = serializers.PrimaryKeyRelatedField(queryset=Budget.objects.none())
    lines = LineSerializer(many=True, write_only=True)

    class Meta:
        model = BudgetAdjustment
        fields = ["id", "budget", "reason", "lines", "changes", "effective_from", "status", "based_on",
                  "requested_by", "created_at"]  # fmt: skip
        read_only_fields = ["changes", "status", "based_on", "requested_by", "created_at"]
        extra_kwargs = {"effective_from": {"required": False}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["budget"].queryset = Budget.objects.visible_to(request.user)


class AdjustmentTransitionSerializer(serializers.Serializer):
    target = serializers.ChoiceField(choices=AdjustmentStatus.choices)
    expected_source = serializers.ChoiceField(choices=AdjustmentStatus.choices, required=False)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=4000)


class AdjustmentViewSet(ScopedViewSetMixin, *_READ_CREATE):
    """Budget adjustments (6.1.3): the lines changed, their own finance review and the executive's approval."""

    queryset = BudgetAdjustment.objects.all()
    serializer_class = AdjustmentSerializer
    filterset_fields = ["budget", "status"]

    def get_permissions(self):
        if self.action == "transition":
            return [ViewPermission()]
        return super().get_permissions()

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        changes = {(row["category"].pk, row["month"]): row["amount"] for row in data.pop("lines")}
        serializer.instance = services.adjustment_request(actor=self.request.user, budget_pk=data.pop("budget").pk,
                                                          changes=changes, **data)  # fmt: skip

    @extend_schema(request=AdjustmentTransitionSerializer, responses={200: AdjustmentSerializer})
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        adjustment = self.get_object()
        payload = AdjustmentTransitionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        adjustment = services.adjustment_transition(actor=request.user, pk=adjustment.pk, **payload.validated_data)
        return Response(AdjustmentSerializer(adjustment, context=self.get_serializer_context()).data)


class CostSerializer(serializers.ModelSerializer):
    project = ProjectField(required=False, allow_null=True)

    class Meta:
        model = CostEntry
        fields = ["id", "project", "category", "amount", "currency", "incurred_on", "description", "claim_item",
                  "recorded_by", "recorded_at"]  # fmt: skip
        read_only_fields = ["currency", "claim_item", "recorded_by", "recorded_at"]
        extra_kwargs = {"amount": {"min_value": Decimal("0.01")}}


class CostViewSet(ScopedViewSetMixin, *_READ_CREATE):
    """Costs and expenses classified by project and category (6.3.2)."""

    queryset = CostEntry.objects.all()
    serializer_class = CostSerializer
    filterset_fields = ["project", "category"]
    search_fields = ["description"]

    def perform_create(self, serializer):
        serializer.instance = services.cost_record(actor=self.request.user, **serializer.validated_data)


class ItemSerializer(serializers.ModelSerializer):
    over_standard = serializers.BooleanField(read_only=True)

    class Meta:
        model = ExpenseItem
        fields = ["id", "category", "spent_on", "amount", "description", "over_standard"]
        extra_kwargs = {"amount": {"min_value": Decimal("0.01")}}


class ClaimSerializer(serializers.ModelSerializer):
    project = ProjectField(required=False, allow_null=True)
    items = ItemSerializer(many=True, read_only=True)
    total = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)

    class Meta:
        model = ExpenseClaim
        fields = ["id", "claimant", "project", "purpose", "status", "currency", "items", "total", "submitted_at",
                  "paid_on", "rejection_reason", "created_at"]  # fmt: skip
        read_only_fields = ["claimant", "status", "currency", "submitted_at", "paid_on", "rejection_reason",
                            "created_at"]  # fmt: skip


class ClaimTransitionSerializer(serializers.Serializer):
    target = serializers.ChoiceField(choices=ClaimStatus.choices)
    expected_source = serializers.ChoiceField(choices=ClaimStatus.choices, required=False)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=4000)


class ClaimViewSet(ScopedViewSetMixin, *_READ_CREATE):
    """Expense claims (6.3.3): ``items`` adds an item to the claimant's draft, ``receipts`` attaches receipts,
    ``transition`` submits, reviews, rejects (with the reason) or pays. An employee sees only its own claims."""

    queryset = ExpenseClaim.objects.all()
    serializer_class = ClaimSerializer
    filterset_fields = ["status", "claimant", "project"]

    def get_queryset(self):
        return super().get_queryset().prefetch_related("items__category")

    def get_permissions(self):
        if self.action in ("items", "receipts", "transition"):
            return [ViewPermission()]
        return super().get_permissions()

    def perform_create(self, serializer):
        serializer.instance = services.claim_create(actor=self.request.user, **serializer.validated_data)

    def _claim(self, claim):
        return Response(ClaimSerializer(self.get_queryset().get(pk=claim.pk)).data)

    @extend_schema(request=ItemSerializer, responses={200: ClaimSerializer})
    @action(detail=True, methods=["post"])
    def items(self, request, pk=None):
        claim = self.get_object()
        payload = ItemSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.claim_item_add(actor=request.user, pk=claim.pk, **payload.validated_data)
        return self._claim(claim)

    @extend_schema(methods=["GET"], request=None, responses={200: AttachmentSerializer(many=True)})
    @extend_schema(methods=["POST"], request={"multipart/form-data": UploadSerializer},
                   responses={201: AttachmentSerializer(many=True)})  # fmt: skip
    @action(detail=True, methods=["get", "post"], parser_classes=[MultiPartParser, FormParser])
    def receipts(self, request, pk=None):
        claim = self.get_object()
        return attachments_response(request, claim, lambda **data: services.claim_attach(
            actor=request.user, pk=claim.pk, **data))  # fmt: skip

    @extend_schema(request=ClaimTransitionSerializer, responses={200: ClaimSerializer})
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        claim = self.get_object()
        payload = ClaimTransitionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        return self._claim(services.claim_transition(actor=request.user, pk=claim.pk, **payload.validated_data))
