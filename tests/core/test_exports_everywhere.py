"""CSV and XLSX on every list page (issue 9): each list view of the application downloads its rows as shown — the
same filters, the user's scope — and each download is an audit event; every API list does too (``?format=``)."""

import csv
import io

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from core.exports import ExportMixin
from core.models import AuditEvent


def _list_urls():
    """Every URL served by a list view with the export mixin (a project's lists with ``{pk}``)."""
    found = []

    def walk(patterns, prefix):
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                view = getattr(p.callback, "view_class", None)
                if view and issubclass(view, ExportMixin):
                    found.append("/" + (prefix + str(p.pattern)).replace("<int:pk>", "{pk}"))

    walk(get_resolver().url_patterns, "")
    return sorted(set(found))


LIST_URLS = _list_urls()


def test_every_list_page_offers_the_export():
    assert len(LIST_URLS) >= 30, LIST_URLS


@pytest.mark.django_db
@pytest.mark.parametrize("url", LIST_URLS)
def test_every_list_page_exports_csv_and_xlsx(client, users, project, url):
    url = url.format(pk=project.pk)
    client.force_login(users["admin"])
    before = AuditEvent.objects.filter(action="export").count()
    response = client.get(url + "?format=csv")
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("text/csv")
    header = next(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert header and all(header), header
    xlsx = client.get(url + "?format=xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert AuditEvent.objects.filter(action="export").count() == before + 2


@pytest.mark.django_db
def test_a_list_export_keeps_the_users_scope(client, users, project, other_project):
    client.force_login(users["planner"])  # on `project` only
    body = client.get("/projects/?format=csv").content.decode("utf-8-sig")
    assert project.code in body and other_project.code not in body


def _api_lists():
    from config.api_router import router

    return sorted(f"/api/{prefix}/" for prefix, viewset, _basename in router.registry if hasattr(viewset, "list"))


@pytest.mark.django_db
@pytest.mark.parametrize("url", _api_lists())
def test_every_api_list_exports_csv_and_xlsx(api_client, users, project, url):
    api_client.force_authenticate(users["admin"])
    before = AuditEvent.objects.filter(action="export").count()
    response = api_client.get(url, {"format": "csv"})
    assert response.status_code == 200, (url, response.content[:200])
    assert response["Content-Type"].startswith("text/csv")
    xlsx = api_client.get(url, {"format": "xlsx"})
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert AuditEvent.objects.filter(action="export").count() == before + 2


@pytest.mark.django_db
def test_an_api_export_keeps_the_filters_and_the_scope(api_client, users, project, other_project):
    api_client.force_authenticate(users["planner"])
    body = api_client.get("/api/projects/", {"format": "csv"}).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert "code" in rows[0] and [r[rows[0].index("code")] for r in rows[1:]] == [project.code]
    api_client.force_authenticate(users["admin"])
    body = api_client.get("/api/projects/", {"format": "csv", "client": other_project.client_id}).content.decode(
        "utf-8-sig")  # fmt: skip
    assert other_project.code in body and project.code not in body
    assert api_client.get("/api/projects/", {"format": "csv", "page": "99"}).status_code == 404
