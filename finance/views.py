"""Finance pages (ch. 6): the budgets of a year with the department roll-up, a budget with its grid, workflow,
versions and adjustments, budget-vs-actual, costs, expense claims."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, Sum
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from core.exports import FORMATS, ExportMixin, export_response
from core.mixins import InlinePostMixin, apply_validation_error, run_command
from core.models import Approval, Attachment
from core.views import object_audit_trail
from finance import services
from finance.choices import BudgetStatus, ClaimStatus, FinanceKind
from finance.forms import (
    AdjustmentForm,
    AssumptionsForm,
    BudgetForm,
    ClaimFilterForm,
    ClaimForm,
    CostFilterForm,
    CostForm,
    EngagementForm,
    FindingForm,
    ItemForm,
    ReceiptsForm,
    ResponseForm,
    TransitionForm,
    parse_grid,
)
from finance.models import (
    AuditEngagement,
    AuditFinding,
    Budget,
    BudgetAdjustment,
    CostEntry,
    ExpenseClaim,
    FinanceCategory,
    Invoice,
)
from finance.selectors import MONTHS, budget_vs_actual
from finance.workflows import ADJUSTMENT_WORKFLOW, BUDGET_WORKFLOW, CLAIM_WORKFLOW

ZERO = Decimal("0.00")


def _year(request) -> int:
    raw = request.GET.get("year", "")
    return int(raw) if raw.isascii() and raw.isdigit() and 2000 <= int(raw) <= 2100 else timezone.localdate().year


class BudgetListView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """The budgets of a fiscal year, each with its revenue, cost and expense totals, rolled up to the department
    (6.1.1)."""

    permission_required = "finance.view_budget"
    template_name = "finance/budget_list.html"

    def get_context_data(self, **kwargs):
        year = _year(self.request)
        budgets = list(Budget.objects.visible_to(self.request.user).filter(year=year)
                       .select_related("project", "department"))  # fmt: skip
        totals = (Budget.objects.filter(pk__in=[b.pk for b in budgets])
                  .values("pk", "lines__category__kind").annotate(total=Sum("lines__amount")))  # fmt: skip
        by_budget: dict = {}
        for row in totals:
            if row["lines__category__kind"]:
                by_budget.setdefault(row["pk"], {})[row["lines__category__kind"]] = row["total"]
        rollup = dict.fromkeys(FinanceKind.values, ZERO)
        for b in budgets:
            b.kind_totals = {kind: by_budget.get(b.pk, {}).get(kind) or ZERO for kind in FinanceKind.values}
            for kind, total in b.kind_totals.items():
                rollup[kind] += total
        return {**super().get_context_data(**kwargs), "year": year, "budgets": budgets, "rollup": rollup,
                "years": range(year - 2, year + 3),
                "can_create": self.request.user.has_perm("finance.add_budget")}  # fmt: skip


class BudgetCreateView(LoginRequiredMixin, PermissionRequiredMixin, FormView):
    permission_required = "finance.add_budget"
    template_name = "finance/budget_form.html"
    form_class = BudgetForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self):
        return {"year": _year(self.request), "project": self.request.GET.get("project")}

    def form_valid(self, form):
        try:
            budget = services.budget_create(actor=self.request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Budget opened: enter its lines by category and month."))
        return redirect(budget)


class _BudgetMixin(LoginRequiredMixin, PermissionRequiredMixin):
    permission_required = "finance.view_budget"

    @cached_property
    def budget(self) -> Budget:
        qs = Budget.objects.visible_to(self.request.user).select_related("project", "department", "prepared_by")
        return get_object_or_404(qs, pk=self.kwargs["pk"])


def _grid(categories, amounts) -> list[dict]:
    """Rows of a budget grid: per category, its twelve months and total (``amounts``: (category id, month) →
    amount)."""
    rows = []
    for category in categories:
        cells = [{"month": m, "amount": amounts.get((category.pk, m))} for m in MONTHS]
        rows.append({"category": category, "cells": cells,
                     "total": sum((c["amount"] or ZERO for c in cells), ZERO)})  # fmt: skip
    return rows


def _section(kind: str, label, rows: list) -> dict:
    mine = [r for r in rows if r["category"].kind == kind]
    return {"kind": kind, "label": label, "rows": mine, "total": sum((r["total"] for r in mine), ZERO)}


class BudgetDetailView(_BudgetMixin, TemplateView):
    template_name = "finance/budget_detail.html"

    def get_context_data(self, **kwargs):
        budget, user = self.budget, self.request.user
        categories = list(FinanceCategory.objects.filter(active=True))
        amounts = {(line.category_id, line.month): line.amount for line in budget.lines.all()}
        rows = _grid(categories, amounts)
        editable = budget.status == BudgetStatus.DRAFT and user.has_perm("finance.change_budget")
        return {
            **super().get_context_data(**kwargs),
            "budget": budget,
            "months": MONTHS,
            "sections": [_section(kind, label, rows) for kind, label in FinanceKind.choices],
            "editable": editable,
            "assumptions_form": AssumptionsForm(initial={"assumptions": budget.assumptions}) if editable else None,
            "options": BUDGET_WORKFLOW.options(budget, user),
            "versions": list(budget.versions.select_related("approved_by", "adjustment")),
            "adjustments": list(budget.adjustments.select_related("requested_by")),
            "can_adjust": budget.status == BudgetStatus.APPROVED and user.has_perm("finance.add_budgetadjustment"),
            "approvals": Approval.objects.for_object(budget).select_related("approver"),
            "audit_events": object_audit_trail(budget, user=user),
        }


class _BudgetPostView(_BudgetMixin, InlinePostMixin, View):
    anchor = ""

    def back_url(self) -> str:
        return self.budget.get_absolute_url() + (f"#{self.anchor}" if self.anchor else "")


class BudgetLinesView(_BudgetMixin, View):
    """POST the grid of a draft budget (``line-<category>-<month>``)."""

    permission_required = "finance.change_budget"

    def post(self, request, pk):
        grid = parse_grid(request.POST, FinanceCategory.objects.filter(active=True))
        back = self.budget.get_absolute_url() + "#lines"
        return run_command(request, lambda: services.budget_lines_set(actor=request.user, pk=pk, lines=grid),
                           success=_("Budget lines saved."), back=back)  # fmt: skip


class BudgetAssumptionsView(_BudgetPostView):
    permission_required = "finance.change_budget"
    form_class = AssumptionsForm
    success = gettext_lazy("Assumptions saved.")

    def call(self, data):
        return services.budget_update(actor=self.request.user, pk=self.budget.pk, **data)


class BudgetTransitionView(_BudgetPostView):
    form_class = TransitionForm
    success = gettext_lazy("Done.")

    def call(self, data):
        return services.budget_transition(actor=self.request.user, pk=self.budget.pk, **data)


class BudgetVsActualView(_BudgetMixin, TemplateView):
    """Budget against actual, month by month, against the version in force in each month (6.1.3, 6.2.3, 6.3.2)."""

    template_name = "finance/budget_actual.html"

    def get_context_data(self, **kwargs):
        report = budget_vs_actual(self.budget)
        chart = {
            "labels": [str(m) for m in MONTHS],
            "revenue_budget": [str(v) for v in report["revenue"]["budget"]],
            "revenue_actual": [str(v) for v in report["revenue"]["actual"]],
            "spend_budget": [str(sum((r["budget"][m - 1] for r in report["rows"]), ZERO)) for m in MONTHS],
            "spend_actual": [str(sum((r["actual"][m - 1] for r in report["rows"]), ZERO)) for m in MONTHS],
        }
        from risk.models import RiskWarning

        warnings = (RiskWarning.objects.visible_to(self.request.user).exclude(status="closed")
                    .filter(project=self.budget.project, indicator__clause="6.4.2").select_related("indicator")
                    if self.budget.project_id else RiskWarning.objects.none())  # fmt: skip
        return {**super().get_context_data(**kwargs), "budget": self.budget, "report": report, "chart": chart,
                "months": MONTHS, "warnings": warnings}  # fmt: skip


class AdjustmentCreateView(_BudgetMixin, FormView):
    """Request a change to an approved budget (6.1.3): the new amounts of the lines to change, the reason, from
    when."""

    permission_required = "finance.add_budgetadjustment"
    template_name = "finance/adjustment_form.html"
    form_class = AdjustmentForm

    def get_context_data(self, **kwargs):
        version = self.budget.versions.filter(number=self.budget.version).first()
        categories = list(FinanceCategory.objects.filter(active=True))
        amounts = {}
        if version:
            for key, value in version.lines.items():
                category_id, month = (int(x) for x in key.split(":"))
                amounts[(category_id, month)] = Decimal(value)
        if self.request.method == "POST":  # an invalid request keeps what the user typed
            amounts.update(parse_grid(self.request.POST, categories))
        return {**super().get_context_data(**kwargs), "budget": self.budget, "months": MONTHS,
                "rows": _grid(categories, amounts), "version": version}  # fmt: skip

    def form_valid(self, form):
        grid = parse_grid(self.request.POST, FinanceCategory.objects.filter(active=True))
        try:
            adjustment = services.adjustment_request(actor=self.request.user, budget_pk=self.budget.pk,
                                                     changes=grid, **form.cleaned_data)  # fmt: skip
        except ValidationError as exc:
            apply_validation_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Adjustment requested; finance reviews it, then the executive."))
        return redirect(adjustment)


class _AdjustmentMixin(_BudgetMixin):
    @cached_property
    def adjustment(self) -> BudgetAdjustment:
        qs = BudgetAdjustment.objects.visible_to(self.request.user).filter(budget=self.budget)
        return get_object_or_404(qs.select_related("requested_by"), pk=self.kwargs["adjustment_pk"])


class AdjustmentDetailView(_AdjustmentMixin, TemplateView):
    template_name = "finance/adjustment_detail.html"

    def get_context_data(self, **kwargs):
        adjustment, user = self.adjustment, self.request.user
        base = self.budget.versions.filter(number=adjustment.based_on).first()
        categories = {c.pk: c for c in FinanceCategory.objects.all()}
        changes = []
        for key, value in sorted(adjustment.changes.items(), key=lambda kv: [int(x) for x in kv[0].split(":")]):
            category_id, month = (int(x) for x in key.split(":"))
            before = base.amount(category_id, month) if base else ZERO
            changes.append({"category": categories.get(category_id), "month": month, "before": before,
                            "after": Decimal(value), "effect": Decimal(value) - before})  # fmt: skip
        return {**super().get_context_data(**kwargs), "budget": self.budget, "adjustment": adjustment,
                "changes": changes, "effect": sum((c["effect"] for c in changes), ZERO),
                "options": ADJUSTMENT_WORKFLOW.options(adjustment, user),
                "approvals": Approval.objects.for_object(adjustment).select_related("approver")}  # fmt: skip


class AdjustmentTransitionView(_AdjustmentMixin, InlinePostMixin, View):
    form_class = TransitionForm
    success = gettext_lazy("Done.")

    def back_url(self) -> str:
        return self.adjustment.get_absolute_url()

    def call(self, data):
        return services.adjustment_transition(actor=self.request.user, pk=self.adjustment.pk, **data)


class RevenueView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """Revenue analysis (6.2): each project's fee standard and payment terms from its contract, the revenue
    recognised against the budget to date, receipts, receivables overdue, and the monthly trend with a chart."""

    permission_required = "finance.view_invoice"
    template_name = "finance/revenue.html"

    def get_context_data(self, **kwargs):
        from finance.selectors import revenue_analysis

        year = _year(self.request)
        report = revenue_analysis(self.request.user, year)
        chart = {"labels": [str(m) for m in MONTHS], "revenue_budget": [str(v) for v in report["budget_trend"]],
                 "revenue_actual": [str(v) for v in report["trend"]]}  # fmt: skip
        return {**super().get_context_data(**kwargs), "year": year, "years": range(year - 2, year + 3),
                "report": report, "chart": chart}  # fmt: skip


class InvoiceReceiveView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """POST: record that an invoice was paid (6.2.2), from the contract page."""

    permission_required = "finance.change_invoice"

    def post(self, request, pk):
        from django.utils.dateparse import parse_date

        invoice = get_object_or_404(Invoice.objects.visible_to(request.user).select_related("contract"), pk=pk)
        raw = request.POST.get("received_on", "")
        try:
            day = parse_date(raw) if raw else timezone.localdate()
        except ValueError:
            day = None
        back = (invoice.contract.get_absolute_url() + "#invoices") if invoice.contract_id else "/finance/revenue/"

        def receive():
            return services.invoice_receive(actor=request.user, pk=invoice.pk, received_on=day)

        return run_command(request, receive, success=_("Payment recorded."), back=back)


# -- costs ---------------------------------------------------------------------------------------------------------
def cost_columns():
    """The columns of an export of cost entries (the costs page, an auditor's records)."""
    return [(_("Incurred on"), lambda e: e.incurred_on),
            (_("Project"), lambda e: e.project.code if e.project_id else ""),
            (_("Category"), lambda e: str(e.category)), (_("Amount"), lambda e: e.amount),
            (_("Currency"), lambda e: e.currency), (_("Description"), lambda e: e.description)]  # fmt: skip


class CostListView(LoginRequiredMixin, PermissionRequiredMixin, ExportMixin, ListView):
    """Cost entries classified by project and category (6.3.2), filterable and exportable; finance records new
    ones here."""

    permission_required = "finance.view_costentry"
    template_name = "finance/cost_list.html"
    context_object_name = "entries"
    paginate_by = 50

    @cached_property
    def filter_form(self):
        query = self.request.GET.copy()
        for key in ("page", "format"):
            query.pop(key, None)
        return CostFilterForm(query or None, user=self.request.user)

    def get_queryset(self):
        qs = CostEntry.objects.visible_to(self.request.user).select_related("project", "category", "recorded_by")
        data = self.filter_form.cleaned_data if self.filter_form.is_valid() else {}
        if data.get("q"):
            qs = qs.filter(Q(description__icontains=data["q"]) | Q(project__code__icontains=data["q"]))
        if data.get("category"):
            qs = qs.filter(category=data["category"])
        if data.get("project"):
            qs = qs.filter(project=data["project"])
        if data.get("year"):
            qs = qs.filter(incurred_on__year=data["year"])
        return qs

    export_name = gettext_lazy("Cost entries")

    def export_columns(self):
        return cost_columns()

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        for key in ("page", "format"):
            query.pop(key, None)
        user = self.request.user
        return {**super().get_context_data(**kwargs), "filter_form": self.filter_form,
                "querystring": query.urlencode(), "total": self.get_queryset().aggregate(t=Sum("amount"))["t"],
                "cost_form": CostForm(user=user) if user.has_perm("finance.add_costentry") else None}  # fmt: skip


class CostRecordView(LoginRequiredMixin, PermissionRequiredMixin, InlinePostMixin, View):
    permission_required = "finance.add_costentry"
    success = gettext_lazy("Cost recorded.")

    def get_form(self):
        return CostForm(self.request.POST, user=self.request.user)

    def back_url(self) -> str:
        from django.urls import reverse

        return reverse("finance:costs")

    def call(self, data):
        return services.cost_record(actor=self.request.user, **data)


# -- expense claims ------------------------------------------------------------------------------------------------
class ClaimListView(LoginRequiredMixin, PermissionRequiredMixin, ExportMixin, ListView):
    """Expense claims: an employee's own; every claim for its reviewers (6.3.3)."""

    permission_required = "finance.view_expenseclaim"
    template_name = "finance/claim_list.html"
    context_object_name = "claims"
    paginate_by = 50

    @cached_property
    def filter_form(self):
        query = self.request.GET.copy()
        query.pop("page", None)
        return ClaimFilterForm(query or None)

    def get_queryset(self):
        qs = (ExpenseClaim.objects.visible_to(self.request.user).select_related("claimant", "project")
              .annotate(amount=Sum("items__amount")).order_by("-created_at", "-id"))  # fmt: skip
        data = self.filter_form.cleaned_data if self.filter_form.is_valid() else {}
        if data.get("status"):
            qs = qs.filter(status=data["status"])
        if data.get("mine"):
            qs = qs.filter(claimant=self.request.user)
        return qs

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        return {**super().get_context_data(**kwargs), "filter_form": self.filter_form,
                "querystring": query.urlencode(),
                "can_claim": self.request.user.has_perm("finance.add_expenseclaim")}  # fmt: skip


class ClaimCreateView(LoginRequiredMixin, PermissionRequiredMixin, FormView):
    permission_required = "finance.add_expenseclaim"
    template_name = "finance/claim_form.html"
    form_class = ClaimForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        try:
            claim = services.claim_create(actor=self.request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Claim started: add its items and attach the receipts, then submit it."))
        return redirect(claim)


class _ClaimMixin(LoginRequiredMixin, PermissionRequiredMixin):
    permission_required = "finance.view_expenseclaim"

    @cached_property
    def claim(self) -> ExpenseClaim:
        qs = ExpenseClaim.objects.visible_to(self.request.user).select_related("claimant", "project")
        return get_object_or_404(qs, pk=self.kwargs["pk"])


class ClaimDetailView(_ClaimMixin, TemplateView):
    template_name = "finance/claim_detail.html"

    def get_context_data(self, **kwargs):
        claim, user = self.claim, self.request.user
        items = list(claim.items.select_related("category"))
        own_draft = claim.status == ClaimStatus.DRAFT and claim.claimant_id == user.pk
        return {
            **super().get_context_data(**kwargs),
            "claim": claim,
            "items": items,
            "total": sum((i.amount for i in items), ZERO),
            "over_standard": [i for i in items if i.over_standard],
            "own_draft": own_draft,
            "item_form": ItemForm() if own_draft else None,
            "receipts_form": ReceiptsForm() if own_draft else None,
            "attachments": Attachment.objects.for_object(claim).select_related("uploaded_by"),
            "options": CLAIM_WORKFLOW.options(claim, user),
            "approvals": Approval.objects.for_object(claim).select_related("approver"),
            "audit_events": object_audit_trail(claim, user=user),
        }


class _ClaimPostView(_ClaimMixin, InlinePostMixin, View):
    def back_url(self) -> str:
        return self.claim.get_absolute_url()


class ClaimItemAddView(_ClaimPostView):
    form_class = ItemForm
    success = gettext_lazy("Item added.")

    def call(self, data):
        return services.claim_item_add(actor=self.request.user, pk=self.claim.pk, **data)


class ClaimItemRemoveView(_ClaimMixin, View):
    def post(self, request, pk, item_pk):
        return run_command(request, lambda: services.claim_item_remove(actor=request.user, pk=pk, item_pk=item_pk),
                           success=_("Item removed."), back=self.claim.get_absolute_url())  # fmt: skip


class ClaimReceiptsView(_ClaimPostView):
    form_class = ReceiptsForm
    success = gettext_lazy("Receipts attached.")

    def call(self, data):
        return services.claim_attach(actor=self.request.user, pk=self.claim.pk, **data)


class ClaimTransitionView(_ClaimPostView):
    form_class = TransitionForm
    success = gettext_lazy("Done.")

    def call(self, data):
        return services.claim_transition(actor=self.request.user, pk=self.claim.pk, **data)


# -- audits --------------------------------------------------------------------------------------------------------
class AuditListView(LoginRequiredMixin, PermissionRequiredMixin, ExportMixin, ListView):
    """Audit engagements (6.4.1, 6.4.3): their period, scope, auditors and findings."""

    permission_required = "finance.view_auditengagement"
    template_name = "finance/audit_list.html"
    context_object_name = "engagements"
    paginate_by = 50

    def get_queryset(self):
        return (AuditEngagement.objects.visible_to(self.request.user).prefetch_related("auditors", "projects")
                .annotate(open_findings=Count("findings", filter=Q(findings__status="open")))
                .order_by("-period_end", "-id"))  # fmt: skip

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "today": timezone.localdate(),
                "can_create": self.request.user.has_perm("finance.add_auditengagement")}  # fmt: skip


class AuditCreateView(LoginRequiredMixin, PermissionRequiredMixin, FormView):
    permission_required = "finance.add_auditengagement"
    template_name = "finance/audit_form.html"
    form_class = EngagementForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        try:
            engagement = services.engagement_create(actor=self.request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Audit engagement opened; its auditors read what it covers."))
        return redirect(engagement)


class _EngagementMixin(LoginRequiredMixin, PermissionRequiredMixin):
    permission_required = "finance.view_auditengagement"

    @cached_property
    def engagement(self) -> AuditEngagement:
        qs = AuditEngagement.objects.visible_to(self.request.user).prefetch_related("auditors", "projects")
        return get_object_or_404(qs, pk=self.kwargs["pk"])

    def records(self, what: str):
        """The financial records the engagement covers, within the user's scope (6.4.3)."""
        e = self.engagement
        model, day = {"costs": (CostEntry, "incurred_on"), "invoices": (Invoice, "issued_on"),
                      "claims": (ExpenseClaim, "created_at__date")}[what]  # fmt: skip
        qs = model.objects.visible_to(self.request.user).filter(**{f"{day}__gte": e.period_start,
                                                                   f"{day}__lte": e.period_end})  # fmt: skip
        if not e.all_projects:
            qs = qs.filter(project__in=e.projects.all())
        return qs.select_related("project")


class AuditDetailView(_EngagementMixin, TemplateView):
    template_name = "finance/audit_detail.html"

    def get_context_data(self, **kwargs):
        user, e = self.request.user, self.engagement
        findings = AuditFinding.objects.visible_to(user).filter(engagement=e)
        findings = list(findings.select_related("raised_by", "responded_by"))
        return {**super().get_context_data(**kwargs), "engagement": e, "findings": findings,
                "counts": {what: self.records(what).count() for what in ("costs", "invoices", "claims")},
                "finding_form": FindingForm() if user.has_perm("finance.add_auditfinding") else None,
                "response_form": ResponseForm() if user.has_perm("finance.respond_auditfinding") else None,
                "can_close": user.has_perm("finance.change_auditfinding")}  # fmt: skip


class AuditExportView(_EngagementMixin, View):
    """The financial records an auditor needs (6.4.3), as CSV or XLSX: costs, invoices or claims of the period."""

    def get(self, request, pk, what):
        from django.http import Http404

        if what not in ("costs", "invoices", "claims"):
            raise Http404
        fmt = request.GET.get("format", "xlsx")
        if fmt not in FORMATS:
            fmt = "xlsx"
        project = lambda r: r.project.code if r.project_id else ""  # noqa: E731
        columns = {
            "costs": [(_("Incurred on"), lambda r: r.incurred_on), (_("Project"), project),
                      (_("Category"), lambda r: str(r.category)), (_("Amount"), lambda r: r.amount),
                      (_("Description"), lambda r: r.description)],
            "invoices": [(_("Invoice number"), lambda r: r.number), (_("Project"), project),
                         (_("Amount"), lambda r: r.amount), (_("Issued on"), lambda r: r.issued_on),
                         (_("Payment due on"), lambda r: r.due_on), (_("Received on"), lambda r: r.received_on)],
            "claims": [(_("Claim"), lambda r: r.pk), (_("Claimant"), lambda r: str(r.claimant)),
                       (_("Project"), project),
                       (_("Purpose of the claim"), lambda r: r.purpose),
                       (_("Status"), lambda r: r.get_status_display()),
                       (_("Paid on"), lambda r: r.paid_on)],
        }[what]  # fmt: skip
        records = self.records(what)
        if what == "costs":
            records = records.select_related("category")
        elif what == "claims":
            records = records.select_related("claimant")
        return export_response(user=request.user, queryset=records, columns=columns,
                               name=f"{self.engagement.title} {what}", fmt=fmt,
                               filters={"engagement": str(self.engagement.pk), "records": what})  # fmt: skip


class _FindingPostView(_EngagementMixin, InlinePostMixin, View):
    def back_url(self) -> str:
        return self.engagement.get_absolute_url() + "#findings"


class FindingAddView(_FindingPostView):
    permission_required = "finance.add_auditfinding"
    form_class = FindingForm
    success = gettext_lazy("Finding recorded.")

    def call(self, data):
        return services.finding_add(actor=self.request.user, engagement_pk=self.engagement.pk, **data)


class FindingRespondView(_FindingPostView):
    permission_required = "finance.respond_auditfinding"
    form_class = ResponseForm
    success = gettext_lazy("Response recorded.")

    def call(self, data):
        return services.finding_respond(actor=self.request.user, pk=self._finding_pk(), **data)

    def _finding_pk(self):
        return get_object_or_404(AuditFinding.objects.visible_to(self.request.user), engagement=self.engagement,
                                 pk=self.kwargs["finding_pk"]).pk  # fmt: skip


class FindingCloseView(_EngagementMixin, View):
    permission_required = "finance.change_auditfinding"

    def post(self, request, pk, finding_pk):
        get_object_or_404(AuditFinding.objects.visible_to(request.user), engagement=self.engagement, pk=finding_pk)
        back = self.engagement.get_absolute_url() + "#findings"
        return run_command(request, lambda: services.finding_close(actor=request.user, pk=finding_pk),
                           success=_("Finding closed."), back=back)  # fmt: skip
