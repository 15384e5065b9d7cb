"""Contract pages: the register, a contract's key terms, signing (3.1.3, 8.1.1)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView, ListView

from contracts import services
from contracts.forms import ContractFilterForm, ContractForm, SignForm
from contracts.models import Contract
from contracts.workflows import CONTRACT_WORKFLOW
from core.mixins import apply_validation_error, run_command
from core.models import Approval, Attachment
from core.views import object_audit_trail
from projects.models import Project


class ContractListView(LoginRequiredMixin, PermissionRequiredMixin, ListView):
    permission_required = "contracts.view_contract"
    template_name = "contracts/contract_list.html"
    paginate_by = 50
    context_object_name = "contracts"

    def get_queryset(self):
        qs = Contract.objects.visible_to(self.request.user).select_related("project", "client")
        self.filter_form = ContractFilterForm(self.request.GET or None)
        if self.filter_form.is_valid():
            data = self.filter_form.cleaned_data
            if data["q"]:
                qs = qs.filter(
                    Q(number__icontains=data["q"])
                    | Q(title__icontains=data["q"])
                    | Q(client__name__icontains=data["q"])
                    | Q(project__code__icontains=data["q"])
                )
            if data["status"]:
                qs = qs.filter(status=data["status"])
        return qs

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        return {**super().get_context_data(**kwargs), "filter_form": self.filter_form,
                "querystring": query.urlencode()}  # fmt: skip


class ContractDetailView(LoginRequiredMixin, PermissionRequiredMixin, DetailView):
    permission_required = "contracts.view_contract"
    template_name = "contracts/contract_detail.html"
    context_object_name = "contract"

    def get_queryset(self):
        return Contract.objects.visible_to(self.request.user).select_related("project", "client", "signed_by",
                                                                             "created_by")  # fmt: skip

    def get_context_data(self, **kwargs):
        contract, user = self.object, self.request.user
        return {
            **super().get_context_data(**kwargs),
            "options": CONTRACT_WORKFLOW.options(contract, user),
            "sign_form": SignForm(),
            "approvals": Approval.objects.for_object(contract).select_related("approver"),
            "attachments": Attachment.objects.for_object(contract).select_related("uploaded_by"),
            "audit_events": object_audit_trail(contract, user=user),
            "can_edit": contract.status == "draft" and user.has_perm("contracts.change_contract")
            and not user.client_organisation_id,
        }  # fmt: skip


class ContractCreateView(LoginRequiredMixin, PermissionRequiredMixin, FormView):
    """A draft service contract for a project (``?project=<id>``)."""

    permission_required = "contracts.add_contract"
    template_name = "contracts/contract_form.html"
    form_class = ContractForm

    @cached_property
    def project(self):
        pk = self.request.GET.get("project") or self.request.POST.get("project") or ""
        return get_object_or_404(Project.objects.visible_to(self.request.user), pk=pk if pk.isdigit() else 0)

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


class ContractUpdateView(LoginRequiredMixin, PermissionRequiredMixin, FormView):
    permission_required = "contracts.change_contract"
    template_name = "contracts/contract_form.html"
    form_class = ContractForm

    @cached_property
    def contract(self):
        return get_object_or_404(Contract.objects.visible_to(self.request.user), pk=self.kwargs["pk"])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.contract}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "contract": self.contract, "project": self.contract.project}

    def form_valid(self, form):
        data = {k: v for k, v in form.cleaned_data.items() if k != "number"}
        try:
            contract = services.contract_update(actor=self.request.user, pk=self.contract.pk, **data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Contract saved."))
        return redirect(contract)


class ContractSignView(LoginRequiredMixin, View):
    """POST only: sign for the organisation (8.1.1), through the contract workflow."""

    def post(self, request, pk):
        contract = get_object_or_404(Contract.objects.visible_to(request.user), pk=pk)
        form = SignForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Give the signing date and the client's signatory."))
            return redirect(contract)
        return run_command(
            request,
            lambda: services.contract_sign(actor=request.user, pk=contract.pk, **form.cleaned_data),
            success=_("Contract signed."),
            back=contract.get_absolute_url(),
        )
