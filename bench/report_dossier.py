"""Benchmark (not a test): the project dossier PDF of a project with a year of records (issue 9).

Creates, in a scratch database, one project in operation with a year of work tasks, inspections, rectification
notices, client requests and risks (about 100 pages of dossier), then renders the dossier as the department head
would get it from the worker — the same builder, template and ``reports.pdf.render_report`` (in parts of
``REPORT_PART_ROWS`` rows), in zh-hans — three times, and prints
the pages, the seconds, the pages per second on one core and the peak memory of the process.

    .venv/bin/python bench/report_dossier.py            # a scratch SQLite database under var/
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/managedops_bench .venv/bin/python bench/report_dossier.py

Targets: ≥ 4 pages/s per core, ≤ 400 MB peak.
"""

from __future__ import annotations

import datetime
import os
import random
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    scratch = ROOT / "var" / "bench-reports.sqlite3"
    if "DATABASE_URL" not in os.environ:
        scratch.parent.mkdir(exist_ok=True)
        scratch.unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{scratch}"
    elif urlparse_name(os.environ["DATABASE_URL"]) in ("managedops", "postgres"):
        sys.exit("point DATABASE_URL at a scratch database: it is migrated and filled")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    import logging

    import django

    django.setup()
    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    project, head = fill()
    from django.conf import settings
    from django.utils import timezone, translation

    from reports.pdf import render_report
    from reports.registry import REPORTS

    report = REPORTS["project-dossier"]
    before_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    results = []
    for _run in range(3):
        started = time.perf_counter()
        with translation.override("zh-hans"):
            built = report.build(head, {"project": project.pk}, 5000)
            context = {
                **built,
                "title": str(report.title),
                "clause": report.clause,
                "user": head,
                "export": type("Export", (), {"reference": "bench"})(),
                "exported_at": timezone.now(),
                "filters_text": "bench",
                "page_before": "第 ",
                "page_middle": " 页，共 ",
                "page_after": " 页",
                "organisation": "ManagedOps",
                "verify_url": "-",
                "max_rows": 5000,
                "language": "zh-hans",
            }
            pdf, pages = render_report(report.template, context, part_rows=settings.REPORT_PART_ROWS,
                                       max_pages=settings.REPORT_MAX_PAGES)  # fmt: skip
        seconds = time.perf_counter() - started
        results.append((pages, seconds, len(pdf)))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"rows: {built['rows']}, laid out in parts of {settings.REPORT_PART_ROWS} rows; "
          f"process before rendering: {before_mb:.0f} MB")  # fmt: skip
    for n, (pages, seconds, size) in enumerate(results, 1):
        print(f"run {n}: {pages} pages in {seconds:.2f} s = {pages / seconds:.2f} pages/s (one core), "
              f"{size / 1024:.0f} KiB")  # fmt: skip
    best = max(p / s for p, s, _size in results)
    print(f"best: {best:.2f} pages/s per core; peak memory {peak_mb:.0f} MB "
          f"(targets: >= 4 pages/s, <= 400 MB)")  # fmt: skip


def urlparse_name(url: str) -> str:
    from urllib.parse import urlparse

    return urlparse(url).path.lstrip("/")


def fill():
    """A project in operation with a year of records (bulk inserts, as a year of use would leave them)."""
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from core.models import ClientOrganisation, User
    from projects.models import Checklist, Inspection, Project, RectificationNotice, ServiceRequest, WorkTask
    from risk.models import Risk

    rng = random.Random(7)  # noqa: S311 - test data
    head = User.objects.create_user("bench-head")
    head.groups.add(Group.objects.get(name="head"))
    client = ClientOrganisation.objects.create(code="bench", name="华府物业 Bench client")
    project = Project.objects.create(code="BENCH-1", name="华府广场托管运营 Bench", client=client, stage="execution")
    checklist = Checklist.objects.create(name="Bench standard", created_by=head)
    today = timezone.localdate()
    days = [today - datetime.timedelta(days=d) for d in range(365)]
    now = timezone.now()
    WorkTask.objects.bulk_create([WorkTask(project=project, title=f"日常保洁与巡检任务 Task {i}", category="operations",
                                           owner=head, start_date=days[i % 365], due_date=days[i % 365],
                                           status=rng.choice(["todo", "in_progress", "done"]), created_by=head)
                                  for i in range(1200)])  # fmt: skip
    Inspection.objects.bulk_create([Inspection(project=project, checklist=checklist, inspector=head, kind="scheduled",
                                               status="completed", planned_on=days[i * 2], performed_on=days[i * 2],
                                               score=rng.randint(60, 100), result=rng.choice(["pass", "fail"]))
                                    for i in range(156)])  # fmt: skip
    RectificationNotice.objects.bulk_create([RectificationNotice(
        project=project, finding=f"大堂地面有污渍，未按标准清洁 Finding {i}", requirement="按标准清洁",
        responsible=head, issued_by=head, deadline=days[i * 2], status=rng.choice(["issued", "closed"]))
        for i in range(150)])  # fmt: skip
    ServiceRequest.objects.bulk_create([ServiceRequest(
        project=project, kind=rng.choice(["request", "question", "complaint"]), channel="portal",
        category="facilities", title=f"电梯故障报修 Request {i}", description="d", raised_by=head,
        raised_at=now - datetime.timedelta(hours=6 * i), respond_by=now, status=rng.choice(["open", "closed"]))
        for i in range(2600)])  # fmt: skip
    Risk.objects.bulk_create([Risk(project=project, category="operational", description=f"设备老化风险 Risk {i}",
                                   level="medium", identified_by=head) for i in range(40)])  # fmt: skip
    return project, head


if __name__ == "__main__":
    main()
