"""The default finance categories, and the roles' finance permissions (core.roles.ROLE_PERMISSIONS)."""

from django.db import migrations

from core.roles import grant_role_permissions
from finance.category_defaults import install_default_categories


def forwards(apps, schema_editor):
    install_default_categories(apps.get_model("finance", "FinanceCategory"))
    grant_role_permissions(apps, "finance")


class Migration(migrations.Migration):
    dependencies = [("finance", "0003_budgets_costs_claims")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
