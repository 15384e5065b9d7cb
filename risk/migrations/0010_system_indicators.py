"""Install the key risk indicators the system computes (7.3.1): KPIs missed, rectifications and contract
obligations overdue, complaints not closed."""

from django.db import migrations

from risk.defaults import install_default_indicators


def install(apps, schema_editor):
    install_default_indicators(apps.get_model("risk", "Indicator"))


class Migration(migrations.Migration):
    dependencies = [("risk", "0009_role_permissions_register")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
