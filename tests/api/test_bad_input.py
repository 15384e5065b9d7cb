"""What the API fuzzing (tests/api/test_fuzz.py) found, one focused regression test each: bad input is a clear 4xx
in JSON, never a 500, and the schema documents what the API answers."""

import json

import pytest

from tests.factories import ClientOrganisationFactory


@pytest.fixture
def admin_api(api_client, users):
    api_client.force_authenticate(users["admin"])
    api_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return api_client


@pytest.mark.django_db
def test_control_characters_in_a_record_do_not_break_its_xlsx(admin_api):
    # openpyxl refuses control characters in a cell: the XLSX of a list or of a created record was a 500.
    ClientOrganisationFactory(code="ctl", name="Back\x08space\x1bescape")
    response = admin_api.get("/api/clients/", {"format": "xlsx"})
    assert response.status_code == 200 and response.content[:2] == b"PK"
    from io import BytesIO

    from openpyxl import load_workbook

    cells = [c for row in load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True) for c in row]
    assert "Backspaceescape" in cells  # left out of the cell, the rest kept


@pytest.mark.django_db
def test_control_characters_do_not_break_a_page_export(client, users):
    # The pages' exports (core.exports) write the same workbook: the same cleaning applies.
    from io import BytesIO

    from openpyxl import load_workbook

    ClientOrganisationFactory(code="ctl", name="Bell\x07ring")
    from tests.factories import ProjectFactory

    ProjectFactory(code="CTL-1", name="Tab\x0bbed\x1f", client=ClientOrganisationFactory(code="c2", name="C2"))
    client.force_login(users["head"])
    response = client.get("/projects/", {"format": "xlsx"})
    assert response.status_code == 200 and response.content[:2] == b"PK"
    cells = [c for row in load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True) for c in row]
    assert "Tabbed" in cells


@pytest.mark.django_db
def test_an_error_asked_for_as_a_spreadsheet_is_json(admin_api, project):
    for fmt in ("csv", "xlsx"):
        response = admin_api.get("/api/projects/", {"format": fmt, "page": "99"})
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"
        assert json.loads(response.content) == {"detail": "Invalid page."}


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/projects/1.5.6/", "/api/contracts/-4.25e-32/sign/", "/api/tasks/%2E/"])
def test_an_id_that_is_not_one_is_a_json_404(admin_api, path):
    # These addresses match no route (an id is [^/.]+): Django's HTML error page answered.
    for method in ("get", "post"):
        response = getattr(admin_api, method)(path)
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"
        assert json.loads(response.content) == {"detail": "Not found."}


@pytest.mark.django_db
def test_a_nul_character_in_a_query_parameter_is_a_400(admin_api, project):
    # SQLite took it; PostgreSQL refuses NUL in text (a database error).
    response = admin_api.get("/api/projects/", {"search": "IN\x00", "stage": "intake"})
    assert response.status_code == 400
    assert response.json() == {"search": ["Null characters are not allowed."]}
    assert admin_api.get("/api/projects/", {"search": "IN"}).status_code == 200


@pytest.fixture
def schema(api_client, users):
    api_client.force_authenticate(users["employee"])
    return api_client.get("/api/schema/", {"format": "json"}).json()


@pytest.mark.django_db
def test_the_schema_documents_the_errors(schema):
    responses = schema["paths"]["/api/projects/{id}/transition/"]["post"]["responses"]
    assert {"200", "400", "403", "404", "409", "415"} <= set(responses)
    assert responses["409"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}
    assert responses["400"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ValidationError"}
    # A DELETE refused by a model rule is a 400 (a signed contract's clause).
    assert "400" in schema["paths"]["/api/contract-clauses/{id}/"]["delete"]["responses"]
    assert set(schema["paths"]["/api/me/"]["get"]["responses"]) == {"200", "403", "404"}
    assert schema["components"]["schemas"]["Error"]["required"] == ["detail"]


@pytest.mark.django_db
def test_the_lists_of_extra_actions_are_not_documented_as_paginated(schema):
    # GET /api/contracts/{id}/versions/ answers a plain array; the schema said {"count": ..., "results": [...]}.
    for path in ("/api/contracts/{id}/versions/", "/api/projects/{id}/members/", "/api/plans/{id}/approvals/"):
        ok = schema["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        assert ok["type"] == "array", path
    listed = schema["paths"]["/api/contracts/"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert listed == {"$ref": "#/components/schemas/PaginatedContractList"}


@pytest.mark.django_db
def test_a_read_only_choice_that_may_be_blank_is_documented_so(schema):
    # A risk not yet assessed has inherent_level "": the schema's enum did not allow it.
    level = schema["components"]["schemas"]["Risk"]["properties"]["inherent_level"]
    assert {"$ref": "#/components/schemas/BlankEnum"} in level["oneOf"]


@pytest.mark.django_db
def test_a_clients_project_is_documented(schema, api_client, users, project):
    # A client's user gets the client-facing fields only: the schema said every project had all of them.
    listed = schema["components"]["schemas"]["PaginatedProjectViewList"]["properties"]["results"]["items"]
    assert listed == {"$ref": "#/components/schemas/ProjectView"}
    variants = schema["components"]["schemas"]["ProjectView"]["oneOf"]
    assert variants == [{"$ref": "#/components/schemas/Project"}, {"$ref": "#/components/schemas/ClientProject"}]
    client_project = schema["components"]["schemas"]["ClientProject"]
    assert client_project["additionalProperties"] is False
    api_client.force_authenticate(users["client"])
    seen = api_client.get(f"/api/projects/{project.pk}/").json()
    assert set(seen) == set(client_project["properties"])


@pytest.mark.django_db
def test_a_revisit_recorded_without_a_contact(api_client, users, project):
    # "contact" is optional in the API but the service wanted it: a TypeError, answered as a 400 with its text.
    import datetime

    from django.utils import timezone

    from projects.models import Revisit
    from projects.services import revisit_plan_set
    from tests.helpers import advance_to

    today = timezone.localdate()
    advance_to(project, "execution", users)
    revisit_plan_set(actor=users["service"], pk=project.pk, every_days=7, starts_on=today - datetime.timedelta(days=7),
                     owner=users["service"])  # fmt: skip
    revisit = Revisit.objects.filter(project=project).order_by("due_on").first()
    api_client.force_authenticate(users["service"])
    body = {"done_on": today.isoformat(), "experience": "Happy with the cleaning."}
    response = api_client.post(f"/api/revisits/{revisit.pk}/record/", body, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "done" and response.json()["contact"] == ""


@pytest.mark.django_db
def test_a_field_left_out_takes_the_models_default(admin_api, project):
    # The services take these as arguments: left out, they were a TypeError answered as a 400 quoting Python
    # ("talk_add() missing 1 required keyword-only argument: 'date'"), or a KeyError: a 500 (a risk's level).
    from django.utils import timezone

    talk = admin_api.post("/api/talks/", {"project": project.pk, "participants": "Client GM", "summary": "Kick-off."},
                          format="json")  # fmt: skip
    assert talk.status_code == 201, talk.content
    assert talk.json()["date"] == timezone.localdate().isoformat()
    risk = admin_api.post("/api/risks/", {"project": project.pk, "category": "market", "description": "A rival."},
                          format="json")  # fmt: skip
    assert risk.status_code == 201, risk.content
    assert risk.json()["level"] == "medium"
