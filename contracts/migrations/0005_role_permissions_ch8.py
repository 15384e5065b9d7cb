"""Grant the roles the contract permissions of chapter 8 (core.roles.ROLE_PERMISSIONS)."""

from django.db import migrations

from core.roles import grant_role_permissions


def grant(apps, schema_editor):
    grant_role_permissions(apps, "contracts")


class Migration(migrations.Migration):
    dependencies = [("contracts", "0004_review_approval_signing_performance_archive")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
