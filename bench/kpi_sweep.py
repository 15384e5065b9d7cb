"""Benchmark (not a test): the KPI sweep and the scheduled-inspection generation at 1k and 10k projects.

Generates, on PostgreSQL, 1,000,000 service records (client requests, revisits, operations-log entries) spread over
1,000 projects in operation, then the same 1,000,000 over 10,000 projects, each project with one weekly inspection
plan (COPY); for each, times the full KPI sweep (``projects.services.kpi.kpi_sweep``, best of 3 after a first run)
and the inspection generation (``inspections_generate_due``), and prints the times and the 10k/1k ratios: with
set-based SQL and no per-project query loop, ten times the projects over the same records must not cost ten times.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/managedops_bench .venv/bin/python bench/kpi_sweep.py

The database named in DATABASE_URL is dropped and created again (it must not be the application's database).
Targets (issue 4): the 10k sweep in ≤ 5 s on a 2-core machine; 10k/1k time ratio ≤ 3.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def recreate_database(url: str) -> None:
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    if name in ("managedops", "postgres", "template0", "template1"):
        sys.exit(f"refusing to drop the database {name!r}: point DATABASE_URL at a benchmark database")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def copy_rows(table: str, columns: list[str], rows) -> int:
    from django.db import connection

    n = 0
    with connection.cursor() as cursor:
        raw = cursor.cursor if hasattr(cursor, "cursor") else cursor
        with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                n += 1
    return n


def generate(first: int, count: int, per_project: int, setup: dict) -> dict:
    """Projects ``first`` … ``first + count - 1`` in execution, each with ``per_project`` service records and a weekly
    inspection plan. Returns row counts."""
    from django.db import connection
    from django.utils import timezone

    rng = random.Random(first)  # noqa: S311 - test data, not secrets
    now = timezone.now()
    today = timezone.localdate()
    client_id, staff_id, checklist_id = setup["client"], setup["staff"], setup["checklist"]
    projects = [(f"BENCH-{i:06d}", f"Bench project {i}", client_id, "", "execution", now, staff_id, "", "", None, None,
                 now, now) for i in range(first, first + count)]  # fmt: skip
    copy_rows("projects_project", ["code", "name", "client_id", "site_address", "stage", "stage_entered_at",
                                   "market_owner_id", "scale", "client_needs", "service_start", "service_end",
                                   "created_at", "updated_at"], projects)  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM projects_project WHERE code >= %s AND code <= %s ORDER BY id",
                       [f"BENCH-{first:06d}", f"BENCH-{first + count - 1:06d}"])  # fmt: skip
        ids = [r[0] for r in cursor.fetchall()]
    month_start = today.replace(day=1)
    span = max((today - month_start).days, 1)

    def requests():
        statuses = ["open", "in_progress", "resolved", "closed", "closed", "closed"]
        for pid in ids:
            for _ in range(per_project * 6 // 10):
                raised = now - datetime.timedelta(days=rng.randrange(span), hours=rng.randrange(24))
                status = rng.choice(statuses)
                responded = raised + datetime.timedelta(hours=rng.randrange(30)) if status != "open" else None
                closed = status == "closed"
                kind = rng.choice(["request", "request", "question", "complaint"])
                yield (pid, kind, "portal", "facilities", "normal", "Request", "Text", staff_id, "", raised,
                       raised + datetime.timedelta(hours=24), None, status, "ok" if responded else "", responded,
                       "done" if status in ("resolved", "closed") else "", responded if closed else None,
                       rng.randint(1, 5) if closed else None, "", responded if closed else None, None)  # fmt: skip

    copy_rows("projects_servicerequest", ["project_id", "kind", "channel", "category", "priority", "title",
                                          "description", "raised_by_id", "on_behalf_of", "raised_at", "respond_by",
                                          "assignee_id", "status", "first_response", "first_response_at",
                                          "resolution", "resolved_at", "rating", "rating_comment", "closed_at",
                                          "escalation_notified_at"], requests())  # fmt: skip

    def revisits():
        for pid in ids:
            for k in range(per_project * 2 // 10):
                due = today - datetime.timedelta(days=3 * k)
                done = rng.random() < 0.9
                yield (pid, due, "done" if done else "due", due if done else None, staff_id if done else None, "",
                       "Fine" if done else "", "", None)  # fmt: skip

    copy_rows("projects_revisit", ["project_id", "due_on", "status", "done_on", "done_by_id", "contact", "experience",
                                   "suggestions", "reminded_at"], revisits())  # fmt: skip

    def log_entries():
        for pid in ids:
            for _ in range(per_project * 2 // 10):
                severity = "major" if rng.random() < 0.001 else rng.choice(["minor", "moderate"])
                yield (pid, rng.choice(["maintenance", "safety", "quality", "business"]), severity,
                       now - datetime.timedelta(days=rng.randrange(span)), "Event", "", staff_id)  # fmt: skip

    copy_rows("projects_operationslogentry", ["project_id", "kind", "severity", "occurred_at", "title", "description",
                                              "recorded_by_id"], log_entries())  # fmt: skip
    plans = [(pid, checklist_id, staff_id, "weekly", today, None, True, staff_id, now) for pid in ids]
    copy_rows("projects_inspectionplan", ["project_id", "checklist_id", "inspector_id", "frequency", "starts_on",
                                          "ends_on", "active", "created_by_id", "created_at"], plans)  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {"projects": len(ids), "records": len(ids) * (per_project * 6 // 10 + 2 * (per_project * 2 // 10))}


def timed(func, repeat: int = 3) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = func()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--large", type=int, default=10_000)
    parser.add_argument("--records", type=int, default=1_000_000, help="service records in total, at each size")
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit(
            "set DATABASE_URL to a PostgreSQL benchmark database, e.g. postgres://postgres@127.0.0.1:5432/managedops_bench"
        )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "true")
    recreate_database(url)
    import django

    django.setup()
    rows = []
    for label, count in (("1k", args.small), ("10k", args.large)):
        rows.append(run_size(label, count, args.records // count, url))
    small, large = rows
    print()
    print(f"{'':28}{'1k':>10}{'10k':>10}{'ratio':>8}")
    for key, name in (("first", "KPI sweep, first run (s)"), ("sweep", "KPI sweep (s)"),
                      ("inspections", "inspection generation (s)")):  # fmt: skip
        print(f"{name:28}{small[key]:>10.2f}{large[key]:>10.2f}{large[key] / small[key]:>8.2f}")
    ratio = large["sweep"] / small["sweep"]
    print(f"targets: 10k sweep ≤ 5 s ({'met' if large['sweep'] <= 5 else 'MISSED'}), "
          f"10k/1k ratio ≤ 3 ({'met' if ratio <= 3 else 'MISSED'})")  # fmt: skip


def run_size(label: str, count: int, per_project: int, url: str) -> dict:
    from django.core.management import call_command
    from django.db import connection

    connection.close()
    recreate_database(url)
    call_command("migrate", verbosity=0)
    from django.contrib.auth.models import Group

    from core.models import ClientOrganisation, User
    from core.roles import Role
    from projects.models import Checklist, ChecklistItem
    from projects.services import inspections_generate_due
    from projects.services.kpi import kpi_sweep

    client = ClientOrganisation.objects.create(name="Bench client")
    staff = User.objects.create(username="bench-inspector")
    staff.groups.add(Group.objects.get(name=Role.INSPECTOR), Group.objects.get(name=Role.SERVICE))
    checklist = Checklist.objects.create(name="Bench standard", created_by=staff)
    ChecklistItem.objects.create(checklist=checklist, text="Exits clear", weight=1,
                                 pass_criterion="All clear")  # noqa: S106  # fmt: skip
    setup = {"client": client.pk, "staff": staff.pk, "checklist": checklist.pk}
    start = time.perf_counter()
    made = generate(0, count, per_project, setup)
    generation = time.perf_counter() - start
    first_time, first = timed(kpi_sweep, repeat=1)
    sweep_time, sweep = timed(kpi_sweep)
    inspections_time, created = timed(inspections_generate_due, repeat=1)
    again_time, again = timed(inspections_generate_due, repeat=1)
    print(f"{label}: {count} projects, {made['records']:,} service records (generated in {generation:.1f} s)")
    print(f"  KPI sweep, first run: {first_time:.2f} s  {first}")
    print(f"  KPI sweep, next runs (best of 3): {sweep_time:.2f} s  {sweep}")
    print(f"  inspection generation: {inspections_time:.2f} s, {created} created; again {again_time:.2f} s, "
          f"{again} created")  # fmt: skip
    return {"first": first_time, "sweep": sweep_time, "inspections": inspections_time}


if __name__ == "__main__":
    main()
