"""The 13 roles as groups with their core permissions, the organisation of policy 2.1, and the database guard
that makes the audit trail append-only (UPDATE/DELETE refused by a trigger)."""

from django.db import migrations

from core.roles import Role, grant_role_permissions

DEPARTMENTS = [
    # code, English, Chinese, kind, parent, clause
    ("management", "Management", "上级领导", "management", None, "2.1"),
    ("managed-ops", "Managed-operations department", "托管运营部门", "managed_operations", None, "2.1"),
    ("ops-planning", "Operations-planning group", "运营策划组", "working_group", "managed-ops", "2.2.2"),
    ("customer-service", "Customer-service group", "客户服务组", "working_group", "managed-ops", "2.2.3"),
    (
        "quality-supervision",
        "Quality-supervision group",
        "质量监督组",
        "working_group",
        "managed-ops",
        "2.2.4",
    ),
    ("market", "Market department", "市场部门", "market", None, "3.1.1"),
    ("hr", "Human resources department", "人力资源部门", "hr", None, "5"),
    ("finance", "Finance department", "财务部门", "finance", None, "6"),
    ("legal", "Legal department", "法务部门", "legal", None, "8.1.2"),
]

PG_GUARD = """
CREATE OR REPLACE FUNCTION core_auditevent_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'The audit trail (core_auditevent) is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER core_auditevent_append_only
    BEFORE UPDATE OR DELETE ON core_auditevent
    FOR EACH ROW EXECUTE FUNCTION core_auditevent_append_only();
"""
PG_UNGUARD = """
DROP TRIGGER IF EXISTS core_auditevent_append_only ON core_auditevent;
DROP FUNCTION IF EXISTS core_auditevent_append_only();
"""
# SQLite: only UPDATE is refused at the database level, because Django's test flush empties tables with DELETE.
SQLITE_GUARD = """
CREATE TRIGGER core_auditevent_append_only BEFORE UPDATE ON core_auditevent
BEGIN SELECT RAISE(ABORT, 'The audit trail (core_auditevent) is append-only'); END;
"""
SQLITE_UNGUARD = "DROP TRIGGER IF EXISTS core_auditevent_append_only;"


def create_roles_and_departments(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for role in Role:
        Group.objects.get_or_create(name=role.value)
    grant_role_permissions(apps, "core")
    Department = apps.get_model("core", "Department")
    for code, en, zh, kind, parent, clause in DEPARTMENTS:
        Department.objects.update_or_create(
            code=code,
            defaults={
                "name_en": en,
                "name_zh": zh,
                "kind": kind,
                "clause": clause,
                "parent": Department.objects.get(code=parent) if parent else None,
            },
        )


def guard(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_GUARD)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_GUARD)


def unguard(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_UNGUARD)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_UNGUARD)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(create_roles_and_departments, migrations.RunPython.noop),
        migrations.RunPython(guard, unguard),
    ]
