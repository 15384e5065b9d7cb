"""Grant the roles the permissions of job runs (core.roles.ROLE_PERMISSIONS)."""

from django.db import migrations

from core.roles import grant_role_permissions


def grant(apps, schema_editor):
    grant_role_permissions(apps, "core")


class Migration(migrations.Migration):
    dependencies = [("core", "0004_job_runs")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
