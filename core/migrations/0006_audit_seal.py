"""The audit trail's hash chain (core.chain), append-only at the database level like the events themselves."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models

PG_GUARD = """
CREATE OR REPLACE FUNCTION core_auditseal_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'The audit trail (core_auditseal) is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER core_auditseal_append_only
    BEFORE UPDATE OR DELETE ON core_auditseal
    FOR EACH ROW EXECUTE FUNCTION core_auditseal_append_only();
"""
PG_UNGUARD = """
DROP TRIGGER IF EXISTS core_auditseal_append_only ON core_auditseal;
DROP FUNCTION IF EXISTS core_auditseal_append_only();
"""
# SQLite: UPDATE only, as for the events (Django's test flush empties tables with DELETE).
SQLITE_GUARD = """
CREATE TRIGGER core_auditseal_append_only BEFORE UPDATE ON core_auditseal
BEGIN SELECT RAISE(ABORT, 'The audit trail (core_auditseal) is append-only'); END;
"""
SQLITE_UNGUARD = "DROP TRIGGER IF EXISTS core_auditseal_append_only;"


def guard(apps, schema_editor):
    sql = {"postgresql": PG_GUARD, "sqlite": SQLITE_GUARD}.get(schema_editor.connection.vendor)
    if sql:
        schema_editor.execute(sql)


def unguard(apps, schema_editor):
    sql = {"postgresql": PG_UNGUARD, "sqlite": SQLITE_UNGUARD}.get(schema_editor.connection.vendor)
    if sql:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_role_permissions_jobs"),
    ]

    operations = [
        migrations.CreateModel(
            name="AuditSeal",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("index", models.PositiveBigIntegerField(unique=True, verbose_name="position in the chain")),
                ("digest", models.CharField(max_length=64, verbose_name="digest")),
                ("sealed_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="sealed at")),
                (
                    "event",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="seal",
                        to="core.auditevent",
                        verbose_name="event",
                    ),
                ),
            ],
            options={
                "verbose_name": "audit seal",
                "verbose_name_plural": "audit seals",
                "ordering": ["index"],
            },
        ),
        migrations.RunPython(guard, unguard),
    ]
