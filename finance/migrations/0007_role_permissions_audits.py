"""Grant the roles their finance permissions for audits (core.roles.ROLE_PERMISSIONS)."""

from django.db import migrations

from core.roles import grant_role_permissions


def grant(apps, schema_editor):
    grant_role_permissions(apps, "finance")


class Migration(migrations.Migration):
    dependencies = [("finance", "0006_audits")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
