"""Contract pages: the register (filters, CSV/XLSX export), a contract with its workflow, drafting and clauses,
versions, legal review, approvals, signing, amendments, termination and its notice (3.1.3, 8.1–8.2.3)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from contracts import services
from contracts.choices import ContractStatus, ObligationStatus
from contracts.forms import (
    AmendmentForm,
    ArchiveForm,
    ClauseForm,
    ContractFilterForm,
    ContractForm,
    DocumentsForm,
    EvaluationForm,
    FulfilForm,
    InvoiceForm,
    NoticeAcknowledgeForm,
    NoticeSendForm,
    ObligationForm,
    ReviewForm,
    SignForm,
    TerminateForm,
    TransitionForm,
)
from contracts.models import TERM_FIELDS, ArchiveRecord, Contract, ContractVersion, signing_authority
from contracts.workflows import CONTRACT_WORKFLOW
from core.exports import ExportMixin
from core.mixins import InlinePostMixin, apply_validation_error, run_command
from core.models import Approval, Attachment
from core.views import object_audit_trail
from core.workflow import cite
from projects.models import Project

S = ContractStatus
# Transitions with a form of their own on the page; the rest are decided in the generic decision form.
_OWN_FORMS = {S.SIGNED, S.TERMINATED}


def filtered_contracts(user, data: dict, today=None):
    """The register's rows for ``user`` and the cleaned filter ``data`` (the page and its export)."""
    today = today or timezone.localdate()
    qs = Contract.objects.visible_to(user).select_related("project", "client", "amends", "signed_by")
    if data.get("q"):
        q = data["q"]
        qs = qs.filter(Q(number__icontains=q) | Q(title__icontains=q) | Q(client__name__icontains=q)
                       | Q(project__code__icontains=q))  # fmt: skip
    if data.get("status"):
        qs = qs.filter(status=data["status"])
    if data.get("contract_type"):
        qs = qs.filter(contract_type=data["contract_type"])
    if data.get("client"):
        qs = qs.filter(client=data["client"])
    if data.get("amendments") == "no":
        qs = qs.filter(amends__isnull=True)
    elif data.get("amendments") == "yes":
        qs = qs.filter(amends__isnull=False)
    expiring = data.get("expiring")
    if expiring == "notice":
        qs = qs.filter(pk__in=[c.pk for c in Contract.objects.visible_to(user).in_notice_window(today)])
    elif expiring:
        qs = qs.expiring(today, int(expiring))
    return qs


def _export_columns():
    def money(value):
        return value if value is not None else ""

    return [
        (_("Number"), lambda c: c.number),
        (_("Title"), lambda c: c.title),
        (_("Type"), lambda c: c.get_contract_type_display()),
        (_("Amends"), lambda c: c.amends.number if c.amends_id else ""),
        (_("Client"), lambda c: c.client.name),
        (_("Project"), lambda c: c.project.code),
        (_("Status"), lambda c: c.get_status_display()),
        (_("Amount"), lambda c: money(c.amount)),
        (_("Currency"), lambda c: c.currency),
        (_("Service period from"), lambda c: c.service_start),
        (_("Service period to"), lambda c: c.service_end),
        (_("Notice period (days)"), lambda c: c.notice_days),
        (_("Signed on"), lambda c: c.signed_on),
        (_("Signed for us by"), lambda c: str(c.signed_by) if c.signed_by_id else ""),
        (_("Signed for the client by"), lambda c: c.client_signatory),
        (_("Terminated on"), lambda c: c.terminated_on),
    ]


class ContractListView(LoginRequiredMixin, PermissionRequiredMixin, ExportMixin, ListView):
    """The contract register: search, filters (status, type, client, expiry, amendments), CSV and XLSX export of
    exactly the rows the filters select within the user's scope."""

    permission_required = "contracts.view_contract"
    template_name = "contracts/contract_list.html"
    paginate_by = 50
    context_object_name = "contracts"

    export_name = gettext_lazy("Contract register")

    def export_columns(self):
        return _export_columns()

    @cached_property
    def filter_form(self):
        query = self.request.GET.copy()
        query.pop("format", None)
        query.pop("page", None)
        return ContractFilterForm(query or None, user=self.request.user)

    def get_queryset(self):
        data = self.filter_form.cleaned_data if self.filter_form.is_valid() else {}
        return filtered_contracts(self.request.user, data)

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        query.pop("format", None)
        return {**super().get_context_data(**kwargs), "filter_form": self.filter_form,
                "querystring": query.urlencode()}  # fmt: skip


class ContractScopedMixin(LoginRequiredMixin, PermissionRequiredMixin):
    """A page about one contract: permission first (403), then the contract within the user's scope (404)."""

    permission_required = "contracts.view_contract"

    @cached_property
    def contract(self) -> Contract:
        qs = Contract.objects.visible_to(self.request.user).select_related(
            "project", "client", "signed_by", "signed_under", "created_by", "amends", "signed_copy"
        )
        return get_object_or_404(qs, pk=self.kwargs["pk"])


class ContractDetailView(ContractScopedMixin, TemplateView):
    template_name = "contracts/contract_detail.html"

    def get_context_data(self, **kwargs):
        contract, user = self.contract, self.request.user
        internal = not user.client_organisation_id
        options = CONTRACT_WORKFLOW.options(contract, user) if internal else []
        by_target = {o["transition"].target: o for o in options}
        obligations = list(contract.obligations.select_related("responsible", "department"))
        today = timezone.localdate()
        ctx = {
            **super().get_context_data(**kwargs),
            "contract": contract,
            "internal": internal,
            "options": [o for o in options if o["transition"].target not in _OWN_FORMS
                        and o["transition"].source != S.LEGAL_REVIEW],
            "review_option": contract.status == S.LEGAL_REVIEW and user.has_perm("contracts.review_contract"),
            "sign_option": by_target.get(S.SIGNED),
            "terminate_option": by_target.get(S.TERMINATED),
            "clauses": list(contract.clauses.all()),
            "obligations": obligations,
            "overdue_count": sum(1 for o in obligations if o.status == ObligationStatus.OPEN and o.due_on < today),
            "today": today,
            "amendments": Contract.objects.visible_to(user).filter(amends=contract).order_by("created_at"),
            "notice": getattr(contract, "termination_notice", None) if contract.status == S.TERMINATED else None,
            "can_edit": contract.status == S.DRAFT and internal and user.has_perm("contracts.change_contract"),
            "can_amend": contract.status == S.SIGNED and not contract.amends_id and internal
            and user.has_perm("contracts.add_contract"),
            "can_track": internal and user.has_perm("contracts.add_obligation")
            and contract.status != S.TERMINATED,
            "can_fulfil": internal and user.has_perm("contracts.change_obligation"),
            "can_evaluate": internal and user.has_perm("contracts.add_performanceevaluation")
            and contract.status in (S.SIGNED, S.TERMINATED),
        }  # fmt: skip
        if internal:
            ctx.update(self._internal_context(contract, user))
        else:
            ctx["acknowledge_form"] = NoticeAcknowledgeForm(initial={"name": user.get_full_name()})
        return ctx

    def _internal_context(self, contract: Contract, user) -> dict:
        ctx = {
            "versions": list(contract.versions.select_related("created_by")),
            "reviews": list(contract.reviews.select_related("reviewer")),
            "approvals": Approval.objects.for_object(contract).select_related("approver"),
            "attachments": Attachment.objects.for_object(contract).select_related("uploaded_by"),
            "evaluations": list(contract.evaluations.select_related("evaluated_by")),
            "audit_events": object_audit_trail(contract, user=user),
            "clause_form": ClauseForm(),
            "documents_form": DocumentsForm()
            if contract.status in (S.DRAFT, S.SIGNED) and user.has_perm("contracts.change_contract")
            else None,
            "review_form": ReviewForm(),
            "sign_form": SignForm(initial={"signed_on": timezone.localdate()}),
            "terminate_form": TerminateForm(initial={"terminated_on": timezone.localdate()}),
            "obligation_form": ObligationForm(),
            "fulfil_form": FulfilForm(),
            "evaluation_form": EvaluationForm(),
            "notice_send_form": NoticeSendForm(initial={"sent_on": timezone.localdate()}),
            "acknowledge_form": NoticeAcknowledgeForm(),
            "executive_from": contract.needs_executive(),
        }
        if contract.status == S.APPROVED and user.has_perm("contracts.sign_contract"):
            authorisation, refusal = signing_authority(user, contract, timezone.localdate())
            ctx["my_authority"] = {"authorisation": authorisation, "refusal": refusal}
        if user.has_perm("finance.view_invoice"):
            from finance.models import Invoice

            invoices = list(Invoice.objects.visible_to(user).filter(contract=contract).select_related("created_by"))
            total = sum((i.amount for i in invoices), Decimal(0))
            ctx["invoices"] = invoices
            ctx["invoiced_total"] = total
            ctx["invoiced_percent"] = round(total * 100 / contract.amount, 1) if contract.amount else None
            ctx["invoice_form"] = InvoiceForm() if user.has_perm("finance.add_invoice") else None
        record = ArchiveRecord.objects.visible_to(user).filter(contract=contract).first()
        ctx["archive_record"] = record
        ctx["can_archive"] = (record is None and contract.status in (S.SIGNED, S.TERMINATED)
                              and user.has_perm("contracts.add_archiverecord"))  # fmt: skip
        return ctx


class ContractCreateView(LoginRequiredMixin, PermissionRequiredMixin, FormView):
    """A draft contract for a project (``?project=<id>``)."""

    permission_required = "contracts.add_contract"
    template_name = "contracts/contract_form.html"
    form_class = ContractForm

    @cached_property
    def project(self):
        pk = self.request.GET.get("project") or self.request.POST.get("project") or ""
        return get_object_or_404(
            Project.objects.visible_to(self.request.user), pk=pk if pk.isascii() and pk.isdigit() else 0
        )

    def get_initial(self):
        return {"title": _("Managed-operations service contract: %(project)s") % {"project": self.project.name},
                "service_start": self.project.service_start, "service_end": self.project.service_end}  # fmt: skip

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "project": self.project}

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        number = data.pop("number")
        try:
            contract = services.contract_create(actor=self.request.user, project_pk=self.project.pk, number=number,
                                                **data)  # fmt: skip
        except ValidationError as exc:
            apply_validation_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Contract %(number)s recorded as a draft.") % {"number": contract.number})
        return redirect(contract)


class _DraftOnlyMixin:
    """The terms change only while the contract is a draft: anything else goes back to the contract with the
    reason (8.1.3 under approval, 8.2.3 once signed)."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.user.has_perm(self.permission_required):
            contract = self.contract
            if contract.status != S.DRAFT:
                if contract.status in (S.SIGNED, S.TERMINATED):
                    message = cite("8.2.3", _("a signed contract changes only through an amendment."))
                else:
                    message = cite("8.1.3", _("the contract is under review or approval; it is sent back to draft "
                                              "before its terms change."))  # fmt: skip
                messages.error(request, message)
                return redirect(contract)
        return super().dispatch(request, *args, **kwargs)


class ContractUpdateView(ContractScopedMixin, _DraftOnlyMixin, FormView):
    permission_required = "contracts.change_contract"
    template_name = "contracts/contract_form.html"
    form_class = ContractForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.contract}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "contract": self.contract, "project": self.contract.project}

    def form_valid(self, form):
        data = {k: v for k, v in form.cleaned_data.items() if k in TERM_FIELDS}
        try:
            contract = services.contract_update(actor=self.request.user, pk=self.contract.pk, **data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Contract saved."))
        return redirect(contract)


class AmendmentCreateView(ContractScopedMixin, FormView):
    """Draft an amendment of a signed contract (8.2.3): the terms as they will read after the change."""

    permission_required = "contracts.add_contract"
    template_name = "contracts/contract_form.html"
    form_class = AmendmentForm

    def dispatch(self, request, *args, **kwargs):
        allowed = request.user.is_authenticated and request.user.has_perm(self.permission_required)
        if allowed and (self.contract.status != S.SIGNED or self.contract.amends_id):
            messages.error(request, cite("8.2.3", _("only a signed original contract in force is amended.")))
            return redirect(self.contract)
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        c = self.contract
        count = c.amendments.count() + 1
        return {**{f: getattr(c, f) for f in TERM_FIELDS}, "number": f"{c.number}-A{count}",
                "title": _("Amendment to %(number)s") % {"number": c.number}}  # fmt: skip

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "original": self.contract, "project": self.contract.project}

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        number = data.pop("number")
        try:
            amendment = services.amendment_create(actor=self.request.user, pk=self.contract.pk, number=number, **data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Amendment %(number)s drafted; it goes through legal review and approval "
                                         "like a contract (8.2.3).") % {"number": amendment.number})  # fmt: skip
        return redirect(amendment)


class VersionDetailView(ContractScopedMixin, TemplateView):
    """One submitted version and what changed since the one before (8.1.2)."""

    template_name = "contracts/version_detail.html"

    def get_context_data(self, **kwargs):
        if self.contract and self.request.user.client_organisation_id:  # the lookup first: 404 outside the scope
            raise PermissionDenied
        number = self.kwargs["number"]
        versions = ContractVersion.objects.filter(contract=self.contract, number__in=[number, number - 1])
        by_number = {v.number: v for v in versions.select_related("created_by")}
        version = by_number.get(self.kwargs["number"])
        if version is None:
            from django.http import Http404

            raise Http404(_("No such version."))
        previous = by_number.get(self.kwargs["number"] - 1)
        labels = {f: Contract._meta.get_field(f).verbose_name for f in TERM_FIELDS}
        rows = [{"field": f, "label": labels[f], "value": version.terms.get(f),
                 "previous": previous.terms.get(f) if previous else None,
                 "changed": previous is not None and previous.terms.get(f) != version.terms.get(f)}
                for f in TERM_FIELDS]  # fmt: skip
        return {**super().get_context_data(**kwargs), "contract": self.contract, "version": version,
                "previous": previous, "rows": rows,
                "clauses_changed": previous is not None and previous.clauses != version.clauses,
                "reviews": self.contract.reviews.filter(version=version.number).select_related("reviewer")}  # fmt: skip


class _ContractPostView(ContractScopedMixin, InlinePostMixin, View):
    """POST-only command on one contract from a form on its page."""

    anchor = ""

    def back_url(self) -> str:
        return f"{self.contract.get_absolute_url()}#{self.anchor}" if self.anchor else self.contract.get_absolute_url()


class ClauseAddView(_ContractPostView):
    permission_required = "contracts.change_contract"
    form_class = ClauseForm
    anchor = "clauses"
    success = gettext_lazy("Clause added.")

    def call(self, data):
        return services.clause_add(actor=self.request.user, pk=self.contract.pk, **data)


class DocumentsAddView(_ContractPostView):
    permission_required = "contracts.change_contract"
    form_class = DocumentsForm
    anchor = "documents"
    success = gettext_lazy("Documents attached.")

    def call(self, data):
        return services.contract_attach(actor=self.request.user, pk=self.contract.pk, **data)


class ClauseRemoveView(ContractScopedMixin, View):
    permission_required = "contracts.change_contract"

    def post(self, request, pk, clause_pk):
        back = f"{self.contract.get_absolute_url()}#clauses"
        return run_command(request, lambda: services.clause_remove(actor=request.user, pk=pk, clause_pk=clause_pk),
                           success=_("Clause removed."), back=back)  # fmt: skip


class TransitionView(_ContractPostView):
    """Submit for legal review, approve, or send back (8.1.2–8.1.3)."""

    form_class = TransitionForm
    success = gettext_lazy("Done.")

    def call(self, data):
        if data["target"] == S.LEGAL_REVIEW:
            return services.contract_submit(actor=self.request.user, pk=self.contract.pk, comment=data["comment"])
        if data["target"] in _OWN_FORMS:
            raise ValidationError(_("Use the form for this step."))
        return services.contract_decide(actor=self.request.user, pk=self.contract.pk, **data)


class ReviewView(_ContractPostView):
    permission_required = "contracts.review_contract"
    form_class = ReviewForm
    anchor = "reviews"
    success = gettext_lazy("Legal review recorded.")

    def call(self, data):
        passed = data.pop("outcome") == "passed"
        return services.contract_review(actor=self.request.user, pk=self.contract.pk, passed=passed, **data)


class SignView(_ContractPostView):
    form_class = SignForm
    success = gettext_lazy("Contract signed.")

    def call(self, data):
        return services.contract_sign(actor=self.request.user, pk=self.contract.pk, **data)


class TerminateView(_ContractPostView):
    form_class = TerminateForm
    anchor = "termination"
    success = gettext_lazy("Contract terminated; the notice to the client is generated, to be sent.")

    def call(self, data):
        return services.contract_terminate(actor=self.request.user, pk=self.contract.pk, **data)


class NoticeSendView(_ContractPostView):
    permission_required = "contracts.change_terminationnotice"
    form_class = NoticeSendForm
    anchor = "termination"
    success = gettext_lazy("Notice recorded as sent.")

    def call(self, data):
        return services.notice_send(actor=self.request.user, pk=self.contract.pk, **data)


class NoticeAcknowledgeView(_ContractPostView):
    permission_required = "contracts.acknowledge_terminationnotice"
    form_class = NoticeAcknowledgeForm
    anchor = "termination"
    success = gettext_lazy("Acknowledgement recorded.")

    def call(self, data):
        return services.notice_acknowledge(actor=self.request.user, pk=self.contract.pk, **data)


class ObligationAddView(_ContractPostView):
    permission_required = "contracts.add_obligation"
    form_class = ObligationForm
    anchor = "performance"
    success = gettext_lazy("Obligation added to the performance tracking.")

    def call(self, data):
        return services.obligation_add(actor=self.request.user, pk=self.contract.pk, **data)


class ObligationFulfilView(_ContractPostView):
    permission_required = "contracts.change_obligation"
    form_class = FulfilForm
    anchor = "performance"
    success = gettext_lazy("Obligation recorded as fulfilled.")

    def call(self, data):
        return services.obligation_fulfil(actor=self.request.user, pk=self.contract.pk,
                                          obligation_pk=self.kwargs["obligation_pk"], **data)  # fmt: skip


class EvaluationAddView(_ContractPostView):
    permission_required = "contracts.add_performanceevaluation"
    form_class = EvaluationForm
    anchor = "evaluations"
    success = gettext_lazy("Performance evaluation recorded.")

    def call(self, data):
        return services.evaluation_record(actor=self.request.user, pk=self.contract.pk, **data)


class InvoiceAddView(_ContractPostView):
    permission_required = "finance.add_invoice"
    form_class = InvoiceForm
    anchor = "invoices"
    success = gettext_lazy("Invoice recorded.")

    def call(self, data):
        from finance.services import invoice_record

        return invoice_record(actor=self.request.user, contract_pk=self.contract.pk, **data)


class ArchiveCreateView(ContractScopedMixin, FormView):
    """Archive a signed contract (8.3.1): archive number, location, electronic copy, custodian."""

    permission_required = "contracts.add_archiverecord"
    template_name = "contracts/archive_form.html"
    form_class = ArchiveForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.user.has_perm(self.permission_required):
            record = ArchiveRecord.objects.filter(contract=self.contract).first()
            if record is not None:
                messages.info(request, _("This contract is already archived as %(number)s.")
                              % {"number": record.archive_number})  # fmt: skip
                return redirect(record if ArchiveRecord.objects.visible_to(request.user).filter(pk=record.pk).exists()
                                else self.contract)  # fmt: skip
            if self.contract.status not in (S.SIGNED, S.TERMINATED):
                messages.error(request, cite("8.3.1", _("a contract is archived once it is signed.")))
                return redirect(self.contract)
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        year = (self.contract.signed_on or datetime.date.today()).year
        count = ArchiveRecord.objects.filter(archived_at__year=year).aggregate(n=Count("id"))["n"] + 1
        return {"archive_number": f"DA-{year}-{count:03d}", "custodian": self.request.user}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "contract": self.contract}

    def form_valid(self, form):
        try:
            record = services.contract_archive(actor=self.request.user, pk=self.contract.pk, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Contract archived as %(number)s.") % {"number": record.archive_number})
        return redirect(record)


__all__ = [
    "AmendmentCreateView",
    "ArchiveCreateView",
    "ClauseAddView",
    "ClauseRemoveView",
    "ContractCreateView",
    "ContractDetailView",
    "ContractListView",
    "ContractScopedMixin",
    "ContractUpdateView",
    "DocumentsAddView",
    "EvaluationAddView",
    "InvoiceAddView",
    "NoticeAcknowledgeView",
    "NoticeSendView",
    "ObligationAddView",
    "ObligationFulfilView",
    "ReviewView",
    "SignView",
    "TerminateView",
    "TransitionView",
    "VersionDetailView",
    "filtered_contracts",
]
