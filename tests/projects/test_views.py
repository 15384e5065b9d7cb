"""Project pages and API: create, edit, stage gates through the browser forms and the API."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation

from projects.models import Project
from tests.helpers import ready_for_planning


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.mark.django_db
def test_market_records_a_project_at_intake(client, users, client_org):
    client.force_login(users["market"])
    response = client.post(
        reverse("projects:create"),
        {"code": "NEW-7", "name": "Riverside", "client": client_org.pk, "client_needs": "Footfall."},
    )
    project = Project.objects.get(code="NEW-7")
    assert response.status_code == 302 and response["Location"] == project.get_absolute_url()
    assert project.stage == "intake" and project.market_owner == users["market"]
    assert project.members.filter(user=users["market"]).exists()


@pytest.mark.django_db
def test_invalid_form_shows_errors_and_keeps_input(client, users, client_org):
    client.force_login(users["market"])
    response = client.post(
        reverse("projects:create"),
        {
            "code": "",
            "name": "Keep me",
            "client": client_org.pk,
            "service_start": "2026-05-01",
            "service_end": "2026-01-01",
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "code" in form.errors
    assert 'value="Keep me"' in response.content.decode()
    response = client.post(
        reverse("projects:create"),
        {
            "code": "X-1",
            "name": "n",
            "client": client_org.pk,
            "service_start": "2026-05-01",
            "service_end": "2026-01-01",
        },
    )
    assert response.status_code == 200 and "service_end" in response.context["form"].errors
    assert not Project.objects.filter(code="X-1").exists()


@pytest.mark.django_db
def test_date_fields_render_iso_in_chinese(client, users, project):
    from projects.services import project_update

    project_update(actor=users["head"], pk=project.pk, service_start=datetime.date(2026, 1, 5))
    client.force_login(users["head"])
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    body = client.get(reverse("projects:update", args=[project.pk])).content.decode()
    assert 'value="2026-01-05"' in body


@pytest.mark.django_db
def test_gate_refusal_cites_the_clauses_on_the_page(client, users, project):
    client.force_login(users["head"])
    response = client.post(
        reverse("projects:transition", args=[project.pk]),
        {"target": "planning", "expected_source": "intake"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 302
    texts = _messages(response)
    assert any(t.startswith("3.1.3 ") for t in texts) and any(t.startswith("3.1.1 ") for t in texts)
    project.refresh_from_db()
    assert project.stage == "intake"
    page = client.get(project.get_absolute_url()).content.decode()
    assert "3.1.3" in page  # the disabled gate lists what is missing


@pytest.mark.django_db
def test_head_approves_a_gate_on_the_page(client, users, project):
    ready_for_planning(project, users)
    client.force_login(users["head"])
    response = client.post(
        reverse("projects:transition", args=[project.pk]),
        {"target": "planning", "expected_source": "intake", "comment": "Go."},
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.stage == "planning"
    detail = client.get(project.get_absolute_url())
    history_url = reverse("projects:history", args=[project.pk])
    assert history_url in detail.content.decode()  # the page loads its history after itself
    assert "approvals" not in detail.context and "audit_events" not in detail.context
    history = client.get(history_url, HTTP_HX_REQUEST="true")
    assert [a.opinion for a in history.context["approvals"]] == ["Go."]
    assert any(e.action == "transition" for e in history.context["audit_events"])
    assert "<html" not in history.content.decode()  # the fragment for htmx
    with translation.override("en"):
        fragment = client.get(history_url, HTTP_HX_REQUEST="true", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    # The approval and the audit trail name the stages (their labels, not the stored values).
    approvals = fragment[fragment.index('data-testid="approvals"') : fragment.index('data-testid="project-audit"')]
    assert "Intake" in approvals and "Planning" in approvals and "intake" not in approvals.replace('"intake', "")
    audit = fragment[fragment.index('data-testid="project-audit"') :]
    assert "Intake → Planning" in " ".join(audit.split())
    page = client.get(history_url)  # without JavaScript: a page of its own
    assert page.status_code == 200 and "<html" in page.content.decode() and "Go." in page.content.decode()


@pytest.mark.django_db
def test_project_history_is_for_staff_in_scope(client, users, project, other_project):
    url = reverse("projects:history", args=[project.pk])
    client.force_login(users["client"])
    assert client.get(url).status_code == 404  # the client's own project: history is internal
    client.force_login(users["planner"])
    assert client.get(url).status_code == 200
    assert client.get(reverse("projects:history", args=[other_project.pk])).status_code == 404


@pytest.mark.django_db
def test_client_sees_no_internal_fields(client, users, project):
    ready_for_planning(project, users)
    client.force_login(users["client"])
    body = client.get(project.get_absolute_url()).content.decode()
    assert "Good location." not in body and "Client wants a managed operator." not in body
    assert project.code in body


@pytest.mark.django_db
def test_list_search_filter_and_pagination(client, users, client_org):
    from tests.factories import ProjectFactory

    ProjectFactory.create_batch(55, client=client_org)
    ProjectFactory(code="ZZ-UNIQUE", name="Needle", client=client_org)
    client.force_login(users["head"])
    first = client.get(reverse("projects:list"))
    assert first.context["is_paginated"] and len(first.context["projects"]) == 50
    found = client.get(reverse("projects:list"), {"q": "needle"})
    assert [p.code for p in found.context["projects"]] == ["ZZ-UNIQUE"]
    staged = client.get(reverse("projects:list"), {"stage": "closed"})
    assert list(staged.context["projects"]) == []
    bad = client.get(reverse("projects:list"), {"stage": "nonsense", "client": "abc"})
    assert bad.status_code == 200


@pytest.mark.django_db
def test_list_queries_do_not_grow_with_rows(client, users, client_org, django_assert_max_num_queries):
    from tests.factories import ProjectFactory

    ProjectFactory.create_batch(40, client=client_org)
    client.force_login(users["head"])
    client.get(reverse("projects:list"))
    with django_assert_max_num_queries(12):
        client.get(reverse("projects:list"))


@pytest.mark.django_db
def test_api_create_update_and_transition(api_client, users, client_org):
    api_client.force_authenticate(users["market"])
    created = api_client.post(
        "/api/projects/", {"code": "API-1", "name": "Via API", "client": client_org.pk}, format="json"
    )
    assert created.status_code == 201 and created.data["stage"] == "intake"
    pk = created.data["id"]
    bad = api_client.patch(f"/api/projects/{pk}/", {"stage": "closed", "service_start": "not-a-date"}, format="json")
    assert bad.status_code == 400 and "service_start" in bad.data
    api_client.patch(f"/api/projects/{pk}/", {"stage": "closed"}, format="json")
    assert Project.objects.get(pk=pk).stage == "intake"  # read-only: only the workflow moves it
    api_client.force_authenticate(users["head"])
    refused = api_client.post(f"/api/projects/{pk}/transition/", {"target": "planning"}, format="json")
    assert refused.status_code == 409 and refused.data["code"] == "condition_failed"
    assert {f.split(" ")[0] for f in refused.data["failures"]} == {"3.1.1", "3.1.2", "3.1.3"}
    # the whole intake through the API: tests/projects/test_api_intake_planning.py


@pytest.mark.django_db
@pytest.mark.parametrize(
    "payload",
    [
        {"code": "A\x00B", "name": "nul", "client": 1},
        {"code": "C-1", "name": "x", "client": 99999999999999999999},
        {"code": "C-2", "name": "x", "client": "abc"},
        {"code": "C-3", "name": ["list"], "client": 1},
        {"code": "C-4", "name": "x" * 500, "client": 1},
    ],
)
def test_api_bad_input_is_a_400_not_a_500(api_client, users, client_org, payload):
    api_client.force_authenticate(users["market"])
    response = api_client.post("/api/projects/", payload, format="json")
    assert response.status_code == 400, response.content
