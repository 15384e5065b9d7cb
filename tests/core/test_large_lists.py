"""What keeps pages fast over large tables (docs/BENCHMARKS.md, "Scale"): no scope subquery for users who see every
project, cursor pagination of the endless API lists, a capped count on the audit page, lookups instead of selects of
every row, and the dashboard's request panel read as two ordered scans."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEvent
from core.paginator import CappedPaginator
from projects.models import Project, ServiceRequest
from projects.models.project import sees_every_project
from tests.factories import ClientOrganisationFactory, ProjectFactory


def _requests(project, raised_by, count, **fields):
    """``count`` client requests, raised an hour apart (newest first) and due an hour apart (soonest first)."""
    now = timezone.now()
    made = []
    for i in range(count):
        made.append(
            ServiceRequest.objects.create(
                project=project,
                channel="phone",
                category="facilities",
                title=f"Request {i}",
                description="…",
                raised_by=raised_by,
                raised_at=now - datetime.timedelta(hours=i),
                respond_by=now + datetime.timedelta(hours=i),
                **fields,
            )
        )
    return made


# ------------------------------------------------------------------------------------------------------------------
# Scope
# ------------------------------------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_project_records_of_department_wide_users_need_no_scope_subquery(users, project, other_project):
    _requests(project, users["service"], 2)
    _requests(other_project, users["service"], 3)
    for name in ("admin", "head", "auditor", "inspector"):
        assert sees_every_project(users[name])
        qs = ServiceRequest.objects.visible_to(users[name])
        assert "projects_project" not in str(qs.query)
        assert qs.count() == 5
    # Scoped staff keep the subquery and see their projects' records only; a client none of the internal ones.
    for name in ("planner", "service", "market"):
        assert not sees_every_project(users[name])
        assert set(ServiceRequest.objects.visible_to(users[name]).values_list("project_id", flat=True)) == {project.pk}
    assert not sees_every_project(users["client"])
    assert not sees_every_project(users["hr"])  # no project at all: not department-wide
    assert not ServiceRequest.objects.visible_to(users["hr"]).exists()
    assert Project.objects.visible_to(users["head"]).count() == Project.objects.count()


# ------------------------------------------------------------------------------------------------------------------
# Cursor pagination of the API's endless lists
# ------------------------------------------------------------------------------------------------------------------
def _walk(api_client, url, **params):
    pages, response = [], api_client.get(url, {"page_size": 2, **params})
    while True:
        assert response.status_code == 200, response.content
        assert "count" not in response.data
        pages.append(response.data["results"])
        if not response.data["next"]:
            return pages
        response = api_client.get(response.data["next"])


@pytest.mark.django_db
def test_client_requests_api_pages_by_cursor_newest_first(api_client, users, project):
    made = _requests(project, users["service"], 5)
    api_client.force_authenticate(users["head"])
    pages = _walk(api_client, "/api/service-requests/")
    assert [len(p) for p in pages] == [2, 2, 1]
    assert [row["id"] for page in pages for row in page] == [r.pk for r in made]  # raised newest first, none twice
    # A request raised while paging does not shift the pages already read.
    first = api_client.get("/api/service-requests/", {"page_size": 2})
    _requests(project, users["service"], 1)
    second = api_client.get(first.data["next"])
    assert [row["id"] for row in second.data["results"]] == [made[2].pk, made[3].pk]


@pytest.mark.django_db
def test_audit_events_api_pages_by_cursor_and_filters(api_client, users, project, other_project):
    api_client.force_authenticate(users["auditor"])
    expected = list(AuditEvent.objects.filter(object_id=str(project.pk)).values_list("pk", flat=True))
    assert len(expected) >= 1
    pages = _walk(api_client, "/api/audit-events/", object_id=project.pk)
    assert [row["id"] for page in pages for row in page] == expected
    everything = _walk(api_client, "/api/audit-events/")
    assert sum(len(p) for p in everything) == AuditEvent.objects.count()


@pytest.mark.django_db
def test_inspections_api_pages_by_cursor(api_client, users):
    response = api_client.get("/api/inspections/")
    assert response.status_code in (401, 403)
    api_client.force_authenticate(users["inspector"])
    response = api_client.get("/api/inspections/")
    assert response.status_code == 200 and set(response.data) == {"next", "previous", "results"}


# ------------------------------------------------------------------------------------------------------------------
# The audit page's capped count
# ------------------------------------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_capped_paginator_counts_at_most_the_cap(users, monkeypatch):
    monkeypatch.setattr(CappedPaginator, "cap", 3)
    ProjectFactory.create_batch(5)
    qs = AuditEvent.objects.order_by("-id")
    total = qs.count()
    assert total >= 5
    with CaptureQueriesContext(connection) as captured:
        paginator = CappedPaginator(qs, 2)
        assert paginator.count == 3 and paginator.capped and paginator.count_label == "3+"
        assert paginator.num_pages == 2
    assert "LIMIT 4" in captured.captured_queries[0]["sql"]
    small = CappedPaginator(qs[:2], 2)
    assert small.count == 2 and not small.capped and small.count_label == "2"


@pytest.mark.django_db
def test_audit_page_says_more_than_the_cap(client, users, monkeypatch):
    ProjectFactory.create_batch(4)
    client.force_login(users["auditor"])
    monkeypatch.setattr(CappedPaginator, "cap", 3)
    capped = client.get(reverse("audit-list"), HTTP_ACCEPT_LANGUAGE="en")
    assert capped.status_code == 200
    assert "3+ events (filter to narrow them down)" in capped.content.decode()
    monkeypatch.setattr(CappedPaginator, "cap", 10_000)
    exact = client.get(reverse("audit-list"), HTTP_ACCEPT_LANGUAGE="en")
    assert f"{AuditEvent.objects.count()} events" in exact.content.decode()


# ------------------------------------------------------------------------------------------------------------------
# Lookups instead of selects of every row
# ------------------------------------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_project_list_filters_by_typed_client_name_or_id(client, users, project, other_project, client_org):
    ClientOrganisationFactory.create_batch(30)
    client.force_login(users["head"])
    page = client.get(reverse("projects:list"))
    html = page.content.decode()
    assert "<option" not in html.split('data-field="client"')[1].split("</div>")[0]  # no select of every client
    for value in (client_org.name, client_org.name.upper(), client_org.code, str(client_org.pk)):
        response = client.get(reverse("projects:list"), {"client": value})
        assert [p.code for p in response.context["projects"]] == [project.code], value
    by_id = client.get(reverse("projects:list"), {"client": client_org.pk}).content.decode()
    assert f'value="{client_org.name}"' in by_id  # the box shows the name, also when the link passed an id
    missing = client.get(reverse("projects:list"), {"client": "No such client"}, HTTP_ACCEPT_LANGUAGE="en")
    assert missing.status_code == 200
    assert "Nothing matches “No such client”" in missing.content.decode()


@pytest.mark.django_db
def test_lookup_suggests_only_what_the_user_may_choose(client, users, client_org, other_client_org):
    url = reverse("lookup", args=["clients"])
    assert client.get(url, {"q": "o"}).status_code == 404  # anonymous
    client.force_login(users["head"])
    both = client.get(url, {"field": "client", "client": "o"}).content.decode()
    assert f'<option value="{client_org.name}">' in both and f'<option value="{other_client_org.name}">' in both
    assert client.get(url, {"q": ""}).content == b""
    assert client.get(reverse("lookup", args=["nothing"]), {"q": "a"}).status_code == 404
    client.force_login(users["client"])
    own = client.get(url, {"q": "o"}).content.decode()
    assert client_org.name in own and other_client_org.name not in own
    client.force_login(users["head"])
    staff = client.get(reverse("lookup", args=["staff"]), {"q": "client"}).content.decode()
    assert "client" not in staff  # the client's users are not staff to put on a team
    people = client.get(reverse("lookup", args=["people"]), {"q": "plan"}).content.decode()
    assert '<option value="planner">' in people


@pytest.mark.django_db
def test_team_member_chosen_by_user_name(client, users, other_project):
    client.force_login(users["head"])
    url = reverse("projects:member-add", args=[other_project.pk])
    response = client.post(url, {"user": "planner", "role": "planner"})
    assert response.status_code == 302
    assert other_project.members.filter(user=users["planner"], role="planner").exists()
    refused = client.post(url, {"user": "client", "role": "service"}, HTTP_ACCEPT_LANGUAGE="en")
    assert not other_project.members.filter(user=users["client"]).exists()
    assert refused.status_code in (200, 302)


@pytest.mark.django_db
def test_audit_filter_actor_by_user_name_or_id(client, users, client_org):
    from core.audit import acting_as
    from projects.services import project_create

    with acting_as(users["market"]):
        project_create(actor=users["market"], code="A-1", name="Alpha", client=client_org)
    client.force_login(users["auditor"])
    by_name = client.get(reverse("audit-list"), {"actor": "market"})
    by_id = client.get(reverse("audit-list"), {"actor": users["market"].pk})
    names = {e.actor_id for e in by_name.context["events"]}
    assert names == {users["market"].pk} and names == {e.actor_id for e in by_id.context["events"]}


# ------------------------------------------------------------------------------------------------------------------
# The dashboard's request panel
# ------------------------------------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_requests_panel_merges_mine_and_unassigned_by_due_time(users, project):
    from projects.dashboard import my_requests_panel

    mine = _requests(project, users["service"], 2, assignee=users["service"], status="in_progress")
    unassigned = _requests(project, users["service"], 2)
    others = _requests(project, users["service"], 2, assignee=users["head"])
    _requests(project, users["service"], 1, status="closed")
    # Due times: mine at +0h/+1h, unassigned at +0h/+1h; ties by id.
    panel = my_requests_panel(users["service"])
    titles = [i["url"] for i in panel["items"]]
    expected = sorted([*mine, *unassigned], key=lambda r: (r.respond_by, r.pk))
    assert titles == [r.get_absolute_url() for r in expected]
    assert not any(r.get_absolute_url() in titles for r in others)


# ------------------------------------------------------------------------------------------------------------------
# Rendering: choice labels and badges
# ------------------------------------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_choice_labels_follow_the_language_and_badges_their_value(users, project):
    from django.template import Context, Template
    from django.utils import translation

    req = _requests(project, users["service"], 1, kind="complaint", priority="urgent", status="escalated")[0]
    with translation.override("en"):
        assert req.get_kind_display() == "Complaint"
        html = Template('{% load project_badges %}{% request_badge r "kind" %}{% request_badge r "status" testid="s" %}'
                        ).render(Context({"r": req}))  # fmt: skip
    escalated = '<span class="badge text-bg-danger" data-testid="s">Escalated to the department head</span>'
    assert html == '<span class="badge text-bg-danger">Complaint</span>' + escalated
    with translation.override("zh-hans"):
        assert req.get_kind_display() == "投诉"
    req.status = "not-a-status"
    assert req.get_status_display() == "not-a-status"  # an unknown value shows as itself, as in Django


@pytest.mark.django_db
def test_api_stage_label_in_the_request_language(api_client, users, project):
    api_client.force_authenticate(users["head"])
    rows = {
        lang: {
            r["code"]: r["stage_label"]
            for r in api_client.get("/api/projects/", HTTP_ACCEPT_LANGUAGE=lang).data["results"]
        }
        for lang in ("en", "zh-hans")
    }
    assert rows["en"][project.code] == "Intake" and rows["zh-hans"][project.code] == "项目承接"
