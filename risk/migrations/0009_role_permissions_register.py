"""Grant the roles their risk permissions (core.roles.ROLE_PERMISSIONS): assessment, responses, checks, reviews."""

from django.db import migrations

from core.roles import grant_role_permissions


def grant(apps, schema_editor):
    grant_role_permissions(apps, "risk")


class Migration(migrations.Migration):
    dependencies = [("risk", "0008_assessment_responses_reviews")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
