"""Shared fixtures: one user per role, clients in and out of scope, services that tests may require."""

from __future__ import annotations

import os

import pytest
from django.db import connection
from rest_framework.test import APIClient

from core.roles import Role
from tests.factories import ClientOrganisationFactory, ProjectFactory, ProjectMemberFactory, UserFactory

# Playwright's sync API runs an event loop in the test thread; Django's ORM must be allowed there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def require_service(name: str, available: bool, reason: str) -> None:
    """Skip (outside CI) or fail (in CI) a test whose service is missing."""
    if available:
        return
    message = f"{name} is not available: {reason}"
    if IN_CI:
        pytest.fail(f"CI=true and {message}")
    pytest.skip(message)


@pytest.fixture
def require_postgres(db):
    require_service(
        "PostgreSQL",
        connection.vendor == "postgresql",
        f"DATABASE_URL points at {connection.vendor}; set it to a PostgreSQL database",
    )


@pytest.fixture
def require_redis():
    from django.conf import settings

    url = settings.CELERY_BROKER_URL
    ok = url.startswith("redis://")
    if ok:
        import redis

        try:
            redis.Redis.from_url(url, socket_connect_timeout=2).ping()
        except redis.RedisError as exc:  # pragma: no cover - depends on the machine
            ok, url = False, f"{url} ({exc})"
    require_service("Redis", ok, f"CELERY_BROKER_URL is {url!r}; set it to redis://127.0.0.1:6379/1")


def make_client_orgs():
    return (ClientOrganisationFactory(code="acme", name="Acme Property"),
            ClientOrganisationFactory(code="other", name="Other Holdings"))  # fmt: skip


def make_users(client_org, other_client_org) -> dict:
    """One user per role (username = role code), a client of each organisation and a superuser. ``signatory`` is the
    organisation's legal representative (8.1.1)."""
    import datetime

    from contracts.models import LegalRepresentative

    made = {}
    for role in Role:
        org = client_org if role == Role.CLIENT else None
        made[role.value] = UserFactory(username=role.value, roles=[role], client_organisation=org)
    made["client2"] = UserFactory(username="client2", roles=[Role.CLIENT], client_organisation=other_client_org)
    made["admin"] = UserFactory(username="admin", is_superuser=True, is_staff=True)
    LegalRepresentative.objects.create(user=made["signatory"], valid_from=datetime.date(2000, 1, 1))
    return made


def make_projects(users, client_org, other_client_org):
    """A project of ``client_org`` with market, planner and service on the team, and a project of another client
    with nobody of ``users`` on its team."""
    p = ProjectFactory(code="IN-001", name="In-scope project", client=client_org, market_owner=users["market"])
    for role in ("market", "planner", "service"):
        ProjectMemberFactory(project=p, user=users[role], role=role)
    return p, ProjectFactory(code="OUT-001", name="Out-of-scope project", client=other_client_org)


@pytest.fixture
def client_orgs(db):
    return make_client_orgs()


@pytest.fixture
def client_org(client_orgs):
    return client_orgs[0]


@pytest.fixture
def other_client_org(client_orgs):
    return client_orgs[1]


@pytest.fixture
def users(db, client_org, other_client_org):
    return make_users(client_org, other_client_org)


@pytest.fixture
def projects(db, users, client_org, other_client_org):
    return make_projects(users, client_org, other_client_org)


@pytest.fixture
def project(projects):
    return projects[0]


@pytest.fixture
def other_project(projects):
    return projects[1]


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium (Playwright's own browser download does not work here)."""
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def chromium_available():
    path = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    require_service("Chromium", os.path.exists(path), f"{path} is missing; make test installs Debian's chromium")


def restore_reference_data() -> None:
    """The reference data the migrations install (departments, finance categories, early-warning indicators): a
    transactional test flushes every table when it ends, and on a worker the tests that follow it need them back."""
    from importlib import import_module

    from django.apps import apps

    from core.models import Department
    from finance.category_defaults import install_default_categories, install_default_indicators
    from finance.models import FinanceCategory
    from risk.models import Indicator

    if not Department.objects.filter(code="managed-ops").exists():
        import_module("core.migrations.0002_roles_departments_audit_guard").create_roles_and_departments(apps, None)
    if not FinanceCategory.objects.exists():
        install_default_categories(FinanceCategory)
    if not Indicator.objects.exists():
        from risk.defaults import install_default_indicators as install_risk_indicators

        install_default_indicators(Indicator)
        install_risk_indicators(Indicator)


@pytest.fixture(autouse=True)
def _reference_data(request):
    marker = request.node.get_closest_marker("django_db")
    if marker is not None:
        request.getfixturevalue("transactional_db" if marker.kwargs.get("transaction") else "db")
        restore_reference_data()
    yield
