"""The reports page (issue 9): every report the user may export, in zh-hans or en, rendered by a worker with a
progress bar; the user's exports with their SHA-256 digests and downloads; the verification of an uploaded PDF."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from core.audit import AuditAction, audit_record
from core.mixins import form_errors_as_messages, run_command
from core.widgets import DateInput
from reports import services
from reports.models import ExportStatus, ReportExport
from reports.registry import available


class ExportForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    project = forms.ModelChoiceField(label=_("Project"), queryset=None, required=False)
    cycle = forms.ModelChoiceField(label=_("Appraisal cycle"), queryset=None, required=False)
    budget = forms.ModelChoiceField(label=_("Budget"), queryset=None, required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput())

    def __init__(self, *args, user, report, **kwargs):
        from finance.models import Budget
        from projects.models import Project
        from staff.models import AppraisalCycle

        super().__init__(*args, **kwargs)
        self.report = report
        self.fields["project"].queryset = Project.objects.visible_to(user).order_by("code")
        self.fields["cycle"].queryset = AppraisalCycle.objects.visible_to(user)
        self.fields["budget"].queryset = Budget.objects.visible_to(user).select_related("project")
        wanted = {"language", *report.filters}
        if "dates" in report.filters:
            wanted |= {"date_from", "date_to"}
        for name in list(self.fields):
            if name not in wanted:
                del self.fields[name]
        for name in ("project", "cycle", "budget"):
            if name in self.fields:
                self.fields[name].required = True

    def filters(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("language", None)
        return {k: getattr(v, "pk", v) for k, v in data.items() if v not in (None, "")}


class ReportsView(LoginRequiredMixin, TemplateView):
    template_name = "reports/index.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        language = "zh-hans" if (get_language() or "").startswith("zh") else "en"
        reports = [{"report": r, "form": ExportForm(user=user, report=r, initial={"language": language},
                                                    auto_id=f"{r.key}-%s")} for r in available(user)]  # fmt: skip
        exports = ReportExport.objects.visible_to(user)[:20]
        return {**super().get_context_data(**kwargs), "reports": reports, "exports": exports}


class ExportRequestView(LoginRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request, key):
        from reports.registry import REPORTS

        report = REPORTS.get(key)
        if report is None or not report.allowed(request.user):
            raise Http404(_("No such report."))
        form = ExportForm(request.POST, user=request.user, report=report)
        back = reverse("reports:index")
        if not form.is_valid():
            form_errors_as_messages(request, form)
            return redirect(back)
        success = _("The report is being rendered; you will be notified when it is ready.")
        return run_command(request, lambda: services.export_request(
            actor=request.user, report_key=key, language=form.cleaned_data["language"], filters=form.filters()),
            success=str(success), back=back)  # fmt: skip


class ExportStatusView(LoginRequiredMixin, View):
    def get(self, request, pk):
        export = get_object_or_404(ReportExport.objects.visible_to(request.user), pk=pk)
        return JsonResponse({"status": export.status, "label": str(export.get_status_display()),
                             "progress": export.progress, "pages": export.pages, "error": export.error,
                             "download": reverse("reports:download", args=[export.pk])
                             if export.status == ExportStatus.DONE else ""})  # fmt: skip


class ExportDownloadView(LoginRequiredMixin, View):
    def get(self, request, pk):
        export = get_object_or_404(ReportExport.objects.visible_to(request.user), pk=pk, status=ExportStatus.DONE)
        audit_record(action=AuditAction.EXPORT, obj=export, actor=request.user,
                     changes={"report": [None, export.report], "sha256": [None, export.sha256]},
                     comment=f"{export.report}: PDF downloaded")  # fmt: skip
        name = f"{export.report}-{export.requested_at:%Y%m%d-%H%M}-{export.language}.pdf"
        return FileResponse(export.file.open("rb"), as_attachment=True, filename=name,
                            content_type="application/pdf")  # fmt: skip


class VerifyForm(forms.Form):
    file = forms.FileField(label=_("PDF to verify"))


class VerifyView(LoginRequiredMixin, View):
    """Whether an uploaded PDF is an unaltered export: its SHA-256 digest matches one the app stored."""

    template_name = "reports/verify.html"

    def get(self, request):
        from django.shortcuts import render

        return render(request, self.template_name, {"form": VerifyForm(), "checked": False})

    def post(self, request):
        from django.core.exceptions import ValidationError
        from django.shortcuts import render

        form = VerifyForm(request.POST, request.FILES)
        match, checked = None, False
        if form.is_valid():
            try:
                match, checked = services.verify(form.cleaned_data["file"]), True
            except ValidationError as exc:
                form.add_error("file", exc.messages)
        return render(request, self.template_name, {"form": form, "checked": checked, "match": match})
