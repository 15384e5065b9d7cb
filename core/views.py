"""Core pages: the dashboard, notifications, the audit trail, the policy page, error pages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, ListView, TemplateView

from core.dashboard import PANELS, dashboard_title, panels_of
from core.exports import ExportMixin
from core.filters import AuditEventFilter
from core.mixins import HtmxPartMixin
from core.models import Attachment, AuditEvent, Notification
from core.notifications import notification_mark_read
from core.paginator import CappedPaginator
from core.policy import registry


class HomeView(LoginRequiredMixin, TemplateView):
    """The dashboard: the cards of the user's panels, laid out from their declarations (no query per panel); each
    card is filled by ``DashboardPanelView`` right after the page (htmx), or opened as a page without JavaScript."""

    template_name = "core/home.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        ctx["panels"] = [{"key": p.key, "title": p.title_for(user), "wide": p.wide} for p in panels_of(user)]
        ctx["dashboard_title"] = dashboard_title(user)
        return ctx


class DashboardPanelView(LoginRequiredMixin, HtmxPartMixin, TemplateView):
    """One dashboard card filled in: the card itself for htmx (nothing when the panel has nothing to show), else a
    page with the card. A panel that is not the user's is a 404, like an unknown one."""

    partial_template = "core/panels/_card.html"
    template_name = "core/dashboard_panel.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        found = PANELS.get(self.kwargs["key"])
        if found is None or not found.requires(self.request.user):
            raise Http404
        ctx["panel"] = found.data(self.request.user)
        return ctx


class NotificationListView(LoginRequiredMixin, ExportMixin, ListView):
    template_name = "core/notification_list.html"
    paginate_by = 25
    context_object_name = "notifications"

    def get_queryset(self):
        qs = Notification.objects.visible_to(self.request.user)
        if self.request.GET.get("unread") == "1":
            qs = qs.unread()
        return qs


class NotificationMarkReadView(LoginRequiredMixin, View):
    """POST: mark one notification (``pk``) or all as read, then go back (or to its link)."""

    def post(self, request, pk=None):
        if pk is not None:
            note = get_object_or_404(Notification.objects.visible_to(request.user), pk=pk)
            notification_mark_read(user=request.user, pks=[note.pk])
            default = note.url or reverse("notifications")
        else:
            count = notification_mark_read(user=request.user)
            messages.success(request, _("%(count)s notifications marked as read.") % {"count": count})
            default = reverse("notifications")
        target = request.POST.get("next") or default
        if not url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            target = reverse("notifications")
        return redirect(target)


class NotificationBellView(LoginRequiredMixin, View):
    """The bell's unread badge, refreshed by htmx."""

    def get(self, request):
        count = Notification.objects.visible_to(request.user).unread().count()
        return render(request, "core/partials/bell.html", {"unread_count": count})


class AuditEventListView(LoginRequiredMixin, PermissionRequiredMixin, ExportMixin, ListView):
    """The audit trail, filterable by record, actor, action and date (auditors, head, executive)."""

    permission_required = "core.view_auditevent"
    template_name = "core/audit_list.html"
    paginate_by = 50
    paginator_class = CappedPaginator
    context_object_name = "events"

    def get_queryset(self):
        base = AuditEvent.objects.visible_to(self.request.user).select_related("content_type")
        self.filterset = AuditEventFilter(self.request.GET or None, queryset=base, request=self.request)
        return self.filterset.qs if self.filterset.is_bound else base

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["filter"] = self.filterset
        query = self.request.GET.copy()
        query.pop("page", None)
        ctx["querystring"] = query.urlencode()
        return ctx


class AuditEventDetailView(LoginRequiredMixin, PermissionRequiredMixin, DetailView):
    permission_required = "core.view_auditevent"
    template_name = "core/audit_detail.html"
    context_object_name = "event"

    def get_queryset(self):
        return AuditEvent.objects.visible_to(self.request.user).select_related("content_type", "actor")


class PolicyView(LoginRequiredMixin, TemplateView):
    """Every clause of the policy and where the application enforces or records it (staff only)."""

    template_name = "core/policy.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.user.client_organisation_id:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        rows = []
        for c in registry.all():
            rows.append({"clause": c, "enforcements": registry.enforcements_of(c.id)})
        ctx["rows"] = rows
        ctx["enforced_count"] = sum(1 for r in rows if r["enforcements"])
        return ctx


class JobListView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """The scheduled jobs (declared in settings, timing editable in the admin), their last runs, and "run now"."""

    permission_required = "core.view_jobrun"
    template_name = "core/jobs.html"

    def get_context_data(self, **kwargs):
        from core.jobs import scheduled_jobs
        from core.models import JobRun

        runs = list(JobRun.objects.visible_to(self.request.user).select_related("requested_by")[:50])
        jobs = scheduled_jobs()
        for job in jobs:
            job["last"] = next((r for r in runs if r.job == job["task"]), None)
        return {
            **super().get_context_data(**kwargs),
            "jobs": jobs,
            "runs": runs,
            "can_run": self.request.user.has_perm("core.run_job"),
        }


class JobRunNowView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """POST only: enqueue a scheduled job now (after the transaction commits), recorded as asked by the user."""

    permission_required = "core.run_job"

    def post(self, request):
        from core.jobs import enqueue_now

        job = enqueue_now(request.POST.get("task", ""), request.user)
        if job is None:
            messages.error(request, _("No such scheduled job."))
        else:
            messages.success(request, _("“%(job)s” is queued; its run appears below when the worker is done.")
                             % {"job": job["title"]})  # fmt: skip
        return redirect("jobs")


def object_audit_trail(obj, *, user, limit: int = 50):
    """The audit events of one record, for its detail page (empty for users without the audit permission)."""
    if not user.has_perm("core.view_auditevent"):
        return AuditEvent.objects.none()
    ct = ContentType.objects.get_for_model(obj)
    return AuditEvent.objects.visible_to(user).filter(content_type=ct, object_id=str(obj.pk))[:limit]


class AttachmentDownloadView(LoginRequiredMixin, View):
    """Serve an attachment to those who may see the record it belongs to (never a public media URL)."""

    def get(self, request, pk):
        from django.http import FileResponse

        attachment = get_object_or_404(Attachment.objects.visible_to(request.user), pk=pk)
        if not attachment.file.storage.exists(attachment.file.name):
            raise Http404(_("The file of this attachment is missing from storage."))
        from core.models.attachments import attachment_served

        attachment_served.send(sender=Attachment, attachment=attachment, user=request.user)
        return FileResponse(attachment.file.open("rb"), as_attachment=request.GET.get("download") == "1",
                            filename=attachment.name)  # fmt: skip


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


def error_403(request, exception=None):
    message = str(exception) if exception and str(exception) else ""
    return render(request, "403.html", {"message": message}, status=403)


def error_404(request, exception=None):
    return render(request, "404.html", status=404)


def error_500(request):
    return render(request, "500.html", status=500)
