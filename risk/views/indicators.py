"""Risk warning pages (7.3.2–7.3.3): the warnings raised by the indicators, open first, and the handling of one."""

from __future__ import annotations

from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.db.models import Case, IntegerField, OuterRef, Subquery, Value, When
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import ListView, TemplateView

from core.exports import ExportMixin
from core.mixins import InlinePostMixin
from core.views import object_audit_trail
from core.widgets import DateInput
from risk import services
from risk.choices import WarningStatus
from risk.models import Indicator, IndicatorReading, RiskWarning


class HandleForm(forms.Form):
    analysis = forms.CharField(label=_("Analysis"), max_length=8000, widget=forms.Textarea(attrs={"rows": 3}))
    action_taken = forms.CharField(label=_("Action taken"), max_length=8000, widget=forms.Textarea(attrs={"rows": 3}))


class WarningListView(LoginRequiredMixin, PermissionRequiredMixin, ExportMixin, ListView):
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


class ReadingForm(forms.Form):
    indicator = forms.ModelChoiceField(label=_("Indicator"), queryset=Indicator.objects.none())
    project = forms.ModelChoiceField(label=_("Project"), required=False, queryset=None,
                                     empty_label=_("The organisation"))  # fmt: skip
    value = forms.DecimalField(label=_("Value"), max_digits=16, decimal_places=2)
    day = forms.DateField(label=_("Day"), required=False, widget=DateInput(), help_text=_("Empty: today."))

    def __init__(self, *args, user, **kwargs):
        from projects.models import Project

        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = Indicator.objects.visible_to(user).filter(active=True, metric="")
        self.fields["project"].queryset = Project.objects.visible_to(user).order_by("code")


class IndicatorListView(LoginRequiredMixin, PermissionRequiredMixin, ExportMixin, ListView):
    """The key risk indicators (7.3.1): source, direction, thresholds, the latest reading; manual ones are read
    here."""

    permission_required = "risk.view_indicator"
    template_name = "risk/indicator_list.html"
    context_object_name = "indicators"

    def get_queryset(self):
        latest = IndicatorReading.objects.filter(indicator=OuterRef("pk")).order_by("-day", "-recorded_at")
        return (Indicator.objects.visible_to(self.request.user).select_related("owner")
                .annotate(latest_value=Subquery(latest.values("value")[:1]),
                          latest_day=Subquery(latest.values("day")[:1])).order_by("code"))  # fmt: skip

    def get_context_data(self, **kwargs):
        user = self.request.user
        form = ReadingForm(user=user) if user.has_perm("risk.add_indicatorreading") else None
        return {**super().get_context_data(**kwargs), "reading_form": form,
                "has_manual": form is not None and form.fields["indicator"].queryset.exists()}  # fmt: skip


class ReadingRecordView(LoginRequiredMixin, PermissionRequiredMixin, InlinePostMixin, View):
    permission_required = "risk.add_indicatorreading"
    success = _("Reading recorded.")

    def get_form(self):
        return ReadingForm(self.request.POST, user=self.request.user)

    def back_url(self) -> str:
        from django.urls import reverse

        return reverse("risk:indicators")

    def call(self, data):
        return services.reading_record(actor=self.request.user, indicator_pk=data["indicator"].pk, value=data["value"],
                                       day=data["day"], project=data["project"])  # fmt: skip
