"""Bench-only pages for bench/scale_pages.py (issue 10), served under /bench/ only when ``settings.BENCH_URLS``.

- ``ok``: a bare Django view returning "ok" — the cost of the stack (middleware, session, user) with no page;
- ``TableView``: a bare Django 50-row table page — a plain ``ListView`` of the projects, ordered like the app's
  project list, in a minimal template with Django's standard pagination links: the floor a list page is held to;
- ``bench_admin``: a second admin site with plain ``ModelAdmin`` changelists of the models the app's admin does not
  register (inspections, rectification notices, client requests), the admin baseline of their list pages.
"""

from __future__ import annotations

from functools import cache

from django.contrib import admin
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponse
from django.template import engines
from django.template.response import TemplateResponse
from django.views.generic import ListView

from projects.models import Inspection, Project, RectificationNotice, ServiceRequest

TABLE_TEMPLATE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Projects</title></head>
<body>
<h1>Projects</h1>
<table>
<thead><tr><th>Code</th><th>Name</th><th>Client</th><th>Stage</th><th>In stage since</th><th>Service end</th>
</tr></thead>
<tbody>
{% for project in object_list %}<tr>
<td><a href="{{ project.get_absolute_url }}">{{ project.code }}</a></td><td>{{ project.name }}</td>
<td>{{ project.client.name }}</td><td>{{ project.get_stage_display }}</td>
<td>{{ project.stage_entered_at|date:"Y-m-d H:i" }}</td><td>{{ project.service_end|default:"-" }}</td>
</tr>{% endfor %}
</tbody>
</table>
<div class="pagination">
{% if page_obj.has_previous %}<a href="?page=1">&laquo; first</a>
<a href="?page={{ page_obj.previous_page_number }}">previous</a>{% endif %}
<span>Page {{ page_obj.number }} of {{ page_obj.paginator.num_pages }}.</span>
{% if page_obj.has_next %}<a href="?page={{ page_obj.next_page_number }}">next</a>
<a href="?page={{ page_obj.paginator.num_pages }}">last &raquo;</a>{% endif %}
</div>
</body></html>
"""


@cache
def table_template():
    return engines["django"].from_string(TABLE_TEMPLATE)


def ok(request):
    return HttpResponse("ok", content_type="text/plain")


class TableView(LoginRequiredMixin, ListView):
    paginate_by = 50

    def get_queryset(self):
        return Project.objects.visible_to(self.request.user).select_related("client").order_by("-created_at", "-id")

    def render_to_response(self, context, **response_kwargs):
        return TemplateResponse(self.request, table_template(), context, **response_kwargs)


class BenchAdminSite(admin.AdminSite):
    site_header = site_title = "Bench admin"


class _ChangelistAdmin(admin.ModelAdmin):
    """A plain changelist; any field lookup in the query string is allowed (``?project=<id>``)."""

    def lookup_allowed(self, lookup, value, request=None):
        return True


class InspectionAdmin(_ChangelistAdmin):
    list_display = ["planned_on", "project", "kind", "checklist", "inspector", "status", "score", "result"]
    list_select_related = ["project", "checklist", "inspector"]


class RectificationNoticeAdmin(_ChangelistAdmin):
    list_display = ["deadline", "project", "finding", "responsible", "status", "issued_at"]
    list_select_related = ["project", "responsible"]


class ServiceRequestAdmin(_ChangelistAdmin):
    list_display = ["raised_at", "project", "kind", "title", "status", "assignee"]
    list_select_related = ["project", "assignee"]


bench_admin = BenchAdminSite(name="bench_admin")
bench_admin.register(Inspection, InspectionAdmin)
bench_admin.register(RectificationNotice, RectificationNoticeAdmin)
bench_admin.register(ServiceRequest, ServiceRequestAdmin)
