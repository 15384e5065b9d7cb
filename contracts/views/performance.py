"""Performance tracking across contracts (8.2.2): every obligation, milestone and payment, overdue first."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.generic import ListView

from contracts.choices import ObligationStatus
from contracts.forms import ObligationFilterForm
from contracts.models import Obligation
from core.exports import ExportMixin


class ObligationListView(LoginRequiredMixin, PermissionRequiredMixin, ExportMixin, ListView):
    permission_required = "contracts.view_obligation"
    template_name = "contracts/obligation_list.html"
    context_object_name = "obligations"
    paginate_by = 50

    @cached_property
    def filter_form(self):
        query = self.request.GET.copy()
        query.pop("page", None)
        return ObligationFilterForm(query or None)

    def get_queryset(self):
        today = timezone.localdate()
        qs = (Obligation.objects.visible_to(self.request.user)
              .select_related("contract", "contract__client", "responsible", "department")
              .annotate(overdue_first=Case(When(status=ObligationStatus.OPEN, due_on__lt=today, then=Value(0)),
                                           When(status=ObligationStatus.OPEN, then=Value(1)), default=Value(2),
                                           output_field=IntegerField()))
              .order_by("overdue_first", "due_on", "id"))  # fmt: skip
        data = self.filter_form.cleaned_data if self.filter_form.is_valid() else {}
        if data.get("q"):
            qs = qs.filter(Q(description__icontains=data["q"]) | Q(contract__number__icontains=data["q"]))
        if data.get("status") == "overdue":
            qs = qs.overdue(today)
        elif data.get("status"):
            qs = qs.filter(status=data["status"])
        if data.get("party"):
            qs = qs.filter(party=data["party"])
        if data.get("mine"):
            qs = qs.filter(responsible=self.request.user)
        return qs

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        return {**super().get_context_data(**kwargs), "filter_form": self.filter_form, "today": timezone.localdate(),
                "querystring": query.urlencode()}  # fmt: skip
