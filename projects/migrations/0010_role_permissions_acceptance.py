"""Grant the roles the permissions of acceptance, inspection plans and commendations (core.roles.ROLE_PERMISSIONS)."""

from django.db import migrations

from core.roles import grant_role_permissions


def grant(apps, schema_editor):
    grant_role_permissions(apps, "projects")


class Migration(migrations.Migration):
    dependencies = [("projects", "0009_acceptance_inspection_plans_merit")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
