"""seed_demo: one login per role, clients and projects in several stages; running it again changes nothing."""

from io import StringIO

import pytest
from django.core.management import call_command

from core.models import AuditEvent, ClientOrganisation, User
from core.roles import Role
from projects.models import Project
from tests.helpers import dashboard_html

LOGINS = ["head", "executive", "market", "planner", "service", "inspector", "hr", "finance", "legal", "signatory",
          "employee", "client", "client2", "auditor", "admin"]  # fmt: skip


@pytest.mark.django_db
def test_seed_demo_is_idempotent_and_covers_every_role():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert set(LOGINS) <= set(User.objects.values_list("username", flat=True))
    held = {r for u in User.objects.exclude(username="admin") for r in u.roles}
    assert held == set(Role.values)
    assert all(User.objects.get(username=u).check_password("demo12345") for u in LOGINS)
    assert (
        User.objects.get(username="client").client_organisation
        != User.objects.get(username="client2").client_organisation
    )
    assert Project.objects.values("stage").distinct().count() >= 5
    assert all(login in out.getvalue() for login in LOGINS)
    counts = (User.objects.count(), ClientOrganisation.objects.count(), Project.objects.count(),
              AuditEvent.objects.count())  # fmt: skip
    call_command("seed_demo", stdout=StringIO())
    assert counts == (User.objects.count(), ClientOrganisation.objects.count(), Project.objects.count(),
                      AuditEvent.objects.count())  # fmt: skip


@pytest.mark.django_db
def test_demo_password_from_the_environment(monkeypatch, settings):
    settings.DEMO_PASSWORD = "another-secret-42"
    monkeypatch.setenv("DEMO_PASSWORD", "another-secret-42")
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert User.objects.get(username="head").check_password("another-secret-42")
    assert "another-secret-42" not in out.getvalue()


@pytest.mark.django_db
def test_the_demo_shows_a_kpi_breach_with_its_alert_and_notice(client):
    from projects.kpi_defaults import install_default_kpis
    from projects.models import KpiAlert, KpiDefinition

    install_default_kpis(KpiDefinition)  # flushed by a transactional test elsewhere in this process, maybe
    call_command("seed_demo", stdout=StringIO())
    alert = KpiAlert.objects.select_related("project", "rectification").filter(status="open").first()
    assert alert is not None and alert.rectification is not None and alert.rectification.status == "issued"
    client.force_login(User.objects.get(username="head"))
    home = dashboard_html(client)
    assert alert.project.code in home and "4.2.3" in home
    page = client.get(alert.get_absolute_url().split("#")[0]).content.decode()
    assert f'id="alert-{alert.pk}"' in page and alert.rectification.get_absolute_url() in page
