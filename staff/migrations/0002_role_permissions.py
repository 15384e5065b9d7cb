"""Grant the roles their staff permissions (core.roles.ROLE_PERMISSIONS)."""

from django.db import migrations

from core.roles import grant_role_permissions


def grant(apps, schema_editor):
    grant_role_permissions(apps, "staff")


class Migration(migrations.Migration):
    dependencies = [("staff", "0001_staff_records")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
