"""The dashboard laid out without a query per panel (its cards fill themselves), the project page's section counts
in one query (core.queries.AggregateBatch) and its intake and planning records loaded after it (issue 10)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Count, Max, Q, Sum
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.dashboard import PANELS, panels_for, panels_of
from core.queries import AggregateBatch
from projects.models import Project, ServiceRequest, WorkTask
from projects.services import request_raise, task_add
from tests.helpers import advance_to, dashboard_html


# ---------------------------------------------------------------------------------------------------------------
# AggregateBatch
# ---------------------------------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_a_batch_reads_every_aggregate_in_one_query_and_matches_aggregate(users, project, other_project):
    operating = advance_to(project, "execution", users)
    for title in ("Lift noise", "Lobby lights"):
        request_raise(actor=users["service"], pk=operating.pk, kind="request", channel="phone", category="facilities",
                      priority="normal", title=title, description="…")  # fmt: skip
    task_add(actor=users["planner"], pk=operating.pk, title="Weekly check", category="operations",
             owner=users["planner"], start_date=timezone.localdate(), due_date=timezone.localdate())  # fmt: skip
    requests = ServiceRequest.objects.filter(project=operating)
    aggregates = {"active": Count("id", filter=~Q(status="closed")), "latest": Max("raised_at")}
    expected_requests = requests.aggregate(**aggregates)
    expected_tasks = WorkTask.objects.filter(project=operating).count()
    assert expected_tasks > 0
    batch = AggregateBatch()
    with CaptureQueriesContext(connection) as captured:
        request_counts = batch.add(requests, **aggregates)
        task_counts = batch.add(WorkTask.objects.filter(project=operating), total=Count("id"))
        nothing = batch.add(WorkTask.objects.none(), total=Count("id"), due=Max("due_date"))
        money = batch.add(ServiceRequest.objects.none(), paid=Sum("id", default=Decimal("0")))
        other = batch.add(ServiceRequest.objects.filter(project=other_project), active=Count("id"))
        assert len(captured.captured_queries) == 0  # nothing read until used
        assert dict(request_counts) == expected_requests
        assert request_counts["active"] == 2 and isinstance(request_counts["latest"], datetime.datetime)
        assert dict(task_counts) == {"total": expected_tasks}
        assert dict(nothing) == {"total": 0, "due": None}
        assert dict(money) == {"paid": Decimal("0")}  # an empty part is what aggregate() answers, unconverted
        assert dict(other) == {"active": 0}
    assert len(captured.captured_queries) == 1
    with pytest.raises(KeyError):
        request_counts["missing"]
    with pytest.raises(RuntimeError):
        batch.add(requests, n=Count("id"))


# ---------------------------------------------------------------------------------------------------------------
# The project page
# ---------------------------------------------------------------------------------------------------------------
def _queries(client, url, **extra) -> tuple:
    client.get(url, **extra)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **extra)
    return response, len(captured.captured_queries)


@pytest.mark.django_db
@pytest.mark.parametrize("stage", ["intake", "planning", "execution", "supervision", "acceptance"])
def test_the_project_page_stays_within_fifteen_queries_in_every_stage(client, users, project, stage):
    target = advance_to(project, stage, users) if stage != "intake" else project
    for role in ("head", "planner"):
        client.force_login(users[role])
        response, queries = _queries(client, reverse("projects:detail", args=[target.pk]))
        assert response.status_code == 200
        assert queries <= 15, (stage, role, queries)


@pytest.mark.django_db
def test_the_project_page_shows_its_counts_from_one_query(client, users, project):
    operating = advance_to(project, "execution", users)
    for title in ("Lift noise", "Lobby lights", "Parking"):
        request_raise(actor=users["service"], pk=operating.pk, kind="complaint", channel="phone", category="facilities",
                      priority="normal", title=title, description="…")  # fmt: skip
    client.force_login(users["head"])
    response, _count = _queries(client, reverse("projects:detail", args=[operating.pk]))
    assert response.context["request_counts"]["complaints"] == 3
    assert response.context["request_counts"]["active"] == 3
    html = response.content.decode()
    assert 'data-testid="service"' in html or "service" in html
    with CaptureQueriesContext(connection) as captured:
        client.get(reverse("projects:detail", args=[operating.pk]))
    counters = [
        q["sql"] for q in captured.captured_queries if "COUNT(" in q["sql"].upper() and "CROSS JOIN" in q["sql"]
    ]
    assert len(counters) == 1, counters  # requests, revisits, surveys, tasks, duties, inspections, notices, merits


@pytest.mark.django_db
def test_intake_and_planning_records_load_after_the_page_once_the_project_operates(client, users, project):
    operating = advance_to(project, "execution", users)
    client.force_login(users["head"])
    page = client.get(reverse("projects:detail", args=[operating.pk])).content.decode()
    records_url = reverse("projects:stage-records", args=[operating.pk])
    assert f'hx-get="{records_url}"' in page
    assert 'data-testid="intake"' not in page  # not on the page itself any more
    fragment = client.get(records_url, HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200 and 'data-testid="intake"' in fragment.content.decode()
    assert "<html" not in fragment.content.decode()
    full = client.get(records_url)  # without JavaScript: a page of its own
    assert "<html" in full.content.decode() and 'data-testid="intake"' in full.content.decode()
    # Clients never see internal records; staff outside the scope get a 404.
    client.force_login(users["client"])
    assert client.get(records_url).status_code == 404


@pytest.mark.django_db
def test_a_lead_keeps_its_intake_on_the_page(client, users, project):
    assert project.stage == "intake"
    client.force_login(users["head"])
    page = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert 'data-testid="intake"' in page
    # No planning records yet: no request for them either (the page asks with its counters).
    assert reverse("projects:stage-records", args=[project.pk]) not in page
    fragment = client.get(reverse("projects:stage-records", args=[project.pk]), HTTP_HX_REQUEST="true")
    assert 'data-testid="intake"' not in fragment.content.decode()


# ---------------------------------------------------------------------------------------------------------------
# The dashboard
# ---------------------------------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_the_dashboard_lays_out_its_cards_without_reading_them(client, users):
    head = users["head"]
    client.force_login(head)
    response, queries = _queries(client, "/")
    html = response.content.decode()
    keys = [p.key for p in panels_of(head)]
    assert len(keys) > 15  # the head has many panels …
    assert queries <= 8, queries  # … and the page does not read them
    for found in panels_of(head):
        assert f'hx-get="{reverse("dashboard-panel", args=[found.key])}"' in html
        assert str(found.title_for(head)) in html  # each card has its heading before it is filled
    # The wide stage tiles come first, then the others in their declared order.
    assert keys.index("stage-counts") >= 0 and html.index("panel-loading-stage-counts") < html.index(
        "panel-loading-" + next(k for k in keys if k != "stage-counts")
    )


@pytest.mark.django_db
def test_each_card_fills_itself_and_matches_the_panel(client, users, project):
    client.force_login(users["head"])
    card = client.get(reverse("dashboard-panel", args=["stage-counts"]), HTTP_HX_REQUEST="true")
    assert card.status_code == 200
    text = card.content.decode()
    assert "<html" not in text and 'data-testid="panel-stages"' in text
    filled = {p["key"]: p for p in panels_for(users["head"])}
    assert set(filled) <= {p.key for p in panels_of(users["head"])}
    assert "HX-Request" in card["Vary"]  # the fragment and the page differ by that header
    page = client.get(reverse("dashboard-panel", args=["stage-counts"]))  # without JavaScript
    assert "<html" in page.content.decode() and 'data-testid="panel-stages"' in page.content.decode()
    assert str(project.code) in dashboard_html(client)


@pytest.mark.django_db
def test_a_card_that_is_not_yours_is_a_404(client, users):
    client.force_login(users["client"])
    assert "gates-waiting" in PANELS
    assert client.get(reverse("dashboard-panel", args=["gates-waiting"])).status_code == 404
    assert client.get(reverse("dashboard-panel", args=["no-such-panel"])).status_code == 404
    client.logout()
    assert client.get(reverse("dashboard-panel", args=["notifications"])).status_code == 302


@pytest.mark.django_db
def test_requires_says_what_the_panel_itself_says(users):
    """A panel's declaration (``requires``, no query) agrees with its content: no panel declared for a user answers
    None for lack of permission, none outside it would have content."""
    for user in users.values():
        declared = {p.key for p in panels_of(user)}
        for key, found in PANELS.items():
            if key not in declared:
                assert found.data(user) is None, (user.username, key)


@pytest.mark.django_db
def test_the_project_list_is_unchanged_by_the_scale_work(client, users, project):
    client.force_login(users["head"])
    assert Project.objects.filter(pk=project.pk).exists()
    assert project.code in client.get(reverse("projects:list")).content.decode()


# ---------------------------------------------------------------------------------------------------------------
# Permissions and roles in one query (core.backends)
# ---------------------------------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_the_backend_gives_djangos_permissions_and_the_roles_in_one_query(users):
    from django.contrib.auth import backends
    from django.contrib.auth.models import Permission

    from core.models import User
    from core.roles import roles_of

    extra = Permission.objects.get(codename="view_auditevent")
    users["planner"].user_permissions.add(extra)  # a permission of the user's own, besides the groups'
    django_backend = backends.ModelBackend()
    for username in [u.username for u in users.values() if not u.is_superuser]:
        expected_user = django_backend.get_user_permissions(User.objects.get(username=username))
        expected_group = django_backend.get_group_permissions(User.objects.get(username=username))
        expected_roles = set(User.objects.get(username=username).groups.values_list("name", flat=True))
        user = User.objects.get(username=username)
        with CaptureQueriesContext(connection) as captured:
            perms = user.get_all_permissions()
            roles = roles_of(user)
            assert user.has_perm(next(iter(perms))) if perms else True
        assert len(captured.captured_queries) == 1, username
        assert perms == expected_user | expected_group
        assert user._user_perm_cache == expected_user and user._group_perm_cache == expected_group
        assert set(roles) == expected_roles
    planner = User.objects.get(username=users["planner"].username)
    assert planner.has_perm("core.view_auditevent")
    # Roles asked first still cost the one query, and the permissions come with them.
    user = User.objects.get(username=users["head"].username)
    with CaptureQueriesContext(connection) as captured:
        assert roles_of(user) and user.has_perm("projects.approve_stage_gate")
    assert len(captured.captured_queries) == 1
