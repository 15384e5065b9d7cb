"""Grant the roles the permissions of the service records and the KPI system, and set the department's default
KPIs from policy 4.2.3 and 4.2.1 (the quality group edits them in the app)."""

from django.db import migrations

from core.roles import grant_role_permissions
from projects.kpi_defaults import install_default_kpis


def grant(apps, schema_editor):
    grant_role_permissions(apps, "projects")
    install_default_kpis(apps.get_model("projects", "KpiDefinition"))


class Migration(migrations.Migration):
    dependencies = [("projects", "0011_service_records_kpis"), ("core", "0005_role_permissions_jobs")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
