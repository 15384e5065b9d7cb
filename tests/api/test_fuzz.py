"""API fuzzing of every operation outside the projects app (contracts, finance, risk, staff, core): see fuzz.py."""

import json

import pytest

from tests.api.fuzz import FUZZ_SETTINGS, ROLES, SCHEMA, app_of, schema, send_as

others = schema.include(lambda ctx: app_of(ctx.operation) != "projects")


@pytest.mark.django_db
@others.parametrize()
@pytest.mark.parametrize("roles", [ROLES], ids=["every-role"])  # see ROLES
@FUZZ_SETTINGS
def test_api(case, world, roles):
    send_as(roles, case, world)


@pytest.mark.django_db
def test_the_fuzzed_schema_is_the_one_the_app_serves(api_client, world):
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {world.tokens['employee']}")
    response = api_client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    assert json.loads(response.content) == SCHEMA


def test_every_operation_is_fuzzed():
    from tests.api.test_fuzz_projects import projects

    operations = [f"{m.upper()} {p}" for p, item in SCHEMA["paths"].items() for m in item if m != "parameters"]
    fuzzed = [r.ok().label for s in (others, projects) for r in s.get_all_operations()]
    assert sorted(fuzzed) == sorted(operations) and len(operations) > 200
