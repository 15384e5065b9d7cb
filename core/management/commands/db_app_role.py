"""Give the application's own PostgreSQL role what it needs and no more: it reads and writes the tables, but on the
audit trail (events and their hash chain) it may only read and append — no UPDATE, DELETE or TRUNCATE. Run by the
role that owns the tables (the one migrations run as), after every migration; the app then connects as ``role``."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

APPEND_ONLY = ("core_auditevent", "core_auditseal")


class Command(BaseCommand):
    help = "Grant the application's PostgreSQL role its privileges; the audit trail stays append-only for it."

    def add_arguments(self, parser):
        parser.add_argument("role", help="The role the application connects as (created without a password if new).")

    def handle(self, *args, role, **options):
        if connection.vendor != "postgresql":
            raise CommandError("Roles and privileges are a PostgreSQL deployment's; this database is "
                               f"{connection.vendor}.")  # fmt: skip
        from psycopg import sql

        name = sql.Identifier(role)
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
            if cursor.fetchone() is None:
                cursor.execute(sql.SQL("CREATE ROLE {} LOGIN").format(name))
            database = sql.Identifier(connection.settings_dict["NAME"])
            for statement in (
                sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(database, name),
                sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(name),
                sql.SQL("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {}").format(name),
                sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {}").format(name),
                sql.SQL("REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA public FROM {}").format(name),
                *(sql.SQL("REVOKE UPDATE, DELETE ON {} FROM {}").format(sql.Identifier(t), name) for t in APPEND_ONLY),
            ):
                cursor.execute(statement)
        self.stdout.write(self.style.SUCCESS(
            f"{role}: reads and writes the tables; appends to and reads {', '.join(APPEND_ONLY)} only"))  # fmt: skip
