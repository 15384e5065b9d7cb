"""Risk warning pages (7.3.2–7.3.3): the warnings raised by the indicators, open first, and the handling of one."""

from __future__ import annotations

from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import ListView, TemplateView

from core.mixins import InlinePostMixin
from core.views import object_audit_trail
from risk import services
from risk.choices import WarningStatus
from risk.models import IndicatorReading, RiskWarning


class HandleForm(forms.Form):
    analysis = forms.CharField(label=_("Analysis"), max_length=8000, widget=forms.Textarea(attrs={"rows": 3}))
    action_taken = forms.CharField(label=_("Action taken"), max_length=8000, widget=forms.Textarea(attrs={"rows": 3}))


class WarningListView(LoginRequiredMixin, PermissionRequiredMixin, ListView):
    permission_required = "risk.view_riskwarning"
    template_name = "risk/warning_list.html"
    context_object_name = "warnings"
    paginate_by = 50

    def get_queryset(self):
        qs = (RiskWarning.objects.visible_to(self.request.user).select_related("indicator", "project", "handled_by")
              .annotate(rank=Case(When(status=WarningStatus.OPEN, then=Value(0)),
                                  When(status=WarningStatus.HANDLED, then=Value(1)), default=Value(2),
                                  output_field=IntegerField())).order_by("rank", "-raised_at", "-id"))  # fmt: skip
        self.status = self.request.GET.get("status", "")
        if self.status in WarningStatus.values:
            qs = qs.filter(status=self.status)
        else:
            self.status = ""
        return qs

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "status": self.status, "statuses": WarningStatus.choices}


class _WarningMixin(LoginRequiredMixin, PermissionRequiredMixin):
    permission_required = "risk.view_riskwarning"

    @cached_property
    def warning(self) -> RiskWarning:
        qs = RiskWarning.objects.visible_to(self.request.user).select_related("indicator", "project", "handled_by")
        return get_object_or_404(qs, pk=self.kwargs["pk"])


class WarningDetailView(_WarningMixin, TemplateView):
    template_name = "risk/warning_detail.html"

    def get_context_data(self, **kwargs):
        warning, user = self.warning, self.request.user
        readings = IndicatorReading.objects.filter(indicator=warning.indicator, project=warning.project)[:30]
        return {**super().get_context_data(**kwargs), "warning": warning, "readings": readings,
                "handle_form": HandleForm() if warning.status == WarningStatus.OPEN
                and user.has_perm("risk.handle_riskwarning") else None,
                "audit_events": object_audit_trail(warning, user=user)}  # fmt: skip


class WarningHandleView(_WarningMixin, InlinePostMixin, View):
    permission_required = "risk.handle_riskwarning"
    form_class = HandleForm
    success = _("Handling recorded.")

    def back_url(self) -> str:
        return services.warning_url(self.warning)

    def call(self, data):
        return services.warning_handle(actor=self.request.user, pk=self.warning.pk, **data)
