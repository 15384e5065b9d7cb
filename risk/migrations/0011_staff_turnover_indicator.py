"""Install the staff-turnover risk indicator (7.3.1), computed from the staff records (ch. 5)."""

from django.db import migrations

from risk.defaults import install_default_indicators


def install(apps, schema_editor):
    install_default_indicators(apps.get_model("risk", "Indicator"))


class Migration(migrations.Migration):
    dependencies = [("risk", "0010_system_indicators")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
