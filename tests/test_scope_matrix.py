"""Role × scope matrix over every page and API endpoint that exists.

Each case states, per role, the status expected on a record inside that role's scope (``project``: a project of
``client_org`` with market, planner and service on its team) and on a record outside it (``other_project``: a
project of another client, nobody of ours on its team). 404 = outside the scope; 403 = action not allowed.
The expectations are written out, not derived from the code under test.
"""

from __future__ import annotations

import pytest

from core.models import AuditEvent
from tests.roles_table import AUDIT_READERS, EVERYONE, GATE_KEEPERS, PROJECT_READERS, ROLES, STAFF

DEPT_WIDE = {"head", "executive", "inspector", "finance", "legal", "auditor", "admin"}
IN_SCOPE = DEPT_WIDE | {"market", "planner", "service", "client"}
OUT_SCOPE = DEPT_WIDE | {"client2"}
CREATORS = {"head", "market", "admin"}
EDITORS = {"head", "market", "planner", "service", "admin"}
CLIENT_READERS = STAFF - {"hr", "employee"}  # core.view_clientorganisation


def table(
    ok: set,
    ok_status: int = 200,
    *,
    visible: set | None = None,
    denied_status: int = 403,
    hidden_status: int = 404,
    no_perm: set | None = None,
) -> dict[str, int]:
    """Status per role: ``ok`` roles succeed; roles lacking the permission get ``denied_status``; roles that
    hold it but cannot see the record get ``hidden_status``; ``visible`` roles that see it but may not act, 403."""
    result = {}
    for role in ROLES:
        if role in ok:
            result[role] = ok_status
        elif no_perm is not None and role in no_perm:
            result[role] = denied_status
        elif visible is not None and role in visible:
            result[role] = 403
        elif no_perm is None and visible is None:
            result[role] = denied_status
        else:
            result[role] = hidden_status
    return result


NOT_PROJECT_READERS = EVERYONE - PROJECT_READERS

# (case id, method, url, data, expectations for the in-scope record, for the out-of-scope record)
CASES = [
    ("page:home", "get", "/", None, table(EVERYONE), None),
    ("page:notifications", "get", "/notifications/", None, table(EVERYONE), None),
    ("page:notifications-read-all", "post", "/notifications/read/", {}, table(EVERYONE, 302), None),
    ("page:policy", "get", "/policy/", None, table(STAFF), None),
    ("page:audit-list", "get", "/audit/", None, table(AUDIT_READERS), None),
    ("page:audit-detail", "get", "/audit/{event}/", None, table(AUDIT_READERS), None),
    ("page:project-list", "get", "/projects/", None, table(PROJECT_READERS), None),
    ("page:project-create", "get", "/projects/new/", None, table(CREATORS), None),
    (
        "page:project-detail",
        "get",
        "/projects/{pk}/",
        None,
        table(IN_SCOPE, no_perm=NOT_PROJECT_READERS),
        table(OUT_SCOPE, no_perm=NOT_PROJECT_READERS),
    ),
    (
        "page:project-edit",
        "get",
        "/projects/{pk}/edit/",
        None,
        table(IN_SCOPE & EDITORS, no_perm=EVERYONE - EDITORS),
        table(OUT_SCOPE & EDITORS, no_perm=EVERYONE - EDITORS),
    ),
    (
        "page:project-transition",
        "post",
        "/projects/{pk}/stage/",
        {"target": "planning", "expected_source": "intake", "comment": ""},
        table(GATE_KEEPERS, 302, visible=IN_SCOPE),
        table(GATE_KEEPERS, 302, visible=OUT_SCOPE),
    ),
    (
        "page:project-member-add",
        "post",
        "/projects/{pk}/members/",
        {"user": "{planner}", "role": "planner"},
        table(GATE_KEEPERS, 302, no_perm=EVERYONE - GATE_KEEPERS),
        table(GATE_KEEPERS, 302, no_perm=EVERYONE - GATE_KEEPERS),
    ),
    ("page:admin", "get", "/admin/", None, {r: (200 if r == "admin" else 302) for r in ROLES}, None),
    ("api:me", "get", "/api/me/", None, table(EVERYONE), None),
    ("api:schema", "get", "/api/schema/", None, table(EVERYONE), None),
    ("api:docs", "get", "/api/docs/", None, table(EVERYONE), None),
    ("api:policy-clauses", "get", "/api/policy-clauses/", None, table(STAFF), None),
    ("api:policy-clause", "get", "/api/policy-clauses/3.1.3/", None, table(STAFF), None),
    ("api:clients", "get", "/api/clients/", None, table(CLIENT_READERS), None),
    ("api:client-detail", "get", "/api/clients/{client}/", None, table(CLIENT_READERS), None),
    ("api:notifications", "get", "/api/notifications/", None, table(EVERYONE), None),
    ("api:notifications-read-all", "post", "/api/notifications/read-all/", {}, table(EVERYONE), None),
    ("api:audit-events", "get", "/api/audit-events/", None, table(AUDIT_READERS), None),
    ("api:audit-event", "get", "/api/audit-events/{event}/", None, table(AUDIT_READERS), None),
    ("api:project-list", "get", "/api/projects/", None, table(PROJECT_READERS), None),
    (
        "api:project-create",
        "post",
        "/api/projects/",
        {"code": "NEW-1", "name": "New", "client": "{client}"},
        table(CREATORS, 201),
        None,
    ),
    (
        "api:project-detail",
        "get",
        "/api/projects/{pk}/",
        None,
        table(IN_SCOPE, no_perm=NOT_PROJECT_READERS),
        table(OUT_SCOPE, no_perm=NOT_PROJECT_READERS),
    ),
    (
        "api:project-update",
        "patch",
        "/api/projects/{pk}/",
        {"name": "Renamed"},
        table(IN_SCOPE & EDITORS, no_perm=EVERYONE - EDITORS),
        table(OUT_SCOPE & EDITORS, no_perm=EVERYONE - EDITORS),
    ),
    ("api:project-delete", "delete", "/api/projects/{pk}/", None, dict.fromkeys(ROLES, 405), None),
    (
        "api:project-transition",
        "post",
        "/api/projects/{pk}/transition/",
        {"target": "planning"},
        # gate keepers reach the service, which refuses because 3.1.1–3.1.3 do not hold yet: 409 citing them
        table(GATE_KEEPERS, 409, visible=IN_SCOPE, no_perm=NOT_PROJECT_READERS),
        table(GATE_KEEPERS, 409, visible=OUT_SCOPE, no_perm=NOT_PROJECT_READERS),
    ),
    (
        "api:project-approvals",
        "get",
        "/api/projects/{pk}/approvals/",
        None,
        table(IN_SCOPE, no_perm=NOT_PROJECT_READERS),
        table(OUT_SCOPE, no_perm=NOT_PROJECT_READERS),
    ),
    (
        "api:project-members",
        "get",
        "/api/projects/{pk}/members/",
        None,
        table(IN_SCOPE - {"client"}, visible={"client"}, no_perm=NOT_PROJECT_READERS),
        table(OUT_SCOPE - {"client2"}, visible={"client2"}, no_perm=NOT_PROJECT_READERS),
    ),
    (
        "api:project-member-add",
        "post",
        "/api/projects/{pk}/members/",
        {"user": "{planner}", "role": "planner"},
        table(GATE_KEEPERS, 201, visible=IN_SCOPE, no_perm=NOT_PROJECT_READERS),
        table(GATE_KEEPERS, 201, visible=OUT_SCOPE, no_perm=NOT_PROJECT_READERS),
    ),
]

PARAMS = []
for case_id, method, url, data, in_scope, out_scope in CASES:
    for role in ROLES:
        PARAMS.append(pytest.param(method, url, data, "in", in_scope[role], role, id=f"{case_id}:{role}:in"))
        if out_scope is not None:
            PARAMS.append(pytest.param(method, url, data, "out", out_scope[role], role, id=f"{case_id}:{role}:out"))


def _fill(value, ctx):
    if isinstance(value, str):
        return value.format(**ctx)
    if isinstance(value, dict):
        return {k: _fill(v, ctx) for k, v in value.items()}
    return value


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "url", "data", "scope", "expected", "role"), PARAMS)
def test_role_scope_matrix(
    client, api_client, users, project, other_project, client_org, method, url, data, scope, expected, role
):
    target = project if scope == "in" else other_project
    ctx = {
        "pk": target.pk,
        "event": AuditEvent.objects.filter(object_id=str(target.pk)).first().pk,
        "client": client_org.pk,
        "planner": users["planner"].pk,
    }
    url = _fill(url, ctx)
    data = _fill(data, ctx)
    user = users[role]
    if url.startswith("/api/"):
        api_client.force_authenticate(user)
        response = (
            getattr(api_client, method)(url, data, format="json")
            if data is not None
            else getattr(api_client, method)(url)
        )
    else:
        client.force_login(user)
        response = getattr(client, method)(url, data) if data is not None else getattr(client, method)(url)
    assert response.status_code == expected, (role, scope, url, getattr(response, "data", None))


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/projects/", "/audit/", "/notifications/", "/policy/"])
def test_anonymous_pages_redirect_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/login/")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/api/me/", "/api/projects/", "/api/audit-events/", "/api/notifications/", "/api/schema/"]
)
def test_anonymous_api_is_refused(api_client, url):
    assert api_client.get(url).status_code in (401, 403)


@pytest.mark.django_db
def test_client_api_shows_client_facing_fields_only(api_client, users, project):
    api_client.force_authenticate(users["client"])
    row = api_client.get(f"/api/projects/{project.pk}/").data
    assert "evaluation" not in row and "plan_summary" not in row and "market_owner" not in row
    assert row["code"] == project.code
    listed = api_client.get("/api/projects/").data
    assert {p["code"] for p in listed["results"]} == {project.code}


@pytest.mark.django_db
def test_lists_contain_exactly_the_scope(api_client, users, project, other_project):
    expected = {
        "head": {project.code, other_project.code},
        "auditor": {project.code, other_project.code},
        "market": {project.code},
        "planner": {project.code},
        "client": {project.code},
        "client2": {other_project.code},
    }
    for role, codes in expected.items():
        api_client.force_authenticate(users[role])
        got = {p["code"] for p in api_client.get("/api/projects/").data["results"]}
        assert got == codes, role
