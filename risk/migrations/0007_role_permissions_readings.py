"""Grant the roles their risk permissions (core.roles.ROLE_PERMISSIONS): manual indicator readings."""

from django.db import migrations

from core.roles import grant_role_permissions


def grant(apps, schema_editor):
    grant_role_permissions(apps, "risk")


class Migration(migrations.Migration):
    dependencies = [("risk", "0006_warning_escalation")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
