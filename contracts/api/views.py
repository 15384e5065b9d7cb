"""API of contract management (ch. 8): the same services, scoping and clause-citing refusals as the pages."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from contracts import services
from contracts.choices import AccessKind, ClauseKind, ContractStatus, ContractType, Party
from contracts.models import (
    TERM_FIELDS,
    ArchiveAccess,
    ArchiveRecord,
    Authorisation,
    Borrowing,
    Contract,
    ContractClause,
    ContractVersion,
    LegalReview,
    Obligation,
    PerformanceEvaluation,
    TerminationNotice,
)
from core.api.permissions import ViewPermission
from core.api.serializers import AttachmentSerializer, ServiceModelSerializer, UploadSerializer
from core.api.viewsets import ScopedViewSetMixin, attachments_response
from projects.api.execution import StaffField

_READ_CREATE = (mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet)


class ContractField(serializers.PrimaryKeyRelatedField):
    """A contract the requesting user may see (others are "does not exist")."""

    def get_queryset(self):
        return Contract.objects.visible_to(self.context["request"].user)


# -- contracts -----------------------------------------------------------------------------------------------------
class ContractSerializer(serializers.ModelSerializer):
    client_name = serializers.CharField(source="client.name", read_only=True)

    class Meta:
        model = Contract
        fields = ["id", "number", "project", "amends", *TERM_FIELDS, "client", "client_name", "our_party", "currency",
                  "status", "version", "signed_on", "signed_by", "signed_under", "client_signatory",
                  "client_signed_on", "signed_copy", "terminated_on", "termination_reason", "termination_basis",
                  "created_at", "updated_at"]  # fmt: skip
        read_only_fields = ["amends", "client", "our_party", "currency", "status", "version", "signed_on", "signed_by",
                            "signed_under", "client_signatory", "client_signed_on", "signed_copy", "terminated_on",
                            "termination_reason", "termination_basis", "created_at", "updated_at"]  # fmt: skip
        extra_kwargs = {"amount": {"min_value": 0}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            self.fields["number"].read_only = True
            self.fields["project"].read_only = True


class ContractTransitionSerializer(serializers.Serializer):
    target = serializers.ChoiceField(choices=ContractStatus.choices)
    expected_source = serializers.ChoiceField(choices=ContractStatus.choices, required=False)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=4000)


class ContractSubmitSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, max_length=4000)


class LegalReviewRequestSerializer(serializers.Serializer):
    passed = serializers.BooleanField()
    lawful = serializers.BooleanField(required=False, default=False)
    obligations_clear = serializers.BooleanField(required=False, default=False)
    risk_controlled = serializers.BooleanField(required=False, default=False)
    opinion = serializers.CharField(max_length=4000)
    required_changes = serializers.CharField(required=False, allow_blank=True, max_length=4000)


class SignSerializer(serializers.Serializer):
    signed_on = serializers.DateField()
    client_signatory = serializers.CharField(max_length=120)
    client_signed_on = serializers.DateField(required=False, allow_null=True)
    signed_copy = serializers.FileField(required=False, allow_null=True)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=4000)


class TerminateSerializer(serializers.Serializer):
    terminated_on = serializers.DateField()
    reason = serializers.CharField(max_length=4000)
    legal_basis = serializers.CharField(max_length=4000)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=4000)


class AmendSerializer(serializers.ModelSerializer):
    class Meta:
        model = Contract
        fields = ["number", *[f for f in TERM_FIELDS if f != "contract_type"]]
        extra_kwargs = {f: {"required": False} for f in TERM_FIELDS}


class NoticeSerializer(serializers.ModelSerializer):
    state = serializers.CharField(read_only=True)

    class Meta:
        model = TerminationNotice
        fields = ["text", "state", "generated_at", "sent_on", "sent_via", "sent_by", "acknowledged_on",
                  "acknowledged_by_name", "acknowledged_by"]  # fmt: skip


class NoticeSendSerializer(serializers.Serializer):
    sent_on = serializers.DateField()
    sent_via = serializers.CharField(max_length=120)


class NoticeAcknowledgeSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    acknowledged_on = serializers.DateField(required=False, allow_null=True)


class VersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = ContractVersion
        fields = ["number", "terms", "clauses", "note", "created_by", "created_at"]


class LegalReviewSerializer(serializers.ModelSerializer):
    class Meta:
        model = LegalReview
        fields = ["id", "version", "reviewer", "outcome", "lawful", "obligations_clear", "risk_controlled", "opinion",
                  "required_changes", "reviewed_at"]  # fmt: skip


_STEP_PERMISSIONS = ("submit", "review", "decide", "sign", "terminate", "amend", "notice", "notice_send",
                     "notice_acknowledge", "versions", "reviews", "documents")  # fmt: skip


class ContractViewSet(ScopedViewSetMixin, viewsets.ModelViewSet):
    """Contracts (3.1.3, ch. 8). The workflow: ``submit`` for legal review (8.1.2), ``review`` (legal: pass or return),
    ``decide`` (the department head, then by amount tier the executive, 8.1.3), ``sign`` (the legal representative
    or an authorised delegate, 8.1.1; multipart with the signed copy), ``terminate`` (8.2.3) and its ``notice``;
    ``amend`` drafts an amendment of a signed contract."""

    queryset = Contract.objects.all()
    serializer_class = ContractSerializer
    select_related = ("client",)
    filterset_fields = ["project", "status", "client", "contract_type", "amends"]
    search_fields = ["number", "title"]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_permissions(self):
        if self.action in _STEP_PERMISSIONS:
            return [ViewPermission()]
        return super().get_permissions()

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        project = data.pop("project")
        serializer.instance = services.contract_create(actor=self.request.user, project_pk=project.pk, **data)

    def perform_update(self, serializer):
        data = {k: v for k, v in serializer.validated_data.items() if k in TERM_FIELDS}
        serializer.instance = services.contract_update(actor=self.request.user, pk=serializer.instance.pk, **data)

    def _payload(self, serializer_class):
        payload = serializer_class(data=self.request.data)
        payload.is_valid(raise_exception=True)
        return payload.validated_data

    def _contract(self, contract):
        return Response(ContractSerializer(self.get_queryset().get(pk=contract.pk)).data)

    @extend_schema(request=ContractSubmitSerializer, responses={200: ContractSerializer})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        contract = self.get_object()
        return self._contract(services.contract_submit(actor=request.user, pk=contract.pk,
                                                       **self._payload(ContractSubmitSerializer)))  # fmt: skip

    @extend_schema(request=LegalReviewRequestSerializer, responses={200: LegalReviewSerializer})
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        contract = self.get_object()
        review = services.contract_review(
            actor=request.user, pk=contract.pk, **self._payload(LegalReviewRequestSerializer)
        )
        return Response(LegalReviewSerializer(review).data)

    @extend_schema(request=ContractTransitionSerializer, responses={200: ContractSerializer})
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        contract = self.get_object()
        return self._contract(services.contract_decide(actor=request.user, pk=contract.pk,
                                                       **self._payload(ContractTransitionSerializer)))  # fmt: skip

    @extend_schema(request={"multipart/form-data": SignSerializer, "application/json": SignSerializer},
                   responses={200: ContractSerializer})  # fmt: skip
    @action(detail=True, methods=["post"], parser_classes=[JSONParser, MultiPartParser, FormParser])
    def sign(self, request, pk=None):
        contract = self.get_object()
        return self._contract(services.contract_sign(actor=request.user, pk=contract.pk,
                                                     **self._payload(SignSerializer)))  # fmt: skip

    @extend_schema(request=TerminateSerializer, responses={200: ContractSerializer})
    @action(detail=True, methods=["post"])
    def terminate(self, request, pk=None):
        contract = self.get_object()
        return self._contract(services.contract_terminate(actor=request.user, pk=contract.pk,
                                                          **self._payload(TerminateSerializer)))  # fmt: skip

    @extend_schema(request=AmendSerializer, responses={201: ContractSerializer})
    @action(detail=True, methods=["post"])
    def amend(self, request, pk=None):
        contract = self.get_object()
        data = dict(self._payload(AmendSerializer))
        amendment = services.amendment_create(actor=request.user, pk=contract.pk, **data)
        return Response(ContractSerializer(amendment).data, status=201)

    @extend_schema(responses={200: NoticeSerializer})
    @action(detail=True, methods=["get"])
    def notice(self, request, pk=None):
        contract = self.get_object()
        notice = TerminationNotice.objects.filter(contract=contract).first()
        if notice is None:
            from django.http import Http404

            raise Http404
        return Response(NoticeSerializer(notice).data)

    @extend_schema(request=NoticeSendSerializer, responses={200: NoticeSerializer})
    @action(detail=True, methods=["post"], url_path="notice/send")
    def notice_send(self, request, pk=None):
        contract = self.get_object()
        notice = services.notice_send(actor=request.user, pk=contract.pk, **self._payload(NoticeSendSerializer))
        return Response(NoticeSerializer(notice).data)

    @extend_schema(request=NoticeAcknowledgeSerializer, responses={200: NoticeSerializer})
    @action(detail=True, methods=["post"], url_path="notice/acknowledge")
    def notice_acknowledge(self, request, pk=None):
        contract = self.get_object()
        notice = services.notice_acknowledge(actor=request.user, pk=contract.pk,
                                             **self._payload(NoticeAcknowledgeSerializer))  # fmt: skip
        return Response(NoticeSerializer(notice).data)

    @extend_schema(methods=["GET"], request=None, responses={200: AttachmentSerializer(many=True)})
    @extend_schema(methods=["POST"], request={"multipart/form-data": UploadSerializer},
                   responses={201: AttachmentSerializer(many=True)})  # fmt: skip
    @action(detail=True, methods=["get", "post"], parser_classes=[MultiPartParser, FormParser])
    def documents(self, request, pk=None):
        """The contract's documents (drafts, annexes, the signed copy); legal and the drafters attach them."""
        contract = self.get_object()
        if request.user.client_organisation_id:  # the contract's file is internal
            from rest_framework.exceptions import PermissionDenied

            raise PermissionDenied
        return attachments_response(request, contract, lambda **data: services.contract_attach(
            actor=request.user, pk=contract.pk, **data))  # fmt: skip

    def _internal(self, request, queryset, serializer_class):
        if request.user.client_organisation_id:
            from rest_framework.exceptions import PermissionDenied

            raise PermissionDenied
        return Response(serializer_class(queryset, many=True).data)

    @extend_schema(responses={200: VersionSerializer(many=True)})
    @action(detail=True, methods=["get"])
    def versions(self, request, pk=None):
        """The versions submitted for legal review (8.1.2)."""
        return self._internal(request, ContractVersion.objects.filter(contract=self.get_object()), VersionSerializer)

    @extend_schema(responses={200: LegalReviewSerializer(many=True)})
    @action(detail=True, methods=["get"])
    def reviews(self, request, pk=None):
        """The legal department's reviews (8.1.2)."""
        return self._internal(request, LegalReview.objects.filter(contract=self.get_object()), LegalReviewSerializer)


# -- clauses, obligations, evaluations -----------------------------------------------------------------------------
class ClauseSerializer(serializers.ModelSerializer):
    contract = ContractField()
    party = serializers.ChoiceField(choices=Party.choices)
    kind = serializers.ChoiceField(choices=ClauseKind.choices)

    class Meta:
        model = ContractClause
        fields = ["id", "contract", "position", "party", "kind", "text"]
        read_only_fields = ["position"]


class ClauseViewSet(ScopedViewSetMixin, mixins.DestroyModelMixin, *_READ_CREATE):
    """The clauses of rights and obligations (3.1.3); added and removed while the contract is a draft."""

    queryset = ContractClause.objects.all()
    serializer_class = ClauseSerializer
    filterset_fields = ["contract", "party", "kind"]
    http_method_names = ["get", "post", "delete", "head", "options"]

    def get_permissions(self):
        if self.action in ("create", "destroy"):
            return [ViewPermission()]  # the service checks contracts.change_contract and the draft state
        return super().get_permissions()

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.clause_add(actor=self.request.user, pk=data.pop("contract").pk, **data)

    def perform_destroy(self, instance):
        services.clause_remove(actor=self.request.user, pk=instance.contract_id, clause_pk=instance.pk)


class ObligationSerializer(ServiceModelSerializer):
    contract = ContractField()
    responsible = StaffField(required=False, allow_null=True)
    is_overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = Obligation
        fields = ["id", "contract", "party", "kind", "description", "amount", "due_on", "department", "responsible",
                  "status", "is_overdue", "done_on", "done_note", "created_at"]  # fmt: skip
        read_only_fields = ["status", "done_on", "done_note", "created_at"]


class FulfilSerializer(serializers.Serializer):
    done_on = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(max_length=4000)


class ObligationViewSet(ScopedViewSetMixin, *_READ_CREATE):
    """Obligations, milestones and payments of both parties (8.2.1–8.2.2). ``?overdue=true`` filters."""

    queryset = Obligation.objects.all()
    serializer_class = ObligationSerializer
    filterset_fields = ["contract", "party", "kind", "status", "responsible"]
    search_fields = ["description"]

    def get_queryset(self):
        qs = super().get_queryset()
        if self.request.query_params.get("overdue") in ("1", "true"):
            qs = qs.overdue()
        return qs

    def get_permissions(self):
        if self.action == "fulfil":
            return [ViewPermission()]
        return super().get_permissions()

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.obligation_add(actor=self.request.user, pk=data.pop("contract").pk, **data)

    @extend_schema(request=FulfilSerializer, responses={200: ObligationSerializer})
    @action(detail=True, methods=["post"])
    def fulfil(self, request, pk=None):
        obligation = self.get_object()
        payload = FulfilSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        obligation = services.obligation_fulfil(actor=request.user, pk=obligation.contract_id,
                                                obligation_pk=obligation.pk, **payload.validated_data)  # fmt: skip
        return Response(ObligationSerializer(obligation, context=self.get_serializer_context()).data)


class PerformanceEvaluationSerializer(serializers.ModelSerializer):
    contract = ContractField()

    class Meta:
        model = PerformanceEvaluation
        fields = ["id", "contract", "period_start", "period_end", "rating", "findings", "measures", "evaluated_by",
                  "evaluated_at"]  # fmt: skip
        read_only_fields = ["evaluated_by", "evaluated_at"]


class PerformanceEvaluationViewSet(ScopedViewSetMixin, *_READ_CREATE):
    """Periodic evaluations of contract performance (8.2.2)."""

    queryset = PerformanceEvaluation.objects.all()
    serializer_class = PerformanceEvaluationSerializer
    filterset_fields = ["contract", "rating"]

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.evaluation_record(actor=self.request.user, pk=data.pop("contract").pk, **data)


# -- signing authorisations ----------------------------------------------------------------------------------------
class AuthorisationSerializer(serializers.ModelSerializer):
    grantee = StaffField()
    contract_types = serializers.ListField(child=serializers.ChoiceField(choices=ContractType.choices),
                                           allow_empty=False)  # fmt: skip

    class Meta:
        model = Authorisation
        fields = ["id", "number", "grantee", "granted_by", "contract_types", "max_amount", "valid_from", "valid_until",
                  "scope_note", "revoked_on", "revoked_by", "revoke_reason", "created_at"]  # fmt: skip
        read_only_fields = ["granted_by", "revoked_on", "revoked_by", "revoke_reason", "created_at"]


class RevokeSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300)


class AuthorisationViewSet(ScopedViewSetMixin, *_READ_CREATE):
    """Signing authorisations granted by the legal representative (8.1.1)."""

    queryset = Authorisation.objects.all()
    serializer_class = AuthorisationSerializer
    select_related = ("grantee",)
    filterset_fields = ["grantee"]
    search_fields = ["number"]

    def get_permissions(self):
        if self.action == "revoke":
            return [ViewPermission()]
        return super().get_permissions()

    def perform_create(self, serializer):
        serializer.instance = services.authorisation_grant(actor=self.request.user, **serializer.validated_data)

    @extend_schema(request=RevokeSerializer, responses={200: AuthorisationSerializer})
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        authorisation = self.get_object()
        payload = RevokeSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        authorisation = services.authorisation_revoke(actor=request.user, pk=authorisation.pk,
                                                      **payload.validated_data)  # fmt: skip
        return Response(AuthorisationSerializer(authorisation).data)


# -- archive -------------------------------------------------------------------------------------------------------
class ArchiveRecordSerializer(serializers.ModelSerializer):
    contract = ContractField()
    custodian = StaffField()

    class Meta:
        model = ArchiveRecord
        fields = ["id", "contract", "archive_number", "location", "electronic_copy", "custodian", "archived_by",
                  "archived_at"]  # fmt: skip
        read_only_fields = ["electronic_copy", "archived_by", "archived_at"]


class ArchiveCreateSerializer(ArchiveRecordSerializer):
    upload = serializers.FileField(required=False, allow_null=True, write_only=True)

    class Meta(ArchiveRecordSerializer.Meta):
        fields = [*ArchiveRecordSerializer.Meta.fields, "upload"]


class AccessSerializer(serializers.ModelSerializer):
    class Meta:
        model = ArchiveAccess
        fields = ["id", "user", "kind", "note", "at"]


class ArchiveRecordViewSet(ScopedViewSetMixin, *_READ_CREATE):
    """Archived contracts (8.3.1). Reading a record is logged as an access; ``accesses`` lists the log."""

    queryset = ArchiveRecord.objects.all()
    serializer_class = ArchiveRecordSerializer
    select_related = ("contract",)
    filterset_fields = ["contract", "custodian"]
    search_fields = ["archive_number", "location"]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_serializer_class(self):
        return ArchiveCreateSerializer if self.action == "create" else ArchiveRecordSerializer

    def get_permissions(self):
        if self.action == "accesses":
            return [ViewPermission()]
        return super().get_permissions()

    def retrieve(self, request, *args, **kwargs):
        record = self.get_object()
        services.access_log(record=record, user=request.user, kind=AccessKind.VIEW, note="API")
        return Response(self.get_serializer(record).data)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        record = services.contract_archive(actor=request.user, pk=data.pop("contract").pk, **data)
        return Response(ArchiveRecordSerializer(record, context=self.get_serializer_context()).data, status=201)

    @extend_schema(responses={200: AccessSerializer(many=True)})
    @action(detail=True, methods=["get"])
    def accesses(self, request, pk=None):
        record = self.get_object()
        return Response(AccessSerializer(record.accesses.all()[:500], many=True).data)


class BorrowingSerializer(serializers.ModelSerializer):
    record = serializers.PrimaryKeyRelatedField(queryset=ArchiveRecord.objects.none())

    class Meta:
        model = Borrowing
        fields = ["id", "record", "borrower", "purpose", "due_back", "status", "requested_at", "decided_by",
                  "decided_at", "returned_at"]  # fmt: skip
        read_only_fields = ["borrower", "status", "requested_at", "decided_by", "decided_at", "returned_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["record"].queryset = ArchiveRecord.objects.visible_to(request.user)


class BorrowDecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=[("lend", "lend"), ("refuse", "refuse"), ("return", "return")])
    note = serializers.CharField(required=False, allow_blank=True, max_length=300)


class BorrowingViewSet(ScopedViewSetMixin, *_READ_CREATE):
    """Borrowing the original of an archived contract (8.3.1): request, then the custodian lends or refuses; return."""

    queryset = Borrowing.objects.all()
    serializer_class = BorrowingSerializer
    filterset_fields = ["record", "status", "borrower"]

    def get_permissions(self):
        if self.action == "decide":
            return [ViewPermission()]
        return super().get_permissions()

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.borrowing_request(actor=self.request.user, record_pk=data.pop("record").pk,
                                                         **data)  # fmt: skip

    @extend_schema(request=BorrowDecisionSerializer, responses={200: BorrowingSerializer})
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        borrowing = self.get_object()
        payload = BorrowDecisionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        decision = payload.validated_data["decision"]
        kwargs = {"actor": request.user, "record_pk": borrowing.record_id, "borrowing_pk": borrowing.pk,
                  "note": payload.validated_data.get("note", "")}  # fmt: skip
        if decision == "return":
            borrowing = services.borrowing_return(**kwargs)
        else:
            borrowing = services.borrowing_decide(lend=decision == "lend", **kwargs)
        return Response(BorrowingSerializer(borrowing, context=self.get_serializer_context()).data)
