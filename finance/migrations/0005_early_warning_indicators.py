"""The financial early-warning indicators (6.4.2) as risk indicators (7.3.1), evaluated by the risk app."""

from django.db import migrations

from finance.category_defaults import install_default_indicators


def install(apps, schema_editor):
    install_default_indicators(apps.get_model("risk", "Indicator"))


class Migration(migrations.Migration):
    dependencies = [("finance", "0004_default_categories_role_permissions"), ("risk", "0004_role_permissions_warnings")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
