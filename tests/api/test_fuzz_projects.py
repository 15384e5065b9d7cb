"""API fuzzing of every operation of the projects app (intake to acceptance, service, KPIs): see fuzz.py."""

import pytest

from tests.api.fuzz import FUZZ_SETTINGS, ROLES, app_of, schema, send_as

projects = schema.include(lambda ctx: app_of(ctx.operation) == "projects")


@pytest.mark.django_db
@projects.parametrize()
@pytest.mark.parametrize("roles", [ROLES], ids=["every-role"])  # see ROLES
@FUZZ_SETTINGS
def test_api(case, world, roles):
    send_as(roles, case, world)
