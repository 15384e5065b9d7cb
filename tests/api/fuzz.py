"""API fuzzing (issue 10): schemathesis over the whole OpenAPI schema, every operation as every role.

* The schema: the one the app serves at ``/api/schema/`` (drf-spectacular's generator, as ``manage.py spectacular``
  builds it; ``test_the_fuzzed_schema_is_the_one_the_app_serves`` checks that they are the same).
* One test per operation (``test_api[POST /api/contracts/{id}/sign/][every-role]``...): the projects app's in
  ``test_fuzz_projects.py``, the others' in ``test_fuzz.py`` (two files, so that ``--dist loadfile`` runs them on two
  workers). Each request schemathesis generates for an operation is sent as every role of ``ROLES`` (one user per
  role, a token each), in-process through the WSGI application.
* The data (``world``, tests/api/conftest.py): the users of ``tests.conftest`` plus ``seed_demo`` (projects in every
  stage, contracts, budgets, risks, staff...), built once per module in a transaction rolled back at its end; each
  test runs in a savepoint of it, so what one operation creates, changes or deletes is gone for the next. Small ids in
  the path and in the body's relations become ids of real records, so that detail endpoints, actions and the services
  behind them are reached, not only 404s.
* Generation: the ``coverage`` phase (deterministic: boundary values, every wrong type, missing required and extra
  fields, malformed dates and numbers, unexpected methods...) sent as ``COVERAGE_ROLES``, then the ``fuzzing`` phase
  (``FUZZ_EXAMPLES`` random valid and invalid requests, NUL bytes and huge numbers among them) sent as every role.
  Derandomized (Hypothesis ``derandomize``): CI sends the same requests every time. ``FUZZ_EXAMPLES=100 pytest
  tests/api`` digs deeper.
* Every response must pass: no 5xx (``not_a_server_error``), a documented status code (``status_code_conformance``),
  a documented content type (``content_type_conformance``) and a body matching the schema
  (``response_schema_conformance``). And no bad input may get past the serializers into the code: the API exception
  handler's ``ValueError``/``TypeError`` safety net (a 400 quoting Python) logs it, and that fails the test too.
"""

from __future__ import annotations

import json
import os

import schemathesis
from django.urls import resolve
from hypothesis import HealthCheck, settings
from schemathesis.core.failures import FailureGroup

from config.wsgi import application

# The tests take the roles as a pytest parameter (``test_api[GET /api/contracts/][every-role]``): pytest 9.2 builds a
# test's node id from its function's name and its parameters, and schemathesis 4.32.5 puts the operation in the name
# only, so without a parameter every operation's test would have the same node id (and ``pytest-xdist --dist
# loadfile`` would run one of them).
ROLES = ["head", "executive", "market", "planner", "service", "inspector", "hr", "finance", "legal", "signatory",
         "employee", "client", "client2", "auditor", "admin"]  # fmt: skip
# The coverage phase's requests (some 13,000 over the schema) go to the superuser, who gets past every permission
# check to the validation and the services; every role gets the fuzzing phase's. The coverage phase repeats each
# body for every media type an operation accepts: its form-encoded and multipart bodies are left to the fuzzing phase
# (they would be 6,000 more requests, mostly the same strings).
COVERAGE_ROLES = ["admin"]
COVERAGE_SKIPS_MEDIA_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
FUZZ_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "5"))
CHECKS = [
    schemathesis.checks.not_a_server_error,
    schemathesis.checks.status_code_conformance,
    schemathesis.checks.content_type_conformance,
    schemathesis.checks.response_schema_conformance,
]
FUZZ_SETTINGS = settings(deadline=None, database=None, derandomize=True, suppress_health_check=list(HealthCheck))


def served_schema() -> dict:
    from drf_spectacular.generators import SchemaGenerator

    return json.loads(json.dumps(SchemaGenerator().get_schema(request=None, public=True), default=str))


CONFIG = schemathesis.Config.from_dict({
    "generation": {
        "mode": "all",  # valid and invalid requests
        "deterministic": True,
        "max-examples": FUZZ_EXAMPLES,
        # The Authorization header is the role's token, not generated.
        "with-security-parameters": False,
    },
    # The schema has no examples of its own; the stateful phase does not run under pytest.
    "phases": {"examples": {"enabled": False}, "coverage": {"enabled": True}, "fuzzing": {"enabled": True}},
})  # fmt: skip
SCHEMA = served_schema()
schema = schemathesis.openapi.from_dict(SCHEMA, config=CONFIG)


def app_of(operation) -> str:
    """The Django app of an operation's view: ``projects`` for ``POST /api/tasks/{id}/transition/``."""
    view = resolve(operation.path.replace("{id}", "1")).func
    return getattr(view, "cls", view).__module__.split(".")[0]


def send_as(roles, case, world) -> None:
    """Send ``case`` as each of ``roles`` (the coverage phase's as those of them in ``COVERAGE_ROLES``); fail with
    everything that went wrong, role by role."""
    phase = case.meta.phase.name.value if case.meta is not None else "fuzzing"
    if phase == "coverage":
        roles = [] if case.media_type in COVERAGE_SKIPS_MEDIA_TYPES else [r for r in roles if r in COVERAGE_ROLES]
    world.reach_records(case)
    problems = []
    for role in roles:
        world.errors.clear()
        response = case.call(app=application, headers={"Authorization": f"Token {world.tokens[role]}"})
        try:
            case.validate_response(response, checks=CHECKS)
        except FailureGroup as failures:
            problems.append(f"As {role}: {failures}")
        if world.errors:
            problems.append(f"As {role}, inside the application:\n" + "\n".join(world.errors))
    assert not problems, "\n".join(problems)
